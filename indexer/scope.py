"""A search restricted to some articles' passages: an ingest batch's new articles, which every
watch of the batch asks about. Keyword and semantic modes then score those passages alone (the
Whoosh engine's ``match(within=...)``, cosines with their vectors only) instead of the whole
index, giving each the score the whole search gives it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from indexer.querymodel import Filters


@dataclass
class Scope:
    """Some articles' live passages in one pinned keyword snapshot, and (on first semantic use)
    their vectors, gathered once for every query asked about them."""

    tables: Any  # the keyword engine's snapshot, pinned: docnums stay comparable
    docs: np.ndarray  # docnums of the articles' live passages, ascending
    mask: np.ndarray  # the same as a boolean mask over the snapshot's docnums
    scored: int = 0  # passage vectors scored against queries (every one, without a scope)
    _vectors: tuple[int, np.ndarray, np.ndarray] | None = None  # generation, docnums, vectors

    @classmethod
    def of_articles(cls, tables: Any, article_ids: Iterable[str]) -> Scope:
        """The passages of ``article_ids`` in ``tables``."""
        wanted = set(article_ids)
        articles = np.fromiter((a in wanted for a in tables.article_ids), dtype=bool,
                               count=len(tables.article_ids))
        mask = articles[tables.article_code] & tables.live if len(articles) else \
            np.zeros(len(tables.passage_ids), dtype=bool)
        return cls(tables, np.flatnonzero(mask), mask)

    def match(self, engine: Any, q: Any, filters: Filters
              ) -> tuple[Any, np.ndarray, np.ndarray]:
        """``engine.match`` over the pinned snapshot and these passages: scored alone where the
        engine can (``SCORES_WITHIN``), else its matches over the whole index cut to them."""
        if getattr(engine, "SCORES_WITHIN", False):
            return engine.match(q, filters, self.tables, within=self.docs)
        t, docs, scores = engine.match(q, filters, self.tables)
        keep = self.mask[docs]
        return t, docs[keep], scores[keep]

    def cosines(self, vectors: Any, vector: np.ndarray | None) -> np.ndarray:
        """The cosine of ``vector`` with each of these passages' vectors, per docnum (nan for
        other passages and those without a vector), their vectors gathered once per committed
        generation."""
        out = np.full(len(self.tables.passage_ids), np.nan)
        if vector is None:
            return out
        if self._vectors is None or self._vectors[0] != vectors.generation:
            generation = vectors.generation
            found, matrix = vectors.gathered([self.tables.passage_ids[d] for d in self.docs])
            self._vectors = (generation, self.docs[found], matrix)
        _, docs, matrix = self._vectors
        if len(docs):
            out[docs] = matrix @ np.asarray(vector, dtype=np.float32).reshape(-1)
            self.scored += len(docs)
        return out
