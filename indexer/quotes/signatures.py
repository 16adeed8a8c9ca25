"""Signed quotes: '“…” ― Jorge Falcon', a quote followed on its line by a dash and a name."""

from __future__ import annotations

import re

_SIGNATURE = re.compile(
    r"[ \t\u00a0]*[―—–][ \t\u00a0]*(?P<name>[A-Z][\w.'’\-]*(?:[ \t\u00a0]+[A-Z][\w.'’\-]*){0,5})"
    r"(?=[ \t\u00a0]*(?:[.,;]|$))",
    re.MULTILINE,
)


_NEXT_LINE = re.compile(
    r"[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*)+[-―—–][ \t\u00a0]*"
    r"(?P<name>[A-Z][\w.'’\-]*(?:[ \t\u00a0]+[A-Z][\w.'’\-]*){0,5})(?=[ \t\u00a0]*(?:[.,;]|$))",
    re.MULTILINE,
)


_PULL_QUOTE = re.compile(
    r"[ \t\u00a0]*\r?\n[ \t\u00a0]*(?P<name>[A-Z][^\"“”\r\n]{2,90}?)\.?[\"”][ \t\u00a0]*(?:\r?\n|$)"
)


def dash_signature(text: str, end: int) -> tuple[int, int] | None:
    """Offsets of the name signing the quote that ends at ``end``: the line reads '” ― Name', the
    next line is '- Name.' (the fact-check and 'quotable' layout) or, for a quote left open at
    its line's end, the next line is 'Name, Affiliation."' closing it (the pull-quote layout)."""
    m = _SIGNATURE.match(text, end) or _NEXT_LINE.match(text, end) or _pull_quote(text, end)
    if m is None:
        return None
    s, e = m.span("name")
    while e > s and text[e - 1] == ".":
        e -= 1
    return (s, e) if e > s else None


def _pull_quote(text: str, end: int) -> re.Match[str] | None:
    """'"We will win.⏎Jane Roe, Example Institute."': a short name line closing the quote."""
    m = _PULL_QUOTE.match(text, end)
    return m if m is not None and len(m.group("name").split()) <= 10 else None
