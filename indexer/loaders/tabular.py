"""Record loaders: JSON Lines, JSON arrays and CSV/TSV, one ``SourceDoc`` per record.

Columns are matched to our fields by ``LoadOptions.field_map`` (``--map text=body``) or, for
fields not mapped, by common names. A bad record becomes a ``Skip`` naming its line or row.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from indexer.dates import parse_date
from indexer.loaders.decoding import decode_bytes, looks_binary
from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc

FIELDS = ("text", "title", "published", "url", "source", "byline", "id")

# Column names recognised (case-insensitively, in this order) when a field is not mapped.
AUTO_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "article_text"),
    "title": ("title", "headline", "heading"),
    "published": ("published", "date", "pub_date", "datetime", "published_at", "pubdate"),
    "url": ("url", "link", "permalink", "uri"),
    "source": ("source", "publisher", "site", "outlet"),
    "byline": ("byline", "author", "authors"),
    "id": ("id", "doc_id", "article_id", "guid"),
}

_HTML_TAG = re.compile(r"<(?:p|div|br|span|a|h[1-6]|html|body|article|li|ul|ol|table|b|i|em|"
                       r"strong|section|header|!doctype)\b[^>]*>", re.IGNORECASE)
_SNIFF_SAMPLE = 64 * 1024
_DELIMITERS = ",;\t|"


def resolve_columns(columns: list[str], field_map: Mapping[str, str]) -> dict[str, str]:
    """Map each of our fields to the input column holding it: the explicit mapping first, then
    the first common name present (compared case-insensitively)."""
    by_lower = {c.strip().lower(): c for c in reversed(columns)}
    resolved: dict[str, str] = {}
    for ours in FIELDS:
        if ours in field_map:
            resolved[ours] = field_map[ours]
            continue
        for name in AUTO_NAMES[ours]:
            if name in by_lower:
                resolved[ours] = by_lower[name]
                break
    return resolved


def looks_like_html(text: str) -> bool:
    """True when a text field holds markup (starts with ``<`` and has common HTML tags)."""
    return text.lstrip().startswith("<") and _HTML_TAG.search(text) is not None


def record_to_doc(
    record: Mapping[str, Any], origin: str, columns: Mapping[str, str], options: LoadOptions
) -> SourceDoc | Skip:
    """Turn one record (a JSON object or CSV row) into a ``SourceDoc``, or a ``Skip`` naming the
    missing or empty text field."""
    text_col = columns.get("text")
    if text_col is None:
        return Skip(origin, f"no text field (looked for {', '.join(AUTO_NAMES['text'])}; "
                            "use --map text=FIELD)")
    if text_col not in record:
        return Skip(origin, f"missing text field {text_col!r}")
    text = _as_text(record[text_col], joiner="\n\n")
    if not text or not text.strip():
        return Skip(origin, f"empty text field {text_col!r}")
    meta = {ours: _as_text(record.get(col)) for ours, col in columns.items() if ours != "text"}
    meta = {k: (v.strip() or None) if v is not None else None for k, v in meta.items()}
    warnings: list[str] = []
    if meta.get("published") and parse_date(meta["published"]) is None:
        warnings.append(f"{origin}: field {columns['published']!r}: {meta['published'][:40]!r} "
                        "is not a date; the text's own date is used, if any")
        meta["published"] = None
    layout = "text"  # a plain text field's line structure is read by the normaliser
    if looks_like_html(text):
        text, meta, page_warnings = _extract_markup(text, meta, origin)
        warnings += page_warnings
        layout = "blocks"
        if not text.strip():
            return Skip(origin, f"no text in HTML of field {text_col!r}")
    return SourceDoc(
        origin=origin,
        body=text,
        title=meta.get("title"),
        published=meta.get("published"),
        url=meta.get("url"),
        source=options.source or meta.get("source"),
        byline=meta.get("byline"),
        key=meta.get("id"),
        warnings=warnings,
        layout=layout,
    )


def load_jsonl(data: bytes, origin: str, options: LoadOptions) -> Iterator[SourceDoc | Skip]:
    """Load JSON Lines (one object per line); a file holding a JSON array of objects, or a single
    JSON object, works too."""
    if looks_binary(data):
        yield Skip(origin, "binary data, not JSON")
        return
    text, warnings = decode_bytes(data, origin)
    whole = _parse_whole(text)
    if whole is not None:
        records = whole if isinstance(whole, list) else [whole]
        items = ((f"{origin}#item{i}", rec) for i, rec in enumerate(records, 1))
    else:
        items = _jsonl_items(text, origin)
    first = True
    for rec_origin, record in items:
        if isinstance(record, Skip):
            yield record
            continue
        if not isinstance(record, dict):
            yield Skip(rec_origin, f"not a JSON object ({type(record).__name__})")
            continue
        doc = record_to_doc(record, rec_origin, resolve_columns(list(record), options.field_map),
                            options)
        if first and isinstance(doc, SourceDoc):
            doc.warnings = warnings + doc.warnings
            first = False
        yield doc


def load_csv(data: bytes, origin: str, options: LoadOptions) -> Iterator[SourceDoc | Skip]:
    """Load a CSV (dialect sniffed, comma by default) or TSV with a header row; ``#row<n>`` counts
    rows as a spreadsheet does (the header is row 1)."""
    if looks_binary(data):
        yield Skip(origin, "binary data, not CSV")
        return
    text, warnings = decode_bytes(data, origin)
    if csv.field_size_limit() < options.max_bytes:
        csv.field_size_limit(options.max_bytes)
    dialect = sniff_dialect(text, tab=_base_name(origin).lower().endswith(".tsv"))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield Skip(origin, f"unreadable CSV header ({exc})")
        return
    if not header or not any(h.strip() for h in header):
        yield Skip(origin, "no header row")
        return
    columns = resolve_columns(header, options.field_map)
    text_col = columns.get("text")
    if text_col is None or text_col not in header:
        wanted = text_col or "/".join(AUTO_NAMES["text"])
        yield Skip(origin, f"no text column {wanted!r} in header (use --map text=COLUMN)")
        return
    first = True
    row_no = 1
    while True:
        row_no += 1
        row_origin = f"{origin}#row{row_no}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Skip(row_origin, f"unreadable CSV, stopped here ({exc})")
            return
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Skip(row_origin, f"{len(row)} columns, header has {len(header)}")
            continue
        doc = record_to_doc(dict(zip(header, row, strict=True)), row_origin, columns, options)
        if first and isinstance(doc, SourceDoc):
            doc.warnings = warnings + doc.warnings
            first = False
        yield doc


def sniff_dialect(text: str, *, tab: bool = False) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect of ``text``: tab-separated when ``tab``, else sniffed, else Excel comma.

    The delimiter must occur in the header line; a header without any is one column wide.
    """
    if tab:
        return csv.excel_tab
    header = text[: text.find("\n")] if "\n" in text else text
    try:
        dialect = csv.Sniffer().sniff(text[:_SNIFF_SAMPLE], delimiters=_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    if dialect.delimiter in header:
        return dialect
    present = [d for d in _DELIMITERS if d in header]
    if present:
        delimiter = max(present, key=header.count)
        return type("Sniffed", (csv.excel,), {"delimiter": delimiter})
    return type("OneColumn", (csv.excel,), {"delimiter": "\x1f"})  # unit separator: never split


def _parse_whole(text: str) -> Any | None:
    """The document as one JSON value when it is an array or a multi-line object, else None."""
    stripped = text.lstrip()
    if not stripped.startswith(("[", "{")):
        return None
    if stripped.startswith("{") and "\n" not in stripped.strip():
        return None  # a single JSON line: the line-by-line path reports it the same way
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, list | dict) else None


def _jsonl_items(text: str, origin: str) -> Iterator[tuple[str, Any]]:
    """(origin#L<n>, parsed value or Skip) for each non-blank line."""
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        line_origin = f"{origin}#L{line_no}"
        try:
            yield line_origin, json.loads(line)
        except ValueError as exc:
            yield line_origin, Skip(line_origin, f"invalid JSON ({exc})")


def _as_text(value: Any, joiner: str = ", ") -> str | None:
    """A field value as text: lists joined, numbers formatted, null and objects dropped."""
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [_as_text(v) for v in value]
        return joiner.join(p for p in parts if p) or None
    return str(value)


def _extract_markup(
    text: str, meta: dict[str, str | None], origin: str
) -> tuple[str, dict[str, str | None], list[str]]:
    """Run HTML in a text field through the HTML extractor; record fields win over the page's."""
    try:
        from indexer.loaders.html import extract_html
    except ImportError:
        return text, meta, [f"{origin}: text field holds HTML but no HTML extractor is available"]
    page = extract_html(text, meta.get("url"))
    merged = dict(meta)
    for name in ("title", "published", "byline", "url", "source"):
        if not merged.get(name):
            merged[name] = getattr(page, name, None) or None
    return page.text or "", merged, []


def _base_name(origin: str) -> str:
    """The innermost file name of an origin such as ``a.zip!dir/b.tsv``."""
    return origin.rsplit("!", 1)[-1].rsplit("/", 1)[-1]
