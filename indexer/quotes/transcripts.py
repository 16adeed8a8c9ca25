"""Find speaker-labelled transcript turns: ``SGT. BECCHINA: ...``, ``Q: ...``, ``MR. SMITH: ...``.

A transcript quoted whole, each paragraph opening with a mark (``"PENCE: Well, ..."``), has
the same turns: the mark opens the paragraph, not one quote spoken by whoever introduced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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
_OPENERS = {'"': '"', "“": "”"}


@dataclass(frozen=True)
class Turn:
    """One transcript turn: the label as written and the spoken text after it."""

    label: str
    label_start: int
    label_end: int
    start: int
    end: int
    line_start: int  # where the turn's paragraph begins (its opening mark, when quoted)


def _quoted_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) inside a paragraph that one mark opens and nothing but its end closes.

    ``"OPERATION: Take a Soldier to the Movies" requests ...`` closes mid-line: a title, not
    a turn.
    """
    close = _OPENERS.get(text[start])
    if close is None:
        return None
    inner_end = end - 1 if end - start > 1 and text[end - 1] == close else end
    if close in text[start + 1:inner_end]:
        return None
    return start + 1, inner_end


def _turn_at(text: str, start: int, end: int) -> Turn | None:
    line_start = start
    if quoted := _quoted_line(text, start, end):
        start, end = quoted
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
    return Turn(label, m.start("label"), m.end("label"), m.end(), end, line_start)


def _continues(text: str, start: int, end: int) -> int | None:
    """Where a quoted paragraph without a label ends, when it carries on the quoted turn above.

    A bracketed stage direction (``"(CROSSTALK.)``) carries on nobody's words.
    """
    quoted = _quoted_line(text, start, end)
    if quoted is None or _turn_at(text, start, end):
        return None
    words = text[quoted[0]:quoted[1]].strip()
    return None if words[:1] in "([" else quoted[1]


def find_turns(text: str) -> list[Turn]:
    """Return labelled turns, only where the text has at least two (a lone ``X:`` is a heading).

    A quoted turn runs on through the quoted paragraphs after it that have no label.
    """
    turns: list[Turn] = []
    carrying = False
    for s, e in paragraph_bounds(text):
        if t := _turn_at(text, s, e):
            turns.append(t)
            carrying = text[t.line_start] in _OPENERS
        elif carrying and (end := _continues(text, s, e)) is not None:
            turns[-1] = replace(turns[-1], end=end)
        else:
            carrying = False
    return turns if len(turns) >= 2 else []
