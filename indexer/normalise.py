"""Normalisation: from a loader's ``SourceDoc`` to a clean ``Article``.

Each heuristic is a small named pure function: boilerplate line removal, navigation-block removal,
dateline splitting, header-date detection, title choice. Text is kept as written (quotes, dashes);
odd typography is only folded in ``matching_form`` for hashing and matching.
"""

from __future__ import annotations

import hashlib
import re

from indexer.dates import parse_date
from indexer.linestructure import breaks_after_honorific, is_capitals
from indexer.linestructure import paragraphs as line_paragraphs
from indexer.passages import sentence_spans
from indexer.records import Article, SourceDoc
from indexer.titles import publisher_kind

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
      | back | view\ all | (?:view|see)\ all\ (?:news|releases|news\ releases|press\ releases)
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


_POSTAL_LINE = re.compile(
    r"(?:,\s*|\s)(?:[A-Z]{2}|[A-Z][a-z]+\.?)\s+\d{5}(?:-\d{4})?\s*$|^P\.?\s?O\.?\s+Box\s+\d")


def is_postal_line(line: str) -> bool:
    """The last line of a postal address ("Washington, DC 20515", "Ft. Harrison, Montana
    59636") or a post-office box."""
    return bool(_POSTAL_LINE.search(line.strip()))


ADDRESS_LINES = 8  # lines an address block takes, at most, for each postal line it ends with


def is_contact_run(lines: list[str]) -> bool:
    """Short lines of which half or more hold a digit or an '@', or with a postal line for
    every ``ADDRESS_LINES`` of them: an address or contact block (a letter's addressees,
    street number, postcode, telephone, e-mail), not a menu. A site's navigation with its
    press office's address somewhere in it (one postal line in a hundred) is a menu."""
    postal = sum(is_postal_line(ln) for ln in lines)
    return (sum(bool(_CONTACT_MARK.search(ln)) for ln in lines) * 2 >= len(lines)
            or postal > 0 and postal * ADDRESS_LINES >= len(lines))


def _continued_after(lines: list[str], j: int) -> bool:
    """Whether the text after a run of short lines (from ``j``) continues a sentence the run
    began: it opens in lower case, as a lead broken into lines at its links does ("CHICAGO /
    — / Cook County State’s Attorney / Eileen O’Neill Burke / today announced …")."""
    after = next((ln.strip() for ln in lines[j:] if ln.strip()), "")
    return after[:1].islower()


def drop_navigation_blocks(lines: list[str], min_run: int = 4, keep_contact: bool = False
                           ) -> list[str]:
    """Remove runs of ``min_run`` or more consecutive menu-like lines (navigation, link lists).

    Blank lines inside a run do not break it, so "Home\\n\\nAbout\\n\\nNews\\n\\nContact" goes too.
    A single short line (a title, a subheading) is kept, and with ``keep_contact`` (plain text,
    whose line structure is kept) so is an address or contact block (``is_contact_run``); so is
    a run whose next line continues a sentence it began (``_continued_after``).
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
                keep_contact and is_contact_run([lines[k] for k in members])) \
                and not _continued_after(lines, j):
            for k in range(i, j):
                keep[k] = False
        i = j
    return [line for line, k in zip(lines, keep, strict=True) if k]


# --- a scraped page's furniture after the release -----------------------------------------------

# A section of other releases under the release (its titles, dates and teasers)
_RELATED_HEADING = re.compile(
    r"^(?:recent|related|more|latest|other|in\s+other)\s+(?:news|posts|articles|stories|"
    r"press\s+releases|news\s+releases)\s*:?$|^you\s+may\s+also\s+like\s*:?$", re.I)
_BODY_END = re.compile(r"[.!?][\"”’')\]]*$")
BODY_LINE_WORDS = 12  # a line of this many words is body text, not a title or a menu entry
RELATED_SHARE = 2  # a related section may be cut when the body above is this many times below
# A CMS's timestamp on a line of its own ("2025-04-02 15:40:29"), as a page's metadata leaves it
_STAMP = re.compile(r"^\s*(?P<date>\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                    r"(?:Z|[+-]\d{2}:?\d{2})?\s*$")
# An image or video file's address on a line of its own, and the short lines after it (width,
# height, credit) as a page's metadata leaves them
_MEDIA_URL = re.compile(r"^\s*https?://\S+\.(?:jpe?g|png|gif|webp|svg|mp4|mov)(?:\?\S*)?\s*$",
                        re.I)
MEDIA_TAIL = 4
# A picture's placeholder on a line of its own, where a page's image was ('Image' under a
# Riverside release, above its 'Latest News')
_MEDIA_WORD = re.compile(r"^\s*(?:Image|Images|IMAGE|Photo|Photos|PHOTO|Picture)\s*$")


def _body_words(lines: list[str]) -> int:
    """Words in lines that read as body text: long, ending a sentence (not a title, nor a
    teaser cut short with '…')."""
    return sum(n for n, ln in ((len(_WORDS.findall(ln)), ln.rstrip()) for ln in lines)
               if n >= BODY_LINE_WORDS and _BODY_END.search(ln)
               and not ln.endswith(("…", "...")))


def cut_related_tail(lines: list[str]) -> list[str]:
    """Lines up to a "Recent News" / "Related Posts" heading, when the body above it is at least
    RELATED_SHARE times what follows (other releases' titles and teasers, which would match
    searches for them); a heading above the body (a sidebar first) cuts nothing."""
    for i, line in enumerate(lines):
        if _RELATED_HEADING.match(line.strip()):
            above, below = _body_words(lines[:i]), _body_words(lines[i + 1:])
            if above >= BODY_LINE_WORDS and above >= RELATED_SHARE * below:
                return lines[:i]
    return lines


MIN_LISTED = 2  # dated headlines in a row that make a list of other releases


def _listed_day(lines: list[int], text: list[str], k: int) -> str | None:
    """The day filled line ``k`` gives when it is a lone day's date followed by a headline (no
    date, no sentence of the body): one entry of a "More News" list; else None."""
    if k + 1 >= len(lines):
        return None
    date_line, head = text[lines[k]].strip(), text[lines[k + 1]].strip()
    parsed = parse_date(date_line) if is_date_only(date_line) else None
    listed = parsed is not None and parsed[1] == "day" \
        and 3 <= len(head.split()) <= HEADER_MAX_WORDS and not head.endswith(":") \
        and not (is_date_only(head) and parse_date(head))
    return parsed[0] if listed and parsed else None


def drop_dated_link_lists(lines: list[str]) -> list[str]:
    """Lines without a list of other releases, each a day's date over its headline ("More
    News" / "Mar 26, 2026" / "Harris County … Files Capital Murder Charge …" / …), and the
    heading above it: two or more such entries in a row, wherever the list stands (a sidebar
    saved above the release would give the page another release's date and title)."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    drop: set[int] = set()
    k = 0
    while k < len(filled):
        run, days = k, set()
        while day := _listed_day(filled, lines, run):
            days.add(day)
            run += 2
        if run - k >= 2 * MIN_LISTED and len(days) >= MIN_LISTED:  # one release's own date
            # printed twice, over a label each ('FOR IMMEDIATE RELEASE:'), is no list
            drop.update(filled[k:run])
            if k and _RELATED_HEADING.match(lines[filled[k - 1]].strip()):
                drop.add(filled[k - 1])
            k = run
        else:
            k += 1
    return ["" if i in drop else ln for i, ln in enumerate(lines)]


FOOTER_LINES = 2  # short lines after a lone date that make it a page's footer, at least


def cut_dated_footer(lines: list[str]) -> tuple[str | None, list[str]]:
    """(the date, the lines above it) when, below the body, a line holding only a date opens a
    page's footer of short lines ("June 5, 2026" / "Links:" / "L.A. County Home" …); else
    (None, the lines). The date may still date a release nothing else dates."""
    body_seen = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not body_seen:
            body_seen = _body_words([stripped]) > 0
            continue
        day = parse_date(stripped) if is_date_only(stripped) else None
        if not day or day[1] != "day":
            continue
        after = [ln.strip() for ln in lines[i + 1:] if ln.strip()]
        if len(after) >= FOOTER_LINES and all(
                len(_WORDS.findall(ln)) < BODY_LINE_WORDS // 2 for ln in after):
            return day[0], lines[:i]
    return None, lines


_ZIP = re.compile(r"\b(?:[A-Z]{2}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\.?),?\s+\d{5}(?:-\d{4})?\b")
ADDRESS_FOOTER_WORDS = 30


def is_address_footer(line: str) -> bool:
    """An office's address set on one line below a release ("Frank Crowley Courts Building •
    133 N. Riverfront Blvd. • Dallas, Texas 75207-4399 • 214/653-3600"): a state and ZIP code
    with a telephone number or separators, in capitalised words and numbers (a bare address,
    as for donations or a listening session's venue, is the release's own text)."""
    stripped = line.strip()
    if not stripped or len(stripped.split()) > ADDRESS_FOOTER_WORDS \
            or len(re.findall(r"(?<![\w.])[a-z]{2,}\b", stripped)) > 3:
        return False  # a sentence ("Write to us at …"), not an address
    if re.match(r"[A-Za-z ]{2,20}:", stripped):
        return False  # a labelled detail of the release ("WHERE: …, Irvine, CA 92618")
    return bool(_ZIP.search(stripped)) and (has_phone_or_mail(stripped)
                                            or bool(re.search(r"[•|·\uf0b7]", stripped)))


def cut_address_footer(lines: list[str]) -> list[str]:
    """The lines without an address footer (``is_address_footer``) among the last two filled
    lines, once the body has started above it."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    for i in reversed(filled[-2:]):
        if is_address_footer(lines[i]) and _body_words([ln.strip() for ln in lines[:i]]) > 0:
            return lines[:i] + [ln for ln in lines[i + 1:] if not is_address_footer(ln)]
    return lines


def drop_media_lines(lines: list[str]) -> list[str]:
    """Lines without a bare image or video address and up to MEDIA_TAIL short lines after it
    (``720`` / ``1280`` / a credit), nor a picture's placeholder ('Image'): a page's metadata,
    not its text."""
    out: list[str] = []
    tail = 0
    for line in lines:
        if _MEDIA_WORD.match(line):
            continue
        if _MEDIA_URL.match(line):
            tail = MEDIA_TAIL
            continue
        if tail and line.strip() and len(_WORDS.findall(line)) <= 3 and not _SENTENCE_END.search(
                line.strip()):
            tail -= 1
            continue
        tail = 0 if line.strip() else tail
        out.append(line)
    return out


def take_stamp_date(lines: list[str]) -> tuple[str | None, list[str]]:
    """The first bare timestamp line's day (a page's published stamp) and the lines without
    any such stamp."""
    kept, stamps = [], []
    for line in lines:
        m = _STAMP.match(line)
        if m:
            stamps.append(m.group("date"))
        else:
            kept.append(line)
    return (stamps[0] if stamps and parse_date(stamps[0]) else None), kept


# --- pages that are no article ------------------------------------------------------------

# What a site serves a scraper in place of the page: a bot check, an error or a login wall
_BLOCK_PAGE = re.compile(
    r"^(?:(?:pardon\s+our\s+interruption|attention\s+required!?|access\s+denied|403\s+forbidden"
    r"|404\b.{0,20}not\s+found|page\s+not\s+found|are\s+you\s+a\s+robot\??)"  # the whole title
    r"|(?:just\s+a\s+moment|checking\s+your\s+browser|verify(?:ing)?\s+you\s+are\s+(?:a\s+)?human"
    r"|please\s+enable\s+(?:javascript|cookies)|enable\s+javascript\s+and\s+cookies)"
    r"[^|\-–—,]{0,40}?)"  # or a plea that runs on a little ("… to view this site.")
    r"[.!…]*\s*(?:[|\-–—]\s*[^.!?]{0,60})?$", re.I)  # then at most " | Site name"
BLOCK_PAGE_WORDS = 250  # a page this short whose title or first line is one of those


def block_page(article: Article) -> bool:
    """Whether an article is what a site serves in place of its page ("Pardon Our
    Interruption", "Just a moment...", "Access Denied", "Page not found"): such a title or first
    paragraph over fewer than BLOCK_PAGE_WORDS words."""
    first = article.paragraphs[0] if article.paragraphs else ""
    return len(article.text.split()) < BLOCK_PAGE_WORDS and any(
        _BLOCK_PAGE.match(t.strip()) for t in (article.title or "", first))


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


_DATE_IN_PARENS = r"\((?:[A-Z][a-z]{2,8}\.?\ \d{1,2},?\ \d{4}|\d{1,2}/\d{1,2}/\d{2,4})\)"
_PLACE = r"""(?:[A-Z][A-Za-z.'\-]+(?:\ [A-Z][A-Za-z.'\-]+){0,3}
              (?:,\ [A-Z][A-Za-z.]+(?:\ [A-Z][A-Za-z.]+){0,2})?)"""
_DASH = r"(?:--|—|–|-)"
# Plain-text release datelines beyond the wire form: "(Dallas, Texas) –", "Houston, Texas (May 3,
# 2024) --", "CHICAGO (April 2, 2024) –".
_TEXT_DATELINE = re.compile(
    rf"""^(?P<dateline>
        \({_PLACE}\)(?:\ {_DATE_IN_PARENS})?
      | {_PLACE}\ {_DATE_IN_PARENS}
    )\s*{_DASH}\s*(?=\S)""",
    re.VERBOSE,
)
# A dateline on a line of its own: "CHICAGO", "Miami – April 24, 2026", "WASHINGTON, D.C. --".
_LONE_DATELINE = re.compile(
    rf"""^(?P<dateline>\(?{_PLACE}\)?(?:\s*{_DASH}\s*[A-Z][a-z]{{2,8}}\.?\ \d{{1,2}},?\ \d{{4}}
         |\ {_DATE_IN_PARENS})?)\s*(?:{_DASH}|,)?$""",
    re.VERBOSE,
)
_LEADING_DASH = re.compile(rf"^(?:{_DASH}|:)(?:\s+(?=\S)|$)")


def split_text_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a plain-text release's leading dateline: the wire form or ``_TEXT_DATELINE``."""
    found, rest = split_dateline(paragraph)
    if found:
        return found, rest
    m = _TEXT_DATELINE.match(paragraph)
    if not m:
        return None, paragraph
    return m.group("dateline").strip(), paragraph[m.end() :]


def is_lone_dateline(line: str, following: str | None) -> bool:
    """A dateline on its own line: a place (and date) closed by a dash or by the comma after
    "City, State", or one whose next line opens with the dash or a colon ("CHICAGO" / "– Cook
    County's State's Attorney ...")."""
    m = _LONE_DATELINE.match(line)
    if not m or len(line.split()) > 8:
        return False
    closed = bool(re.search(rf"{_DASH}$", line)) or bool(re.search(r",.*,$", line))
    has_place_mark = bool(re.search(r"[,(]|\d", line)) or is_capitals(line, min_letters=4)
    opens_next = following is not None and bool(_LEADING_DASH.match(following))
    return (closed and has_place_mark) or opens_next


def take_text_dateline(paragraphs: list[str], window: int = 4) -> tuple[str | None, list[str]]:
    """Find the dateline of a plain-text release in its first paragraphs, in either layout: at
    the start of a paragraph, or on a line of its own; the paragraphs come back without it."""
    for i, para in enumerate(paragraphs[:window]):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if is_lone_dateline(para, following):
            dateline = re.sub(rf"\s*(?:{_DASH}|,)$", "", para).strip()
            rest = paragraphs[i + 1 :]
            if rest and _LEADING_DASH.match(rest[0]):
                lead = _LEADING_DASH.sub("", rest[0]).strip()
                rest = ([lead] if lead else []) + rest[1:]
            return dateline, paragraphs[:i] + rest
        found, rest_text = split_text_dateline(para)
        if found:
            return found, paragraphs[:i] + [rest_text] + paragraphs[i + 1 :]
    return None, paragraphs


# --- contact blocks -------------------------------------------------------------------------

_CONTACT_LABEL = re.compile(
    r"^(?:.{0,30}\s)?(?:(?:media|press|news|public\ information)\s+)?contact(?:s|os?)?\s*(?::|$)"
    r"|^for\ (?:more|further)\ information\b.{0,60}\b(?:contact|call|e-?mail)\b",
    re.IGNORECASE | re.VERBOSE,
)
_LINE_START_CONTACT = re.compile(r"^(?:(?:media|press|news)\s+)?contact(?:s|os?)?\s*:",
                                 re.IGNORECASE)
_DETAIL_LABEL = re.compile(
    r"^(?:office|cell|phone|tel|telephone|fax|mobile|direct|desk|e-?mail|web)\b\s*[:.]?\s*\S",
    re.IGNORECASE,
)
_PHONE_OR_MAIL = re.compile(
    r"(?:\+?1[ .-]?)?\(?\d{3}\)?[ ./-]?\d{3}[ .-]\d{4}(?:\s*(?:x|ext\.?)\s*\d+)?"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\[email\s*protected\]"  # an address a site's script hid when the page was saved
)
_END_MARK = re.compile(r"^(?:#(?:\s*#){2,}|-+\s*30\s*-+|\*(?:\s*\*){2,})$")
CONTACT_MAX_WORDS = 15
ROLE_MAX_WORDS = 10
ROLE_LOOKAHEAD = 3  # a name or role line leads to contact details within this many lines


def has_phone_or_mail(line: str) -> bool:
    """The line holds a telephone number or an e-mail address."""
    return bool(_PHONE_OR_MAIL.search(line))


def is_contact_label(line: str) -> bool:
    """A short line that opens a contact block: "Contact: ...", "Media contact", "October 31,
    2018 Contact: Jane Roe", "For more information, contact ..."."""
    stripped = line.strip()
    if not _CONTACT_LABEL.match(stripped):
        return False
    return len(stripped.split()) <= CONTACT_MAX_WORDS or (
        bool(_LINE_START_CONTACT.match(stripped)) and has_phone_or_mail(stripped))


def is_contact_detail(line: str) -> bool:
    """A labelled telephone or e-mail line ("Office: 714-555-0100", "E-mail: a@b.org")."""
    return bool(_DETAIL_LABEL.match(line.strip())) and has_phone_or_mail(line)


def is_bare_detail(line: str) -> bool:
    """A line that is little more than a telephone number or e-mail address."""
    rest = _PHONE_OR_MAIL.sub("", line)
    return rest != line and len(re.findall(r"[A-Za-z]{3,}", rest)) <= 2


def is_name_or_role(line: str) -> bool:
    """A short line with no sentence punctuation: a name, a job title, an office."""
    return len(line.split()) <= ROLE_MAX_WORDS and not re.search(r"[.!?:;]\s*$", line)


def is_end_mark(line: str) -> bool:
    """A release's end mark: "###", "-30-"."""
    return bool(_END_MARK.match(line.strip()))


def _in_contact_block(paragraphs: list[str], k: int) -> bool:
    """Does paragraph ``k`` continue a contact block begun before it?"""
    line = paragraphs[k]
    if is_contact_label(line) or is_contact_detail(line) or is_bare_detail(line):
        return True
    ahead = paragraphs[k + 1 : k + 1 + ROLE_LOOKAHEAD]
    return is_name_or_role(line) and any(
        is_contact_detail(p) or is_bare_detail(p) for p in ahead)


def contact_block_lines(paragraphs: list[str]) -> set[int]:
    """Indexes of the paragraphs that are contact blocks or end marks (plain-text layout).

    A block opens at a contact label or a labelled telephone/e-mail line (with up to two name or
    job-title lines just before it), and runs on over telephone, e-mail, name and job-title lines
    that lead to more contact details. A bare address or telephone line alone opens no block.
    """
    drop: set[int] = set()
    for i, line in enumerate(paragraphs):
        if i in drop:
            continue
        if is_end_mark(line):
            drop.add(i)
            continue
        if not (is_contact_label(line) or is_contact_detail(line)):
            continue
        start = i
        if not is_contact_label(line):
            while (start > i - 2 and start - 1 not in drop and start > 0
                   and is_name_or_role(paragraphs[start - 1])):
                start -= 1
        end = i + 1
        while end < len(paragraphs) and _in_contact_block(paragraphs, end):
            end += 1
        drop.update(range(start, end))
    return drop


def drop_contact_blocks(paragraphs: list[str]) -> list[str]:
    """The paragraphs without their contact blocks and end marks (``contact_block_lines``)."""
    drop = contact_block_lines(paragraphs)
    return [p for i, p in enumerate(paragraphs) if i not in drop]


# --- header date and title ------------------------------------------------------------------

_SEED_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?")
_HEADER_DATE_PREFIX = re.compile(
    r"^\s*(?:posted|published|updated|date|released?|for immediate release)\b[\s:,-]*(?P<rest>.+)$",
    re.IGNORECASE,
)


DATE_LINE_MAX_WORDS = 5


def is_date_only(line: str) -> bool:
    """A short line that is little more than a date ("Friday, February 20, 2015"), not a
    sentence that mentions one ("On July 13, 2004, he asked the GAO:")."""
    return len(line) <= 40 and len(line.split()) <= DATE_LINE_MAX_WORDS


def is_header_date_line(line: str, plain: bool) -> bool:
    """A header line that only gives the date and leaves the body: prefixed ("Posted: ...") or
    short; in plain text short and date-only (``is_date_only``) and not a contact label."""
    stripped = line.strip()
    if _HEADER_DATE_PREFIX.match(stripped):
        return True
    if not plain:
        return len(line) <= 40
    return is_date_only(stripped) and not is_contact_label(stripped)


def take_seed_date(text: str) -> tuple[str | None, str]:
    """Take the seed format's ``date YYYY-MM-DD`` prefix (on its own line or before the lead)."""
    m = _SEED_DATE.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end() :]


# "June 5, 2026: Federal Jury Convicts …": a release list's date before its headline
_DATED_HEADLINE = re.compile(
    r"^(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
    r"\s*(?::|\||\s[-–—])\s+(?P<headline>\S.*)$")


def dated_headline(line: str) -> tuple[str, str] | None:
    """(date, headline) of a line giving a headline after its date, else None."""
    m = _DATED_HEADLINE.match(line.strip())
    return (m.group("date"), m.group("headline")) if m else None


PREFIXED_DATE_LINES = 15  # a "Posted on …" line may come after a page's headings and links
LABELLED_DATE_LINES = 40  # ... and in the raw page, before its menus are cleaned away
_DATE_LABEL = re.compile(r"^(?:posted|published|date|released?)(?:\s+on)?\s*:?$", re.IGNORECASE)


def find_header_date(lines: list[str], max_lines: int = 6,
                     prefixed_lines: int = PREFIXED_DATE_LINES
                     ) -> tuple[str | None, str | None, int | None]:
    """Look for a date in the first header lines; returns (iso date, precision, line index).

    A line that says it gives the date ("Posted on June 01, 2026", "Published: …", or a date
    under a "Published" label line) counts within the first ``prefixed_lines`` lines, any
    other date-only line within ``max_lines``. The line is reported so that a line holding only
    the date can be dropped from the body.
    """
    seen = 0
    labelled = False  # the line before was a date label alone ("Published" over "April 2, 2020")
    for idx, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > max(max_lines, prefixed_lines):
            break
        after_label, labelled = labelled, bool(_DATE_LABEL.match(stripped))
        m = _HEADER_DATE_PREFIX.match(stripped)
        if m is None and not after_label and seen > max_lines:
            continue
        candidate = m.group("rest") if m else stripped
        dated = dated_headline(candidate)
        if dated:
            candidate = dated[0]
        if len(candidate) > 60:
            continue
        parsed = parse_date(candidate)
        if parsed:
            return parsed[0], parsed[1], idx
    return None, None, None


SET_APART_MAX_WORDS = 15


def choose_title(paragraphs: list[str], set_apart: bool = False) -> tuple[str, bool]:
    """Title from the first paragraph when it reads as a headline, else the lead's first sentence.

    A headline is short and on one line, and is in capitals, has no closing sentence
    punctuation, or (``set_apart``: a blank line follows it in a plain text) is a short line ahead
    of more text. Returns the title and whether the first paragraph was consumed as the title.
    """
    if not paragraphs:
        return "", False
    first = paragraphs[0].strip()
    words = len(first.split())
    if (words <= 30 and len(first) <= 250 and "\n" not in first
            and (not re.search(r"[.!?]\s*$", first) or is_capitals(first)
                 or (set_apart and words <= SET_APART_MAX_WORDS and len(paragraphs) > 1))):
        return first, True
    spans = sentence_spans(first)  # never cut at an abbreviation such as "Sen."
    sentence = first[spans[0][0] : spans[0][1]] if spans else first
    if len(sentence) > 120:
        sentence = sentence[:117].rsplit(" ", 1)[0] + "…"
    return sentence, False


_RELEASE_LABEL = re.compile(
    r"^(?:for\ immediate\ release|immediate\ release|news\ release|press\ release"
    r"|para\ (?:su\ )?publicaci[oó]n\ inmediata|comunicado\ de\ prensa)\b\s*(?:[:\-–—|]\s*)?",
    re.IGNORECASE | re.VERBOSE,
)
_PAGE_TITLE_SEP = re.compile(r"\s+(?:[-–—|•»]|::)\s+")
HEADER_MAX_WORDS = 30
PAGE_HEADER_PARAGRAPHS = 40
REPEAT_WINDOW = 8


def strip_release_label(line: str) -> str:
    """A headline without a leading "For immediate release:" distribution label."""
    return _RELEASE_LABEL.sub("", line.strip(), count=1).strip()


def is_release_label(line: str) -> bool:
    """A line that is only a distribution label ("FOR IMMEDIATE RELEASE", "Press Release")."""
    return bool(line.strip()) and not strip_release_label(line)


_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})
REPEAT_MAX_LINES = 6  # a headline and its subhead, broken over lines


def _headline_key(text: str) -> str:
    """A headline folded for comparing repeats (case, dashes, typography; whitespace dropped, as
    pages lose it between lines: "in PrisonFor Fatal")."""
    return "".join(matching_form(strip_release_label(text)).translate(_DASHES).lower().split())


def repeat_at(paragraphs: list[str], i: int, key: str) -> int:
    """How many lines from ``i`` on repeat the headline ``key`` (it may be broken over up to
    ``REPEAT_MAX_LINES`` lines); 0 when they do not."""
    for n in range(1, REPEAT_MAX_LINES + 1):
        joined = _headline_key(" ".join(paragraphs[i : i + n]))
        if joined == key:
            return n
        if len(joined) >= len(key) or i + n >= len(paragraphs):
            break
    return 0


SITE_NAME_MAX_WORDS = 8  # "Office of Miami-Dade State Attorney Katherine Fernandez Rundle"
SITE_CUE = "site name"  # an issuer's evidence when it is the site a page's title line names


def is_site_name(text: str) -> bool:
    """A short name with no digits and no closing punctuation, as a site's name in a page title
    ("DA NewsCenter", "Orange County District Attorney")."""
    words = text.split()
    return (0 < len(words) <= SITE_NAME_MAX_WORDS and not re.search(r"\d", text)
            and not re.search(r"[.!?:;,]\s*$", text) and words[0][:1].isupper())


# a site name ending in one of these names a section of a site, not who publishes it, and a
# breadcrumb trail may start at 'Home'
_SECTION_NAME = re.compile(r"\b(?:news\w*|press|releases?|media|blog|archives?|updates|events|"
                           r"center|centre|room)$|^(?:home|main|index|welcome)$", re.IGNORECASE)


def headline_prefix(paragraph: str, headline: str) -> int:
    """Where a paragraph's opening repeat of ``headline`` ends (0 when it does not
    open with it), counting only when more follows, opening with a capital, a digit or a quote
    mark, and is no rest of a longer headline (``continues_headline``): a repeat that reflowing
    ran into the byline below it."""
    key, folded = _headline_key(headline), 0
    for m in re.finditer(r"\S+", paragraph):
        folded += len(_headline_key(m.group()))
        if folded >= len(key):
            head, rest = paragraph[:m.end()], paragraph[m.end():].strip()
            opens = bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“'‘")
            if folded == len(key) and _headline_key(head) == key and opens and \
                    not continues_headline(head, rest):
                return m.end()
            return 0
    return 0


def split_glued_headline(paragraphs: list[str], lines: list[str]) -> list[str]:
    """The paragraphs with a repeat of a saved page's headline (its title line less the site,
    of two words or more) split from the text it was run into among the header paragraphs,
    where the page (``lines``, before reflowing) wrote that repeat on a line of its own:
    "DA Launches Elder Scam Prevention Campaign San Diego County District Attorney Summer
    Stephan released …" (the page set the headline, the office and the name on lines of their
    own below a breadcrumb trail). A lead whose subject is the headline's words ("Operation
    Safe Streets Task Force officers arrested …") is left whole."""
    if not paragraphs:
        return paragraphs
    first = paragraphs[0]
    heads = [first[: m.start()] for m in _PAGE_TITLE_SEP.finditer(first)
             if len(first[: m.start()].split()) >= 2]
    keys = {_headline_key(head) for head in heads}
    apart = {_headline_key(ln) for ln in lines[1:TITLE_REPEAT_LINES] if ln.strip()}
    heads = [head for head in heads if _headline_key(head) in apart]
    for j in range(1, min(len(paragraphs), PAGE_HEADER_PARAGRAPHS)):
        for head in heads:
            if end := headline_prefix(paragraphs[j], head):
                para = paragraphs[j]
                return paragraphs[:j] + [para[:end], para[end:].lstrip()] + paragraphs[j + 1:]
        if _headline_key(paragraphs[j]) in keys:
            break
    return paragraphs


def page_title_headline(paragraphs: list[str], furniture: bool = False) -> tuple[str, int] | None:
    """A first line that is a saved web page's title ("Headline - Site" or "Headline | Site"):
    the headline and the index of the last header line that repeats it, where the page furniture
    ends; or, with ``furniture`` (page furniture followed the first line) and no repeat, the
    headline before a site name with index 0."""
    if not paragraphs:
        return None
    first = paragraphs[0]
    cuts = [m for m in _PAGE_TITLE_SEP.finditer(first)]
    for cut in reversed([m.start() for m in cuts]):
        head = strip_release_label(first[:cut])
        if len(head.split()) < 2:
            continue
        key, last = _headline_key(head), None
        for j in range(1, min(len(paragraphs), PAGE_HEADER_PARAGRAPHS)):
            if n := repeat_at(paragraphs, j, key):
                last = j + n - 1
            elif len(paragraphs[j].split()) > HEADER_MAX_WORDS:
                break
        if last is not None:
            return head, last
    if furniture and cuts and is_site_name(first[cuts[-1].end() :]):
        head = strip_release_label(first[: cuts[-1].start()])
        if head:
            return head, 0
    return None


_CRUMB_SEP = re.compile(r"\s+[>»›]\s+")


def breadcrumbs(first_line: str) -> list[str]:
    """A saved page's title line that is a breadcrumb trail ("Harris County - District
    Attorney's Office > Newsroom > News Releases"): its crumbs, the site first; [] otherwise.
    The trail names no release: the title is read from the text below it."""
    crumbs = [c.strip() for c in _CRUMB_SEP.split(first_line.strip())]
    if len(crumbs) < 3 or not all(c and len(c.split()) <= SITE_NAME_MAX_WORDS + 2 and
                                  not re.search(r"[.!?]$", c) for c in crumbs):
        return []
    return crumbs


def page_site_name(first_line: str, title: str) -> str | None:
    """The site a saved page's title line names after the headline taken as its title
    ("Buena Park Man Convicted … - Orange County District Attorney"), else None."""
    cuts = list(_PAGE_TITLE_SEP.finditer(first_line))
    if not cuts or not title or " ".join(first_line.split()) == " ".join(title.split()):
        return None
    head = strip_release_label(first_line[: cuts[-1].start()])
    tail = first_line[cuts[-1].end():].strip()
    if _headline_key(head) != _headline_key(title) or not is_site_name(tail):
        return None
    return tail


TITLE_REPEAT_LINES = 40  # header lines (furniture included) a page repeats its headline in


def title_line_apart(lines: list[str]) -> list[str]:
    """The lines with a saved page's title line ("Headline - Site") and each repeat of its
    headline among the header lines set apart by blank lines, when the line after the title
    repeats it: reflowing must not join them, as it would lines in capitals ("MEDIA ADVISORY -
    X - Orange County District Attorney" / "MEDIA ADVISORY – X")."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(filled) < 2 or filled[1] != filled[0] + 1:
        return lines
    first, following = lines[filled[0]], _headline_key(lines[filled[1]])
    if not any(_headline_key(first[: m.start()]) == following
               for m in _PAGE_TITLE_SEP.finditer(first)):
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        apart = i == filled[0] or i < filled[0] + TITLE_REPEAT_LINES and \
            _headline_key(line) == following
        out.extend(["", line, ""] if apart else [line])
    return out


def drop_repeated_headline(paragraphs: list[str], title: str) -> list[str]:
    """The body without a repeat of its headline among its first lines, also one broken over
    several lines ("100 STUDENTS INVITED" / "AT FORD ...")."""
    key = _headline_key(title)
    for i in range(min(REPEAT_WINDOW, len(paragraphs))):
        if n := repeat_at(paragraphs, i, key):
            return paragraphs[:i] + paragraphs[i + n :]
    return paragraphs


LABELLED_HEADLINE_LINES = 3


_INNER_DATELINE = re.compile(
    rf"\s(?=\({_PLACE}\)(?:\ {_DATE_IN_PARENS})?\s*{_DASH})", re.VERBOSE)


def join_labelled_headline(paragraphs: list[str]) -> list[str]:
    """A "For Immediate Release: ..." headline broken over lines before the dateline line of
    the lead (a wrapped PDF release) is joined back into one line; one that reflowing joined to
    the lead is split from it at the lead's "(City, State) –" dateline."""
    if not paragraphs or strip_release_label(paragraphs[0]) == paragraphs[0].strip():
        return paragraphs
    inner = _INNER_DATELINE.search(paragraphs[0])
    if inner:
        return [paragraphs[0][: inner.start()], paragraphs[0][inner.end() :]] + paragraphs[1:]
    for j in range(1, min(LABELLED_HEADLINE_LINES, len(paragraphs) - 1) + 1):
        following = paragraphs[j + 1] if j + 1 < len(paragraphs) else None
        if split_text_dateline(paragraphs[j])[0] or is_lone_dateline(paragraphs[j], following):
            return [" ".join(paragraphs[:j])] + paragraphs[j:]
        if re.search(r"[.!?]\s*$", paragraphs[j]) or len(paragraphs[j].split()) > HEADER_MAX_WORDS:
            break
    if len(paragraphs) > 1 and continues_headline(paragraphs[0], paragraphs[1]):
        return [f"{paragraphs[0]} {paragraphs[1]}"] + paragraphs[2:]
    return paragraphs


_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with vs".split())


def continues_headline(headline: str, line: str) -> bool:
    """Whether ``line`` is the rest of a labelled headline wrapped after it ("... District
    Attorney John" / "Creuzot Following the Passing of Former DA Craig Watkins"): the headline
    ends with no punctuation and the line is short, in title case and ends no sentence."""
    words = [w for w in line.split() if w.lower() not in _SMALL_WORDS]
    return (not re.search(r"[.!?:;,\"”]\s*$", headline) and bool(words)
            and len(line.split()) <= HEADER_MAX_WORDS and not re.search(r"[.!?:;]\s*$", line)
            and line.lstrip()[:1].isupper()
            and sum(w[:1].isupper() or w[:1].isdigit() for w in words) >= 0.8 * len(words))


def drop_release_labels(paragraphs: list[str], window: int = REPEAT_WINDOW) -> list[str]:
    """The body without distribution-label lines ("For Immediate Release") among its first."""
    head = [p for p in paragraphs[:window] if not is_release_label(p)]
    return head + paragraphs[window:]


def text_title(paragraphs: list[str], set_apart: bool, furniture: bool = False
               ) -> tuple[str, list[str]]:
    """Title and body paragraphs of a plain text: a saved page's title, or the first line when
    it reads as a headline (``choose_title``) after any distribution-label lines."""
    page = page_title_headline(paragraphs, furniture)
    if page:
        head, last = page
        return head, drop_release_labels(drop_repeated_headline(paragraphs[last + 1 :], head))
    while paragraphs and is_release_label(paragraphs[0]):
        paragraphs = paragraphs[1:]
    paragraphs = join_labelled_headline(paragraphs)
    unlabelled = strip_release_label(paragraphs[0]) if paragraphs else ""
    if unlabelled:  # the label is no part of the title
        paragraphs = [unlabelled, *paragraphs[1:]]
    title, consumed = choose_title(paragraphs, set_apart)
    if not consumed:
        return title, paragraphs
    title = strip_release_label(title) or title
    return title, drop_release_labels(drop_repeated_headline(paragraphs[1:], title))


def furniture_after_first(raw: list[str], cleaned: list[str]) -> bool:
    """Cleaning removed page furniture (navigation, "Skip to content") right after the first
    line: the text is a saved web page and its first line the page's title."""
    raw_filled = [ln.strip() for ln in raw if ln.strip()]
    kept = [ln.strip() for ln in cleaned if ln.strip()]
    return (len(raw_filled) > 1 and bool(kept) and kept[0] == raw_filled[0]
            and (len(kept) < 2 or kept[1] != raw_filled[1]))


def first_line_set_apart(lines: list[str]) -> bool:
    """The first non-blank line is followed by a blank line."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    return bool(filled) and filled[0] + 1 < len(lines) and not lines[filled[0] + 1].strip()


# --- paragraphs -----------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b]")


# An ordinal's suffix a scrape put on a line of its own, between its number and the rest of the
# sentence (a <sup>: 'the 79' / 'th' / 'and 81' / 'st' / 'precincts'; 673 times in 388 of the
# 8,600 prosecutor releases): one sentence, the suffix back on its number.
_DETACHED_ORDINAL = re.compile(r"(?<=\d)[ \t]*\n[ \t]*(st|nd|rd|th)[ \t]*(?:\n[ \t]*(?=\S)|\s*\Z)")

# A word's capital a page set apart (a drop cap, an acronym's bold letter: 'P' / 'rosecution,
# to bring justice …', 633 times in the Orange County releases): one word. 'A' and 'I' are words.
_DROP_CAPITAL = re.compile(r"(?m)(?<=^[B-HJ-Z])[ \t]*\n[ \t]*(?=[a-z])")


def split_paragraphs(text: str, layout: str = "text") -> list[str]:
    """Split into paragraphs by the body's layout (``SourceDoc.layout``).

    Plain text ("text") goes by its line structure: wrapped lines are reflowed, one paragraph
    per line, lists, addresses and transcripts keep their lines (``indexer.linestructure``).
    Extracted HTML ("blocks") splits on blank lines when the text has them, else on line breaks,
    and joins the lines inside a blank-line block with spaces. In every layout a paragraph
    ending with an honorific before one opening with a capital is one sentence a scrape broke
    ('Today, Sen.' / 'Feingold reintroduced …', in 769 of the 35,900 Senate releases), and so is
    a line holding only an ordinal's suffix after its number (``_DETACHED_ORDINAL``).
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _DROP_CAPITAL.sub("", _DETACHED_ORDINAL.sub(r"\1 ", text))
    if layout == "text":
        paras = line_paragraphs(text)
    elif re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
        paras = [" ".join(ln.strip() for ln in b.split("\n") if ln.strip()) for b in blocks]
    else:
        paras = [ln for ln in text.split("\n")]
    out: list[str] = []
    for para in (_SPACES.sub(" ", p).strip() for p in paras):
        if out and para and breaks_after_honorific(out[-1], para):
            out[-1] = f"{out[-1]} {para}"  # 'Today, Sen.' / 'Feingold reintroduced …'
        elif para:
            out.append(para)
    return out


def clean_lines(text: str, keep_contact: bool = False) -> list[str]:
    """Lines with boilerplate, lists of other releases (``drop_dated_link_lists``) and
    navigation blocks removed (blank lines kept as separators); ``keep_contact`` spares address
    and contact blocks (see ``drop_navigation_blocks``)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = drop_dated_link_lists(["" if is_boilerplate_line(ln) else ln for ln in lines])
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
    plain = doc.layout == "text"
    seed_date, body = take_seed_date(body)
    lines = clean_lines(body, keep_contact=plain)
    stamp_date = None
    footer_date = None
    if plain:  # a scraped page's furniture below the release
        stamp_date, lines = take_stamp_date(drop_media_lines(cut_related_tail(lines)))
        footer_date, lines = cut_dated_footer(lines)
        lines = cut_address_footer(lines)
    if seed_date:
        published, precision = seed_date, "day"
    else:
        header_date, header_precision, line_idx = find_header_date(lines)
        if header_date is None and plain:  # a labelled date among the furniture cleaning took
            published, precision, _ = find_header_date(
                body.replace("\r\n", "\n").split("\n"), max_lines=0,
                prefixed_lines=LABELLED_DATE_LINES)
        if header_date and line_idx is not None:
            published, precision = header_date, header_precision
            dated = dated_headline(lines[line_idx])
            if dated:  # the headline stays, without its date (a repeat of the title goes later)
                lines = lines[:line_idx] + [dated[1]] + lines[line_idx + 1 :]
            elif is_header_date_line(lines[line_idx], plain):
                lines = lines[:line_idx] + lines[line_idx + 1 :]
    if doc.published:
        parsed = parse_date(doc.published)
        if parsed:
            published, precision = parsed
    if not published and doc.fallback_date:
        parsed = parse_date(doc.fallback_date)
        if parsed:
            published, precision = parsed

    if plain:
        lines = title_line_apart(lines)
    paragraphs = split_paragraphs("\n".join(lines), doc.layout)
    if plain:
        paragraphs = drop_contact_blocks(paragraphs)
    title = (doc.title or "").strip()
    site = None  # a saved page's site, named in its title line, for a page with no source
    if title:
        title = " ".join(title.split())
        if paragraphs and " ".join(paragraphs[0].split()).lower() == title.lower():
            paragraphs = paragraphs[1:]
    elif plain:
        furniture = furniture_after_first(body.replace("\r\n", "\n").split("\n"), lines)
        first = paragraphs[0] if paragraphs else ""
        crumbs = breadcrumbs(first)
        if crumbs:  # 'Site > Newsroom > News Releases': the site, then no title line, nor
            # the crumbs again or the site's contact details above the release
            paragraphs = [p for p in paragraphs[1:] if p.strip() not in crumbs]
            while paragraphs and is_bare_detail(paragraphs[0]):
                paragraphs = paragraphs[1:]
        paragraphs = split_glued_headline(paragraphs, lines)
        title, paragraphs = text_title(paragraphs, first_line_set_apart(lines), furniture)
        # the title line as the page wrote it: reflowing may have run a menu word onto it
        written = next((ln.strip() for ln in lines if ln.strip()), first)
        site = crumbs[0] if crumbs else page_site_name(first, title) or \
            page_site_name(written, title)
    else:
        title, consumed = choose_title(paragraphs)
        if consumed:
            paragraphs = paragraphs[1:]

    dateline = None
    if plain:
        dateline, paragraphs = take_text_dateline(paragraphs)
    else:
        for i, para in enumerate(paragraphs[:2]):
            found, rest = split_dateline(para)
            if found:
                dateline = found
                paragraphs[i] = rest
                break
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        return None
    if not published and dateline:  # "CHICAGO (April 2, 2024) –", "Miami – April 24, 2026"
        parsed = parse_date(dateline)
        if parsed and parsed[1] == "day":
            published, precision = parsed
    if not published and (stamp_date or footer_date):  # a page's metadata stamp or footer
        published, precision = stamp_date or footer_date, "day"  # date, when nothing else does
    text = "\n\n".join(paragraphs)
    ident = identity or doc.url or doc.origin
    # a saved page's site name is its publisher, as an HTML page's og:site_name is: its issuer
    site_issuer = site if site and not doc.source and not doc.issuer and \
        not _SECTION_NAME.search(site) else None
    return Article(
        id=article_id(ident),
        origin=doc.origin,
        title=title or paragraphs[0][:80],
        text=text,
        paragraphs=paragraphs,
        published=published,
        published_precision=precision if published else None,
        source=doc.source or site,
        url=doc.url,
        byline=doc.byline,
        dateline=dateline,
        language=guess_language(text),
        content_hash=content_hash(text),
        issuer=site_issuer,
        issuer_kind=publisher_kind(site_issuer) if site_issuer else None,
        issuer_cue=SITE_CUE if site_issuer else None,
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


# below this share of common English function words among its lower-case words (names,
# numbers and list items are none: a list of defendants is no foreign text), a text of
# NOT_ENGLISH_WORDS such words or more is in another language: on 351 real web pages of many
# languages and 361 prosecutor releases, every German, French, Spanish, Portuguese, Chinese or
# Russian page of 40 such words fell under 0.10 and every English one was above 0.16
NOT_ENGLISH_SHARE = 0.12
NOT_ENGLISH_WORDS = 40
_LOWER_WORDS = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


def clearly_not_english(text: str) -> bool:
    """Whether a text is plainly written in another language than English (few of its
    lower-case words are common English function words), so an English reading of it names no
    one."""
    words = _LOWER_WORDS.findall(text[:3000])
    return len(words) >= NOT_ENGLISH_WORDS and _function_share(words) < NOT_ENGLISH_SHARE


def _function_share(words: list[str]) -> float:
    """The share of lower-cased ``words`` that are common English function words."""
    return sum(w in _EN_STOP for w in words) / len(words)


def guess_language(text: str) -> str | None:
    """A cheap guess: 'en' when common English function words dominate, else None."""
    words = [w.lower() for w in _WORDS.findall(text[:3000])]
    if len(words) < 20:
        return "en" if sum(w in _EN_STOP for w in words) >= 2 else None
    return "en" if _function_share(words) > 0.12 else None

