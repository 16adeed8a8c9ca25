"""WARC archives (``.warc``, ``.warc.gz``) to ``SourceDoc`` records, one per HTML response.

Only ``response`` records with HTTP status 200 and an HTML content type are read; requests,
metadata and other media are skipped silently. The record's URI and crawl date become the
document's ``url`` and ``fallback_date``.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from indexer.loaders.html import decode_html, html_to_docs
from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml")
READ_ERRORS = (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error)
# warcio trips over some malformed headers (a record without a target URI, odd lengths) with
# these instead of ArchiveLoadFailed.
PARSER_ERRORS = (AttributeError, TypeError, IndexError, KeyError)


def is_html_response(record: ArcWarcRecord) -> bool:
    """True for an HTTP 200 ``response`` record whose content type is HTML or XHTML."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.split(";")[0].strip() in HTML_TYPES


def record_origin(origin: str, record: ArcWarcRecord) -> str:
    """``file.warc.gz#<record id>`` (or ``#<uri>`` when the record has no id)."""
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    return f"{origin}#{record_id or record.rec_headers.get_header('WARC-Target-URI') or '?'}"


def header_charset(record: ArcWarcRecord) -> str | None:
    """The ``charset=`` of the HTTP Content-Type header, if it names a known codec."""
    content_type = record.http_headers.get_header("Content-Type") or ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            name = value.strip().strip("\"'").lower()
            try:
                "".encode(name)
            except LookupError:
                return None
            return name
    return None


def decode_record(data: bytes, record: ArcWarcRecord, origin: str) -> tuple[str, list[str]]:
    """Decode a response payload: HTTP charset first, then the page's own declaration."""
    charset = header_charset(record)
    if charset:
        try:
            return data.decode(charset), []
        except UnicodeDecodeError:
            pass
    return decode_html(data, origin)


def load_warc(data: bytes, origin: str, options: LoadOptions) -> Iterator[SourceDoc | Skip]:
    """Loader for WARC files: a ``SourceDoc`` per HTML response, a ``Skip`` if cut short."""
    records = ArchiveIterator(io.BytesIO(data))
    count = 0
    try:
        for record in quietly(records):
            count += record.format.startswith("warc")
            payload = record_payload(record, options.max_bytes)
            missing = unread_bytes(record)
            if missing:
                uri = record.rec_headers.get_header("WARC-Target-URI") or "?"
                yield Skip(origin, f"truncated WARC: record for {uri} is {missing} bytes short")
                return
            if payload is not None:
                yield from payload_docs(payload, record, origin, options)
    except READ_ERRORS as exc:
        yield Skip(origin, "truncated WARC: " + " ".join(str(exc or type(exc).__name__).split()))
        return
    except PARSER_ERRORS:
        yield Skip(origin, f"malformed WARC: record {count + 1} has unreadable headers")
        return
    if count == 0:
        yield Skip(origin, "not a WARC file (no WARC records found)")
        return
    leftover = data[getattr(records, "offset", len(data)) :]
    if leftover.strip(b"\r\n\x00 "):
        yield Skip(origin, f"truncated WARC: {len(leftover)} bytes after the last whole record")


def quietly(records: ArchiveIterator) -> Iterator[ArcWarcRecord]:
    """The records, with warcio's multi-line warnings about bad lengths (written straight to
    stderr) kept off the user's terminal; stderr is redirected only while warcio reads."""
    it = iter(records)
    while True:
        with contextlib.redirect_stderr(io.StringIO()):
            record = next(it, None)
        if record is None:
            return
        yield record


def record_payload(record: ArcWarcRecord, max_bytes: int) -> bytes | None:
    """The HTTP body of an HTML response record (at most ``max_bytes + 1`` bytes), else None."""
    if not is_html_response(record):
        return None
    return record.content_stream().read(max_bytes + 1)


def unread_bytes(record: ArcWarcRecord) -> int:
    """Drain a record's block; return how many declared bytes the file lacks (0 if whole)."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    return max(0, getattr(stream, "limit", 0))


def payload_docs(
    payload: bytes, record: ArcWarcRecord, origin: str, options: LoadOptions
) -> Iterator[SourceDoc | Skip]:
    """Documents from one HTML response's body, refused when over ``options.max_bytes``."""
    where = record_origin(origin, record)
    if len(payload) > options.max_bytes:
        yield Skip(where, f"record too large (over limit {options.max_bytes} bytes)")
        return
    if not payload.strip():
        yield Skip(where, "empty HTML response")
        return
    html, warnings = decode_record(payload, record, where)
    url = record.rec_headers.get_header("WARC-Target-URI")
    warc_date = record.rec_headers.get_header("WARC-Date") or ""
    yield from html_to_docs(
        html,
        where,
        options,
        url=url,
        fallback_date=warc_date[:10] or None,
        warnings=warnings,
    )
