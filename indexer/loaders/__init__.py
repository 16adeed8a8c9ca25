"""Loaders: turn files, archives and URLs into ``SourceDoc`` records (or ``Skip`` reasons).

Dispatch is by file name. Every loader has the shape
``load_x(data: bytes, origin: str, options: LoadOptions) -> Iterator[SourceDoc | Skip]`` and never
raises for bad input: it yields a ``Skip`` naming the origin and the reason instead.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc

Loaded = Iterator[SourceDoc | Skip]
Loader = Callable[[bytes, str, LoadOptions], Loaded]

TEXT_EXTS = (".txt", ".text", ".md")
HTML_EXTS = (".html", ".htm", ".xhtml", ".shtml")
WARC_EXTS = (".warc", ".warc.gz")
ARCHIVE_EXTS = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
JSONL_EXTS = (".jsonl", ".ndjson", ".json")
CSV_EXTS = (".csv", ".tsv")
URL_LIST_EXTS = (".urls",)


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _loader_for(name: str) -> Loader | None:
    """Pick the loader for a file name, or None for an unknown extension."""
    lower = name.lower()
    if lower.endswith(WARC_EXTS):
        from indexer.loaders.warc import load_warc

        return load_warc
    if lower.endswith(ARCHIVE_EXTS):
        from indexer.loaders.archives import load_archive

        return load_archive
    if lower.endswith(HTML_EXTS):
        from indexer.loaders.html import load_html

        return load_html
    if lower.endswith(JSONL_EXTS):
        from indexer.loaders.tabular import load_jsonl

        return load_jsonl
    if lower.endswith(CSV_EXTS):
        from indexer.loaders.tabular import load_csv

        return load_csv
    if lower.endswith(URL_LIST_EXTS):
        return load_url_list
    if lower.endswith(TEXT_EXTS):
        from indexer.loaders.text import load_text

        return load_text
    return None


def is_supported(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(".gz") and not lower.endswith((".warc.gz", ".tar.gz")):
        lower = lower[:-3]
    return _loader_for(lower) is not None


def load_bytes(name: str, data: bytes, origin: str, options: LoadOptions) -> Loaded:
    """Load one file's bytes, choosing the loader from ``name``; gzip is unwrapped first."""
    lower = name.lower()
    if lower.endswith(".gz") and not lower.endswith((".warc.gz", ".tar.gz")):
        try:
            data = _gunzip_bounded(data, options.max_bytes)
        except ValueError as exc:
            yield Skip(origin, str(exc))
            return
        except (OSError, EOFError, zlib.error) as exc:
            yield Skip(origin, f"truncated or corrupt gzip ({exc})")
            return
        name = name[:-3]
    loader = _loader_for(name)
    if loader is None:
        suffix = Path(name).suffix or "(none)"
        yield Skip(origin, f"unknown file type {suffix}")
        return
    if not data.strip():
        yield Skip(origin, "empty file")
        return
    if len(data) > options.max_bytes:
        yield Skip(origin, f"file too large ({len(data)} bytes > limit {options.max_bytes})")
        return
    yield from loader(data, origin, options)


def _gunzip_bounded(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing output over ``limit`` bytes (gzip bombs)."""
    out = bytearray()
    with gzip.GzipFile(fileobj=_BytesReader(data)) as fh:
        while chunk := fh.read(1 << 20):
            out += chunk
            if len(out) > limit:
                raise ValueError(f"decompressed size over limit {limit} bytes")
    return bytes(out)


class _BytesReader:
    """Minimal file object over bytes (io.BytesIO copies; this does not need to)."""

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._view) if n is None or n < 0 else min(len(self._view), self._pos + n)
        chunk = bytes(self._view[self._pos : end])
        self._pos = end
        return chunk


def _is_folder_doc(name: str) -> bool:
    """README/LICENSE files describe a folder; they are not articles (given by name they are)."""
    return name.lower().split(".", 1)[0] in ("readme", "license", "licence", "copying")


def load_path(path: Path, options: LoadOptions) -> Loaded:
    """Load a file, or every supported file under a directory (recursively, sorted)."""
    for item in files_of(path):
        if isinstance(item, Skip):
            yield item
        else:
            yield from load_file(item, options)


def files_of(path: Path) -> Iterator[Path | Skip]:
    """The files ``load_path`` loads, in its order: the file itself, or every supported file
    under a directory (recursively, sorted); what it passes over comes as a ``Skip``."""
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs.sort()
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for fname in sorted(files):
                if fname.startswith(".") or _is_folder_doc(fname):
                    continue
                child = Path(root) / fname
                if child.is_symlink():
                    yield Skip(str(child), "symbolic link not followed")
                elif not is_supported(fname):
                    yield Skip(str(child), f"unknown file type {child.suffix or '(none)'}")
                else:
                    yield child
        return
    if not path.exists():
        yield Skip(str(path), "no such file or directory")
        return
    yield path


def load_file(path: Path, options: LoadOptions) -> Loaded:
    """The documents of one file (an archive's members, a feed's items), or why not."""
    data = read_file(path, options)
    if isinstance(data, Skip):
        yield data
        return
    yield from parse_file(path.name, data, str(path), options)


def read_file(path: Path, options: LoadOptions) -> bytes | Skip:
    """A file's bytes, or a Skip when it is over ``max_bytes`` (archives excepted: their
    members are checked one by one) or unreadable."""
    try:
        size = path.stat().st_size
        if size > options.max_bytes and not path.name.lower().endswith(ARCHIVE_EXTS + WARC_EXTS):
            return Skip(str(path), f"file too large ({size} bytes > limit {options.max_bytes})")
        return path.read_bytes()
    except OSError as exc:
        return Skip(str(path), f"cannot read: {exc.strerror or exc}")


def parse_file(name: str, data: bytes, origin: str, options: LoadOptions) -> Loaded:
    """The documents in a file's bytes, by its ``name``: an archive's or WARC's members, or
    the one document or the records of any other supported file."""
    if name.lower().endswith(ARCHIVE_EXTS + WARC_EXTS):
        loader = _loader_for(name)
        assert loader is not None
        yield from loader(data, origin, options)
        return
    yield from load_bytes(name, data, origin, options)


def load_url_list(data: bytes, origin: str, options: LoadOptions) -> Loaded:
    """A file of URLs, one per line (blank lines and ``#`` comments ignored)."""
    from indexer.loaders.fetch import fetch_urls

    text = data.decode("utf-8", errors="replace")
    urls = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    bad = [u for u in urls if not is_url(u)]
    for u in bad:
        yield Skip(origin, f"not a URL: {u[:80]}")
    yield from fetch_urls([u for u in urls if is_url(u)], options)


def iter_documents(inputs: Iterable[str], options: LoadOptions) -> Loaded:
    """Load every input: a path (file or directory) or an http(s) URL."""
    urls: list[str] = []
    for item in inputs:
        if is_url(item):
            urls.append(item)
        else:
            yield from load_path(Path(item), options)
    if urls:
        from indexer.loaders.fetch import fetch_urls

        yield from fetch_urls(urls, options)
