"""The ingest pipeline: loaders -> normalisation -> dedup -> store -> derived indexes.

Work goes in batches. Each batch is one SQLite transaction (a batch lands whole or not at all);
the keyword index is then updated and the batch marked indexed. Articles left unindexed by a
crash between those steps are found and indexed by ``sync_indexes`` on the next run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.dedup import NearDuplicateFinder, from_blob, signature, to_blob
from indexer.keyword_index import KeywordIndex, passage_document
from indexer.loaders import iter_documents
from indexer.loaders.options import LoadOptions
from indexer.normalise import normalise
from indexer.passages import split_passages
from indexer.records import Article, Passage, Skip, SourceDoc
from indexer.store import Store

BATCH_SIZE = 500


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
    """What makes two inputs the same article: its URL, else its absolute origin."""
    if doc.url:
        return doc.url
    origin = doc.origin
    cut = min((i for i in (origin.find("!"), origin.find("#")) if i >= 0), default=len(origin))
    head, tail = origin[:cut], origin[cut:]
    if head and not head.startswith(("http://", "https://")):
        head = os.path.abspath(head)
    return head + tail


@dataclass
class _Pending:
    article: Article
    passages: list[Passage]


class Ingestor:
    """Runs batches of documents into a store and its keyword index."""

    def __init__(self, store: Store, keyword: KeywordIndex, report: IngestReport) -> None:
        self.store = store
        self.keyword = keyword
        self.report = report
        self.finder = NearDuplicateFinder()
        for aid, blob in store.minhashes():
            self.finder.add(aid, from_blob(blob))

    def run(self, docs: Iterable[SourceDoc | Skip], batch_size: int = BATCH_SIZE,
            progress: Callable[[int], None] | None = None) -> None:
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
                self.write_batch(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            self.write_batch(batch)
            if progress:
                progress(len(batch))

    def write_batch(self, docs: list[SourceDoc]) -> None:
        """Normalise, dedup and store a batch in one transaction, then index it."""
        prepared: list[tuple[Article, bytes]] = []
        for doc in docs:
            article = normalise(doc, identity_of(doc))
            if article is None:
                self.report.skipped.append(Skip(doc.origin, "no text left after cleaning"))
                continue
            prepared.append((article, to_blob(signature(article.text))))
        pending: list[_Pending] = []
        counts = {"added": 0, "updated": 0, "unchanged": 0, "duplicates": 0}
        with self.store.transaction():
            for article, blob in prepared:
                state = self.store.article_state(article.id)
                if state is not None and state[0] == article.content_hash:
                    counts["unchanged"] += 1
                    continue
                is_update = state is not None
                self.store.put_article(article, blob)
                canonical = self.store.canonical_by_hash(article.content_hash, exclude=article.id)
                near = None if canonical else self.finder.best_match(from_blob(blob), exclude=article.id)
                if canonical or near:
                    target, kind, sim = (canonical, "exact", 1.0) if canonical else (near[0], "near", near[1])
                    self.store.link_duplicate(article.id, target, kind, sim)
                    counts["duplicates"] += 1
                    self.finder.remove(article.id)
                    pending.append(_Pending(article, []))
                    continue
                passages = split_passages(article)
                self.store.put_passages(passages)
                self.finder.add(article.id, from_blob(blob))
                counts["updated" if is_update else "added"] += 1
                pending.append(_Pending(article, passages))
        # A failed transaction raises and ends the run, so the finder never outlives a rollback.
        for key, value in counts.items():
            setattr(self.report, key, getattr(self.report, key) + value)
        self.report.passages += sum(len(p.passages) for p in pending)
        self.index(pending)

    def index(self, pending: list[_Pending]) -> None:
        """Bring the keyword index up to date with these stored articles, then mark them."""
        if not pending:
            return
        with self.keyword.writer() as w:
            for p in pending:
                w.delete_by_term("article_id", p.article.id)
                for passage in p.passages:
                    w.add_document(**passage_document(
                        passage.id, p.article.id, passage.text, p.article.title,
                        p.article.source, p.article.published,
                    ))
        with self.store.transaction():
            self.store.mark_indexed(p.article.id for p in pending)


def sync_indexes(store: Store, keyword: KeywordIndex) -> int:
    """Index articles a crash left stored but unindexed; returns how many were repaired."""
    ids = store.unindexed_article_ids()
    if not ids:
        return 0
    meta = store.articles_meta(ids)
    by_article: dict[str, list[Passage]] = {aid: [] for aid in ids}
    for passage in store.passages_of_articles(ids):
        by_article[passage.article_id].append(passage)
    with keyword.writer() as w:
        for aid, passages in by_article.items():
            w.delete_by_term("article_id", aid)
            m = meta[aid]
            for passage in passages:
                w.add_document(**passage_document(
                    passage.id, aid, passage.text, m["title"], m["source"], m["published"]
                ))
    with store.transaction():
        store.mark_indexed(ids)
    return len(ids)


def rebuild_indexes(store: Store, keyword: KeywordIndex) -> int:
    """Rebuild the keyword index from the store; returns the number of passages indexed."""
    keyword.recreate()
    with store.transaction():
        store.conn.execute("UPDATE articles SET indexed = 0")
    sync_indexes(store, keyword)
    return keyword.doc_count()


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
) -> IngestReport:
    """Ingest files, directories, archives and URLs into the store under ``data_dir``."""
    options = options or LoadOptions()
    if options.raw_dir is None:
        options.raw_dir = Path(data_dir) / "raw"
    return ingest_documents(iter_documents(inputs, options), data_dir, progress, batch_size)


def ingest_documents(
    docs: Iterable[SourceDoc | Skip] | Iterator[SourceDoc | Skip],
    data_dir: Path,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Ingest already-loaded documents (importers in ``scripts/`` call this)."""
    report = IngestReport()
    store = Store.open(data_dir)
    keyword = KeywordIndex.open(data_dir)
    try:
        sync_indexes(store, keyword)
        Ingestor(store, keyword, report).run(docs, batch_size, progress)
    finally:
        keyword.close()
        store.close()
    return report
