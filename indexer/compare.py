"""Comparing statements: two speakers, or one speaker in two periods, on a topic.

Each side's most relevant statements on the topic are found by search restricted to that side
(speaker and dates); each left statement is paired with the right statement closest in meaning
(cosine of their embeddings), so a reader sees how the language differs side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer.keyword_index import Filters, QueryError
from indexer.search import check_filters

if TYPE_CHECKING:
    from indexer.search import Hit, SearchService

DEPTH = 30  # passages searched per side
MAX_PAIRS = 20


@dataclass
class Side:
    """One side of a comparison: a speaker (name or id) and/or a period."""

    speaker: str | None = None
    since: str | None = None
    until: str | None = None

    def label(self) -> str:
        period = " – ".join(p or "…" for p in (self.since, self.until)) if (
            self.since or self.until) else ""
        return " · ".join(p for p in (self.speaker or "everyone", period) if p)


def side_statements(service: SearchService, topic: str, side: Side, depth: int = DEPTH
                    ) -> tuple[list[int] | None, list[dict[str, Any]]]:
    """(the side's speaker ids, its statements on ``topic``, most relevant first).

    A statement is a passage's quotes by the side's speaker (the passage itself when the side
    names no speaker).
    """
    filters = Filters(speaker=side.speaker, since=side.since, until=side.until,
                      quotes_only=bool(side.speaker))
    check_filters(filters)
    service.resolve_speaker(filters)
    if side.speaker and not filters.speaker_ids:
        raise QueryError(f"no speaker matches {side.speaker!r}")
    mode = "semantic" if service.vectors is not None else "keyword"
    hits = service.passages(topic, mode=mode, limit=depth, filters=filters)
    ids = set(filters.speaker_ids or [])
    out = []
    for hit in hits:
        quotes = [q for q in hit.quotes if not ids or q["speaker_id"] in ids]
        if ids and not quotes:
            continue
        out.append(_statement(hit, quotes))
    return filters.speaker_ids, out


def _statement(hit: Hit, quotes: list[dict[str, Any]]) -> dict[str, Any]:
    text = " ".join(q["text"] for q in quotes) if quotes else hit.text
    speaker = next((q for q in quotes if q["speaker"]), None)
    return {
        "text": text, "passage_id": hit.passage_id, "article_id": hit.article_id,
        "title": hit.title, "source": hit.source, "published": hit.published, "url": hit.url,
        "speaker": speaker["speaker"] if speaker else None,
        "speaker_id": speaker["speaker_id"] if speaker else None,
        "speaker_role": speaker["speaker_role"] if speaker else None,
        "speaker_org": speaker["speaker_org"] if speaker else None,
        "relevance": hit.score,
    }


def similarity_matrix(service: SearchService, left: list[str], right: list[str]) -> np.ndarray:
    """Cosine similarities (len(left) × len(right)); word overlap when there is no embedder."""
    if service.embedder is not None:
        vectors = service.embedder.encode([*left, *right])
        return vectors[: len(left)] @ vectors[len(left):].T
    words = [set(t.lower().split()) for t in [*left, *right]]
    lw, rw = words[: len(left)], words[len(left):]
    return np.array([[len(a & b) / (len(a | b) or 1) for b in rw] for a in lw])


def compare(service: SearchService, topic: str, left: Side, right: Side, limit: int = 5
            ) -> dict[str, Any]:
    """Pairs of statements, left's most relevant first, each with the closest right statement."""
    if not topic or not topic.strip():
        raise QueryError("empty topic")
    if not 1 <= limit <= MAX_PAIRS:
        raise QueryError(f"limit must be between 1 and {MAX_PAIRS}")
    if left == right:
        raise QueryError("the two sides are the same: change the speaker or the period")
    left_ids, lefts = side_statements(service, topic, left)
    right_ids, rights = side_statements(service, topic, right)
    lefts = lefts[:limit]
    pairs = []
    if lefts and rights:
        sims = similarity_matrix(service, [s["text"] for s in lefts], [s["text"] for s in rights])
        for i, stmt in enumerate(lefts):
            j = int(np.argmax(sims[i]))
            pairs.append({"left": stmt, "right": rights[j], "similarity": round(float(sims[i, j]), 4)})
    else:
        pairs = [{"left": stmt, "right": None, "similarity": None} for stmt in lefts]
    return {
        "topic": topic,
        "left": {"label": left.label(), "speaker": left.speaker, "speaker_ids": left_ids,
                 "since": left.since, "until": left.until, "statements": len(lefts)},
        "right": {"label": right.label(), "speaker": right.speaker, "speaker_ids": right_ids,
                  "since": right.since, "until": right.until, "statements": len(rights)},
        "pairs": pairs,
    }
