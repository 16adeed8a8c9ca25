"""Questions: recognising them, reading their intent, picking answer sentences, citing them.

Pure functions; the search service supplies retrieval and the embedder.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from indexer.passages import sentence_spans

_QUESTION_START = re.compile(
    r"^\s*(?:who|what|when|where|why|how|which|whom|whose|is|are|was|were|do|does|did|can|could|"
    r"may|might|should|would|will|has|have|had)\b",
    re.IGNORECASE,
)
_WHO_SAID = re.compile(r"^\s*who\s+(?:said|says|has\s+said|told|stated|claimed|called|warned)\b(?P<rest>.*)$", re.I)
_WHAT_DID_X_SAY = re.compile(
    r"^\s*what\s+(?:did|does|has|have)\s+(?P<who>.+?)\s+(?:say|said|says|tell|told|state|stated)"
    r"(?:\s+(?:about|on|regarding|concerning|of)\s+(?P<topic>.+?))?\s*\??\s*$",
    re.IGNORECASE,
)
_HAS_X_SAID = re.compile(
    r"^\s*what\s+(?:has|have)\s+(?P<who>.+?)\s+said(?:\s+(?:about|on|regarding)\s+(?P<topic>.+?))?\s*\??\s*$",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A query that reads as a question (question mark, or a question word first)."""
    stripped = text.strip()
    return stripped.endswith("?") or bool(_QUESTION_START.match(stripped)) and len(stripped.split()) >= 3


@dataclass
class Intent:
    """What a question asks: the retrieval text, a speaker named in it, whether it asks who."""

    text: str
    speaker: str | None = None
    asks_who: bool = False


def read_intent(question: str) -> Intent:
    """Read "who said …" and "what did X say about Y" forms; anything else is plain retrieval."""
    q = question.strip()
    m = _WHO_SAID.match(q)
    if m:
        return Intent(text=m.group("rest").strip(" ?") or q, asks_who=True)
    m = _WHAT_DID_X_SAY.match(q) or _HAS_X_SAID.match(q)
    if m:
        who = re.sub(r"^(?:the\s+)", "", m.group("who").strip(), flags=re.I)
        topic = (m.group("topic") or "").strip()
        return Intent(text=topic or q, speaker=who)
    return Intent(text=q)


def sentence_texts(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage, with stray whitespace trimmed."""
    return [(s, e) for s, e in sentence_spans(text) if text[s:e].strip()]


def format_citation(speaker: str | None, role: str | None, org: str | None, title: str,
                    source: str | None, published: str | None) -> str:
    """A one-line citation a reporter can paste.

    "Sgt. Jacob Becchina, police spokesman, quoted in 'Title', Source, 2021-11-17"
    """
    who = ", ".join(p for p in (speaker, role or org) if p)
    where = f"'{title}'"
    tail = ", ".join(p for p in (source, published) if p)
    if who:
        return f"{who}, quoted in {where}" + (f", {tail}" if tail else "")
    return where + (f", {tail}" if tail else "")


@dataclass
class Answer:
    """One answer in the ``ask`` JSON shape."""

    answer: str
    passage_id: str
    article_id: str
    speaker: str | None
    speaker_role: str | None
    speaker_org: str | None
    quote: str | None
    title: str
    source: str | None
    published: str | None
    url: str | None
    citation: str
    score: float
    answer_start: int = 0  # offsets of the answer within the passage text, for highlighting
    answer_end: int = 0
    passage: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AnswerResult:
    question: str
    answers: list[Answer] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answers": [a.to_dict() for a in self.answers]}


def quote_covering(quotes: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    """The quote overlapping a sentence span most (offsets relative to the passage)."""
    best, best_overlap = None, 0
    for q in quotes:
        overlap = min(end, q["end"]) - max(start, q["start"])
        if overlap > best_overlap:
            best, best_overlap = q, overlap
    return best
