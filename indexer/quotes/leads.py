"""Lead-in sentences: the quote-free sentence before a cue-less quote paragraph, whose subject
is usually the speaker ('Valastro praised Christie. ¶ “We need someone who…”')."""

from __future__ import annotations

import re

from indexer.quotes.cues import cue_lemma
from indexer.quotes.marks import QuoteSpan
from indexer.quotes.model import TITLE_ABBREVIATIONS

_QUOTE_MARK = re.compile(r"[“”\"«»„]|``|''")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = {a.lower() for a in TITLE_ABBREVIATIONS} | {
    "st.", "u.s.", "u.n.", "u.k.", "d.c.", "inc.", "co.", "corp.", "no.", "vs.", "a.m.", "p.m.",
}
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")


def last_sentence_start(text: str, start: int, end: int) -> int:
    """Offset of the last sentence of ``text[start:end]`` (abbreviations such as 'Sen.' and
    initials do not end a sentence)."""
    best = start
    for m in _SENTENCE_END.finditer(text, start, end):
        word = text[:m.start() + 1].rsplit(None, 1)[-1].lower()
        if word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+", word):
            continue
        best = m.end()
    return best


def _has_cue(text: str) -> bool:
    return any(cue_lemma(w) for w in _WORD.findall(text))


def lead_in(text: str, para: tuple[int, int], prev: tuple[int, int],
            spans: list[QuoteSpan]) -> int | None:
    """Start of the lead-in sentence to parse with a paragraph that opens with a quote and has
    no cue outside its quotes, when the previous paragraph's last sentence holds no quote mark
    ('“…,” Trump added. He then had a question. ¶ “Who's going to pay?”'); else None."""
    ps, pe = para
    if not spans or spans[0].start != ps:
        return None
    last = last_sentence_start(text, prev[0], prev[1])
    if _QUOTE_MARK.search(text, last, prev[1]):
        return None  # the paragraph before ends in a quote: its speaker goes on (not a lead-in)
    outside, cursor = [], ps
    for s in spans:
        outside.append(text[cursor:max(cursor, s.start)])
        cursor = max(cursor, s.end)
    outside.append(text[cursor:pe])
    if _has_cue(" ".join(outside)):
        return None
    return last
