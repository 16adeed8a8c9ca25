"""Embedding and vector-index benchmark: prints throughput, quality and search latency figures.

Usage: python scripts/bench_embed.py [--data PATH] [--n 1000] [--words 0]
       [--backends torch,onnx,onnx-int8] [--cache DIR] [--bf16-n 200] [--rows 300000] [--repeat 1]

Embedding: ``--n`` passages from Senate press releases (the Grimmer tarball, or its extracted
folder), split by ``indexer.passages.split_passages`` (blank-line paragraphs if unavailable),
and with ``--words`` a release's consecutive passages joined to longer ones.
Prints passages/s for plain ``SentenceTransformer.encode(batch_size=32)`` and for our
``Embedder`` with each backend in ``--backends`` (ONNX exports kept in ``--cache``), all timed in
alternating chunks so load from other processes spreads evenly over them, and each one's mean and
minimum cosine to the plain float32 vectors. Then bfloat16 on the first ``--bf16-n`` passages
(~10x slower on CPUs without AVX-512 BF16 or AMX; 0 skips it; ``--bf16-n`` of at least ``--n``
times it in the same alternating chunks as the others).
Vector index (``--rows`` 0 skips it): build (add + commit) time for ``--rows`` random float16
unit vectors of dimension 384, then p50/p95 latency of 200 searches (k=10) unfiltered, with an
id-set filter allowing 1% and 50% of the rows, a boolean mask allowing 50%, and end to end (query
embedding + search) with the ``backend="auto"`` embedder.
"""

from __future__ import annotations

import argparse
import random
import sys
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

import numpy as np  # noqa: E402

from indexer.embeddings import (  # noqa: E402
    BACKENDS,
    Embedder,
    default_cache_dir,
    default_model_path,
    load_sentence_transformer,
    onnx_available,
    resolve_backend,
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


def joined(passages: list[str], words: int) -> list[str]:
    """Consecutive passages joined until each has at least ``words`` words (0: unchanged)."""
    if words <= 0:
        return passages
    out: list[str] = []
    for passage in passages:
        if out and len(out[-1].split()) < words:
            out[-1] += "\n\n" + passage
        else:
            out.append(passage)
    return out


def load_passages(path: Path, n: int, words: int = 0) -> list[str]:
    """``n`` passages from releases taken in a seeded random order, those of each release
    joined to at least ``words`` words when ``words`` is given."""
    releases = list(iter_releases(path))
    random.Random(0).shuffle(releases)
    passages: list[str] = []
    for name, text in releases:
        passages.extend(joined(split_text(name, text), words))
        if len(passages) >= n:
            break
    return passages[:n]


def timed(function, items: list[str]) -> tuple[float, object]:
    """(seconds, result) of one call of ``function(items)``."""
    start = time.perf_counter()
    result = function(items)
    return time.perf_counter() - start, result


def interleaved(functions: dict[str, Callable], items: list[str], chunk: int
                ) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Total seconds and rows of each function over ``items`` in chunks, the order of the
    functions rotating from chunk to chunk so that load from other processes favours none."""
    names = list(functions)
    totals, rows = dict.fromkeys(names, 0.0), {name: [] for name in names}
    for number, at in enumerate(range(0, len(items), chunk)):
        part = items[at : at + chunk]
        turn = number % len(names)
        for name in names[turn:] + names[:turn]:
            seconds, result = timed(functions[name], part)
            totals[name] += seconds
            rows[name].append(np.asarray(result))
    return totals, {name: np.concatenate(parts) for name, parts in rows.items()}


def percentiles(seconds: list[float]) -> str:
    p50, p95 = np.percentile(np.array(seconds) * 1000, [50, 95])
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"


def bench_embedding(passages: list[str], backends: list[str], cache: Path, bf16_n: int,
                    chunk: int, repeat: int) -> None:
    """Print throughput of plain sentence-transformers and of our Embedder per backend, and each
    one's cosine to plain float32; then bfloat16 speed and quality on a subset."""
    plain = load_sentence_transformer(default_model_path(), "float32")
    embedders = [Embedder(precision="float32", backend=b, cache_dir=cache) for b in backends]
    ours = {f"Embedder {e.backend} bs={e.batch_size}": e for e in embedders}
    functions = {"plain ST.encode bs=32": lambda xs: plain.encode(
        xs, batch_size=32, normalize_embeddings=True)}
    functions.update({name: e.encode for name, e in ours.items()})
    if bf16_n >= len(passages):  # bfloat16 over every passage: time it in the same rotation
        low = Embedder(precision="bfloat16", backend="torch")
        functions[f"Embedder torch bf16 bs={low.batch_size}"] = low.encode
        bf16_n = 0
    for function in functions.values():
        function(passages[:16])
    words = sum(len(p.split()) for p in passages) / len(passages)
    tokens = np.mean(next(iter(ours.values())).token_lengths(passages)) if ours else 0.0
    print(f"passages: {len(passages)} (mean {words:.0f} words, {tokens:.0f} tokens); "
          f"threads: {_threads()}; "
          f"ONNX cache: {cache}")
    n, base = len(passages), "plain ST.encode bs=32"
    for run in range(1, repeat + 1):
        seconds, rows = interleaved(functions, passages, chunk)
        print(f"run {run} (alternating chunks of {chunk}):")
        for name, spent in seconds.items():
            cosines = np.sum(rows[name] * rows[base], axis=1)
            print(f"  {name:24s} {n / spent:7.1f} passages/s  {seconds[base] / spent:5.2f}x plain"
                  f"  cosine to plain mean {cosines.mean():.4f} min {cosines.min():.4f}")
    if bf16_n > 0:
        low, subset = Embedder(precision="bfloat16", backend="torch"), passages[:bf16_n]
        low.encode(subset[:4])
        low_s, reduced = timed(low.encode, subset)
        cosines = np.sum(reduced * rows[base][: len(subset)], axis=1)
        print(f"Embedder torch bfloat16 on {len(subset)} passages: {len(subset) / low_s:7.1f} "
              f"passages/s; cosine to float32 mean {cosines.mean():.4f} min {cosines.min():.4f}")
    auto = resolve_precision("auto")
    print(f"precision='auto' picks {auto}, backend='auto' picks {resolve_backend('auto', auto)}"
          " on this CPU")


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
    parser.add_argument("--n", type=int, default=1000, help="passages to embed")
    parser.add_argument("--words", type=int, default=0,
                        help="join a release's consecutive passages to at least this many words"
                             " (180 words is about 240 tokens); 0 keeps the project's passages")
    default_backends = [b for b in BACKENDS[1:] if b == "torch" or onnx_available()]
    parser.add_argument("--backends", default=",".join(default_backends),
                        help="comma-separated Embedder backends to compare (float32 weights)")
    parser.add_argument("--cache", type=Path, default=default_cache_dir(),
                        help="folder for the ONNX exports (made once, then reused)")
    parser.add_argument("--bf16-n", type=int, default=200, help="passages to embed in bfloat16")
    parser.add_argument("--chunk", type=int, default=100,
                        help="passages per timing chunk; the variants alternate between chunks")
    parser.add_argument("--repeat", type=int, default=1, help="timing runs over the passages")
    parser.add_argument("--rows", type=int, default=300_000, help="rows in the synthetic index")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = [b for b in backends if b not in BACKENDS]
    if unknown:
        print(f"--backends: unknown {', '.join(unknown)} (choose from {', '.join(BACKENDS)})",
              file=sys.stderr)
        return 2
    data = args.data
    if not data.exists() and EXTRACTED.is_dir():
        data = EXTRACTED
    if not data.exists():
        print(f"{data}: not found (give --data)", file=sys.stderr)
        return 2
    passages = load_passages(data, args.n, args.words)
    if not passages:
        print(f"{data}: no Senate press releases found", file=sys.stderr)
        return 2
    bench_embedding(passages, backends, args.cache, args.bf16_n, args.chunk, args.repeat)
    if args.rows > 0:
        queries = [" ".join(p.split()[:8]) for p in passages[:QUERIES]]
        bench_index(args.rows, Embedder(cache_dir=args.cache), queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
