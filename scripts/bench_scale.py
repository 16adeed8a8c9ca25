"""Scale benchmark: end-to-end ingest with everything on, next to the plain components, one run.

Usage: python scripts/bench_scale.py [--n 2000] [--tar PATH] [--batch-size 500] [--out FILE.json]
       [--plot DIR]

On the first ``--n`` Grimmer releases (in memory; reading the corpus is not timed):
- pipeline: ``ingest_documents`` with quotes and vectors into a fresh folder, in a child process
  (its peak RSS is reported; model loading is included in its time);
- plain components on the same releases, in this process, each timed alone: normalisation
  (``normalise``), spaCy ``nlp.pipe`` over the article texts (the same installed model and
  excluded components as the quote extractor), Whoosh (StemmingAnalyzer TEXT + ID, one writer)
  over the passages, and float32 ``SentenceTransformer.encode(batch_size=32)`` over the passages
  (models loaded before timing).
Prints releases/s for each, the sum of the plain components, and the projection for 36k releases.
``--out`` writes the figures as JSON; ``--plot`` draws throughput per stage (matplotlib).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from bench_ingest import DEFAULT, bench_plain, load_docs  # noqa: E402

from indexer.ingest import identity_of, ingest_documents  # noqa: E402
from indexer.normalise import normalise  # noqa: E402
from indexer.passages import split_passages  # noqa: E402

CORPUS_RELEASES = 36_000
TARGET_RATE = 20.0  # releases/s: all 36k in 30 minutes


def run_pipeline(docs: list, data: Path, batch_size: int, result: dict) -> None:
    """Child process: the full ingest; puts seconds and the report's counts in ``result``."""
    start = time.perf_counter()
    report = ingest_documents(iter(docs), data, batch_size=batch_size)
    result.update(seconds=time.perf_counter() - start, passages=report.passages,
                  added=report.added, duplicates=report.duplicates)


def time_normalise(docs: list) -> tuple[float, list]:
    start = time.perf_counter()
    articles = [normalise(d, identity_of(d)) for d in docs]
    return time.perf_counter() - start, [a for a in articles if a is not None]


def time_spacy(texts: list[str]) -> float:
    from indexer.quotes.model import load_nlp

    nlp = load_nlp()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - start


def time_encode(texts: list[str]) -> float:
    from indexer.embeddings import default_model_path, load_sentence_transformer

    model = load_sentence_transformer(default_model_path(), "float32")
    model.encode(texts[:32], batch_size=32)  # warm
    start = time.perf_counter()
    model.encode(texts, batch_size=32)
    return time.perf_counter() - start


def plot(figures: dict, out_dir: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    stages = figures["stages"]
    names = list(stages)
    rates = [figures["releases"] / stages[k] for k in names]
    fig, ax = plt.subplots(figsize=(8, 4))
    bars = ax.barh(names, rates, color=["#4c72b0"] * (len(names) - 2) + ["#999999", "#c44e52"])
    ax.bar_label(bars, fmt="%.1f", fontsize=8)
    ax.axvline(TARGET_RATE, color="k", ls=":", label=f"target {TARGET_RATE:.0f} releases/s")
    ax.set_xscale("log")
    ax.set_xlabel("releases/s (log scale)")
    ax.set_title(f"Ingest throughput per stage, {figures['releases']} Grimmer releases")
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = out_dir / "throughput_per_stage.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="number of releases")
    parser.add_argument("--tar", type=Path, default=DEFAULT, help="corpus .tar.gz or folder")
    parser.add_argument("--batch-size", type=int, default=500, help="ingest batch size")
    parser.add_argument("--out", type=Path, default=None, help="write figures as JSON here")
    parser.add_argument("--plot", type=Path, default=None, help="write the PNG plot here")
    args = parser.parse_args(argv)
    if not args.tar.exists():
        print(f"error: corpus not found: {args.tar}", file=sys.stderr)
        return 2
    docs = load_docs(args.tar, args.n)
    n = len(docs)
    with tempfile.TemporaryDirectory() as tmp, multiprocessing.Manager() as manager:
        result = manager.dict()
        child = multiprocessing.get_context("spawn").Process(
            target=run_pipeline, args=(docs, Path(tmp) / "data", args.batch_size, result))
        child.start()
        child.join()
        if child.exitcode != 0:
            print(f"error: the pipeline run failed (exit {child.exitcode})", file=sys.stderr)
            return 1
        pipeline = dict(result)
    pipeline_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    norm_s, articles = time_normalise(docs)
    passages = [(p.id, p.text) for a in articles for p in split_passages(a)]
    texts = [t for _, t in passages]
    stages = {
        "plain normalise": norm_s,
        "plain spaCy nlp.pipe": time_spacy([a.text for a in articles]),
        "plain Whoosh": bench_plain(passages),
        "plain encode": time_encode(texts),
    }
    stages["sum of plain components"] = sum(stages.values())
    stages["pipeline (quotes + vectors)"] = pipeline["seconds"]
    print(f"{n} releases, {len(passages)} passages ({pipeline['passages']} indexed after "
          f"{pipeline['duplicates']} duplicates)")
    for name, seconds in stages.items():
        print(f"{name:30s} {seconds:7.1f}s  {n / seconds:8.1f} releases/s  "
              f"{len(passages) / seconds:8.0f} passages/s")
    rate = n / pipeline["seconds"]
    speedup = stages["sum of plain components"] / pipeline["seconds"]
    print(f"pipeline vs sum of plain components: {speedup:.2f}x")
    print(f"projected for {CORPUS_RELEASES:,} releases: {CORPUS_RELEASES / rate / 60:.0f} min "
          f"(target <= 30 min, >= {TARGET_RATE:.0f} releases/s): "
          f"{'OK' if rate >= TARGET_RATE else 'BELOW TARGET'}")
    print(f"pipeline peak RSS: {pipeline_rss:,.0f} MiB; this process (plain components) "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
    figures = {"releases": n, "passages": len(passages), "stages": stages,
               "pipeline_peak_rss_mib": pipeline_rss, "batch_size": args.batch_size}
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1))
    if args.plot:
        print(f"wrote {plot(figures, args.plot)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
