"""The keyword engine interface: what the search service needs from a full-text engine.

``indexer.keyword_index.KeywordIndex`` (Whoosh) and ``indexer.milvus_engine.MilvusIndex`` (a
Milvus collection) implement it; ``indexer.engines`` opens a data folder's. The query model (``indexer.querymodel``) and the
filters are engine-neutral; everything else the search contract promises (one result set behind
hits, totals, facets and paging, hybrid fusion, speaker boosts) is computed by the service over
what ``match`` and ``candidates`` return, so an engine only has to:

- index passages (``begin`` a writer, ``add_document`` each passage's fields, ``delete_by_term``
  an article's passages, ``commit`` or ``cancel``), and count them (``doc_count``);
- parse query syntax into its own query form (``parse``), raising ``QueryError`` on mistakes;
- return *every* passage a query matches under filters, scored (``match``), never a top-k: totals
  and facets are exact because the service sees the whole set;
- give the passages filters allow and the query's ``NOT`` parts do not exclude (``candidates``),
  which semantic and hybrid modes rank, and a filter's mask alone (``allowed``);
- name the words it matched, for highlighting (``query_terms``), and the informative words of a
  few texts against the collection, for feedback (``key_terms``), and how many passages hold
  each of a query's words, for its notices (``word_counts``; empty where unknown).

Results are positions in a ``Tables`` snapshot: dense arrays over the engine's passages, stable
while the snapshot is held, so scores from several legs of one search line up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, runtime_checkable

import numpy as np

from indexer.querymodel import Filters


@runtime_checkable
class Tables(Protocol):
    """One snapshot of the engine's passages: position -> passage id and article."""

    passage_ids: Sequence[str]  # "" where a position holds no live passage
    article_ids: Sequence[str]  # article of each article code
    article_code: np.ndarray  # position -> article code


@runtime_checkable
class EngineWriter(Protocol):
    """A batch of index changes, applied together on ``commit``."""

    def add_document(self, **fields: Any) -> None: ...

    def delete_by_term(self, fieldname: str, text: str) -> Any: ...

    def commit(self) -> None: ...

    def cancel(self) -> None: ...


@runtime_checkable
class KeywordEngine(Protocol):
    """A full-text engine over passages, as the search service and ingest use it."""

    ENGINE: str  # its name, as ``--engine`` spells it

    @property
    def exists(self) -> bool: ...

    def begin(self, procs: int = 1, limitmb: int = 256) -> EngineWriter: ...

    def doc_count(self) -> int: ...

    def optimize(self) -> int: ...

    def recreate(self) -> None: ...

    def close(self) -> None: ...

    def parse(self, text: str) -> Any: ...

    def tables(self) -> Tables: ...

    def match(self, q: Any, filters: Filters, tables: Any = None
              ) -> tuple[Tables, np.ndarray, np.ndarray]: ...

    def candidates(self, t: Any, filters: Filters, q: Any) -> np.ndarray: ...

    def allowed(self, t: Any, filters: Filters) -> np.ndarray | None: ...

    def query_terms(self, q: Any) -> set[str]: ...

    def key_terms(self, texts: Iterable[str], count: int) -> list[tuple[str, int]]: ...

    def word_counts(self, words: Iterable[str]) -> dict[str, int | None]: ...


@contextmanager
def committing(writer: EngineWriter) -> Iterator[Any]:
    """Use ``writer``, then commit it, or cancel it on an error."""
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
