"""Keyword-first ingest: vectors filled in behind, by a resumable ``onrecord embed``.

An ingest with ``--vectors later`` stores articles, passages and quotes and indexes them by
keyword (Whoosh) at the speed of spaCy and Whoosh, embedding nothing; the vectors of articles
it re-writes are dropped (``indexer.ingest.later_parts``), so no vector describes an older
text. ``embed`` then embeds every passage and quote of an indexed article that has no vector
yet; ``watch`` does so again and again, behind a running ingest or beside a server. What waits is not
recorded anywhere: it is the difference between the store and the vector indexes (``backlog``),
so a crash part-way loses at most one uncommitted chunk and the next run simply finds the rest.
Semantic and hybrid search rank the embedded passages by meaning and the others by keyword only;
``stats`` and every search result say how many passages still wait.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.ingest import SemanticParts, embedding_texts, open_semantic
from indexer.quote_index import open_quote_vectors, quote_embedding_text, quote_key, quote_rows
from indexer.store import Store
from indexer.vectors import commit_in_turn, vector_writer

CHUNK_TEXTS = 2_000  # passages and quotes embedded per commit: what a crash can cost again


@dataclass
class Backlog:
    """Passages (ids) and quotes (``<article>:<quote id>`` keys) of indexed articles that have
    no vector yet, grouped by article (in id order)."""

    passages: dict[str, list[str]] = field(default_factory=dict)
    quotes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def articles(self) -> list[str]:
        return sorted(self.passages.keys() | self.quotes.keys())

    @property
    def size(self) -> int:
        return sum(map(len, self.passages.values())) + sum(map(len, self.quotes.values()))


@dataclass
class EmbedReport:
    """What an ``embed`` run did, for the summary line and ``--json``."""

    passages: int = 0  # passage vectors added
    quotes: int = 0  # quote vectors added
    articles: int = 0
    changed: int = 0  # articles re-written while they were embedded: left for the next run
    remaining_passages: int = 0
    remaining_quotes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"passages": self.passages, "quotes": self.quotes, "articles": self.articles,
                "changed": self.changed, "remaining_passages": self.remaining_passages,
                "remaining_quotes": self.remaining_quotes}


def by_article(keys: set[str]) -> dict[str, list[str]]:
    """``<article id>:<n>`` keys grouped by article, each group in key order."""
    groups: dict[str, list[str]] = {}
    for key in sorted(keys):
        groups.setdefault(key.rsplit(":", 1)[0], []).append(key)
    return groups


def backlog(store: Store, vectors: Any, quote_vectors: Any) -> Backlog:
    """What waits for vectors: stored passages and quotes of indexed articles minus the ids the
    vector indexes hold (None: an index with nothing committed yet)."""
    passages = store.passage_ids(indexed_only=True) - set(vectors.ids() if vectors else ())
    quotes = store.quote_keys(indexed_only=True) - set(quote_vectors.ids() if quote_vectors
                                                        else ())
    return Backlog(by_article(passages), by_article(quotes))


def chunks_of(waiting: Backlog, size: int = CHUNK_TEXTS) -> list[list[str]]:
    """Article ids in groups of about ``size`` passages and quotes to embed (an article is
    never split)."""
    groups: list[list[str]] = []
    current: list[str] = []
    count = 0
    for aid in waiting.articles:
        current.append(aid)
        count += len(waiting.passages.get(aid, ())) + len(waiting.quotes.get(aid, ()))
        if count >= size:
            groups.append(current)
            current, count = [], 0
    if current:
        groups.append(current)
    return groups


def embed(data_dir: Path, model: str | None = None, embedder: Any = None,
          progress: Callable[[int], None] | None = None, chunk: int = CHUNK_TEXTS
          ) -> EmbedReport:
    """Embed every passage and quote of an indexed article that has no vector, committing every
    ``chunk`` texts; ``embedder`` (default: the model's) may be a Ray pool's
    (``indexer.ray_ingest``). ``progress`` gets the texts each commit added."""
    report = EmbedReport()
    store = Store.open(data_dir, readonly=True)
    try:
        if embedder is None:
            parts = open_semantic(data_dir, model)
        else:
            from indexer.vectors import VectorIndex

            parts = SemanticParts(embedder, VectorIndex.open(
                Path(data_dir) / "vectors", embedder.dim, embedder.identity))
        quote_vectors = open_quote_vectors(data_dir, parts.embedder)
        waiting = backlog(store, parts.vectors, quote_vectors)
        for group in chunks_of(waiting, chunk):
            added = _embed_articles(store, parts, quote_vectors, group, waiting, report)
            if progress:
                progress(added)
        after = backlog(store, parts.vectors, quote_vectors)
    finally:
        store.close()
    report.remaining_passages = sum(map(len, after.passages.values()))
    report.remaining_quotes = sum(map(len, after.quotes.values()))
    return report


def watch(data_dir: Path, every: float, model: str | None = None, embedder: Any = None,
          progress: Callable[[int], None] | None = None) -> Iterator[EmbedReport]:
    """``embed`` now and then again every ``every`` seconds, for ever (the caller stops it):
    the background worker that fills vectors in behind a keyword-first ingest or a server.
    Yields each round's report."""
    if embedder is None:
        from indexer.embeddings import load_embedder

        embedder = load_embedder(model)  # once, not each round
    while True:
        started = time.monotonic()
        yield embed(data_dir, model, embedder, progress)
        time.sleep(max(0.0, every - (time.monotonic() - started)))


def _embed_articles(store: Store, parts: SemanticParts, quote_vectors: Any,
                    article_ids: list[str], waiting: Backlog, report: EmbedReport) -> int:
    """Embed these articles' waiting passages and quotes and commit them, unless an ingest
    re-wrote the article meanwhile (its content hash changed, or it waits to be indexed):
    returns the number of texts committed."""
    read_as = {aid: store.article_state(aid) for aid in article_ids}
    meta = store.articles_meta(article_ids)
    wanted = {pid for aid in article_ids for pid in waiting.passages.get(aid, ())}
    every = list(store.passages_of_articles(article_ids))
    sizes = Counter(p.article_id for p in every)
    passages = [p for p in every if p.id in wanted]
    keys = {k for aid in article_ids for k in waiting.quotes.get(aid, ())}
    quotes = [r for r in quote_rows(store, article_ids)
              if quote_key(r["article_id"], r["id"]) in keys]
    texts = embedding_texts(passages, {a: m["title"] for a, m in meta.items()}, sizes)
    texts += [quote_embedding_text(r["speaker_name"], r["text"]) for r in quotes]
    vectors = parts.embedder.encode(texts) if texts else None
    with vector_writer(store.path.parent):
        pending = set(store.unindexed_article_ids())
        kept = {aid for aid in article_ids
                if aid not in pending and store.article_state(aid) == read_as[aid]}
        report.changed += len(article_ids) - len(kept)
        rows = [i for i, p in enumerate(passages) if p.article_id in kept]
        quote_rows_kept = [i for i, r in enumerate(quotes) if r["article_id"] in kept]
        if rows:
            parts.vectors.add([passages[i].id for i in rows], vectors[rows])
            commit_in_turn(parts.vectors)
        if quote_rows_kept:
            quote_vectors.add([quote_key(quotes[i]["article_id"], quotes[i]["id"])
                               for i in quote_rows_kept],
                              vectors[[len(passages) + i for i in quote_rows_kept]])
            commit_in_turn(quote_vectors)
    report.passages += len(rows)
    report.quotes += len(quote_rows_kept)
    report.articles += len(kept)
    return len(rows) + len(quote_rows_kept)
