"""Archive loader: zip and tar (plain, gzip, bzip2, xz) read in memory, never extracted to disk.

Each regular member goes to ``load_bytes`` with origin ``archive!member``. Hostile archives are
refused member by member: unsafe paths, links and devices, members over ``max_bytes`` (checked
while reading, not only from headers), and whole archives past a total output or member cap.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc

Loaded = Iterator[SourceDoc | Skip]

_CHUNK = 1 << 20
_CORRUPT = (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError, zipfile.BadZipFile)
_ARCHIVE_EXTS = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
_IGNORED_PARTS = ("__MACOSX",)


@dataclass(frozen=True)
class ArchiveLimits:
    """Caps for one top-level archive, nested archives included."""

    member_bytes: int  # largest decompressed member
    total_bytes: int  # decompressed output of the whole archive
    max_members: int = 200_000
    max_depth: int = 3  # an archive inside an archive inside an archive


def limits_for(options: LoadOptions) -> ArchiveLimits:
    """Default caps: members up to ``max_bytes``, at most 50 x ``max_bytes`` decompressed."""
    return ArchiveLimits(member_bytes=options.max_bytes, total_bytes=50 * options.max_bytes)


class _Budget:
    """What one top-level archive (nested ones included) has used so far."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.bytes = 0
        self.members = 0

    def over(self) -> str | None:
        """The reason to stop reading, or None while within the caps."""
        if self.bytes > self.limits.total_bytes:
            return f"archive stopped: decompressed output over {self.limits.total_bytes} bytes"
        if self.members > self.limits.max_members:
            return f"archive stopped: more than {self.limits.max_members} members"
        return None


class _TooLarge(Exception):
    pass


def load_archive(data: bytes, origin: str, options: LoadOptions) -> Loaded:
    """Load every supported file inside a zip or tar archive (members in archive order)."""
    yield from iter_archive(data, origin, options, limits_for(options))


def iter_archive(data: bytes, origin: str, options: LoadOptions, limits: ArchiveLimits) -> Loaded:
    """Like ``load_archive`` with explicit caps."""
    yield from _walk(data, origin, options, _Budget(limits), depth=1)


def unsafe_member_reason(name: str) -> str | None:
    """Why a member path must not be trusted (absolute, drive letter, ``..``), or None."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return "unsafe path (absolute)"
    if ".." in norm.split("/"):
        return "unsafe path (..)"
    if "\x00" in norm:
        return "unsafe path (NUL byte)"
    return None


def is_ignored_member(name: str) -> bool:
    """Hidden files and macOS resource forks (``.DS_Store``, ``__MACOSX/``) are passed over."""
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    return any(p.startswith(".") or p in _IGNORED_PARTS for p in parts)


def _walk(data: bytes, origin: str, options: LoadOptions, budget: _Budget, depth: int) -> Loaded:
    if depth > budget.limits.max_depth:
        yield Skip(origin, f"archive nested more than {budget.limits.max_depth} deep")
        return
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06") or origin.lower().endswith(".zip"):
        yield from _walk_zip(data, origin, options, budget, depth)
    else:
        yield from _walk_tar(data, origin, options, budget, depth)


def _walk_zip(
    data: bytes, origin: str, options: LoadOptions, budget: _Budget, depth: int
) -> Loaded:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        yield Skip(origin, f"truncated or corrupt zip ({_brief(exc)})")
        return
    with archive:
        for info in archive.infolist():
            budget.members += 1
            if reason := budget.over():
                yield Skip(origin, reason)
                return
            member_origin = f"{origin}!{info.filename}"
            if info.is_dir():
                continue
            reason = _zip_member_problem(info, budget.limits)
            if reason == "":
                continue
            if reason is not None:
                yield Skip(member_origin, reason)
                continue
            payload: bytes | None = None
            try:
                with archive.open(info) as fh:
                    payload = _read_bounded(fh, budget.limits.member_bytes)
            except _TooLarge:
                yield Skip(member_origin, _too_large(budget.limits))
            except (*_CORRUPT, NotImplementedError, RuntimeError, ValueError) as exc:
                yield Skip(member_origin, f"corrupt or unsupported member ({_brief(exc)})")
                continue
            budget.bytes += budget.limits.member_bytes if payload is None else len(payload)
            if reason := budget.over():
                yield Skip(origin, reason)
                return
            if payload is None:
                continue
            yield from _load_member(info.filename, payload, member_origin, options, budget, depth)


def _zip_member_problem(info: zipfile.ZipInfo, limits: ArchiveLimits) -> str | None:
    """A reason to refuse a zip member, "" to pass over it silently, None to read it."""
    if reason := unsafe_member_reason(info.filename):
        return reason
    if is_ignored_member(info.filename):
        return ""
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        return "symbolic link not followed"
    if mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        return "not a regular file"
    if info.flag_bits & 0x1:
        return "encrypted member"
    if info.file_size > limits.member_bytes:
        return _too_large(limits, info.file_size)
    return _unsupported(info.filename)


def _walk_tar(
    data: bytes, origin: str, options: LoadOptions, budget: _Budget, depth: int
) -> Loaded:
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            yield from _tar_members(archive, origin, options, budget, depth)
    except _CORRUPT as exc:  # only opening can raise: _tar_members reports its own errors
        yield Skip(origin, f"not a readable archive ({_brief(exc)})")


def _tar_members(
    archive: tarfile.TarFile, origin: str, options: LoadOptions, budget: _Budget, depth: int
) -> Loaded:
    while True:
        try:
            member = archive.next()
        except _CORRUPT as exc:
            yield Skip(origin, f"truncated or corrupt archive ({_brief(exc)})")
            return
        if member is None:
            return
        budget.members += 1
        # Passing over a member still decompresses it, so declared sizes count too.
        budget.bytes += member.size if member.isreg() else 0
        if reason := budget.over():
            yield Skip(origin, reason)
            return
        member_origin = f"{origin}!{member.name}"
        reason = _tar_member_problem(member, budget.limits)
        if reason == "":
            continue
        if reason is not None:
            yield Skip(member_origin, reason)
            continue
        try:
            fh = archive.extractfile(member)
            payload = _read_bounded(fh, budget.limits.member_bytes) if fh else b""
        except _TooLarge:
            yield Skip(member_origin, _too_large(budget.limits))
            continue
        except _CORRUPT as exc:
            yield Skip(member_origin, f"truncated or corrupt member ({_brief(exc)})")
            yield Skip(origin, "archive stopped at a truncated or corrupt member")
            return
        yield from _load_member(member.name, payload, member_origin, options, budget, depth)


def _tar_member_problem(member: tarfile.TarInfo, limits: ArchiveLimits) -> str | None:
    """A reason to refuse a tar member, "" to pass over it silently, None to read it."""
    if member.isdir():
        return ""
    if reason := unsafe_member_reason(member.name):
        return reason
    if is_ignored_member(member.name):
        return ""
    if member.issym():
        return "symbolic link not followed"
    if member.islnk():
        return "hard link not followed"
    if member.isdev():
        return "device or FIFO, not a regular file"
    if not member.isreg():
        return "not a regular file"
    if member.size > limits.member_bytes:
        return _too_large(limits, member.size)
    return _unsupported(member.name)


def _load_member(
    name: str, payload: bytes, origin: str, options: LoadOptions, budget: _Budget, depth: int
) -> Loaded:
    """Nested archives are walked here (sharing the budget); any other file goes to
    ``load_bytes``."""
    if name.lower().endswith(_ARCHIVE_EXTS):
        yield from _walk(payload, origin, options, budget, depth + 1)
        return
    from indexer.loaders import load_bytes

    yield from load_bytes(posixpath.basename(name), payload, origin, options)


def _unsupported(name: str) -> str | None:
    from indexer.loaders import is_supported

    if is_supported(posixpath.basename(name)):
        return None
    suffix = posixpath.splitext(name)[1] or "(none)"
    return f"unknown file type {suffix}"


def _read_bounded(fh: IO[bytes], cap: int) -> bytes:
    """Read ``fh`` in chunks, raising ``_TooLarge`` as soon as it yields more than ``cap`` bytes
    (headers can lie; the decompressed stream cannot)."""
    out = bytearray()
    while chunk := fh.read(_CHUNK):
        out += chunk
        if len(out) > cap:
            raise _TooLarge
    return bytes(out)


def _brief(exc: BaseException) -> str:
    """An exception message on one line (tarfile's name every method it tried, one per line)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _too_large(limits: ArchiveLimits, size: int | None = None) -> str:
    shown = f"{size} bytes" if size is not None else "decompressed size"
    return f"{shown} over the member limit of {limits.member_bytes} bytes"
