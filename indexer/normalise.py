"""Normalisation: from a loader's ``SourceDoc`` to a clean ``Article``.

Each heuristic is a small named pure function: boilerplate line removal, navigation-block removal,
dateline splitting, header-date detection, title choice. Text is kept as written (quotes, dashes);
odd typography is only folded in ``matching_form`` for hashing and matching.
"""

from __future__ import annotations

import hashlib
import re

from indexer.dates import parse_date
from indexer.linestructure import paragraphs as line_paragraphs
from indexer.passages import sentence_spans
from indexer.records import Article, SourceDoc

# --- boilerplate ---------------------------------------------------------------------------

_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        this\ is\ an\ archived\ article\b.*
      | (?:data\ )?pix\.?
      | more\ news
      | skip\ to\ (?:main\ )?content
      | skip\ navigation
      | (?:share|tweet|email|print|pin|share\ this(?:\ article|\ story)?)(?:\s*[:|/]\s*\w+)*:?
      | share\ on\ (?:facebook|twitter|x|linkedin|email)
      | (?:follow|like)\ us\ on\b.*
      | (?:subscribe|sign\ up)\b.{0,80}(?:newsletter|updates|alerts|today|now)\.?
      | (?:click|tap)\ here\b.{0,60}
      | advertisement
      | (?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}).{0,120}
      | all\ rights\ reserved\.?
      | (?:photo|image|video|file\ photo)\s*(?:credit)?\s*[:/]\s*.{0,80}
      | \(?(?:photo|image)\ (?:by|courtesy\ of)\ .{0,80}
      | related\ (?:stories|articles|content|news)\s*:?
      | (?:read|see)\ more\s*:?.{0,60}
      | (?:back\ to\ top|return\ to\ top|top\ of\ page)
      | (?:previous|next)\ (?:article|story|post)\b.{0,80}
      | (?:home|menu|search|close|open\ menu|toggle\ navigation)
      | (?:privacy\ policy|terms\ of\ (?:use|service)|cookie\ (?:policy|settings)|contact\ us|site\ map)
        (?:\s*[|·•]\s*.{0,40})*
      | you\ are\ here\s*:?.{0,120}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

_SENTENCE_END = re.compile(r"[.!?…:\"”'’)\]]\s*$")
_CONTACT_MARK = re.compile(r"\d|@")
_WORDS = re.compile(r"\w+")


def is_boilerplate_line(line: str) -> bool:
    """A line that is site furniture rather than article text (archive notice, credits, share)."""
    stripped = line.strip()
    return bool(stripped) and bool(_BOILERPLATE_LINE.match(stripped))


def _is_menu_line(line: str) -> bool:
    """A short line with no sentence punctuation: a menu entry or a link in a list."""
    stripped = line.strip().lstrip("•·-*>|» ")
    if not stripped:
        return False
    words = len(_WORDS.findall(stripped))
    return words <= 5 and len(stripped) <= 45 and not _SENTENCE_END.search(stripped)


def is_contact_run(lines: list[str]) -> bool:
    """Short lines of which half or more hold a digit or an '@': an address or contact block
    (street number, postcode, telephone, e-mail), not a menu."""
    return sum(bool(_CONTACT_MARK.search(ln)) for ln in lines) * 2 >= len(lines)


def drop_navigation_blocks(lines: list[str], min_run: int = 4, keep_contact: bool = False
                           ) -> list[str]:
    """Remove runs of ``min_run`` or more consecutive menu-like lines (navigation, link lists).

    Blank lines inside a run do not break it, so "Home\\n\\nAbout\\n\\nNews\\n\\nContact" goes too.
    A single short line (a title, a subheading) is kept, and with ``keep_contact`` (plain text,
    whose line structure is kept) so is an address or contact block (``is_contact_run``).
    """
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        if not _is_menu_line(lines[i]):
            i += 1
            continue
        j, members = i, []
        while j < len(lines) and (_is_menu_line(lines[j]) or not lines[j].strip()):
            if lines[j].strip():
                members.append(j)
            j += 1
        if len(members) >= min_run and not (
                keep_contact and is_contact_run([lines[k] for k in members])):
            for k in range(i, j):
                keep[k] = False
        i = j
    return [line for line, k in zip(lines, keep, strict=True) if k]


# --- dateline -------------------------------------------------------------------------------

_DATELINE = re.compile(
    r"""^(?P<dateline>
        [A-Z][A-Z.'\-]+(?:\ [A-Z][A-Z.'\-]+){0,3}          # KANSAS CITY / ST. LOUIS
        (?:,\ [A-Z][A-Za-z.]+(?:\ [A-Z][A-Za-z.]+){0,2})?  # , Mo. / , D.C.
        (?:\ \((?:AP|Reuters|AFP|UPI|CNN|[A-Z][A-Za-z]+)\))?
    )\s*(?:--|—|–|-)\s+(?=\S)""",
    re.VERBOSE,
)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a leading dateline ("KANSAS CITY, Mo. --") from a paragraph."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None, paragraph
    return m.group("dateline").strip(), paragraph[m.end() :]


# --- header date and title ------------------------------------------------------------------

_SEED_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?")
_HEADER_DATE_PREFIX = re.compile(
    r"^\s*(?:posted|published|updated|date|released?|for immediate release)\b[\s:,-]*(?P<rest>.+)$",
    re.IGNORECASE,
)


def take_seed_date(text: str) -> tuple[str | None, str]:
    """Take the seed format's ``date YYYY-MM-DD`` prefix (on its own line or before the lead)."""
    m = _SEED_DATE.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end() :]


def find_header_date(lines: list[str], max_lines: int = 6) -> tuple[str | None, str | None, int | None]:
    """Look for a date in the first header lines; returns (iso date, precision, line index).

    The line is reported so that a line holding only the date can be dropped from the body.
    """
    seen = 0
    for idx, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > max_lines:
            break
        m = _HEADER_DATE_PREFIX.match(stripped)
        candidate = m.group("rest") if m else stripped
        if len(candidate) > 60:
            continue
        parsed = parse_date(candidate)
        if parsed:
            return parsed[0], parsed[1], idx
    return None, None, None


def is_capitals(text: str) -> bool:
    """Written in capitals, as a headline often is (nine in ten letters upper case)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def choose_title(paragraphs: list[str]) -> tuple[str, bool]:
    """Title from the first paragraph when it reads as a headline, else the lead's first sentence.

    Returns the title and whether the first paragraph was consumed as the title.
    """
    if not paragraphs:
        return "", False
    first = paragraphs[0].strip()
    words = len(first.split())
    if (words <= 30 and len(first) <= 250 and "\n" not in first
            and (not re.search(r"[.!?]\s*$", first) or is_capitals(first))):
        return first, True
    spans = sentence_spans(first)  # never cut at an abbreviation such as "Sen."
    sentence = first[spans[0][0] : spans[0][1]] if spans else first
    if len(sentence) > 120:
        sentence = sentence[:117].rsplit(" ", 1)[0] + "…"
    return sentence, False


# --- paragraphs -----------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b]")


def split_paragraphs(text: str, layout: str = "text") -> list[str]:
    """Split into paragraphs by the body's layout (``SourceDoc.layout``).

    Plain text ("text") goes by its line structure: wrapped lines are reflowed, one paragraph
    per line, lists, addresses and transcripts keep their lines (``indexer.linestructure``).
    Extracted HTML ("blocks") splits on blank lines when the text has them, else on line breaks,
    and joins the lines inside a blank-line block with spaces.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if layout == "text":
        paras = line_paragraphs(text)
    elif re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
        paras = [" ".join(ln.strip() for ln in b.split("\n") if ln.strip()) for b in blocks]
    else:
        paras = [ln for ln in text.split("\n")]
    return [p for p in (_SPACES.sub(" ", p).strip() for p in paras) if p]


def clean_lines(text: str, keep_contact: bool = False) -> list[str]:
    """Lines with boilerplate and navigation blocks removed (blank lines kept as separators);
    ``keep_contact`` spares address and contact blocks (see ``drop_navigation_blocks``)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = ["" if is_boilerplate_line(ln) else ln for ln in lines]
    return drop_navigation_blocks(lines, keep_contact=keep_contact)


# --- typography for matching ----------------------------------------------------------------

_TYPO = str.maketrans({"`": "'", "’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def matching_form(text: str) -> str:
    """Fold odd typography (backtick and curly apostrophes, curly quotes) for hashing/matching."""
    return text.translate(_TYPO)


def content_hash(text: str) -> str:
    """Hash of the text's matching form with whitespace collapsed and case folded."""
    folded = " ".join(matching_form(text).lower().split())
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


def article_id(identity: str) -> str:
    """A stable article id from its identity (URL, or absolute origin path)."""
    return hashlib.sha1(identity.encode("utf-8")).hexdigest()[:16]


def _precision_of(value: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(value), "day")


def normalise(doc: SourceDoc, identity: str | None = None) -> Article | None:
    """Turn a ``SourceDoc`` into an ``Article``; None when no text survives cleaning."""
    body = doc.body
    published: str | None = None
    precision: str | None = None
    seed_date, body = take_seed_date(body)
    lines = clean_lines(body, keep_contact=doc.layout == "text")
    if seed_date:
        published, precision = seed_date, "day"
    else:
        header_date, header_precision, line_idx = find_header_date(lines)
        if header_date and line_idx is not None:
            published, precision = header_date, header_precision
            if _HEADER_DATE_PREFIX.match(lines[line_idx].strip()) or len(lines[line_idx]) <= 40:
                lines = lines[:line_idx] + lines[line_idx + 1 :]
    if doc.published:
        parsed = parse_date(doc.published)
        if parsed:
            published, precision = parsed
    if not published and doc.fallback_date:
        parsed = parse_date(doc.fallback_date)
        if parsed:
            published, precision = parsed

    paragraphs = split_paragraphs("\n".join(lines), doc.layout)
    title = (doc.title or "").strip()
    if title:
        title = " ".join(title.split())
        if paragraphs and " ".join(paragraphs[0].split()).lower() == title.lower():
            paragraphs = paragraphs[1:]
    else:
        title, consumed = choose_title(paragraphs)
        if consumed:
            paragraphs = paragraphs[1:]

    dateline = None
    for i, para in enumerate(paragraphs[:2]):
        found, rest = split_dateline(para)
        if found:
            dateline = found
            paragraphs[i] = rest
            break
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        return None
    text = "\n\n".join(paragraphs)
    ident = identity or doc.url or doc.origin
    return Article(
        id=article_id(ident),
        origin=doc.origin,
        title=title or paragraphs[0][:80],
        text=text,
        paragraphs=paragraphs,
        published=published,
        published_precision=precision if published else None,
        source=doc.source,
        url=doc.url,
        byline=doc.byline,
        dateline=dateline,
        language=guess_language(text),
        content_hash=content_hash(text),
        raw=doc.body,
        raw_meta=raw_meta_of(doc),
    )


RAW_META_FIELDS = ("title", "published", "url", "source", "byline", "fallback_date", "key",
                   "layout")


def raw_meta_of(doc: SourceDoc) -> dict[str, str]:
    """The loader's metadata kept beside its raw text (fields that are set), to read it again."""
    return {name: value for name in RAW_META_FIELDS if (value := getattr(doc, name)) is not None}


def doc_from_raw(origin: str, raw: str, meta: dict[str, str]) -> SourceDoc:
    """The ``SourceDoc`` a stored raw text and its metadata came from (``raw_meta_of``)."""
    return SourceDoc(origin=origin, body=raw,
                     **{k: v for k, v in meta.items() if k in RAW_META_FIELDS})


_EN_STOP = frozenset("the of and to in a is that for on said with was as by at it from".split())


def guess_language(text: str) -> str | None:
    """A cheap guess: 'en' when common English function words dominate, else None."""
    words = [w.lower() for w in _WORDS.findall(text[:3000])]
    if len(words) < 20:
        return "en" if sum(w in _EN_STOP for w in words) >= 2 else None
    return "en" if sum(w in _EN_STOP for w in words) / len(words) > 0.12 else None

