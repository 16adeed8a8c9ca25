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


def dash_signature(text: str, end: int) -> tuple[int, int] | None:
    """Offsets of the name signing the quote that ends at ``end``: the line reads '” ― Name' or
    the next line is '- Name.' (the fact-check and 'quotable' layout)."""
    m = _SIGNATURE.match(text, end) or _NEXT_LINE.match(text, end)
    if m is None:
        return None
    s, e = m.span("name")
    while e > s and text[e - 1] == ".":
        e -= 1
    return (s, e) if e > s else None
