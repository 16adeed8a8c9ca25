"""Search latency benchmark: p50/p95 per mode over an index of Grimmer releases, warm, in-process.

Usage: python scripts/bench_search.py [--n N] [--tar PATH] [--keep DIR] [--no-vectors]
       [--no-quotes] [--random-vectors] [--optimize] [--queries 300] [--seed 0] [--out results.json] [--plot DIR]
       [--engine milvus [--engine-uri URI]]

Builds an index of the first ``--n`` releases (default: all, about 36k) through the real pipeline
(``ingest_documents``: quotes and vectors unless ``--no-quotes``/``--no-vectors``) in a child
process, into a temporary folder or ``--keep DIR`` (reused when it already holds a store). Then,
in this process, opens ``SearchService`` and runs ``--queries`` queries drawn with a fixed seed:
article titles, word spans of passages (half as quoted phrases) and natural-language questions.
Each mode runs on freshly opened services (nothing another mode's queries cached) and gets a
warm-up pass of 20 queries, then every query is timed (``limit=10``). Prints p50/p95/max per
mode, the build's peak RSS and this (server) process's peak RSS. ``--out`` appends the figures to
a JSON list; ``--random-vectors`` gives passages without a vector a random unit vector, to time
the semantic and hybrid code paths at a size that cannot be embedded here (rankings meaningless,
labelled in the output); ``--plot`` draws the latency distribution of this run and latency against index size
over every run in ``--out`` (matplotlib). ``--engine milvus`` also times every mode on a copy of
the data folder whose keyword index is moved to Milvus (``<data>-milvus``, built once by
``reindex --engine milvus``: the same store and vectors), each mode's queries run on both
engines in the same process and printed side by side with the ratio of their p95s.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from indexer.importers import iter_corpus_files  # noqa: E402
from indexer.importers.grimmer import is_release_path, iter_releases  # noqa: E402
from indexer.ingest import ingest_documents  # noqa: E402
from indexer.keyword_index import KeywordIndex  # noqa: E402
from indexer.search import SearchService  # noqa: E402
from indexer.store import Store  # noqa: E402

DEFAULT = REPO.parent / "shared" / "data" / "grimmer-senate-press-releases.tar.gz"
TARGETS_MS = {"keyword": 150, "semantic": 100, "hybrid": 250}
QUESTIONS = [
    "how much federal funding did the senator secure for local hospitals?",
    "what did the senator say about the war in Iraq?",
    "support for veterans health care benefits",
    "who voted against the immigration bill?",
    "money for highway and bridge repairs",
    "protecting children from online predators",
    "rising gas prices and energy independence",
    "farm bill help for family farmers",
    "hurricane recovery assistance for the gulf coast",
    "new jobs at the military base",
    "college tuition tax credit for students",
    "drug prices for seniors under medicare",
    "border security and illegal immigration",
    "clean water grants for rural towns",
    "nomination to the supreme court hearing",
    "stem cell research funding",
    "homeland security grants for first responders",
    "trade agreement with china and manufacturing jobs",
    "global warming and greenhouse gas emissions",
    "help for small businesses after the flood",
]


def build(tar: Path, n: int | None, data: Path, vectors: bool, quotes: bool) -> None:
    """Ingest the first ``n`` releases into ``data`` (run in a child process)."""
    files = iter_corpus_files(tar, is_release_path)
    ingest_documents(iter_releases(files, n), data, quotes=quotes, semantic=vectors)


def fill_random_vectors(data: Path, seed: int) -> int:
    """Give every passage without a vector a random unit vector; returns how many were added.

    Only for timing the semantic and hybrid code paths at a size this machine cannot embed in
    a session (their rankings are meaningless); runs using it are labelled in the output.
    """
    import numpy as np

    from indexer.embeddings import load_embedder
    from indexer.vectors import VectorIndex

    dim = load_embedder().dim
    vectors = VectorIndex.open(data / "vectors", dim)
    store = Store.open(data, readonly=True)
    try:
        missing = [pid for (pid,) in store.conn.execute("SELECT id FROM passages ORDER BY id")
                   if not vectors.has(pid)]
    finally:
        store.close()
    rng = np.random.default_rng(seed)
    for at in range(0, len(missing), 50_000):
        part = missing[at:at + 50_000]
        rows = rng.standard_normal((len(part), dim)).astype(np.float32)
        vectors.add(part, rows / np.linalg.norm(rows, axis=1, keepdims=True))
    vectors.commit()
    return len(missing)


def draw_queries(store: Store, count: int, seed: int) -> list[str]:
    """Titles, passage word spans (half quoted) and questions, in a seeded order."""
    rng = random.Random(seed)
    titles = [r[0] for r in store.conn.execute(
        "SELECT title FROM articles WHERE title IS NOT NULL AND title != '' ORDER BY id")]
    texts = [r[0] for r in store.conn.execute("SELECT text FROM passages ORDER BY id")]
    queries: list[str] = []
    for i in range(count):
        kind = i % 5
        if kind in (0, 1) and titles:
            queries.append(" ".join(rng.choice(titles).replace('"', " ").split()[:8]))
        elif kind in (2, 3) and texts:
            words = rng.choice(texts).replace('"', " ").split()
            at = rng.randrange(max(1, len(words) - 4))
            span = " ".join(w.strip(".,;:()[]!?") for w in words[at:at + rng.randint(2, 4)])
            queries.append(f'"{span}"' if kind == 2 else span)
        else:
            queries.append(QUESTIONS[i // 5 % len(QUESTIONS)])
    return [q for q in queries if q.strip().strip('"').strip()]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def time_mode(service: SearchService, mode: str, queries: list[str]) -> tuple[list[float], int]:
    """Latencies in ms of every query (after a warm-up pass), and how many raised."""
    for q in queries[:20]:
        try:
            service.search(q, mode=mode, limit=10)
        except Exception:  # noqa: BLE001 - a bad drawn query counts as an error, not a crash
            pass
    times: list[float] = []
    errors = 0
    for q in queries:
        start = time.perf_counter()
        try:
            service.search(q, mode=mode, limit=10)
        except Exception:  # noqa: BLE001
            errors += 1
            continue
        times.append((time.perf_counter() - start) * 1000)
    return times, errors


def latency_stats(times: list[float], errors: int) -> dict:
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
            "max_ms": max(times), "mean_ms": statistics.fmean(times), "errors": errors}


def other_engine(args: argparse.Namespace, data: Path, service: SearchService
                 ) -> SearchService:
    """The search service over ``<data>-<engine>``: a copy of ``data`` moved to the engine of
    ``--engine``, made once (reindex from the store, vectors kept), sharing the query encoder."""
    from indexer.engines import copy_on

    other = data.parent / f"{data.name}-{args.engine}"
    if not (other / "store.sqlite3").exists():
        start = time.perf_counter()
        count = copy_on(data, other, args.engine, args.engine_uri)
        print(f"{args.engine}: indexed {count} passages of a copy in "
              f"{time.perf_counter() - start:.0f}s ({other})")
    return SearchService.open(other, semantic=service.vectors is not None)


def open_service(data: Path, args: argparse.Namespace) -> SearchService:
    """The search service over ``data`` as the run's options ask."""
    service = SearchService.open(data, semantic=not args.no_vectors or args.random_vectors)
    if args.random_vectors:
        # Random vectors sit at cosine ~0 to every query, under the similarity floor: without
        # this, semantic runs would come back nearly empty and do less work than real ones.
        service.semantic_floor = -1.0
    return service


def plot(records: list[dict], latencies: dict[str, list[float]], out_dir: Path) -> list[Path]:
    """Latency distribution of this run and p50/p95 against index size over all records."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "latency_distribution.png"
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.boxplot(list(latencies.values()), tick_labels=list(latencies), whis=(5, 95), showfliers=True)
    ax.set_yscale("log")
    ax.set_ylabel("latency (ms, log scale)")
    ax.set_title(f"Search latency per mode, {records[-1]['passages']:,} passages "
                 f"({len(next(iter(latencies.values())))} queries, warm)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [path, plot_sizes(records, out_dir)]


def plot_sizes(records: list[dict], out_dir: Path) -> Path:
    """p50/p95 per mode against index size, the last record of each size and mode."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "latency_vs_size.png"
    fig, ax = plt.subplots(figsize=(7, 4))
    for mode in TARGETS_MS:
        latest = {r["passages"]: r["modes"][mode] for r in records if mode in r["modes"]}
        pts = sorted(latest.items())
        if pts:
            ax.plot([p for p, _ in pts], [m["p95_ms"] for _, m in pts], "o-", label=f"{mode} p95")
            ax.plot([p for p, _ in pts], [m["p50_ms"] for _, m in pts], "x--",
                    label=f"{mode} p50")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("passages in the index (log scale)")
    ax.set_ylabel("latency (ms, log scale)")
    ax.set_title("Latency against index size (measured sizes only)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=None, help="releases to index (default: all)")
    parser.add_argument("--tar", type=Path, default=DEFAULT, help="corpus .tar.gz or folder")
    parser.add_argument("--keep", type=Path, default=None, help="build into / reuse this folder")
    parser.add_argument("--no-vectors", action="store_true", help="keyword mode only")
    parser.add_argument("--no-quotes", action="store_true", help="build without quotes")
    parser.add_argument("--random-vectors", action="store_true",
                        help="time semantic/hybrid on random vectors for passages without one "
                             "(latency only: rankings are meaningless)")
    parser.add_argument("--optimize", action="store_true",
                        help="merge the keyword index into one segment first (onrecord optimize)")
    parser.add_argument("--modes", default=None, help="comma-separated modes (default: all)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="append figures to this JSON list")
    parser.add_argument("--plot", type=Path, default=None, help="write PNG plots here")
    parser.add_argument("--engine", choices=("whoosh", "milvus"), default="whoosh",
                        help="milvus: time every mode on a Milvus copy too, side by side")
    parser.add_argument("--engine-uri", default=None,
                        help="with --engine milvus: a Milvus server (default: a Lite file)")
    parser.add_argument("--plot-only", action="store_true",
                        help="only redraw the size plot from the records in --out into --plot")
    args = parser.parse_args(argv)
    if args.plot_only:
        if not (args.out and args.out.exists() and args.plot):
            print("error: --plot-only needs an existing --out file and --plot", file=sys.stderr)
            return 2
        print(f"wrote {plot_sizes(json.loads(args.out.read_text()), args.plot)}")
        return 0
    tmp = None
    data = args.keep
    if data is None:
        tmp = tempfile.TemporaryDirectory()
        data = Path(tmp.name) / "data"
    build_s = None
    if not (data / "store.sqlite3").exists():
        if not args.tar.exists():
            print(f"error: corpus not found: {args.tar}", file=sys.stderr)
            return 2
        if args.keep is not None and data.is_dir() and any(data.iterdir()):
            print(f"error: --keep {data}: not empty and holds no store.sqlite3 (give a data "
                  "folder to reuse, or an empty or new folder to build into)", file=sys.stderr)
            return 2
        print(f"building the index of {args.n or 'all'} releases from {args.tar} into {data} "
              "(several minutes; the whole corpus takes about half an hour)", flush=True)
        start = time.perf_counter()
        child = multiprocessing.get_context("spawn").Process(
            target=build, args=(args.tar, args.n, data, not args.no_vectors, not args.no_quotes))
        child.start()
        child.join()
        if child.exitcode != 0:
            print(f"error: building the index failed (exit {child.exitcode})", file=sys.stderr)
            return 1
        build_s = time.perf_counter() - start
    build_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if args.random_vectors:
        print(f"random vectors added for {fill_random_vectors(data, args.seed):,} passages "
              "(semantic/hybrid latency only; their rankings are meaningless)")
    segments = optimize_s = None
    if args.optimize:
        keyword = KeywordIndex.open(data, create=False)
        start = time.perf_counter()
        segments = keyword.optimize()
        optimize_s = time.perf_counter() - start
        keyword.close()
        print(f"optimize: merged {segments} keyword segments into 1 in {optimize_s:.0f}s")
    service = open_service(data, args)
    other = None
    try:
        articles = service.store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        passages = service.keyword.doc_count()
        queries = draw_queries(service.store, args.queries, args.seed)
        record: dict = {"releases": articles, "passages": passages, "queries": len(queries),
                        "build_s": build_s, "random_vectors": args.random_vectors,
                        "keyword_segments": service.keyword.segment_count(),
                        "optimize_s": optimize_s, "modes": {}}
        if build_s is not None:
            print(f"built {articles} releases, {passages} passages in {build_s:.0f}s "
                  f"({articles / build_s:.1f} releases/s; build peak RSS {build_rss:,.0f} MiB)")
        else:
            print(f"reused {data}: {articles} releases, {passages} passages, "
                  f"{service.keyword.segment_count()} keyword segments")
        other = other_engine(args, data, service) if args.engine != "whoosh" else None
        record["load_start"] = os.getloadavg()[0]
        print(f"load average at the start of timing: {record['load_start']:.2f}")
        latencies: dict[str, list[float]] = {}
        for mode in args.modes.split(",") if args.modes else service.modes:
            if latencies:
                # each mode on freshly opened services: no mode times what another's queries
                # cached (the Milvus engine keeps each word's postings per snapshot)
                service.close()
                service = open_service(data, args)
                if other is not None:
                    other.close()
                    other = other_engine(args, data, service)
                gc.collect()
            times, errors = time_mode(service, mode, queries)
            latencies[mode] = times
            stats = latency_stats(times, errors)
            record["modes"][mode] = stats
            print(f"{mode:8s} {len(times)} queries: p50 {stats['p50_ms']:.1f} ms, "
                  f"p95 {stats['p95_ms']:.1f} ms, max {stats['max_ms']:.0f} ms "
                  f"(target p95 <= {TARGETS_MS[mode]} ms on 300k passages), errors {errors}")
            if other is not None:
                times, errors = time_mode(other, mode, queries)
                theirs = latency_stats(times, errors)
                record.setdefault("engines", {}).setdefault(args.engine, {})[mode] = theirs
                print(f"{'':8s} {args.engine}: p50 {theirs['p50_ms']:.1f} ms, "
                      f"p95 {theirs['p95_ms']:.1f} ms, max {theirs['max_ms']:.0f} ms, errors "
                      f"{errors}; p95 {theirs['p95_ms'] / stats['p95_ms']:.2f}x the embedded "
                      "engine's (target <= 2x)")
    finally:
        service.close()
        if other is not None:
            other.close()
    record["load_end"] = os.getloadavg()[0]
    print(f"load average at the end of timing: {record['load_end']:.2f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    record["server_peak_rss_mib"] = rss
    print(f"search process peak RSS: {rss:,.0f} MiB")
    records = [record]
    if args.out:
        if args.out.exists():
            records = json.loads(args.out.read_text()) + [record]
        args.out.write_text(json.dumps(records, indent=1))
    if args.plot:
        for path in plot(records, latencies, args.plot):
            print(f"wrote {path}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
