"""Quotes opened by a colon: the name, or the subject of the clause, standing before it."""

from __future__ import annotations

from spacy.tokens import Token

from indexer.quotes.cues import CueMatch, can_speak, mention_span, subject_of
from indexer.quotes.tags import coarse_pos


def colon_intro(tok: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Clinton released the following statement:' introduces the quote after the colon: the
    subject of the first clause above ``tok`` that has one (the parser may join the quote)."""
    verb: Token | None = tok
    for _ in range(8):
        if verb is None or any(a <= verb.idx < b for a, b in slots):
            return None
        head = subject_of(verb)
        if head is not None:
            if not can_speak(head) or any(a <= head.idx < b for a, b in slots):
                return None
            return CueMatch(verb, verb.text, head, mention_span(head), False, 1)
        verb = None if verb.head == verb else verb.head
    return None


def colon_label(opening: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'… - Jeffrey M. Jones: “…”', 'Rep. Trey Gowdy (R-S.C.): “…”' or 'Kaine took a stance:
    “…”', 'X embraced torture -- "…"': who stands before the colon or dash opening the quote."""
    doc = opening.doc
    colon = opening.i - 1
    while colon > 0 and doc[colon].is_space:
        colon -= 1
    if colon < 1 or doc[colon].text not in {":", "):", "--", "—", "―"}:
        return None
    j = colon if doc[colon].text == "):" else colon - 1
    if doc[j].text in {")", "):"}:
        while j > 0 and doc[j].text != "(":
            j -= 1
        j -= 1
    prev = doc[max(j, 0)]
    if any(a <= prev.idx < b for a, b in slots):
        return None
    if coarse_pos(prev) == "PROPN" and can_speak(prev):
        head = prev
        while head.dep_ in {"compound", "flat"} and head.head.i > head.i:
            head = head.head
        mark = ":" if doc[colon].text in {":", "):"} else doc[colon].text
        return CueMatch(doc[colon], mark, head, mention_span(head), True, 0)
    return colon_intro(prev, slots)
