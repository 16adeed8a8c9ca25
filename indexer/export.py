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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

from indexer.answers import cite, place
from indexer.querymodel import Filters, QueryError
from indexer.resultset import check_sort

if TYPE_CHECKING:
    from indexer.quote_index import QuoteSearch
    from indexer.search import SearchService
    from indexer.store import Store

EXPORT_CAP = 50_000  # rows an export writes at most; a final line says when it cut the set
BATCH = 500  # articles or quotes read from the store at a time
FORMATS = ("csv", "jsonl")
JOIN = " | "  # a hit's quotes, one per part, in every quote column alike

SEARCH_COLUMNS = ("rank", "article_id", "passage_id", "score", "title", "source", "issuer",
                  "published", "url", "text", "speaker", "speaker_role", "speaker_org",
                  "quote", "kind", "citation")
QUOTE_COLUMNS = ("rank", "quote_id", "article_id", "passage_id", "score", "title", "source",
                 "issuer", "published", "url", "speaker", "speaker_role", "speaker_org",
                 "quote", "kind", "citation")
MIMETYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


Row = tuple[Any, ...]  # one export row: its cells in the export's column order


@dataclass
class Export:
    """A whole result set on its way out: its columns, how many rows it has in all, the cap,
    and its rows in batches (a generator, read once; each row a tuple in column order)."""

    columns: tuple[str, ...]
    total: int
    cap: int
    batches: Iterator[list[Row]] = field(repr=False)

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


def search_row(rank: int, score: float, passage: Row, quotes: list[Row]) -> Row:
    """One search hit as an export row (``SEARCH_COLUMNS``): its passage's cells
    (``Store.passage_cells``), its quotes' cells (``Store.passage_quote_cells``: text, '' for a
    missing value) joined column by column, and the distinct citations of its quotes (or of
    the article)."""
    article_id, passage_id, title, source, issuer, published, url, text = passage
    where = place(title, source, published)
    if len(quotes) == 1:  # the usual case: nothing to join
        speaker, role, org, quote, kind = quotes[0]
        citation = cite(speaker, role, org, where)
    elif quotes:
        speaker, role, org, quote, kind = map(JOIN.join, zip(*quotes, strict=True))
        citation = JOIN.join(dict.fromkeys([cite(q[0], q[1], q[2], where) for q in quotes]))
    else:
        speaker = role = org = quote = kind = None
        citation = where
    return (rank, article_id, passage_id, score, title, source, issuer, published, url, text,
            speaker, role, org, quote, kind, citation)


def quote_rows(cells: list[Row], scores: Iterable[float | None], rank: int) -> list[Row]:
    """Stored quotes (``Store.quote_cell_batches`` tuples) as export rows (``QUOTE_COLUMNS``),
    ranked from ``rank + 1``, with their scores and citations (one article part per article)."""
    places: dict[str, str] = {}
    out = []
    for c, score in zip(cells, scores, strict=False):  # scores: maybe repeat(None)
        where = places.get(c[1])
        if where is None:
            where = places[c[1]] = place(c[3], c[4], c[6])
        rank += 1
        out.append((rank, c[0], c[1], c[2], score, c[3], c[4], c[5], c[6], c[7], c[8], c[9],
                    c[10], c[11], c[12], cite(c[8], c[9], c[10], where)))
    return out


def search_export(service: SearchService, query: str, mode: str = "hybrid",
                  filters: Filters | None = None, cap: int = EXPORT_CAP,
                  batch: int = BATCH, sort: str = "relevance") -> Export:
    """Every article ``query`` matches in ``mode`` under ``filters`` (the set behind the
    search's ``total``), in the search's ``sort`` order, up to ``cap`` rows. The set is found
    now (bad input raises QueryError before anything is written); rows are read as the export
    is written."""
    check_sort(sort)
    found = service.sorted(service.result_set(query, mode, filters or Filters()), sort)
    count = min(found.total, cap)
    store = service.store

    def batches() -> Iterator[list[Row]]:
        rank = 0
        for offset in range(0, count, batch):
            best = found.page(offset, min(batch, count - offset))  # best passage per article
            ids = [b[0] for b in best]
            passages, quotes = store.passage_cells(ids), store.passage_quote_cells(ids)
            rows = []
            for passage_id, _, score, _, _ in best:
                passage = passages.get(passage_id)
                if passage is not None:  # else deleted since the index was read
                    rank += 1
                    rows.append(search_row(rank, round(score, 4), passage,
                                           quotes.get(passage_id, [])))
            yield rows

    return Export(SEARCH_COLUMNS, found.total, cap, batches())


def quote_export(store: Store, quotes: QuoteSearch, spec: QuoteQuery, cap: int = EXPORT_CAP,
                 batch: int = BATCH) -> Export:
    """Every stored quote ``spec`` matches (the set behind the quote search's ``total``), in
    its order (ranked by words and meaning, or newest first without words), up to ``cap``."""
    from indexer.registry import find_speaker_ids

    ids = find_speaker_ids(store, spec.speaker) if spec.speaker else None
    ranked = quotes.ranking(spec.query, ids, spec.since, spec.until, spec.source, spec.kind,
                            spec.all_words, spec.issuer)
    if ranked is None:  # no words: every quote the filters allow, newest first, by SQL
        total = store.count_quotes(ids, None, spec.since, spec.until, spec.source, spec.kind,
                                   spec.issuer)
        found = ((cells, repeat(None)) for cells in store.quote_cell_batches(
            ids, None, spec.since, spec.until, spec.source, spec.kind, spec.issuer,
            min(total, cap), batch))
    else:
        total = len(ranked)
        found = _ranked_cells(store, ranked[:cap], batch)
    return Export(QUOTE_COLUMNS, total, cap, _quote_batches(found))


def _ranked_cells(store: Store, ranked: list[Any], batch: int
                  ) -> Iterator[tuple[list[Row], list[float]]]:
    """The stored cells of ranked quotes, in rank order, ``batch`` at a time, with scores."""
    for offset in range(0, len(ranked), batch):
        chunk = ranked[offset:offset + batch]
        cells = store.quote_cells_by_ids([r.quote_id for r in chunk])
        kept = [r for r in chunk if r.quote_id in cells]  # else deleted since it was ranked
        yield [cells[r.quote_id] for r in kept], [round(r.score, 4) for r in kept]


def _quote_batches(found: Iterator[tuple[list[Row], Iterable[float | None]]]
                   ) -> Iterator[list[Row]]:
    """Export rows of batches of quote cells with their scores, ranked on from batch to batch."""
    rank = 0
    for cells, scores in found:
        rows = quote_rows(cells, scores, rank)
        rank += len(rows)
        yield rows


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
    starts = FORMULA_STARTS
    for batch in export.batches:  # one piece a batch
        # neutralise() inlined: this runs for every cell of every row
        writer.writerows([["'" + v if v.__class__ is str and v[:1] in starts else v for v in row]
                          for row in batch])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if export.truncated:
        writer.writerow([truncation_line(export)])
    yield out.getvalue()


JSON_LINE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode  # made once


def jsonl_chunks(export: Export) -> Iterator[str]:
    """The export as JSON Lines, a piece a batch: one object per record, then
    ``{"truncated": true, "total": N, "cap": C}`` when the cap cut the set."""
    columns = export.columns
    for batch in export.batches:
        if batch:
            yield "\n".join([JSON_LINE(dict(zip(columns, row, strict=True))) for row in batch]) + "\n"
    if export.truncated:
        yield json.dumps(export.note()) + "\n"


def chunks_of(export: Export, fmt: str) -> Iterator[str]:
    """The export written as ``fmt`` (``csv`` or ``jsonl``), in pieces."""
    return csv_chunks(export) if fmt == "csv" else jsonl_chunks(export)
