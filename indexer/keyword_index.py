"""The Whoosh keyword index: one document per passage, derived from the store and rebuildable.

BM25F over text and a boosted title, the query syntax users know (phrases, AND/OR/NOT,
``field:value``, date ranges, wildcards, fuzzy ``term~``), filters applied inside Whoosh.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index, scoring
from whoosh import query as wq
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.qparser import (
    FieldAliasPlugin,
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
    OrGroup,
)
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.support.charset import accent_map

from indexer.dates import date_bounds
from indexer.engine import committing
from indexer.keyword_scoring import PostingsScorer, scorable
from indexer.notices import name_words
from indexer.querymodel import (
    CONTENT_FIELDS,
    Filters,
    QueryError,
    QueryModel,
    drop_punctuation,
    normalise_quotes,
    split_query,
)
from indexer.snippets import snippet
from indexer.workers import guard_forked_workers

INDEX_NAME = "passages"
TITLE_BOOST = 1.5
MASKS_KEPT = 16  # filter masks kept per searcher
QUERY_FIELDS = ("text", "title", "source", "speaker", "published", "has_quote", "article_id",
                "issuer", "kind")
FIELD_ALIASES = {"published": ["date"], "speaker": ["speakers", "by"], "has_quote": ["quote"],
                 "issuer": ["issued_by"]}
KINDS = ("direct", "partial", "transcript", "statement")  # attribution kinds of quotes


def text_analyzer():
    """Stemming, stop words, lower case and accent folding, for text and titles."""
    return StemmingAnalyzer() | FoldAccents(accent_map)


class FoldAccents(CharsetFilter):
    """Whoosh's CharsetFilter, skipping the translation for ASCII tokens (nearly all of them)."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        charmap = self.charmap
        for t in tokens:
            if not t.text.isascii():
                t.text = t.text.translate(charmap)
            yield t


def name_analyzer():
    """Words, lower-cased and accent-folded, no stemming: for sources and speaker names."""
    return RegexTokenizer() | LowercaseFilter() | FoldAccents(accent_map)


class RepeatedText(TEXT):
    """A TEXT field that analyses a value once while consecutive documents repeat it: every
    passage of an article carries the article's title and source."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        last = self.__dict__.get("_last")
        if last is None or last[0] != value or last[1] != kwargs:
            last = (value, kwargs, list(TEXT.index(self, value, **kwargs)))
            self._last = last
        return iter(last[2])

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_last", None)  # the schema is pickled into the index: not the cache
        return state


def day_field() -> DATETIME:
    """A DATETIME for day-precision dates indexed as one term per document (no numeric tiers):
    ranges over a few thousand distinct days are cheap to enumerate, indexing 8 tiers is not."""
    field = DATETIME()
    field.shift_step = 0
    return field


def make_schema() -> Schema:
    return Schema(
        passage_id=ID(stored=True, unique=True),
        article_id=ID(stored=True),
        text=TEXT(analyzer=text_analyzer(), phrase=True),
        title=RepeatedText(analyzer=text_analyzer(), field_boost=TITLE_BOOST),
        source=RepeatedText(analyzer=name_analyzer()),
        source_key=ID(),
        published=day_field(),
        speaker=TEXT(analyzer=name_analyzer()),
        speaker_id=KEYWORD(commas=True),
        has_quote=BOOLEAN(),
        issuer=RepeatedText(analyzer=name_analyzer()),
        issuer_id=ID(),
        kind=KEYWORD(commas=True, lowercase=True),
    )


def source_key(source: str | None) -> str:
    return (source or "").strip().lower()


def passage_document(
    passage_id: str,
    article_id: str,
    text: str,
    title: str,
    source: str | None,
    published: str | None,
    speakers: Iterable[tuple[int, str]] = (),
    has_quote: bool = False,
    issuer: tuple[int | None, str] | None = None,
    kinds: Iterable[str] = (),
) -> dict[str, Any]:
    """The Whoosh document for one passage (speakers as (registry id, name) pairs; the
    article's issuer as (registry id, names); the attribution kinds of its quotes)."""
    speakers = list(speakers)
    doc: dict[str, Any] = {
        "passage_id": passage_id,
        "article_id": article_id,
        "text": text,
        "title": title or "",
        "source": source or "",
        "source_key": source_key(source),
        "has_quote": has_quote,
    }
    if published:
        doc["published"] = datetime.combine(date_bounds(published), time())
    if speakers:
        doc["speaker"] = " ; ".join(name for _, name in speakers)
        doc["speaker_id"] = ",".join(str(sid) for sid, _ in speakers)
    if issuer is not None:
        doc["issuer"] = issuer[1]
        if issuer[0] is not None:
            doc["issuer_id"] = str(issuer[0])
    kinds = list(kinds)
    if kinds:
        doc["kind"] = ",".join(kinds)
    return doc


class KeywordIndex:
    """A Whoosh index under ``<data>/whoosh``."""

    ENGINE = "whoosh"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.schema = make_schema()
        self._ix = None
        self._searcher = None
        self._pid_searcher = None
        self._pid_by_doc: dict[int, str] = {}
        self._tables: SearcherTables | None = None

    @classmethod
    def open(cls, data_dir: Path, create: bool = True) -> KeywordIndex:
        ki = cls(Path(data_dir) / "whoosh")
        if index.exists_in(str(ki.directory), indexname=INDEX_NAME):
            ki._ix = index.open_dir(str(ki.directory), indexname=INDEX_NAME)
        elif create:
            ki.directory.mkdir(parents=True, exist_ok=True)
            ki._ix = index.create_in(str(ki.directory), ki.schema, indexname=INDEX_NAME)
        return ki

    @property
    def exists(self) -> bool:
        return self._ix is not None

    def _add_missing_fields(self) -> None:
        """Give an index made before a field existed (``issuer``, ``kind``) that field, so new
        documents can carry it; older documents match it once re-indexed."""
        missing = [n for n in self.schema.names() if n not in self._ix.schema.names()]
        if not missing:
            return
        w = self._ix.writer()
        try:
            for name in missing:
                w.add_field(name, self.schema[name])
        except BaseException:
            w.cancel()
            raise
        w.commit()
        self._ix = index.open_dir(str(self.directory), indexname=INDEX_NAME)

    def recreate(self) -> None:
        """Drop and recreate the index (for ``reindex``)."""
        self.close()
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        self._ix = index.create_in(str(self.directory), self.schema, indexname=INDEX_NAME)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def writer(self, limitmb: int = 256) -> Any:
        """A writer committed on success and cancelled on error (a context manager)."""
        assert self._ix is not None
        self._add_missing_fields()
        return committing(self._ix.writer(limitmb=limitmb))

    def begin(self, procs: int = 1, limitmb: int = 256) -> Any:
        """A writer the caller commits or cancels (kept open across batches by ingest); with
        ``procs`` > 1, Whoosh's multi-process writer analyses and writes in that many forked
        processes, each committing its own segment."""
        assert self._ix is not None
        self._add_missing_fields()
        if procs > 1:
            guard_forked_workers()
            return self._ix.writer(procs=procs, multisegment=True, limitmb=limitmb)
        return self._ix.writer(limitmb=limitmb)

    @staticmethod
    def delete_articles(writer: Any, article_ids: Iterable[str]) -> None:
        for aid in article_ids:
            writer.delete_by_term("article_id", aid)

    def doc_count(self) -> int:
        return self._ix.doc_count() if self._ix is not None else 0

    def segment_count(self) -> int:
        """How many segments the index is split into (each query term is looked up in each)."""
        return len(self._ix._segments()) if self._ix is not None else 0

    def optimize(self) -> int:
        """Merge every segment into one, dropping deleted passages; returns the segments before.

        A bulk import leaves many segments, and every query term costs one lookup and one
        postings read per segment, so merging makes large indexes faster to search. Raises
        QueryError when another process (an ingest) is writing the index.
        """
        if self._ix is None:
            raise QueryError("the keyword index is empty: ingest something first")
        before = self.segment_count()
        try:
            writer = self._ix.writer(limitmb=256)
        except index.LockError as exc:
            raise QueryError("the keyword index is being written by another process "
                             "(an ingest?): try again when it has finished") from exc
        try:
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            raise
        self._ix = index.open_dir(str(self.directory), indexname=INDEX_NAME)
        return before

    def searcher(self) -> Any:
        """A shared searcher, refreshed when the index changed since it was opened."""
        if self._ix is None:
            raise QueryError("the keyword index is empty: ingest something first")
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=scoring.BM25F())
        elif not self._searcher.up_to_date():
            # A fresh searcher, not refresh(): whoosh-reloaded 2.7.5's refresh() keeps the old
            # segment readers' deletion lists, so deleted passages would still be found.
            self._searcher.close()
            self._searcher = self._ix.searcher(weighting=scoring.BM25F())
        return self._searcher

    # --- queries -----------------------------------------------------------------------

    def parse(self, text: str) -> wq.Query:
        """Parse user query syntax, raising ``QueryError`` for the mistakes users make."""
        return parse_query(text, self.schema)

    def tables(self) -> SearcherTables:
        """The current searcher's per-docnum tables (each passage's id and article)."""
        return self._searcher_tables(self.searcher())

    SCORES_WITHIN = True  # ``match`` can score only some docnums (``within``)

    def match(self, q: wq.Query, filters: Filters, tables: SearcherTables | None = None,
              within: np.ndarray | None = None
              ) -> tuple[SearcherTables, np.ndarray, np.ndarray]:
        """Every passage matching ``q`` under ``filters``: (tables, docnums, scores), unranked.

        Word and phrase queries are scored with numpy; others (wildcards, fuzzy terms, field
        and date queries) by Whoosh's matchers, every match scored. ``tables`` pins the searcher
        of an earlier run of the same search, so docnums stay comparable when another process
        commits in between (the next search refreshes). ``within`` (docnums of ``tables``):
        only those passages are matched, and only theirs are scored where numpy scores.
        """
        s = tables.searcher if tables is not None else self.searcher()
        t = tables if tables is not None else self._searcher_tables(s)
        filt = filter_query(filters, s.reader())
        q, filt = scopes_as_filter(q, filt)
        if scorable(q):
            scorer = t.scorer if within is None else t.scorer_within(within)
            docs, scores = scorer.score(q, t.allowed(filt))
            return t, docs, scores
        pairs = s.search(q, limit=None, filter=filt).top_n
        docs = np.fromiter((d for _, d in pairs), dtype=np.int64, count=len(pairs))
        scores = np.fromiter((sc for sc, _ in pairs), dtype=np.float64, count=len(pairs))
        if within is not None:
            keep = np.isin(docs, within)
            docs, scores = docs[keep], scores[keep]
        return t, docs, scores

    def candidates(self, t: SearcherTables, filters: Filters, q: wq.Query) -> np.ndarray:
        """The boolean docnum mask of live passages the filters and the query's filter parts
        allow and its NOT parts do not exclude (the passages other modes may rank)."""
        mask = t.scorer.live.copy()
        allowed = t.allowed(filter_query(filters, t.searcher.reader()))
        if allowed is not None:
            mask &= allowed
        for scope in scope_queries(q):
            mask &= t.allowed(scope)
        for negated in negated_queries(q):
            mask[t.scorer.docs(negated)] = False
        return mask

    def allowed(self, t: SearcherTables, filters: Filters) -> np.ndarray | None:
        """The boolean docnum mask of the passages ``filters`` allow (None: every passage)."""
        return t.allowed(filter_query(filters, t.searcher.reader()))

    def passage_ids_matching(self, filters: Filters) -> set[str]:
        """Every passage id the filters allow (for filtering other modes before ranking)."""
        s = self.searcher()
        pids = self._passage_ids_by_doc(s)
        filt = filter_query(filters, s.reader())
        if filt is None:
            return set(pids.values())
        return {pids[d] for d in filt.docs(s) if d in pids}

    def _passage_ids_by_doc(self, s: Any) -> dict[int, str]:
        if self._pid_searcher is not s:  # docnums change when the searcher is refreshed
            self._pid_by_doc = {d: f["passage_id"] for d, f in s.reader().iter_docs()}
            self._pid_searcher = s
        return self._pid_by_doc

    def _searcher_tables(self, s: Any) -> SearcherTables:
        if self._tables is None or self._tables.searcher is not s:
            self._tables = SearcherTables.build(s, self._passage_ids_by_doc(s))
        return self._tables

    def key_terms(self, texts: Iterable[str], count: int) -> list[tuple[str, int]]:
        """The ``count`` terms of ``texts`` most informative against the whole index (Bo1, the
        divergence-from-randomness model used for query expansion), each with the number of
        passages containing it."""
        text = " ".join(texts)
        if not text.strip() or self._ix is None:
            return []
        # The open searcher as it is: feedback asks for key terms in the middle of a search, and
        # refreshing here would close the reader that search is still scoring with when another
        # process has committed since (the next search refreshes).
        s = self._searcher if self._searcher is not None else self.searcher()
        return self._searcher_tables(s).scorer.key_terms("text", text, count)

    def query_terms(self, q: wq.Query) -> set[str]:
        return query_terms(q)

    def word_counts(self, words: Iterable[str]) -> dict[str, int | None]:
        """Per plain word, how many passages hold it in their text or title as the index reads
        it (a word of several terms: its rarest); None for a word the index leaves out, a stop
        word. For the notices of a query whose words match nothing."""
        if self._ix is None:
            return {}
        s = self._searcher if self._searcher is not None else self.searcher()
        reader = s.reader()
        analyzer = self.schema["text"].analyzer
        counts: dict[str, int | None] = {}
        for word in words:
            terms = [t.text for t in analyzer(word)]
            counts[word] = min((reader.doc_frequency("text", t) + reader.doc_frequency("title", t)
                                for t in terms), default=None)
        return counts

    def passage_ids(self) -> list[str]:
        """Passage ids of the live documents (a repeated id appears repeatedly)."""
        if self._ix is None:
            return []
        return [fields["passage_id"] for _, fields in self.searcher().reader().iter_docs()]

    def drop(self) -> None:
        """Delete the index (``reindex --engine`` moving to another engine)."""
        self.close()
        self._ix = None
        shutil.rmtree(self.directory, ignore_errors=True)


def query_terms(q: wq.Query) -> set[str]:
    """The indexed text terms of a query, for highlighting passages outside Whoosh."""
    return {t.decode() if isinstance(t, bytes) else t for f, t in q.iter_all_terms()
            if f in ("text", "title")}


@dataclass
class SearcherTables:
    """Per-searcher arrays for numpy scoring: passage and article of each docnum, the postings
    scorer and recent filter masks. Docnums change when the searcher does, so these do too."""

    searcher: Any
    scorer: PostingsScorer
    passage_ids: list[str]
    article_ids: list[str]
    article_code: np.ndarray
    masks: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict)
    _view: tuple[np.ndarray, PostingsScorer] | None = None  # the last ``scorer_within``

    @classmethod
    def build(cls, s: Any, pid_by_doc: dict[int, str]) -> SearcherTables:
        count = s.doc_count_all()
        passage_ids = [""] * count
        codes: dict[str, int] = {}
        article_code = np.zeros(count, dtype=np.int64)
        for doc, pid in pid_by_doc.items():
            passage_ids[doc] = pid
            article_code[doc] = codes.setdefault(pid.rsplit(":", 1)[0], len(codes))
        return cls(s, PostingsScorer.for_searcher(s), passage_ids, list(codes), article_code)

    @property
    def live(self) -> np.ndarray:
        """The boolean docnum mask of live (not deleted) documents."""
        return self.scorer.live

    def scorer_within(self, docs: np.ndarray) -> PostingsScorer:
        """The scorer's view of ``docs`` alone, the last one kept (every watch of a batch asks
        about the same new passages)."""
        if self._view is None or self._view[0] is not docs:
            self._view = (docs, self.scorer.within(docs))
        return self._view[1]

    def allowed(self, filt: wq.Query | None) -> np.ndarray | None:
        """The boolean docnum mask of a filter query (the last few are kept)."""
        if filt is None:
            return None
        key = repr(filt)
        if key not in self.masks:
            mask = np.zeros(len(self.passage_ids), dtype=bool)
            mask[self.scorer.docs(filt)] = True
            self.masks[key] = mask
            if len(self.masks) > MASKS_KEPT:
                self.masks.popitem(last=False)
        self.masks.move_to_end(key)
        return self.masks[key]


def filter_query(filters: Filters, reader: Any = None) -> wq.Query | None:
    """The Whoosh query that keeps only documents passing ``filters`` (``reader``: the index's
    reader, which tells whether a source filter names a source exactly; see ``source_query``)."""
    parts: list[wq.Query] = []
    if filters.source:
        parts.append(source_query(filters.source, reader))
    if filters.since or filters.until:
        start = datetime.combine(date_bounds(filters.since), time()) if filters.since else None
        end = datetime.combine(date_bounds(filters.until, end=True), time.max) if filters.until else None
        parts.append(wq.DateRange("published", start, end))
    if filters.speaker_ids is not None:
        if not filters.speaker_ids:
            return wq.NullQuery
        parts.append(wq.Or([wq.Term("speaker_id", str(s)) for s in filters.speaker_ids]))
    if filters.quotes_only:
        parts.append(wq.Term("has_quote", True))
    if filters.issuer:
        parts.append(issuer_query(filters.issuer, reader))
    if filters.kind:
        parts.append(wq.Term("kind", filters.kind.strip().lower()))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def issuer_query(issuer: str, reader: Any = None) -> wq.Query:
    """Passages of articles issued by a registry id or by a name: every word of the name part
    of a word of the issuer's names (registry name and aliases), titles and case aside."""
    value = issuer.strip()
    if value.isdigit():
        return wq.Term("issuer_id", value)
    return name_query("issuer", value, reader)


def source_query(source: str, reader: Any = None) -> wq.Query:
    """Passages of a source: when ``reader`` holds a source that is exactly ``source`` (case and
    outer spaces aside) that one only, so a facet's link finds the articles it counted; else
    every source with each word as part of one of its words (``name_query``)."""
    key = source_key(source)
    if reader is not None and key and reader.doc_frequency("source_key", key):
        return wq.Term("source_key", key)
    return name_query("source", source, reader)


def name_query(fieldname: str, value: str, reader: Any = None) -> wq.Query:
    """Passages whose name field (``source``, ``issuer``) has each word of ``value`` as part of
    one of its words, case and accents aside: "Reid" finds "Senator Reid", "kansas star" finds
    "Kansas City Star" (``indexer.notices.name_matches`` is the same rule over stored values).
    Nothing when ``reader``'s index predates the field (an index made before ``issuer``)."""
    words = name_words(value)
    if not words or reader is not None and fieldname not in reader.schema:
        return wq.NullQuery
    parts = [wq.Wildcard(fieldname, f"*{w}*") for w in words]
    return parts[0] if len(parts) == 1 else wq.And(parts)


_FIELD_REF = re.compile(r"(?<![\w\"])([A-Za-z_]+):(?=\S)")


def parse_query(text: str, schema: Schema) -> wq.Query:
    """Parse a user query; unbalanced quotes, unknown fields and bad dates raise QueryError.

    The query is split by ``indexer.querymodel`` into constraints, filter parts, exclusions and
    ranking words, compiled as ``(constraints AND filter parts AND NOT exclusions) ANDMAYBE
    words``: every passage matching the query satisfies its constraints, and the words add to
    its score. Without constraints it is ``words AND filter parts AND NOT exclusions``: filter
    parts bound the set as filters do, and the words still choose what matches.
    """
    if not text or not text.strip():
        raise QueryError("empty query")
    if len(text) > 1000:
        raise QueryError("query too long (over 1000 characters)")
    text = normalise_quotes(text)
    if text.count('"') % 2:
        raise QueryError('unbalanced quote (") in query')
    if text.count("(") != text.count(")"):
        raise QueryError("unbalanced parentheses in query")
    known = set(QUERY_FIELDS) | {a for names in FIELD_ALIASES.values() for a in names}
    outside_quotes = re.sub(r'"[^"]*"', " ", text)
    for m in _FIELD_REF.finditer(outside_quotes):
        if m.group(1).lower() not in known and not m.group(1).lower().startswith("http"):
            raise QueryError(
                f"unknown field '{m.group(1)}' (use one of: text, title, source, speaker, "
                "issuer, kind, published/date, has_quote)"
            )
    if not drop_punctuation(text).strip(' "()'):
        raise QueryError("query has no words (a wildcard needs letters: stand*, wom?n)")
    return compile_model(split_query(compact_dates(text)), schema)


# A date field's value: a range, a comparison or one value
_DATE_VALUE = re.compile(r"\b((?:date|published):)(\[[^\]]*\]|\{[^}]*\}|[<>]=?[^\s()]+|[^\s()]+)")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b")


_COMPARED = re.compile(r"^([<>]=?)(\d{4}|\d{6}|\d{8})$")


def compact_dates(text: str) -> str:
    """ISO dates in date fields written as Whoosh's date parser reads them: it takes
    '2021-06-30' for the year 2021 (so 'date:[2021-01-01 to 2021-06-30]' was the whole year)
    and '2021-06' for no date; '20210630' and '202106' are the day and the month. A comparison
    with a year, month or day is written as the range it means (``compared_range``)."""
    def compact(m: re.Match[str]) -> str:
        value = _ISO_MONTH.sub(r"\1\2", _ISO_DAY.sub(r"\1\2\3", m.group(2)))
        return m.group(1) + compared_range(value)
    return _DATE_VALUE.sub(compact, text)


def compared_range(value: str) -> str:
    """'>2025' as '[2026 to]', '<2016' as '[to 2015]', '>=' and '<=' taking the period itself:
    Whoosh's parser reads '>2025' from the first day of 2025 and '<2016' to the last day of
    2016, so both held the period they compare with. Other values are returned as they are."""
    m = _COMPARED.match(value)
    if not m:
        return value
    op, when = m.groups()
    if op.endswith("="):
        return f"[{when} to]" if op == ">=" else f"[to {when}]"
    step = 1 if op == ">" else -1
    try:
        if len(when) == 4:
            moved = f"{int(when) + step:04d}"
        elif len(when) == 6:
            months = int(when[:4]) * 12 + int(when[4:]) - 1 + step
            moved = f"{months // 12:04d}{months % 12 + 1:02d}"
        else:
            moved = (datetime.strptime(when, "%Y%m%d") + timedelta(days=step)).strftime("%Y%m%d")
    except ValueError:  # '20211345': the parser says it is no date
        return value
    return f"[{moved} to]" if op == ">" else f"[to {moved}]"


def compile_model(model: QueryModel, schema: Schema) -> wq.Query:
    """The Whoosh query for a split query (see ``parse_query``); one parser for its parts."""
    errors: list[str] = []
    parser = MultifieldParser(["title", "text"], schema, group=OrGroup.factory(0.9))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(DateParserPlugin(callback=errors.append, free=False))

    def parse(part: str) -> wq.Query:
        return _parse_part(drop_punctuation(part), parser, errors)

    words = parse(" ".join(model.terms)) if model.terms else None
    if isinstance(words, wq.qcore._NullQuery):  # common words only, which the index leaves out
        words = None
    nots = [wq.Not(parse(part)) for part in model.exclusions]
    scopes = [parse(part) for part in model.filter_parts]
    required = [parse(part) for part in model.constraints]
    if not required:
        parts = [*([words] if words is not None else []), *scopes, *nots]
        if not parts:
            return wq.NullQuery
        return parts[0] if len(parts) == 1 and not nots else wq.And(parts)
    must = [*required, *scopes, *nots]
    must_q = must[0] if len(must) == 1 else wq.And(must)
    return wq.AndMaybe(must_q, words) if words is not None else must_q


def _parse_part(text: str, parser: MultifieldParser, errors: list[str]) -> wq.Query:
    """One part of a query through Whoosh's parser (title and text, OR grouping with the
    coordination bonus, fuzzy terms, ranges, field aliases, dates); ``errors`` collects the
    date plugin's complaints."""
    try:
        q = parser.parse(text)
    except Exception as exc:  # whoosh raises assorted errors for odd syntax
        if errors:  # the date plugin said what it could not read before failing
            raise QueryError(f"bad date in query: {errors[0]}") from exc
        raise QueryError("the query has syntax that could not be read: use words, \"phrases\", "
                         "AND, OR, NOT, parentheses and field:value") from exc
    if errors:
        raise QueryError(f"bad date in query: {errors[0]}")
    q = _negations_exclude(q)
    for node in q.leaves() if hasattr(q, "leaves") else [q]:
        if isinstance(node, wq.qcore._NullQuery) and "published" in text:
            raise QueryError("bad date in query")
    return q.accept(_cap_fuzzy)


MAX_FUZZY_EDITS = 2


def _cap_fuzzy(node: wq.Query) -> wq.Query:
    """``term~9`` would walk most of the lexicon: fuzzy terms allow at most two edits."""
    if isinstance(node, wq.FuzzyTerm) and node.maxdist > MAX_FUZZY_EDITS:
        node.maxdist = MAX_FUZZY_EDITS
    return node


def scope_queries(q: wq.Query) -> list[wq.Query]:
    """The parts of a compiled query that every match satisfies and that name only metadata
    fields (its filter parts, ``source:AP``): they bound what other modes may rank, as filters
    do."""
    if isinstance(q, wq.AndMaybe):  # constraints ANDMAYBE words: the parts are the constraints'
        return scope_queries(q.a)
    parts = q.subqueries if isinstance(q, wq.And) else [q]
    return [p for p in parts if not isinstance(p, wq.Not) and _metadata_only(p)]


def split_scopes(q: wq.Query) -> tuple[wq.Query, wq.Query | None]:
    """(the query less its filter parts, those parts as one filter query or None): the parts
    bound the match as a filter does and add nothing to its scores. A query of filter parts
    only comes back whole."""
    if isinstance(q, wq.AndMaybe):
        rest, scope = split_scopes(q.a)
        return (wq.AndMaybe(rest, q.b), scope) if scope is not None else (q, None)
    scopes = scope_queries(q)
    if not scopes or not isinstance(q, wq.And):
        return q, None
    rest = [c for c in q.subqueries if all(c is not scope for scope in scopes)]
    if not rest:
        return q, None
    return (rest[0] if len(rest) == 1 else wq.And(rest),
            scopes[0] if len(scopes) == 1 else wq.And(scopes))


def scopes_as_filter(q: wq.Query, filt: wq.Query | None
                     ) -> tuple[wq.Query, wq.Query | None]:
    """(the query less its filter parts, ``filt`` narrowed by them): a query's ``source:AP``
    bounds the match as the option does and adds nothing to its scores (``split_scopes``)."""
    q, scope = split_scopes(q)
    if scope is None:
        return q, filt
    return q, scope if filt is None else wq.And([filt, scope])


def _metadata_only(q: wq.Query) -> bool:
    fields = {getattr(leaf, "fieldname", None)
              for leaf in ([q] if q.is_leaf() else q.leaves())}
    return bool(fields) and None not in fields and not fields & set(CONTENT_FIELDS)


def negated_queries(q: wq.Query) -> list[wq.Query]:
    """The parts of a query that its NOT / AndNot operators exclude."""
    if isinstance(q, wq.Not):
        return [q.query]
    if isinstance(q, wq.AndNot):
        return [q.b, *negated_queries(q.a)]
    return [n for c in q.children() for n in negated_queries(c)]


def _negations_exclude(q: wq.Query) -> wq.Query:
    """With OR as the default grouping, ``a NOT b`` parses as ``a OR (NOT b)``; users mean
    ``a AND NOT b``. Rewrite every Or that has Not children so the negations exclude."""
    if not isinstance(q, wq.compound.CompoundQuery):
        return q
    children = [_negations_exclude(c) for c in q.subqueries]
    nots = [c for c in children if isinstance(c, wq.Not)]
    rest = [c for c in children if not isinstance(c, wq.Not)]
    rebuilt = copy.copy(q)
    rebuilt.subqueries = rest if isinstance(q, wq.Or) and nots else children
    if not (isinstance(q, wq.Or) and nots):
        return rebuilt
    if not rest:
        return wq.And(nots)
    return wq.And([rest[0] if len(rest) == 1 else rebuilt, *nots])


@cache
def highlight_analyzer():  # noqa: ANN201 - a Whoosh analyzer
    """One text analyzer shared by every highlight, so its stemming cache stays warm (a fresh
    analyzer per passage re-stemmed every word)."""
    return text_analyzer()


def highlight_text(text: str, terms: set[str], first: Sequence[tuple[int, int]] = ()) -> str:
    """HTML-safe sentences of ``text`` holding the query's terms, in ``<mark>``, those in the
    spans ``first`` first among equals; the lead when none match (``indexer.snippets``)."""
    return snippet(text, terms, highlight_analyzer(), first=first)
