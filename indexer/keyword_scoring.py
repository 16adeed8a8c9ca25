"""BM25F over Whoosh's postings with numpy: the fast path for word and phrase queries.

Whoosh scores one posting at a time in Python (about 40 µs per matching passage over the two
text fields), too slow for queries of common words on a few hundred thousand passages. Nearly
all queries are words and phrases over title and text combined with OR, AND and NOT. For those,
this module reads each term's postings a block at a time into numpy arrays (cached per
searcher) and computes the same score as Whoosh's matchers (``scoring.BM25F``, boosts, the
parser's coordination bonus, phrases checked on positions), vectorised. Other queries
(wildcards, fuzzy terms, ``source:``/``speaker:``/date fields) keep Whoosh's own matchers.

Differences from Whoosh, both deliberate: every matching passage is scored (no common-terms
shortcut needed), and the coordination bonus counts the query's terms over the whole index,
where Whoosh counts them per segment (and so scores a segment to zero when only one of a
word's two fields occurs in it).
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field, replace
from math import log, log2
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

SCORED_FIELDS = frozenset({"text", "title"})
CACHE_POSTINGS = 16_000_000  # postings kept across queries (8 bytes each: about 128 MB)
_POS_BITS = 24  # position keys pack the docnum above a passage's token position
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def scorable(q: wq.Query) -> bool:
    """Whether the fast path can score ``q``: words and phrases over title and text, combined
    with OR, AND and NOT."""
    if isinstance(q, wq.Term):
        return q.fieldname in SCORED_FIELDS and isinstance(q.text, str) and not q.minquality
    if isinstance(q, wq.Phrase):
        return q.fieldname in SCORED_FIELDS and len(q.words) > 0 and q.slop >= 1
    if isinstance(q, wq.Not):
        return scorable(q.query)
    if isinstance(q, wq.AndNot):
        return scorable(q.a) and scorable(q.b)
    if isinstance(q, wq.Or):
        return bool(q.subqueries) and not q.minmatch and all(map(scorable, q.subqueries))
    if type(q) is wq.And:
        positive = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        return bool(positive) and all(map(scorable, q.subqueries))
    if isinstance(q, wq.AndMaybe):
        return scorable(q.a) and not isinstance(q.a, wq.Not) and scorable(q.b)
    return False


@dataclass
class Scored:
    """A query node evaluated over every docnum: score, match, and the term counts behind the
    coordination bonus (how many of the node's terms exist, how many each passage matches)."""

    score: np.ndarray
    matched: np.ndarray
    matching: np.ndarray
    termcount: int


def coordinate(scores: np.ndarray, matching: np.ndarray, termcount: int,
               scale: float | None) -> np.ndarray:
    """The query parser's coordination bonus (Whoosh's CoordMatcher, "SQR" from V-Twin):
    passages matching more of the query's terms move up."""
    if not scale or termcount <= 1 or termcount == scale:
        return scores
    return (scores + (matching - 1) / (termcount - scale) ** 2) * ((termcount - 1) / termcount)


def bm25(idf: float, tf: np.ndarray, length: np.ndarray, avg_length: float,
         b: float, k1: float) -> np.ndarray:
    """Whoosh's ``scoring.bm25``, over arrays."""
    return idf * (tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * length / avg_length))


@dataclass
class PostingsScorer:
    """Scores ``scorable`` queries against one Whoosh searcher; caches field lengths, term
    statistics and postings.

    Build one per searcher (docnums change when the index does) with ``for_searcher``.
    """

    searcher: Any
    b: float = 0.75
    k1: float = 1.2
    doc_count: int = 0
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    _lengths: dict[str, np.ndarray] = field(default_factory=dict)
    _postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=OrderedDict)
    _cached: int = 0
    _stats: dict[tuple[str, str], tuple[int, float]] = field(default_factory=dict)
    # A view scoring only some passages (``within``): its arrays run over ``space``'s positions
    space: np.ndarray | None = None  # the docnums scored, ascending (None: every docnum)
    _local: np.ndarray | None = None  # docnum -> position in ``space`` (-1 outside)
    _full: PostingsScorer | None = None  # the scorer over every docnum a view reads from

    @classmethod
    def for_searcher(cls, searcher: Any) -> PostingsScorer:
        weighting = searcher.weighting
        scorer = cls(searcher, b=getattr(weighting, "B", 0.75), k1=getattr(weighting, "K1", 1.2))
        scorer.doc_count = searcher.doc_count_all()
        live = np.ones(scorer.doc_count, dtype=bool)
        for reader, base in searcher.reader().leaf_readers():
            if reader.has_deletions():
                live[base:base + reader.doc_count_all()] = False
                live[np.fromiter(reader.all_doc_ids(), dtype=np.int64) + base] = True
        scorer.live = live
        return scorer

    def within(self, docs: np.ndarray) -> PostingsScorer:
        """A view scoring only ``docs`` (a batch's new passages, which every watch of the batch
        asks about) with the whole index's statistics, so each score is the one the whole
        index gives, at the cost of those passages' postings instead of every docnum's."""
        full = self._full or self
        space = np.unique(np.asarray(docs, dtype=np.int64))
        local = np.full(full.doc_count, -1, dtype=np.int64)
        local[space] = np.arange(len(space))
        return replace(full, live=full.live[space], _lengths={}, _postings=OrderedDict(),
                       _cached=0, space=space, _local=local, _full=full)

    @property
    def size(self) -> int:
        """The length of this scorer's arrays: every docnum, or a view's passages."""
        return self.doc_count if self.space is None else len(self.space)

    def _docnums(self, at: np.ndarray) -> np.ndarray:
        return at if self.space is None else self.space[at]

    def _at(self, docs: np.ndarray) -> np.ndarray:
        """Positions of docnums in this scorer's arrays (-1 for those a view leaves out)."""
        return docs if self._local is None else self._local[docs]

    def score(self, q: wq.Query, allowed: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, scores) of every live passage matching ``q`` (``scorable``) and
        ``allowed`` (a boolean mask over docnums, or None for all)."""
        node = self.evaluate(q)
        keep = node.matched & self.live
        if allowed is not None:
            keep &= allowed if self.space is None else allowed[self.space]
        at = np.flatnonzero(keep)
        return self._docnums(at), node.score[at]

    def score_at(self, q: wq.Query, docs: np.ndarray) -> np.ndarray:
        """The scores of ``q`` at ``docs`` (0 where it does not match or a view leaves out)."""
        node = self.evaluate(q)
        at = self._at(np.asarray(docs, dtype=np.int64))
        out = np.zeros(len(at))
        inside = np.flatnonzero(at >= 0)
        hits = inside[node.matched[at[inside]]]
        out[hits] = node.score[at[hits]]
        return out

    def evaluate(self, q: wq.Query) -> Scored:
        """Score one query node the way Whoosh's matcher for it would."""
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, q.text, q.boost)
        if isinstance(q, wq.Phrase):
            return self._phrase(q)
        if isinstance(q, wq.Not):
            outside = ~self.evaluate(q.query).matched  # Whoosh scores these 1 (InverseMatcher)
            return Scored(outside * q.boost, outside, self._zeros_int(), 0)
        if isinstance(q, wq.AndNot):
            return self._combine([self.evaluate(q.a), self.evaluate(wq.Not(q.b))], all_=True)
        if isinstance(q, wq.AndMaybe):  # matches where ``a`` does; ``b`` adds to the score
            a, b = self.evaluate(q.a), self.evaluate(q.b)
            extra = a.matched & b.matched
            return _boosted(Scored(a.score + np.where(extra, b.score, 0.0), a.matched,
                                   a.matching + np.where(extra, b.matching, 0),
                                   a.termcount + b.termcount), q.boost)
        if isinstance(q, wq.Or):
            if len(q.subqueries) == 1:
                return _boosted(self.evaluate(q.subqueries[0]), q.boost)
            node = self._combine([self.evaluate(c) for c in q.subqueries], all_=False)
            if q.scale and node.termcount:
                node.score = np.where(node.matched, coordinate(
                    node.score, node.matching, node.termcount, q.scale), 0.0)
            return _boosted(node, q.boost)
        return _boosted(self._combine([self.evaluate(c) for c in q.subqueries], all_=True),
                        q.boost)

    def _combine(self, nodes: list[Scored], all_: bool) -> Scored:
        matched = nodes[0].matched.copy()
        score = nodes[0].score.copy()
        matching = nodes[0].matching.copy()
        for n in nodes[1:]:
            matched = (matched & n.matched) if all_ else (matched | n.matched)
            score += n.score
            matching += n.matching
        return Scored(np.where(matched, score, 0.0), matched, np.where(matched, matching, 0),
                      sum(n.termcount for n in nodes))

    def _term(self, fieldname: str, text: str, boost: float = 1.0) -> Scored:
        score = np.zeros(self.size)
        matched = np.zeros(self.size, dtype=bool)
        ids, weights = self.postings(fieldname, text)
        if not len(ids):
            return Scored(score, matched, self._zeros_int(), 0)
        idf = self.idf(fieldname, text)
        avg = self.searcher.avg_field_length(fieldname) or 1
        score[ids] = boost * bm25(idf, weights.astype(np.float64), self.lengths(fieldname)[ids],
                                  avg, self.b, self.k1)
        matched[ids] = True
        return Scored(score, matched, matched.astype(np.int32), 1)

    def _phrase(self, q: wq.Phrase) -> Scored:
        """Whoosh scores a phrase as the AND of its words (SpanNear2), kept only where the
        words occur in order, each within ``slop`` positions of the one before."""
        words = [self._term(q.fieldname, w) for w in q.words]
        if any(w.termcount == 0 for w in words):
            return Scored(np.zeros(self.size), np.zeros(self.size, bool),
                          self._zeros_int(), 0)
        node = self._combine(words, all_=True)
        if len(q.words) > 1:
            hit = np.zeros(self.size, dtype=bool)
            found = self._phrase_docs(q, self._docnums(np.flatnonzero(node.matched)))
            hit[self._at(found)] = True
            node = Scored(np.where(hit, node.score, 0.0), hit, np.where(hit, node.matching, 0),
                          node.termcount)
        return _boosted(node, q.boost)

    def _phrase_docs(self, q: wq.Phrase, candidates: np.ndarray) -> np.ndarray:
        """The candidate docnums where the phrase's words occur in order, each within the
        slop of the one before; each word's positions are decoded only for the docs still in."""
        ends = self.positions(q.fieldname, q.words[0], candidates)
        for word in q.words[1:]:
            keys = self.positions(q.fieldname, word, np.unique(ends >> _POS_BITS))
            steps = [ends + d for d in range(1, q.slop + 1)]
            ends = np.unique(np.concatenate([k[np.isin(k, keys)] for k in steps]))
            if not len(ends):
                break
        return np.unique(ends >> _POS_BITS)

    def positions(self, fieldname: str, text: str, docs: np.ndarray) -> np.ndarray:
        """``doc << _POS_BITS | position`` for each occurrence of a term in ``docs``; only the
        postings of those docs are decoded."""
        fmt = self.searcher.schema[fieldname].format
        wanted = np.zeros(self.doc_count, dtype=bool)
        wanted[docs] = True
        parts: list[np.ndarray] = []
        for reader, base in self.searcher.reader().leaf_readers():
            matcher = _segment_postings(reader, fieldname, text)
            if matcher is None:
                continue
            for ids, values in _blocks(matcher):
                for i in np.flatnonzero(wanted[ids + base]):
                    pos = np.asarray(fmt.decode_positions(values()[i]), dtype=np.int64)
                    parts.append(((ids[i] + base) << _POS_BITS) | pos)
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)

    def _zeros_int(self) -> np.ndarray:
        return np.zeros(self.size, dtype=np.int32)

    def idf(self, fieldname: str, text: str) -> float:
        """Whoosh's inverse document frequency (``WeightingModel.idf``), from cached stats."""
        return log(self.doc_count / (self.term_stats(fieldname, text)[0] + 1)) + 1

    def term_stats(self, fieldname: str, text: str) -> tuple[int, float]:
        """(passages containing the term, its total weight in the collection), cached: query
        expansion asks for hundreds of terms per query, each a lookup in every segment."""
        key = (fieldname, text)
        if key not in self._stats:
            docs, total = 0, 0.0
            for reader, _ in self.searcher.reader().leaf_readers():
                try:  # one lookup per segment (MultiReader.term_info makes two)
                    info = reader.term_info(fieldname, text)
                except (TermNotFound, KeyError):
                    continue
                docs += info.doc_frequency()
                total += info.weight()
            self._stats[key] = (docs, total)
        return self._stats[key]

    def key_terms(self, fieldname: str, text: str, count: int) -> list[tuple[str, int]]:
        """The ``count`` terms of ``text`` most informative against the collection by Bo1
        (Whoosh's ``key_terms_from_text`` with its default model, with cached statistics),
        each with the number of passages containing it."""
        field_ = self.searcher.schema[fieldname]
        in_text: dict[str, float] = defaultdict(float)
        for btext, _, weight, _ in field_.index(text):
            in_text[field_.from_bytes(btext)] += weight
        n = self.searcher.reader().doc_count_all() or 1
        scored = []
        for word, weight in in_text.items():
            docs, total = self.term_stats(fieldname, word)
            if docs:
                f = total / n
                scored.append((-(weight * log2((1 + f) / f) + log2(1 + f)), word, docs))
        scored.sort()
        return [(word, docs) for _, word, docs in scored[:count]]

    def docs(self, q: wq.Query) -> np.ndarray:
        """Docnums matching any Whoosh query (for filters and exclusions)."""
        return np.fromiter(q.docs(self.searcher), dtype=np.int64)

    def lengths(self, fieldname: str) -> np.ndarray:
        """Each passage's length in ``fieldname`` as the scorer sees it (Whoosh stores it in
        one byte)."""
        if fieldname not in self._lengths and self._full is not None:
            self._lengths[fieldname] = self._full.lengths(fieldname)[self.space]
        if fieldname not in self._lengths:
            out = np.ones(self.doc_count, dtype=np.float64)
            for reader, base in self.searcher.reader().leaf_readers():
                out[base:base + reader.doc_count_all()] = _leaf_lengths(reader, fieldname)
            self._lengths[fieldname] = out
        return self._lengths[fieldname]

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, weights) of a term over all segments; weights include field boosts (a
        view's: its positions, of its passages only)."""
        if self._full is not None:
            ids, weights = self._full.postings(fieldname, text)
            at = self._local[ids]
            keep = at >= 0
            return at[keep], weights[keep]
        key = (fieldname, text)
        if key in self._postings:
            self._postings.move_to_end(key)
            return self._postings[key]
        ids_parts, weight_parts = [], []
        for reader, base in self.searcher.reader().leaf_readers():
            matcher = _segment_postings(reader, fieldname, text)
            if matcher is None:
                continue
            ids, weights = read_postings(matcher)
            ids_parts.append(ids + base)
            weight_parts.append(weights)
        got = (np.concatenate(ids_parts).astype(np.int32) if ids_parts else np.zeros(0, np.int32),
               np.concatenate(weight_parts).astype(np.float32) if weight_parts
               else np.zeros(0, np.float32))
        self._postings[key] = got
        self._cached += len(got[0])
        while self._cached > CACHE_POSTINGS and len(self._postings) > 1:
            _, (old, _) = self._postings.popitem(last=False)
            self._cached -= len(old)
        return got


def _block_ids(leaf: Any) -> np.ndarray:
    """The docnums of a W3 posting block, delta-decoded with numpy (Whoosh's ``_read_ids``
    decodes them one at a time in a Python generator)."""
    if leaf._data is None:
        leaf._read_data()
    ids = np.asarray(leaf._data[0], dtype=np.int64)
    return ids if leaf._byteids else np.cumsum(ids)


def _block_weights(leaf: Any) -> np.ndarray:
    """The weights of a W3 posting block (stored as None when all 1, a float when all equal)."""
    if leaf._data is None:
        leaf._read_data()
    weights = leaf._data[1]
    if weights is None or isinstance(weights, float):
        return np.full(leaf._blocklength, 1.0 if weights is None else weights)
    return np.asarray(weights, dtype=np.float64)


def _segment_postings(reader: Any, fieldname: str, text: str) -> Any:
    """A segment's matcher for a term, or None where the segment lacks it (one lookup)."""
    try:
        return reader.postings(fieldname, text)
    except (TermNotFound, KeyError):
        return None


def read_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """All (docnums, weights) of a segment's posting list, a block at a time where the codec
    allows (deleted passages included: the caller masks them)."""
    leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    if all(hasattr(leaf, a) for a in ("_read_ids", "_read_weights", "_next_block")):
        ids, weights = [], []
        while leaf.is_active():
            ids.append(_block_ids(leaf))
            weights.append(_block_weights(leaf))
            leaf._next_block()
        if not ids:
            return np.zeros(0, np.int64), np.zeros(0, np.float64)
        return np.concatenate(ids), np.concatenate(weights)
    pairs = [(m_id, w) for m_id, w in _walk(leaf)]
    return (np.array([p[0] for p in pairs], dtype=np.int64),
            np.array([p[1] for p in pairs], dtype=np.float64))


def _boosted(node: Scored, boost: float) -> Scored:
    if boost != 1.0:
        node.score = node.score * boost
    return node


def _blocks(matcher: Any):  # noqa: ANN202 - a generator of (docnums, values getter)
    """A posting list a block at a time: its docnums, and a function reading the block's raw
    values (positions) only when called."""
    leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    if all(hasattr(leaf, a) for a in ("_read_ids", "_read_values", "_next_block")):
        while leaf.is_active():
            ids = _block_ids(leaf)
            got: list[Any] = []

            def values(leaf: Any = leaf, got: list[Any] = got) -> Any:
                if not got:
                    leaf._read_values()
                    got.append(leaf._values)
                return got[0]

            yield ids, values
            leaf._next_block()
        return
    pairs = []
    while leaf.is_active():
        pairs.append((leaf.id(), leaf.value()))
        leaf.next()
    yield np.array([p[0] for p in pairs], dtype=np.int64), lambda: [p[1] for p in pairs]


def _walk(matcher: Any):  # noqa: ANN202 - a generator of (docnum, weight)
    while matcher.is_active():
        yield matcher.id(), matcher.weight()
        matcher.next()


def _leaf_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """One segment's field lengths, read as a column where the codec allows."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is not None:
        raw = np.frombuffer(bytes(column.load()), dtype=np.uint8)[:count]
        out = _LENGTH_OF_BYTE[raw]
        if len(out) < count:
            out = np.concatenate([out, np.zeros(count - len(out))])
    else:
        out = np.array([reader.doc_field_length(d, fieldname, 0) or 0 for d in range(count)],
                       dtype=np.float64)
    out[out == 0] = 1  # Whoosh's scorer defaults a missing length to 1
    return out



def ranked(scores: np.ndarray, docs: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` best scores, best first; ties go to the lower docnum, as in
    Whoosh's collector."""
    if limit < len(scores):
        cut = np.argpartition(-scores, limit - 1)[:limit]
    else:
        cut = np.arange(len(scores))
    return cut[np.lexsort((docs[cut], -scores[cut]))]
