"""Line structure of plain text: which line breaks end a paragraph and which only wrap a line.

Plain-text bodies come in three layouts, often mixed in one file:

- hard-wrapped prose: lines of similar length, single newlines inside paragraphs (Cranfield
  abstracts, wire copy, e-mail). The wrapped lines of a paragraph are joined with a space.
- one paragraph per line, no blank lines between (many scraped press releases): every line is a
  paragraph; its leading indentation is not content.
- line-structured blocks: lists, addresses and contact blocks, speaker-labelled transcripts and
  short header lines keep one paragraph per line.

Blank lines always end a paragraph. Inside each blank-line block the decision is made from the
block's own line-end evidence (a wrapped line ends mid-sentence and the next continues it, or the
next word would not have fitted on it) and the document's wrap width; no word lists are used,
but for the honorifics ('Sen.', 'Dr.') whose name opens the next line.
Engine-free and pure: no I/O, no imports beyond the standard library and the title words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.titles import TITLE_ABBREVIATIONS

# A share of in-block line breaks looking like soft wraps at or above this makes a block wrapped.
WRAPPED_SHARE = 0.5
# A line at least this share of the wrap width (and MIN_FULL characters) is "full".
FULL_SHARE = 0.6
MIN_FULL = 30
# A line ending mid-sentence before a capital that had room for its next word this far into the
# wrap width was broken on purpose (a headline above the lead), even in a proportional font
ROOMY = 0.8
# In a block of whole-paragraph lines, a line this long that ends mid-sentence may wrap on.
MIN_RUN_ON = 30
# From this many lines on, the wrap width ignores the longest tenth of them.
OUTLIER_LINES = 10
# A line this many times the wrap width was never wrapped: it is a whole paragraph.
OVERLONG_SHARE = 2.0

_BLANK_SPLIT = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")
_SENTENCE_END = re.compile(r"[.!?…:]+[\"”’'»)\]]*$")
_LOWER_WORD = re.compile(r"^[a-z][a-z'’\-]*(?:[,;:.!?)\]]*)$")
_LIST_ITEM = re.compile(
    r"^(?:[-*•·‣▪◦●○■□➢►✓+](?!-)|\(?\d{1,3}[.)](?!\d)|\(?[a-z][.)]|\([A-Za-z]\)|\([ivxlc]+\))\s+\S"
)
_CAPS_LABEL = re.compile(r"^[A-Z][A-Z0-9.'’\- ]{0,40}:(?:\s|$)")
_SHORT_LABEL = re.compile(r"^[A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*){0,2}:(?:\s|$)")
_LINE_HYPHEN = re.compile(r"[A-Za-z0-9]-$")
# not "?" (a garbled bullet) nor ":" (a dateline or label line closed on the next line)
_OPENING_PUNCTUATION = re.compile(r"^[.,;](?:\s|$)")
# a quotation ending with a comma, and perhaps its cue: its attribution follows on the next line
_COMMA_QUOTE_END = re.compile(r",[\"”’']+$|[,!?][\"”’']+\s+(?:said|says|stated|states|added|adds|"
                              r"noted|explained|continued|according\s+to)$")
MAX_NAME_WORDS = 6  # a title or a name on a line of its own (``is_name_phrase``)
MAX_NAME_LINES = 3  # such lines that may begin the sentence of the line after them
# an honorific ending a line: the name it goes with opens the next one ('Today, Sen.' /
# 'Feingold reintroduced …'); never a sentence's end, unlike 'Jr.' or 'Dept.'
_HONORIFICS = "|".join(
    re.escape(t) for t in (*TITLE_ABBREVIATIONS, "Sens.", "Reps.", "Govs.", "Drs.", "Messrs.")
    if t not in {"Sr.", "Jr.", "Dept.", "Ofc."})
_TITLE_AT_END = re.compile(rf"(?:^|[\s(])(?:{_HONORIFICS})$")
# Words no sentence ends on: a line ending with one was broken inside its sentence, as scraped
# pages break around a link ('… kicking off the campaign. The' / 'San Diego Opioid Project').
# An 'and' or 'or' after a comma or semicolon ends a list's next-to-last item, not a sentence.
_OPEN_ENDING = re.compile(r"(?:^|(?<![,;])\s)(?:and|or)$|(?:^|\s)(?:the|an?|of|such as|&)$|"
                          r"(?:^|\s)(?-i:that)$", re.IGNORECASE)  # not a heading's 'Do That'

# a line that is only a connector joins the names linked on the lines around it ('Noel
# Doorbal' / 'and' / 'Daniel Lugo')
_CONNECTOR_LINE = re.compile(r"^(?:and|or|&)$", re.IGNORECASE)
_NAME_CONNECTORS = frozenset({"of", "the", "and", "for", "de", "la", "van", "von", "&"})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


@dataclass(frozen=True)
class Line:
    """One non-blank line: its text without surrounding whitespace, and its indentation."""

    text: str
    indent: int


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines between blank lines, with how its line breaks read."""

    lines: tuple[Line, ...]
    wrapped: bool
    soft_share: float


@dataclass(frozen=True)
class Layout:
    """The line structure of a text: its blocks, the wrap width, and the overall verdict."""

    blocks: tuple[Block, ...]
    width: int
    kind: str  # "blocks" (blank-line paragraphs only), "wrapped", "lines" or "mixed"


def to_lines(block: str) -> tuple[Line, ...]:
    """The non-blank lines of a block with their indentation (a tab counts as four columns)."""
    out: list[Line] = []
    for raw in block.split("\n"):
        text = raw.strip()
        if not text:
            continue
        lead = raw[: len(raw) - len(raw.lstrip())]
        out.append(Line(_SPACES.sub(" ", text), len(lead.expandtabs(4))))
    return tuple(out)


def ends_sentence(text: str) -> bool:
    """The line ends with sentence punctuation or a colon (optionally inside closing quotes)."""
    return bool(_SENTENCE_END.search(text))


def starts_lowercase_word(text: str) -> bool:
    """The line opens with a plain lowercase word (not an e-mail address, URL or list marker)."""
    first = text.split(" ", 1)[0]
    return bool(_LOWER_WORD.match(first))


def continues_sentence(line: Line, following: Line) -> bool:
    """A break no paragraph ends at, whatever the layout: the next line opens with the
    sentence's own punctuation ('State’s Attorney Burke said' / '. “With these charges …'), or
    the line ends a quotation with a comma, perhaps with its cue (its attribution follows:
    '… the conscience,”' or '… the conscience,” said' / 'State’s Attorney Burke'), or the
    line ends with an honorific whose name opens the next ('Today, Sen.' / 'Feingold …'), or
    with a word no sentence ends on before a line that is no list item or label ('… phase of
    the campaign. The' / 'San Diego Opioid Project'), or the next line is only 'and' or 'or'
    between two names ('Noel Doorbal' / 'and' / 'Daniel Lugo'; 'or', '&'). Scraped pages break
    lines like this around links and abbreviations."""
    return bool(_OPENING_PUNCTUATION.match(following.text) or _COMMA_QUOTE_END.search(line.text)
                or _CONNECTOR_LINE.match(following.text) and not ends_sentence(line.text)
                or breaks_after_honorific(line.text, following.text)
                or _OPEN_ENDING.search(line.text) and not starts_own_line(following.text))


def breaks_after_honorific(text: str, following: str) -> bool:
    """A line ending with an honorific before a line opening with a capital: one sentence
    broken between a title and its name ('Today, Sen.' / 'Feingold reintroduced …')."""
    return bool(_TITLE_AT_END.search(text)) and following[:1].isupper()


def is_list_item(text: str) -> bool:
    """A bullet or numbered/lettered item: '- x', '• x', '1. x', '2) x', 'a) x', '(iv) x'."""
    return bool(_LIST_ITEM.match(text))


def is_label_line(text: str) -> bool:
    """A line opened by a label and colon: a transcript speaker ('SGT. BECCHINA:', 'Q:') or a
    field ('Contact:', 'Media Contact:', 'WHEN:')."""
    return bool(_CAPS_LABEL.match(text) or _SHORT_LABEL.match(text))


def starts_own_line(text: str) -> bool:
    """A line that begins a unit of its own whatever came before: a list item or a label."""
    return is_list_item(text) or is_label_line(text)


def wrap_width(blocks: list[tuple[Line, ...]]) -> int:
    """The document's wrap width: the longest line among blocks of two or more lines, or with
    ten or more such lines the 90th-percentile length, so that one long line (a URL, a table
    row) does not stretch it."""
    lengths = sorted(len(ln.text) for b in blocks if len(b) > 1 for ln in b)
    if len(lengths) < OUTLIER_LINES:
        return lengths[-1] if lengths else 0
    return lengths[int(0.9 * (len(lengths) - 1))]


def is_full(line: Line, width: int) -> bool:
    """The line fills most of the wrap width, as a wrapped line inside a paragraph does."""
    return len(line.text) >= max(FULL_SHARE * width, MIN_FULL)


def is_overlong(line: Line, width: int) -> bool:
    """The line is far longer than the wrap width, so no wrapping made it: a whole paragraph."""
    return width > 0 and len(line.text) > OVERLONG_SHARE * width


OVERLONG_PARAGRAPHS = 2


def has_whole_paragraphs(lines: tuple[Line, ...], width: int) -> bool:
    """Two or more overlong lines that end a sentence: whole-paragraph lines among short ones
    (a list of names under a release), not wrapped prose."""
    return sum(is_overlong(ln, width) and ends_sentence(ln.text) for ln in lines) >= (
        OVERLONG_PARAGRAPHS)


def next_word_fits(line: Line, following: Line, width: int) -> bool:
    """The next line's first word would have fitted at the end of this one: a deliberate break."""
    first = following.text.split(" ", 1)[0]
    return len(line.text) + 1 + len(first) <= width


def is_capitals(text: str, min_letters: int = 8) -> bool:
    """Written in capitals, as a headline often is (nine in ten letters upper case)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= min_letters and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def changes_case(line: Line, following: Line) -> bool:
    """A line in capitals before one that is not: a headline above its text, since wrapping
    keeps a paragraph's case."""
    return is_capitals(line.text) and not is_capitals(following.text)


def looks_soft(line: Line, following: Line, width: int) -> bool:
    """Line-end evidence that the break after ``line`` is a wrap inside a sentence."""
    if starts_own_line(following.text) or ends_sentence(line.text) or changes_case(line, following):
        return False
    return starts_lowercase_word(following.text) or is_full(line, width)


def soft_share(lines: tuple[Line, ...], width: int) -> float:
    """Share of the block's line breaks that look like soft wraps; breaks before a list item or
    a label are list or transcript structure and count for neither side (0 when none is left)."""
    pairs = [(a, b) for a, b in zip(lines, lines[1:], strict=False) if not starts_own_line(b.text)]
    if not pairs:
        return 0.0
    return sum(looks_soft(a, b, width) for a, b in pairs) / len(pairs)


def base_indent(lines: tuple[Line, ...]) -> int:
    """The most common indentation of the block's lines (the smallest on a tie)."""
    counts: dict[int, int] = {}
    for ln in lines:
        counts[ln.indent] = counts.get(ln.indent, 0) + 1
    return min(counts, key=lambda k: (-counts[k], k))


def joins_wrapped(line: Line, following: Line, width: int, indent: int) -> bool:
    """In wrapped prose: does ``following`` continue the paragraph of ``line``?"""
    if continues_sentence(line, following):
        return True
    if starts_own_line(following.text) or changes_case(line, following):
        return False
    if is_overlong(line, width) or is_overlong(following, width):
        return joins_lines(line, following)
    if ends_sentence(line.text):
        return not (next_word_fits(line, following, width) or following.indent > indent)
    if starts_lowercase_word(following.text):
        return True
    return is_full(line, width) and not next_word_fits(line, following, int(ROOMY * width))


def joins_lines(line: Line, following: Line) -> bool:
    """In a block of whole-paragraph lines: only a clear run-on (a long line ending mid-sentence
    before a line opening with a lowercase word), or a sentence broken around its punctuation
    (``continues_sentence``), continues onto the next line."""
    return continues_sentence(line, following) or (
        len(line.text) >= MIN_RUN_ON
        and not ends_sentence(line.text)
        and starts_lowercase_word(following.text)
        and not starts_own_line(following.text)
    )


def classify(text: str) -> Layout:
    """Read the line structure of a plain text (newlines already ``\\n``)."""
    raw_blocks = [to_lines(b) for b in _BLANK_SPLIT.split(text)]
    raw_blocks = [b for b in raw_blocks if b]
    width = wrap_width(raw_blocks)
    blocks = []
    for lines in raw_blocks:
        share = soft_share(lines, width)
        wrapped = len(lines) > 1 and share >= WRAPPED_SHARE and not has_whole_paragraphs(lines, width)
        blocks.append(Block(lines, wrapped, share))
    multi = [b for b in blocks if len(b.lines) > 1]
    if not multi:
        kind = "blocks"
    elif all(b.wrapped for b in multi):
        kind = "wrapped"
    elif not any(b.wrapped for b in multi):
        kind = "lines"
    else:
        kind = "mixed"
    return Layout(tuple(blocks), width, kind)


def join_pair(left: str, right: str) -> str:
    """Join a wrapped line to the next: a word hyphenated at the line end keeps its hyphen and
    loses the break ('boundary-' + 'layer'), punctuation opening the next line follows on;
    otherwise one space."""
    if _LINE_HYPHEN.search(left) and right[:1].islower():
        return left + right
    if _OPENING_PUNCTUATION.match(right):
        return left + right  # 'Burke said' + '. “With …'
    return left + " " + right


def block_paragraphs(block: Block, width: int) -> list[str]:
    """The paragraphs of one block: wrapped lines joined, structured lines kept apart."""
    lines = block.lines
    indent = base_indent(lines)
    paragraphs = [lines[0].text]
    for prev, line in zip(lines, lines[1:], strict=False):
        if block.wrapped:
            joined = joins_wrapped(prev, line, width, indent)
        else:  # a run-on is read on the paragraph so far ('“…,” SA Burke' / 'told the …')
            joined = joins_lines(Line(paragraphs[-1], prev.indent), line)
        if joined:
            paragraphs[-1] = join_pair(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
    return paragraphs if block.wrapped else names_run_on(paragraphs)


def is_name_phrase(text: str) -> bool:
    """A short capitalised phrase with no sentence punctuation: a name or a title on its own
    line ('Eileen O’Neill Burke', 'Cook County State’s Attorney')."""
    words = text.split()
    return 0 < len(words) <= MAX_NAME_WORDS and not ends_sentence(text) and all(
        w[:1].isupper() or w in _NAME_CONNECTORS for w in words) and words[0][:1].isupper()


def names_run_on(paragraphs: list[str]) -> list[str]:
    """Lines that are only a title and a name (the last of two words or more), followed by a
    sentence-long line opening with a lowercase word, begin that line's sentence (a lead broken
    at its links: 'Cook County State’s Attorney' / 'Eileen O’Neill Burke' / 'today announced
    …'); up to MAX_NAME_LINES of them. 'Contact' / 'press office' stay apart."""
    out: list[str] = []
    for para in paragraphs:
        if out and len(out[-1].split()) > 1 and len(para) >= MIN_RUN_ON \
                and starts_lowercase_word(para) and not starts_own_line(para):
            k = len(out)
            while k > 0 and len(out) - k < MAX_NAME_LINES and is_name_phrase(out[k - 1]):
                k -= 1
            if k < len(out):
                para = " ".join([*out[k:], para])
                del out[k:]
        out.append(para)
    return out


def paragraphs(text: str) -> list[str]:
    """Split a plain text into paragraphs by its line structure (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    layout = classify(text)
    return [p for block in layout.blocks for p in block_paragraphs(block, layout.width)]
