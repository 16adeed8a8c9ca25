"""Result sets: every passage a query matches in a mode, scored, and collapsed into articles.

One set is behind a search's hits, its ``total``, its facet counts and its exports, so they
always describe the same articles. Scores live in dense arrays over the keyword index's
docnums; ranking, collapsing by article and paging are numpy operations over them.

Hybrid fuses the keyword and semantic legs by standardised scores: each leg's mean and spread
come from its ``LEG_DEPTH`` best passages and a passage below them counts as the lowest of
them, so the top of the ranking is what fusing two top-100 lists gives, while every member of
the set (each keyword match and each semantic neighbour above the floor) is ranked, the tail by
its unclamped scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from indexer.querymodel import QueryError

LEG_DEPTH = 100  # passages per leg whose scores standardise it
LEG_MIN_COSINE = 0.2  # below this cosine a passage does not count in the semantic leg's statistics
# Plain words: a passage is a semantic neighbour (and joins the set) when its MiniLM cosine with
# the query is at least this. Below it, neighbours are unrelated text. (A floor relative to the
# best passage's cosine was tried: it cut Cranfield semantic nDCG@10 from 0.376 to 0.356, since
# good queries then kept fewer than ten passages.)
SEMANTIC_FLOOR = 0.2
# ... and it must stand out from what the query is near anyway: at least BACKGROUND_SPREAD
# standard deviations above the mean of the query's cosines with every stored passage, that
# raised floor capped at BACKGROUND_CEILING (a query on what the whole archive is about, "murder
# conviction" among prosecutors' releases, keeps its neighbours). MiniLM puts any two texts of
# one field (two crime releases, two Senate releases) at a cosine of 0.15 to 0.3, so on 5,000
# Senate releases "ethanol subsidies" matched 3,082 articles in semantic mode; from the
# background 397 (148 hold the words). On Cranfield, semantic mode's median set fell from 863
# to 218 of 1,400 documents (its relevant share 0.012 -> 0.038, recall 0.975 -> 0.885), and
# every nDCG@10 there and every figure of scripts/eval_qa.py's tuning part stayed the same.
# Fewer than BACKGROUND_MIN passages make no background: the floor alone applies. A watch's own
# threshold replaces both.
BACKGROUND_SPREAD = 2.0
BACKGROUND_MIN = 200
BACKGROUND_CEILING = 0.35
SORTS = ("relevance", "newest", "oldest")  # how a search orders its articles
PAGING_CAP = 10_000  # offset + limit may not reach past this many articles, in every mode

SPEAKER_BOOST = 3.0  # in standard deviations of a leg: a named speaker's quotes move up
QUOTE_BOOST = 3.0  # likewise, in a "who said …" question: passages quoting anyone directly
ROLE_BOOST = 2.0  # likewise, in a "which police chief …" question: times the share of those words
# describing a passage's quoted speaker (at least half of them: ROLE_FIT)
ROLE_FIT = 0.5
# An article's best passage quoting what the query asks for represents it when it scores at
# most this far below it (on scripts/eval_qa.py's tuning part a guard of 3 lost 3 of the answers
# 5 showed; 5 still keeps a far-off quote from standing in for the passage the query matched).
# A "what did X say" question lifts the guard (``search.answer_within``): X's quote is the
# answer asked for; on the tuning part's 47 speaker questions that showed 2 more answers, lost none
PREFER_WITHIN = 5.0
# Hybrid's semantic leg blends a passage's cosine with its article's (the query with the mean
# of the article's passage vectors): the whole article is evidence too (passage-level and
# document-level evidence combined, as in Callan, SIGIR 1994). The article's share is
# ARTICLE_SHARE for an article of up to ARTICLE_PASSAGES passages and falls as 1/n beyond, since
# the mean of a long, many-topic news story says little about the passage that answers. On
# Cranfield given wrapped (an abstract's indented paragraphs are passages of their own) hybrid
# nDCG@10 rose from 0.418 to 0.423. A flat share of 0.5 gave 0.427 but cost 3 of 31
# who-questions their top-3 passage on scripts/eval_qa.py's tuning part (this rule: none); a
# separate article leg (0.424) and an article-level BM25 leg (no gain) were tried too.
ARTICLE_SHARE = 0.5
ARTICLE_PASSAGES = 2

KEYWORD, SEMANTIC = 1, 2  # found_by flags


@dataclass
class Leg:
    """One ranking's scores over every docnum (nan where it has none) and the docnums that
    count in its statistics."""

    scores: np.ndarray
    counted: np.ndarray
    # the score of a passage the leg does not match (BM25: 0); with fewer than ``depth``
    # matches, the leg's statistics count the rest of its top ``depth`` at it
    pad: float | None = None


def check_sort(sort: str) -> None:
    """A search's ``sort`` is one of ``SORTS`` (a QueryError naming them otherwise)."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort[:40]!r} (use one of: {', '.join(SORTS)})")


def standardise(leg: Leg, depth: int = LEG_DEPTH) -> tuple[np.ndarray, np.ndarray] | None:
    """(clamped, raw) z-scores of a leg from its ``depth`` best counted scores; a passage below
    those gets their lowest z-score in ``clamped``. None when nothing counts.

    A leg with a ``pad`` and fewer than ``depth`` counted scores is standardised as the top
    ``depth`` list it is: its matches and, for the rest, passages scoring ``pad``. Two keyword
    matches of a rare name ('Lina Hidalgo' in 2 of 2,079 prosecutor passages) were otherwise
    z-scores of +1 and -1 against each other, and 49 semantic neighbours with no word of the
    query ranked above both."""
    values = leg.scores[leg.counted]
    if not len(values):
        return None
    top = values if len(values) <= depth else np.partition(values, len(values) - depth)[-depth:]
    if leg.pad is not None and len(top) < depth:
        top = np.concatenate([top, np.full(depth - len(top), leg.pad)])
    mean, std = float(top.mean()), float(top.std()) or 1.0
    floor = (float(top.min()) - mean) / std
    raw = (np.nan_to_num(leg.scores, nan=-np.inf) - mean) / std
    clamped = np.where(leg.counted, np.maximum(raw, floor), floor)
    return clamped, np.maximum(raw, floor - 10.0)


def fuse(legs: list[Leg]) -> tuple[np.ndarray, np.ndarray]:
    """(score, tie-break) per docnum: the sum of the legs' clamped z-scores, and of their raw
    z-scores to order the passages the clamp ties."""
    score = tiebreak = None
    for leg in legs:
        z = standardise(leg)
        if z is None:
            continue
        score = z[0] if score is None else score + z[0]
        tiebreak = z[1] if tiebreak is None else tiebreak + z[1]
    if score is None:
        size = len(legs[0].scores) if legs else 0
        return np.zeros(size), np.zeros(size)
    return score, tiebreak


def article_blend(cos: np.ndarray, codes: np.ndarray, norms: np.ndarray,
                  share: float = ARTICLE_SHARE, passages: int = ARTICLE_PASSAGES) -> np.ndarray:
    """Each passage's cosine blended with its article's (``codes``: article per docnum;
    ``norms``: the length of each article's summed passage vectors), nan where it has none."""
    has = np.isfinite(cos)
    count = np.bincount(codes, weights=has.astype(np.float64), minlength=len(norms))
    with np.errstate(divide="ignore", invalid="ignore"):
        article = np.bincount(codes, weights=np.where(has, cos, 0.0), minlength=len(norms)) \
            / norms
    article = np.nan_to_num(article, nan=0.0, posinf=0.0, neginf=0.0)[codes]
    weight = share * passages / np.maximum(count[codes], passages)
    return np.where(has, (1 - weight) * cos + weight * article, np.nan)


def neighbour_floor(cosines: np.ndarray, floor: float = SEMANTIC_FLOOR,
                    spread_by: float = BACKGROUND_SPREAD, least: int = BACKGROUND_MIN,
                    ceiling: float = BACKGROUND_CEILING) -> float:
    """The cosine from which a passage is a semantic neighbour of the query: ``floor``, or
    higher where the query's cosines with every stored passage (nan: no vector) sit high, so a
    neighbour stands ``spread_by`` standard deviations above that background, up to
    ``ceiling`` (a query on what the whole archive is about keeps its neighbours)."""
    known = cosines[np.isfinite(cosines)]
    if len(known) < least:
        return floor
    return max(floor, min(ceiling, float(known.mean() + spread_by * known.std())))


def spread(scores: np.ndarray, counted: np.ndarray, depth: int = LEG_DEPTH) -> float:
    """The standard deviation of a run's ``depth`` best counted scores (1 when undefined)."""
    values = scores[counted]
    if len(values) > depth:
        values = np.partition(values, len(values) - depth)[-depth:]
    return float(values.std()) if len(values) > 1 and values.std() > 0 else 1.0


@dataclass
class ResultSet:
    """The passages a query matched in one mode, with scores, collapsed into articles on demand.

    ``docs`` are keyword-index docnums; ``tables`` maps them to passage and article ids.
    """

    mode: str
    tables: Any  # keyword_index.SearcherTables
    docs: np.ndarray
    scores: np.ndarray
    tiebreak: np.ndarray
    found: np.ndarray  # KEYWORD | SEMANTIC flags per member
    notices: list[str] = field(default_factory=list)
    model: Any = None  # the split query (querymodel.QueryModel) the set answers, for its notices
    speaker_ids: list[int] = field(default_factory=list)  # speakers the query names
    terms: set[str] = field(default_factory=set)  # the query's indexed words, for highlighting
    # per member: a passage that states what the query asks for (a question's quote); an
    # article's best such member represents it in place of its best member
    prefer: np.ndarray | None = None
    # how far below its article's best score a ``prefer`` member may still represent it
    prefer_within: float = PREFER_WITHIN
    # per member: a passage preferred over ``prefer`` ones (a "which police chief …" question's
    # quote by a police chief)
    prefer_first: np.ndarray | None = None
    # per member: how well it answers the query itself (hybrid's ranking before pseudo-relevance
    # feedback): an article's best member by it represents the article, whose place comes from
    # ``scores``, so feedback words re-rank articles without choosing the passage shown
    pick: np.ndarray | None = None
    _best: np.ndarray | None = None  # positions of each article's best passage, best first
    _counts: np.ndarray | None = None
    _article_scores: np.ndarray | None = None  # each article's best member's score, in order

    def _ordered(self) -> np.ndarray:
        """Positions of the members, best first (ties: raw scores, then lower docnum)."""
        return np.lexsort((self.docs, -self.tiebreak, -self.scores))

    def _collapse(self) -> None:
        order = self._ordered()
        groups = self.tables.article_code[self.docs[order]]
        _, first = np.unique(groups, return_index=True)
        self._best = order[np.sort(first)]
        self._article_scores = self.scores[self._best]
        if self.pick is not None:
            by_pick = np.lexsort((self.docs, -self.pick))
            self._best = self._preferred(by_pick, self._best, np.ones(len(self.docs), bool),
                                         within=np.inf)
        for mask in (self.prefer, self.prefer_first):
            if mask is not None and mask.any():
                self._best = self._preferred(order, self._best, mask, self.prefer_within)
        self._counts = np.bincount(self.tables.article_code[self.docs],
                                   minlength=len(self.tables.article_ids))

    def _preferred(self, order: np.ndarray, best: np.ndarray, prefer: np.ndarray,
                   within: float = PREFER_WITHIN) -> np.ndarray:
        """``best`` with each article's first ``prefer`` member in ``order`` in place of its
        representative where it scores within ``within`` of the article's best score; the
        articles keep their order (by their best member)."""
        codes = self.tables.article_code[self.docs]
        ranked = order[prefer[order]]
        have, first = np.unique(codes[ranked], return_index=True)
        stand_in = np.full(len(self.tables.article_ids), -1, dtype=np.int64)
        stand_in[have] = ranked[first]
        alt = stand_in[codes[best]]
        close = (alt >= 0) & \
            (self.scores[np.maximum(alt, 0)] >= self._article_scores - within)
        return np.where(close, alt, best)

    def by_date(self, date_rank: np.ndarray, newest: bool) -> None:
        """Order the articles by date, oldest or ``newest`` first, undated ones last and equal
        dates in relevance order (``date_rank``: per article code, the rank of its date, -1
        undated); each article keeps the passage that represents it, and the total stays."""
        if self._best is None:
            self._collapse()
        rank = date_rank[self.tables.article_code[self.docs[self._best]]]
        key = np.where(rank < 0, np.iinfo(np.int64).max, -rank if newest else rank)
        order = np.argsort(key, kind="stable")
        self._best, self._article_scores = self._best[order], self._article_scores[order]

    @property
    def total(self) -> int:
        """The number of articles in the set: exactly what paging to the end returns."""
        if self._best is None:
            self._collapse()
        return len(self._best)

    def page(self, offset: int, limit: int) -> list[tuple[str, str, float, int, list[str]]]:
        """(passage id, article id, score, other matching passages, found by) of each article
        from ``offset``: the passage that represents it, and its best passage's score."""
        if self._best is None:
            self._collapse()
        out = []
        for i, score in zip(self._best[offset:offset + limit],
                            self._article_scores[offset:offset + limit], strict=True):
            doc = self.docs[i]
            code = self.tables.article_code[doc]
            out.append((self.tables.passage_ids[doc], self.tables.article_ids[code],
                        float(score), int(self._counts[code]) - 1,
                        found_by(int(self.found[i]))))
        return out

    def top_passages(self, limit: int) -> list[tuple[str, float, list[str]]]:
        """The best passages without collapsing by article (for answering questions)."""
        order = self._ordered()[:limit]
        return [(self.tables.passage_ids[self.docs[i]], float(self.scores[i]),
                 found_by(int(self.found[i]))) for i in order]

    def article_ids(self) -> list[str]:
        """Every article in the set, best first."""
        if self._best is None:
            self._collapse()
        codes = self.tables.article_code[self.docs[self._best]]
        return [self.tables.article_ids[c] for c in codes]

    def passage_ids(self) -> list[str]:
        """Every passage in the set, in no particular order."""
        return [self.tables.passage_ids[d] for d in self.docs]


def found_by(flags: int) -> list[str]:
    return [name for bit, name in ((KEYWORD, "keyword"), (SEMANTIC, "semantic")) if flags & bit]
