"""Embedding and vector-index benchmark: prints throughput, quality and search latency figures.

Usage: python scripts/bench_embed.py [--data PATH] [--n 1500] [--bf16-n 200] [--rows 300000]

Embedding: ``--n`` passages from Senate press releases (the Grimmer tarball, or its extracted
folder), split by ``indexer.passages.split_passages`` (blank-line paragraphs if unavailable).
Prints passages/s for plain ``SentenceTransformer.encode(batch_size=32)``, for our ``Embedder``
in float32 and in bfloat16 (on the first ``--bf16-n`` passages: bfloat16 is ~10x slower on CPUs
without AMX), and the mean cosine of bfloat16 to float32 vectors.
Vector index: build (add + commit) time for ``--rows`` random float16 unit vectors of dimension
384, then p50/p95 latency of 200 searches (k=10) unfiltered, with an id-set filter allowing 1%
and 50% of the rows, a boolean mask allowing 50%, and end to end (query embedding + search).
"""

from __future__ import annotations

import argparse
import random
import sys
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from indexer.embeddings import (  # noqa: E402
    Embedder,
    default_model_path,
    load_sentence_transformer,
    resolve_precision,
)
from indexer.vectors import VectorIndex  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"
TARBALL = "grimmer-senate-press-releases.tar.gz"
EXTRACTED = Path("/tmp/data/grimmer-senate-press-releases")
SAMPLE_RATE = 16  # keep about one release in 16, spread over every senator
QUERIES = 200


def iter_releases(path: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of a deterministic sample of releases from a tarball or extracted folder."""
    if path.is_dir() and (path / TARBALL).is_file():
        path = path / TARBALL
    if path.is_dir():
        for file in sorted(path.rglob("*.txt")):
            if zlib.crc32(file.name.encode()) % SAMPLE_RATE == 0:
                yield file.name, file.read_text(encoding="utf-8", errors="replace")
        return
    with tarfile.open(path, "r|*") as tar:
        for member in tar:
            name = member.name.rsplit("/", 1)[-1]
            if member.isfile() and name.endswith(".txt"):
                if zlib.crc32(name.encode()) % SAMPLE_RATE == 0:
                    yield name, tar.extractfile(member).read().decode("utf-8", errors="replace")


def split_text(name: str, text: str) -> list[str]:
    """Passages of one release: the project's splitter when importable, else its paragraphs."""
    body = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    try:
        from indexer.passages import split_passages
        from indexer.records import Article
    except ImportError:
        return body.split("\n\n")
    article = Article(id=name, origin=name, title="", text=body, paragraphs=body.split("\n\n"))
    return [p.text for p in split_passages(article)]


def load_passages(path: Path, n: int) -> list[str]:
    """``n`` passages from releases taken in a seeded random order."""
    releases = list(iter_releases(path))
    random.Random(0).shuffle(releases)
    passages: list[str] = []
    for name, text in releases:
        passages.extend(split_text(name, text))
        if len(passages) >= n:
            break
    return passages[:n]


def timed(function, items: list[str]) -> tuple[float, object]:
    """(seconds, result) of one call of ``function(items)``."""
    start = time.perf_counter()
    result = function(items)
    return time.perf_counter() - start, result


def interleaved(first, second, items: list[str], chunk: int) -> tuple[float, float, np.ndarray]:
    """Total seconds of ``first`` and ``second`` over ``items`` in alternating chunks, and the
    rows of ``second``; alternating keeps load from other processes from favouring either."""
    totals, rows = [0.0, 0.0], []
    for number, at in enumerate(range(0, len(items), chunk)):
        part = items[at : at + chunk]
        order = (0, 1) if number % 2 == 0 else (1, 0)
        for which in order:
            seconds, result = timed((first, second)[which], part)
            totals[which] += seconds
            if which == 1:
                rows.append(result)
    return totals[0], totals[1], np.concatenate(rows)


def percentiles(seconds: list[float]) -> str:
    p50, p95 = np.percentile(np.array(seconds) * 1000, [50, 95])
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"


def bench_embedding(passages: list[str], bf16_n: int, chunk: int) -> Embedder:
    """Print throughput of plain sentence-transformers vs ours, and bf16 quality; return fp32."""
    plain = load_sentence_transformer(default_model_path(), "float32")
    ours = Embedder(precision="float32")
    low = Embedder(precision="bfloat16")
    warm = passages[:16]
    plain.encode(warm, batch_size=32)
    ours.encode(warm)
    low.encode(warm[:4])
    words = sum(len(p.split()) for p in passages) / len(passages)
    print(f"passages: {len(passages)} (mean {words:.0f} words); torch threads: {_threads()}")
    plain_s, ours_s, full = interleaved(
        lambda xs: plain.encode(xs, batch_size=32), ours.encode, passages, chunk
    )
    n = len(passages)
    print(f"plain SentenceTransformer.encode bs=32: {n / plain_s:7.1f} passages/s")
    print(f"Embedder float32 (bs={ours.batch_size}):         {n / ours_s:7.1f} passages/s "
          f"({plain_s / ours_s:.2f}x plain; alternating chunks of {chunk})")
    subset = passages[:bf16_n]
    low_s, reduced = timed(low.encode, subset)
    cosines = np.sum(reduced * full[: len(subset)], axis=1)
    print(f"Embedder bfloat16 on {len(subset)} passages:     {len(subset) / low_s:7.1f} passages/s; "
          f"cosine to float32 mean {cosines.mean():.4f} min {cosines.min():.4f}")
    print(f"precision='auto' picks {resolve_precision('auto')} on this CPU")
    return ours


def _threads() -> int:
    import torch

    return torch.get_num_threads()


def bench_index(rows: int, embedder: Embedder | None, queries: list[str]) -> None:
    """Print build time and search latencies over ``rows`` random float16 unit vectors."""
    dim = 384
    rng = np.random.default_rng(0)
    ids = [f"{i // 8:x}:{i % 8}" for i in range(rows)]
    with tempfile.TemporaryDirectory() as tmp:
        index = VectorIndex.open(Path(tmp) / "vectors", dim)
        start = time.perf_counter()
        for at in range(0, rows, 50_000):
            chunk = rng.standard_normal((min(50_000, rows - at), dim), dtype=np.float32)
            index.add(ids[at : at + len(chunk)], chunk)
        index.commit()
        built = time.perf_counter() - start
        size = sum(f.stat().st_size for f in (Path(tmp) / "vectors").iterdir()) / 2**20
        print(f"vector index: {rows} x {dim} float16 built (add + commit) in {built:.2f} s, "
              f"{size:.0f} MiB on disk")
        start = time.perf_counter()
        index = VectorIndex.open(Path(tmp) / "vectors", dim)
        print(f"reopen: {time.perf_counter() - start:.2f} s")
        probes = rng.standard_normal((QUERIES, dim), dtype=np.float32)
        filters = {
            "no filter": None,
            "filter 1%": set(random.Random(1).sample(ids, rows // 100)),
            "filter 50%": set(random.Random(2).sample(ids, rows // 2)),
            "mask 50%": np.random.default_rng(3).random(len(index)) < 0.5,
        }
        for label, allowed in filters.items():
            index.search(probes[0], 10, allowed)
            seconds, short = [], 0
            for probe in probes:
                start = time.perf_counter()
                hits = index.search(probe, 10, allowed)
                seconds.append(time.perf_counter() - start)
                short += len(hits) < 10
            print(f"search k=10 {label:11s} {percentiles(seconds)}  (short results: {short})")
        if embedder is not None:
            seconds = []
            for text in queries:
                start = time.perf_counter()
                index.search(embedder.encode_query(text), 10)
                seconds.append(time.perf_counter() - start)
            print(f"embed query + search k=10   {percentiles(seconds)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder holding the Grimmer tarball, the tarball, or its extraction")
    parser.add_argument("--n", type=int, default=1500, help="passages to embed")
    parser.add_argument("--bf16-n", type=int, default=200, help="passages to embed in bfloat16")
    parser.add_argument("--chunk", type=int, default=250,
                        help="passages per alternating plain/ours timing chunk")
    parser.add_argument("--rows", type=int, default=300_000, help="rows in the synthetic index")
    args = parser.parse_args(argv)
    data = args.data
    if not data.exists() and EXTRACTED.is_dir():
        data = EXTRACTED
    if not data.exists():
        print(f"{data}: not found (give --data)", file=sys.stderr)
        return 2
    passages = load_passages(data, args.n)
    if not passages:
        print(f"{data}: no Senate press releases found", file=sys.stderr)
        return 2
    embedder = bench_embedding(passages, args.bf16_n, args.chunk)
    queries = [" ".join(p.split()[:8]) for p in passages[:QUERIES]]
    bench_index(args.rows, embedder, queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
