"""Facet counts for a query: how many matching articles each source, speaker and year has.

Counts are over the articles the query matches in the keyword index (the same query syntax and
filters as search), read from the store. Each facet ignores its own filter, so the counts show
what choosing another value would give (the usual multi-select facets); in semantic mode, where
every passage is a candidate, the keyword matches are the meaningful subset to count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from indexer.keyword_index import Filters, filter_query

if TYPE_CHECKING:
    from indexer.search import SearchService

TOP = 10
_CHUNK = 500


def matching_passages(service: SearchService, query: str, filters: Filters
                      ) -> list[tuple[str, str]]:
    """(passage id, article id) of every passage matching ``query`` under ``filters``."""
    filters = replace(filters)
    service.resolve_speaker(filters)
    q = service.keyword.parse(query)
    searcher = service.keyword.searcher()
    results = searcher.search(q, limit=None, filter=filter_query(filters), scored=False)
    return [(hit["passage_id"], hit["article_id"]) for hit in results]


def facet_counts(service: SearchService, query: str, filters: Filters, top: int = TOP
                 ) -> dict[str, list[dict[str, Any]]]:
    """Sources, speakers and years with their numbers of matching articles, most first."""
    store = service.store
    by_source = _articles(matching_passages(service, query, replace(filters, source=None)))
    by_year = _articles(matching_passages(service, query, replace(filters, since=None, until=None)))
    speaker_hits = matching_passages(service, query,
                                     replace(filters, speaker=None, speaker_ids=None))
    sources: Counter[str | None] = Counter()
    for rows in _query_chunks(store.conn, "SELECT source FROM articles WHERE id IN ({})", by_source):
        sources.update(r[0] for r in rows)
    years: Counter[str] = Counter()
    for rows in _query_chunks(store.conn, "SELECT substr(published, 1, 4) FROM articles"
                              " WHERE id IN ({}) AND published IS NOT NULL", by_year):
        years.update(r[0] for r in rows)
    speakers: dict[int, set[str]] = defaultdict(set)
    names: dict[int, str] = {}
    passages = sorted({pid for pid, _ in speaker_hits})
    for rows in _query_chunks(store.conn, "SELECT q.speaker_id, s.name, q.article_id FROM quotes q"
                              " JOIN speakers s ON s.id = q.speaker_id"
                              " WHERE q.passage_id IN ({})", passages):
        for sid, name, aid in rows:
            speakers[sid].add(aid)
            names[sid] = name
    return {
        "sources": [{"value": v, "count": n} for v, n in _top(sources.items(), top)],
        "speakers": [{"id": sid, "name": names[sid], "count": n}
                     for sid, n in _top(((s, len(a)) for s, a in speakers.items()), top)],
        "years": [{"value": v, "count": n}
                  for v, n in sorted(years.items(), reverse=True)[:top]],
    }


def _articles(hits: list[tuple[str, str]]) -> list[str]:
    return sorted({aid for _, aid in hits})


def _top(items: Iterable[tuple[Any, int]], top: int) -> list[tuple[Any, int]]:
    return sorted(items, key=lambda kv: (-kv[1], str(kv[0])))[:top]


def _query_chunks(conn: Any, sql: str, ids: list[str]) -> Iterator[list[Any]]:
    """Run ``sql`` (one ``IN ({})`` placeholder) over ``ids`` in chunks SQLite accepts."""
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        yield conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
