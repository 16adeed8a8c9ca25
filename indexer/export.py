"""Whole result sets as rows, for the CLI's ``--format`` and the web exports alike.

A search export has one row per article of the result set (``SearchService.result_set``: the
set behind ``total`` and the facets), its best passage with that passage's quotes joined in
their columns; a quote export has one row per quote of the quote search's whole set. Rows are
built a batch at a time (``BATCH`` articles or quotes: one store read each) and written as they
come, so memory stays flat however many rows go out, up to ``EXPORT_CAP``; past it the file
says so in its last line. Reading only: nothing here imports the NLP stack.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from indexer.answers import format_citation
from indexer.querymodel import Filters, QueryError
from indexer.store_quotes import QUOTE_FIELDS, quote_json

if TYPE_CHECKING:
    from indexer.quote_index import QuoteSearch
    from indexer.search import SearchService
    from indexer.store import Store

EXPORT_CAP = 50_000  # rows an export writes at most; a final line says when it cut the set
BATCH = 500  # articles or quotes read from the store at a time
FORMATS = ("csv", "jsonl")
JOIN = " | "  # a hit's quotes, one per part, in every quote column alike
FLUSH_CHARS = 1 << 16  # written text is handed on in pieces of about this size

SEARCH_COLUMNS = ("rank", "article_id", "passage_id", "score", "title", "source", "issuer",
                  "published", "url", "text", "speaker", "speaker_role", "speaker_org",
                  "quote", "kind", "citation")
QUOTE_COLUMNS = ("rank", "quote_id", "article_id", "passage_id", "score", "title", "source",
                 "issuer", "published", "url", "speaker", "speaker_role", "speaker_org",
                 "quote", "kind", "citation")
MIMETYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


@dataclass
class Export:
    """A whole result set on its way out: its columns, how many rows it has in all, the cap,
    and its rows (a generator, read once)."""

    columns: tuple[str, ...]
    total: int
    cap: int
    rows: Iterator[dict[str, Any]] = field(repr=False)

    @property
    def truncated(self) -> bool:
        return self.total > self.cap

    def note(self) -> dict[str, Any]:
        """The last JSON line of a cut export."""
        return {"truncated": True, "total": self.total, "cap": self.cap}


@dataclass
class QuoteQuery:
    """What a quote export reads: the API's ``q``/``text`` (``all_words``: every word must be in
    the quote, as ``text`` and ``--contains`` ask) and the quote filters."""

    query: str | None = None
    all_words: bool = False
    speaker: str | None = None
    since: str | None = None
    until: str | None = None
    source: str | None = None
    kind: str | None = None
    issuer: str | None = None


def check_format(fmt: str | None, name: str = "format") -> str | None:
    """The export format (``csv`` or ``jsonl``), None when not asked; QueryError naming the
    parameter otherwise."""
    if fmt is None or fmt == "":
        return None
    if fmt.lower() not in FORMATS:
        raise QueryError(f"{name} must be one of: {', '.join(FORMATS)} (not {fmt[:20]!r})")
    return fmt.lower()


FORMULA_STARTS = frozenset("=+-@\t\r")  # a cell opening so runs as a formula in a spreadsheet


def neutralise(cell: Any) -> Any:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in FORMULA_STARTS:
        return "'" + cell
    return cell


def joined(values: list[Any]) -> str | None:
    """Values one per quote, joined with ``JOIN`` (None for no quotes)."""
    return JOIN.join("" if v is None else str(v) for v in values) if values else None


def search_row(rank: int, hit: dict[str, Any]) -> dict[str, Any]:
    """One search hit (``Hit.to_dict()``) as an export row: the article's passage, its quotes
    joined column by column, and the distinct citations of its quotes (or of the article)."""
    quotes = hit["quotes"]
    citations = [format_citation(q["speaker"], q["speaker_role"], q["speaker_org"],
                                 hit["title"], hit["source"], hit["published"]) for q in quotes]
    citations = citations or [format_citation(None, None, None, hit["title"], hit["source"],
                                              hit["published"])]
    return {
        "rank": rank, "article_id": hit["article_id"], "passage_id": hit["passage_id"],
        "score": hit["score"], "title": hit["title"], "source": hit["source"],
        "issuer": (hit.get("issuer") or {}).get("name"), "published": hit["published"],
        "url": hit["url"], "text": hit["text"],
        "speaker": joined([q["speaker"] for q in quotes]),
        "speaker_role": joined([q["speaker_role"] for q in quotes]),
        "speaker_org": joined([q["speaker_org"] for q in quotes]),
        "quote": joined([q["text"] for q in quotes]),
        "kind": joined([q["kind"] for q in quotes]),
        "citation": JOIN.join(dict.fromkeys(citations)),
    }


def quote_row(rank: int, row: dict[str, Any], issuer: str | None) -> dict[str, Any]:
    """One stored quote (a ``search_quotes`` row, with its article's metadata) as an export
    row, with its article's issuer and a ready citation."""
    q = quote_json(row, QUOTE_FIELDS, with_article=True, ranked=("score",))
    return {
        "rank": rank, "quote_id": q["id"], "article_id": q["article_id"],
        "passage_id": q["passage_id"], "score": q["score"], "title": q["title"],
        "source": q["source"], "issuer": issuer, "published": q["published"], "url": q["url"],
        "speaker": q["speaker"], "speaker_role": q["speaker_role"],
        "speaker_org": q["speaker_org"], "quote": q["text"], "kind": q["kind"],
        "citation": format_citation(q["speaker"], q["speaker_role"], q["speaker_org"],
                                    q["title"], q["source"], q["published"]),
    }


def search_export(service: SearchService, query: str, mode: str = "hybrid",
                  filters: Filters | None = None, cap: int = EXPORT_CAP,
                  batch: int = BATCH) -> Export:
    """Every article ``query`` matches in ``mode`` under ``filters`` (the set behind the
    search's ``total``), best first, up to ``cap`` rows. The set is found now (bad input
    raises QueryError before anything is written); rows are read as the export is written."""
    found = service.result_set(query, mode, filters or Filters())
    count = min(found.total, cap)

    def rows() -> Iterator[dict[str, Any]]:
        rank = 0
        for offset in range(0, count, batch):
            for hit in service.hits_of(found, offset, min(batch, count - offset),
                                       highlight=False):
                rank += 1
                yield search_row(rank, vars(hit))  # the Hit's fields, not a deep copy

    return Export(SEARCH_COLUMNS, found.total, cap, rows())


def quote_export(store: Store, quotes: QuoteSearch, spec: QuoteQuery, cap: int = EXPORT_CAP,
                 batch: int = BATCH) -> Export:
    """Every stored quote ``spec`` matches (the set behind the quote search's ``total``), in
    its order (ranked by words and meaning, or newest first without words), up to ``cap``."""
    from indexer.registry import find_speaker_ids

    ids = find_speaker_ids(store, spec.speaker) if spec.speaker else None
    ranked = quotes.ranking(spec.query, ids, spec.since, spec.until, spec.source, spec.kind,
                            spec.all_words, spec.issuer)
    if ranked is None:  # no words: every quote the filters allow, newest first, by SQL
        total = store.search_quotes(ids, None, spec.since, spec.until, 1, 0, spec.source,
                                    spec.kind, issuer=spec.issuer)[0]
        found = store.iter_search_quotes(ids, None, spec.since, spec.until, spec.source,
                                         spec.kind, spec.issuer, min(total, cap), batch)
    else:
        total = len(ranked)
        found = _ranked_rows(store, ranked[:cap], batch)
    return Export(QUOTE_COLUMNS, total, cap, _quote_rows(store, found, batch))


def _ranked_rows(store: Store, ranked: list[Any], batch: int) -> Iterator[dict[str, Any]]:
    """The stored rows of ranked quotes, in rank order, ``batch`` at a time, with scores."""
    for offset in range(0, len(ranked), batch):
        chunk = ranked[offset:offset + batch]
        rows = store.quotes_by_ids([r.quote_id for r in chunk])
        yield from ({**rows[r.quote_id], "score": round(r.score, 4)} for r in chunk
                    if r.quote_id in rows)


def _quote_rows(store: Store, found: Iterator[dict[str, Any]], batch: int
                ) -> Iterator[dict[str, Any]]:
    """Export rows of quote rows, their articles' issuers read ``batch`` quotes at a time."""
    rank = 0
    for rows in _batches(found, batch):
        meta = store.articles_meta(r["article_id"] for r in rows)
        for row in rows:
            rank += 1
            issuer = (meta.get(row["article_id"], {}).get("issuer") or {}).get("name")
            yield quote_row(rank, row, issuer)


def _batches(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    while chunk := list(islice(items, size)):
        yield chunk


def truncation_line(export: Export) -> str:
    """The CSV's last row when the cap cut the set: one comment-like cell."""
    return (f"# truncated: the first {export.cap:,} of {export.total:,} rows "
            f"(the export cap is {export.cap:,}; narrow the query or add filters)")


def csv_chunks(export: Export) -> Iterator[str]:
    """The export as CSV text, in pieces: a header row, one row per record (cells guarded
    against formula injection), and the truncation note when the cap cut the set."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(export.columns)
    for row in export.rows:
        # neutralise() inlined: this runs for every cell of every row
        writer.writerow(["'" + v if v.__class__ is str and v[:1] in FORMULA_STARTS else v
                         for v in map(row.get, export.columns)])
        if out.tell() >= FLUSH_CHARS:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if export.truncated:
        writer.writerow([truncation_line(export)])
    yield out.getvalue()


def jsonl_chunks(export: Export) -> Iterator[str]:
    """The export as JSON Lines, in pieces: one object per record, then
    ``{"truncated": true, "total": N, "cap": C}`` when the cap cut the set."""
    lines: list[str] = []
    size = 0
    for row in export.rows:
        line = json.dumps({c: row.get(c) for c in export.columns}, ensure_ascii=False)
        lines.append(line)
        size += len(line)
        if size >= FLUSH_CHARS:
            yield "\n".join(lines) + "\n"
            lines, size = [], 0
    if export.truncated:
        lines.append(json.dumps(export.note()))
    if lines:
        yield "\n".join(lines) + "\n"


def chunks_of(export: Export, fmt: str) -> Iterator[str]:
    """The export written as ``fmt`` (``csv`` or ``jsonl``), in pieces."""
    return csv_chunks(export) if fmt == "csv" else jsonl_chunks(export)
