"""Agreement between the store and its derived indexes (Whoosh documents, passage vectors).

The store is the source of truth. ``check_consistency`` lists every disagreement for tests and
``stress.py``; ``index_drift`` is the cheap part ingest uses to find what to repair: it compares
counts first and only reads every id when they differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.engines import open_engine
from indexer.keyword_index import KeywordIndex
from indexer.store import Store, integrity_check


@dataclass
class Drift:
    """Passage ids an index lacks (``missing``), holds without a stored passage (``extra``) or
    holds more than once (``repeated``)."""

    missing: set[str] = field(default_factory=set)
    extra: set[str] = field(default_factory=set)
    repeated: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.repeated)


@dataclass
class Report:
    """Everything that disagrees, by kind; ``ok`` when nothing does."""

    integrity: str = "ok"  # PRAGMA integrity_check's verdict
    articles: int = 0
    passages: int = 0
    unindexed: list[str] = field(default_factory=list)  # stored, index update pending
    half_present: list[str] = field(default_factory=list)  # canonical articles without passages
    bad_offsets: list[str] = field(default_factory=list)  # passages not matching their span
    keyword_missing: list[str] = field(default_factory=list)
    keyword_extra: list[str] = field(default_factory=list)
    keyword_repeated: list[str] = field(default_factory=list)  # one passage, several documents
    vectors_checked: bool = False
    vectors_missing: list[str] = field(default_factory=list)
    vectors_extra: list[str] = field(default_factory=list)
    quotes_missing: list[str] = field(default_factory=list)  # quote index (article:quote keys)
    quotes_extra: list[str] = field(default_factory=list)
    quotes_repeated: list[str] = field(default_factory=list)
    quote_vectors_missing: list[str] = field(default_factory=list)
    quote_vectors_extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.problems()

    def problems(self) -> list[str]:
        """One line per kind of disagreement (with up to three examples)."""
        lines = [] if self.integrity == "ok" else [f"integrity check: {self.integrity}"]
        for name in ("unindexed", "half_present", "bad_offsets", "keyword_missing",
                     "keyword_extra", "keyword_repeated", "vectors_missing", "vectors_extra",
                     "quotes_missing", "quotes_extra", "quotes_repeated",
                     "quote_vectors_missing", "quote_vectors_extra"):
            ids = getattr(self, name)
            if ids:
                lines.append(f"{name.replace('_', ' ')}: {len(ids)} (e.g. {', '.join(ids[:3])})")
        return lines


def stored_passage_ids(store: Store, indexed_only: bool = True) -> set[str]:
    """Ids of stored passages (by default only those of articles marked indexed)."""
    return store.passage_ids(indexed_only)


def indexed_passage_count(store: Store) -> int:
    return store.passage_count(indexed_only=True)


def keyword_passage_ids(keyword: KeywordIndex) -> list[str]:
    """Passage ids of the live keyword documents (a repeated id appears repeatedly)."""
    return keyword.passage_ids() if keyword.exists else []


def repeated_ids(ids: list[str]) -> set[str]:
    """Ids that occur more than once."""
    seen: set[str] = set()
    return {i for i in ids if i in seen or seen.add(i)}


def diff_ids(expected: set[str], present: list[str], pending: set[str]) -> Drift:
    """What ``present`` lacks, has beyond ``expected`` or repeats, ignoring pending articles."""

    def settled(pid: str) -> bool:
        return pid.rsplit(":", 1)[0] not in pending

    have = set(present)
    return Drift(
        missing={p for p in expected - have if settled(p)},
        extra={p for p in have - expected if settled(p)},
        repeated={p for p in repeated_ids(present) if settled(p)},
    )


def index_drift(store: Store, keyword: KeywordIndex, vectors: Any = None
                ) -> tuple[Drift, Drift]:
    """(keyword drift, vector drift) against passages of indexed articles.

    Counts are compared first; ids are read only for an index whose count differs, so the
    usual case costs two counts.
    """
    want = indexed_passage_count(store)
    key_drift, vec_drift = Drift(), Drift()
    key_count = keyword.doc_count()
    vec_count = len(vectors) if vectors is not None else want
    if key_count == want and vec_count == want:
        return key_drift, vec_drift
    expected = stored_passage_ids(store)
    pending = set(store.unindexed_article_ids())
    if key_count != want:
        key_drift = diff_ids(expected, keyword_passage_ids(keyword), pending)
    if vec_count != want:
        vec_drift = diff_ids(expected, vectors.ids(), pending)
    return key_drift, vec_drift


def quote_drift(store: Store, quotes: Any, vectors: Any = None) -> tuple[Drift, Drift]:
    """(quote index drift, quote vector drift) against the quotes of indexed articles, keyed
    ``<article id>:<quote id>``; counts first, as ``index_drift``."""
    want = indexed_quote_count(store)
    key_drift, vec_drift = Drift(), Drift()
    key_count = quotes.doc_count()
    vec_count = len(vectors) if vectors is not None else want
    if key_count == want and vec_count == want:
        return key_drift, vec_drift
    expected = stored_quote_keys(store)
    pending = set(store.unindexed_article_ids())
    if key_count != want:
        key_drift = diff_ids(expected, quotes.keys(), pending)
    if vec_count != want:
        vec_drift = diff_ids(expected, vectors.ids(), pending)
    return key_drift, vec_drift


def indexed_quote_count(store: Store) -> int:
    return store.quote_count(indexed_only=True)


def stored_quote_keys(store: Store, indexed_only: bool = True) -> set[str]:
    """``<article id>:<quote id>`` of stored quotes (by default of indexed articles only)."""
    return store.quote_keys(indexed_only)


def open_vectors(data_dir: Path) -> Any:
    """The vector index under ``<data>/vectors``, its dimension read from the manifest so no
    embedding model is loaded; None when nothing was committed there."""
    from indexer.vectors import MANIFEST, VectorIndex

    path = Path(data_dir) / "vectors"
    try:
        dim = int(json.loads((path / MANIFEST).read_text(encoding="utf-8"))["dim"])
    except FileNotFoundError:
        return None
    return VectorIndex.open(path, dim)


def check_consistency(data_dir: Path) -> Report:
    """Compare the store with its Whoosh and vector indexes and list every disagreement.

    Read-only. Passages of articles still marked unindexed (an interrupted ingest) are reported
    as ``unindexed``, not as index disagreements: the next ingest repairs them.
    """
    report = Report()
    report.integrity = integrity_check(data_dir)
    store = Store.open(data_dir, readonly=True)
    try:
        _check_store(store, report)
        expected = stored_passage_ids(store)
        pending = set(report.unindexed)
        keyword = open_engine(data_dir, create=False)
        try:
            ids = keyword_passage_ids(keyword)
        finally:
            keyword.close()
        drift = diff_ids(expected, ids, pending)
        report.keyword_missing, report.keyword_extra = sorted(drift.missing), sorted(drift.extra)
        report.keyword_repeated = sorted(drift.repeated)
        vectors = open_vectors(data_dir)
        if vectors is not None:
            report.vectors_checked = True
            drift = diff_ids(expected, vectors.ids(), pending)
            report.vectors_missing = sorted(drift.missing)
            report.vectors_extra = sorted(drift.extra)
        _check_quotes(data_dir, store, report, vectors is not None)
    finally:
        store.close()
    return report


def _check_quotes(data_dir: Path, store: Store, report: Report, vectors: bool) -> None:
    """The quote index and quote vectors against the quotes of indexed articles (the quote
    vectors only where passage vectors exist: an ingest without vectors makes neither)."""
    from indexer.quote_index import QuoteIndex, open_quote_vectors

    expected = stored_quote_keys(store)
    pending = set(report.unindexed)
    quotes = QuoteIndex.open(data_dir, create=False)
    try:
        drift = diff_ids(expected, quotes.keys(), pending)
    finally:
        quotes.close()
    report.quotes_missing, report.quotes_extra = sorted(drift.missing), sorted(drift.extra)
    report.quotes_repeated = sorted(drift.repeated)
    quote_vectors = open_quote_vectors(data_dir) if vectors else None
    if quote_vectors is not None or (vectors and expected):
        drift = diff_ids(expected, quote_vectors.ids() if quote_vectors else [], pending)
        report.quote_vectors_missing = sorted(drift.missing)
        report.quote_vectors_extra = sorted(drift.extra)


def _check_store(store: Store, report: Report) -> None:
    """Counts, pending articles, canonical articles without passages, and passage spans."""
    report.articles = store.article_count()
    report.passages = store.passage_count()
    report.unindexed = sorted(store.unindexed_article_ids())
    report.half_present = store.articles_without_passages()
    report.bad_offsets = store.passages_off_text()
