"""Quotes as retrievable units: a Whoosh index and a vector index of stored quotes.

Each quote of an indexed article is one Whoosh document (``<data>/whoosh-quotes``, index name
``quotes``) and one vector (``<data>/vectors-quotes``), both keyed ``<article id>:<quote id>``
and both derived from the store like the passage indexes: written in the same ingest batch as
an article's passages, deleted with it, rebuilt by ``onrecord reindex`` and checked and
repaired by ``indexer.consistency`` (a store from before quotes were indexed gets its quote
index on the next ingest or reindex, without re-embedding its passages).

What is indexed for a quote:

* ``text``: the quote's words (stemmed and accent-folded like passages' text);
* ``title``: its context, boosted at ``CONTEXT_BOOST``: the speaker as the article wrote them,
  the registry name and aliases, role and organisation, and the cue sentence(s) around the
  quote (the sentence holding the quote and its cue or speaker mention, ``cue_context``) with
  the quote itself cut out so its words do not count twice. Naming the fields ``text`` and
  ``title`` lets the passage index's query parser and numpy BM25F scorer
  (``indexer.keyword_scoring``) serve quotes unchanged;
* ``speaker`` (names), ``speaker_id``, ``role``, ``org``, ``kind`` (direct, partial,
  transcript, statement), ``issuer`` (who issued the article), ``speaker_kind``, ``source``, ``published``: for ``field:value`` queries and
  the filters.

What is embedded (MiniLM, the passage vectors' model; the same manifest identity check refuses
vectors of another model): ``"<speaker as written>: <quote words>"``. The quote carries the
meaning a question paraphrases; the speaker's name lets "what did X say about Y" land on X's
quotes. The name as written, not the registry's, so a registry merge never needs re-embedding
(the Whoosh document, which holds the registry name and id, is re-written instead).
"""

from __future__ import annotations

import json
import re
import shutil
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index, scoring
from whoosh import query as wq
from whoosh.fields import BOOLEAN, ID, KEYWORD, STORED, TEXT, Schema

from indexer.dates import date_bounds
from indexer.engine import committing
from indexer.keyword_index import (
    Filters,
    KeywordIndex,
    QueryError,
    SearcherTables,
    day_field,
    filter_query,
    name_analyzer,
    negated_queries,
    parse_query,
    scopes_as_filter,
    source_key,
    text_analyzer,
)
from indexer.keyword_scoring import scorable
from indexer.querymodel import split_query
from indexer.resultset import LEG_MIN_COSINE, Leg, fuse
from indexer.store import Store
from indexer.vectors import commit_in_turn, drop_articles

QUOTE_DIR = "whoosh-quotes"
VECTOR_DIR = "vectors-quotes"
INDEX_NAME = "quotes"
CONTEXT_BOOST = 0.5  # context words count half as much as the quote's own
CONTEXT_CHARS = 300  # at most this much context on each side of the quote and its mention
SEMANTIC_FLOOR = 0.35  # plain words: quotes from this cosine join the keyword matches
QUESTION_WORDS = frozenset(
    "who whom whose which what when where why how did does do say said says tell told about "
    "was were is are the a an of on to in for person official".split())


def make_quote_schema() -> Schema:
    return Schema(
        quote_key=ID(stored=True, unique=True),  # "<article id>:<quote id>"
        quote_id=ID(stored=True),
        article_id=ID(stored=True),
        passage_id=ID(stored=True),
        text=TEXT(analyzer=text_analyzer(), phrase=True),
        title=TEXT(analyzer=text_analyzer(), phrase=True, field_boost=CONTEXT_BOOST),
        context=STORED(),
        speaker=TEXT(analyzer=name_analyzer()),
        speaker_id=KEYWORD(commas=True),
        speaker_kind=ID(),
        role=TEXT(analyzer=name_analyzer()),
        org=TEXT(analyzer=name_analyzer()),
        kind=ID(),
        source=TEXT(analyzer=name_analyzer()),
        source_key=ID(),
        published=day_field(),
        has_quote=BOOLEAN(),
        issuer=TEXT(analyzer=name_analyzer()),  # who issued the quote's article
        issuer_id=ID(),
    )


# --- what a quote document holds ------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")


def cue_context(text: str, start: int, end: int, mention_start: int | None = None,
                mention_end: int | None = None) -> str:
    """The sentence(s) of ``text`` holding the quote ``[start, end)`` and its speaker mention:
    from the sentence start before the earlier of the two to the sentence end after the later,
    at most ``CONTEXT_CHARS`` beyond them on each side."""
    left, right = context_span(text, start, end, mention_start, mention_end)
    return " ".join(text[left:right].split())


def context_span(text: str, start: int, end: int, mention_start: int | None = None,
                 mention_end: int | None = None) -> tuple[int, int]:
    """The offsets of ``cue_context``."""
    lo = min(start, mention_start) if mention_start is not None else start
    hi = max(end, mention_end) if mention_end is not None else end
    left_limit = max(0, lo - CONTEXT_CHARS)
    left = left_limit
    for m in _SENTENCE_END.finditer(text, left_limit, lo):
        left = m.end()
    if left == left_limit and left_limit > 0:  # no sentence start found: cut at a word
        space = text.find(" ", left_limit, lo)
        left = space + 1 if space >= 0 else lo
    right_limit = min(len(text), hi + CONTEXT_CHARS)
    m = _SENTENCE_END.search(text, hi, right_limit)
    if m is not None:
        right = m.start() + len(m.group().rstrip())
    else:
        space = text.rfind(" ", hi, right_limit)
        right = right_limit if right_limit == len(text) or space < 0 else space
    return left, max(right, hi)


def outside_quotes(text: str, left: int, right: int, spans: list[tuple[int, int]]) -> str:
    """``text[left:right]`` with every quote span in it cut out: the cue words around the
    quotes, indexed as context (a quote's words count in its own ``text`` field only, never in
    a neighbouring quote's context)."""
    parts, at = [], left
    for start, end in sorted(spans):
        if end <= at or start >= right:
            continue
        parts.append(text[at:max(at, start)])
        at = max(at, end)
    parts.append(text[at:right])
    return " … ".join(" ".join(p.split()) for p in parts if p.strip())


def quote_embedding_text(speaker: str | None, text: str) -> str:
    """What is embedded for a quote (see the module docstring)."""
    words = " ".join(text.strip().strip("\"'“”‘’").split())
    return f"{speaker}: {words}" if speaker else words


def quote_key(article_id: str, quote_id: int) -> str:
    return f"{article_id}:{quote_id}"


def quote_rows(store: Store, article_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The stored quotes of these articles with what their documents need, context included."""
    ids = list(dict.fromkeys(article_ids))
    rows = store.quote_index_rows(ids)
    texts = store.article_texts(ids)
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        spans.setdefault(row["article_id"], []).append((row["start"], row["end"]))
    for row in rows:
        text = texts[row["article_id"]]
        left, right = context_span(text, row["start"], row["end"], row["mention_start"],
                                   row["mention_end"])
        row["context"] = " ".join(text[left:right].split())
        row["cue_words"] = outside_quotes(text, left, right, spans[row["article_id"]])
    return rows


def quote_document(row: dict[str, Any], issuer: tuple[int | None, str] | None = None
                   ) -> dict[str, Any]:
    """The Whoosh document for one row of ``quote_rows`` (aliases decoded; ``issuer``: the article's issuer as
    (registry id, names), ``Store.issuer_names``)."""
    names = [n for n in [row["speaker_name"], row["registry_name"], *row["aliases"]] if n]
    names = list(dict.fromkeys(names))
    about = [*names, row["speaker_role"] or "", row["speaker_org"] or "", row["cue_words"]]
    doc: dict[str, Any] = {
        "quote_key": quote_key(row["article_id"], row["id"]),
        "quote_id": str(row["id"]),
        "article_id": row["article_id"],
        "passage_id": row["passage_id"] or "",
        "text": row["text"],
        "title": " ; ".join(part for part in about if part),
        "context": row["context"],
        "kind": row["kind"] or "",
        "source": row["source"] or "",
        "source_key": source_key(row["source"]),
        "has_quote": True,
    }
    if names:
        doc["speaker"] = " ; ".join(names)
    if row["speaker_id"] is not None:
        doc["speaker_id"] = str(row["speaker_id"])
        doc["speaker_kind"] = row["speaker_kind"] or "person"
    if row["speaker_role"]:
        doc["role"] = row["speaker_role"]
    if row["speaker_org"]:
        doc["org"] = row["speaker_org"]
    if row["published"]:
        doc["published"] = datetime.combine(date_bounds(row["published"]), time())
    if issuer is not None:
        doc["issuer"] = issuer[1]
        if issuer[0] is not None:
            doc["issuer_id"] = str(issuer[0])
    return doc


# --- the Whoosh index -----------------------------------------------------------------------

class QuoteIndex:
    """The Whoosh index of quotes under ``<data>/whoosh-quotes``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.schema = make_quote_schema()
        self._ix: Any = None
        self._searcher: Any = None
        self._tables: SearcherTables | None = None
        self._doc_of: dict[str, int] = {}

    @classmethod
    def open(cls, data_dir: Path, create: bool = True) -> QuoteIndex:
        qi = cls(Path(data_dir) / QUOTE_DIR)
        if index.exists_in(str(qi.directory), indexname=INDEX_NAME):
            qi._ix = index.open_dir(str(qi.directory), indexname=INDEX_NAME)
        elif create:
            qi.directory.mkdir(parents=True, exist_ok=True)
            qi._ix = index.create_in(str(qi.directory), qi.schema, indexname=INDEX_NAME)
        return qi

    @property
    def exists(self) -> bool:
        return self._ix is not None

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
        self._tables = None

    def begin(self) -> Any:
        """A writer the caller commits or cancels."""
        if self._ix is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._ix = index.create_in(str(self.directory), self.schema, indexname=INDEX_NAME)
        w = self._ix.writer(limitmb=128)
        for name in self.schema.names():  # an index made before a field existed (``issuer``)
            if name not in w.schema.names():
                w.add_field(name, self.schema[name])
        return w

    def writer(self) -> Any:
        """A writer committed on success and cancelled on error (a context manager)."""
        return committing(self.begin())

    @staticmethod
    def delete_articles(writer: Any, article_ids: Iterable[str]) -> None:
        for aid in article_ids:
            writer.delete_by_term("article_id", aid)

    def doc_count(self) -> int:
        return self._ix.doc_count() if self._ix is not None else 0

    def keys(self) -> list[str]:
        """Quote keys of the live documents (a repeated key appears repeatedly)."""
        if self._ix is None:
            return []
        with self._ix.searcher() as s:
            return [fields["quote_key"] for _, fields in s.reader().iter_docs()]

    def searcher(self) -> Any:
        """A shared searcher, replaced when the index changed since it was opened."""
        if self._ix is None:
            raise QueryError("the quote index is empty: ingest something first")
        if self._searcher is None or not self._searcher.up_to_date():
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._ix.searcher(weighting=scoring.BM25F())
        return self._searcher

    def tables(self) -> tuple[SearcherTables, dict[str, int]]:
        """The current searcher's per-docnum tables (quote keys in ``passage_ids``) and each
        live quote key's docnum."""
        s = self.searcher()
        if self._tables is None or self._tables.searcher is not s:
            by_doc = {d: f["quote_key"] for d, f in s.reader().iter_docs()}
            self._tables = SearcherTables.build(s, by_doc)
            self._doc_of = {key: d for d, key in by_doc.items()}
        return self._tables, self._doc_of

    def stored(self, docnum: int) -> dict[str, Any]:
        return self.searcher().stored_fields(docnum)


# --- keeping it up to date beside the passage indexes -----------------------------------------

def open_quote_vectors(data_dir: Path, embedder: Any = None, replace_model: bool = False) -> Any:
    """The quote vector index under ``<data>/vectors-quotes``: with ``embedder``, opened (and
    created) for its model, refusing another model's vectors unless ``replace_model``; without,
    opened at the dimension its manifest records (None when nothing was committed there)."""
    from indexer.vectors import MANIFEST, VectorIndex

    path = Path(data_dir) / VECTOR_DIR
    if embedder is not None:
        return VectorIndex.open(path, embedder.dim, embedder.identity, replace_model)
    try:
        dim = int(json.loads((path / MANIFEST).read_text(encoding="utf-8"))["dim"])
    except FileNotFoundError:
        return None
    return VectorIndex.open(path, dim)


@dataclass
class QuoteParts:
    """The quote index and (with an embedder) quote vectors that ingest keeps up to date, with
    the writer open for the current batch."""

    index: QuoteIndex
    vectors: Any = None
    embedder: Any = None
    _writer: Any = None

    def stage(self, store: Store, article_ids: list[str], vectors: bool = True) -> int:
        """Replace these articles' quote documents (and vectors, when ``vectors`` and an
        embedder is there) in the open writer; returns the number of quotes. The caller
        commits (``commit``)."""
        if not article_ids:
            return 0
        rows = quote_rows(store, article_ids)
        if vectors and self.vectors is not None:
            drop_articles(self.vectors, article_ids)
            if rows and self.embedder is not None:  # none: vectors later (indexer.embed_later)
                texts = [quote_embedding_text(r["speaker_name"], r["text"]) for r in rows]
                self.vectors.add([quote_key(r["article_id"], r["id"]) for r in rows],
                                 self.embedder.encode(texts))
        if self._writer is None:
            self._writer = self.index.begin()
        QuoteIndex.delete_articles(self._writer, article_ids)
        issuers = store.issuer_names(article_ids)
        for row in rows:
            self._writer.add_document(**quote_document(row, issuers.get(row["article_id"])))
        return len(rows)

    def delete(self, article_ids: list[str]) -> None:
        """Stage the removal of these articles' quotes."""
        if self.vectors is not None:
            drop_articles(self.vectors, article_ids)
        if self.index.exists:
            if self._writer is None:
                self._writer = self.index.begin()
            QuoteIndex.delete_articles(self._writer, article_ids)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer = None
        if self.vectors is not None:
            commit_in_turn(self.vectors)  # in turn with an ``onrecord embed``

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None
        if self.vectors is not None:
            self.vectors.rollback()

    def close(self) -> None:
        self.cancel()
        self.index.close()


_PARTS: weakref.WeakKeyDictionary[KeywordIndex, QuoteParts] = weakref.WeakKeyDictionary()


def quote_parts(keyword: KeywordIndex, semantic: Any = None) -> QuoteParts:
    """The quote parts kept beside a passage keyword index (``<data>`` is its parent folder):
    opened once per ``KeywordIndex``; its vectors once ``semantic`` (ingest's ``SemanticParts``)
    brings an embedder."""
    parts = _PARTS.get(keyword)
    if parts is None:
        parts = QuoteParts(QuoteIndex.open(keyword.directory.parent))
        _PARTS[keyword] = parts
    if semantic is not None and parts.vectors is None:
        replace = bool(getattr(semantic.vectors, "_replace_model", False))
        parts.embedder = semantic.embedder
        parts.vectors = open_quote_vectors(keyword.directory.parent, semantic.embedder, replace)
    return parts


def index_quotes(store: Store, parts: QuoteParts, article_ids: list[str],
                 vectors: bool = True) -> int:
    """Re-write these articles' quote documents and vectors, committed (for repairs)."""
    count = 0
    try:
        for start in range(0, len(article_ids), 500):
            count += parts.stage(store, article_ids[start:start + 500], vectors)
            parts.commit()
    except BaseException:
        parts.cancel()
        raise
    return count


# --- searching ------------------------------------------------------------------------------


def plain_words(q: wq.Query) -> bool:
    """Whether a parsed query is only words (OR of terms over title and text): then meaning
    may add quotes the words miss; phrases, AND, NOT, fields and wildcards bound the set."""
    if isinstance(q, wq.Term):
        return q.fieldname in ("text", "title")
    if isinstance(q, wq.Or):
        return all(plain_words(c) for c in q.subqueries)
    return False


def quote_filter(speaker_ids: list[int] | None = None, since: str | None = None,
                 until: str | None = None, source: str | None = None,
                 kind: str | None = None, issuer: str | None = None, reader: Any = None
                 ) -> wq.Query | None:
    """The Whoosh filter query over quote documents (None: everything; ``reader``: the quote
    index's, so a source named exactly matches that source only, as in search)."""
    base = filter_query(Filters(source=source, since=since, until=until,
                                speaker_ids=speaker_ids, issuer=issuer), reader)
    if kind:
        term = wq.Term("kind", kind)
        return term if base is None else wq.And([base, term])
    return base


@dataclass
class RankedQuote:
    quote_id: int
    article_id: str
    score: float
    found_by: list[str]
    context: str


def contains_query(text: str, schema: Schema) -> wq.Query:
    """Every word of ``text`` in the quote's own words (stemmed and accent-folded as indexed:
    'vehicles' finds 'vehicle'); QueryError when no word is left (only stop words)."""
    terms = list(dict.fromkeys(t.text for t in schema["text"].analyzer(text)))
    if not terms:
        raise QueryError("no words to look for (only common words like 'the')")
    return wq.Term("text", terms[0]) if len(terms) == 1 else \
        wq.And([wq.Term("text", t) for t in terms])


def rank_quotes(index: QuoteIndex, query: str, vectors: Any = None, embedder: Any = None,
                filt: wq.Query | None = None, floor: float = SEMANTIC_FLOOR,
                keyword_query: str | None = None, all_words: bool = False
                ) -> list[RankedQuote]:
    """Every quote ``query`` matches under ``filt``, best first: keyword matches (BM25F over
    the quote and, at half weight, its context) and, for plain words, quotes whose vector's
    cosine with the query's is at least ``floor``; ranked by the sum of the two rankings'
    standardised scores, as hybrid passage search fuses them. Phrases, AND, NOT, fields and
    wildcards are constraints: meaning only ranks inside what they match. With ``all_words``
    the query is words the quote itself must all contain (``contains_query``)."""
    if all_words:
        q = contains_query(keyword_query or query, index.schema)
    else:
        q = parse_query(keyword_query or query, index.schema)
    q, filt = scopes_as_filter(q, filt)  # the query's filter parts filter, as the options do
    s = index.searcher()
    t, doc_of = index.tables()
    size = len(t.passage_ids)
    allowed = t.allowed(filt)
    live = t.scorer.live.copy()
    if allowed is not None:
        live &= allowed
    negations = negated_queries(q)
    for negated in negations:
        live[t.scorer.docs(negated)] = False
    everything = allowed is None and not negations
    if scorable(q):
        docs, kw = t.scorer.score(q, live)
    else:
        pairs = [(d, sc) for sc, d in s.search(q, limit=None, filter=filt).top_n if live[d]]
        docs = np.array([d for d, _ in pairs], dtype=np.int64)
        kw = np.array([sc for _, sc in pairs], dtype=np.float64)
    matched = np.zeros(size, dtype=bool)
    matched[docs] = True
    kw_all = np.full(size, np.nan)
    kw_all[docs] = kw
    cos = np.full(size, np.nan)
    text = split_query(query).semantic_text
    if vectors is not None and embedder is not None and text and len(vectors):
        vectors.reload_if_changed()
        keys = None if everything else [t.passage_ids[d] for d in np.flatnonzero(live)]
        count = len(vectors) if keys is None else len(keys)
        for key, score in vectors.search(embedder.encode_query(text), count, keys):
            doc = doc_of.get(key)
            if doc is not None:
                cos[doc] = score
    has_cos = np.isfinite(cos)
    constrained = all_words or not plain_words(q)
    near = has_cos & (cos >= floor) & live
    members = matched if constrained else matched | near
    counted = has_cos & (cos >= LEG_MIN_COSINE) & live & (matched if constrained else True)
    score, tiebreak = fuse([Leg(kw_all, matched, pad=0.0), Leg(cos, counted)])
    idx = np.flatnonzero(members)
    keys = [t.passage_ids[d] for d in idx]
    order = sorted(range(len(idx)), key=lambda i: (-score[idx[i]], -tiebreak[idx[i]], keys[i]))
    out = []
    for i in order:
        d = idx[i]
        by = (["keyword"] if matched[d] else []) + (["semantic"] if near[d] else [])
        aid, qid = keys[i].rsplit(":", 1)
        out.append(RankedQuote(int(qid), aid, float(score[d]), by, ""))
    return out


def search_quotes(store: Store, index: QuoteIndex | None, vectors: Any = None,
                  embedder: Any = None, query: str | None = None,
                  speaker_ids: list[int] | None = None, since: str | None = None,
                  until: str | None = None, source: str | None = None, kind: str | None = None,
                  limit: int = 20, offset: int = 0, context: bool = False,
                  all_words: bool = False, issuer: str | None = None
                  ) -> tuple[int, list[dict[str, Any]]]:
    """Stored quotes matching ``query`` under the filters: (total, one page of rows).

    Rows have ``Store.search_quotes``'s shape (the quote, its registry speaker, the article's
    title, source, published and url) plus ``score`` and ``found_by`` (and ``context``, the cue
    sentence, when asked). Ranked by ``rank_quotes`` (``all_words``: the quote must contain every
    word of ``query``, as ``--contains`` asks); ``total`` counts every match. Without a
    query, every quote the filters allow, newest first (``score`` null). A store whose quote
    index was never built (no ingest or reindex since quotes were indexed) is searched with
    SQL word matching, as before the index existed.
    """
    ranked = quote_ranking(store, index, vectors, embedder, query, speaker_ids, since, until,
                           source, kind, all_words, issuer)
    if ranked is None:
        total, rows = store.search_quotes(speaker_ids, query, since, until, limit, offset,
                                          source, kind, issuer=issuer)
        return total, [{**r, "score": None, "found_by": []} for r in rows]
    page = ranked[offset:offset + limit]
    rows = store.quotes_by_ids([r.quote_id for r in page])
    out = []
    for r in page:
        row = rows.get(r.quote_id)
        if row is None:  # deleted since the index was read
            continue
        row = {**row, "score": round(r.score, 4), "found_by": r.found_by}
        if context:
            row["context"] = _context_of(index, r)
        out.append(row)
    return len(ranked), out


def quote_ranking(store: Store, index: QuoteIndex | None, vectors: Any = None,
                  embedder: Any = None, query: str | None = None,
                  speaker_ids: list[int] | None = None, since: str | None = None,
                  until: str | None = None, source: str | None = None, kind: str | None = None,
                  all_words: bool = False, issuer: str | None = None
                  ) -> list[RankedQuote] | None:
    """Every quote ``search_quotes`` would page through, best first (``rank_quotes``); None
    when the set is read with SQL instead (no words, or no quote index), newest first."""
    if speaker_ids is not None and not speaker_ids:
        return []
    if not (query and query.strip()) or index is None or not index.exists \
            or (index.doc_count() == 0 and _stored_quote_count(store)):
        return None
    return rank_quotes(index, query, vectors, embedder,
                       quote_filter(speaker_ids, since, until, source, kind, issuer,
                                    index.searcher().reader()),
                       all_words=all_words)


def _context_of(index: QuoteIndex, ranked: RankedQuote) -> str | None:
    _, doc_of = index.tables()
    doc = doc_of.get(quote_key(ranked.article_id, ranked.quote_id))
    return index.stored(doc).get("context") if doc is not None else None


def _stored_quote_count(store: Store) -> int:
    return store.quote_count()


def question_words(question: str) -> str:
    """A question as plain query words: question and cue words, syntax and field names out."""
    words = re.findall(r"[\w’'-]+", question)
    kept = [w for w in words if w.casefold().strip("'’") not in QUESTION_WORDS]
    return " ".join(w.strip("'’-").removesuffix("'s").removesuffix("’s").lower()
                    for w in kept if w.strip("'’-"))


class QuoteSearch:
    """Quote search over one data folder (opened read-only beside a ``SearchService``)."""

    def __init__(self, store: Store, index: QuoteIndex | None, vectors: Any = None,
                 embedder: Any = None) -> None:
        self.store, self.index, self.vectors, self.embedder = store, index, vectors, embedder

    @classmethod
    def open(cls, store: Store, embedder: Any = None) -> QuoteSearch:
        """Open the quote indexes of ``store``'s data folder; vectors only with an embedder of
        the model that made them (otherwise keyword ranking alone)."""
        from indexer.vectors import VectorIndexError

        data_dir = store.path.parent
        index_ = QuoteIndex.open(data_dir, create=False)
        vectors = None
        if embedder is not None and (data_dir / VECTOR_DIR).exists():
            try:
                vectors = open_quote_vectors(data_dir, embedder)
            except VectorIndexError:
                vectors = None
        return cls(store, index_ if index_.exists else None, vectors, embedder)

    def search(self, query: str | None = None, speaker_ids: list[int] | None = None,
               since: str | None = None, until: str | None = None, source: str | None = None,
               kind: str | None = None, limit: int = 20, offset: int = 0,
               context: bool = False, all_words: bool = False, issuer: str | None = None
               ) -> tuple[int, list[dict[str, Any]]]:
        """``search_quotes`` over this folder's store and quote indexes."""
        if self.vectors is not None:
            self.vectors.reload_if_changed()
        return search_quotes(self.store, self.index, self.vectors, self.embedder, query,
                             speaker_ids, since, until, source, kind, limit, offset, context,
                             all_words, issuer)

    def ranking(self, query: str | None = None, speaker_ids: list[int] | None = None,
                since: str | None = None, until: str | None = None, source: str | None = None,
                kind: str | None = None, all_words: bool = False, issuer: str | None = None
                ) -> list[RankedQuote] | None:
        """``quote_ranking`` over this folder's store and quote indexes: the whole set a
        search pages through, for an export to page through once."""
        if self.vectors is not None:
            self.vectors.reload_if_changed()
        return quote_ranking(self.store, self.index, self.vectors, self.embedder, query,
                             speaker_ids, since, until, source, kind, all_words, issuer)

    def for_question(self, question: str, speaker_ids: list[int] | None = None,
                     filters: Filters | None = None, kind: str | None = None,
                     limit: int = 5) -> list[dict[str, Any]]:
        """The ``limit`` quotes best answering a question (for ``ask``): its meaning and its
        content words (question and cue words dropped), optionally by these speakers, under
        the filters' source and dates; each row with ``score``, ``found_by`` and ``context``."""
        filters = filters or Filters()
        words = question_words(question)
        if not words or self.index is None:
            return []
        ranked = rank_quotes(
            self.index, question, self.vectors, self.embedder,
            quote_filter(speaker_ids, filters.since, filters.until, filters.source,
                         kind or filters.kind, filters.issuer,
                         self.index.searcher().reader() if self.index.exists else None),
            keyword_query=words)
        page = ranked[:limit]
        rows = self.store.quotes_by_ids([r.quote_id for r in page])
        return [{**rows[r.quote_id], "score": round(r.score, 4), "found_by": r.found_by,
                 "context": _context_of(self.index, r)} for r in page if r.quote_id in rows]

    def close(self) -> None:
        if self.index is not None:
            self.index.close()


_BY_SERVICE: weakref.WeakKeyDictionary[Any, QuoteSearch] = weakref.WeakKeyDictionary()


def quote_search_for(service: Any) -> QuoteSearch:
    """The ``QuoteSearch`` beside an open ``SearchService`` (its store and embedder), opened on
    first use and kept while the service lives; a quote index built since is picked up."""
    found = _BY_SERVICE.get(service)
    if found is None or found.index is None:
        found = QuoteSearch.open(service.store, getattr(service, "embedder", None))
        _BY_SERVICE[service] = found
    return found


def quotes_for_question(service: Any, question: str, speaker_ids: list[int] | None = None,
                        filters: Filters | None = None, limit: int = 5) -> list[dict[str, Any]]:
    """For ``ask``: the top ``limit`` quotes answering ``question`` through a search service
    (see ``QuoteSearch.for_question``)."""
    return quote_search_for(service).for_question(question, speaker_ids, filters, limit=limit)
