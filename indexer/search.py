"""The search service: runs a query in a mode with filters and returns hits in one shape.

Opened once (by the CLI or the web app) and shared; the keyword searcher refreshes itself when
an ingest in another process commits.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.dates import parse_date
from indexer.feedback import (
    EXPANSION_TERMS,
    FEEDBACK_PASSAGES,
    add_scores,
    expansion_query,
    rocchio,
)
from indexer.fusion import zscore_fusion
from indexer.keyword_index import Feedback, Filters, KeywordIndex, QueryError, highlight_text
from indexer.registry import find_speaker_ids
from indexer.store import Store

MAX_LIMIT = 100
MODES = ("hybrid", "keyword", "semantic")
CANDIDATES = 100  # passages each mode ranks before fusion and collapsing
SEMANTIC_MIN_SCORE = 0.2  # below this cosine, MiniLM neighbours are unrelated text, not matches


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
    found_by: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    mode: str = "hybrid"

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
    """Search over one data directory's store and indexes.

    The embedder and vector index are optional: without them only keyword mode is available.
    """

    def __init__(self, store: Store, keyword: KeywordIndex, vectors: Any = None,
                 embedder: Any = None, feedback: bool = True) -> None:
        self.store = store
        self.keyword = keyword
        self.vectors = vectors
        self.embedder = embedder
        self.feedback = feedback  # pseudo-relevance feedback (indexer.feedback)
        self.semantic_floor = SEMANTIC_MIN_SCORE  # the cosine below which neighbours are dropped
        # Hybrid runs its semantic leg here while the keyword leg runs in the caller's thread:
        # the matrix product and the encoder release the GIL, so the two legs overlap on 2 cores.
        self._legs = ThreadPoolExecutor(max_workers=2, thread_name_prefix="semantic-leg")

    @classmethod
    def open(cls, data_dir: Path, semantic: bool = True, model: str | None = None,
             feedback: bool = True) -> SearchService:
        """Open the store and indexes read-only; load the embedder when vectors exist."""
        store = Store.open(data_dir, readonly=True)
        keyword = KeywordIndex.open(data_dir, create=False)
        vectors = embedder = None
        if semantic:
            from indexer.embeddings import load_embedder
            from indexer.vectors import VectorIndex

            embedder = load_embedder(model)
            vectors = VectorIndex.open(Path(data_dir) / "vectors", embedder.dim,
                                       embedder.identity)
        return cls(store, keyword, vectors, embedder, feedback)

    def close(self) -> None:
        self._legs.shutdown(wait=True)
        self.keyword.close()
        self.store.close()

    @property
    def modes(self) -> tuple[str, ...]:
        return MODES if self.vectors is not None else ("keyword",)

    def search(
        self,
        query: str,
        mode: str = "hybrid",
        limit: int = 10,
        offset: int = 0,
        filters: Filters | None = None,
    ) -> SearchResult:
        """Run a query; raises QueryError with a one-line message for bad input."""
        filters = filters or Filters()
        if mode not in self.modes:
            raise QueryError(f"unknown mode {mode!r} (use one of: {', '.join(self.modes)})")
        check_paging(limit, offset)
        check_filters(filters)
        self.resolve_speaker(filters)
        q = self.keyword.parse(query)
        terms = self.keyword.query_terms(q)
        if mode == "keyword":
            feedback = self._keyword_feedback(q) if self.feedback else None
            total, raw = self.keyword.search(q, filters, limit, offset, feedback)
            ranked = [(pid, aid, score, more, ["keyword"]) for pid, aid, score, more in raw]
        else:
            ranked_all = self._ranked_passages(q, semantic_text(query), mode, filters)
            total, ranked = collapse(ranked_all, limit, offset)
        return SearchResult(query=query, total=total, hits=self._hits(ranked, terms), mode=mode)

    def passages(self, query: str, mode: str = "hybrid", limit: int = 10,
                 filters: Filters | None = None) -> list[Hit]:
        """Top passages without collapsing by article (for answering questions)."""
        filters = filters or Filters()
        check_filters(filters)
        self.resolve_speaker(filters)
        q = self.keyword.parse(query)
        if mode == "keyword" or self.vectors is None:
            ranked = [(pid, score, ["keyword"])
                      for pid, _, score in self.keyword.search_passages(q, filters, limit)]
        else:
            ranked = self._ranked_passages(q, semantic_text(query), mode, filters)
        rows = [(pid, pid.rsplit(":", 1)[0], score, 0, found) for pid, score, found in ranked]
        return self._hits(rows[:limit], self.keyword.query_terms(q))

    def _ranked_passages(self, q: Any, text: str, mode: str, filters: Filters,
                         depth: int = CANDIDATES) -> list[tuple[str, float, list[str]]]:
        """Passage ids ranked by semantic similarity, or fused with keyword ranks (hybrid).

        Hybrid runs twice when feedback is on: the first fused ranking's top passages refine
        the query vector and expand the keyword query, and the refined runs are fused again.
        """
        self.refresh_vectors()
        allowed = None if filters.is_empty() else self.keyword.passage_ids_matching(filters)
        excluded = self.keyword.excluded_passage_ids(q)
        if mode == "semantic":
            _, semantic = self._semantic_leg(text, depth, allowed, excluded)
            return [(pid, score, ["semantic"]) for pid, score in semantic]
        pending = self._legs.submit(self._semantic_leg, text, depth, allowed, excluded)
        keyword = self.keyword.search_passages(q, filters, depth)
        vector, semantic = pending.result()
        fused = fuse(keyword, semantic)
        if not self.feedback or not fused:
            return fused
        top = [pid for pid, _, _ in fused[:FEEDBACK_PASSAGES]]
        refined = None
        if vector is not None:
            vectors = [v for v in map(self.vectors.vector, top) if v is not None]
            refined = self._legs.submit(self._semantic_run, rocchio(vector, vectors), depth,
                                        allowed, excluded)
        texts = [p.text for p in map(self.store.get_passage, top) if p is not None]
        expansion = expansion_query(q, self.keyword.key_terms(texts, EXPANSION_TERMS))
        if expansion is not None:
            extra = self.keyword.search_passages(expansion, filters, depth)
            keyword = add_scores(keyword, extra)[:depth]
        if refined is not None:
            semantic = refined.result()
        return fuse(keyword, semantic)

    def _semantic_leg(self, text: str, depth: int, allowed: set[str] | None,
                      excluded: set[str]) -> tuple[Any, list[tuple[str, float]]]:
        """The query's vector (None for a query with no text) and its nearest passages."""
        vector = self.embedder.encode_query(text) if text else None
        return vector, self._semantic_run(vector, depth, allowed, excluded)

    def _keyword_feedback(self, q: Any) -> Feedback:
        """Keyword mode's pseudo-relevance feedback: the same expansion terms hybrid adds, from
        the keyword ranking's own top passages, re-ranking what the query matched."""
        def expand(passage_ids: list[str]) -> Any:
            texts = [p.text for p in map(self.store.get_passage, passage_ids) if p is not None]
            return expansion_query(q, self.keyword.key_terms(texts, EXPANSION_TERMS))

        return Feedback(FEEDBACK_PASSAGES, expand)

    def _semantic_run(self, vector: Any, depth: int, allowed: set[str] | None,
                      excluded: set[str]) -> list[tuple[str, float]]:
        """Nearest passages to a query vector above the similarity floor, none of them among
        the passages the query's NOT parts exclude."""
        if vector is None:
            return []
        found = self.vectors.search(vector, depth + len(excluded), allowed)
        return [(pid, score) for pid, score in found
                if score >= self.semantic_floor and pid not in excluded][:depth]

    def refresh_vectors(self) -> None:
        """Pick up vectors another process committed since the last search (the keyword
        searcher refreshes itself the same way)."""
        if self.vectors is not None:
            self.vectors.reload_if_changed()

    def ask(self, question: str, limit: int = 3, filters: Filters | None = None) -> Any:
        """Answer a question with attributed sentences (see ``indexer.ask``)."""
        from indexer.ask import ask

        if not question or not question.strip():
            raise QueryError("empty question")
        if not 1 <= limit <= 20:
            raise QueryError("limit must be between 1 and 20")
        check_filters(filters or Filters())
        return ask(self, question, limit, filters)

    def resolve_speaker(self, filters: Filters) -> None:
        """Turn a speaker name filter into registry ids (none found: nothing can match)."""
        if filters.speaker and filters.speaker_ids is None:
            filters.speaker_ids = find_speaker_ids(self.store, filters.speaker)

    def similar(self, passage_id: str, limit: int = 10, filters: Filters | None = None,
                exclude_article: bool = True) -> SearchResult:
        """Passages most similar in meaning to a stored one (filters narrow the candidates)."""
        if self.vectors is None:
            raise QueryError("similar needs the vector index: run 'onrecord reindex'")
        self.refresh_vectors()
        passage = self.store.get_passage(passage_id)
        if passage is None:
            raise QueryError(f"no passage {passage_id!r}")
        filters = filters or Filters()
        check_paging(limit, 0)
        check_filters(filters)
        self.resolve_speaker(filters)
        allowed = None if filters.is_empty() else self.keyword.passage_ids_matching(filters)
        if exclude_article:
            prefix = passage.article_id + ":"
            allowed = {p for p in (allowed or self.vectors.ids()) if not p.startswith(prefix)}
        found = self.vectors.similar(passage_id, CANDIDATES, allowed) if self.vectors.has(
            passage_id) else self.vectors.search(self.embedder.encode_query(passage.text),
                                                 CANDIDATES, allowed)
        ranked = [(pid, score, ["semantic"]) for pid, score in found if pid != passage_id]
        total, hits = collapse(ranked, limit, 0)
        return SearchResult(query=f"similar:{passage_id}", total=total,
                            hits=self._hits(hits, set()), mode="semantic")

    def _hits(self, raw: list[tuple[str, str, float, int, list[str]]], terms: set[str]) -> list[Hit]:
        meta = self.store.articles_meta(r[1] for r in raw)
        quotes = self.store.quotes_in_passages(r[0] for r in raw)
        hits = []
        for pid, aid, score, more, found_by in raw:
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
                    found_by=found_by,
                )
            )
        return hits


def fuse(keyword: list[tuple[str, str, float]], semantic: list[tuple[str, float]]
         ) -> list[tuple[str, float, list[str]]]:
    """Fuse a keyword run (passage id, article id, score) with a semantic run."""
    return zscore_fusion({
        "keyword": [(pid, score) for pid, _, score in keyword],
        "semantic": semantic,
    })


def collapse(ranked: list[tuple[str, float, list[str]]], limit: int, offset: int
             ) -> tuple[int, list[tuple[str, str, float, int, list[str]]]]:
    """Best passage per article, in rank order, with counts of the article's other passages."""
    best: dict[str, tuple[str, float, list[str]]] = {}
    counts: dict[str, int] = {}
    order: list[str] = []
    for pid, score, found_by in ranked:
        aid = pid.rsplit(":", 1)[0]
        counts[aid] = counts.get(aid, 0) + 1
        if aid not in best:
            best[aid] = (pid, score, found_by)
            order.append(aid)
    page = order[offset: offset + limit]
    return len(order), [(best[a][0], a, best[a][1], counts[a] - 1, best[a][2]) for a in page]


_SYNTAX = re.compile(r'\b[A-Za-z_]+:(?:\[[^\]]*\]|\S+)|\b(?:AND|OR|NOT)\b|[()"*~^]')


def semantic_text(query: str) -> str:
    """The words of a query without its syntax (fields, operators, quotes), for embedding."""
    return " ".join(_SYNTAX.sub(" ", query).split())
