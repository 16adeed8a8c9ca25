"""Issued statements: are they attributed to their issuer, and how much of them?

Usage: scripts/eval_issuers.py [--grimmer PATH] [--prosecutor PATH] [--senate N] [--pages N]
                               [--seed S] [--baseline TREE] [--work DIR] [--paths P,...]

A fixed random sample (``--seed``) of ``--senate`` Senate releases (default 120) and
``--pages`` prosecutor pages (default 50) whose raw file states an issued statement, found by a
plain regular expression over the raw files (``CUE``: "X made/issued/released the following
statement", "Statement of/by X"), never by the detector under test. Each release is read three
ways: ``onrecord quotes FILE... --json`` (the raw files), ``onrecord ingest FOLDER`` (a folder of
the raw files) and the corpus importers (``scripts/import_grimmer.py``,
``scripts/import_prosecutor.py``). ``--baseline TREE`` (a ``git worktree`` of the previous
commit) runs the same commands with that tree's code in the same run; ``--tree`` names the code
measured as current (default this checkout, uncommitted changes included).

Per way and tree it prints, over the sample:

* ``statement``: the share with a ``statement`` span by the issuer starting after the cue
  (target >= 0.95; a cue line that a reading made the title puts the whole text after it); ``any span``: the share with any span by the issuer after the cue;
* ``covered``: the mean share of the statement text covered by the issuer's statement spans
  (``any``: by any of the issuer's spans) (target >= 0.80). The statement text runs from the end
  of the cue line to the end of the body, without contact lines, "###" (or a web page's tail:
  "Tagged with:", "Recent News", "Latest Posts") and what follows,
  distribution lines and boilerplate (``PLAIN_FURNITURE``);
* ``inner changed``: of the other quotes inside the statement text (between its first and last
  line: not in a web page's tail after it) whose baseline speaker is not the issuer, the share
  whose speaker differs now (target 0; needs ``--baseline``).

The issuer is the surname the cue line names just before its verb (or after "Statement of"),
read by a plain expression too; the Senate folder's senator when it names none. When the cue
names an office or a role instead ('Statement by the District Attorney', '… District Attorneys'),
a span is the issuer's when its speaker holds that role (the role's words in the speaker's name or
role: 'Orange County District Attorney', 'Tony Rackauckas, Orange County District Attorney').
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
PYTHON = sys.executable

CUE = re.compile(r"\b(?:made|issued|released)\s+(?:\w+\s+){0,2}?the\s+following\s+(?:\w+\s+)?"
                 r"statements?\b|^[ \t]*statement\s+(?:of|by)\s+", re.I | re.M)
SUBJECT = re.compile(r"([A-Z][\w'’-]+)\.?\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:today|has|have|also|"
                     r"jointly|yesterday)\s+)*$")
HEADING = re.compile(r"^[ \t]*(?:[Ss]tatement|STATEMENT)[ \t]+(?:of|by|OF|BY)[ \t]+"
                     r"((?:[A-Z][\w.'’-]*[ \t]*)+)", re.M)
PLAIN_FURNITURE = re.compile(
    r"^\s*(?:(?:media |press )?contacts?\s*[:\-]|for immediate release|-?\s*30\s*-?$|\(?more\)?$"
    r"|https?://\S+$|www\.\S+$|\S+@\S+$|.{0,40}\d{3}[\s./-]\d{3}[\s.-]\d{4}\W*$|copyright|©"
    r"|all rights reserved|click here|for more information)", re.I)
END = re.compile(r"^\s*(?:#\s*){1,3}$|^\s*-+\s*(?:30|end)\s*-+\s*$"
                 r"|^\s*(?:tagged with|tags|latest (?:posts|news)|recent (?:posts|news)"
                 r"|related (?:posts|articles|news)|share this)\s*:?\s*$", re.I)  # a web page's tail
WORDS = re.compile(r"\S")


@dataclass
class Release:
    """One sampled release: where its raw file is and who the plain reading says issued it."""

    corpus: str  # "senate" | "prosecutor"
    rel_path: str  # path inside the corpus
    path: Path
    folder_issuer: str | None  # the Senate folder's senator


@dataclass
class Figures:
    """Counts over one way of reading the sample."""

    releases: int = 0
    statement: int = 0
    any_span: int = 0
    covered: list[float] = field(default_factory=list)
    covered_any: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def extract(tarball: Path, into: Path) -> Path:
    """The extracted corpus folder (extracted once into ``into``)."""
    if tarball.is_dir():
        return tarball
    with tarfile.open(tarball) as tar:
        top = tar.getnames()[0].split("/")[0]
        target = into / top
        if not target.exists():
            tar.extractall(into, filter="data")
    return target


def read(path: Path) -> str:
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        return fh.read()


def sample(root: Path, pattern: str, n: int, seed: int, corpus: str) -> list[Release]:
    """``n`` files under ``root`` matching ``pattern`` whose raw text states a statement (CUE)."""
    files = sorted(p for p in root.glob(pattern) if p.is_file())
    hits = [p for p in files if CUE.search(read(p))]
    chosen = sorted(random.Random(seed).sample(hits, min(n, len(hits))))
    return [Release(corpus, str(p.relative_to(root)), p,
                    f"Senator {p.parent.name}" if corpus == "senate" else None) for p in chosen]


def issuer_surname(text: str, folder_issuer: str | None) -> tuple[str | None, int]:
    """(surname the cue names, offset where the statement text starts) by plain expressions."""
    found = list(CUE.finditer(text))
    if not found:
        return None, -1
    # a verb cue ('X issued the following statement') over a heading ('STATEMENT BY ...')
    verbs = [f for f in found if not f.group().lower().lstrip().startswith("statement")]
    m = next((f for f in verbs if SUBJECT.search(text[text.rfind("\n", 0, f.start()) + 1:f.start()])),
             verbs[0] if verbs else found[0])
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    heading = HEADING.match(text, text.rfind("\n", 0, m.start()) + 1)
    name = None
    if heading:
        words = re.split(r"\s+(?:on|before|regarding|to|at|for|in)\s+", heading.group(1), flags=re.I)[0]
        words = [w.strip(",.") for w in words.split() if w[:1].isupper()]
        name = words[-1] if words else None
        if folder_issuer and folder_issuer.split()[-1].lower() in (w.lower() for w in words):
            name = folder_issuer.split()[-1]  # the senator, before a topic in capitals
    else:
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        s = SUBJECT.search(before)
        name = s.group(1) if s else None
        if folder_issuer and re.search(rf"\b{folder_issuer.split()[-1]}\b", before, re.I):
            name = folder_issuer.split()[-1]  # the senator, named before an appositive
    if name and name.isupper():
        name = name.capitalize()
    if (name is None or name.lower() in {"today", "statement", "office", "he", "she"}) and folder_issuer:
        name = folder_issuer.split()[-1]
    return name, line_end


def statement_text(text: str, start: int) -> list[tuple[int, int]]:
    """The statement text's lines after ``start``: contact, distribution and boilerplate lines
    out, nothing after an end mark."""
    out = []
    pos = start
    for line in text[start:].split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if not line.strip():
            continue
        if END.match(line):
            break
        if PLAIN_FURNITURE.match(line) or len(line.split()) <= 3 and not line.rstrip().endswith((".", '"', "”")):
            continue
        out.append((s, e))
    return out


def coverage(lines: list[tuple[int, int]], spans: Iterable[tuple[int, int]], text: str) -> float:
    """The share of the lines' non-space characters inside the spans."""
    spans = list(spans)
    total = hit = 0
    for s, e in lines:
        for i in range(s, e):
            if not text[i].isspace():
                total += 1
                hit += any(a <= i < b for a, b in spans)
    return hit / total if total else 1.0


ORG_HEADS = {"office", "department", "committee", "attorney", "delegation", "caucus"}


def same_person(speaker: str | None, surname: str | None, cue: str = "",
                role: str | None = None) -> bool:
    """The speaker is the issuer: the same surname; for an office or a role ('The Orange County
    District Attorney's Office has released …', 'Statement by the District Attorney', 'by Los
    Angeles and Orange County District Attorneys'), every capitalised word of the speaker's name
    is in the cue line, or the speaker (by name or role) holds the role the cue names."""
    if not speaker or not surname:
        return False
    head = surname.lower()
    head = head[:-1] if head.endswith("s") and head[:-1] in ORG_HEADS else head
    if head in ORG_HEADS and cue:
        words = [w.strip(".,'’s") for w in speaker.split() if w[:1].isupper()]
        if words and all(re.search(rf"\b{re.escape(w)}", cue, re.I) for w in words):
            return True
        named = re.search(rf"(\w+\s+){re.escape(head)}s?\b", cue, re.I)
        return bool(named) and " ".join(named.group().lower().split()).removesuffix("s") in \
            " ".join(f"{speaker} {role or ''}".lower().split())
    return speaker.split()[-1].strip(".,").lower() == surname.lower() or \
        surname.lower() in speaker.lower().split()


def score(texts: dict[str, str], quotes: dict[str, list[dict]], releases: dict[str, Release],
          fig: Figures, titles: dict[str, str] | None = None
          ) -> dict[tuple[str, str], str | None]:
    """Fill ``fig`` for one way of reading (``titles``: stored titles, where a cue line may
    have gone); returns the other quotes inside statements as {(release key, quote text):
    speaker} for the comparison with the baseline."""
    inner: dict[tuple[str, str], str | None] = {}
    for key, text in texts.items():
        rel = releases[key]
        surname, start = issuer_surname(text, rel.folder_issuer)
        title = (titles or {}).get(key) or ""
        if start < 0 and CUE.search(title):  # the cue line became the title: all of it
            surname, start = issuer_surname(title + "\n", rel.folder_issuer)[0], 0
        if start < 0:
            continue  # the cue did not survive this reading (normalisation)
        fig.releases += 1
        qs = quotes.get(key, [])
        cue = text[text.rfind("\n", 0, max(start - 1, 0)) + 1:start] if start else title
        mine = [q for q in qs if same_person(q["speaker"], surname, cue, q.get("speaker_role"))
                and q["start"] >= start - 1]
        stmt = [q for q in mine if q["kind"] == "statement"]
        fig.statement += bool(stmt)
        fig.any_span += bool(mine)
        lines = statement_text(text, start)
        fig.covered.append(coverage(lines, [(q["start"], q["end"]) for q in stmt], text))
        fig.covered_any.append(coverage(lines, [(q["start"], q["end"]) for q in mine], text))
        if not stmt:
            fig.misses.append(f"{rel.rel_path} (issuer {surname})")
        lo, hi = (lines[0][0], lines[-1][1]) if lines else (len(text), len(text))
        for q in qs:  # the quotes inside the statement text (not in a page's tail after it)
            if q["kind"] != "statement" and lo <= q["start"] and q["end"] <= hi:
                inner[(key, " ".join(q["text"].split()))] = q["speaker"]
    return inner


# --- the three ways of reading --------------------------------------------------------------

def env_for(tree: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(tree), HF_HUB_OFFLINE="1")
    return env


def run(cmd: list[str], tree: Path, what: str) -> str:
    """Run a command in ``tree`` with its code first on the path; stdout (exits on failure)."""
    proc = subprocess.run(cmd, cwd=tree, env=env_for(tree), capture_output=True, text=True)
    if proc.returncode not in (0,):
        sys.exit(f"{what} failed in {tree}: {proc.stderr.strip()[-2000:]}")
    return proc.stdout


def by_quotes_command(tree: Path, releases: list[Release]) -> tuple[dict, dict, dict]:
    """``onrecord quotes FILE... --json`` over the raw files."""
    out = run([PYTHON, "-m", "indexer", "quotes", *[str(r.path) for r in releases], "--json"],
              tree, "onrecord quotes")
    quotes: dict[str, list[dict]] = {}
    for line in out.splitlines():
        row = json.loads(line)
        quotes.setdefault(row["file"], []).append(row)
    return {str(r.path): read(r.path) for r in releases}, quotes, {}


def from_store(data: Path, key_of: dict[str, str]) -> tuple[dict, dict, dict]:
    """Article texts, quotes and titles by release key from a store (any schema version)."""
    conn = sqlite3.connect(data / "store.sqlite3")
    conn.row_factory = sqlite3.Row
    texts, quotes = {}, {}
    titles = {}
    for a in conn.execute("SELECT id, origin, title, text FROM articles"):
        key = key_of.get(a["origin"]) or next((k for o, k in key_of.items()
                                               if a["origin"].endswith(o)), None)
        if key is None:
            continue
        texts[key] = a["text"]
        titles[key] = a["title"]
        quotes[key] = [
            {"start": q["start"], "end": q["end"], "text": q["text"], "kind": q["kind"],
             "speaker": q["speaker"], "speaker_role": q["speaker_role"]}
            for q in conn.execute(
                "SELECT q.start, q.end, q.text, q.kind, q.speaker_role,"
                " COALESCE(s.name, q.speaker_name) AS speaker"
                " FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id"
                " WHERE q.article_id = ?", (a["id"],))]
    conn.close()
    return texts, quotes, titles


def by_ingest(tree: Path, releases: list[Release], work: Path) -> tuple[dict, dict, dict]:
    """``onrecord ingest FOLDER`` over a folder of the raw files."""
    folder, data = work / "folder", work / "data-ingest"
    if not folder.exists():
        for r in releases:
            target = folder / r.corpus / r.rel_path.replace("/", "__")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(r.path, target)
    shutil.rmtree(data, ignore_errors=True)
    run([PYTHON, "-m", "indexer", "--data", str(data), "ingest", str(folder), "--no-vectors"],
        tree, "onrecord ingest")
    key_of = {f"{r.corpus}/{r.rel_path.replace('/', '__')}": str(r.path) for r in releases}
    return from_store(data, key_of)


def by_importers(tree: Path, releases: list[Release], work: Path, prosecutor_root: Path | None
                 ) -> tuple[dict, dict, dict]:
    """The corpus importers over corpus-shaped folders of the sample."""
    senate, pros, data = work / "imp-senate", work / "imp-prosecutor", work / "data-import"
    if not senate.exists():
        for r in releases:
            root = senate if r.corpus == "senate" else pros
            target = root / r.rel_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(r.path, target)
        if prosecutor_root is not None:
            pros.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(prosecutor_root / "counties.csv", pros / "counties.csv")
    shutil.rmtree(data, ignore_errors=True)
    run([PYTHON, "scripts/import_grimmer.py", "--data", str(data), "--no-progress", str(senate)],
        tree, "import_grimmer")
    if pros.exists():
        run([PYTHON, "scripts/import_prosecutor.py", "--data", str(data), "--no-progress",
             str(pros)], tree, "import_prosecutor")
    key_of = {}
    for r in releases:
        origin = f"grimmer/{r.rel_path}" if r.corpus == "senate" else \
            f"prosecutor/{r.rel_path.split('/', 1)[1]}"
        key_of[origin] = str(r.path)
    return from_store(data, key_of)


def report(name: str, tree_name: str, figs: dict[str, Figures], changed: str) -> None:
    for corpus, fig in figs.items():
        n = fig.releases or 1
        mean = sum(fig.covered) / n
        mean_any = sum(fig.covered_any) / n
        print(f"{name:10} {tree_name:9} {corpus:10} n={fig.releases:4}  statement "
              f"{fig.statement / n:.3f}  any span {fig.any_span / n:.3f}  covered {mean:.3f}"
              f"  (any {mean_any:.3f})  inner changed {changed}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grimmer", type=Path, default=SHARED / "grimmer-senate-press-releases.tar.gz")
    ap.add_argument("--prosecutor", type=Path,
                    default=SHARED / "prosecutor-press-releases.tar.gz")
    ap.add_argument("--senate", type=int, default=120)
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--baseline", type=Path, help="a worktree of the previous commit")
    ap.add_argument("--tree", type=Path, default=REPO,
                    help="the code measured as current (default: this checkout)")
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    ap.add_argument("--paths", default="quotes,ingest,importers")
    ap.add_argument("--misses", type=int, default=0, help="print N releases without a span")
    args = ap.parse_args(argv)
    for p in (args.grimmer, args.prosecutor):
        if not p.exists():
            print(f"error: corpus not found: {p}", file=sys.stderr)
            return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="eval-issuers-"))
    work.mkdir(parents=True, exist_ok=True)
    senate_root = extract(args.grimmer, work)
    pros_root = extract(args.prosecutor, work)
    releases = sample(senate_root, "*/*.txt", args.senate, args.seed, "senate") + \
        sample(pros_root, "text/*/*.txt", args.pages, args.seed, "prosecutor")
    by_key = {str(r.path): r for r in releases}
    print(f"sample: {sum(r.corpus == 'senate' for r in releases)} Senate releases, "
          f"{sum(r.corpus == 'prosecutor' for r in releases)} prosecutor pages (seed {args.seed})")
    trees = [("current", args.tree.resolve())] + \
        ([("baseline", args.baseline.resolve())] if args.baseline else [])
    ways = {
        "quotes": lambda tree, w: by_quotes_command(tree, releases),
        "ingest": lambda tree, w: by_ingest(tree, releases, w),
        "importers": lambda tree, w: by_importers(tree, releases, w, pros_root),
    }
    for way in args.paths.split(","):
        inner: dict[str, dict] = {}
        figs_of: dict[str, dict[str, Figures]] = {}
        for tree_name, tree in trees:
            texts, quotes, titles = ways[way](tree, work / tree_name)
            figs = {"senate": Figures(), "prosecutor": Figures()}
            inner[tree_name] = {}
            for corpus in figs:
                keys = {k: t for k, t in texts.items() if by_key[k].corpus == corpus}
                inner[tree_name].update(score(keys, quotes, by_key, figs[corpus], titles))
            figs_of[tree_name] = figs
        changed = "n/a"
        if "baseline" in inner:
            base, now = inner["baseline"], inner["current"]
            others = [k for k, sp in base.items() if k in now and not same_person(
                sp, issuer_surname(read(Path(k[0])), by_key[k[0]].folder_issuer)[0])]
            moved = [k for k in others if now[k] != base[k]]
            changed = f"{len(moved) / len(others):.3f} ({len(moved)}/{len(others)})" \
                if others else "0/0"
            for k in moved[:args.misses]:
                print(f"  changed: {by_key[k[0]].rel_path}: {base[k]!r} -> {now[k]!r}: {k[1][:80]}")
        for tree_name, figs in figs_of.items():
            report(way, tree_name, figs, changed if tree_name == "current" else "-")
            if args.misses and tree_name == "current":
                for corpus, fig in figs.items():
                    for miss in fig.misses[:args.misses]:
                        print(f"  miss ({corpus}): {miss}")
    print("targets: statement >= 0.95, covered >= 0.80, inner changed 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
