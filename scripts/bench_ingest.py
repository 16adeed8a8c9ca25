"""Ingest benchmark: N Grimmer releases through the real pipeline vs plain Whoosh indexing.

Usage: python scripts/bench_ingest.py [--n 5000] [--tar PATH] [--rounds 3] [--profile]

Both sides start from documents already in memory (reading and parsing the corpus files is
not timed for either). The pipeline side is ``ingest_documents`` into a fresh temporary data
folder: normalisation, dedup, SQLite, passage split and Whoosh indexing. The plain side indexes
the same passages (computed beforehand, untimed) into a Whoosh index with a StemmingAnalyzer
TEXT field and an ID, one writer, one commit. Prints releases/s and passages/s for each and
the ratio (target: pipeline >= 0.7x plain passages/s). The machine may be shared, so the two
sides run back to back ``--rounds`` times, interleaved; every round is printed and the ratio of
the best rate of each side is the headline (the spread of the per-round ratios shows the noise).
``--profile`` adds a cProfile summary of one extra pipeline run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from whoosh import index as whoosh_index  # noqa: E402
from whoosh.analysis import StemmingAnalyzer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402

from indexer.importers import iter_corpus_files  # noqa: E402
from indexer.importers.grimmer import is_release_path, iter_releases  # noqa: E402
from indexer.ingest import identity_of, ingest_documents  # noqa: E402
from indexer.normalise import normalise  # noqa: E402
from indexer.passages import split_passages  # noqa: E402
from indexer.records import SourceDoc  # noqa: E402

DEFAULT = REPO.parent / "shared" / "data" / "grimmer-senate-press-releases.tar.gz"
TARGET = 0.7


def load_docs(path: Path, n: int) -> list[SourceDoc]:
    """The first ``n`` parseable releases of the corpus, in memory."""
    return [d for d in iter_releases(iter_corpus_files(path, is_release_path), n)
            if isinstance(d, SourceDoc)]


def passage_texts(docs: list[SourceDoc]) -> list[tuple[str, str]]:
    """(passage id, text) for every passage the pipeline would index (duplicates included)."""
    out: list[tuple[str, str]] = []
    for doc in docs:
        article = normalise(doc, identity_of(doc))
        if article is not None:
            out.extend((p.id, p.text) for p in split_passages(article))
    return out


def bench_pipeline(docs: list[SourceDoc], profile: bool) -> tuple[float, int, str]:
    """(seconds, passages indexed, profile text) for ``ingest_documents`` into a temp folder."""
    with tempfile.TemporaryDirectory() as tmp:
        profiler = cProfile.Profile() if profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        # issue 2 measures ingest + keyword indexing: quotes and vectors are measured elsewhere
        report = ingest_documents(iter(docs), Path(tmp) / "data", quotes=False, semantic=False)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - start
    text = ""
    if profiler:
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(30)
        buf.write("\n--- by own time ---\n")
        pstats.Stats(profiler, stream=buf).sort_stats("tottime").print_stats(20)
        text = buf.getvalue()
    return seconds, report.passages, text


def bench_plain(passages: list[tuple[str, str]]) -> float:
    """Seconds to index the passages with plain Whoosh (one writer, one commit)."""
    schema = Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=StemmingAnalyzer()))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ix = whoosh_index.create_in(tmp, schema)
        writer = ix.writer()
        for pid, text in passages:
            writer.add_document(id=pid, text=text)
        writer.commit()
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="number of releases")
    parser.add_argument("--tar", type=Path, default=DEFAULT, help="corpus .tar.gz or folder")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of both sides")
    parser.add_argument("--profile", action="store_true", help="cProfile the pipeline run")
    args = parser.parse_args(argv)
    if not args.tar.exists():
        print(f"error: corpus not found: {args.tar}", file=sys.stderr)
        return 2
    docs = load_docs(args.tar, args.n)
    passages = passage_texts(docs)
    print(f"loaded {len(docs)} releases ({len(passages)} passages before dedup) into memory")

    plain_rates: list[float] = []
    pipe_rates: list[float] = []
    pipe_passages = 0
    for round_no in range(1, max(1, args.rounds) + 1):
        plain_s = bench_plain(passages)
        pipe_s, pipe_passages, _ = bench_pipeline(docs, profile=False)
        plain_rates.append(len(passages) / plain_s)
        pipe_rates.append(pipe_passages / pipe_s)
        print(f"round {round_no}: plain whoosh {len(passages)} passages in {plain_s:.1f}s = "
              f"{plain_rates[-1]:,.0f} passages/s; pipeline {len(docs)} releases, "
              f"{pipe_passages} passages in {pipe_s:.1f}s = {len(docs) / pipe_s:,.1f} releases/s, "
              f"{pipe_rates[-1]:,.0f} passages/s; ratio {pipe_rates[-1] / plain_rates[-1]:.2f}x",
              flush=True)
    plain_rate, pipe_rate = max(plain_rates), max(pipe_rates)
    print(f"plain whoosh (best round): {plain_rate:,.0f} passages/s")
    print(f"pipeline (best round):     {pipe_rate * len(docs) / pipe_passages:,.1f} releases/s, "
          f"{pipe_rate:,.0f} passages/s")
    ratios = [b / a for a, b in zip(plain_rates, pipe_rates, strict=True)]
    ratio = pipe_rate / plain_rate
    print(f"ratio of best rates: {ratio:.2f}x plain passages/s (per round "
          f"{min(ratios):.2f}-{max(ratios):.2f}x; target >= {TARGET}x): "
          f"{'OK' if ratio >= TARGET else 'BELOW TARGET'}")
    profile = bench_pipeline(docs, profile=True)[2] if args.profile else ""
    if profile:
        print(profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
