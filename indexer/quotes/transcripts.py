"""Find speaker-labelled transcript turns: ``SGT. BECCHINA: ...``, ``Q: ...``, ``MR. SMITH: ...``.

A transcript quoted whole, each paragraph opening with a mark (``"PENCE: Well, ..."``), has
the same turns: the mark opens the paragraph, not one quote spoken by whoever introduced it.
A label must read as a person: a title, a surname the text writes after a first name, a first
name, or the unnamed host answered each time by a named speaker; ``PRESIDENTIAL REQUEST:`` and
``FICTION:`` head a list, nobody speaks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from indexer.quotes.marks import paragraph_bounds
from indexer.quotes.names import is_first_name
from indexer.quotes.roles import SOURCE_HEADS, is_title

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
QUESTION_LABELS = frozenset({"Q", "A", "QUESTION", "ANSWER"})  # speakers left unnamed
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
    """Where a quoted paragraph without a label (``_turn_at`` found none) ends, when it carries
    on the quoted turn above. A bracketed stage direction (``"(CROSSTALK.)``) carries on
    nobody's words.
    """
    quoted = _quoted_line(text, start, end)
    if quoted is None:
        return None
    words = text[quoted[0]:quoted[1]].strip()
    return None if words[:1] in "([" else quoted[1]


def _named_in(word: str, text: str) -> bool:
    """True when the text writes ``word`` (not in capitals) right after a first name, a title
    or an initial after one: 'HATCH' is 'Orrin G. Hatch', 'Sen. Hatch'."""
    pattern = rf"(?<![\w'’-]){re.escape(word[:1])}(?i:{re.escape(word[1:])})(?![\w'’-])"
    for m in re.finditer(pattern, text):
        if m.group().isupper():
            continue
        before = text[max(0, m.start() - 40):m.start()].split()
        if before and re.fullmatch(r"[A-Z]\.", before[-1]):
            before = before[:-1]
        prev = before[-1] if before else ""
        if is_title(prev) or len(prev) > 2 and prev[0].isupper() and not prev.isupper() \
                and is_first_name(prev):
            return True
    return False


def _evidence(label: str, text: str) -> str | None:
    """How a label reads as a speaker: 'qa', 'named' (a title, or a surname the text names),
    'first' (a first name alone or before a word the text never uses), or None."""
    words = label.split()
    if label in QUESTION_LABELS:
        return "qa"
    if len(words) > 1 and any(is_title(w) for w in words[:-1]):
        return "named"  # 'SENATOR REID', 'MR. BOARDMAN'
    last, first = words[-1], words[0][:1] + words[0][1:].lower()
    if last.lower() in SOURCE_HEADS:
        return None  # 'SMALL BUSINESS COMMITTEE', 'FOREST SERVICE'
    named_first = len(first) > 2 and is_first_name(first)
    if (len(words) == 1 or named_first) and _named_in(last, text):
        return "named"
    if named_first and (len(words) == 1 or len(words) == 2 and not re.search(
            rf"(?<![\w'’-]){re.escape(last.lower())}(?![\w'’-])", text)):
        return "first"  # 'STAN', 'SHARI THOMAS'
    return None


def _speaking(turns: list[Turn], text: str) -> list[Turn]:
    """The turns whose label reads as a speaker, or is the one-word label of an unnamed host
    that recurs and each time sits beside a named speaker's turn ('WALLACE' beside 'PENCE',
    'FORNEY' beside 'STAN')."""
    evidence = {t.label: _evidence(t.label, text) for t in turns}

    def named(label: str) -> bool:  # 'PENCE', 'SENATOR REID', 'STAN'; not 'GRANT RECIPIENT'
        return evidence[label] == "named" or evidence[label] == "first" and " " not in label

    def beside_named(i: int) -> bool:
        return any(0 <= j < len(turns) and named(turns[j].label) for j in (i - 1, i + 1))

    def host(label: str) -> bool:
        at = [i for i, u in enumerate(turns) if u.label == label]
        return " " not in label and len(at) >= 2 and all(beside_named(i) for i in at)

    speakers = {label for label, found in evidence.items() if found is not None or host(label)}
    return [t for t in turns if t.label in speakers]


def find_turns(text: str) -> list[Turn]:
    """Return labelled turns, only where the text has at least two (a lone ``X:`` is a heading).

    A quoted turn runs on through the quoted paragraphs after it that have no label; labels
    that do not read as speakers are dropped first.
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
    turns = _speaking(turns, text)
    return turns if len(turns) >= 2 else []
