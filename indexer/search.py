"""The search service: runs a query in a mode with filters and returns hits in one shape.

Opened once (by the CLI or the web app); ``reader`` makes another for another thread, with its
own store connection and keyword searcher, sharing the query encoder and vector indexes. The
keyword searcher and the vectors refresh themselves when an ingest in another process commits.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from string import capwords
from typing import Any

import numpy as np

from indexer.answers import (
    Intent,
    dated_question,
    is_question,
    kin_words,
    read_intent,
    role_fit,
    role_head,
    scholar_words,
    searched_words,
    span_words,
)
from indexer.dates import parse_date
from indexer.engines import open_engine
from indexer.feedback import EXPANSION_TERMS, FEEDBACK_PASSAGES, expansion_query, rocchio, without
from indexer.keyword_index import KeywordIndex, highlight_text, split_scopes
from indexer.keyword_scoring import ranked, scorable
from indexer.notices import (
    Notes,
    dates_empty,
    filters_emptied,
    name_filter_notes,
    nearest,
    ordered_dates,
    query_notes,
    question_dated,
    speaker_notes,
    unknown_side,
)
from indexer.querymodel import (
    Filters,
    QueryError,
    QueryModel,
    name_fields,
    ranking_words,
    readable_query,
    split_query,
)
from indexer.querynames import NameFinder
from indexer.registry import find_speaker_ids
from indexer.resultset import (
    KEYWORD,
    LEG_DEPTH,
    LEG_MIN_COSINE,
    PAGING_CAP,
    PREFER_WITHIN,
    QUOTE_BOOST,
    ROLE_BOOST,
    ROLE_FIT,
    SEMANTIC,
    SEMANTIC_FLOOR,
    SPEAKER_BOOST,
    Leg,
    ResultSet,
    article_blend,
    check_sort,
    fuse,
    neighbour_floor,
    spread,
)
from indexer.scope import Scope
from indexer.store import Store
from indexer.store_quotes import HIT_QUOTE_FIELDS, quote_json
from indexer.titles import TITLE_WORDS

MAX_LIMIT = 100
ROLE_SPEAKERS_MAX = 100  # speakers a "which …" role may lift, the best fits first
MODES = ("hybrid", "keyword", "semantic")
CANDIDATES = LEG_DEPTH  # passages of the expansion run added to hybrid's keyword leg
QUERY_VECTORS_KEPT = 64  # recent query vectors kept (facets and pages repeat a query)
OWN_WORDS = ("direct", "statement", "transcript")  # quote kinds in the speaker's own words
LONG_PARTIAL = 12  # a partial quote of this many words is a statement too, not a scare quote
DATED_READ = 20_000  # matching passages "when did X first say Y" orders by date
SENTENCE_VECTORS_KEPT = 8192  # recent answer-sentence vectors kept (ask; 1.5 KB each)


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
    # who issued the article ({id, name, kind, cue}) or None: not necessarily anyone quoted
    issuer: dict[str, Any] | None = None
    kinds: list[str] = field(default_factory=list)  # attribution kinds of the passage's quotes

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    mode: str = "hybrid"
    sort: str = "relevance"  # the articles' order (``resultset.SORTS``)
    notices: list[str] = field(default_factory=list)  # plain-language messages for the reader
    # per filter (speaker, source, issuer) that matched nothing: the nearest known values
    suggestions: dict[str, list[str]] = field(default_factory=dict)
    # indexed passages not embedded yet (``onrecord embed`` fills them in: they match by their
    # words only); None where the search opened no vectors (keyword mode in the CLI)
    unembedded: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "sort": self.sort,
            "total": self.total,
            "hits": [h.to_dict() for h in self.hits],
            "notices": list(self.notices),
            "suggestions": dict(self.suggestions),
            "unembedded": self.unembedded,
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


class SharedParts:
    """What the readers of one data folder share besides the encoder and passage vectors: the
    quote vector index (opened on first use, under ``lock``), the recent query vectors and the
    recent answer-sentence vectors (OrderedDicts: each get, set and pop is atomic, and a race at
    worst evicts one more)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.quote_vectors: Any = False  # not opened yet
        self.query_vectors: OrderedDict[str, Any] = OrderedDict()
        self.sentence_vectors: OrderedDict[str, Any] = OrderedDict()


def cached_vectors(cache: OrderedDict[str, Any], texts: list[str],
                   encode: Callable[[list[str]], Any], kept: int) -> dict[str, Any]:
    """The vector of each text: from ``cache`` when it has it, else encoded (one ``encode`` call
    for all missing texts) and kept there, the oldest dropped past ``kept`` entries."""
    found = {t: cache.get(t) for t in dict.fromkeys(texts)}
    missing = [t for t, v in found.items() if v is None]
    if missing:
        for text, vector in zip(missing, encode(missing), strict=True):
            found[text] = cache[text] = vector
        while len(cache) > kept:
            cache.popitem(last=False)
    return found


def check_filters(filters: Filters) -> None:
    """Validate filter values, raising QueryError naming the parameter."""
    for name in ("since", "until"):
        value = getattr(filters, name)
        if value and not parse_date(value):
            raise QueryError(f"{name}: not a date: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")


def check_paging(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0 or offset > PAGING_CAP:
        raise QueryError(f"offset must be between 0 and {PAGING_CAP}")


class SearchService:
    """Search over one data directory's store and indexes.

    The embedder and vector index are optional: without them only keyword mode is available.
    """

    def __init__(self, store: Store, keyword: KeywordIndex, vectors: Any = None,
                 embedder: Any = None, feedback: bool = True,
                 shared: SharedParts | None = None) -> None:
        self.store = store
        self.keyword = keyword
        self.vectors = vectors
        self.embedder = embedder
        self.feedback = feedback  # pseudo-relevance feedback (indexer.feedback)
        self.semantic_floor = SEMANTIC_FLOOR  # plain words: neighbours from this cosine match
        self.names = NameFinder(store)
        self._shared = shared or SharedParts()
        self._query_vectors = self._shared.query_vectors
        self._row_docs: tuple[Any, ...] = (None,)
        self._article_norms: tuple[Any, np.ndarray | None] = (None, None)
        self.quote_leg = True  # hybrid ranks passages by their quotes too (_quote_leg)
        self._quote_rows: tuple[Any, ...] = (None,)
        self._doc_of: tuple[Any, dict[str, int]] = (None, {})
        self._date_rank: tuple[Any, Any] = (None, None)
        # Hybrid runs its semantic leg here while the keyword leg runs in the caller's thread:
        # the matrix product and the encoder release the GIL, so the two legs overlap on 2 cores.
        self._legs = ThreadPoolExecutor(max_workers=2, thread_name_prefix="semantic-leg")
        self._known: dict[str, tuple[int, Any]] = {}  # filter values, per store data_version

    @classmethod
    def open(cls, data_dir: Path, semantic: bool = True, model: str | None = None,
             feedback: bool = True) -> SearchService:
        """Open the store and indexes read-only, with the query encoder when ``semantic``
        (torch-free once the model's ONNX export is cached; its session loads on the first
        semantic query)."""
        store = Store.open(data_dir, readonly=True)
        keyword = open_engine(data_dir, create=False)
        vectors = embedder = None
        if semantic:
            from indexer.query_encoder import reading_encoder
            from indexer.vectors import VectorIndex, one_blas_thread

            one_blas_thread()
            embedder = reading_encoder(model)
            vectors = VectorIndex.open(Path(data_dir) / "vectors", embedder.dim,
                                       embedder.identity)
        return cls(store, keyword, vectors, embedder, feedback)

    def reader(self) -> SearchService:
        """Another service over the same data folder, for another thread: its own read-only
        store connection and keyword searcher, this one's query encoder, vector indexes and
        query vectors (safe to share: a reload replaces a vector snapshot whole)."""
        data_dir = self.store.path.parent
        store = Store.open(data_dir, readonly=True)
        try:
            keyword = open_engine(data_dir, create=False)
        except BaseException:
            store.close()
            raise
        other = SearchService(store, keyword, self.vectors, self.embedder, self.feedback,
                              self._shared)
        other.semantic_floor, other.quote_leg = self.semantic_floor, self.quote_leg
        return other

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
        sort: str = "relevance",
    ) -> SearchResult:
        """Run a query, its articles by relevance or by date (``sort``: ``SORTS``); raises
        QueryError with a one-line message for bad input."""
        check_paging(limit, offset)
        check_sort(sort)
        notes = self.filter_notes(filters)
        found = self.sorted(self.result_set(query, mode, filters), sort)
        filtered = filters is not None and not filters.is_empty()
        words = self.query_notes(mode, found, filtered)
        notices = [*notes.messages, *found.notices, *words.messages]
        if found.total == 0 and not notices:
            notices.extend(self.emptied_notes(found.model, mode, filtered))
        if offset + limit > PAGING_CAP:
            limit = max(0, PAGING_CAP - offset)
            notices.append(f"Paging stops at result {PAGING_CAP:,}: narrow the query or add "
                           f"filters to see the rest of the {found.total:,} articles.")
        hits = self.hits_of(found, offset, limit) if limit else []
        waiting = self.unembedded(found.tables)
        if waiting and mode != "keyword":
            how = "hybrid search finds those by their words only, not by meaning" \
                if mode == "hybrid" else \
                "semantic search cannot find those by meaning yet (hybrid search finds them " \
                "by their words)"
            notices.append(f"{waiting:,} of {live_count(found.tables):,} passages are not "
                           f"embedded yet ('onrecord embed' fills them in): {how}.")
        return SearchResult(query=query, total=found.total, hits=hits, mode=mode, sort=sort,
                            notices=notices, suggestions={**notes.suggestions, **words.suggestions},
                            unembedded=waiting)

    def sorted(self, found: ResultSet, sort: str) -> ResultSet:
        """``found`` with its articles in ``sort`` order: as ranked ("relevance"), or by date,
        "newest" or "oldest" first, undated ones last."""
        if sort != "relevance":
            found.by_date(self.date_rank(found.tables), newest=sort == "newest")
        return found

    def date_rank(self, t: Any) -> np.ndarray:
        """Per article code of a search's snapshot, the rank of its date among all stored dates
        (-1 undated), kept while the snapshot lasts."""
        return self._dates(t)[0]

    def _dates(self, t: Any) -> tuple[np.ndarray, list[str]]:
        """``date_rank`` and the stored dates it ranks, in order."""
        if self._date_rank[0] is not t:
            published = self.store.published_dates()
            days = sorted({d for d in published.values() if d})
            place = {d: i for i, d in enumerate(days)}
            rank = np.array([place.get(published.get(a) or "", -1) for a in t.article_ids],
                            dtype=np.int64)
            self._date_rank = (t, (rank, days))
        return self._date_rank[1]

    def dated_count(self, query: str, mode: str = "keyword", filters: Filters | None = None
                    ) -> tuple[int, str | None, str | None]:
        """(articles ``query`` matches under ``filters``, the earliest date among them, the
        latest): "how often did X mention Y"."""
        found = self.result_set(query, mode, filters)
        rank, days = self._dates(found.tables)
        ranks = rank[found.tables.article_code[found.docs]]
        ranks = ranks[ranks >= 0]
        if not len(ranks):
            return found.total, None, None
        return found.total, days[int(ranks.min())], days[int(ranks.max())]

    def emptied_notes(self, model: QueryModel, mode: str, filtered: bool) -> list[str]:
        """When filters (given: ``filtered``, or the query's ``source:``-like parts) left nothing
        of what the query's words match: how many articles match without them."""
        if not (model.terms or model.constraints) or not (model.filter_parts or filtered):
            return []
        bare = " ".join([*model.constraints, *model.terms,
                         *(f"NOT {part}" for part in model.exclusions)])
        unfiltered = self.result_set(bare, mode, speakers=False).total
        return [filters_emptied(unfiltered)] if unfiltered else []

    def query_notes(self, mode: str, found: ResultSet, filtered: bool = False) -> Notes:
        """What the query's own words did (``indexer.notices.query_notes``): words no passage
        holds, only common words, a speaker, source or issuer it names that is unknown.
        ``filtered``: filters bounded the search."""
        model = found.model
        words = ranking_words(model)
        counts = self.keyword.word_counts(words) if words else {}
        # Without counts a word is unmatched only when nothing matched by keyword at all, and
        # then only where neither semantic mode (it reads no keyword match) nor a filter (the
        # word may be in passages outside it) could be why.
        keyworded = mode == "semantic" or filtered or bool(model.filter_parts) or \
            bool((found.found & KEYWORD).any())
        return query_notes(model.text, words, name_fields(model), model.constrained, counts,
                           keyworded, found.total, mode != "keyword", self.known_values)

    def unembedded(self, tables: Any = None) -> int | None:
        """Indexed passages without a vector yet (what a keyword-first ingest left for
        ``onrecord embed``); None without vectors opened. ``tables``: a search's snapshot,
        whose live passages are counted instead of opening a reader (16 ms a search)."""
        if self.vectors is None:
            return None
        indexed = live_count(tables) if tables is not None else self.keyword.doc_count()
        return max(0, indexed - len(self.vectors))

    def hits_of(self, found: ResultSet, offset: int, limit: int) -> list[Hit]:
        """The hits of ``found``'s articles from ``offset``, each its best passage: a page of a
        search."""
        return self._hits(found.page(offset, limit), found.terms, found.speaker_ids)

    def passages(self, query: str, mode: str = "hybrid", limit: int = 10,
                 filters: Filters | None = None, background: bool = True) -> list[Hit]:
        """Top passages without collapsing by article (for answering questions);
        ``background=False``: neighbours down to the plain floor (``result_set``)."""
        if mode != "keyword" and self.vectors is None:
            mode = "keyword"
        found = self.result_set(query, mode, filters, background=background)
        rows = [(pid, pid.rsplit(":", 1)[0], score, 0, by)
                for pid, score, by in found.top_passages(limit)]
        return self._hits(rows, found.terms, found.speaker_ids)

    def dated_passages(self, query: str, mode: str = "hybrid", limit: int = 10,
                       filters: Filters | None = None, latest: bool = False,
                       background: bool = True, read: int = DATED_READ) -> list[Hit]:
        """The earliest (``latest``: the newest) of the passages ``query`` matches (the best
        ``read`` of them), for "when did X first say Y": those holding its words when any do (a
        mention is in the words), by their article's date, undated ones last."""
        if mode != "keyword" and self.vectors is None:
            mode = "keyword"
        found = self.result_set(query, mode, filters, background=background)
        rows = found.top_passages(read)
        rows = [r for r in rows if "keyword" in r[2]] or rows
        t = found.tables
        doc_of, date_rank = self._docnums(t), self.date_rank(t)
        ranks = [int(date_rank[t.article_code[doc_of[pid]]]) for pid, _, _ in rows]
        dated = sorted((n for n, r in enumerate(ranks) if r >= 0), key=ranks.__getitem__,
                       reverse=latest)
        ordered = [rows[n] for n in dated] + [row for row, r in zip(rows, ranks, strict=True)
                                              if r < 0]
        return self._hits([(pid, pid.rsplit(":", 1)[0], score, 0, by)
                           for pid, score, by in ordered[:limit]], found.terms, found.speaker_ids)

    def result_set(self, query: str, mode: str = "hybrid", filters: Filters | None = None,
                   speakers: bool = True, scope: Scope | None = None,
                   background: bool = True) -> ResultSet:
        """Every passage ``query`` matches in ``mode`` under ``filters``, scored: the one set
        behind hits, ``total``, facets and exports.

        The query's constraints (phrases, AND, NOT, fields, dates, wildcards) bound the set in
        every mode. Plain words match by keyword in keyword mode, by meaning (cosine at least
        ``semantic_floor``) in semantic mode, and both in hybrid mode, ranked as one fused
        list. Passages quoting a speaker the query names move up (``speakers``). A semantic
        neighbour's cosine is at least the floor, raised where the query sits near everything
        stored (``neighbour_floor``; ``background=False``: the floor alone).

        ``scope`` (a watch's new articles): only its passages are in the set, each with the
        score the whole search gives it. Keyword and semantic modes score only those passages;
        hybrid ranking, feedback and speaker and quote boosts read the whole index's statistics, so
        they score every passage and the set is cut to the scope after.
        """
        filters = filters or Filters()
        if mode not in self.modes:
            raise QueryError(f"unknown mode {mode!r} (use one of: {', '.join(self.modes)})")
        query, unread = readable_query(query)  # syntax it cannot read is left out, and said
        if is_question(query):  # "Who talked about hate crimes in 2023?": those dates bound it
            query, since, until = dated_question(query, filters.since, filters.until)
            if since or until:
                filters = replace(filters, since=since, until=until)
                unread = [*unread, question_dated(span_words(since, until))]
        check_filters(filters)
        self.resolve_filters(filters)
        model = split_query(query)
        intent = read_intent(model.text)
        q, topic_q = self.keyword_query(query, model, intent)
        shown = topic_q if topic_q is not None else q
        named = self.named_speakers(model, intent) if speakers else []
        scoped = scope is not None and not named and not intent.asks_who and \
            (mode == "semantic" or mode == "keyword" and not self.feedback)
        text = model.semantic_text if mode != "keyword" else ""
        pending = self._legs.submit(self._query_scores, text) if text and not scoped else None
        if mode == "semantic" and text and model.terms and not model.constrained:
            # plain words in semantic mode: meaning alone decides, so no keyword match is read
            t = scope.tables if scope is not None else self.keyword.tables()
            docs, kw = np.zeros(0, dtype=np.int64), np.zeros(0)
        else:
            t, docs, kw = scope.match(self.keyword, q, filters) if scoped else \
                self.keyword.match(q, filters, scope.tables if scope is not None else None)
        on_topic = None  # a question's keyword matches: those its topic matches (keyword_query)
        if topic_q is not None and len(docs):
            _, topic_docs, _ = scope.match(self.keyword, topic_q, filters) if scoped else \
                self.keyword.match(topic_q, filters, t)
            on_topic = np.zeros(len(t.passage_ids), dtype=bool)
            on_topic[topic_docs] = True
            if mode == "keyword":
                keep = on_topic[docs]
                docs, kw = docs[keep], kw[keep]
        stating = self._stating(t, intent, named)
        fits = self._role_fits(t, intent.role) if intent.asks_who and intent.role else None
        lift = self._lift(t, intent, named, stating, fits)
        size = len(t.passage_ids)
        matched = np.zeros(size, dtype=bool)
        matched[docs] = True
        kw_all = np.full(size, np.nan)
        kw_all[docs] = kw
        if mode == "keyword":
            scores = kw + self._keyword_expansion(q, t, docs, kw, self._name_terms(named, intent)) \
                if self.feedback else kw
            pick = kw  # the query's own words choose the passage shown (ResultSet.pick)
            if lift is not None:
                boost = spread(kw_all, matched) * lift[docs]
                scores, pick = scores + boost, pick + boost
            if scope is not None:
                keep = scope.mask[docs]
                docs, scores, pick = docs[keep], scores[keep], pick[keep]
            found = ResultSet(mode, t, docs, scores, np.zeros(len(docs)),
                              np.full(len(docs), KEYWORD, dtype=np.int8))
            found.speaker_ids, found.terms = named, self.keyword.query_terms(shown)
            found.notices, found.model = unread, model
            found.prefer = stating[docs] if stating is not None else None
            found.prefer_within = answer_within(intent, named)
            found.prefer_first = fits[docs] > 0 if fits is not None else None
            found.pick = pick if self.feedback else None
            return found
        if scoped:
            vector = self._query_vector(text) if text else None
            cos = scope.cosines(self.vectors, vector)
        else:
            vector, cosines = pending.result() if pending is not None else (None, None)
            cos = self._by_doc(t, cosines)
        allowed = self.keyword.candidates(t, filters, q)
        usable = allowed & np.isfinite(cos)
        constrained = model.constrained or not model.terms
        # a watch's new articles: its own threshold; a search: the floor, raised where the
        # query is near everything stored (``neighbour_floor``)
        floor = self.semantic_floor if scope is not None or not background else \
            neighbour_floor(cos, self.semantic_floor)
        near = usable & (cos >= floor)
        # the keyword leg scores every passage the query matched; a question's set takes those
        # its topic matched (``on_topic``)
        found_kw = matched if on_topic is None else matched & on_topic
        members = found_kw if constrained else near if mode == "semantic" else found_kw | near
        flags = np.where(found_kw, KEYWORD, 0) | np.where(near, SEMANTIC, 0)
        pick = None  # hybrid's ranking before feedback (ResultSet.pick)
        if mode == "semantic":
            ranking = np.where(np.isfinite(cos), cos, -1.0) if vector is not None else \
                np.nan_to_num(kw_all, nan=0.0)
            if lift is not None:
                ranking = ranking + spread(ranking, members) * lift
            tiebreak = np.zeros(size)
            flags = np.full(size, SEMANTIC)
        else:
            counted = usable & (cos >= LEG_MIN_COSINE) & (matched if constrained else True)
            quoted = self._quote_leg(t, vector, usable) if self.quote_leg else None
            more_legs = [quoted] if quoted is not None else []
            ranking, tiebreak = fuse([Leg(kw_all, matched, pad=0.0), Leg(self._blend(t, cos), counted),
                                      *more_legs])
            if self.feedback and members.any():
                pick = ranking + lift if lift is not None else ranking
                ranking, tiebreak = self._feedback_round(
                    q, filters, t, (ranking, tiebreak), members, kw_all, matched, vector,
                    (allowed, usable), constrained, more_legs, self._name_terms(named, intent))
            if lift is not None:
                ranking = ranking + lift
        idx = np.flatnonzero(members & scope.mask if scope is not None else members)
        found = ResultSet(mode, t, idx, ranking[idx], tiebreak[idx], flags[idx].astype(np.int8))
        found.speaker_ids, found.terms = named, self.keyword.query_terms(shown)
        found.notices, found.model = unread, model
        found.prefer = stating[idx] if stating is not None else None
        found.prefer_within = answer_within(intent, named)
        found.prefer_first = fits[idx] > 0 if fits is not None else None
        found.pick = pick[idx] if pick is not None else None
        return found

    def keyword_query(self, query: str, model: QueryModel, intent: Intent
                      ) -> tuple[Any, Any | None]:
        """(the engine's query, as written; the query of a question's role, speaker and topic,
        or None). A question of plain words matches by keyword what its topic matches, not
        every passage holding "who" or "said" (``searched_words``); its own form's words still
        add to the scores of what matched ("said" is a quote's cue). None for any other query,
        or a question whose topic holds no indexed word."""
        whole = self.keyword.parse(query)
        if model.constraints or model.exclusions:
            return whole, None
        if model.filter_parts:  # 'Who said FEMA failed? source:Wyden': the question, then
            plain = " ".join(model.terms)  # its filter parts as filters
            asked = searched_words(plain, read_intent(plain))
        else:
            asked = searched_words(model.text, intent)
        if asked is None:
            return whole, None
        topic = self.keyword.parse(" ".join([asked, *model.filter_parts]))
        return whole, topic if self.keyword.query_terms(topic) else None

    def _stating(self, t: Any, intent: Intent, named: list[int]) -> np.ndarray | None:
        """The docnum mask of passages holding what the query asks for: a quote in the
        speaker's own words (direct, a statement, a transcript or a long partial quote) by a
        speaker the query names, or by anyone (direct, a statement or a transcript) in a "who
        said …" question. None for other queries."""
        if named:
            pids = self.store.stating_passages(named, OWN_WORDS, LONG_PARTIAL)
            doc_of = self._docnums(t)
            mask = np.zeros(len(t.passage_ids), dtype=bool)
            mask[[doc_of[p] for p in pids if p in doc_of]] = True
            return mask
        if not intent.asks_who:
            return None
        masks = [self.keyword.allowed(t, Filters(kind=kind)) for kind in OWN_WORDS]
        return np.logical_or.reduce([m for m in masks if m is not None])

    def _docnums(self, t: Any) -> dict[str, int]:
        """Passage id -> docnum in the search's snapshot, kept while the snapshot lasts."""
        if self._doc_of[0] is not t:
            self._doc_of = (t, {pid: d for d, pid in enumerate(t.passage_ids) if pid})
        return self._doc_of[1]

    def _lift(self, t: Any, intent: Intent, named: list[int], stating: np.ndarray | None,
              fits: np.ndarray | None) -> np.ndarray | None:
        """What each docnum's score rises by, in standard deviations of a leg: passages quoting
        a speaker the query names; in a "who said …" question passages quoting anyone in their
        own words (the answer is a statement), and more those whose speaker fits what a "which
        …" question calls them (``fits``). None when nothing rises."""
        lifts = []
        if named:
            lifts.append(SPEAKER_BOOST * self.keyword.allowed(t, Filters(speaker_ids=named)))
        if intent.asks_who and stating is not None:
            lifts.append(QUOTE_BOOST * stating)
        if fits is not None:
            lifts.append(ROLE_BOOST * fits)
        return sum(lifts[1:], lifts[0]) if lifts else None

    def _role_fits(self, t: Any, role: str) -> np.ndarray | None:
        """Per docnum, how well a speaker the passage quotes in their own words fits what a
        "which …" question calls them (``role_fit`` of the registry's roles and organisations
        for the speaker, kept when at least ROLE_FIT); None when no speaker fits."""
        head = role_head(role)
        if head is None:
            return None
        kin = kin_words(head)
        searched = kin | scholar_words(head) | {short for short, full in TITLE_WORDS.items()
                                                if full in kin}
        by_fit: dict[float, list[int]] = {}
        for speaker_id, described in self.store.speakers_described(searched):
            fit = role_fit(role, described)
            if fit >= ROLE_FIT:
                by_fit.setdefault(fit, []).append(speaker_id)
        fits = np.zeros(len(t.passage_ids))
        doc_of = self._docnums(t)
        taken = 0
        for fit, ids in sorted(by_fit.items(), reverse=True):  # the best fits first
            taken += len(ids)
            if taken > ROLE_SPEAKERS_MAX:
                break  # a role this many speakers have singles out nobody (and costs a scan)
            docs = [doc_of[p] for p in self.store.stating_passages(ids, OWN_WORDS, LONG_PARTIAL)
                    if p in doc_of]
            fits[docs] = np.maximum(fits[docs], fit)
        return fits if fits.any() else None

    def _feedback_round(self, q: Any, filters: Filters, t: Any,
                        first: tuple[np.ndarray, np.ndarray], members: np.ndarray,
                        kw_all: np.ndarray, matched: np.ndarray, vector: Any,
                        masks: tuple[np.ndarray, np.ndarray], constrained: bool,
                        more_legs: list[Leg], skip: frozenset[str] = frozenset()
                        ) -> tuple[np.ndarray, np.ndarray]:
        """Hybrid's second round: the first fused ranking's top passages move the query vector
        towards them (Rocchio) and add their key words, less ``skip``, to the keyword leg; the
        set stays. ``masks``: the passages the filters and the query's filter and NOT parts
        allow, and those of them with a vector."""
        allowed, usable = masks
        idx = np.flatnonzero(members)
        top_idx = idx[np.lexsort((idx, -first[1][idx], -first[0][idx]))[:FEEDBACK_PASSAGES]]
        top = [t.passage_ids[d] for d in top_idx]
        refined = None
        if vector is not None:
            vectors = [v for v in map(self.vectors.vector, top) if v is not None]
            refined = self._legs.submit(self._vector_scores, rocchio(vector, vectors))
        texts = [p.text for p in map(self.store.get_passage, top) if p is not None]
        expansion = expansion_query(q, without(self.keyword.key_terms(texts, EXPANSION_TERMS), skip))
        kw2, counted_kw = kw_all, matched
        if expansion is not None:
            _, ex_docs, ex_scores = self.keyword.match(expansion, filters, t)
            inside = allowed[ex_docs]  # the query's filter parts bound feedback as filters do
            ex_docs, ex_scores = ex_docs[inside], ex_scores[inside]
            keep = ranked(ex_scores, ex_docs, CANDIDATES)
            extra = np.zeros(len(kw_all))
            extra[ex_docs[keep]] = ex_scores[keep]
            counted_kw = matched | (extra > 0)
            kw2 = np.where(counted_kw, np.nan_to_num(kw_all, nan=0.0) + extra, np.nan)
        cos2 = self._by_doc(t, refined.result()[1]) if refined is not None else \
            np.full(len(kw_all), np.nan)
        counted = usable & (cos2 >= LEG_MIN_COSINE) & (matched if constrained else True)
        return fuse([Leg(kw2, counted_kw, pad=0.0), Leg(self._blend(t, cos2), counted), *more_legs])

    def _name_terms(self, named: list[int], intent: Intent) -> frozenset[str]:
        """The index terms of the names of the speakers a query names (registry names and the
        question's speaker slot as typed): feedback expands by none of them. The speaker boost
        already ranks by who is quoted; expansion weighting the name again drifts the ranking to
        the speaker's statements on other topics (on scripts/eval_qa.py's tuning part: one more
        speaker question answered in the top 3, none lost)."""
        if not named:
            return frozenset()
        names = [s.name for s in map(self.store.get_speaker, named) if s is not None]
        words = " ".join(re.findall(r"[^\W_][\w'’.-]*", " ".join([*names, intent.speaker or ""])))
        try:
            return frozenset(self.keyword.query_terms(self.keyword.parse(words))) if words \
                else frozenset()
        except QueryError:
            return frozenset()

    def _quote_leg(self, t: Any, vector: Any, usable: np.ndarray) -> Leg | None:
        """Hybrid's third leg, statements searched as statements: each passage scores the best
        cosine of the query with the quotes it holds (the quote index's vectors embed
        "speaker: quote"), so "who said …" and "what did X say about …" find the passage whose
        quote answers, not only passages whose whole text is close. None without quotes."""
        quotes = self._open_quote_vectors()
        if quotes is None or vector is None:
            return None
        quotes.reload_if_changed()
        state, scores = quotes.scores(vector)
        if not len(scores):
            return None
        docs = self._quote_docs(t, state)
        valid = (docs >= 0) & np.isfinite(scores)
        if not valid.any():
            return None
        docs, scores = docs[valid], scores[valid]
        order = np.argsort(scores, kind="stable")  # ascending: each passage's best is set last
        best = np.full(len(t.passage_ids), np.nan)
        best[docs[order]] = scores[order]
        return Leg(best, usable & np.isfinite(best) & (best >= LEG_MIN_COSINE))

    def _open_quote_vectors(self) -> Any:
        """The quote vector index beside the passage vectors (None when absent or made by
        another model), opened on first use."""
        shared = self._shared
        if shared.quote_vectors is False:
            from indexer.quote_index import open_quote_vectors
            from indexer.vectors import VectorIndexError

            with shared.lock:
                if shared.quote_vectors is False:
                    try:
                        shared.quote_vectors = open_quote_vectors(
                            self.store.path.parent, self.embedder) \
                            if self.embedder is not None else None
                    except VectorIndexError:
                        shared.quote_vectors = None
        return shared.quote_vectors

    def _quote_docs(self, t: Any, state: Any) -> np.ndarray:
        """The passage docnum of each quote vector row (-1 where unknown), cached per pair of
        searcher and vector snapshot."""
        key = (id(t), id(state))
        if self._quote_rows[0] != key:
            doc_of = self._docnums(t)
            passage_of = self.store.quote_passages()
            rows = np.fromiter((doc_of.get(passage_of.get(k, ""), -1) for k in state.ids),
                               dtype=np.int64, count=len(state.ids))
            self._quote_rows = (key, rows, t, state)
        return self._quote_rows[1]

    def _keyword_expansion(self, q: Any, t: Any, docs: np.ndarray, scores: np.ndarray,
                           skip: frozenset[str] = frozenset()) -> np.ndarray:
        """Keyword mode's pseudo-relevance feedback: the expansion terms (less ``skip``) of the
        ranking's own top passages, scored at the matched passages only (the set is unchanged)."""
        q = split_scopes(q)[0]  # filter parts bound the match; the words are what it scores
        if not len(docs) or not scorable(q):
            return np.zeros(len(docs))
        top = ranked(scores, docs, FEEDBACK_PASSAGES)
        texts = [p.text for p in map(self.store.get_passage,
                                     [t.passage_ids[docs[i]] for i in top]) if p is not None]
        extra = expansion_query(q, without(self.keyword.key_terms(texts, EXPANSION_TERMS), skip))
        if extra is None or not scorable(extra):
            return np.zeros(len(docs))
        return t.scorer.score_at(extra, docs)

    def _query_scores(self, text: str) -> tuple[Any, Any]:
        """The query's vector and its cosine with every stored vector (None, None without)."""
        if self.vectors is None:
            return None, None
        return self._vector_scores(self._query_vector(text))

    def _query_vector(self, text: str) -> Any:
        """The query's vector (recent ones cached), the vectors refreshed first."""
        self.refresh_vectors()
        return cached_vectors(self._query_vectors, [text],
                              lambda texts: [self.embedder.encode_query(texts[0])],
                              QUERY_VECTORS_KEPT)[text]

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of short texts (a question and its candidate answer sentences), those
        met in recent questions from the shared cache: questions about one topic read the same
        passages, and encoding their sentences is most of an answer's time."""
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        found = cached_vectors(self._shared.sentence_vectors, texts, self.embedder.encode,
                               SENTENCE_VECTORS_KEPT)
        return np.stack([found[t] for t in texts])

    def _vector_scores(self, vector: Any) -> tuple[Any, Any]:
        return vector, self.vectors.scores(vector)

    def _by_doc(self, t: Any, cosines: Any) -> np.ndarray:
        """Cosines from the vector index's rows placed at the keyword index's docnums (nan for
        passages without a vector)."""
        out = np.full(len(t.passage_ids), np.nan)
        if cosines is None:
            return out
        state, scores = cosines
        key = (id(t), id(state))
        if self._row_docs[0] != key:
            doc_of = {pid: d for d, pid in enumerate(t.passage_ids) if pid}
            rows = np.fromiter((doc_of.get(i, -1) for i in state.ids), dtype=np.int64,
                               count=len(state.ids))
            self._row_docs = (key, rows, t, state)
        rows = self._row_docs[1]
        valid = (rows >= 0) & np.isfinite(scores)
        out[rows[valid]] = scores[valid]
        return out

    def _blend(self, t: Any, cos: np.ndarray) -> np.ndarray:
        """Hybrid's semantic leg: each passage's cosine blended with its article's
        (``resultset.article_blend``); the article norms are computed once per index state."""
        key = self._row_docs[0]
        if key is None or key[0] != id(t):
            return cos
        if self._article_norms[0] != key:
            rows, state = self._row_docs[1], self._row_docs[3]
            groups = np.where((rows >= 0) & state.live, t.article_code[np.maximum(rows, 0)], -1)
            self._article_norms = (key, state.group_norms(groups, len(t.article_ids)))
        return article_blend(cos, t.article_code, self._article_norms[1])

    def named_speakers(self, model: QueryModel, intent: Intent | None = None) -> list[int]:
        """Registry ids of the people and named organisations a query names as speakers: none in
        a "who said …" question and only the asked speaker in "what did X say about Y" (there
        other names are what was spoken about)."""
        intent = intent or read_intent(model.text)
        if intent.asks_who:
            return []
        if intent.speaker:  # "what did X say about Y": X is the speaker, Y only the topic
            asked = self.asked_speaker(intent.speaker)
            if asked or self.names.find(intent.speaker):  # a name the registry lacks ('George
                return asked  # Gascón'), not someone of the surname its first name is
            return self.names.find(model.text)
        return self.names.find(model.text)

    def asked_speaker(self, written: str) -> list[int]:
        """Registry ids of the speaker a question's speaker slot names ("what did X say"):
        there a name typed in lower case ("senator feingold") is still a name."""
        return self.names.find(written, slot=True) or \
            self.names.find(capwords(written), slot=True)

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
        notes = self.filter_notes(replace(filters) if filters is not None else None)
        result = ask(self, question, limit, filters)
        result.notices = [*notes.messages, *result.notices]
        return result

    def resolve_speaker(self, filters: Filters) -> None:
        """Turn a speaker name filter into registry ids (none found: nothing can match)."""
        if filters.speaker and filters.speaker_ids is None:
            filters.speaker_ids = find_speaker_ids(self.store, filters.speaker)

    def resolve_filters(self, filters: Filters) -> None:
        """Filters as every mode applies them: a reversed date range the right way round (the
        notice is ``filter_notes``'), a speaker name as registry ids."""
        filters.since, filters.until, _ = ordered_dates(filters.since, filters.until)
        self.resolve_speaker(filters)

    def unknown_speaker_notice(self, name: str) -> str:
        """A comparison's notice for a side naming a speaker no registry entry matches, with
        the nearest names."""
        return unknown_side(name, nearest(name, self.known_values("speakers")))

    def known_values(self, kind: str) -> Any:
        """The values a filter is compared with for its notices: registry ``speakers`` (each
        spelling to its name), ``sources`` and ``issuers`` (each a list of names). Read once
        until another connection commits: reading them scans the articles."""
        version = self.store.data_version()
        cached = self._known.get(kind)
        if cached is None or cached[0] != version:
            read = {"speakers": self.store.speaker_spellings,
                    "sources": lambda: [[v] for v in self.store.source_values()],
                    "issuers": self.store.issuer_values}[kind]
            cached = self._known[kind] = (version, read())
        return cached[1]

    def filter_notes(self, filters: Filters | None) -> Notes:
        """What the filters did that the reader should be told (``indexer.notices``): a speaker,
        source or issuer that matched nothing, with the nearest known values; a source or issuer
        matched by part of a name, with the values it matched; a reversed date range (searched
        the right way round) or one holding no articles. Resolves ``filters.speaker``."""
        notes = Notes()
        if filters is None:
            return notes
        check_filters(filters)
        since, until, swapped = ordered_dates(filters.since, filters.until)
        if swapped:
            notes.messages.append(swapped)
        if filters.speaker:
            self.resolve_speaker(filters)
            notes.add(speaker_notes(filters.speaker, filters.speaker_ids,
                                    self.known_values("speakers")))
        if filters.source:
            notes.add(name_filter_notes("source", filters.source, self.known_values("sources"),
                                        exact_wins=True))
        if filters.issuer and not filters.issuer.strip().isdigit():
            notes.add(name_filter_notes("issuer", filters.issuer, self.known_values("issuers")))
        if since or until:
            t = self.keyword.tables()
            dated = self.keyword.allowed(t, Filters(since=since, until=until))
            if dated is not None and not (dated & t.live).any():
                notes.messages.append(dates_empty(since, until, *self.store.published_span()))
        return notes

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
        self.resolve_filters(filters)
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

    def _hits(self, raw: list[tuple[str, str, float, int, list[str]]], terms: set[str],
              named: list[int] = ()) -> list[Hit]:
        meta = self.store.articles_meta(r[1] for r in raw)
        quotes = self.store.quotes_in_passages(r[0] for r in raw)
        hits = []
        for pid, aid, score, more, found_by in raw:
            passage = self.store.get_passage(pid)
            if passage is None or aid not in meta:
                continue  # deleted since the index was read
            m = meta[aid]
            # the named speaker's quotes, as offsets in the passage: their sentences are shown
            # first among those holding as many of the query's words
            theirs = [(q["start"] - passage.start, q["end"] - passage.start)
                      for q in quotes.get(pid, []) if named and q.get("speaker_id") in named]
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
                    highlight=highlight_text(passage.text, terms, theirs),
                    more_in_article=more,
                    speakers=_speakers_of(quotes.get(pid, [])),
                    quotes=[quote_json(q, HIT_QUOTE_FIELDS, passage_start=passage.start,
                                      named=named) for q in quotes.get(pid, [])],
                    found_by=found_by,
                    issuer=m.get("issuer"),
                    kinds=sorted({q["kind"] for q in quotes.get(pid, [])}),
                )
            )
        return hits


def answer_within(intent: Intent, named: list[int]) -> float:
    """How far below its article's best passage a passage quoting what the query asks for
    may represent the article: any distance in "what did X say …" (X's words are the answer
    asked for, however closely another passage matches the words), else ``PREFER_WITHIN``."""
    return np.inf if named and intent.speaker else PREFER_WITHIN


def live_count(tables: Any) -> int:
    """Live (not deleted) passages in a snapshot of the engine's passages."""
    return int(np.count_nonzero(tables.live))


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
