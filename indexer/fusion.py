"""Fusion for hybrid search: standardised-score fusion (the default) and reciprocal rank fusion."""

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


def zscore_fusion(
    runs: dict[str, Sequence[tuple[str, float]]], weights: dict[str, float] | None = None
) -> list[tuple[str, float, list[str]]]:
    """Fuse scored runs by a weighted sum of per-run standardised scores, best first.

    Each run's scores become z-scores (BM25 and cosine live on different scales); an id a run
    did not return gets that run's lowest z-score. Equal weights by default. On Cranfield this
    beat RRF (see scripts/eval_retrieval.py), since it keeps how far apart the scores are.
    """
    zs: dict[str, dict[str, float]] = {}
    floors: dict[str, float] = {}
    for name, scored in runs.items():
        if not scored:
            continue
        values = [s for _, s in scored]
        mean = sum(values) / len(values)
        std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5 or 1.0
        zs[name] = {i: (s - mean) / std for i, s in scored}
        floors[name] = min(zs[name].values())
    ids = {i for z in zs.values() for i in z}
    fused = []
    for i in ids:
        total = sum((weights or {}).get(n, 1.0) * z.get(i, floors[n]) for n, z in zs.items())
        fused.append((i, total, [n for n, z in zs.items() if i in z]))
    return sorted(fused, key=lambda t: (-t[1], t[0]))
