"""Reciprocal rank fusion, for the plain baselines the evaluation scripts compare against (hybrid
search fuses standardised scores: indexer/resultset.py)."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: dict[str, Sequence[str]], k: int = RRF_K, weights: dict[str, float] | None = None
) -> list[tuple[str, float, list[str]]]:
    """Fuse named rankings into (id, score, names of the rankings that found it), best first.

    score(d) = sum over rankings r of weight_r / (k + rank_r(d)), ranks starting at 1.
    """
    scores: dict[str, float] = {}
    found: dict[str, list[str]] = {}
    for name, ids in rankings.items():
        w = (weights or {}).get(name, 1.0)
        for rank, item in enumerate(ids, 1):
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
            found.setdefault(item, []).append(name)
    return sorted(((i, s, found[i]) for i, s in scores.items()), key=lambda t: (-t[1], t[0]))
