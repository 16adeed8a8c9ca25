"""The Grimmer and prosecutor importers on fixture files the tests write themselves."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

from indexer.importers import count_corpus_files, iter_corpus_files
from indexer.importers.grimmer import iter_releases as grimmer_releases
from indexer.importers.grimmer import parse_file_name, parse_release
from indexer.importers.prosecutor import (
    Catalogue,
    is_catalogue_path,
    is_page_path,
    load_catalogue,
    match_url,
    parse_counties,
    parse_page,
    reflow,
    strip_site_suffix,
    url_index,
)
from indexer.importers.prosecutor import iter_releases as prosecutor_releases
from indexer.normalise import normalise
from indexer.records import Skip, SourceDoc

GRIMMER_TEXT = (
    "SEN. FEINSTEIN INTRODUCES LEGISLATION TO PREVENT OIL SPILLS\n"
    "  U.S. Senator Dianne Feinstein (D-Calif.) today introduced legislation to prevent oil "
    "spills like the Cosco Busan incident.\n"
    "   \"We need strong, common-sense standards,\" Senator Feinstein said.\n"
    "   Contact: Press Office, 202/224-3841.\n"
    " \n"
)

COUNTIES_CSV = (
    "rank,county,state,office_name,press_release_url,folder_key,num_releases\n"
    "2,Cook County,IL,Cook County State's Attorney,https://example.org/news,cook_il,43\n"
)
LINKS = (
    "https://www.cookcountystatesattorney.org/news/other-release\n"
    "https://www.cookcountystatesattorney.org/news/ccsao-task-force-holds-inaugural-meeting\n"
)
LEAD = (
    "Cook County State’s Attorney Eileen O’Neill Burke today announced the first meeting of a "
    "regional task force that will coordinate transit safety work across the county."
)
PAGE = "\n".join([
    "CCSAO Task Force Holds Inaugural Meeting | Cook County State's Attorney",
    "Skip to main content",
    "Home", "About", "News", "Careers", "Contact Us",
    "Press Release",
    "CCSAO Task Force Holds Inaugural Meeting",
    "August 08, 2025",
    "CHICAGO",
    "—",
    LEAD,
    "The task force members were sworn in by",
    "State’s Attorney Eileen O’Neill Burke",
    "said.",
    "“We will keep riders safe,” Burke said. “That is the job.”",
    "###",
    "Latest News",
    "Another Release Title Here",
    "Facebook", "Twitter", "Instagram", "YouTube",
])


def test_grimmer_file_name_gives_senator_and_date():
    assert parse_file_name("10Apr2008Feinstein10.txt") == ("Feinstein", "2008-04-10")
    assert parse_file_name("2Feb2005Dorgan334.txt") == ("Dorgan", "2005-02-02")
    assert parse_file_name("notes.txt") is None


def test_grimmer_release_title_body_source_and_origin():
    doc = parse_release("Feinstein/10Apr2008Feinstein10.txt", GRIMMER_TEXT.encode())
    assert isinstance(doc, SourceDoc)
    assert doc.title == "SEN. FEINSTEIN INTRODUCES LEGISLATION TO PREVENT OIL SPILLS"
    assert doc.published == "2008-04-10"
    assert doc.source == "Senator Feinstein"
    assert doc.origin == "grimmer/Feinstein/10Apr2008Feinstein10.txt"
    assert doc.url is None
    assert "Contact:" not in doc.body
    article = normalise(doc)
    assert article is not None
    assert len(article.paragraphs) == 2
    assert article.paragraphs[1].startswith('"We need strong')
    assert article.published == "2008-04-10"


def test_grimmer_bad_inputs_become_skips():
    bad_name = parse_release("Feinstein/readme.txt", GRIMMER_TEXT.encode())
    assert isinstance(bad_name, Skip) and "file name" in bad_name.reason
    title_only = parse_release("Feinstein/10Apr2008Feinstein11.txt", b"JUST A TITLE\n")
    assert isinstance(title_only, Skip) and "no body" in title_only.reason


def test_grimmer_latin1_bytes_decode_with_warning():
    data = GRIMMER_TEXT.replace("incident", "caf\xe9 incident").encode("latin-1")
    doc = parse_release("Wyden/7Nov2006Wyden119.txt", data)
    assert isinstance(doc, SourceDoc)
    assert "café" in doc.body
    assert doc.warnings and "Wyden119" in doc.warnings[0]


def _write_tar(path: Path, files: dict[str, str]) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_corpus_files_from_tarball_and_folder_agree(tmp_path):
    files = {
        "Feinstein/10Apr2008Feinstein10.txt": GRIMMER_TEXT,
        "Wyden/16Mar2005Wyden221.txt": GRIMMER_TEXT.replace("FEINSTEIN", "WYDEN"),
    }
    tar_path = tmp_path / "grimmer.tar.gz"
    _write_tar(tar_path, {f"grimmer-senate-press-releases/{k}": v for k, v in files.items()})
    folder = tmp_path / "grimmer-senate-press-releases"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    from_tar = sorted(iter_corpus_files(tar_path))
    from_dir = sorted(iter_corpus_files(folder))
    assert [p for p, _ in from_tar] == sorted(files)
    assert from_tar == from_dir
    docs = list(grimmer_releases(iter(from_tar), limit=1))
    assert len(docs) == 1 and isinstance(docs[0], SourceDoc)
    wyden = lambda rel: rel.startswith("Wyden/")  # noqa: E731
    assert count_corpus_files(tar_path) == count_corpus_files(folder) == 2
    assert count_corpus_files(tar_path, wyden) == len(list(iter_corpus_files(tar_path, wyden))) == 1


def test_grimmer_import_script_shows_progress_reports_and_resumes(tmp_path):
    releases = {
        "grimmer/Feinstein/10Apr2008Feinstein10.txt": GRIMMER_TEXT,
        "grimmer/Wyden/16Mar2005Wyden221.txt": GRIMMER_TEXT.replace("FEINSTEIN", "WYDEN")
        .replace("Dianne Feinstein (D-Calif.)", "Ron Wyden (D-Ore.)").replace("Cosco", "Exxon"),
    }
    tar_path = tmp_path / "grimmer.tar.gz"
    _write_tar(tar_path, releases)
    script = Path(__file__).resolve().parents[1] / "scripts" / "import_grimmer.py"

    def run(*extra: str) -> tuple[dict, str]:
        done = subprocess.run([sys.executable, str(script), str(tar_path), "--data",
                               str(tmp_path / "data"), *extra], capture_output=True, text=True,
                              timeout=300, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr

    first, progress = run("--limit", "1")
    assert first["added"] == 1 and first["peak_rss_mib"] > 0 and first["seconds"] > 0
    assert "1/1" in progress  # the bar's total is capped by --limit
    with sqlite3.connect(tmp_path / "data" / "store.sqlite3") as db:  # as a kill leaves it
        db.execute("UPDATE articles SET indexed = 0")
    second, progress = run()
    assert (second["added"], second["unchanged"]) == (1, 1)  # continues, does not restart
    assert "resuming: indexing 1 stored release an interrupted run" in progress
    assert "2/2" in progress
    with sqlite3.connect(tmp_path / "data" / "store.sqlite3") as db:
        assert db.execute("SELECT COUNT(*), SUM(indexed) FROM articles").fetchone() == (2, 2)


def _catalogue() -> Catalogue:
    return Catalogue(parse_counties(COUNTIES_CSV), {"cook_il": url_index(LINKS)})


def test_prosecutor_page_loses_navigation_and_keeps_release():
    doc = parse_page("text/cook_il/news_ccsao-task-force-holds-inaugural-meeting.txt",
                     PAGE.encode(), _catalogue())
    assert isinstance(doc, SourceDoc)
    assert doc.title == "CCSAO Task Force Holds Inaugural Meeting"
    assert doc.published == "2025-08-08"
    assert doc.source == "Cook County State's Attorney"
    assert doc.url == (
        "https://www.cookcountystatesattorney.org/news/ccsao-task-force-holds-inaugural-meeting"
    )
    for junk in ("Skip to main content", "Careers", "Latest News", "Another Release", "Facebook"):
        assert junk not in doc.body
    article = normalise(doc, doc.url)
    assert article is not None
    assert article.dateline == "CHICAGO"
    assert article.paragraphs[0].startswith("Cook County State’s Attorney")
    assert "sworn in by State’s Attorney Eileen O’Neill Burke said." in article.text
    assert article.paragraphs[-1].endswith("That is the job.”")


def test_a_page_title_keeps_its_subject_and_the_body_starts_after_the_contacts():
    """'MEDIA ADVISORY – JANE ROE ARRAIGNMENT - Cook County State's Attorney': only the site is
    cut, not the subject after the first dash; the body still starts after the short
    'MEDIA ADVISORY' line that heads it, below the header's contact lines."""
    page = "\n".join([
        "MEDIA ADVISORY – JANE ROE ARRAIGNMENT - Cook County State's Attorney",
        "Skip to main content", "Home", "News",
        "MEDIA ADVISORY – JANE ROE ARRAIGNMENT",
        "For Immediate Release", "August 08, 2025",
        "Pat Doe", "Chief of Staff", "Cell: 555-555-0100",
        "MEDIA ADVISORY",
        "WHO: Jane Roe, 42, charged with stealing from the county's transit fund over six years.",
        "WHAT: Arraignment on twelve felony counts of theft and two counts of forgery.",
        "WHEN: Monday at 8:30 a.m. WHERE: Central Justice Center, Department C5, Santa Ana.",
        "###",
    ])
    doc = parse_page("text/cook_il/press_media-advisory-jane-roe.txt", page.encode(),
                     _catalogue())
    assert isinstance(doc, SourceDoc)
    assert doc.title == "MEDIA ADVISORY – JANE ROE ARRAIGNMENT"
    assert doc.body.startswith("WHO: Jane Roe") and "Chief of Staff" not in doc.body
    assert strip_site_suffix("Man Charged | News | Cook County State's Attorney") == "Man Charged"
    assert strip_site_suffix("Officer Charged - Office of the DA") == "Officer Charged"


def _breadcrumb_page(own_listed: bool) -> bytes:
    """A Harris County page: a breadcrumb title, a list of recent releases, then the release."""
    listed = ["Mar 26, 2026", "Cold Case Charge Filed in 1990 Killing",
              "Mar 17, 2026", "Criminal Case Backlog Eliminated"]
    if not own_listed:
        listed = listed[:2]
    return "\n".join([
        "Harris County - District Attorney's Office > Newsroom > News Releases",
        "Skip to main content", "Home", "Newsroom", "More News", *listed, "News Releases",
        "Today, District Attorney Sean Teare announced that the criminal case backlog built up "
        "during the pandemic has been eliminated, two years ahead of the county's schedule.",
        "“Every case now moves at the pace the law expects,” Teare said. “That is justice.”",
        "Back",
    ]).encode()


def test_a_breadcrumb_page_takes_its_own_entry_in_the_list_or_no_title_and_date():
    """A page whose title line is a breadcrumb lists other releases with their dates above its
    own: the title and date are its own entry's (found by the file's slug), and a page not in
    its list gets neither, never the breadcrumb's site or the first listed release's date."""
    name = "text/harris_tx/Newsroom_News-Releases_criminal-case-backlog-eliminated.txt"
    doc = parse_page(name, _breadcrumb_page(True), _catalogue())
    assert (doc.title, doc.published) == ("Criminal Case Backlog Eliminated", "2026-03-17")
    assert doc.body.startswith("Today, District Attorney Sean Teare announced")
    unlisted = parse_page(name, _breadcrumb_page(False), _catalogue())
    assert (unlisted.title, unlisted.published) == (None, None)


def test_prosecutor_blocked_and_empty_pages_are_skipped():
    blocked = "Pardon Our Interruption\nPardon Our Interruption\nAs you were browsing..."
    skip = parse_page("text/cook_il/news_x.txt", blocked.encode(), _catalogue())
    assert isinstance(skip, Skip) and "bot-check" in skip.reason
    form = "Newsletter | Cook County State's Attorney\nSubscribe to\nEmail\nSubscribe"
    skip = parse_page("text/cook_il/newsletter.txt", form.encode(), _catalogue())
    assert isinstance(skip, Skip) and skip.origin == "prosecutor/cook_il/newsletter.txt"


def test_url_matching_handles_truncation_dates_and_quoting():
    urls = url_index(
        "https://www.brooklynda.org/2016/06/23/east-new-york-man-sentenced-to-20-years-for-stabbing/\n"
        "https://dao.example.gov/Newsroom/News-Releases/houston-man-sentenced-to-60-years\n"
        "https://www.dallascounty.org/Assets/press-release/2018/PR%20Phifer%20Trial.pdf\n"
    )
    assert match_url("2016_06_23_east-new-york-man-sentenced-to-20-ye.txt", urls).endswith(
        "for-stabbing/")
    assert match_url("20230217_houston-man-sentenced-to-60-years.txt", urls).endswith(
        "houston-man-sentenced-to-60-years")
    assert match_url("Assets_press-release_2018_PR_20Phifer_20Trial_pdf.txt", urls).endswith(
        "Trial.pdf")
    assert match_url("unrelated-page.txt", urls) is None


def test_reflow_joins_broken_lines_but_keeps_paragraphs():
    lines = ["Barklow is accused of", "fatally shooting Kent Projansky", "on December 18, 2004.",
             "Investigators arrested him in 2019.", "• first bullet", "• second bullet"]
    assert reflow(lines) == [
        "Barklow is accused of fatally shooting Kent Projansky on December 18, 2004.",
        "Investigators arrested him in 2019.", "• first bullet", "• second bullet",
    ]


def test_prosecutor_tarball_in_two_passes(tmp_path):
    tar_path = tmp_path / "prosecutor.tar.gz"
    _write_tar(tar_path, {
        "prosecutor-press-releases/text/cook_il/news_ccsao-task-force-holds-inaugural-meeting.txt":
            PAGE,
        "prosecutor-press-releases/counties.csv": COUNTIES_CSV,
        "prosecutor-press-releases/links/cook_il/links.txt": LINKS,
    })
    catalogue = load_catalogue(iter_corpus_files(tar_path, is_catalogue_path))
    assert catalogue.offices["cook_il"].name == "Cook County State's Attorney"
    docs = list(prosecutor_releases(iter_corpus_files(tar_path, is_page_path), catalogue))
    assert len(docs) == 1 and isinstance(docs[0], SourceDoc)
    assert docs[0].url is not None and docs[0].source == "Cook County State's Attorney"
