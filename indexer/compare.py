"""Comparing statements: two speakers, or one speaker in two periods, on a topic.

A side's statements on the topic are the passages search finds for it under the side's filters
(speaker and dates; hybrid mode when the vector index is open, else keyword), each reduced to
the side's speaker's quotes in it (the passage itself when the side names no speaker). Their
number is the real count, not a page's worth. The two sides are then paired best-first by
meaning (cosine of their passages' stored embeddings; word overlap without an embedder) plus
how well both answer the topic (their search relevance, scaled within their side): the best
pair first, then the best pair of statements not used
yet, so no statement is in two pairs.
The statements left over on the longer side follow, each with no counterpart; a reader pages
through all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer.answers import format_citation
from indexer.keyword_index import Filters, QueryError
from indexer.search import check_filters

if TYPE_CHECKING:
    from indexer.search import Hit, SearchService

MAX_PAIRS = 20  # rows per page at most
MAX_STATEMENTS = 1000  # statements per side built and paired (the count is never capped)
STATEMENT_FIELDS = ("side", "label", "speaker", "speaker_role", "speaker_org", "published",
                    "title", "source", "citation", "text", "url", "article_id", "passage_id",
                    "relevance")


@dataclass
class Side:
    """One side of a comparison: a speaker (name or id) and/or a period."""

    speaker: str | None = None
    since: str | None = None
    until: str | None = None

    def label(self) -> str:
        """"Becchina · 2021-01-01 – …": who and when, for headings and the CSV."""
        period = " – ".join(p or "…" for p in (self.since, self.until)) if (
            self.since or self.until) else ""
        return " · ".join(p for p in (self.speaker or "everyone", period) if p)

    def filters(self) -> Filters:
        """The search filters of this side (only passages quoting its speaker, when named)."""
        return Filters(speaker=self.speaker, since=self.since, until=self.until,
                       quotes_only=bool(self.speaker))


@dataclass
class SideStatements:
    """A side's statements on the topic, most relevant first (at most ``MAX_STATEMENTS``), and
    their real number (``count``, which may be larger)."""

    speaker_ids: list[int] | None
    statements: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0


def unknown_speaker(side: Side, filters: Filters) -> bool:
    """Whether the side names a speaker the registry does not know."""
    return bool(side.speaker) and not filters.speaker_ids


def side_statements(service: SearchService, topic: str, filters: Filters,
                    cap: int = MAX_STATEMENTS) -> SideStatements:
    """The statements on ``topic`` under resolved ``filters``: the passages search finds, each
    as its quotes by the filters' speakers (the passage itself when no speaker is named)."""
    mode = "hybrid" if "hybrid" in service.modes else "keyword"
    hits = service.passages(topic, mode=mode, limit=cap, filters=filters)
    ids = set(filters.speaker_ids or [])
    out = []
    for hit in hits:
        quotes = [q for q in hit.quotes if not ids or q["speaker_id"] in ids]
        if ids and not quotes:
            continue
        out.append(statement(hit, quotes))
    count = len(out)
    if len(hits) == cap:  # more passages than were built: count the whole set
        count = max(count, len(service.result_set(topic, mode, filters).docs))
    return SideStatements(filters.speaker_ids, out, count)


CUE_GAP = 80  # characters between two quotes of a statement that may be its cue


def quoted_words(passage: str, quotes: list[dict[str, Any]]) -> str:
    """The quotes of one statement as the passage prints them: two quotes split by their cue
    keep it ('“… apart,” Ogg said. “Three young men …”': a short gap in one paragraph naming
    the speaker as the quotes' cue does); others are joined by an ellipsis, and a quote inside
    another is not repeated."""
    spans = sorted(quotes, key=lambda q: (q["start"], -q["end"]))
    if not spans:
        return ""
    out, before = spans[0]["text"], spans[0]
    for q in spans[1:]:
        if q["end"] <= before["end"]:
            continue  # inside the quote already written
        gap = passage[before["end"]:q["start"]] if q["start"] >= before["end"] else ""
        cue = 0 < len(gap.strip()) <= CUE_GAP and "\n" not in gap and \
            not any(mark in gap for mark in '"“”') and \
            any(m and re.search(rf"(?<!\w){re.escape(m)}(?!\w)", gap)
                for m in (before.get("mention"), q.get("mention")))
        out = out.rstrip() + gap + q["text"] if cue else f"{out.rstrip()} … {q['text']}"
        before = q
    return out


def statement(hit: Hit, quotes: list[dict[str, Any]]) -> dict[str, Any]:
    """One statement: the quotes' words (or the passage's), where they appeared, a citation."""
    text = quoted_words(hit.text, quotes) if quotes else hit.text
    speaker = next((q for q in quotes if q["speaker"]), None)
    who = {k: speaker[k] if speaker else None
           for k in ("speaker", "speaker_id", "speaker_role", "speaker_org")}
    return {
        "text": text, "passage_id": hit.passage_id, "article_id": hit.article_id,
        "title": hit.title, "source": hit.source, "published": hit.published, "url": hit.url,
        **who, "relevance": hit.score,
        "citation": format_citation(who["speaker"], who["speaker_role"], who["speaker_org"],
                                    hit.title or "", hit.source, hit.published),
    }


def statement_vectors(service: SearchService, statements: list[dict[str, Any]]) -> np.ndarray:
    """Unit vectors of statements: their passages' stored vectors (a side has up to
    ``MAX_STATEMENTS``, and encoding that many texts takes tens of seconds on two cores), the
    statement's own text encoded where its passage has none."""
    stored = [service.vectors.vector(s["passage_id"]) if service.vectors is not None else None
              for s in statements]
    missing = [s["text"] for s, v in zip(statements, stored, strict=True) if v is None]
    encoded = iter(service.sentence_vectors(missing)) if missing else iter(())
    return np.stack([v if v is not None else next(encoded) for v in stored])


def similarity_matrix(service: SearchService, left: list[dict[str, Any]],
                      right: list[dict[str, Any]]) -> np.ndarray:
    """Cosine similarities of two sides' statements (len(left) × len(right)); the word overlap
    of their texts when there is no embedder."""
    if not left or not right:
        return np.zeros((len(left), len(right)))
    if service.embedder is not None:
        return statement_vectors(service, left) @ statement_vectors(service, right).T
    words = [set(re.findall(r"\w+", s["text"].lower())) for s in [*left, *right]]
    lw, rw = words[: len(left)], words[len(left):]
    return np.array([[len(a & b) / (len(a | b) or 1) for b in rw] for a in lw])


def scaled_relevance(statements: list[dict[str, Any]]) -> np.ndarray:
    """Each statement's search relevance scaled to 0-1 within its side (the most relevant 1)."""
    rel = np.array([s.get("relevance") or 0.0 for s in statements], dtype=float)
    if not len(rel):
        return rel
    span = float(rel.max() - rel.min())
    return (rel - rel.min()) / span if span > 0 else np.ones(len(rel))


def topic_fit(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> np.ndarray:
    """How well both statements of each pair answer the topic (the mean of their
    ``scaled_relevance``; len(left) × len(right)). Pairs are taken by their similarity plus
    this, so two statements on the topic come before two alike on something else: on 5,000
    Senate releases Byrd and Coleman on "Iraq war funding" opened with a pair on veterans'
    medical care, ahead of the war supplementals both sides' searches ranked first."""
    return (scaled_relevance(left)[:, None] + scaled_relevance(right)[None, :]) / 2


def greedy_pairs(sims: np.ndarray) -> list[tuple[int, int]]:
    """Best-first matching over a similarity matrix: the most similar (row, column) first, then
    the most similar pair of a row and a column not used yet, until one side runs out. Ties go
    to the lower row, then the lower column (the more relevant statements)."""
    if sims.size == 0:
        return []
    rows, cols = sims.shape
    used_rows, used_cols = np.zeros(rows, dtype=bool), np.zeros(cols, dtype=bool)
    pairs: list[tuple[int, int]] = []
    for flat in np.argsort(-sims, axis=None, kind="stable"):
        i, j = divmod(int(flat), cols)
        if used_rows[i] or used_cols[j]:
            continue
        used_rows[i] = used_cols[j] = True
        pairs.append((i, j))
        if len(pairs) == min(rows, cols):
            break
    return pairs


@dataclass
class Comparison:
    """Both sides' statements and every row of the comparison: the pairs, most similar first,
    then the statements without a counterpart."""

    topic: str
    left: Side
    right: Side
    left_found: SideStatements
    right_found: SideStatements
    rows: list[dict[str, Any]]
    matched: int
    notices: list[str]

    def side_json(self, side: Side, found: SideStatements) -> dict[str, Any]:
        return {"label": side.label(), "speaker": side.speaker, "speaker_ids": found.speaker_ids,
                "since": side.since, "until": side.until, "statements": found.count}

    def page(self, limit: int, offset: int) -> dict[str, Any]:
        """The JSON payload: both sides with their real counts and rows ``offset`` on."""
        if not 1 <= limit <= MAX_PAIRS:
            raise QueryError(f"limit must be between 1 and {MAX_PAIRS}")
        return {
            "topic": self.topic,
            "left": self.side_json(self.left, self.left_found),
            "right": self.side_json(self.right, self.right_found),
            "total": len(self.rows), "matched": self.matched, "limit": limit, "offset": offset,
            "pairs": self.rows[offset:offset + limit],
            "notices": list(self.notices),
        }

    def statements(self) -> list[dict[str, Any]]:
        """Every statement of both sides (left first), each with its side and the side's label."""
        return [{"side": name, "label": side.label(), **s}
                for name, side, found in (("left", self.left, self.left_found),
                                          ("right", self.right, self.right_found))
                for s in found.statements]


def compare(service: SearchService, topic: str, left: Side, right: Side,
            unknown_notice: Any = None) -> Comparison:
    """Both sides' statements on ``topic``, paired best-first by meaning. A side naming an
    unknown speaker has no statements and a notice (``unknown_notice(name)``, else "no speaker
    matches 'X'"); two sides that resolve to the same speakers and period are an error."""
    if not topic or not topic.strip():
        raise QueryError("empty topic")
    filters: dict[str, Filters] = {}
    notices: list[str] = []
    for name, side in (("left", left), ("right", right)):
        f = filters[name] = side.filters()
        check_filters(f)
        service.resolve_speaker(f)
        notice = (unknown_notice(side.speaker) if unknown_notice else
                  f"no speaker matches {side.speaker!r}") if unknown_speaker(side, f) else None
        if notice and notice not in notices:  # one notice when both sides name them
            notices.append(notice)
    ids = {name: None if f.speaker_ids is None else sorted(f.speaker_ids)
           for name, f in filters.items()}
    if not notices and ids["left"] == ids["right"] and (
            left.since, left.until) == (right.since, right.until):
        raise QueryError("the two sides are the same: change the speaker or the period")
    found: dict[str, SideStatements] = {}
    for name, side in (("left", left), ("right", right)):
        f = filters[name]
        got = found[name] = SideStatements(f.speaker_ids) if unknown_speaker(side, f) \
            else side_statements(service, topic, f)
        if got.count > len(got.statements):
            notices.append(f"{side.label()} has {got.count:,} statements on this topic: the "
                           f"{len(got.statements):,} most relevant are paired.")
    lefts, rights = found["left"].statements, found["right"].statements
    sims = similarity_matrix(service, lefts, rights)
    fit = topic_fit(lefts, rights)
    pairs = greedy_pairs(sims + fit)
    rows: list[dict[str, Any]] = [
        {"left": lefts[i], "right": rights[j], "similarity": round(float(sims[i, j]), 4),
         "on_topic": round(float(fit[i, j]), 4)}
        for i, j in pairs]
    paired_left, paired_right = {i for i, _ in pairs}, {j for _, j in pairs}
    rows += [{"left": s, "right": None, "similarity": None, "on_topic": None}
             for i, s in enumerate(lefts) if i not in paired_left]
    rows += [{"left": None, "right": s, "similarity": None, "on_topic": None}
             for j, s in enumerate(rights) if j not in paired_right]
    return Comparison(topic, left, right, found["left"], found["right"], rows, len(pairs),
                      notices)
