"""Snippets: the sentences of a passage that hold a query's words, with the words marked.

A hit shows whole sentences, so a reporter reads a statement as written, not a window that
starts mid-clause ("of New Orleans was in crisis …"). Sentences come from the passage
splitter (``indexer.passages.sentence_spans``); those holding the most distinct query terms
are shown, in text order. A sentence longer than ``MAX_CHARS`` is cut to a window around its
first match, and an ellipsis says where text was left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from indexer.passages import sentence_spans

MAX_CHARS = 300  # the longest sentence shown whole
SENTENCES = 2  # sentences shown at most
LEAD_CHARS = 240  # shown when no query word is in the passage
GAP = " … "


def term_spans(text: str, terms: set[str], analyzer: object) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word of ``text`` that ``analyzer`` reads as a query term."""
    if not terms:
        return []
    return [(t.startchar, t.endchar, t.text)
            for t in analyzer(text, chars=True, mode="query", removestops=False)  # type: ignore[operator]
            if t.text in terms]


def snippet(text: str, terms: set[str], analyzer: object, top: int = SENTENCES,
            first: Sequence[tuple[int, int]] = ()) -> str:
    """HTML-safe sentences of ``text`` holding the most query terms, terms in ``<mark>``; the
    lead when no term is in the text. Among sentences holding as many terms, those overlapping
    a span of ``first`` (the quotes of a speaker the query names) come first."""
    marks = term_spans(text, terms, analyzer)
    if not marks:
        lead = re.sub(r"\s*\n\s*", " ", text[:LEAD_CHARS])
        return escape(lead + ("…" if len(text) > LEAD_CHARS else ""), quote=False)
    held: list[tuple[int, int, set[str]]] = []
    for start, end in sentence_spans(text):
        found = {term for s, e, term in marks if start <= s and e <= end}
        if found:
            held.append((start, end, found))
    best = sorted(held, key=lambda h: (-len(h[2]), not _overlaps(h[0], h[1], first), h[0]))[:top]
    pieces: list[str] = []
    last_end, last_cut = None, False
    for start, end, _ in sorted(best):
        start, end, cut_before, cut_after = _window(text, start, end, marks)
        if pieces:  # one mark says where text was left out: '… …' reads as a stutter
            gap = last_cut or cut_before or last_end is not None and _adjacent(text, last_end, start)
            pieces.append(" " if gap else GAP)
        pieces.append(("…" if cut_before else "") + _marked(text, start, end, marks)
                      + ("…" if cut_after else ""))
        last_end, last_cut = end, cut_after
    return "".join(pieces)


def _window(text: str, start: int, end: int, marks: list[tuple[int, int, str]]
            ) -> tuple[int, int, bool, bool]:
    """A sentence's span, or for one over ``MAX_CHARS`` a window of that size around its first
    mark at word boundaries: (start, end, cut before, cut after)."""
    if end - start <= MAX_CHARS:
        return start, end, False, False
    first = next(s for s, e, _ in marks if start <= s and e <= end)
    lo = max(start, first - MAX_CHARS // 3)
    hi = min(end, lo + MAX_CHARS)
    if lo > start:
        space = text.find(" ", lo, first)
        lo = space + 1 if space >= 0 else lo
    if hi < end:
        space = text.rfind(" ", lo, hi)
        hi = space if space > first else hi
    return lo, hi, lo > start, hi < end


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``start``–``end`` shares any character with one of ``spans``."""
    return any(s < end and start < e for s, e in spans)


def _adjacent(text: str, end: int, start: int) -> bool:
    """Whether only white space lies between two shown pieces."""
    return not text[end:start].strip()


def _marked(text: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` escaped, its marked words in ``<mark>``, lines joined by spaces."""
    out: list[str] = []
    at = start
    for s, e, _ in marks:
        if s < start or e > end:
            continue
        out += [escape(text[at:s], quote=False), "<mark>", escape(text[s:e], quote=False),
                "</mark>"]
        at = e
    out.append(escape(text[at:end], quote=False))
    return re.sub(r"\s*\n\s*", " ", "".join(out))
