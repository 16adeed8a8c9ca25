"""Find quoted spans in raw article text: straight, curly and ``backtick'' double quote marks.

Single marks (' ‘ ’ `) are never openers: in news text they are apostrophes or quotes nested
inside a double-quoted span, and the corpus uses a lone backtick as an apostrophe (it`s). A
doubled apostrophe ('') closes a ``backtick'' quote and, where an opening mark would stand,
opens one: news archives' plain text writes ''Like this,'' he said for every quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.quotes.names import is_first_name

OPEN_CURLY = "“"
CLOSE_CURLY = "”"
STRAIGHT = '"'
OPEN_TICKS = "``"
CLOSE_TICKS = "''"
_MARK = re.compile(r"“|”|\"|``|''|«|»|„")
_OPENERS = {"“", "``", "«", "„"}
_CLOSERS = {"”", "''", "»"}
_BEFORE_OPEN = set(" \t([{—–-/:;,\u00a0") | _OPENERS
_PARA = re.compile(r"[^\r\n]+")


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted span: ``start`` at its opening mark, ``end`` just after its closing mark.

    An unclosed quote ends at the end of its last paragraph with ``closed`` False.
    """

    start: int
    end: int
    closed: bool = True


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of every non-blank line; a line is the paragraph unit of news text."""
    bounds = []
    for m in _PARA.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            bounds.append((s, e))
    return bounds


def _is_opening_straight(text: str, i: int, para_start: int) -> bool | None:
    """Classify a straight double mark by its neighbours: True open, False close, None unsure."""
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _BEFORE_OPEN and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return False
    return None


def _opens_doubled(text: str, i: int, para_start: int) -> bool:
    """Whether a doubled apostrophe (news archives' ''quote'' marks) stands where a quote
    opens: at a paragraph's start or after a space or an opening punctuation mark, and
    before a word or an ellipsis rather than a space."""
    before = text[i - 1] if i > para_start else " "
    after = text[i + 2] if i + 2 < len(text) else " "
    return before in _BEFORE_OPEN and not after.isspace() and after != "'"


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _MARK.finditer(text, start, end)]


def _opens_paragraph(text: str, bounds: tuple[int, int]) -> int | None:
    """If a paragraph begins with an opening double mark, return the mark's length."""
    s, e = bounds
    for mark in ("“", "``", '"', "«", "„"):
        if text.startswith(mark, s) and s + len(mark) < e:
            return len(mark)
    if text.startswith(CLOSE_TICKS, s) and s + 2 < e and _opens_doubled(text, s, s):
        return 2
    return None


def _closes_first(text: str, bounds: tuple[int, int]) -> bool:
    """True when the first quote mark of a paragraph is an unambiguous closing one: the quote
    left open by the paragraph before runs on into it."""
    marks = _marks(text, bounds[0], bounds[1])
    if not marks or marks[0][1] not in _CLOSERS:
        return False
    return not (marks[0][1] == CLOSE_TICKS and _opens_doubled(text, marks[0][0], bounds[0]))


def _misused_closer(text: str, pos: int, mark: str) -> bool:
    """'“It's unusual,“ said Noble': an opening curly mark after end punctuation and before a
    space closes the open quote (a common typing slip)."""
    after = pos + len(mark)
    return mark == OPEN_CURLY and pos > 0 and text[pos - 1] in ",.?!" and (
        after >= len(text) or text[after].isspace()
    )


_NOUN_LEADS = frozenset("the a an of for by in on to and".split())


def _can_run_on(text: str, para_start: int, open_at: int) -> bool:
    """A quote left open at a paragraph's end can run on into the next paragraph unless it
    opened on a name inside a sentence ('the "Tom Lantos … Act of 2008 by the committee…'):
    its closing mark was lost, and the next paragraph's quote is a quote of its own."""
    before = text[para_start:open_at].split()
    return not before or before[-1].lower() not in _NOUN_LEADS


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Find every top-level double-quoted span, joining quotes that run over paragraphs.

    A paragraph that ends inside a quote continues the quote when the next paragraph starts
    with an opening mark (the news convention); otherwise the quote is closed at the paragraph
    end and flagged unclosed. Stray closing marks are ignored.
    """
    paras = paragraph_bounds(text)
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    skip_first = 0
    for idx, (ps, pe) in enumerate(paras):
        first = ps + skip_first
        skip_first = 0
        for pos, mark in _marks(text, first, pe):
            if mark in _OPENERS:
                if open_at is None:
                    open_at = pos
                elif _misused_closer(text, pos, mark):
                    spans.append(QuoteSpan(open_at, pos + len(mark)))
                    open_at = None
                continue
            if mark == CLOSE_TICKS and open_at is None and _opens_doubled(text, pos, ps):
                open_at = pos
                continue
            if mark in _CLOSERS:
                if open_at is not None:
                    spans.append(QuoteSpan(open_at, pos + len(mark)))
                    open_at = None
                continue
            kind = _is_opening_straight(text, pos, ps)
            if open_at is None:
                if kind is not False:
                    open_at = pos
            elif kind is not True or pos == pe - 1:
                spans.append(QuoteSpan(open_at, pos + 1))
                open_at = None
        if open_at is None:
            continue
        nxt = paras[idx + 1] if idx + 1 < len(paras) else None
        mark_len = _opens_paragraph(text, nxt) if nxt and _can_run_on(text, ps, open_at) else None
        if mark_len:
            skip_first = mark_len
            continue
        if nxt and _closes_first(text, nxt):
            continue  # '“… in. ¶ 1988. The one element …,” Viguerie says.': a broken paragraph
        if pe - open_at > 1:
            spans.append(QuoteSpan(open_at, pe, closed=False))
        open_at = None
    return spans


_LEAD_CUES = {
    "said", "says", "say", "saying", "told", "tells", "asked", "asks", "added", "adds",
    "wrote", "writes", "tweeted", "replied", "responded", "declared", "stated", "explained",
    "continued", "insisted", "argued", "announced", "read", "reads", "and", "but", "then",
}


def in_quotation(text: str, at: int) -> bool:
    """Whether ``at`` lies inside a quotation (``find_quote_spans``) of its paragraph."""
    first = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[first:end if end >= 0 else len(text)]
    return any(span.start <= at - first < span.end for span in find_quote_spans(line))


def blank_quotations(text: str) -> str:
    """``text`` with every quotation (``find_quote_spans``) spaced out, offsets kept."""
    out, last = [], 0
    for span in find_quote_spans(text):
        out += [text[last:span.start], " " * (span.end - span.start)]
        last = span.end
    return "".join([*out, text[last:]])


def is_partial(text: str, span: QuoteSpan, para_start: int) -> bool:
    """A partial quote is embedded in a sentence: it starts lower-case or follows a non-cue word."""
    inner = text[span.start:span.end].lstrip("“\"`«„ ")
    first_alpha = next((c for c in inner if c.isalpha()), "")
    before = text[para_start:span.start].rstrip()
    if not before and inner.startswith(("…", "...", ". . .")):
        return False  # '¶ “… they still go on”': a quotation resumed after an ellipsis
    if first_alpha.islower():
        return True
    if not before or not before[-1].isalnum():
        return False
    last_word = before.split()[-1].lower()
    return last_word not in _LEAD_CUES


_NAME_NOUNS = frozenset("act acts bill amendment amendments resolution law".split())
_SMALL_WORDS = frozenset("of the and for to in on a an at by with from or".split())


def _title_words(quoted: str) -> list[str]:
    """The words of a quoted span, its marks left out (a doubled apostrophe too: ''Like this'')."""
    return re.findall(r"[\w/&-]+(?:['’][\w/&-]+)*", quoted)


def _in_title_case(words: list[str]) -> bool:
    """Every word capitalised or a number, short function words aside ('Save Our Jobs Act')."""
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words)


def is_named_title(quoted: str) -> bool:
    """A quoted name of a bill or law ('the “Save Our Small and Seasonal Businesses Act,”',
    '"HOPE for Homeowners Act"'): title-case words ending in such a noun (a year after 'of'
    allowed). It names a thing; nobody says it."""
    words = _title_words(quoted)
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) >= 3 and words[-2].lower() == "of" and re.fullmatch(r"\d{4}", words[-1]):
        words = words[:-2]
    if len(words) < 2 or words[-1].lower() not in _NAME_NOUNS:
        return False
    if all(w.isupper() for w in words):
        return False  # 'WE MUST PASS THIS BILL' is shouted, not a name
    return _in_title_case(words)


def is_title_like(quoted: str, max_words: int = 4) -> bool:
    """A short quoted span in title case ('“Politicking.”', '“Larry King Now”', '“Shark
    Tank”'): the way a show, book or campaign is named. Speech this short and capitalised
    throughout is rare, so without a cue of its own such a span is a name, not a quote."""
    words = _title_words(quoted)
    if not words or len(words) > max_words or not words[0][:1].isupper():
        return False
    if all(w.isupper() for w in words) or "?" in quoted:
        return False  # 'NO' is shouted and 'Mr. Smith?' asked, not names
    return _in_title_case(words)


def _words_around(text: str, span: QuoteSpan) -> tuple[str, str]:
    """The word right before a quoted span's opening mark and right after its closing one
    ('' where a line break, punctuation or the text's edge comes first)."""
    before = re.search(r"(?:^|[ \t])([\w'’.-]+)[ \t]*$", text[max(0, span.start - 60):span.start])
    after = re.match(r"[ \t]+([\w'’-]+)", text[span.end:span.end + 60])
    return (before.group(1) if before else "", after.group(1) if after else "")


# words before a title-case span that make it a name: a place it was said on ('on NBC's
# “Meet the Press”'), a kind of work ('the program “Inside Edition”') or a naming verb
_BEFORE_A_TITLE = frozenset("""on in at for from of via to program programme show series podcast
book memoir film movie documentary column newsletter segment called titled entitled named dubbed
nicknamed""".split())


def titled_by_position(text: str, span: QuoteSpan) -> bool:
    """A title-case span placed where a name goes: after a possessive ('CNN’s “State of the
    Union”'), a preposition ('on “Fox and Friends”') or a word for a work or a naming verb."""
    before, _ = _words_around(text, span)
    lower = before.lower()
    return lower.endswith(("'s", "’s")) or lower in _BEFORE_A_TITLE


_NAMED_AS = r"(?:known|referred to|identified|listed|nicknamed|registered)\s+as\s*$"
_KNOWN_AS = re.compile(rf"\b{_NAMED_AS}", re.I)
# ... in lower case too, where the naming is everyone's: a participle after a comma or a passive
# (', commonly referred to as a "triple check"', 'is often called the "…"'), with no 'by X' after
# the words ('was also called "a true hero" by Chief Smith' is the chief's)
_COMMONLY_NAMED = re.compile(
    r"(?:,\s*|\b(?:is|are|was|were|be|been|being)\s+)(?:commonly|often|widely|popularly|"
    r"colloquially|informally|sometimes|generally|also)\s+(?:known|referred to|called|dubbed)"
    r"(?:\s+as)?\s+(?:(?:a|an|the)\s+)?$", re.I)
_NAMED_BY_AFTER = re.compile(r"[\s,.”\"'’]*by\s+(?:the\s+)?[A-Za-z]")
# ... unless someone in the sentence does the naming ('what she referred to as "Highway
# Robbery"', 'he has long referred to as …'): then the words are theirs
_NAMED_BY_SOMEONE = re.compile(rf"\b(?:what|which|who|he|she|they|we|I)\b(?:\s+[\w'’]+){{0,3}}"
                               rf"\s+{_NAMED_AS}")


def names_a_thing(text: str, span: QuoteSpan) -> bool:
    """A quoted span that names or labels something instead of reporting speech: a nickname
    inside a name ('Edward Lawrence “Larry” Kerin'), a term after 'known as' (in lower case
    too after 'commonly', 'often', 'also' …: 'commonly referred to as a “triple check”') or a
    title-case label after "and"/"or" used as a modifier ('the “Compare At” and “Comparable
    Value” sales tags'). A term after "the" is not one of them: news quotes a speaker's words
    that way ('the “Washington cartel”')."""
    inner = text[span.start:span.end].strip("“”\"`'«»„ ")
    words = inner.split()
    before_span = text[max(0, span.start - 60):span.start]
    if 0 < len(words) <= 4 and (all(w[:1].isupper() for w in words)
                                and _KNOWN_AS.search(before_span)
                                or _COMMONLY_NAMED.search(before_span)
                                and not _NAMED_BY_AFTER.match(text, span.end)) \
            and not _NAMED_BY_SOMEONE.search(before_span) and not re.search(r"[!?;:]", inner):
        return True  # 'a firearm referred to as “Becky.”', 'F-15s, known as "Golden Eagles"',
        # 'a review, commonly referred to as a “triple check,”'
    if not words or len(words) > 4 or re.search(r"[.,!?;:]", inner):
        return False
    before, after = _words_around(text, span)
    capitalised = all(w[:1].isupper() or w[:1].isdigit() for w in words)
    if len(words) <= 2 and capitalised and is_first_name(before) and after[:1].isupper():
        return True  # a nickname between a first and a last name
    if len(words) <= 2 and capitalised \
            and re.search(r"\b[A-Z][\w'’-]* \($", text[max(0, span.start - 40):span.start]) \
            and re.match(r"\) [A-Z]", text[span.end:span.end + 3]):
        return True  # 'Titus (“LS”) Haynes': a nickname in brackets inside a name
    return capitalised and before.lower() in ("and", "or") and after[:1].islower() and \
        after.isalpha() and after.lower() not in _LEAD_CUES
