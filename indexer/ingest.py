"""The ingest pipeline: loaders -> normalisation -> dedup -> store -> derived indexes.

Work goes in batches. Each batch is one SQLite transaction (a batch lands whole or not at all);
the keyword index is then updated and the batch marked indexed. Articles left unindexed by a
crash between those steps are found and indexed by ``sync_indexes`` on the next run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from indexer.consistency import index_drift, open_vectors, quote_drift
from indexer.dedup import NearDuplicateFinder, from_blob, signature, to_blob
from indexer.engines import open_engine
from indexer.keyword_index import KeywordIndex, passage_document
from indexer.loaders import iter_documents
from indexer.loaders.options import LoadOptions
from indexer.normalise import SITE_CUE, block_page, normalise
from indexer.passages import split_passages
from indexer.quote_index import (
    QuoteIndex,
    QuoteParts,
    index_quotes,
    open_quote_vectors,
    quote_parts,
)
from indexer.records import Article, Passage, Quote, Skip, SourceDoc
from indexer.registry import SpeakerRegistry
from indexer.store import Store
from indexer.vectors import commit_in_turn, drop_articles
from indexer.watches import notify_watches
from indexer.workers import guard_forked_workers

BATCH_SIZE = 500
MULTIPROCESS_ARTICLES = 200  # batches this large are keyword-indexed by 2 processes
COMMIT_PASSAGES = 20_000  # keyword/vector segments this large keep indexing and search fast


@dataclass
class IngestReport:
    """What an ingest did, for the summary line and ``--json``."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    passages: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.added + self.updated + self.duplicates

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "passages": self.passages,
            "skipped": [{"input": s.origin, "reason": s.reason} for s in self.skipped],
            "warnings": self.warnings,
        }


def identity_of(doc: SourceDoc) -> str:
    """What makes two inputs the same article: its URL, else its record id within its file, else
    its absolute origin."""
    if doc.url:
        return doc.url
    origin = doc.origin
    if doc.key:
        origin = origin.split("#", 1)[0] + "#id=" + str(doc.key)
    cut = min((i for i in (origin.find("!"), origin.find("#")) if i >= 0), default=len(origin))
    head, tail = origin[:cut], origin[cut:]
    if head and not head.startswith(("http://", "https://")) and os.path.exists(head):
        head = os.path.abspath(head)  # a file on disk: the same wherever it was named from
    return head + tail


class Ingestor:
    """Runs batches of documents into a store and its derived indexes.

    With more than one batch, the CPU-heavy store-free work of the next batch (MinHash and quote
    extraction, ``analyse_articles``) runs in a worker process while this one writes the current
    batch; the keyword and vector indexes are committed in large segments (every
    ``COMMIT_PASSAGES`` passages and at the end), articles being marked indexed only then.
    """

    def __init__(self, store: Store, keyword: KeywordIndex, report: IngestReport,
                 quotes: bool = True, semantic: SemanticParts | None = None) -> None:
        self.store = store
        self.keyword = keyword
        self.semantic = semantic
        self.report = report
        self.quotes = quotes
        self.registry = SpeakerRegistry(store)
        self.quote_parts = quote_parts(keyword, semantic)
        self.finder = NearDuplicateFinder()
        for aid, blob in store.minhashes():
            self.finder.add(aid, from_blob(blob))
        self._writer: Any = None
        self._unflushed: list[str] = []
        self._unflushed_passages = 0

    def run(self, docs: Iterable[SourceDoc | Skip], batch_size: int = BATCH_SIZE,
            progress: Callable[[int], None] | None = None) -> None:
        pool: ProcessPoolExecutor | None = None
        pending: tuple[int, list[Article], Future | None] | None = None
        try:
            for batch in self._batches(docs, batch_size, progress):
                articles = self.select(batch)
                if pending is not None and pool is None:
                    pool = analysis_pool()
                work = pool.submit(analyse_articles, articles, self.quotes) if pool else None
                if pending is not None:
                    self._write_pending(pending, progress)
                pending = (len(batch), articles, work)
            if pending is not None:
                self._write_pending(pending, progress)
            self.flush()
        except BaseException:
            self.abandon()
            raise
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)

    def abandon(self) -> None:
        """Drop the open index writers' uncommitted changes (after an error): their articles
        stay stored but unindexed, and the next run indexes them."""
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None
        self.quote_parts.cancel()

    def _batches(self, docs: Iterable[SourceDoc | Skip], batch_size: int,
                 progress: Callable[[int], None] | None) -> Iterator[list[SourceDoc]]:
        """The documents in batches; skips are recorded (and counted as progress) on the way."""
        batch: list[SourceDoc] = []
        for item in docs:
            if isinstance(item, Skip):
                self.report.skipped.append(item)
                if progress:
                    progress(1)
                continue
            self.report.warnings.extend(item.warnings)
            batch.append(item)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _write_pending(self, pending: tuple[int, list[Article], Future | None],
                       progress: Callable[[int], None] | None) -> None:
        size, articles, work = pending
        analysed = work.result() if work is not None else analyse_articles(articles, self.quotes)
        self.write_prepared([(a, blob, q) for a, (blob, q) in zip(articles, analysed,
                                                                   strict=True)])
        if progress:
            progress(size)

    def select(self, docs: list[SourceDoc]) -> list[Article]:
        """Normalise the documents and keep those that are new or changed."""
        return self.keep_changed(docs, [prepare_article(doc) for doc in docs])

    def keep_changed(self, docs: list[SourceDoc], articles: list[Article | None]
                     ) -> list[Article]:
        """The normalised articles (None: nothing left of that document) that are new or
        changed; the rest are counted as skipped or unchanged."""
        selected: list[Article] = []
        for doc, article in zip(docs, articles, strict=True):
            if article is None:
                self.report.skipped.append(Skip(doc.origin, "no text left after cleaning"))
                continue
            if block_page(article):
                self.report.skipped.append(Skip(doc.origin, "a bot check or error page the "
                                                f"site served, not an article ({article.title!r})"))
                continue
            state = self.store.article_state(article.id)
            if state is not None and state[0] == article.content_hash:
                self.report.unchanged += 1
                continue
            selected.append(article)
        return selected

    def write_prepared(self, prepared: list[tuple[Article, bytes, list[Quote]]]) -> None:
        """Store prepared articles in one transaction and add them to the open index writers."""
        written = self.store_prepared(prepared)
        self._index(written)
        # articles whose quotes the registry moved to another speaker id (two entries found
        # to be one): their keyword documents are re-written, their vectors stay as they are
        fresh = set(written)
        restamped = [a for a in self.registry.take_restamped() if a not in fresh]
        self._index(restamped, vectors=False)

    def store_prepared(self, prepared: list[tuple[Article, bytes, list[Quote]]],
                       force: bool = False) -> list[str]:
        """Store prepared articles, passages, quotes and duplicate links in one transaction;
        returns the ids written. ``force`` rewrites articles whose content hash is unchanged
        (a re-normalised article differs only in whitespace, which the hash ignores)."""
        counts = {"added": 0, "updated": 0, "duplicates": 0, "passages": 0, "unchanged": 0}
        written: list[str] = []
        with self.store.transaction():
            for article, blob, quotes in prepared:
                state = self.store.article_state(article.id)
                if not force and state is not None and state[0] == article.content_hash:
                    counts["unchanged"] += 1  # repeated within this run
                    continue
                written.append(article.id)
                if article.issuer is None and state is not None:  # read again (renormalise)
                    article = keep_issuer(article, self.store.stored_issuer(article.id))
                self.store.put_article(article, blob)
                if state is not None:
                    self.finder.remove(article.id)  # its signature is the new text's from here
                canonical = self.store.canonical_by_hash(article.content_hash, exclude=article.id)
                near = None if canonical else self.finder.best_match(from_blob(blob), article.id)
                if canonical or near:
                    if canonical:
                        self.store.link_duplicate(article.id, canonical, "exact", 1.0)
                    else:
                        self.store.link_duplicate(article.id, near[0], "near", near[1])
                    self.finder.remove(article.id)
                    counts["duplicates"] += 1
                    continue
                passages = split_passages(article)
                self.store.put_passages(passages)
                speaker_ids = self.registry.resolve_article(quotes)
                if article.issuer:
                    issuer_id = self.registry.resolve(
                        article.issuer, article.issuer_kind or "person",
                        [r for q in quotes if q.kind == "statement" and q.speaker ==
                         article.issuer and (r := q.speaker_role)][:1], [])
                    self.store.set_issuer_id(article.id, issuer_id)
                    speaker_ids = self.registry.current_ids(speaker_ids)
                self.store.put_quotes(article.id, [
                    (q, passage_at(passages, q.start), sid)
                    for q, sid in zip(quotes, speaker_ids, strict=True)
                ])
                self.finder.add(article.id, from_blob(blob))
                counts["updated" if state is not None else "added"] += 1
                counts["passages"] += len(passages)
        # A failed transaction raises and ends the run, so the finder never outlives a rollback.
        for key, value in counts.items():
            setattr(self.report, key, getattr(self.report, key) + value)
        return written

    def _index(self, article_ids: list[str], vectors: bool = True) -> None:
        """Add articles to the open index writers; commit once enough passages are waiting."""
        if not article_ids:
            return
        if not set(self._unflushed).isdisjoint(article_ids):
            self.flush()  # an uncommitted writer cannot delete what it added itself
            with self.store.transaction():  # the flush marked them indexed before their re-add
                self.store.mark_unindexed(article_ids)
        if self._writer is None:
            big = len(article_ids) >= MULTIPROCESS_ARTICLES and analysis_pool_context() is not None
            self._writer = self.keyword.begin(procs=min(2, os.cpu_count() or 1) if big else 1)
        self._unflushed.extend(article_ids)
        self._unflushed_passages += add_to_indexes(self.store, self._writer, article_ids,
                                                   self.semantic if vectors else None,
                                                   self.quote_parts)
        if self._unflushed_passages >= COMMIT_PASSAGES:
            self.flush()

    def flush(self) -> None:
        """Commit the open index writers and mark their articles indexed."""
        if self._writer is None:
            return
        self._writer.commit()
        self._writer = None
        if self.semantic is not None:  # in turn with an ``onrecord embed``
            commit_in_turn(self.semantic.vectors)
        self.quote_parts.commit()
        with self.store.transaction():
            self.store.mark_indexed(self._unflushed)
        notify_watches(self.store, self.keyword, self.semantic, self._unflushed,
                       self.report.warnings)  # saved searches' alerts; never fails the ingest
        self._unflushed, self._unflushed_passages = [], 0


def analysis_pool_context() -> Any:
    """The "fork" multiprocessing context where the platform has it (workers inherit the loaded
    modules and never re-import the caller's main script), else None: work stays in-process."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def analysis_pool() -> ProcessPoolExecutor | None:
    """One worker process for ``analyse_articles``, or None where processes cannot fork."""
    context = analysis_pool_context()
    if context is None:
        return None
    guard_forked_workers()
    return ProcessPoolExecutor(1, mp_context=context)


def analyse_articles(articles: list[Article], quotes: bool) -> list[tuple[bytes, list[Quote]]]:
    """MinHash signature (as a blob) and quotes of each article: the CPU-heavy part of ingest
    that needs no store, so it can run in a worker process."""
    blobs = [to_blob(signature(a.text)) for a in articles]
    if not (quotes and articles):
        return [(blob, []) for blob in blobs]
    from indexer.quotes import extract_quotes_many  # spaCy loads only when quotes are wanted

    found = extract_quotes_many([a.text for a in articles],
                                issuers=[issuer_hint(a) for a in articles])
    return list(zip(blobs, found, strict=True))


def prepare_article(doc: SourceDoc) -> Article | None:
    """A loaded document normalised, with its issuer; None when no text is left."""
    article = normalise(doc, identity_of(doc))
    return None if article is None else with_issuer(article, doc)


def with_issuer(article: Article, doc: SourceDoc) -> Article:
    """The article with its issuer: the loader's metadata, else an op-ed title or the text's
    statement cue (``indexer.quotes.statements.article_issuer``), else the site a saved page's
    title line names (the normaliser's); the loader's is kept in ``raw_meta`` too."""
    from indexer.quotes.statements import Issuer, article_issuer

    meta = Issuer(doc.issuer, doc.issuer_kind or "person") if doc.issuer else None
    found = article_issuer(article.title, article.text, meta)
    if found is None:
        return article  # with the site's issuer, if any
    issuer, cue = found
    raw_meta = dict(article.raw_meta or {})
    if doc.issuer:
        raw_meta.update(issuer=doc.issuer, issuer_kind=doc.issuer_kind or "person")
    return replace(article, issuer=issuer.name, issuer_kind=issuer.kind, issuer_cue=cue[:300],
                   raw_meta=raw_meta)


def keep_issuer(article: Article, stored: tuple[str, str] | None) -> Article:
    """An article read again without its loader's metadata (``reindex --renormalise``) with
    the metadata issuer it was stored with, else the one its text names."""
    if stored is None:
        return with_issuer(article, SourceDoc(origin=article.origin, body=""))
    return replace(article, issuer=stored[0], issuer_kind=stored[1], issuer_cue="metadata")


def issuer_hint(article: Article) -> Any:
    """The article's issuer as statement detection takes it (None when it has none); a title
    naming the statement's owner ('Statement of X on …', 'Op-ed by X') makes the whole text
    theirs."""
    from indexer.quotes.statements import Issuer, issuer_of_title

    # a site's name is only who published the page: a news site's ('Reuters') must not own
    # the "we" or "the statement" of a text it reports
    issuer = article.issuer if article.issuer_cue != SITE_CUE else None
    by_title = issuer_of_title(article.title)
    if by_title is not None and by_title.kind == "org" and issuer and \
            by_title.name.split()[-1].lower() in issuer.lower():
        # 'Statement by the District Attorney' from the office the metadata names
        return Issuer(issuer, article.issuer_kind or "person", whole=True)
    if by_title is not None:
        return by_title
    return Issuer(issuer, article.issuer_kind or "person") if issuer else None


def passage_at(passages: list[Passage], offset: int) -> str | None:
    """The id of the passage containing a character offset of the article text."""
    for p in passages:
        if p.start <= offset < p.end:
            return p.id
    return None


@dataclass
class SemanticParts:
    """The embedder and vector index that ingest keeps up to date beside the keyword index.

    Without an embedder (``embedder`` None: vectors later, ``indexer.embed_later``) the vectors
    of re-written articles are only dropped, so none is left describing an older text, and
    ``onrecord embed`` fills them in."""

    embedder: Any
    vectors: Any


SHORT_ARTICLE = 3  # passages: in an article this short, the title describes each of them


def embedding_text(title: str, passage: Passage, passages: int) -> str:
    """What is embedded for a passage of an article of ``passages`` passages: its text, with
    the title before it when it is the first passage or the article is short (there the title
    says what every part is about; in a long article it describes the lead)."""
    if title and (passage.ordinal == 0 or passages <= SHORT_ARTICLE):
        return f"{title}. {passage.text}"
    return passage.text


def embedding_texts(passages: list[Passage], titles: dict[str, str],
                    sizes: Counter[str] | None = None) -> list[str]:
    """``embedding_text`` of each passage; ``sizes``: passages per article when ``passages``
    holds only some of an article's (else they are counted from the list)."""
    sizes = sizes if sizes is not None else Counter(p.article_id for p in passages)
    return [embedding_text(titles[p.article_id], p, sizes[p.article_id]) for p in passages]


def index_articles(store: Store, keyword: KeywordIndex, article_ids: list[str],
                   semantic: SemanticParts | None = None) -> None:
    """Make the derived indexes agree with the store for these articles, then mark them indexed.

    Reads back what the store holds, so a fresh batch and a crash repair take the same path;
    duplicates and deleted articles simply end up with no documents or vectors.
    """
    if not article_ids:
        return
    quotes = quote_parts(keyword, semantic)
    try:
        with keyword.writer() as w:
            add_to_indexes(store, w, article_ids, semantic, quotes)
        if semantic is not None:
            commit_in_turn(semantic.vectors)
        quotes.commit()
    except BaseException:
        quotes.cancel()
        raise
    with store.transaction():
        store.mark_indexed(article_ids)


def add_to_indexes(store: Store, writer: Any, article_ids: list[str],
                   semantic: SemanticParts | None = None, quotes: QuoteParts | None = None
                   ) -> int:
    """Replace these articles' keyword documents in an open Whoosh writer and stage their
    vectors, and with ``quotes`` their quote documents (and quote vectors, with ``semantic``);
    returns the number of passages added. The caller commits."""
    meta = store.articles_meta(article_ids)
    speakers = store.passage_speakers(article_ids)
    kinds = store.passage_kinds(article_ids)
    issuers = store.issuer_names(article_ids)
    passages = list(store.passages_of_articles(article_ids))
    if semantic is not None:
        drop_articles(semantic.vectors, article_ids)
        if passages and semantic.embedder is not None:
            texts = embedding_texts(passages, {a: m["title"] for a, m in meta.items()})
            semantic.vectors.add([p.id for p in passages], semantic.embedder.encode(texts))
    KeywordIndex.delete_articles(writer, article_ids)
    for passage in passages:
        m = meta[passage.article_id]
        writer.add_document(**passage_document(
            passage.id, passage.article_id, passage.text, m["title"], m["source"],
            m["published"], speakers=speakers.get(passage.id, []),
            has_quote=passage.id in speakers, issuer=issuers.get(passage.article_id),
            kinds=kinds.get(passage.id, ()),
        ))
    if quotes is not None:
        quotes.stage(store, article_ids, vectors=semantic is not None)
    return len(passages)


def sync_indexes(store: Store, keyword: KeywordIndex, semantic: SemanticParts | None = None) -> int:
    """Index articles a crash left stored but unindexed, then repair any other disagreement
    between the store and the indexes; returns how many articles were repaired."""
    ids = store.unindexed_article_ids()
    for start in range(0, len(ids), BATCH_SIZE):
        index_articles(store, keyword, ids[start:start + BATCH_SIZE], semantic)
    return len(ids) + repair_drift(store, keyword, semantic)


def repair_drift(store: Store, keyword: KeywordIndex, semantic: SemanticParts | None = None) -> int:
    """Drop index entries whose passage is gone and re-index articles with entries missing or
    repeated (cheap when the counts agree); returns how many articles were re-indexed."""
    key_drift, vec_drift = index_drift(store, keyword, embedded_vectors(semantic))
    if not key_drift and not vec_drift:
        return repair_quote_drift(store, keyword, semantic)
    if key_drift.extra:
        with keyword.writer() as w:
            for pid in key_drift.extra:
                w.delete_by_term("passage_id", pid)
    if semantic is not None and vec_drift.extra:
        semantic.vectors.delete(vec_drift.extra)
        commit_in_turn(semantic.vectors)
    stale = key_drift.missing | key_drift.repeated | vec_drift.missing
    ids = sorted({pid.rsplit(":", 1)[0] for pid in stale})
    for start in range(0, len(ids), BATCH_SIZE):
        index_articles(store, keyword, ids[start:start + BATCH_SIZE], semantic)
    return len(ids) + repair_quote_drift(store, keyword, semantic)


def repair_quote_drift(store: Store, keyword: KeywordIndex,
                       semantic: SemanticParts | None = None) -> int:
    """The same for the quote index and quote vectors (``indexer.quote_index``): a store from
    before quotes were indexed gets them here, its passages untouched; returns how many
    articles' quotes were re-indexed."""
    parts = quote_parts(keyword, semantic)
    key_drift, vec_drift = quote_drift(store, parts.index,
                                       parts.vectors if embedded_vectors(semantic) else None)
    if not key_drift and not vec_drift:
        return 0
    if key_drift.extra:
        with parts.index.writer() as w:
            for key in key_drift.extra:
                w.delete_by_term("quote_key", key)
    if vec_drift.extra:
        parts.vectors.delete(vec_drift.extra)
        commit_in_turn(parts.vectors)
    stale = key_drift.missing | key_drift.repeated | vec_drift.missing | vec_drift.repeated
    ids = sorted({key.rsplit(":", 1)[0] for key in stale})
    index_quotes(store, parts, ids, vectors=bool(vec_drift.missing or vec_drift.repeated))
    return len(ids)


def embedded_vectors(semantic: SemanticParts | None) -> Any:
    """The vector index whose drift a repair embeds: None when vectors come later (passages
    still waiting for ``onrecord embed`` are not drift)."""
    return semantic.vectors if semantic is not None and semantic.embedder is not None else None


def rebuild_indexes(store: Store, keyword: KeywordIndex,
                    semantic: SemanticParts | None = None) -> int:
    """Rebuild the derived indexes from the store; returns the number of passages indexed."""
    with store.transaction():  # first, so a crash part-way leaves everything to re-index
        store.mark_all_unindexed()
    keyword.recreate()
    quotes = quote_parts(keyword, semantic)
    quotes.index.recreate()
    if semantic is not None:
        semantic.vectors.clear()
        semantic.vectors.commit()
        quotes.vectors.clear()
        quotes.vectors.commit()
    sync_indexes(store, keyword, semantic)
    return keyword.doc_count()


def open_semantic(data_dir: Path, model: str | None = None, replace_model: bool = False
                  ) -> SemanticParts:
    """Load the embedder and open (creating) the vector index under ``<data>/vectors``; an
    index of another model's vectors is refused unless ``replace_model`` (to rebuild it)."""
    from indexer.embeddings import load_embedder
    from indexer.vectors import VectorIndex

    embedder = load_embedder(model)
    vectors = VectorIndex.open(Path(data_dir) / "vectors", embedder.dim, embedder.identity,
                               replace_model)
    return SemanticParts(embedder, vectors)


def later_parts(data_dir: Path) -> SemanticParts | None:
    """The semantic parts of an ingest whose vectors come later (``indexer.embed_later``): the
    vector index as it is on disk, no model loaded, so that re-written articles' vectors are
    dropped; None when there is none."""
    vectors = open_vectors(data_dir)
    return SemanticParts(None, vectors) if vectors is not None else None


def delete_articles(data_dir: Path, article_ids: list[str], semantic: bool = True
                    ) -> tuple[list[str], list[str]]:
    """Delete articles from the store and every derived index; returns (deleted, missing).

    Order: mark unindexed, remove from the indexes, then delete from the store. A crash part-way
    leaves the article stored and unindexed, which the next run re-indexes: never an index entry
    without its article.
    """
    store = Store.open(data_dir)
    keyword = open_engine(data_dir)
    try:
        present = [a for a in article_ids if store.article_state(a) is not None]
        missing = [a for a in article_ids if a not in present]
        if present:
            with store.transaction():
                store.mark_unindexed(present)
            parts = open_semantic(data_dir) if semantic else None
            if parts is not None:
                drop_articles(parts.vectors, present)
                commit_in_turn(parts.vectors)
            quotes = QuoteParts(QuoteIndex.open(data_dir, create=False),
                                open_quote_vectors(data_dir) if semantic else None)
            try:
                quotes.delete(present)
                quotes.commit()
            finally:
                quotes.close()
            with keyword.writer() as w:
                keyword.delete_articles(w, present)
            with store.transaction():
                for aid in present:
                    store.delete_article(aid)
    finally:
        keyword.close()
        store.close()
    return present, missing


def count_inputs(inputs: Iterable[str]) -> int | None:
    """Number of files under the inputs (for a progress total); None when unknown (URLs)."""
    total = 0
    for item in inputs:
        if item.startswith(("http://", "https://")):
            return None
        path = Path(item)
        if path.is_dir():
            total += sum(len(files) for _, _, files in os.walk(path))
        elif path.exists():
            total += 1
    return total


def ingest(
    inputs: list[str],
    data_dir: Path,
    options: LoadOptions | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    **kwargs: Any,
) -> IngestReport:
    """Ingest files, directories, archives and URLs into the store under ``data_dir``."""
    options = options or LoadOptions()
    if options.raw_dir is None:
        options.raw_dir = Path(data_dir) / "raw"
    return ingest_documents(iter_documents(inputs, options), data_dir, progress, batch_size,
                            **kwargs)


def ingest_documents(
    docs: Iterable[SourceDoc | Skip] | Iterator[SourceDoc | Skip],
    data_dir: Path,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    quotes: bool = True,
    semantic: bool = True,
    model: str | None = None,
) -> IngestReport:
    """Ingest already-loaded documents (importers in ``scripts/`` call this)."""
    report = IngestReport()
    store = Store.open(data_dir)
    keyword = open_engine(data_dir)
    parts = open_semantic(data_dir, model) if semantic else later_parts(data_dir)
    try:
        sync_indexes(store, keyword, parts)
        Ingestor(store, keyword, report, quotes=quotes, semantic=parts).run(
            docs, batch_size, progress)
    finally:
        keyword.close()
        store.close()
    return report
