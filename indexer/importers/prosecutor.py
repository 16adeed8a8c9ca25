"""Prosecutor press releases: scraped page text, ``text/<county>/<slug>.txt``, per-county sites.

A page is the text of a whole web page (or a PDF), one block of text per line: site menus,
the release, then sidebars and footers. Parsing finds the release inside it with general
heuristics (the page title repeated just above the body, a short date line in the header, the
"###" end mark and common sidebar headings as the end) plus a few per-county rules in
``COUNTY_RULES``. ``source`` and ``issuer`` (an organisation) are the office name from
``counties.csv``; the URL comes from
``links/<county>/links.txt`` when the file's slug matches one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from indexer.dates import parse_date
from indexer.loaders.decoding import decode_bytes
from indexer.normalise import is_boilerplate_line, matching_form, split_dateline
from indexer.records import Skip, SourceDoc

ORIGIN_PREFIX = "prosecutor"
HEADER_LINES = 45  # the release title's last repeat is looked for this far into the page
FAR_HEADER_LINES = 160  # ...else its first repeat this far (sites with long menus)
MIN_WORDS = 30  # fewer words left than this: an index, form or error page


@dataclass(frozen=True)
class Office:
    """One county's prosecutor office, from ``counties.csv``."""

    key: str
    county: str
    state: str
    name: str


@dataclass
class Catalogue:
    """What the per-county metadata files say: offices by folder key, URL indexes by folder key."""

    offices: dict[str, Office] = field(default_factory=dict)
    urls: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CountyRules:
    """Cleaning rules for one county's site, on top of the general heuristics."""

    body_after: re.Pattern[str] | None = None  # the body starts after the first matching line
    title_after: re.Pattern[str] | None = None  # the title is the rest of the matching line
    title_until: re.Pattern[str] | None = None  # ...continued on following lines until this
    footer: re.Pattern[str] | None = None  # extra end-of-release lines
    drop: re.Pattern[str] | None = None  # lines dropped wherever they are
    page_title: bool = True  # the first line is the page <title>


COUNTY_RULES: dict[str, CountyRules] = {
    # PDFs: "<date> Contact: ..." block, then "FOR IMMEDIATE RELEASE: <title>" wrapped until
    # the "(Dallas, Texas) –" lead; an address footer line on every page.
    "dallas_tx": CountyRules(
        title_after=re.compile(r"^(?:for immediate release|para publicaci[óo]n inmediata)\s*:\s*"
                               r"|^\S+@dallascounty\.org\s*$", re.I),
        title_until=re.compile(r"^\(dallas", re.I),
        drop=re.compile(r"^Frank Crowley Courts Building\b|^Page \d+ of \d+$", re.I),
        page_title=False,
    ),
    # Newer pages: a breadcrumb <title>, a "More News" list, then the release, then "Back".
    "harris_tx": CountyRules(body_after=re.compile(r"^News Releases$")),
    "kings_ny": CountyRules(footer=re.compile(r"^T$")),  # letter-spaced "THE BROOKLYN ..." footer
    "orange_ca": CountyRules(
        drop=re.compile(r"^(?:Case\s*#.*|Director of Public Affairs|Office:.*\d{3}-\d{4}.*"
                        r"|for full press release\.?|\d+ min read)$", re.I),
    ),
    "miami_dade_fl": CountyRules(drop=re.compile(r"^Admin$|^for immediate release$", re.I)),
}

_BLOCKED = re.compile(r"^(?:pardon our interruption|just a moment\.*|access denied|attention required)",
                      re.I)
_TITLE_SEP = re.compile(r"\s+(?:\||-|–|—|•|::)\s+")
_SITE_WORDS = re.compile(r"\b(?:attorney|office|da|district|county|news|prosecutor)\b", re.I)
_RELEASE_PREFIX = re.compile(r"^(?:for immediate release|press release)\s*:\s*", re.I)
_FOOTER = re.compile(
    r"^(?:#+|# # #|-\s*30\s*-|(?:latest|recent|related|more)\s+(?:news|posts|stories|articles|"
    r"press releases)|tagged with:?|share(?: this)?:?|links:|back|read more|newsletter sign-up"
    r"|stay connected|leave a reply|about the .{0,60}office|view all)$",
    re.I,
)
_DATE_PREFIX = re.compile(
    r"^(?:posted on|posted|published|date|dated|released?|updated|admin\s*\||"
    r"for immediate release)\s*[:|,-]?\s*",
    re.I,
)
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(?::\d{2})?$")
_NAME_DATE = re.compile(r"^(?P<y>(?:19|20)\d{2})_?(?P<m>\d{2})_?(?P<d>\d{2})_")
_PATH_YEAR = re.compile(r"_((?:19|20)\d{2})_")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$|^\[?email[^\]]*protected\]?$", re.I)
_CONTACT_LINE = re.compile(r"^(?:media\s+)?contacts?\s*:.{0,80}$|^media relations\b.{0,40}$", re.I)
_NUMBER_LINE = re.compile(r"^[\d\s()+./:-]+(?:\((?:office|cell|oficina|celular)\))?$", re.I)
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]$")
_JOINING_END = re.compile(r"(?:[,(—–-]|,[”\"]|\b(?:of|and|or|the|a|an|to|by|for|with|in|on|at|from|as|"
                          r"that|said|says|de|del|la|el|y)\b)$", re.I)
_JOINING_START = re.compile(r"^[a-z,.;:)\]”’—–-]")
_BULLET = re.compile(r"^[•·*▪◦●-]\s")
_KEY = re.compile(r"[^a-z0-9]+")


# --- the catalogue: offices and URLs ------------------------------------------------------


def parse_counties(text: str) -> dict[str, Office]:
    """Offices by folder key from ``counties.csv`` (rows missing a key or name are ignored)."""
    offices: dict[str, Office] = {}
    for row in csv.DictReader(io.StringIO(text)):
        key, name = (row.get("folder_key") or "").strip(), (row.get("office_name") or "").strip()
        if key and name:
            offices[key] = Office(key, (row.get("county") or "").strip(),
                                  (row.get("state") or "").strip(), name)
    return offices


def slug_key(text: str) -> str:
    """Lower-case letters and digits only: the form in which file slugs and URL paths meet."""
    return _KEY.sub("", text.lower())


def url_index(links_text: str) -> dict[str, str]:
    """URLs from a ``links.txt`` keyed by ``slug_key`` of their path (and query)."""
    index: dict[str, str] = {}
    for line in links_text.splitlines():
        url = line.strip()
        if not url.startswith(("http://", "https://")):
            continue
        parts = urlsplit(url)
        path = parts.path + parts.query
        # Scrapers name files after the quoted path ("%20" -> "_20") or the unquoted one.
        index.setdefault(slug_key(path), url)
        index.setdefault(slug_key(unquote(path)), url)
    return index


def match_url(file_name: str, urls: dict[str, str]) -> str | None:
    """The URL whose path matches a scraped file's name, or None.

    Exact key first; then, as scrapers truncate long names and prefix dates, a unique URL
    whose key starts with the file's key, or ends with its key less a leading date.
    """
    stem = file_name.rsplit(".", 1)[0]
    key = slug_key(stem)
    if not key:
        return None
    if key in urls:
        return urls[key]
    undated = slug_key(_NAME_DATE.sub("", stem))
    found = [u for k, u in urls.items() if k.startswith(key)]
    if not found and len(undated) >= 12:
        found = [u for k, u in urls.items() if k.endswith(undated)]
    return found[0] if len(found) == 1 else None


def load_catalogue(files: Iterable[tuple[str, bytes]]) -> Catalogue:
    """Read ``counties.csv`` and ``links/<county>/links.txt`` from the corpus files."""
    catalogue = Catalogue()
    for rel_path, data in files:
        text, _ = decode_bytes(data, rel_path)
        parts = rel_path.split("/")
        if rel_path == "counties.csv":
            catalogue.offices = parse_counties(text)
        elif len(parts) == 3 and parts[0] == "links" and parts[2] == "links.txt":
            catalogue.urls[parts[1]] = url_index(text)
    return catalogue


def is_catalogue_path(rel_path: str) -> bool:
    """Whether a corpus path is one of the metadata files ``load_catalogue`` reads."""
    return rel_path == "counties.csv" or (rel_path.startswith("links/") and rel_path.endswith(".txt"))


# --- page heuristics ----------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(matching_form(text).lower().split())


def strip_site_suffix(page_title: str) -> str:
    """A page <title> without its " | Site name" / " - Office" suffixes (only the last parts:
    'MEDIA ADVISORY – JOSE RODRIGUEZ INVESTIGATION - Orange County District Attorney' keeps its
    subject) and a "PRESS RELEASE:" or "FOR IMMEDIATE RELEASE:" prefix."""
    title = page_title
    while True:
        cuts = list(_TITLE_SEP.finditer(title))
        tail = title[cuts[-1].end():] if cuts else ""
        if not cuts or not _SITE_WORDS.search(tail) or len(tail.split()) > 8:
            break
        title = title[:cuts[-1].start()]
    return _RELEASE_PREFIX.sub("", title).strip()


def find_title_end(lines: list[str], title: str) -> int | None:
    """Index of the line ending the repeat of ``title`` that opens the body; None if none.

    The repeat may be wrapped over several lines or prefixed "June 5, 2026: ". The last
    repeat in the first ``HEADER_LINES`` lines wins (pages repeat the title in breadcrumbs),
    else the first one within ``FAR_HEADER_LINES`` (long menus; later ones are sidebars).
    """
    want = _fold(title)
    if len(want) < 8:
        return None
    found = None
    for i in range(1, min(len(lines), FAR_HEADER_LINES)):
        if found is not None and (i >= HEADER_LINES or len(lines[i].split()) > 25):
            break  # past the header, or into the body: later repeats are sidebars
        line = _fold(lines[i])
        cut = line.rstrip(".…").rstrip()
        if (
            line == want
            or (line.endswith(want) and parse_date(line[: -len(want)]))
            or (cut != line and len(cut) >= 20 and want.startswith(cut))  # "Title of the rel..."
        ):
            found = i
            continue
        acc, j = line, i
        while want.startswith(acc) and acc != want and j + 1 < len(lines) and len(acc) < len(want):
            j += 1
            acc = f"{acc} {_fold(lines[j])}"
        if acc == want and j > i:
            found = j
    return found


def date_of_line(line: str) -> str | None:
    """The date a short header line holds ("Posted on June 01, 2026", "Thursday, April 13,
    2017", "June 5, 2026: Title"), as ISO; None for longer lines or no date."""
    m = _TIMESTAMP.match(line)
    if m:
        return m.group(1)
    rest = _DATE_PREFIX.sub("", line)
    if len(rest) > 60 and not parse_date(rest[:40]):
        return None
    parsed = parse_date(rest[:60])
    return parsed[0] if parsed and parsed[1] == "day" else None


def date_from_name(rel_path: str) -> tuple[str | None, str | None]:
    """(day date, year) from a file name: ``20230216_`` / ``2014_11_13_`` prefixes, a year
    folder in a flattened path (``..._press-release_2018_...``)."""
    name = rel_path.rsplit("/", 1)[-1]
    m = _NAME_DATE.match(name)
    if m:
        parsed = parse_date(f"{m.group('y')}-{m.group('m')}-{m.group('d')}")
        if parsed:
            return parsed[0], None
    y = _PATH_YEAR.search(name)
    return None, (y.group(1) if y else None)


def is_blocked_page(lines: list[str]) -> bool:
    """A bot check or error page served instead of the release."""
    return any(_BLOCKED.match(line) for line in lines[:3])


def cut_footer(lines: list[str], extra: re.Pattern[str] | None = None) -> list[str]:
    """Lines up to the release's end: "###", "-30-" or a sidebar heading (Related Posts ...)."""
    for i, line in enumerate(lines):
        if i > 0 and (_FOOTER.match(line) or (extra is not None and extra.match(line))):
            return lines[:i]
    return lines


def _is_furniture(line: str, title_fold: str) -> bool:
    stripped = line.strip()
    if any(p.match(stripped) for p in (_URL_LINE, _NUMBER_LINE, _TIMESTAMP, _CONTACT_LINE)):
        return True
    if title_fold and _fold(stripped) == title_fold:
        return True
    words = stripped.split()
    return len(words) <= 4 and len(stripped) <= 40 and not _TERMINAL.search(stripped)


def trim_furniture(lines: list[str], title: str, leading: bool = True) -> list[str]:
    """Drop trailing (and ``leading``) lines that are not prose: URLs, e-mails, phone numbers,
    timestamps, names, contact lines, the title again (press contacts, image credits, author
    and date metadata around the text)."""
    title_fold = _fold(title) if title else ""
    start, end = 0, len(lines)
    while end > 0 and _is_furniture(lines[end - 1], title_fold):
        end -= 1
    while leading and start < end and _is_furniture(lines[start], title_fold):
        start += 1
    return lines[start:end]


def is_hard_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a fixed width (a PDF's lines): most long lines stop mid-sentence."""
    long = [line for line in lines if len(line) >= 40]
    if len(long) < 5:
        return False
    open_ended = sum(not _TERMINAL.search(line) for line in long)
    return open_ended / len(long) >= 0.5 and max(len(line) for line in long) <= 140


def dedupe_adjacent(lines: list[str]) -> list[str]:
    """Drop a line identical to the one before it (summary repeated as the lead)."""
    out: list[str] = []
    for line in lines:
        if not out or out[-1] != line:
            out.append(line)
    return out


def reflow(lines: list[str], wrapped: bool = False) -> list[str]:
    """Join lines broken mid-sentence (inline links split out, PDF wrapping) into paragraphs.

    A line continues the previous paragraph when that has no closing punctuation and the
    break looks accidental: it ends on a joining word or mark ("of", ",", "—"), the line starts
    in lower case or with punctuation, either line is a fragment of a few words, or (``wrapped``
    text) the previous line was long. Bullets and datelines ("CHICAGO —") start paragraphs.
    """
    paragraphs: list[str] = []
    last = ""
    for line in lines:
        if paragraphs and not _BULLET.match(line) and split_dateline(line)[0] is None:
            prev = paragraphs[-1]
            starts_mid = _JOINING_START.match(line) and not prev.endswith((".", "!", "?"))
            open_end = not _TERMINAL.search(prev)
            fragment = len(last.split()) <= 6 or len(line.split()) <= 6
            if starts_mid or (open_end and (_JOINING_END.search(prev) or fragment
                                            or (wrapped and len(last) >= 60))):
                paragraphs[-1] = prev + line if line[:1] in ",.;:)" else f"{prev} {line}"
                last = line
                continue
        paragraphs.append(line)
        last = line
    return paragraphs


def listed_entry(lines: list[str], file_name: str) -> tuple[str, str | None] | None:
    """(title, date) of the page's own release in the list of releases a breadcrumb page
    prints above it ("Mar 17, 2026" / "Harris County Criminal Case Backlog Eliminated"): the
    line whose letters begin the file's slug or that the slug begins, with the date on the
    line before it; None when the page does not list itself."""
    slug = slug_key(file_name.rsplit(".", 1)[0].rsplit("_", 1)[-1])
    if len(slug) < 12:
        return None
    for i, line in enumerate(lines[1:HEADER_LINES], 1):
        key = slug_key(line)
        if len(key) >= 12 and (key.startswith(slug) or slug.startswith(key)):
            return line, date_of_line(lines[i - 1])
    return None


def _title_from_rule(lines: list[str], rules: CountyRules) -> tuple[str | None, int | None]:
    """(title, index of its last line) by a county's ``title_after``/``title_until`` rule: the
    rest of the matching line, or the lines after it when nothing follows on the line."""
    if rules.title_after is None:
        return None, None
    for i, line in enumerate(lines[:HEADER_LINES]):
        m = rules.title_after.match(line)
        if not m:
            continue
        parts, j = [line[m.end():]], i
        while rules.title_until is not None and j + 1 < len(lines) and j - i < 2:
            if rules.title_until.match(lines[j + 1]):
                break
            j += 1
            parts.append(lines[j])
        title = rules.title_after.sub("", " ".join(p for p in parts if p)).strip()
        return (title or None), j
    return None, None


def parse_page(rel_path: str, data: bytes, catalogue: Catalogue) -> SourceDoc | Skip:
    """A release from a page's path (``text/<county>/<file>``) and bytes."""
    parts = rel_path.split("/")
    origin = f"{ORIGIN_PREFIX}/{'/'.join(parts[1:])}"
    if len(parts) != 3 or parts[0] != "text":
        return Skip(origin, "not a text/<county>/<file>.txt page")
    county, name = parts[1], parts[2]
    rules = COUNTY_RULES.get(county, CountyRules())
    text, warnings = decode_bytes(data, origin)
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return Skip(origin, "empty page")
    if is_blocked_page(lines):
        return Skip(origin, "a bot-check page was scraped instead of the release")
    lines = [line for line in lines if not is_boilerplate_line(line)]
    if rules.drop is not None:
        lines = [line for line in lines if not rules.drop.match(line)]
    if not lines:
        return Skip(origin, "no text after the page furniture")

    title, title_end = _title_from_rule(lines, rules)
    # a breadcrumb title line ('… > Newsroom > News Releases') is not the release's title: its
    # own entry in the page's list of releases is, if it is there
    breadcrumb = title is None and rules.page_title and " > " in lines[0]
    listed = listed_entry(lines, name) if breadcrumb else None
    if title is None and rules.page_title:
        if breadcrumb:
            title = listed[0] if listed else None
        else:
            title = strip_site_suffix(lines[0])
        title_end = find_title_end(lines, title) if title else None
        short = _TITLE_SEP.split(title, maxsplit=1)[0] if title else None
        if short and short != title:  # 'MEDIA ADVISORY' over the body, after the contacts
            ends = [e for e in (title_end, find_title_end(lines, short)) if e is not None]
            title_end = max(ends) if ends else None
        if title_end is None:
            title_end = 0
    start = (title_end + 1) if title_end is not None else 0
    if rules.body_after is not None:
        after = next((i for i, line in enumerate(lines) if rules.body_after.match(line)), None)
        if after is not None and after >= start:
            start = after + 1

    header, body = lines[:start], lines[start:]
    published = next((d for d in map(date_of_line, header) if d), None)
    if breadcrumb:  # the header's dates are other releases'
        published = listed[1] if listed else None
    if published is None:
        for i, line in enumerate(body[:4]):
            found = date_of_line(line)
            if found:
                published = found
                if len(_DATE_PREFIX.sub("", line)) <= 40:
                    body = body[:i] + body[i + 1 :]
                break
    stamp = next((m.group(1) for m in map(_TIMESTAMP.match, body) if m), None)
    name_date, name_year = date_from_name(rel_path)
    published = name_date or published or stamp

    # Trailing furniture goes before reflow (it would join the last sentence); leading
    # furniture after it, once a split dateline ("CHICAGO" / "—" / lead) is whole again.
    body = trim_furniture(dedupe_adjacent(cut_footer(body, rules.footer)), title or "", False)
    paragraphs = trim_furniture(reflow(body, is_hard_wrapped(body)), title or "")
    if sum(len(p.split()) for p in paragraphs) < MIN_WORDS:
        return Skip(origin, f"fewer than {MIN_WORDS} words of release text (index or form page?)")
    office = catalogue.offices.get(county)
    return SourceDoc(
        origin=origin,
        body="\n\n".join(paragraphs),
        title=title,
        published=published,
        url=match_url(name, catalogue.urls.get(county, {})),
        source=office.name if office else None,
        issuer=office.name if office else None,
        issuer_kind="org" if office else None,
        fallback_date=name_year,
        warnings=warnings if office else [*warnings, f"{origin}: county {county!r} not in counties.csv"],
    )


def is_page_path(rel_path: str) -> bool:
    """Whether a corpus path is a scraped page (``text/<county>/<file>.txt``)."""
    return rel_path.startswith("text/") and rel_path.count("/") == 2 and rel_path.endswith(".txt")


def iter_releases(
    files: Iterable[tuple[str, bytes]], catalogue: Catalogue, limit: int | None = None
) -> Iterator[SourceDoc | Skip]:
    """Parse (relative path, bytes) pairs of pages into releases, stopping after ``limit``."""
    count = 0
    for rel_path, data in files:
        if limit is not None and count >= limit:
            return
        if not is_page_path(rel_path):
            continue
        count += 1
        yield parse_page(rel_path, data, catalogue)
