"""HTML pages to ``SourceDoc``: main text with trafilatura, metadata from meta tags and JSON-LD.

Structured like trafilatura itself: each field has an ordered list of small named heuristics and
the first one that yields a value wins. BeautifulSoup covers what trafilatura misses (meta tags,
JSON-LD, ``<time>``) and extracts paragraphs when trafilatura finds no main text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from html import unescape as html_unescape
from urllib.parse import urlsplit

import trafilatura
from bs4 import BeautifulSoup
from bs4.element import Comment, Doctype
from htmldate.extractors import try_date_expr
from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.utils import load_html as parse_html

from indexer.dates import date_in_name
from indexer.loaders.boilerplate import Block, prune_boilerplate
from indexer.loaders.decoding import decode_bytes, looks_binary
from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc
from indexer.titles import publisher_kind

META_CHARSET_SCAN = 4096
MIN_FALLBACK_PARAGRAPH = 40
MIN_H1_SIMILARITY = 0.4
MAX_H1 = 5
MAX_SITE_NAME_WORDS = 4
MIN_TITLE_CHARS = 12
MIN_CONTAINED_CHARS = 6
CONTAINED_SIMILARITY = 0.9
MIN_CONTAINED_SHARE = 0.4
MAX_DATELINE_PIECES = 8
MAX_DATELINE_CHARS = 80
MIN_LEAD_CHARS = 40
MAX_LEAD_CHARS = 1000
LEAD_OPENING_WORDS = 4
LEAD_LEVELS = 4
MIN_OPENING_CHARS = 12
LEAD_SKIP = ("script", "style", "noscript", "template", "a", "nav", "footer", "aside", "form")
_HEADING_TEXT_XPATH = ".//text()[not(ancestor::rt or ancestor::rp or ancestor::script)]"
_FOLLOWING_XPATH = "following::*[not(self::script or self::style)][position() <= 40]"
EARLIEST_DATE = datetime(1990, 1, 1)
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ", " // ", " • ", " : ")
STRONG_SEPARATORS = (" | ", " :: ", " « ", " » ", " // ", " • ")
GENERIC_HOST_LABELS = ("wordpress", "blogspot", "co", "com", "org", "net", "ac", "gov", "wikidot")
META_TAGS = ("meta", "title", "script", "time", "h1", "link")
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td")
BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")
ARTICLE_TYPES = (
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "scholarlyarticle", "techarticle", "report", "pressrelease",
    "liveblogposting", "socialmediaposting", "webpage", "creativework",
)  # fmt: skip
DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "article:published", "datepublished", "date", "dc.date", "dc.date.issued", "dc.date.created",
    "dcterms.date", "dcterms.issued", "dcterms.created", "pubdate", "publishdate",
    "publish-date", "publish_date", "published_time", "publication_date", "sailthru.date",
    "parsely-pub-date", "citation_publication_date", "citation_date", "originalpublicationdate",
    "og:updated_time", "article:modified_time", "dcterms.modified", "last-modified",
)  # fmt: skip
TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title", "title", "headline")
AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "twitter:creator",
)
DESCRIPTION_META = ("description", "og:description", "twitter:description")
SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_LANG_RE = re.compile(r"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.I)
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:/|[_-]|$)")
_BYLINE_PREFIX_RE = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s*[:\s]\s*", re.I)
_WAYBACK_RE = re.compile(r"https?://web\.archive\.org/web/[^/]+/(https?://.+)$")
_WS_RE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_FILLER_PART_RE = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|blog[ -]?archiv(?:e|es)?)$", re.I
)
_OFFSET_RE = re.compile(r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$", re.I)


@dataclass
class HtmlExtract:
    """What one HTML page yields: main text (blank-line paragraphs) and its metadata."""

    text: str
    title: str | None = None
    published: str | None = None
    byline: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    publisher: str | None = None  # the publisher the page's metadata names (og:site_name, JSON-LD)
    warnings: list[str] = field(default_factory=list)


@dataclass
class PageMeta:
    """Metadata candidates gathered once from a page: meta tags, JSON-LD objects and a few tags."""

    meta: dict[str, str]
    jsonld: list[dict]
    title_tag: str | None
    h1: list[str]
    times: list[str]
    canonical: str | None
    published_times: list[str] = field(default_factory=list)
    datelines: list[str] = field(default_factory=list)


# --- decoding -----------------------------------------------------------------------------------


def declared_charset(data: bytes) -> str | None:
    """The encoding a ``<meta charset>`` or ``http-equiv`` tag declares near the start, if any."""
    match = _CHARSET_RE.search(data[:META_CHARSET_SCAN])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


def decode_html(data: bytes, origin: str) -> tuple[str, list[str]]:
    """Decode HTML bytes: UTF-8 when valid, else the declared meta charset, else detection."""
    charset = declared_charset(data)
    if charset and charset.replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(charset), []
        except UnicodeDecodeError:
            pass
    return decode_bytes(data, origin)


# --- page metadata ------------------------------------------------------------------------------


def parse_tree(html: str) -> HtmlElement | None:
    """Parse HTML once with lxml (trafilatura's loader, which repairs common faults)."""
    try:
        return parse_html(html)
    except (ValueError, TypeError):
        return None


def collect_meta(tree: HtmlElement | None) -> PageMeta:
    """Gather meta tags, JSON-LD, ``<title>``, ``<h1>``, ``<time>``, canonical link and the
    short text pieces just after the first ``<h1>`` (where bylines show the date)."""
    meta: dict[str, str] = {}
    jsonld: list[dict] = []
    title_tag = None
    h1: list[str] = []
    times: list[str] = []
    published_times: list[str] = []
    canonical = None
    first_h1 = None
    for tag in tree.iter(*META_TAGS) if tree is not None else ():
        name = tag.tag
        if name == "meta":
            _add_meta(tag, meta)
        elif name == "script" and "ld+json" in str(tag.get("type", "")).lower():
            jsonld.extend(_jsonld_objects(tag.text_content()))
        elif name == "title" and title_tag is None and not _inside(tag, "svg"):
            title_tag = clean_inline(tag.text_content())
        elif name == "h1":
            text = clean_inline(heading_text(tag))
            if text:
                h1.append(text)
                first_h1 = tag if first_h1 is None else first_h1
        elif name == "time":
            value = tag.get("datetime") or tag.get("content")
            if value:
                times.append(value)
                if _attr_list(tag, "itemprop") == ["datepublished"]:
                    published_times.append(value)
        elif name == "link" and canonical is None and "canonical" in _attr_list(tag, "rel"):
            canonical = (tag.get("href") or "").strip() or None
    return PageMeta(
        meta, jsonld, title_tag, h1, times, canonical, published_times, datelines(first_h1)
    )


def datelines(heading: HtmlElement | None) -> list[str]:
    """The first short text pieces after the headline, in document order: where a visible
    date line (``May 3, 2022``, ``Written: 2023-11-07``) sits; ``<time datetime>`` as given."""
    if heading is None:
        return []
    pieces: list[str] = []
    for node in heading.xpath(_FOLLOWING_XPATH):
        if node.tag == "time" and node.get("datetime"):
            pieces.append(node.get("datetime"))
            continue
        for raw in (node.text, node.tail):
            text = clean_inline(raw or "")
            if len(text) > MAX_DATELINE_CHARS:  # the article's prose has begun
                return pieces
            if text:
                pieces.append(text)
        if len(pieces) >= MAX_DATELINE_PIECES:
            break
    return pieces[:MAX_DATELINE_PIECES]


def heading_text(element: HtmlElement) -> str:
    """An element's text without ruby readings (``<rt>``, ``<rp>``) or scripts."""
    return "".join(element.xpath(_HEADING_TEXT_XPATH))


def _inside(element: HtmlElement, tag: str) -> bool:
    return any(parent.tag == tag for parent in element.iterancestors())


def _attr_list(tag: HtmlElement, attr: str) -> list[str]:
    return [v.lower() for v in (tag.get(attr) or "").split()]


def _add_meta(tag: HtmlElement, meta: dict[str, str]) -> None:
    """Record a meta tag's content under its name/property/itemprop (first occurrence wins)."""
    content = tag.get("content")
    if content is None:
        content = tag.get("datetime")
    if content is None:
        return
    content = clean_inline(content)
    if not content:
        return
    for attr in ("property", "name", "itemprop", "http-equiv"):
        key = tag.get(attr)
        if key and key.strip():
            meta.setdefault(key.strip().lower(), content)


def _jsonld_objects(raw: str | None) -> list[dict]:
    """Parse one JSON-LD script into a flat list of objects (``@graph`` and lists unrolled)."""
    if not raw:
        return []
    try:
        data = json.loads(raw.strip().rstrip(";"), strict=False)
    except (ValueError, RecursionError):
        return []
    out: list[dict] = []
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)
    return out


def _jsonld_types(obj: dict) -> list[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return [str(k).lower() for k in kinds]


def jsonld_articles(meta: PageMeta) -> list[dict]:
    """JSON-LD objects describing the page's article (articles first, then web pages)."""
    articles = [o for o in meta.jsonld if any(t in ARTICLE_TYPES[:-2] for t in _jsonld_types(o))]
    pages = [o for o in meta.jsonld if any(t in ARTICLE_TYPES[-2:] for t in _jsonld_types(o))]
    return articles + pages


def _names(value: object) -> list[str]:
    """Person/organisation names from a JSON-LD value (string, object or list of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


# --- text helpers -------------------------------------------------------------------------------


def clean_inline(text: str) -> str:
    """Collapse whitespace (including newlines and NBSP) to single spaces."""
    return " ".join(_WS_RE.sub(" ", text).split())


def normalise_for_match(text: str) -> str:
    """Lower-case, drop punctuation and symbols, collapse whitespace: for comparing titles."""
    kept = "".join(
        ch if not unicodedata.category(ch).startswith(("P", "S")) else " "
        for ch in unicodedata.normalize("NFKC", text).casefold()
    )
    return " ".join(kept.split())


def _first(*candidates: Callable[[], str | None]) -> str | None:
    """Run heuristics in order, returning the first non-empty result."""
    for candidate in candidates:
        value = candidate()
        if value:
            return value
    return None


# --- title --------------------------------------------------------------------------------------


def strip_site_suffix(
    title: str, site: str | None = None, host: str | None = None, guess: bool = False
) -> str:
    """Drop a ``| Site name`` suffix (or ``Site name |`` prefix) from a page title.

    A first or last part naming the site (its name or host) is dropped; with ``guess`` (for
    ``<title>``) a short last part after ``|``-like separators is taken for the site name too.
    """
    for sep in TITLE_SEPARATORS:
        parts = [p.strip() for p in title.split(sep)]
        if len(parts) < 2 or not all(parts):
            continue
        if is_site_name(parts[-1], site, host):
            return sep.join(parts[:-1])
        if is_site_name(parts[0], site, host):
            return sep.join(parts[1:])
        short_last = len(parts[-1].split()) <= 3 < len(parts[0].split())
        if guess and sep in STRONG_SEPARATORS and short_last:
            return sep.join(parts[:-1])
    return title


def is_site_name(text: str, site: str | None, host: str | None) -> bool:
    """True when ``text`` is the site's name or contains its host name (``example`` of
    ``www.example.com``)."""
    norm = normalise_for_match(text)
    if not norm:
        return False
    if site and norm == normalise_for_match(site):
        return True
    core = _host_core(host)
    short = len(norm.split()) <= MAX_SITE_NAME_WORDS
    return short and len(core) >= 4 and core in norm.replace(" ", "")


def _host_core(host: str | None) -> str:
    """The distinctive label of a host name: ``bbc`` for ``bbc.co.uk``, ``blog`` for
    ``blog.wordpress.com``."""
    if not host:
        return ""
    labels = [x for x in host.lower().split(".") if x]
    if len(labels) >= 2 and labels[-2] in GENERIC_HOST_LABELS and len(labels) >= 3:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def _tokens(text: str) -> set[str]:
    return set(normalise_for_match(text).split())


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of the normalised word sets of two strings; 0.9 when one contains the
    other and is not much shorter (headline inside a title with a kicker, or scripts written
    without spaces)."""
    na, nb = normalise_for_match(a), normalise_for_match(b)
    shorter, longer = sorted((len(na), len(nb)))
    contained = shorter >= max(MIN_CONTAINED_CHARS, MIN_CONTAINED_SHARE * longer)
    if contained and (na in nb or nb in na):
        return 1.0 if na == nb else CONTAINED_SIMILARITY
    ta, tb = set(na.split()), set(nb.split())
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def title_from_jsonld(meta: PageMeta) -> str | None:
    for obj in jsonld_articles(meta):
        for key in ("headline", "name"):
            value = obj.get(key)
            if isinstance(value, str) and clean_inline(value):
                return clean_inline(html_unescape(value))
    return None


def title_from_meta(meta: PageMeta) -> str | None:
    for key in TITLE_META:
        if meta.meta.get(key):
            return meta.meta[key]
    return None


def title_from_matching_h1(
    meta: PageMeta, references: list[str], site: str | None, host: str | None
) -> str | None:
    """The ``<h1>`` that best agrees with the title metadata: the visible headline.

    Headings naming the site are skipped; an ``<h1>`` that merely wraps a metadata title in a
    kicker or subtitle yields that metadata title instead.
    """
    best, best_score = None, MIN_H1_SIMILARITY
    for heading in list(dict.fromkeys(meta.h1))[:MAX_H1]:
        if is_site_name(heading, site, host):
            continue
        score = max((similarity(heading, ref) for ref in references), default=0.0)
        if score > best_score:
            best, best_score = heading, score
    if best is None or best_score == 1.0:
        return best
    norm_best = normalise_for_match(best)
    for ref in references:
        norm_ref = normalise_for_match(ref)
        if norm_ref == norm_best:
            return best
        if len(norm_ref) >= MIN_TITLE_CHARS and norm_ref in norm_best:
            return ref
    return best


def title_from_single_h1(
    meta: PageMeta, site: str | None, host: str | None, metadata_titles: list[str]
) -> str | None:
    """A lone ``<h1>`` that is not the site name or its slogan (``Site, the first ...``), nor
    punctuation, nor (when the page has metadata titles) one word they lack (a section name)."""
    headings = list(dict.fromkeys(meta.h1))
    if len(headings) != 1 or is_site_name(headings[0], site, host):
        return None
    words = normalise_for_match(headings[0]).split()
    if not words or (site and " ".join(words).startswith(normalise_for_match(site) + " ")):
        return None
    if (
        len(words) == 1
        and metadata_titles
        and all(words[0] not in normalise_for_match(t) for t in metadata_titles)
    ):
        return None
    if meta.title_tag and is_title_tag_site_part(headings[0], meta.title_tag):
        return None
    return headings[0]


def is_title_tag_site_part(text: str, title_tag: str) -> bool:
    """True when ``text`` is the first or last part of a separated ``<title>`` whose other
    part is longer: the site name, as in ``Headline | Site``."""
    norm = normalise_for_match(text)
    for sep in TITLE_SEPARATORS:
        parts = [p.strip() for p in title_tag.split(sep)]
        if len(parts) < 2:
            continue
        for end, rest in ((parts[0], parts[1:]), (parts[-1], parts[:-1])):
            if normalise_for_match(end) == norm and len(sep.join(rest)) > len(end):
                return True
    return False


def title_from_title_tag(meta: PageMeta, site: str | None, host: str | None) -> str | None:
    """``<title>`` without filler parts and the site name."""
    if not meta.title_tag:
        return None
    return strip_site_suffix(drop_filler_parts(meta.title_tag), site, host, guess=True)


def choose_title(
    meta: PageMeta, traf_title: str | None, site: str | None, url: str | None
) -> str | None:
    """Pick the headline: the ``<h1>`` agreeing with the metadata, else metadata titles."""
    host = _host(url)
    references = [
        strip_site_suffix(t, site, host)
        for t in (title_from_meta(meta), title_from_jsonld(meta), traf_title)
        if t
    ]
    metadata_titles = list(references)
    if meta.title_tag:
        references.append(title_from_title_tag(meta, site, host) or "")
    title = _first(
        lambda: title_from_matching_h1(meta, references, site, host),
        lambda: title_from_single_h1(meta, site, host, metadata_titles),
        lambda: strip_site_suffix(title_from_meta(meta) or "", site, host),
        lambda: strip_site_suffix(title_from_jsonld(meta) or "", site, host),
        lambda: title_from_title_tag(meta, site, host),
        lambda: traf_title,
    )
    if not title:
        return None
    title = drop_filler_parts(clean_inline(title))
    return complete_truncated(title, title_from_title_tag(meta, site, host))


def drop_filler_parts(title: str) -> str:
    """Drop separated title parts that are only a date (``23.01.2022 - Headline``) or the
    ``Blog Archive`` crumb of WordPress themes."""
    for sep in TITLE_SEPARATORS:
        parts = [p.strip() for p in title.split(sep)]
        kept = [p for p in parts if not _FILLER_PART_RE.match(p)]
        if len(parts) > 1 and kept and len(kept) < len(parts):
            return sep.join(kept)
    return title


def complete_truncated(title: str, title_tag: str | None) -> str:
    """The ``<title>`` when ``title`` is a cut-off start of it (an attribute that ended at an
    unescaped quote), else ``title``."""
    if not title_tag or len(title) < MIN_TITLE_CHARS or not title_tag.startswith(title):
        return title
    rest = title_tag[len(title) :]
    if rest[:1].isspace() and rest.strip()[:1] in ('"', "'", "“", "„", "«"):
        return title_tag
    return title


def _host(url: str | None) -> str | None:
    """Host name without ``www.`` (a stand-in for the site name in titles)."""
    if not url:
        return None
    archived = _WAYBACK_RE.match(url.strip())
    if archived:
        url = archived.group(1)
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.") or None


# --- date ---------------------------------------------------------------------------------------


def iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``) from the start of an ISO-like timestamp, if plausible."""
    if not value:
        return None
    match = _ISO_DATE_RE.search(value.strip()[:32])
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    if not (1990 <= year <= date.today().year + 1 and 1 <= month <= 12):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def date_from_jsonld(meta: PageMeta) -> str | None:
    for obj in jsonld_articles(meta):
        for key in ("datePublished", "dateCreated", "uploadDate"):
            value = obj.get(key)
            if isinstance(value, str) and iso_date(value):
                return iso_date(value)
    return None


def date_from_meta(meta: PageMeta) -> str | None:
    for key in DATE_META:
        found = iso_date(meta.meta.get(key))
        if found:
            return found
    return None


def date_from_time_tag(meta: PageMeta) -> str | None:
    for value in meta.times:
        found = iso_date(value)
        if found:
            return found
    return None


def date_from_url(url: str | None) -> str | None:
    match = _URL_DATE_RE.search(url or "")
    return iso_date("-".join(match.groups())) if match else None


def has_local_offset(value: str) -> bool:
    """True for a timestamp written with a non-UTC offset (``2020-02-19T18:37:32+01:00``): its
    date part is the site's local date."""
    match = _OFFSET_RE.search(value.strip())
    return bool(match) and match.group(1).upper().replace(":", "") not in ("Z", "+0000", "-0000")


def parse_instant(value: str | None) -> datetime | None:
    """An ISO timestamp with an offset as an aware datetime (None without one or if invalid)."""
    if not value:
        return None
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value.strip().replace("Z", "+00:00"))
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def structured_published(meta: PageMeta) -> list[str]:
    """Publication timestamps as the page's metadata writes them: ``article:published_time``,
    then JSON-LD ``datePublished``/``dateCreated``."""
    values = [meta.meta.get("article:published_time")]
    for obj in jsonld_articles(meta):
        values.extend(obj.get(key) for key in ("datePublished", "dateCreated"))
    return [v for v in values if isinstance(v, str) and v.strip()]


def date_from_published_time_tag(meta: PageMeta) -> str | None:
    """A ``<time itemprop=datePublished>`` (or ``pubdate``): the visible publication date."""
    return _first(*(lambda v=v: iso_date(v) for v in meta.published_times))


def date_from_local_timestamp(meta: PageMeta) -> str | None:
    """A structured publication timestamp carrying the site's own offset, taken as written."""
    return _first(
        *(lambda v=v: iso_date(v) for v in structured_published(meta) if has_local_offset(v))
    )


def date_from_dateline(meta: PageMeta) -> str | None:
    """The first date among the short text pieces after the headline (a visible date line)."""
    latest = datetime.combine(date.today().replace(year=date.today().year + 1), datetime.min.time())
    for piece in meta.datelines:
        found = iso_date(piece) if _ISO_DATE_RE.match(piece) else None
        found = found or try_date_expr(piece, "%Y-%m-%d", False, EARLIEST_DATE, latest)
        if found:
            return found
    return None


def date_in_local_form(meta: PageMeta) -> str | None:
    """The date of a UTC publication timestamp as the page writes the same instant elsewhere
    with a local offset (``03:37Z`` shown as ``23:37-04:00`` the day before)."""
    others = [
        parse_instant(v) for v in [*meta.times, *meta.meta.values(), *structured_published(meta)]
    ]
    local = [o for o in others if o is not None and o.utcoffset()]
    for value in structured_published(meta):
        instant = parse_instant(value)
        if instant is None or instant.utcoffset():
            continue
        for other in local:
            if other == instant:
                return other.date().isoformat()
    return None


def choose_date(meta: PageMeta, traf_date: str | None, url: str | None) -> str | None:
    """Publication date in the site's local form: visible ``<time itemprop=datePublished>``,
    structured timestamps with their own offset, a visible date line under the headline, a UTC
    timestamp re-read in local time, then trafilatura's (htmldate), the URL, other metadata."""
    return _first(
        lambda: date_from_published_time_tag(meta),
        lambda: date_from_local_timestamp(meta),
        lambda: date_from_dateline(meta),
        lambda: date_in_local_form(meta),
        lambda: iso_date(traf_date),
        lambda: date_from_url(url),
        lambda: date_from_jsonld(meta),
        lambda: date_from_meta(meta),
        lambda: date_from_time_tag(meta),
    )


# --- author, url, source ------------------------------------------------------------------------


def clean_byline(value: str | None) -> str | None:
    """Drop ``By`` prefixes, URLs and handles; None when nothing name-like remains."""
    if not value:
        return None
    value = _BYLINE_PREFIX_RE.sub("", clean_inline(value))
    if not value or value.startswith(("http://", "https://", "@")) or len(value) > 120:
        return None
    return value


def author_from_jsonld(meta: PageMeta) -> str | None:
    for obj in jsonld_articles(meta):
        names = [n for n in (clean_byline(x) for x in _names(obj.get("author"))) if n]
        if names:
            return "; ".join(dict.fromkeys(names))
    return None


def author_from_meta(meta: PageMeta) -> str | None:
    for key in AUTHOR_META:
        found = clean_byline(meta.meta.get(key))
        if found:
            return found
    return None


def choose_author(meta: PageMeta, traf_author: str | None) -> str | None:
    """Author: trafilatura's byline, else JSON-LD, else author meta tags."""
    return _first(
        lambda: clean_byline(traf_author),
        lambda: author_from_jsonld(meta),
        lambda: author_from_meta(meta),
    )


def choose_url(meta: PageMeta, given: str | None) -> str | None:
    """Canonical URL: ``og:url``, else ``<link rel=canonical>``, else the URL we were given."""
    for candidate in (meta.meta.get("og:url"), meta.canonical, given):
        if candidate and candidate.startswith(("http://", "https://")):
            return candidate
    return given


def choose_publisher(meta: PageMeta) -> str | None:
    """The publisher the page's own metadata names: ``og:site_name`` and friends, else the
    JSON-LD publisher. It is the page's issuer, never its byline."""

    def from_jsonld() -> str | None:
        for obj in jsonld_articles(meta):
            names = _names(obj.get("publisher"))
            if names:
                return clean_inline(names[0])
        return None

    def from_meta() -> str | None:
        for key in SITE_META:
            value = meta.meta.get(key)
            if value and not value.startswith(("http", "@")):
                return value
        return None

    return _first(from_meta, from_jsonld)


def page_language(html: str, meta: PageMeta) -> str | None:
    """Two-letter language code from ``<html lang>`` or locale meta tags."""
    match = _LANG_RE.search(html[: META_CHARSET_SCAN * 4])
    if match:
        return match.group(1).lower()
    for key in ("og:locale", "content-language", "language", "dc.language"):
        value = meta.meta.get(key)
        if value and re.match(r"^[A-Za-z]{2}\b", value):
            return value[:2].lower()
    return None


# --- body ---------------------------------------------------------------------------------------


def body_blocks(body: _Element | None) -> list[Block]:
    """Paragraphs of trafilatura's XML body: one per block, list items and table rows one each,
    with the share of each paragraph's text that is link text."""
    if body is None:
        return []
    blocks: list[Block] = []
    for block in body:
        if block.tag == "list":
            blocks.extend(text_block(item) for item in block.iter("item"))
        elif block.tag == "table":
            for row in block.iter("row"):
                cells = [block_text(c) for c in row.iter("cell")]
                blocks.append(Block(" | ".join(cells), link_share(row)))
        else:
            blocks.append(text_block(block))
    return [b for b in (Block(b.text.strip(), b.link_share) for b in blocks) if b.text]


def text_block(element: _Element) -> Block:
    return Block(block_text(element), link_share(element))


def link_share(element: _Element) -> float:
    """Share of an element's text inside ``<ref>`` (link) elements."""
    total = len("".join(element.itertext()).strip())
    links = sum(
        len("".join(ref.itertext()).strip())
        for ref in element.iter("ref")
        if not any(a.tag == "ref" for a in ref.iterancestors())
    )
    return min(links / total, 1.0) if total else 0.0


def block_text(element: _Element) -> str:
    """Text of one block in reading order; ``<lb/>`` becomes a line break, nested list items and
    cells start a line, other whitespace collapses."""
    pieces: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.tag == "lb" or (
                node is not element and node.tag in ("item", "cell") and pieces
            ):
                pieces.append("\n")
            if node.text and node.tag != "lb":
                pieces.append(node.text)
        elif node is not element and node.tail:
            pieces.append(node.tail)
    lines = (clean_inline(line) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def page_descriptions(meta: PageMeta) -> list[str]:
    """The page's own summary: ``description`` meta tags, then JSON-LD ``description``."""
    found = [meta.meta.get(key) for key in DESCRIPTION_META]
    found += [obj.get("description") for obj in jsonld_articles(meta)]
    cleaned = (clean_inline(html_unescape(d)) for d in found if isinstance(d, str))
    return [d for d in dict.fromkeys(cleaned) if len(d) >= MIN_LEAD_CHARS]


def matches_description(text: str, description: str) -> bool:
    """True when ``text`` is the description, or starts with one cut off by an ellipsis."""
    if text == description:
        return True
    cut = description.removesuffix("...").removesuffix("…").rstrip()
    return cut != description and len(cut) >= MIN_LEAD_CHARS and text.startswith(cut)


def lead_from_description(tree: HtmlElement | None, meta: PageMeta) -> str | None:
    """The visible standfirst: a body element outside the page's chrome whose text is the
    page's description; extractors often drop it as a subtitle."""
    body = tree.find(".//body") if tree is not None else None
    descriptions = page_descriptions(meta)
    if body is None or not descriptions:
        return None
    openings = {" ".join(d.split()[:LEAD_OPENING_WORDS]) for d in descriptions}
    for node in body.xpath(".//text()"):
        if not opens_description(clean_inline(node), openings):
            continue
        element = node.getparent()
        for _ in range(LEAD_LEVELS):
            if element is None or in_page_chrome(element):
                break
            text = clean_inline(element.text_content())
            if len(text) > MAX_LEAD_CHARS:
                break
            if any(matches_description(text, d) for d in descriptions):
                return text
            element = element.getparent()
    return None


def in_page_chrome(element: HtmlElement) -> bool:
    """True inside a script, link, menu, footer, aside or form, or a page header that is
    neither in the article nor the headline's (where a site-wide description is a tagline)."""
    chain = [element, *element.iterancestors()]
    if any(node.tag in LEAD_SKIP for node in chain):
        return True
    header = next((node for node in chain if node.tag == "header"), None)
    if header is None or header.find(".//h1") is not None:
        return False
    return not any(node.tag in ("article", "main") for node in header.iterancestors())


def opens_description(text: str, openings: set[str]) -> bool:
    """True when a text node holds a description's first words (or is a long start of them)."""
    return any(
        o in text or (len(text) >= MIN_OPENING_CHARS and o.startswith(text)) for o in openings
    )


def with_lead(text: str, lead: str | None) -> str:
    """``text`` with the standfirst put first, unless it is already in it."""
    if not lead or clean_inline(lead) in clean_inline(text):
        return text
    return f"{lead}\n\n{text}" if text else lead


def body_from_soup(html: str) -> str:
    """Fallback body: block-level text outside navigation, kept when long enough to be prose."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(BOILERPLATE_TAGS):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Doctype))):
        node.extract()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    paragraphs = []
    for block in root.find_all(BLOCK_TAGS):
        if block.find(BLOCK_TAGS):
            continue
        text = clean_inline(block.get_text(" "))
        if len(text) >= MIN_FALLBACK_PARAGRAPH or block.name.startswith("h"):
            paragraphs.append(text)
    if not paragraphs:
        text = clean_inline(root.get_text(" "))
        paragraphs = [text] if len(text) >= MIN_FALLBACK_PARAGRAPH else []
    return "\n\n".join(dict.fromkeys(paragraphs))


def run_trafilatura(
    tree: HtmlElement | None, url: str | None
) -> trafilatura.settings.Document | None:
    """trafilatura's main-text and metadata extraction on our parsed tree (it works on a copy);
    None when it finds nothing or fails."""
    if tree is None:
        return None
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_links=True,
        )
    except (ValueError, TypeError, AttributeError, RecursionError):
        return None


# --- entry points -------------------------------------------------------------------------------


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Extract main text and metadata from an HTML page; never raises for malformed markup."""
    tree = parse_tree(html)
    doc = run_trafilatura(tree, url)
    meta = collect_meta(tree)
    blocks = prune_boilerplate(body_blocks(doc.body if doc is not None else None))
    text = "\n\n".join(block.text for block in blocks) or body_from_soup(html)
    text = with_lead(text, lead_from_description(tree, meta))
    publisher = choose_publisher(meta)
    site = publisher or getattr(doc, "sitename", None)  # the site name: else trafilatura's guess
    return HtmlExtract(
        text=text,
        title=choose_title(meta, getattr(doc, "title", None), site, url),
        published=choose_date(meta, getattr(doc, "date", None), url),
        byline=choose_author(meta, getattr(doc, "author", None)),
        url=choose_url(meta, url),
        source=site,
        language=page_language(html, meta),
        publisher=publisher,
    )


def load_html(data: bytes, origin: str, options: LoadOptions) -> Iterator[SourceDoc | Skip]:
    """Loader for ``.html`` files: one ``SourceDoc`` with the page's main text and metadata."""
    if looks_binary(data):
        yield Skip(origin, "binary data, not HTML")
        return
    html, warnings = decode_html(data, origin)
    yield from html_to_docs(html, origin, options, url=None, fallback_date=date_in_name(origin),
                            warnings=warnings)


def html_to_docs(
    html: str,
    origin: str,
    options: LoadOptions,
    url: str | None = None,
    fallback_date: str | None = None,
    warnings: list[str] | None = None,
) -> Iterator[SourceDoc | Skip]:
    """Turn decoded HTML into a ``SourceDoc`` (or a ``Skip`` when no text is found)."""
    extracted = extract_html(html, url)
    if not any(ch.isalnum() for ch in extracted.text):  # empty, or only U+FFFD and punctuation
        yield Skip(origin, "no text extracted from HTML")
        return
    yield SourceDoc(
        origin=origin,
        body=extracted.text,
        title=extracted.title,
        published=extracted.published,
        url=url or extracted.url,
        source=options.source or extracted.source,
        byline=extracted.byline,
        issuer=extracted.publisher,
        issuer_kind=publisher_kind(extracted.publisher) if extracted.publisher else None,
        fallback_date=fallback_date,
        warnings=list(warnings or []),
        layout="blocks",
    )
