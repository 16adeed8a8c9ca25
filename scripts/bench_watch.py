"""Watch benchmark: ingest time of 2,000 releases with 0, 100 and 1,000 watches, in one run.

Usage: python scripts/bench_watch.py [--corpus PATH] [--base DIR] [--base-size 22000]
       [--new 2000] [--watches 0,100,1000] [--build-base] [--no-quotes]

The Grimmer Senate releases are shuffled with a fixed seed; the first ``--base-size`` make the
base store (built once with ``--build-base``), the next ``--new`` are the batch each round
ingests, with quotes and vectors, into a fresh copy of the base. The base is built keyword-only
without quotes, then given one *random* unit vector per passage: embedding 100,000+ passages
takes hours on a shared 2-core machine, and matching reads only the *new* articles' quotes and
vectors (keyword and semantic watches score the new passages alone; a hybrid watch's cosine
with every stored vector costs the same whatever their values). Without them the ingest would
embed the whole base first (it repairs missing vectors). Watches are one third keyword, one third semantic and
one third speaker watches (keyword queries and concepts from fixed lists of Senate topics, speakers
the new releases' issuers). Prints seconds per round, the seconds spent in the watches' hook
itself, matches recorded and the added time relative to 0 watches (target: 1,000 watches add at
most 15%).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import indexer.ingest as ingest_module  # noqa: E402
from indexer.importers import iter_corpus_files  # noqa: E402
from indexer.importers.grimmer import is_release_path, iter_releases  # noqa: E402
from indexer.ingest import ingest_documents  # noqa: E402
from indexer.records import SourceDoc  # noqa: E402

DEFAULT = REPO.parent / "shared" / "data" / "grimmer-senate-press-releases.tar.gz"
SEED = 22
TARGET = 0.15
KEYWORDS = ["ethanol", "Iraq war", "veterans health", "farm bill", "immigration reform",
            "Medicare prescription", "Hurricane Katrina", "energy prices", "tax cuts",
            "homeland security grant", "highway funding", "stem cell research", "minimum wage",
            "border security", "drought relief", "broadband", "small business", "education",
            "water project", "military base"]
CONCEPTS = ["subsidies for renewable fuels made from corn", "soldiers coming home from war",
            "the cost of gasoline for families", "help for farmers after bad weather",
            "protecting children online", "funding for local police",
            "health insurance for uninsured children", "closing a military installation",
            "rebuilding after a hurricane", "lowering taxes for the middle class"]


def split_corpus(path: Path, base_size: int, new: int) -> tuple[list[SourceDoc], list[SourceDoc]]:
    """(base, new) releases: the corpus shuffled with a fixed seed, cut in two."""
    docs = [d for d in iter_releases(iter_corpus_files(path, is_release_path))
            if isinstance(d, SourceDoc)]
    random.Random(SEED).shuffle(docs)
    return docs[:base_size], docs[base_size:base_size + new]


def make_watches(store_dir: Path, count: int, new_docs: list[SourceDoc]) -> None:
    """``count`` watches, one third each keyword, semantic and speaker."""
    from indexer.store import Store
    from indexer.watches import WatchSpec, add_watch

    speakers = sorted({d.issuer for d in new_docs if d.issuer})
    store = Store.open(store_dir)
    try:
        for i in range(count):
            kind = i % 3
            if kind == 0:
                spec = WatchSpec(name=f"kw-{i}", query=KEYWORDS[i % len(KEYWORDS)],
                                 mode="keyword")
            elif kind == 1:
                spec = WatchSpec(name=f"sem-{i}", query=CONCEPTS[i % len(CONCEPTS)],
                                 mode="semantic", threshold=0.55)
            else:
                spec = WatchSpec(name=f"spk-{i}", query="", mode="keyword",
                                 speaker=speakers[i % len(speakers)].replace("Senator ", ""))
            add_watch(store, spec)
    finally:
        store.close()


def build_base(base: Path, docs: list[SourceDoc]) -> None:
    """The base store: keyword index, no quotes, a random unit vector per passage."""
    import numpy as np

    from indexer.embeddings import load_embedder
    from indexer.store import Store
    from indexer.vectors import VectorIndex

    start = time.perf_counter()
    report = ingest_documents(iter(docs), base, quotes=False, semantic=False)
    embedder = load_embedder()
    store = Store.open(base, readonly=True)
    try:
        ids = sorted(store.passage_ids())
    finally:
        store.close()
    vectors = VectorIndex.open(base / "vectors", embedder.dim, embedder.identity)
    rng = np.random.default_rng(SEED)
    for i in range(0, len(ids), 20_000):
        chunk = ids[i:i + 20_000]
        vectors.add(chunk, rng.standard_normal((len(chunk), embedder.dim)).astype(np.float32))
    vectors.commit()
    print(json.dumps({"base": str(base), "stored": report.stored, "vectors": len(ids),
                      "seconds": round(time.perf_counter() - start, 1)}), flush=True)


def bench_round(base: Path, new_docs: list[SourceDoc], watches: int, quotes: bool
                ) -> dict[str, object]:
    """Ingest ``new_docs`` into a copy of ``base`` holding ``watches`` watches; the figures."""
    from indexer.store import Store

    with tempfile.TemporaryDirectory(prefix="w22-bench-", dir="/tmp") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(base, data)
        make_watches(data, watches, new_docs)
        spent: list[float] = []
        timed = ingest_module.notify_watches

        def timing(*args: object) -> None:  # the time the ingest spends in the watches' hook
            began = time.perf_counter()
            timed(*args)
            spent.append(time.perf_counter() - began)

        ingest_module.notify_watches = timing
        try:
            start = time.perf_counter()
            report = ingest_documents(iter(new_docs), data, quotes=quotes, semantic=True)
            seconds = time.perf_counter() - start
        finally:
            ingest_module.notify_watches = timed
        store = Store.open(data, readonly=True)
        try:
            matches = store.watch_match_count()
        finally:
            store.close()
    return {"watches": watches, "seconds": round(seconds, 1),
            "matching_seconds": round(sum(spent), 2), "stored": report.stored,
            "matches": matches, "warnings": [w for w in report.warnings if "watch" in w][:3]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--base", type=Path, default=Path("/tmp/w22-base"))
    parser.add_argument("--base-size", type=int, default=22_000)
    parser.add_argument("--new", type=int, default=2_000)
    parser.add_argument("--watches", default="0,100,1000")
    parser.add_argument("--build-base", action="store_true", help="build the base store first")
    parser.add_argument("--no-quotes", action="store_true", help="ingest the new releases "
                        "without quotes (speaker watches then match nothing)")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    base_docs, new_docs = split_corpus(args.corpus, args.base_size, args.new)
    if args.build_base:
        build_base(args.base, base_docs)
    if not (args.base / "store.sqlite3").exists():
        print(f"error: no base store at {args.base}: run with --build-base", file=sys.stderr)
        return 2
    rounds = [bench_round(args.base, new_docs, int(n), not args.no_quotes)
              for n in args.watches.split(",")]
    for r in rounds:
        print(json.dumps(r), flush=True)
    base_seconds = rounds[0]["seconds"]
    for r in rounds[1:]:
        added = (r["seconds"] - base_seconds) / base_seconds if base_seconds else 0.0
        hook = r["matching_seconds"] / base_seconds if base_seconds else 0.0
        print(f"{r['watches']:>5} watches: {r['seconds']:.1f}s vs {base_seconds:.1f}s, "
              f"{added:+.1%} (target <= +{TARGET:.0%}); matching itself "
              f"{r['matching_seconds']:.1f}s = {hook:.1%} of the 0-watch ingest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
