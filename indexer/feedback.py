"""Pseudo-relevance feedback for hybrid search: the first fused ranking's top passages refine
both queries (Rocchio for the query vector, Bo1 expansion terms for the keyword query).

Settings: 5 feedback passages, vector weight 0.5, 20 terms at weight 0.3 (as many of them as fit
a budget of postings). On Cranfield this lifts hybrid nDCG@10 by about 0.02 (scripts/eval_retrieval.py
prints hybrid with and without it). 20 terms (was 10) lifted Cranfield given wrapped from 0.423
to 0.429 hybrid and 0.378 to 0.389 keyword, on odd and even queries alike; 15, 25 and 30 terms,
3 or 8 passages and vector weight 0.75 or 1.0 scored lower. On scripts/eval_qa.py's tuning part
it moved one who-question's passage out of the top 3 and one answer to the top.
A query naming a speaker expands by none of the name's words (``without``; search.py's
``_name_terms``): on eval_qa's tuning part one more speaker question found in the top 3, none lost.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from whoosh import query as wq

from indexer.keyword_index import negated_queries

FEEDBACK_PASSAGES = 5
VECTOR_WEIGHT = 0.5
EXPANSION_TERMS = 20
EXPANSION_WEIGHT = 0.3
EXPANSION_MAX_POSTINGS = 20_000  # bounds the extra keyword run on large indexes


def rocchio(query: np.ndarray, feedback: Sequence[np.ndarray], weight: float = VECTOR_WEIGHT
            ) -> np.ndarray:
    """The unit query vector moved towards the mean of the feedback passages' vectors."""
    if not len(feedback):
        return query
    moved = query + weight * np.mean(np.stack(feedback), axis=0)
    norm = float(np.linalg.norm(moved))
    return (moved / norm).astype(np.float32) if norm else query


def expansion_query(q: wq.Query, terms: Sequence[tuple[str, int]], field: str = "text",
                    weight: float = EXPANSION_WEIGHT, max_postings: int = EXPANSION_MAX_POSTINGS
                    ) -> wq.Query | None:
    """The expansion terms as a query of their own at a lower weight, or None.

    ``terms`` are (term, passages containing it), most informative first. Its scores are added
    to the first keyword run's (as if the terms were ORed into the query) rather than running
    the whole query again. Terms are taken while their postings fit ``max_postings``, which
    bounds the cost on large indexes. Queries with a negation get none: an added term would
    let passages the user excluded back in.
    """
    if negated_queries(q):
        return None
    chosen: list[str] = []
    postings = 0
    for term, docs in terms:
        if postings + docs <= max_postings:
            chosen.append(term)
            postings += docs
    if not chosen:
        return None
    return wq.Or([wq.Term(field, t, boost=weight) for t in chosen])


def without(terms: Sequence[tuple[str, int]], skip: frozenset[str]) -> list[tuple[str, int]]:
    """``terms`` (term, passages containing it) less those in ``skip``, order kept."""
    return [(term, docs) for term, docs in terms if term not in skip]


def add_scores(first: Sequence[tuple[str, str, float]], extra: Sequence[tuple[str, str, float]]
               ) -> list[tuple[str, str, float]]:
    """Two keyword runs of (passage id, article id, score) summed per passage, best first."""
    totals: dict[str, tuple[str, float]] = {pid: (aid, score) for pid, aid, score in first}
    for pid, aid, score in extra:
        totals[pid] = (aid, totals.get(pid, (aid, 0.0))[1] + score)
    return sorted(((pid, aid, score) for pid, (aid, score) in totals.items()),
                  key=lambda t: (-t[2], t[0]))
