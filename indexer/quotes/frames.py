"""Frames: the text around quotes with each quote's words replaced by a short placeholder.

Parsing the frame instead of the paragraph keeps spaCy fast and stops long quotations from
confusing the parser; an offset map takes frame positions back to the article text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

DIRECT_FILLER = "It is so"
PARTIAL_FILLER = "things"
_TRAILING = ",.?!;:—–-…"


@dataclass
class Frame:
    """Frame text, where each piece came from, and the frame span of each quote placeholder."""

    text: str
    pieces: list[tuple[int, int]] = field(default_factory=list)  # (frame_start, orig_start)
    slots: dict[int, tuple[int, int]] = field(default_factory=dict)  # quote index -> span

    def to_orig(self, pos: int) -> int:
        """Map a frame offset back into the article text."""
        i = bisect_right([p[0] for p in self.pieces], pos) - 1
        fs, os_ = self.pieces[max(i, 0)]
        return os_ + (pos - fs)


CLAUSE_FILLER = "it is so"
_SUBJECT_PRONOUNS = frozenset("i we you he she they".split())


def _is_clause(inner: str) -> bool:
    """'told them that “we close one chapter …”': a quote that opens with a subject pronoun
    and goes on is a whole clause, so it gets a clause filler rather than the noun filler,
    which the parser would read as the subject of what follows."""
    words = inner.split()
    first = re.split(r"[’']", words[0])[0].lower() if words else ""  # "we're", "I'm"
    return len(words) > 2 and first in _SUBJECT_PRONOUNS


def _placeholder(quoted: str, partial: bool) -> str:
    """Opening mark, filler, the quote's own trailing punctuation, closing mark."""
    open_mark = quoted[:2] if quoted.startswith("``") else quoted[:1]
    inner = quoted[len(open_mark):].rstrip("”\"'")
    close_mark = quoted[len(open_mark) + len(inner):]
    tail = inner[-1] if inner and inner[-1] in _TRAILING else ""
    filler = DIRECT_FILLER if not partial else CLAUSE_FILLER if _is_clause(inner) \
        else PARTIAL_FILLER
    return f"{open_mark}{filler}{tail}{close_mark}"


def _plain(text: str) -> str:
    """No-break spaces as plain spaces ('”\u00a0added Gowdy'): the parser reads a no-break
    space as a word of its own, which splits a cue from its quote; lengths stay the same."""
    return text.replace("\u00a0", " ")


# An acronym in parentheses after a name ('Immigration Services (USCIS) New York Director …'):
# left out of the frame, where the parser would end the noun phrase at it.
_ACRONYM = re.compile(r" \([A-Z]{2,8}\)(?= )")


def _add_text(frame: Frame, parts: list[str], flen: int, text: str, start: int, end: int) -> int:
    """Add ``text[start:end]`` to the frame without parenthesised acronyms; the new length."""
    cursor = start
    for m in _ACRONYM.finditer(text, start, end):
        frame.pieces.append((flen, cursor))
        parts.append(_plain(text[cursor:m.start()]))
        flen += m.start() - cursor
        cursor = m.end()
    frame.pieces.append((flen, cursor))
    parts.append(_plain(text[cursor:end]))
    return flen + end - cursor


def build_frame(
    text: str, start: int, end: int, quotes: list[tuple[int, int, int, bool]]
) -> Frame:
    """Build the frame of ``text[start:end]``; quotes are (index, qstart, qend, partial)."""
    frame = Frame("")
    parts: list[str] = []
    cursor, flen = start, 0
    for idx, qs, qe, partial in sorted(quotes, key=lambda q: q[1]):
        qs, qe = max(qs, start), min(qe, end)
        if qs < cursor:
            continue
        flen = _add_text(frame, parts, flen, text, cursor, qs)
        ph = _placeholder(text[qs:qe], partial)
        # pad with spaces so that 'said,“' or '”said' still tokenise apart
        lead = " " if qs > start and not text[qs - 1].isspace() else ""
        trail = " " if qe < end and text[qe].isalnum() else ""
        frame.pieces.append((flen, qs))
        frame.slots[idx] = (flen + len(lead), flen + len(lead) + len(ph))
        parts.append(lead + ph + trail)
        flen += len(lead) + len(ph) + len(trail)
        cursor = qe
    _add_text(frame, parts, flen, text, cursor, end)
    frame.text = "".join(parts)
    return frame
