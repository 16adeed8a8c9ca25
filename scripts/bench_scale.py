"""Scale benchmark: end-to-end ingest in-process, on Ray and keyword-first, next to the bare
stages, one run.

Usage: python scripts/bench_scale.py [--n 2000] [--tar PATH] [--batch-size 500]
       [--ray-workers 1 2] [--no-keyword-first] [--out FILE.json] [--plot DIR]

On the first ``--n`` Grimmer releases (in memory; reading the corpus is not timed):
- pipelines, each in a child process of its own (model loading included in its time, as a user
  waits for it): ``ingest_documents`` with quotes and vectors (in-process); the same on a local
  Ray with each of ``--ray-workers`` actors (``indexer.ray_ingest``; starting Ray itself is
  timed apart); keyword-first: ``ingest_documents(semantic=False)`` (all releases keyword- and
  quote-searchable) then ``indexer.embed_later.embed`` (all embedded);
- bare stages on the same releases, in this process, each timed alone with its wall and CPU
  seconds (models loaded before timing): normalisation (``normalise``), spaCy ``nlp.pipe`` over
  the article texts (the quote extractor's model and excluded components), Whoosh
  (StemmingAnalyzer TEXT + ID, one writer) over the passages, and the pipeline's own encoder
  (``load_embedder()``: the same backend and batch size) over the passages and, apart, over the
  quote texts the in-process pipeline stored (it embeds those too).
Prints releases/s per pipeline, the bare encoder's passages/s, each pipeline's passages/s as a
multiple of it (target >= 0.9x), and the restated target: pipeline wall <= 1.15 x (the bare
stages' CPU seconds / the cores used). ``--out`` writes the figures as JSON; ``--plot`` draws
throughput per stage (matplotlib).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

from bench_ingest import DEFAULT, bench_plain, load_docs  # noqa: E402

from indexer.embeddings import available_cores  # noqa: E402
from indexer.ingest import identity_of, ingest_documents  # noqa: E402
from indexer.normalise import normalise  # noqa: E402
from indexer.passages import split_passages  # noqa: E402

CORPUS_RELEASES = 36_000
TARGET_RATE = 20.0  # releases/s: all 36k in 30 minutes
TARGET_OF_ENCODER = 0.9  # pipeline passages/s >= 0.9x the bare encoder's
TARGET_OF_STAGES = 1.15  # pipeline wall <= 1.15 x (bare stages' CPU seconds / cores)


def tree_cpu_seconds() -> float:
    """CPU seconds of this process, its reaped children and its live descendants (Linux
    ``/proc``: Ray's actors and daemons are descendants of the process that started Ray)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    gone = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + gone.ru_utime + gone.ru_stime
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    me = os.getpid()

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == me:
                return True
        return False
    return total + sum(t for pid, t in ticks.items() if descends(pid)) / os.sysconf("SC_CLK_TCK")


def run_in_process(docs: list, data: Path, batch_size: int, result: dict) -> None:
    """Child: the full ingest, in-process."""
    start = time.perf_counter()
    report = ingest_documents(iter(docs), data, batch_size=batch_size)
    result.update(seconds=time.perf_counter() - start, cpu=tree_cpu_seconds(),
                  passages=report.passages, added=report.added, duplicates=report.duplicates)


def run_on_ray(docs: list, data: Path, batch_size: int, result: dict, workers: int) -> None:
    """Child: a local Ray with ``workers`` CPUs (started first, timed apart), then the full
    ingest on ``workers`` actors."""
    import ray

    from indexer.ray_ingest import RaySpec, ingest_documents_on_ray

    start = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    ray_start = time.perf_counter() - start
    start, cpu = time.perf_counter(), tree_cpu_seconds()
    report = ingest_documents_on_ray(iter(docs), data, RaySpec(workers=workers),
                                     batch_size=batch_size)
    result.update(seconds=time.perf_counter() - start, ray_start=ray_start,
                  cpu=tree_cpu_seconds() - cpu, passages=report.passages, added=report.added,
                  duplicates=report.duplicates)
    ray.shutdown()


def run_keyword_first(docs: list, data: Path, batch_size: int, result: dict) -> None:
    """Child: ingest with vectors later (keyword- and quote-searchable), then ``embed``."""
    from indexer.embed_later import embed

    start = time.perf_counter()
    report = ingest_documents(iter(docs), data, batch_size=batch_size, semantic=False)
    searchable, searchable_cpu = time.perf_counter() - start, tree_cpu_seconds()
    embedded = embed(data)
    result.update(seconds=time.perf_counter() - start, searchable=searchable,
                  searchable_cpu=searchable_cpu, cpu=tree_cpu_seconds(),
                  passages=report.passages, added=report.added, duplicates=report.duplicates,
                  embedded_passages=embedded.passages, embedded_quotes=embedded.quotes)


def in_child(target: Callable[..., None], *args: Any) -> dict:
    """Run ``target(*args, result)`` in a spawned child; its figures, or SystemExit."""
    with multiprocessing.Manager() as manager:
        result = manager.dict()
        child = multiprocessing.get_context("spawn").Process(
            target=target, args=(*args[:3], result, *args[3:]))
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"error: {target.__name__} failed (exit {child.exitcode})")
        return dict(result)


def timed(work: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process's threads, result) of ``work()``."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    out = work()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    return wall, (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime), out


def spacy_stage(texts: list[str]) -> Callable[[], None]:
    from indexer.quotes.model import load_nlp

    nlp = load_nlp()

    def work() -> None:
        for _ in nlp.pipe(texts, batch_size=64):
            pass
    return work


def encoder_stage(texts: list[str]) -> Callable[[], Any]:
    """The pipeline's own encoder (``load_embedder()``), loaded and warmed before timing."""
    from indexer.embeddings import load_embedder

    embedder = load_embedder()
    embedder.encode(texts[:32])
    return lambda: embedder.encode(texts)


def quote_texts(data: Path) -> list[str]:
    """The texts the pipeline embedded for the quotes it stored in ``data``."""
    from indexer.quote_index import quote_embedding_text, quote_rows
    from indexer.store import Store

    store = Store.open(data, readonly=True)
    try:
        return [quote_embedding_text(r["speaker_name"], r["text"])
                for r in quote_rows(store, store.all_article_ids())]
    finally:
        store.close()


def plot(figures: dict, out_dir: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    rows = {k: v["wall"] for k, v in figures["stages"].items()}
    for name, run in figures["pipelines"].items():
        if "searchable" in run:
            rows[f"{name}: searchable"] = run["searchable"]
            name = f"{name}: embedded"
        rows[name] = run["seconds"]
    names = list(rows)
    rates = [figures["releases"] / rows[k] for k in names]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    colours = ["#4c72b0" if k in figures["stages"] else "#c44e52" for k in names]
    bars = ax.barh(names, rates, color=colours)
    ax.bar_label(bars, fmt="%.1f", fontsize=8)
    ax.axvline(TARGET_RATE, color="k", ls=":", label=f"target {TARGET_RATE:.0f} releases/s")
    ax.set_xscale("log")
    ax.set_xlabel("releases/s (log scale)")
    ax.set_title(f"{figures['releases']} Grimmer releases: bare stages (blue), pipelines (red)",
                 fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = out_dir / "throughput_per_stage.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def load() -> str:
    """The load averages (1, 5, 15 min), as uptime prints them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bare_stages(docs: list, quotes: list[str]) -> tuple[dict[str, dict[str, float]], int]:
    """Wall and CPU seconds of each bare stage over ``docs`` (and the quote texts), and the
    number of passages."""
    norm_wall, norm_cpu, normalised = timed(lambda: [normalise(d, identity_of(d)) for d in docs])
    articles = [a for a in normalised if a is not None]
    passages = [(p.id, p.text) for a in articles for p in split_passages(a)]
    stages = {"bare normalise": {"wall": norm_wall, "cpu": norm_cpu}}
    for name, work in (("bare spaCy nlp.pipe", spacy_stage([a.text for a in articles])),
                       ("bare Whoosh", lambda: bench_plain(passages)),
                       ("bare encoder, passages", encoder_stage([t for _, t in passages])),
                       ("bare encoder, quotes", encoder_stage(quotes))):
        wall, cpu, _ = timed(work)
        stages[name] = {"wall": wall, "cpu": cpu}
    return stages, len(passages)


def verdict(name: str, run: dict, n: int, passages: int, encoder_s: float, bare_cpu: float,
            cores: int) -> None:
    """Print a pipeline's rates and its standing against both targets (into ``run`` too)."""
    seconds = run["seconds"]
    if "searchable" in run:
        print(f"{name:24s} keyword- and quote-searchable after {run['searchable']:.1f}s "
              f"({n / run['searchable']:.1f} releases/s, {run['searchable_cpu']:.0f} CPU s); "
              f"all embedded after {seconds:.1f}s ({n / seconds:.1f} releases/s)")
    else:
        print(f"{name:24s} {seconds:7.1f}s  {n / seconds:6.2f} releases/s  "
              f"{passages / seconds:6.1f} passages/s")
    run["of_encoder"] = encoder_s / seconds
    run["of_bound"] = seconds / (bare_cpu / cores)
    run["cpu_of_bare"] = run["cpu"] / bare_cpu
    print(f"{'':24s} {run['of_encoder']:.2f}x the bare encoder's passages/s (target >= "
          f"{TARGET_OF_ENCODER}x); wall {run['of_bound']:.2f}x bare CPU s / {cores} cores "
          f"(target <= {TARGET_OF_STAGES}x); its CPU {run['cpu']:.0f}s = "
          f"{run['cpu_of_bare']:.2f}x the bare stages' (it got {run['cpu'] / seconds:.2f} cores)",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="number of releases")
    parser.add_argument("--tar", type=Path, default=DEFAULT, help="corpus .tar.gz or folder")
    parser.add_argument("--batch-size", type=int, default=500, help="ingest batch size")
    parser.add_argument("--ray-workers", type=int, nargs="*", default=[2, 1],
                        help="Ray local runs, one per actor count (none: skip Ray)")
    parser.add_argument("--no-keyword-first", action="store_true",
                        help="skip the keyword-first run")
    parser.add_argument("--out", type=Path, default=None, help="write figures as JSON here")
    parser.add_argument("--plot", type=Path, default=None, help="write the PNG plot here")
    args = parser.parse_args(argv)
    if not args.tar.exists():
        print(f"error: corpus not found: {args.tar}", file=sys.stderr)
        return 2
    docs = load_docs(args.tar, args.n)
    n, cores = len(docs), available_cores()
    print(f"{n} releases; load at start {load()} on {cores} cores", flush=True)
    pipelines: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        pipelines["in-process"] = in_child(run_in_process, docs, Path(tmp) / "inproc",
                                           args.batch_size)
        quotes = quote_texts(Path(tmp) / "inproc")
    print(f"in-process pipeline done (load {load()}); the bare stages:", flush=True)
    stages, passages = bare_stages(docs, quotes)
    bare_cpu = sum(v["cpu"] for v in stages.values())
    encoder_s = stages["bare encoder, passages"]["wall"]
    for name, v in stages.items():
        print(f"{name:24s} {v['wall']:7.1f}s wall {v['cpu']:7.1f}s CPU  "
              f"{n / v['wall']:8.1f} releases/s")
    print(f"{passages} passages before dedup ({pipelines['in-process']['passages']} indexed), "
          f"{len(quotes)} quotes; bare encoder {passages / encoder_s:.1f} passages/s; bare "
          f"stages {bare_cpu:.1f} CPU s / {cores} cores = {bare_cpu / cores:.1f}s "
          f"(x{TARGET_OF_STAGES} = {TARGET_OF_STAGES * bare_cpu / cores:.1f}s); load {load()}",
          flush=True)
    figures = {"releases": n, "passages": passages, "quotes": len(quotes), "cores": cores,
               "stages": stages, "pipelines": pipelines, "batch_size": args.batch_size,
               "bare_encoder_passages_per_s": passages / encoder_s}
    judge = lambda name: verdict(name, pipelines[name], n, passages, encoder_s,  # noqa: E731
                                 bare_cpu, cores)
    judge("in-process")
    with tempfile.TemporaryDirectory() as tmp:
        for workers in args.ray_workers:
            name = f"Ray local, {workers} worker{'s' if workers > 1 else ''}"
            pipelines[name] = in_child(run_on_ray, docs, Path(tmp) / f"ray{workers}",
                                       args.batch_size, workers)
            print(f"({pipelines[name]['ray_start']:.1f}s starting Ray, not counted; load "
                  f"{load()})")
            judge(name)
        if not args.no_keyword_first:
            pipelines["keyword-first"] = in_child(run_keyword_first, docs, Path(tmp) / "kwf",
                                                  args.batch_size)
            judge("keyword-first")
    best = min(v["seconds"] for v in pipelines.values())
    print(f"projected for {CORPUS_RELEASES:,} releases at the best pipeline's rate: "
          f"{CORPUS_RELEASES / (n / best) / 60:.0f} min; load at end {load()}")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1))
    if args.plot:
        print(f"wrote {plot(figures, args.plot)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
