"""Importers for the real press-release corpora: pure parsers from a corpus file to a SourceDoc.

Each corpus module parses one file at a time (relative path + bytes -> ``SourceDoc`` or ``Skip``);
this module holds what their import scripts share: walking a corpus tarball or extracted folder,
the command-line arguments, and printing the ingest report.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tarfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def _corpus_members(
    path: Path, wanted: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, Callable[[], bytes | None]]]:
    """Yield (path relative to the corpus root, a reader of its bytes) for each file of a
    corpus, filtered on the relative path before anything is read. In a tarball, the reader
    works only until the walk moves on (the archive is streamed)."""
    path = Path(path)
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = file.relative_to(path).as_posix()
            if wanted is None or wanted(rel):
                yield rel, file.read_bytes
        return
    with tarfile.open(path, mode="r|*") as tar:
        for member in tar:
            if not member.isfile():
                continue
            parts = member.name.lstrip("./").split("/", 1)
            rel = parts[1] if len(parts) == 2 else parts[0]
            if wanted is None or wanted(rel):
                yield rel, lambda m=member: _read_member(tar, m)


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes | None:
    handle = tar.extractfile(member)
    return handle.read() if handle is not None else None


def iter_corpus_files(
    path: Path, wanted: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Yield (path relative to the corpus root, bytes) for each file of a corpus.

    ``path`` is a ``.tar.gz`` (streamed member by member, nothing extracted; the root is its
    top folder) or an extracted folder (the root is that folder). ``wanted`` filters on the
    relative path before any bytes are read.
    """
    for rel, read in _corpus_members(path, wanted):
        data = read()
        if data is not None:
            yield rel, data


def count_corpus_files(path: Path, wanted: Callable[[str], bool] | None = None) -> int:
    """How many files ``iter_corpus_files`` will yield, from names alone (for a progress total:
    a tarball is read once more, its members' bytes skipped)."""
    return sum(1 for _ in _corpus_members(path, wanted))


class ProgressBar:
    """A tqdm bar on stderr with its rate and ETA, ``update(n)`` per document done; where stderr
    is no terminal (a log file) it redraws at most every 30 s, one line each time. The rate is
    a moving average weighted to recent batches, so the ETA of a resumed import is not led
    astray by the stored releases it skipped through at the start."""

    def __init__(self, total: int | None, unit: str) -> None:
        from tqdm import tqdm

        tty = sys.stderr.isatty()
        self._bar = tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=tty,
                         mininterval=0.5 if tty else 30.0, smoothing=0.3, ascii=not tty)

    def update(self, count: int) -> None:
        self._bar.update(count)

    def close(self) -> None:
        self._bar.close()


def peak_rss_mib() -> dict[str, float]:
    """Peak resident memory of this process and of its largest finished child, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mib": round(own, 1), "peak_child_rss_mib": round(children, 1)}


def import_arguments(description: str, default: Path, unit: str) -> argparse.ArgumentParser:
    """The arguments every import script takes: the corpus PATH, ``--data`` and ``--limit``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("path", nargs="?", type=Path, default=default,
                        help="corpus .tar.gz or extracted folder")
    parser.add_argument("--data", type=Path, default=Path("data"), help="OnRecord data folder")
    parser.add_argument("--limit", type=int, default=None, help=f"import at most N {unit}")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    return parser


def unindexed_count(data_dir: Path) -> int:
    """How many stored articles under ``data_dir`` wait to be indexed (0 with no store yet)."""
    from indexer.store import Store

    if not (Path(data_dir) / "store.sqlite3").exists():
        return 0
    store = Store.open(data_dir, readonly=True)
    try:
        return len(store.unindexed_article_ids())
    finally:
        store.close()


def run_import(args: argparse.Namespace, docs: Iterator[Any], total: Callable[[], int],
               unit: str) -> None:
    """Ingest an importer's documents into ``args.data`` with a progress bar (``total()``
    counts the documents; not called with ``--no-progress``), then print the report."""
    from indexer.ingest import ingest_documents

    start = time.perf_counter()
    resumed = unindexed_count(args.data)
    if resumed:
        units = unit if resumed == 1 else f"{unit}s"
        print(f"resuming: indexing {resumed:,} stored {units} an interrupted run left unindexed, "
              "then skipping the stored ones", file=sys.stderr, flush=True)
    bar = None
    if not args.no_progress:
        bar = ProgressBar(total() if args.limit is None else min(total(), args.limit), unit)
    try:
        report = ingest_documents(docs, args.data, progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    print_import_report(report, time.perf_counter() - start)


def print_import_report(report: Any, seconds: float | None = None) -> None:
    """Skips one line each on stderr; the report, with the skip count, the seconds taken and
    peak memory, as JSON on stdout."""
    for skip in report.skipped:
        print(f"skipped {skip.origin}: {skip.reason}", file=sys.stderr)
    timing = {} if seconds is None else {"seconds": round(seconds, 1)}
    print(json.dumps({k: v for k, v in report.to_dict().items() if k != "skipped"}
                     | {"skipped": len(report.skipped)} | timing | peak_rss_mib()))
