"""Records that flow through the pipeline: source documents, articles, passages, quotes, speakers.

Plain dataclasses, no behaviour beyond small conveniences, so every stage can be a pure function
from one record type to the next.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SourceDoc:
    """One document as a loader found it, before normalisation.

    ``body`` is plain text, paragraphs separated by blank lines (HTML loaders extract it first).
    Metadata a loader already knows (a JSONL field, a file name, a WARC header) goes in the
    optional fields and wins over anything guessed from the body, except ``fallback_date`` which
    is used only when nothing better is found.
    """

    origin: str
    body: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    byline: str | None = None
    fallback_date: str | None = None
    key: str | None = None  # a stable record id the input gives (JSONL/CSV ``id``)
    # who issued the document (a senator, a prosecutor's office), as the source metadata says;
    # never the byline's author
    issuer: str | None = None
    issuer_kind: str | None = None  # "person" | "org"
    # how ``body``'s line breaks read: "text" (plain text: its line structure is classified,
    # indexer/linestructure.py) or "blocks" (extracted HTML: blank-line blocks are paragraphs)
    layout: str = "text"
    warnings: list[str] = field(default_factory=list)


@dataclass
class Skip:
    """An input that produced no document, with a one-line reason for the user."""

    origin: str
    reason: str


@dataclass
class Article:
    """A normalised article: clean text split into paragraphs, with its metadata."""

    id: str
    origin: str
    title: str
    text: str
    paragraphs: list[str]
    published: str | None = None
    published_precision: str | None = None  # "day", "month", "year" or None
    source: str | None = None
    url: str | None = None
    byline: str | None = None
    dateline: str | None = None
    language: str | None = None
    content_hash: str = ""
    # who issued it (person or organisation) and their registry id once stored; ``issuer_cue``
    # is the evidence: "metadata" or the text's cue line ('Statement of Senator X')
    issuer: str | None = None
    issuer_kind: str | None = None
    issuer_id: int | None = None
    issuer_cue: str | None = None
    # the loader's body before normalisation and its metadata (``raw_meta``: SourceDoc fields),
    # stored so that a later normaliser can read the article again (reindex --renormalise)
    raw: str | None = field(default=None, repr=False)
    raw_meta: dict[str, Any] | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Passage:
    """A span of an article's text, the unit of search."""

    id: str
    article_id: str
    ordinal: int
    start: int
    end: int
    text: str


@dataclass
class Quote:
    """A direct, partial, transcript or statement quote with its attribution (a statement is
    the body of a statement its issuer put out; ``cue`` then holds the line saying so).

    Offsets index the exact text the quote was extracted from. ``speaker`` is the resolved
    full name (or organisation); ``mention`` is how the text names the speaker at the cue.
    """

    start: int
    end: int
    text: str
    kind: str  # "direct" | "partial" | "transcript" | "statement"
    cue: str | None = None
    mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    speaker: str | None = None
    speaker_role: str | None = None
    speaker_org: str | None = None
    speaker_kind: str | None = None  # "person" | "org"
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Speaker:
    """A canonical speaker in the cross-article registry."""

    id: int
    name: str
    kind: str = "person"  # "person" | "org"
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
