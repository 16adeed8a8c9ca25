"""WARC loader: HTML responses become documents, other records are ignored, cuts are reported."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.loaders import load_path
from indexer.loaders.options import LoadOptions
from indexer.loaders.warc import load_warc
from indexer.records import Skip, SourceDoc

BODY = (
    "The harbour authority confirmed on Monday that the northern pier will close for repairs "
    "for six weeks, after inspectors found corrosion in several of its steel supports."
)


def page(title: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1><p>{BODY}</p><p>{BODY.replace('northern', 'southern')}</p>"
        "</article></body></html>"
    ).encode()


def add_response(
    writer: WARCWriter, uri: str, payload: bytes, content_type: str, date: str
) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(payload),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def build_warc(gzip: bool, n_html: int = 1) -> bytes:
    """A WARC with a request, ``n_html`` HTML responses and one image response."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    request_headers = StatusAndHeaders(
        "GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True
    )
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/a",
            "request",
            payload=io.BytesIO(b""),
            http_headers=request_headers,
        )
    )
    for i in range(n_html):
        add_response(
            writer,
            f"https://news.example/story-{i}",
            page(f"Pier closes for repairs {i}"),
            "text/html; charset=utf-8",
            f"2020-03-0{i + 1}T12:00:00Z",
        )
    add_response(
        writer,
        "https://news.example/logo.png",
        b"\x89PNG\r\n" * 50,
        "image/png",
        "2020-03-09T12:00:00Z",
    )
    return buf.getvalue()


def record_offsets(data: bytes) -> list[int]:
    """Start offset of every record, read with warcio itself."""
    records = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for _ in records:
        offsets.append(records.get_record_offset())
    return offsets


def test_only_html_responses_become_documents() -> None:
    for gzip in (True, False):
        items = list(load_warc(build_warc(gzip), "crawl.warc.gz", LoadOptions()))
        assert not [i for i in items if isinstance(i, Skip)], items
        docs = [i for i in items if isinstance(i, SourceDoc)]
        assert len(docs) == 1
        doc = docs[0]
        assert doc.url == "https://news.example/story-0"
        assert doc.fallback_date == "2020-03-01"
        assert doc.title == "Pier closes for repairs 0"
        assert "northern pier will close" in doc.body
        assert "Home" not in doc.body
        assert doc.origin.startswith("crawl.warc.gz#urn:uuid:")


def test_truncated_warc_gz_keeps_earlier_records(tmp_path: Path) -> None:
    data = build_warc(True, n_html=3)
    full = [i for i in load_warc(data, "x", LoadOptions()) if isinstance(i, SourceDoc)]
    assert len(full) == 3
    # Cut in the middle of the third HTML response (records: request, 3 HTML, image).
    offsets = record_offsets(data)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: (offsets[3] + offsets[4]) // 2])
    items = list(load_path(path, LoadOptions()))
    docs = [i for i in items if isinstance(i, SourceDoc)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert [d.url for d in docs] == ["https://news.example/story-0", "https://news.example/story-1"]
    assert len(skips) == 1
    assert skips[0].origin == str(path)
    assert skips[0].reason.startswith("truncated WARC")


def test_record_over_size_limit_is_skipped() -> None:
    items = list(load_warc(build_warc(False), "big.warc", LoadOptions(max_bytes=100)))
    assert len(items) == 1 and isinstance(items[0], Skip)
    assert "too large" in items[0].reason and items[0].origin.startswith("big.warc#")


def test_garbage_input_is_a_skip_not_an_exception() -> None:
    items = list(load_warc(b"this is not a warc file at all\n" * 10, "junk.warc", LoadOptions()))
    assert len(items) == 1 and isinstance(items[0], Skip)
    assert items[0].origin == "junk.warc"
