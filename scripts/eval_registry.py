"""Registry figures on Senate releases: one entry a senator, no bare-surname twins, no junk.

Usage: scripts/eval_registry.py [PATH] [--work DIR] [--per-senator N] [--seed S]
                                [--baseline COMMIT] [--repair] [--stores DIR ...]

PATH is the Grimmer corpus (tarball or extracted folder), default
../shared/data/grimmer-senate-press-releases.tar.gz. A fixed random sample (``--seed``) of
``--per-senator`` releases from each of the senators below is copied to ``WORK/folder`` and
built twice without vectors: through the corpus importer (``indexer.importers.grimmer`` into
``ingest_documents``) and as a user would (``onrecord ingest WORK/folder --no-vectors``).
``--baseline COMMIT`` builds the same two stores with that commit's code (``git archive``)
and prints its figures first; ``--repair`` then copies the baseline stores and repairs them in
place with this code (``onrecord speakers --repair``) and prints those figures too.
``--stores DIR ...`` only measures existing data folders.

Per senator: the registry entries that are that senator (an entry whose name or an alias is
the senator's full name: same surname, a compatible first name; target exactly 1). Over the
registry: bare-surname person entries beside a full-name entry of that surname (target 0 where
that surname names one person; shown apart where several people share it), junk speakers among
the 500 most quoted (a name with no proper noun, ``indexer.speakers.junk_speaker``; target 0),
the pairs of people sharing a surname, which must stay apart (Hillary/Bill Clinton, Ken/John
Salazar), and every surname several full-name people share, with the entries whose names mix
two of them (a wrong merge; target 0).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

from indexer.importers import iter_corpus_files  # noqa: E402
from indexer.importers.grimmer import is_release_path  # noqa: E402
from indexer.registry import speaker_summaries  # noqa: E402
from indexer.speakers import (  # noqa: E402
    canonical_key,
    junk_speaker,
    offices,
    same_first_name,
)
from indexer.store import Store  # noqa: E402

DEFAULT = REPO.parent / "shared" / "data" / "grimmer-senate-press-releases.tar.gz"
# the sampled senators (folder name) and the first names their releases use
SENATORS = {
    "Feingold": ["Russ", "Russell"], "Sanders": ["Bernie", "Bernard"], "Cornyn": ["John"],
    "Kyl": ["Jon"], "Reid": ["Harry"], "Salazar": ["Ken", "Kenneth"], "Dodd": ["Chris",
    "Christopher"], "Feinstein": ["Dianne"], "Mikulski": ["Barbara"], "Snowe": ["Olympia"],
    "Dorgan": ["Byron"], "Bingaman": ["Jeff", "Jeffrey"],
    # first names the name lists lack, beside a namesake whose first name they hold (Moses
    # Coleman, a farmer; Julianne Chambliss, the senator's wife)
    "Coleman": ["Norm", "Norman"], "Chambliss": ["Saxby"],
}
# people who share a surname and must stay separate entries
PAIRS = [("Hillary Clinton", "Bill Clinton"), ("Ken Salazar", "John Salazar")]
TOP = 500


def sample_releases(corpus: Path, per_senator: int, seed: int) -> list[tuple[str, bytes]]:
    """A fixed random sample of each listed senator's releases: (path, bytes), path order."""
    by_senator: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for rel, data in iter_corpus_files(corpus, is_release_path):
        if rel.split("/")[0] in SENATORS:
            by_senator[rel.split("/")[0]].append((rel, data))
    rng = random.Random(seed)
    out: list[tuple[str, bytes]] = []
    for senator in sorted(by_senator):
        files = sorted(by_senator[senator])
        out += rng.sample(files, min(per_senator, len(files)))
    return sorted(out)


def write_folder(files: list[tuple[str, bytes]], folder: Path) -> None:
    """The sampled releases as files under ``folder`` (``<Senator>/<file>.txt``)."""
    for rel, data in files:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


_IMPORT = """
import sys
from pathlib import Path
from indexer.importers import iter_corpus_files
from indexer.importers.grimmer import is_release_path, iter_releases
from indexer.ingest import ingest_documents
report = ingest_documents(iter_releases(iter_corpus_files(Path(sys.argv[1]), is_release_path)),
                          Path(sys.argv[2]), semantic=False)
print(report.added, "releases imported")
"""


def build_stores(code: Path, folder: Path, out: Path) -> dict[str, Path]:
    """The importer store and the ``onrecord ingest FOLDER`` store, built with the code under
    ``code`` (its ``indexer`` package first on the path)."""
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    stores = {"importer": out / "importer", "ingest": out / "ingest"}
    for path in stores.values():
        shutil.rmtree(path, ignore_errors=True)
    subprocess.run([sys.executable, "-c", _IMPORT, str(folder), str(stores["importer"])],
                   check=True, env=env, cwd=code)
    subprocess.run([sys.executable, "-m", "indexer", "--data", str(stores["ingest"]), "ingest",
                    str(folder), "--no-vectors", "--json"], check=True, env=env, cwd=code,
                   stdout=subprocess.DEVNULL)
    return stores


def _names(row: dict[str, Any]) -> list[str]:
    return [row["name"], *row["aliases"]]


def is_senator(row: dict[str, Any], surname: str, firsts: list[str]) -> bool:
    """Whether a registry entry is the senator: a name of it is a full name with the senator's
    surname and a compatible first name."""
    if row["kind"] != "person":
        return False
    for name in _names(row):
        words = canonical_key(name).split()
        if len(words) >= 2 and words[-1] == surname.lower() and len(words[0]) > 1 \
                and any(same_first_name(words[0], f) for f in firsts):
            return True
    return False


def mixes_people(row: dict[str, Any]) -> bool:
    """Whether an entry carries full names of two people: one surname, first names that are
    not one person's (a wrong merge: 'Ken Salazar' with alias 'John Salazar')."""
    firsts: dict[str, set[str]] = defaultdict(set)
    for name in _names(row):
        words = canonical_key(name).split()
        if len(words) >= 2 and len(words[0]) > 1:
            firsts[words[-1]].add(words[0])
    return any(not same_first_name(a, b) for names in firsts.values()
               for a in names for b in names if a < b)


def measure(data: Path) -> dict[str, Any]:
    """The registry figures of one data folder."""
    store = Store.open(data, readonly=True)
    try:
        rows = speaker_summaries(store, limit=10 ** 7)
        stats = store.stats()
    finally:
        store.close()
    people = [r for r in rows if r["kind"] == "person"]
    senators = {s: [r for r in people if is_senator(r, s, f)] for s, f in SENATORS.items()}
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for r in people:
        for name in _names(r):
            words = canonical_key(name).split()
            if len(words) >= 2 and len(words[0]) > 1:
                full_by_surname[words[-1]].add(r["name"])
    held = {r["name"]: offices(r["roles"]) for r in people}
    twins, shared, other_office = [], [], []
    for r in people:
        key = canonical_key(r["name"])
        if key and " " not in key and full_by_surname.get(key):
            if len(full_by_surname[key]) > 1:
                shared.append(r)
            else:  # 'President Clinton' beside the only full name, Senator Hillary Clinton
                full = held.get(next(iter(full_by_surname[key])), set())
                said = offices(r["roles"])
                (other_office if said and full and not said & full else twins).append(r)
    junk = [r for r in rows[:TOP] if junk_speaker(r["name"], r["kind"])]
    pairs = {}
    for a, b in PAIRS:
        ids_a = {r["id"] for r in people if canonical_key(a) in map(canonical_key, _names(r))}
        ids_b = {r["id"] for r in people if canonical_key(b) in map(canonical_key, _names(r))}
        pairs[f"{a} / {b}"] = ("apart" if ids_a and ids_b and not ids_a & ids_b else
                               "MERGED" if ids_a & ids_b else "not both seen")
    namesakes = {k: v for k, v in full_by_surname.items() if len(v) > 1}
    mixed = [r for r in people if mixes_people(r)]
    return {"namesakes": namesakes, "mixed": mixed,
            "stats": stats, "rows": rows, "senators": senators, "twins": twins,
            "shared": shared, "other_office": other_office, "junk": junk, "pairs": pairs,
            "unresolved": stats.get("unresolved_mentions")}


def report(label: str, m: dict[str, Any]) -> None:
    """Print one store's figures."""
    s = m["stats"]
    print(f"\n== {label}: {s['articles']} articles, {s['quotes']} quotes, "
          f"{s['speakers']} speakers, unresolved mentions "
          f"{'n/a' if m['unresolved'] is None else m['unresolved']}")
    exact = sum(len(v) == 1 for v in m["senators"].values())
    print(f"senators with exactly one entry: {exact}/{len(m['senators'])}")
    for senator, entries in m["senators"].items():
        names = "; ".join(f"{r['name']} ({r['quotes']})" for r in entries)
        print(f"  {senator:<10} {len(entries)}  {names}")
    print(f"bare-surname entries beside the one full-name entry of that surname: "
          f"{len(m['twins'])} (target 0)")
    for r in sorted(m["twins"], key=lambda r: -r["quotes"])[:25]:
        print(f"  {r['name']} ({r['quotes']} quotes)")
    print(f"bare-surname entries whose titles name another office than that full name's "
          f"(another person, kept apart): {len(m['other_office'])}")
    for r in m["other_office"][:10]:
        print(f"  {r['name']} {r['roles'][:3]} ({r['quotes']} quotes)")
    print(f"bare-surname entries of a surname several people share (kept apart): "
          f"{len(m['shared'])}")
    for r in sorted(m["shared"], key=lambda r: -r["quotes"])[:10]:
        print(f"  {r['name']} ({r['quotes']} quotes)")
    print(f"junk speakers in the top {TOP} by quotes: {len(m['junk'])} (target 0)")
    for r in m["junk"]:
        print(f"  {r['name']!r} [{r['kind']}] ({r['quotes']} quotes)")
    for pair, state in m["pairs"].items():
        print(f"pair {pair}: {state}")
    print(f"surnames several full-name people share: {len(m['namesakes'])}; entries mixing "
          f"two such people: {len(m['mixed'])} (target 0)")
    for surname, names in sorted(m["namesakes"].items())[:15]:
        print(f"  {surname}: {'; '.join(sorted(names))}")
    for r in m["mixed"][:10]:
        print(f"  MIXED {r['name']} {r['aliases']}")


def summary_line(label: str, m: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of one store, for the closing table."""
    return {
        "store": label,
        "senators_exactly_one": sum(len(v) == 1 for v in m["senators"].values()),
        "senator_entries": sum(len(v) for v in m["senators"].values()),
        "twins": len(m["twins"]), "junk_top500": len(m["junk"]),
        "pairs_apart": sum(v == "apart" for v in m["pairs"].values()),
        "namesake_surnames": len(m["namesakes"]), "mixed_entries": len(m["mixed"]),
        "quotes": m["stats"]["quotes"], "speakers": m["stats"]["speakers"],
        "unresolved_mentions": m["unresolved"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--work", type=Path, default=None, help="folder for the sample and stores")
    parser.add_argument("--per-senator", type=int, default=180)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--baseline", help="also build and measure with this commit's code")
    parser.add_argument("--repair", action="store_true",
                        help="with --baseline: repair copies of its stores with this code")
    parser.add_argument("--stores", type=Path, nargs="+", help="only measure these data folders")
    args = parser.parse_args(argv)
    lines = []
    if args.stores:
        for data in args.stores:
            m = measure(data)
            report(str(data), m)
            lines.append(summary_line(str(data), m))
        print("\n" + "\n".join(json.dumps(x) for x in lines))
        return 0
    if not args.path.exists():
        print(f"error: corpus not found: {args.path}", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="eval_registry-"))
    folder = work / "folder"
    shutil.rmtree(folder, ignore_errors=True)
    files = sample_releases(args.path, args.per_senator, args.seed)
    write_folder(files, folder)
    print(f"{len(files)} releases of {len({f.split('/')[0] for f, _ in files})} senators "
          f"(seed {args.seed}) in {folder}")
    if args.baseline:
        tree = work / "baseline-code"
        if not tree.exists():  # that commit's files, without touching this checkout
            tree.mkdir(parents=True)
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.baseline],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "x", "-C", str(tree)], input=archive, check=True)
        base = build_stores(tree, folder, work / "baseline")
        for kind, data in base.items():
            m = measure(data)
            report(f"baseline {args.baseline[:10]} {kind}", m)
            lines.append(summary_line(f"baseline {kind}", m))
        if args.repair:
            for kind, data in base.items():
                copy = work / "repaired" / kind
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(data, copy)
                subprocess.run([sys.executable, "-m", "indexer", "--data", str(copy),
                                "speakers", "--repair"], check=True, cwd=REPO)
                m = measure(copy)
                report(f"baseline {kind} repaired in place", m)
                lines.append(summary_line(f"repaired {kind}", m))
    new = build_stores(REPO, folder, work / "new")
    for kind, data in new.items():
        m = measure(data)
        report(f"this code {kind}", m)
        lines.append(summary_line(f"new {kind}", m))
    print("\n" + "\n".join(json.dumps(x) for x in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
