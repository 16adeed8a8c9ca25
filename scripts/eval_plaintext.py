"""Evaluate how plain-text press releases keep their structure through ``onrecord extract``.

Usage: ``python scripts/eval_plaintext.py [--data DIR] [--senate N] [--per-county N] [--seed S]
[--baseline REV] [--show N]``

A fixed-seed random sample of Senate releases (grimmer-senate-press-releases.tar.gz) and of
prosecutor releases (prosecutor-press-releases.tar.gz; up to N a county, as Orange County's
6,400 pages would otherwise fill it) is read the way ``onrecord extract FILE``
reads a file: the loader chosen by file name (the text loader) and the normaliser, never the
corpus importers. Each release's expected headline and paragraph count are read from the file's
layout by the plain rules below, which share no code with the normaliser's detectors:

- Senate (``<Senator>/<DDMonYYYY><Senator><n>.txt``): the headline is the first non-empty line;
  the body's paragraphs are the non-empty lines after it, less contact lines (``contact_line``:
  a "Contact:"/"Media contact" label, "###", "-30-", a "For more information ..." line giving a
  telephone number or e-mail address, or a line of only telephone numbers and e-mail addresses);
  a line ending with a title abbreviation ("Sen.", "Sens.", "Rep.", "Gov.", "Dr.", "Mr.", ...)
  before a line opening with a capital is one paragraph with it: the scrape broke the sentence
  between a title and its name ('… Commission, Sen.' / 'Mike DeWine (R-OH) released …'; counted
  as two paragraphs before session 25).
- Prosecutor pages (``text/<county>/<page>.txt``, navigation left in): the headline is the page
  title, i.e. the file's first line less the county site's name (" - Orange County District
  Attorney", " | Cook County State's Attorney", ..., however often it is repeated) and less a
  leading "For immediate release:" or "Press release:" distribution label; for Riverside, whose files open with "Skip to main content", the next
  non-empty line; for Harris (dated files) the first line; for the Dallas PDFs the lines from
  "For Immediate Release:" (label removed) up to the dateline line opening with "(", joined.
  Files whose first line does not follow their county's layout (bot-check pages, index pages,
  sign-up forms), and files of fewer than three non-empty lines, are not releases and are not
  sampled.

Printed: the share whose title equals the headline (whitespace collapsed) for each corpus, the
share of Senate releases whose paragraph count equals the body's paragraph lines, the same
figures for the code at ``--baseline`` (default: the commit before this measure) read in the same
run, and the misses (file, expected, got).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
SENATE_TAR = "grimmer-senate-press-releases.tar.gz"
PROSECUTOR_TAR = "prosecutor-press-releases.tar.gz"
BASELINE_REV = "9c7c9af"  # the last commit before this measure's heuristics

SITE_SUFFIX = {
    "cook_il": " | Cook County State's Attorney",
    "kings_ny": " - The Brooklyn District Attorney's Office",
    "miami_dade_fl": " - Office of Miami-Dade State Attorney Katherine Fernandez Rundle",
    "orange_ca": " - Orange County District Attorney",
    "san_diego_ca": " - DA NewsCenter",
    "maricopa_az": " • Maricopa County Attorney's Office, AZ",
}
_RELEASE_LABEL = re.compile(r"^(?:for immediate|press) release\s*:\s*", re.IGNORECASE)
MIN_PAGE_LINES = 3  # a title and some text: a page with less is not a release
_CONTACT_LABEL = re.compile(r"^(?:media |press )?contacts?\s*:|^media contacts?\b", re.IGNORECASE)
_MORE_INFO = re.compile(r"^for (?:more|further) information\b", re.IGNORECASE)
_END_MARK = re.compile(r"^(?:#{3,}|-\s*30\s*-)$")
_PHONE_OR_MAIL = re.compile(r"\(?\d{3}\)?[ ./-]?\d{3}[ .-]\d{4}|[\w.+-]+@[\w-]+\.[\w.]+")
_HARRIS_DATED = re.compile(r"^\d{8}_")


@dataclass
class Case:
    """One sampled release: where it came from and what its layout says it holds."""

    corpus: str
    name: str
    path: str
    headline: str
    paragraphs: int | None


def squash(text: str) -> str:
    """Whitespace collapsed, for comparing a title with a headline."""
    return " ".join(text.split())


def contact_line(line: str) -> bool:
    """A contact line of a release: a contact label, an end mark, or only phones and e-mails."""
    s = line.strip()
    if _CONTACT_LABEL.match(s) or _END_MARK.match(s):
        return True
    if _MORE_INFO.match(s) and _PHONE_OR_MAIL.search(s):
        return True
    rest = _PHONE_OR_MAIL.sub("", s)
    return s != rest and not re.search(r"[A-Za-z]{3,}", rest)


TITLE_BREAK = re.compile(r"(?:^|[\s(])(?:Sgt|Lt|Capt|Cpl|Det|Sens?|Reps?|Govs?|Gen|Col|Maj|Adm|"
                         r"Supt|Insp|Atty|Pfc|Cmdr|Drs?|Mr|Mrs|Ms|Messrs|Prof|Rev|Fr|Pres|Amb|"
                         r"Asst)\.$")


def senate_expectation(text: str) -> tuple[str, int] | None:
    """Headline (first non-empty line) and paragraph lines of a Senate release."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        return None
    body = [ln for ln in lines[1:] if not contact_line(ln)]
    broken = sum(bool(TITLE_BREAK.search(a)) and b[:1].isupper() for a, b in zip(body, body[1:], strict=False))
    return squash(lines[0]), len(body) - broken


def prosecutor_headline(county: str, name: str, text: str) -> str | None:
    """The headline a prosecutor page's layout gives (see the module docstring); None when the
    file does not follow its county's layout."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) < MIN_PAGE_LINES:
        return None
    headline: str | None = None
    if county in SITE_SUFFIX:
        suffix = SITE_SUFFIX[county]
        if lines[0].endswith(suffix):
            headline = lines[0]
            while headline.endswith(suffix):  # some pages name the site twice
                headline = headline[: -len(suffix)]
    elif county == "riverside_ca":
        if lines[0] == "Skip to main content" and len(lines) > 2:
            headline = lines[1]
    elif county == "harris_tx":
        if _HARRIS_DATED.match(name):
            headline = lines[0]
    elif county == "dallas_tx":
        starts = [i for i, ln in enumerate(lines[:12]) if _RELEASE_LABEL.match(ln)]
        if starts:
            end = next((j for j in range(starts[0] + 1, len(lines)) if lines[j].startswith("(")),
                       None)
            if end is not None and end - starts[0] <= 3:
                headline = " ".join(lines[starts[0]:end])
    if headline is None:
        return None
    headline = squash(_RELEASE_LABEL.sub("", headline))
    return headline or None


def read_tar(path: Path, keep: str = "") -> dict[str, str]:
    """Every ``.txt`` member of a tarball (whose name holds ``keep``), read in one pass."""
    texts: dict[str, str] = {}
    with tarfile.open(path) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".txt") and keep in member.name:
                texts[member.name] = tar.extractfile(member).read().decode(  # type: ignore[union-attr]
                    "utf-8", "replace")
    return texts


def draw(data: Path, workdir: Path, n_senate: int, per_county: int, seed: int) -> list[Case]:
    """Sample releases from both tarballs with a fixed seed (prosecutor releases: up to
    ``per_county`` from each county, so that every site's layout is read) and write them under
    ``workdir``."""
    rng = random.Random(seed)
    cases: list[Case] = []
    senate = read_tar(data / SENATE_TAR)
    for name in rng.sample(sorted(senate), len(senate)):
        if len(cases) >= n_senate:
            break
        expected = senate_expectation(senate[name])
        if expected:
            cases.append(_write(workdir, "senate", name, senate[name], *expected))
    prosecutor = read_tar(data / PROSECUTOR_TAR, "/text/")
    drawn: dict[str, int] = {}
    for name in rng.sample(sorted(prosecutor), len(prosecutor)):
        county, file_name = name.split("/")[-2:]
        if drawn.get(county, 0) >= per_county:
            continue
        headline = prosecutor_headline(county, file_name, prosecutor[name])
        if headline:
            cases.append(_write(workdir, "prosecutor", name, prosecutor[name], headline, None))
            drawn[county] = drawn.get(county, 0) + 1
    return cases


def _write(workdir: Path, corpus: str, name: str, text: str, headline: str,
           paragraphs: int | None) -> Case:
    path = workdir / corpus / name.replace("/", "__")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Case(corpus, name, str(path), headline, paragraphs)


def read_files(paths: list[str]) -> list[dict]:
    """Read each file as ``onrecord extract`` does (loader by name, then the normaliser)."""
    from indexer.loaders import load_bytes
    from indexer.loaders.options import LoadOptions
    from indexer.normalise import normalise

    out = []
    for path in paths:
        result = {"title": None, "paragraphs": [], "dateline": None, "published": None}
        for item in load_bytes(path, Path(path).read_bytes(), path, LoadOptions()):
            article = normalise(item) if hasattr(item, "body") else None
            if article is not None:
                result = {"title": article.title, "paragraphs": article.paragraphs,
                          "dateline": article.dateline, "published": article.published}
            break
        out.append(result)
    return out


def read_with_code(code: Path, paths: list[str]) -> list[dict]:
    """``read_files`` run in a subprocess against the package under ``code``."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(paths, fh)
    env = dict(os.environ, PYTHONPATH=str(code))
    proc = subprocess.run([sys.executable, __file__, "--worker", fh.name], env=env,
                          capture_output=True, text=True, check=True)
    os.unlink(fh.name)
    return json.loads(proc.stdout)


def baseline_tree(rev: str) -> Path:
    """The ``indexer`` package as it was at ``rev``, unpacked under /tmp (``git archive``)."""
    sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", rev],
                         capture_output=True, text=True, check=True).stdout.strip()
    target = Path(tempfile.gettempdir()) / f"onrecord-eval-base-{sha}"
    if not (target / "indexer").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", sha, "indexer"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "x", "-C", str(target)], input=archive, check=True)
    return target


def score(cases: list[Case], results: list[dict]) -> dict[str, float]:
    """Title and paragraph shares per corpus."""
    figures: dict[str, float] = {}
    for corpus in ("senate", "prosecutor"):
        pairs = [(c, r) for c, r in zip(cases, results, strict=True) if c.corpus == corpus]
        if not pairs:
            continue
        figures[f"{corpus}_title"] = sum(squash(r["title"] or "") == c.headline
                                         for c, r in pairs) / len(pairs)
        counted = [(c, r) for c, r in pairs if c.paragraphs is not None]
        if counted:
            figures[f"{corpus}_paragraphs"] = sum(len(r["paragraphs"]) == c.paragraphs
                                                  for c, r in counted) / len(counted)
        figures[f"{corpus}_dateline"] = sum(bool(r["dateline"]) for c, r in pairs) / len(pairs)
        figures[f"{corpus}_dated"] = sum(bool(r.get("published")) for c, r in pairs) / len(pairs)
        figures[f"{corpus}_words"] = sum(len(" ".join(r["paragraphs"]).split())
                                         for c, r in pairs) / len(pairs)
    return figures


def print_counties(cases: list[Case], results: list[dict], base: list[dict] | None) -> None:
    """Prosecutor title and dated shares per county (now, baseline), with its sample size."""
    print("\nprosecutor by county (n, title now, baseline, dated now, baseline):")
    counties = sorted({c.name.split("/")[-2] for c in cases if c.corpus == "prosecutor"})
    for county in counties:
        idx = [i for i, c in enumerate(cases) if c.corpus == "prosecutor"
               and c.name.split("/")[-2] == county]
        now = sum(squash(results[i]["title"] or "") == cases[i].headline for i in idx) / len(idx)
        old = (f"{sum(squash(base[i]['title'] or '') == cases[i].headline for i in idx) / len(idx):.3f}"
               if base else "-")
        dated = sum(bool(results[i].get("published")) for i in idx) / len(idx)
        was = f"{sum(bool(base[i].get('published')) for i in idx) / len(idx):.3f}" if base else "-"
        print(f"  {county:16} {len(idx):4d} {now:7.3f} {old:>7} {dated:7.3f} {was:>7}")


def print_misses(cases: list[Case], results: list[dict], show: int) -> None:
    """The releases whose title or paragraph count differs from the layout's, with both."""
    title_misses = [(c, r) for c, r in zip(cases, results, strict=True)
                    if squash(r["title"] or "") != c.headline]
    para_misses = [(c, r) for c, r in zip(cases, results, strict=True)
                   if c.paragraphs is not None and len(r["paragraphs"]) != c.paragraphs]
    print(f"\ntitle misses ({len(title_misses)}):")
    for c, r in title_misses[:show]:
        print(f"  {c.name}\n    expected: {c.headline!r}\n    got:      {r['title']!r}")
    print(f"\nparagraph-count misses ({len(para_misses)}):")
    for c, r in para_misses[:show]:
        print(f"  {c.name}: expected {c.paragraphs}, got {len(r['paragraphs'])}")


def main(argv: list[str] | None = None) -> int:
    """Draw the sample, read it with the current and the baseline code, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--senate", type=int, default=500)
    ap.add_argument("--per-county", type=int, default=40, help="prosecutor releases a county")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--baseline", default=BASELINE_REV, help="git revision; '' to skip")
    ap.add_argument("--show", type=int, default=40, help="misses to print per kind")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        json.dump(read_files(json.loads(Path(args.worker).read_text())), sys.stdout)
        return 0
    with tempfile.TemporaryDirectory(prefix="eval-plaintext-") as tmp:
        cases = draw(args.data, Path(tmp), args.senate, args.per_county, args.seed)
        paths = [c.path for c in cases]
        current = read_with_code(REPO, paths)
        base = read_with_code(baseline_tree(args.baseline), paths) if args.baseline else None
    n_sen = sum(c.corpus == "senate" for c in cases)
    print(f"sample: {n_sen} Senate, {len(cases) - n_sen} prosecutor releases (seed {args.seed})")
    now = score(cases, current)
    before = score(cases, base) if base else {}
    targets = {"senate_title": 0.98, "prosecutor_title": 0.98, "senate_paragraphs": 0.95}
    print(f"{'figure':24} {'now':>7} {'baseline':>9} {'target':>7}")
    for key, value in now.items():
        old = f"{before[key]:.3f}" if key in before else "-"
        target = f"{targets[key]:.2f}" if key in targets else ""
        print(f"{key:24} {value:7.3f} {old:>9} {target:>7}")
    print_counties(cases, current, base)
    print_misses(cases, current, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
