"""Importers for the real press-release corpora: pure parsers from a corpus file to a SourceDoc.

Each corpus module parses one file at a time (relative path + bytes -> ``SourceDoc`` or ``Skip``);
this module holds what their import scripts share: walking a corpus tarball or extracted folder,
the command-line arguments, and printing the ingest report.
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def iter_corpus_files(
    path: Path, wanted: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Yield (path relative to the corpus root, bytes) for each file of a corpus.

    ``path`` is a ``.tar.gz`` (streamed member by member, nothing extracted; the root is its
    top folder) or an extracted folder (the root is that folder). ``wanted`` filters on the
    relative path before any bytes are read.
    """
    path = Path(path)
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = file.relative_to(path).as_posix()
            if wanted is None or wanted(rel):
                yield rel, file.read_bytes()
        return
    with tarfile.open(path, mode="r|*") as tar:
        for member in tar:
            if not member.isfile():
                continue
            parts = member.name.lstrip("./").split("/", 1)
            rel = parts[1] if len(parts) == 2 else parts[0]
            if wanted is not None and not wanted(rel):
                continue
            handle = tar.extractfile(member)
            if handle is not None:
                yield rel, handle.read()


def import_arguments(description: str, default: Path, unit: str) -> argparse.ArgumentParser:
    """The arguments every import script takes: the corpus PATH, ``--data`` and ``--limit``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("path", nargs="?", type=Path, default=default,
                        help="corpus .tar.gz or extracted folder")
    parser.add_argument("--data", type=Path, default=Path("data"), help="OnRecord data folder")
    parser.add_argument("--limit", type=int, default=None, help=f"import at most N {unit}")
    return parser


def print_import_report(report: Any) -> None:
    """Skips one line each on stderr; the report, with the skip count, as JSON on stdout."""
    for skip in report.skipped:
        print(f"skipped {skip.origin}: {skip.reason}", file=sys.stderr)
    print(json.dumps({k: v for k, v in report.to_dict().items() if k != "skipped"}
                     | {"skipped": len(report.skipped)}))
