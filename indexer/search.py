"""The search service: runs a query in a mode with filters and returns hits in one shape.

Opened once (by the CLI or the web app) and shared; the keyword searcher refreshes itself when
an ingest in another process commits.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.dates import parse_date
from indexer.keyword_index import Filters, KeywordIndex, QueryError, highlight_text
from indexer.registry import find_speaker_ids
from indexer.store import Store

MAX_LIMIT = 100
MODES = ("keyword",)


@dataclass
class Hit:
    """One search result: a passage with its article's metadata (the JSON hit shape)."""

    article_id: str
    passage_id: str
    score: float
    title: str
    source: str | None
    published: str | None
    url: str | None
    text: str
    highlight: str
    more_in_article: int = 0
    speakers: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    mode: str = "keyword"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "total": self.total,
            "hits": [h.to_dict() for h in self.hits],
        }


def _quote_view(q: dict[str, Any], passage_start: int) -> dict[str, Any]:
    """A quote as hits show it: offsets relative to the passage text."""
    return {
        "text": q["text"], "kind": q["kind"], "speaker": q["speaker"],
        "speaker_id": q["speaker_id"], "speaker_role": q["speaker_role"],
        "speaker_org": q["speaker_org"], "cue": q["cue"], "mention": q["mention"],
        "start": q["start"] - passage_start, "end": q["end"] - passage_start,
    }


def _speakers_of(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[Any, dict[str, Any]] = {}
    for q in quotes:
        if q["speaker"] and (q["speaker_id"], q["speaker"]) not in seen:
            seen[(q["speaker_id"], q["speaker"])] = {
                "id": q["speaker_id"], "name": q["speaker"], "role": q["speaker_role"],
                "org": q["speaker_org"],
            }
    return list(seen.values())


def check_filters(filters: Filters) -> None:
    """Validate filter values, raising QueryError naming the parameter."""
    for name in ("since", "until"):
        value = getattr(filters, name)
        if value and not parse_date(value):
            raise QueryError(f"--{name}: not a date: {value!r} (use YYYY-MM-DD)")


def check_paging(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0 or offset > 10_000:
        raise QueryError("offset must be between 0 and 10000")


class SearchService:
    """Search over one data directory's store and indexes."""

    def __init__(self, store: Store, keyword: KeywordIndex) -> None:
        self.store = store
        self.keyword = keyword

    @classmethod
    def open(cls, data_dir: Path) -> SearchService:
        return cls(Store.open(data_dir, readonly=True), KeywordIndex.open(data_dir, create=False))

    def close(self) -> None:
        self.keyword.close()
        self.store.close()

    def search(
        self,
        query: str,
        mode: str = "keyword",
        limit: int = 10,
        offset: int = 0,
        filters: Filters | None = None,
    ) -> SearchResult:
        """Run a query; raises QueryError with a one-line message for bad input."""
        filters = filters or Filters()
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r} (use one of: {', '.join(MODES)})")
        check_paging(limit, offset)
        check_filters(filters)
        self.resolve_speaker(filters)
        q = self.keyword.parse(query)
        total, raw = self.keyword.search(q, filters, limit, offset)
        terms = self.keyword.query_terms(q)
        hits = self._hits([(pid, aid, score, more) for pid, aid, score, more in raw], terms)
        return SearchResult(query=query, total=total, hits=hits, mode=mode)

    def resolve_speaker(self, filters: Filters) -> None:
        """Turn a speaker name filter into registry ids (none found: nothing can match)."""
        if filters.speaker and filters.speaker_ids is None:
            filters.speaker_ids = find_speaker_ids(self.store, filters.speaker)

    def _hits(self, raw: list[tuple[str, str, float, int]], terms: set[str]) -> list[Hit]:
        meta = self.store.articles_meta(aid for _, aid, _, _ in raw)
        quotes = self.store.quotes_in_passages(pid for pid, _, _, _ in raw)
        hits = []
        for pid, aid, score, more in raw:
            passage = self.store.get_passage(pid)
            if passage is None or aid not in meta:
                continue  # deleted since the index was read
            m = meta[aid]
            hits.append(
                Hit(
                    article_id=aid,
                    passage_id=pid,
                    score=round(score, 4),
                    title=m["title"],
                    source=m["source"],
                    published=m["published"],
                    url=m["url"],
                    text=passage.text,
                    highlight=highlight_text(passage.text, terms),
                    more_in_article=more,
                    speakers=_speakers_of(quotes.get(pid, [])),
                    quotes=[_quote_view(q, passage.start) for q in quotes.get(pid, [])],
                )
            )
        return hits
