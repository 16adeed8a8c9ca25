"""The SQLite store: the source of truth for articles, passages, duplicates, quotes and speakers.

WAL mode so readers keep reading while one writer ingests. Every write method takes part in the
caller's transaction (``with store.transaction():``) so a batch lands whole or not at all.

This module holds the connection, the schema and its upgrades. Each table's queries and its row
decoder live in a module named for it, mixed into ``Store``: ``indexer.store_articles``
(articles, passages, duplicates), ``indexer.store_quotes`` (quotes, stable quote ids, the one
quote serialiser ``quote_json``), ``indexer.store_speakers`` (the speaker registry) and
``indexer.store_watches`` (saved searches, their matches, the webhook outbox). Code
outside the store layer reads and writes through ``Store`` methods, never ``store.conn``.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from indexer.store_articles import ArticleQueries, article_from_row, issuer_view
from indexer.store_quotes import QUOTE_COLUMNS, QuoteQueries, quote_ids, quote_key
from indexer.store_speakers import REDIRECTS, SpeakerQueries
from indexer.store_sql import dumps
from indexer.store_watches import WATCH_TABLES, WatchQueries

__all__ = ["QUOTE_COLUMNS", "SCHEMA_VERSION", "Store", "StoreError", "article_from_row", "dumps",
           "integrity_check", "issuer_view", "quote_ids", "quote_key"]

SCHEMA_VERSION = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    source TEXT,
    url TEXT,
    title TEXT NOT NULL,
    published TEXT,
    published_precision TEXT,
    byline TEXT,
    dateline TEXT,
    language TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    minhash BLOB,
    ingested_at TEXT NOT NULL,
    indexed INTEGER NOT NULL DEFAULT 0,
    raw TEXT,
    raw_meta TEXT,
    issuer TEXT,
    issuer_kind TEXT,
    issuer_id INTEGER,
    issuer_cue TEXT
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_unindexed ON articles(indexed) WHERE indexed = 0;
CREATE INDEX IF NOT EXISTS articles_issuer ON articles(issuer_id);
CREATE TABLE IF NOT EXISTS passages (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_article ON passages(article_id, ordinal);
CREATE TABLE IF NOT EXISTS duplicates (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    canonical_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    similarity REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS duplicates_canonical ON duplicates(canonical_id);
CREATE TABLE IF NOT EXISTS speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'person',
    aliases TEXT NOT NULL DEFAULT '[]',
    roles TEXT NOT NULL DEFAULT '[]',
    orgs TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    passage_id TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    cue TEXT,
    mention TEXT,
    mention_start INTEGER,
    mention_end INTEGER,
    speaker_id INTEGER REFERENCES speakers(id),
    speaker_name TEXT,
    speaker_role TEXT,
    speaker_org TEXT,
    confidence REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);
CREATE INDEX IF NOT EXISTS quotes_passage ON quotes(passage_id);
""" + ";\n".join(WATCH_TABLES) + ";\n"


# Steps from each schema version to the next, run in one transaction by a writable open.
# 1 -> 2: the loader's text before normalisation (``raw``) and its metadata (``raw_meta``, JSON),
# so that ``onrecord reindex --renormalise`` can read articles again; rows from before stay NULL.
# 2 -> 3: who issued each article (``issuer``, ``issuer_kind``, registry ``issuer_id`` and the
# evidence ``issuer_cue``); rows from before stay NULL until they are ingested again.
# 3 -> 4: saved searches and what they matched, with the webhook outbox (``store_watches``).
_UPGRADES: dict[int, tuple[str, ...]] = {
    1: ("ALTER TABLE articles ADD COLUMN raw TEXT",
        "ALTER TABLE articles ADD COLUMN raw_meta TEXT"),
    2: ("ALTER TABLE articles ADD COLUMN issuer TEXT",
        "ALTER TABLE articles ADD COLUMN issuer_kind TEXT",
        "ALTER TABLE articles ADD COLUMN issuer_id INTEGER",
        "ALTER TABLE articles ADD COLUMN issuer_cue TEXT",
        "CREATE INDEX IF NOT EXISTS articles_issuer ON articles(issuer_id)"),
    3: WATCH_TABLES,
}



class StoreError(Exception):
    """A store that cannot be opened or used; the message is one line for the user."""


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection; on read-only media, where SQLite cannot create the WAL index
    beside the file (so no writer can be there either), the file is opened as immutable."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=30)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK) and not _read_only_mount(path.parent):
            raise
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False, timeout=30)


def integrity_check(data_dir: Path) -> str:
    """SQLite's integrity check of the store in ``data_dir`` ("ok", else its findings joined
    by '; '), on a read-only connection of its own."""
    path = Path(data_dir) / "store.sqlite3"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def _read_only_mount(directory: Path) -> bool:
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except OSError:
        return False


class Store(ArticleQueries, QuoteQueries, SpeakerQueries, WatchQueries):
    """A connection to ``<data>/store.sqlite3``; create it with ``Store.open(data_dir)``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.schema_version: int | None = None  # as the file records it, set on open

    @classmethod
    def open(cls, data_dir: Path, readonly: bool = False) -> Store:
        """Open (creating when needed) the store in ``data_dir`` and check its schema version."""
        path = Path(data_dir) / "store.sqlite3"
        try:
            if readonly:
                if not path.exists():
                    raise StoreError(f"no store at {path}: run 'onrecord ingest' first")
                conn = _connect_readonly(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
            conn.row_factory = sqlite3.Row
            conn.isolation_level = None  # explicit transactions only
            if not readonly:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            store = cls(conn, path)
            store._check_schema(readonly)
            if not readonly:
                store._additive_upgrades()
            return store
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot open store {path}: {exc.strerror or exc}") from exc

    def _stored_version(self) -> int | None:
        """The schema version the file records (None for an empty file)."""
        has_meta = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        if not has_meta:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else None

    def _check_schema(self, readonly: bool) -> None:
        """Refuse a newer store; create a new one; upgrade an older one in place (``_UPGRADES``)
        when writable. A read-only open of an older store reads it as it is."""
        version = self._stored_version()
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {version}, newer than this OnRecord "
                f"({SCHEMA_VERSION}); upgrade OnRecord"
            )
        self.schema_version = version
        if version == SCHEMA_VERSION or readonly:
            if version is None and readonly:
                raise StoreError(f"store {self.path} is empty or not an OnRecord store")
            return
        with self.transaction():
            version = self._stored_version()  # again under the write lock: another process
            if version != SCHEMA_VERSION:     # may have upgraded it meanwhile
                for statement in _SCHEMA.split(";"):
                    if statement.strip() and (version is None or "articles_issuer" not in statement):
                        self.conn.execute(statement)
                for step in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
                    for statement in _UPGRADES[step]:
                        if not self._has_column_added_by(statement):
                            self.conn.execute(statement)
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        self.schema_version = SCHEMA_VERSION

    def _has_column_added_by(self, statement: str) -> bool:
        """Whether an ``ALTER TABLE t ADD COLUMN c`` step's column is already there (a store
        whose earlier upgrade stopped half-way, or was copied from a newer one): then skip it."""
        m = re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", statement)
        if m is None:
            return False
        return any(r[1] == m.group(2) for r in self.conn.execute(f"PRAGMA table_info({m.group(1)})"))

    def _additive_upgrades(self) -> None:
        """Idempotent steps any writable open applies (cheap when done): the speaker redirect
        table, and stable quote ids for quotes stored before they were derived from the quote
        (``quote_ids``). They change no schema version: a store without them still reads."""
        has_redirects = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='speaker_redirects'"
        ).fetchone()
        stable = self.conn.execute(
            "SELECT 1 FROM meta WHERE key='quote_ids' AND value='stable'").fetchone()
        if has_redirects and stable:
            return
        with self.transaction():
            self.conn.execute(REDIRECTS)
            if not stable:
                self._restamp_quote_ids()
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES('quote_ids', 'stable')")

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: committed on success, rolled back on any error.

        A failed write or commit (disk full, read-only file) becomes a one-line ``StoreError``;
        SQLite may already have rolled back by then, so the rollback is only issued if needed.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write store {self.path}: {exc}") from exc

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "duplicates": one("SELECT COUNT(*) FROM duplicates"),
            "passages": one("SELECT COUNT(*) FROM passages"),
            "quotes": one("SELECT COUNT(*) FROM quotes"),
            "speakers": one("SELECT COUNT(*) FROM speakers"),
            "unresolved_mentions": one("SELECT COUNT(*) FROM quotes"
                                       " WHERE mention IS NOT NULL AND speaker_id IS NULL"),
            "sources": one("SELECT COUNT(DISTINCT source) FROM articles"),
            "earliest": one("SELECT MIN(published) FROM articles"),
            "latest": one("SELECT MAX(published) FROM articles"),
            "schema_version": self.schema_version,
        }
