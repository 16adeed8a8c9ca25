"""Find speaker-labelled transcript turns: ``SGT. BECCHINA: ...``, ``Q: ...``, ``MR. SMITH: ...``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.quotes.marks import paragraph_bounds

_LABEL = re.compile(
    r"(?P<label>Q|A|(?:[A-Z][A-Z'’\-]*\.?)(?:\s+[A-Z][A-Z'’\-]*\.?){0,3})\s*[:.]?\s*:?\s+(?=\S)"
)
_NOT_SPEAKERS = {
    "UPDATE", "UPDATED", "CORRECTION", "EDITOR'S NOTE", "EDITOR’S NOTE", "NOTE", "WATCH",
    "READ MORE", "RELATED", "PHOTOS", "PHOTO", "VIDEO", "BREAKING", "MORE", "ADVERTISEMENT",
    "SOURCE", "SOURCES", "CLICK HERE", "WARNING", "ALERT", "EXCLUSIVE", "ANALYSIS", "OPINION",
    "FACT", "FACTS", "MYTH", "REALITY", "THE FACTS", "BACKGROUND", "CONTACT", "CONTACTS",
    "MEDIA CONTACT", "WHAT", "WHEN", "WHERE", "WHO", "WHY", "HOW", "TOPIC", "SUBJECT", "RE",
    "ADVISORY", "MEDIA ADVISORY", "EMBARGOED", "FOR IMMEDIATE RELEASE", "SUMMARY", "DATE",
    "TIME", "LOCATION", "PLACE", "AGENDA", "LINK", "LINKS", "FULL TEXT", "TEXT", "TRANSCRIPT",
    "AUDIO", "PHONE", "FAX", "EMAIL", "WEBSITE", "HEADLINE", "TITLE", "QUOTE", "QUOTES",
    "QUÉ", "QUE", "CUÁNDO", "CUANDO", "DÓNDE", "DONDE", "QUIÉN", "QUIEN", "FECHA", "HORA", "LUGAR",
}
_QA = {"Q", "A"}


@dataclass(frozen=True)
class Turn:
    """One transcript turn: the label as written and the spoken text after it."""

    label: str
    label_start: int
    label_end: int
    start: int
    end: int


def _turn_at(text: str, start: int, end: int) -> Turn | None:
    m = _LABEL.match(text, start, end)
    if not m:
        return None
    label = m.group("label")
    colon = text[m.end("label"):m.end()].strip()
    if label in _QA:
        if not colon:
            return None
    elif ":" not in colon or label.rstrip(".") in _NOT_SPEAKERS or len(label) < 2:
        return None
    return Turn(label, m.start("label"), m.end("label"), m.end(), end)


def find_turns(text: str) -> list[Turn]:
    """Return labelled turns, only where the text has at least two (a lone ``X:`` is a heading)."""
    turns = [t for s, e in paragraph_bounds(text) if (t := _turn_at(text, s, e))]
    return turns if len(turns) >= 2 else []
