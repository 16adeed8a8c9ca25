"""The SQLite store: the source of truth for articles, passages, duplicates, quotes and speakers.

WAL mode so readers keep reading while one writer ingests. Every write method takes part in the
caller's transaction (``with store.transaction():``) so a batch lands whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.records import Article, Passage, Quote

SCHEMA_VERSION = 3

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
"""


# Steps from each schema version to the next, run in one transaction by a writable open.
# 1 -> 2: the loader's text before normalisation (``raw``) and its metadata (``raw_meta``, JSON),
# so that ``onrecord reindex --renormalise`` can read articles again; rows from before stay NULL.
# 2 -> 3: who issued each article (``issuer``, ``issuer_kind``, registry ``issuer_id`` and the
# evidence ``issuer_cue``); rows from before stay NULL until they are ingested again.
_UPGRADES: dict[int, tuple[str, ...]] = {
    1: ("ALTER TABLE articles ADD COLUMN raw TEXT",
        "ALTER TABLE articles ADD COLUMN raw_meta TEXT"),
    2: ("ALTER TABLE articles ADD COLUMN issuer TEXT",
        "ALTER TABLE articles ADD COLUMN issuer_kind TEXT",
        "ALTER TABLE articles ADD COLUMN issuer_id INTEGER",
        "ALTER TABLE articles ADD COLUMN issuer_cue TEXT",
        "CREATE INDEX IF NOT EXISTS articles_issuer ON articles(issuer_id)"),
}


QUOTE_COLUMNS = (
    "q.id, q.article_id, q.passage_id, q.start, q.end, q.text, q.kind, q.cue, q.mention,"
    " q.speaker_id, COALESCE(s.name, q.speaker_name) AS speaker, q.speaker_name AS speaker_as_written,"
    " q.speaker_role, q.speaker_org, s.kind AS speaker_kind, q.confidence"
)


class StoreError(Exception):
    """A store that cannot be opened or used; the message is one line for the user."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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


def _read_only_mount(directory: Path) -> bool:
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except OSError:
        return False


class Store:
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
            self.conn.execute(_REDIRECTS)
            if not stable:
                self._restamp_quote_ids()
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES('quote_ids', 'stable')")

    def _restamp_quote_ids(self) -> None:
        """Give every stored quote its stable id (in the caller's transaction)."""
        rows = self.conn.execute(
            "SELECT id, article_id, text FROM quotes ORDER BY article_id, start, id").fetchall()
        if not rows:
            return
        new_ids: list[tuple[int, int]] = []
        taken: set[int] = set()
        for aid, group in _grouped(rows):
            for (old, _, _), new in zip(group, quote_ids(aid, [r[2] for r in group], taken),
                                        strict=True):
                new_ids.append((new, -old - 1))
        self.conn.execute("UPDATE quotes SET id = -id - 1")  # no clash while renumbering
        self.conn.executemany("UPDATE quotes SET id = ? WHERE id = ?", new_ids)

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

    # --- articles ---------------------------------------------------------------------------

    def article_state(self, article_id: str) -> tuple[str, bool] | None:
        """(content hash, is a duplicate) of a stored article, or None."""
        row = self.conn.execute(
            "SELECT a.content_hash, d.article_id IS NOT NULL FROM articles a "
            "LEFT JOIN duplicates d ON d.article_id = a.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return (row[0], bool(row[1])) if row else None

    def canonical_by_hash(self, content_hash: str, exclude: str) -> str | None:
        """A non-duplicate article with this content hash, other than ``exclude``."""
        row = self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id "
            "WHERE a.content_hash = ? AND a.id != ? AND d.article_id IS NULL ORDER BY a.id LIMIT 1",
            (content_hash, exclude),
        ).fetchone()
        return row[0] if row else None

    def put_article(self, article: Article, minhash: bytes | None) -> None:
        """Insert or update an article; an update clears its passages, quotes and own dup link.

        Reprints linked to it stay linked.
        """
        self.conn.execute(
            "INSERT INTO articles(id, origin, source, url, title, published, published_precision,"
            " byline, dateline, language, text, content_hash, minhash, ingested_at, indexed,"
            " raw, raw_meta, issuer, issuer_kind, issuer_id, issuer_cue)"
            " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET origin=excluded.origin, source=excluded.source,"
            " url=excluded.url, title=excluded.title, published=excluded.published,"
            " published_precision=excluded.published_precision, byline=excluded.byline,"
            " dateline=excluded.dateline, language=excluded.language, text=excluded.text,"
            " content_hash=excluded.content_hash, minhash=excluded.minhash,"
            " ingested_at=excluded.ingested_at, indexed=0, raw=excluded.raw,"
            " raw_meta=excluded.raw_meta, issuer=excluded.issuer, issuer_kind=excluded.issuer_kind,"
            " issuer_id=excluded.issuer_id, issuer_cue=excluded.issuer_cue",
            (
                article.id, article.origin, article.source, article.url, article.title,
                article.published, article.published_precision, article.byline, article.dateline,
                article.language, article.text, article.content_hash, minhash, _now(),
                article.raw, None if article.raw_meta is None else dumps(article.raw_meta),
                article.issuer, article.issuer_kind, article.issuer_id, article.issuer_cue,
            ),
        )
        self.conn.execute("DELETE FROM passages WHERE article_id = ?", (article.id,))
        self.conn.execute("DELETE FROM quotes WHERE article_id = ?", (article.id,))
        self.conn.execute("DELETE FROM duplicates WHERE article_id = ?", (article.id,))

    def set_issuer_id(self, article_id: str, issuer_id: int | None) -> None:
        """Record the registry id of an article's issuer."""
        self.conn.execute("UPDATE articles SET issuer_id = ? WHERE id = ?", (issuer_id, article_id))

    def _issuer_columns(self, alias: str = "") -> str:
        """The issuer columns to select (NULLs for a store from before schema version 3, read
        as it is), with the issuer's registry name."""
        if self.schema_version is not None and self.schema_version < 3:
            return (", NULL AS issuer, NULL AS issuer_kind, NULL AS issuer_id,"
                    " NULL AS issuer_cue, NULL AS issuer_name")
        a = f"{alias}." if alias else ""
        return (f", {a}issuer, {a}issuer_kind, {a}issuer_id, {a}issuer_cue,"
                f" (SELECT name FROM speakers WHERE id = {a}issuer_id) AS issuer_name")

    def delete_article(self, article_id: str) -> None:
        """Remove an article with its passages, quotes and duplicate links (cascades)."""
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def put_passages(self, passages: Iterable[Passage]) -> None:
        self.conn.executemany(
            "INSERT INTO passages(id, article_id, ordinal, start, end, text) VALUES(?,?,?,?,?,?)",
            [(p.id, p.article_id, p.ordinal, p.start, p.end, p.text) for p in passages],
        )

    def link_duplicate(self, article_id: str, canonical_id: str, kind: str, similarity: float) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO duplicates(article_id, canonical_id, kind, similarity)"
            " VALUES(?,?,?,?)",
            (article_id, canonical_id, kind, similarity),
        )

    def put_quotes(self, article_id: str, rows: Iterable[tuple[Quote, str | None, int | None]]) -> None:
        """Store an article's quotes as (quote, passage id, registry speaker id) rows, each
        with its stable id (``quote_ids``; call after ``put_article`` cleared the old ones)."""
        rows = sorted(rows, key=lambda r: r[0].start)
        ids = quote_ids(article_id, [q.text for q, _, _ in rows], None, self._quote_id_taken)
        self.conn.executemany(
            "INSERT INTO quotes(id, article_id, passage_id, start, end, text, kind, cue, mention,"
            " mention_start, mention_end, speaker_id, speaker_name, speaker_role, speaker_org,"
            " confidence) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    qid, article_id, pid, q.start, q.end, q.text, q.kind, q.cue, q.mention,
                    q.mention_start, q.mention_end, sid, q.speaker, q.speaker_role, q.speaker_org,
                    q.confidence,
                )
                for qid, (q, pid, sid) in zip(ids, rows, strict=True)
            ],
        )

    def _quote_id_taken(self, quote_id: int) -> bool:
        return self.conn.execute("SELECT 1 FROM quotes WHERE id = ?", (quote_id,)).fetchone() \
            is not None

    def mark_indexed(self, article_ids: Iterable[str]) -> None:
        self.conn.executemany(
            "UPDATE articles SET indexed = 1 WHERE id = ?", [(a,) for a in article_ids]
        )

    def mark_unindexed(self, article_ids: Iterable[str]) -> None:
        """Flag articles whose index entries are stale, for ``sync_indexes`` to re-index."""
        self.conn.executemany(
            "UPDATE articles SET indexed = 0 WHERE id = ?", [(a,) for a in article_ids]
        )

    def unindexed_article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE indexed = 0")]

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        """Signatures of canonical (non-duplicate) articles, for the near-duplicate finder."""
        yield from self.conn.execute(
            "SELECT a.id, a.minhash FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id "
            "WHERE d.article_id IS NULL AND a.minhash IS NOT NULL"
        )

    # --- reads -----------------------------------------------------------------------------

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT id, origin, source, url, title, published, published_precision, byline,"
            f" dateline, language, text, content_hash, ingested_at{self._issuer_columns()}"
            " FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        article = issuer_view(dict(row))
        dup = self.conn.execute(
            "SELECT canonical_id, kind, similarity FROM duplicates WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        article["duplicate_of"] = dict(dup) if dup else None
        article["reprints"] = [
            dict(r)
            for r in self.conn.execute(
                "SELECT d.article_id, d.kind, d.similarity, a.title, a.source, a.url, a.published"
                " FROM duplicates d JOIN articles a ON a.id = d.article_id"
                " WHERE d.canonical_id = ? ORDER BY a.published, a.id",
                (article_id,),
            )
        ]
        return article

    def articles_meta(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Title, source, published, url and issuer of many articles at once."""
        ids = list(dict.fromkeys(article_ids))
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT id, title, source, published, url{self._issuer_columns()}"
                f" FROM articles WHERE id IN ({marks})",
                chunk,
            ):
                out[row["id"]] = issuer_view(dict(row))
        return out

    def passages_for(self, article_id: str) -> list[Passage]:
        return [
            Passage(r["id"], r["article_id"], r["ordinal"], r["start"], r["end"], r["text"])
            for r in self.conn.execute(
                "SELECT * FROM passages WHERE article_id = ? ORDER BY ordinal", (article_id,)
            )
        ]

    def get_passage(self, passage_id: str) -> Passage | None:
        r = self.conn.execute("SELECT * FROM passages WHERE id = ?", (passage_id,)).fetchone()
        return Passage(r["id"], r["article_id"], r["ordinal"], r["start"], r["end"], r["text"]) if r else None

    def passages_of_articles(self, article_ids: Iterable[str]) -> Iterator[Passage]:
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT * FROM passages WHERE article_id IN ({marks}) ORDER BY article_id, ordinal",
                chunk,
            ):
                yield Passage(r["id"], r["article_id"], r["ordinal"], r["start"], r["end"], r["text"])

    def passage_speakers(self, article_ids: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
        """For each passage with quotes: its (registry id, name) speakers; passages whose
        quotes have no known speaker map to an empty list."""
        out: dict[str, list[tuple[int, str]]] = {}
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                "SELECT q.passage_id, q.speaker_id, s.name, s.aliases FROM quotes q"
                " LEFT JOIN speakers s ON s.id = q.speaker_id"
                f" WHERE q.article_id IN ({marks}) AND q.passage_id IS NOT NULL"
                " ORDER BY q.passage_id, q.start",
                chunk,
            ):
                entry = out.setdefault(r["passage_id"], [])
                if r["speaker_id"] is not None and all(sid != r["speaker_id"] for sid, _ in entry):
                    names = " ".join([r["name"], *json.loads(r["aliases"])])
                    entry.append((r["speaker_id"], names))
        return out

    def passage_kinds(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """For each passage with quotes: the attribution kinds of its quotes ("direct",
        "statement", ...), sorted."""
        out: dict[str, set[str]] = {}
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            for pid, kind in self.conn.execute(
                "SELECT DISTINCT passage_id, kind FROM quotes"
                f" WHERE article_id IN ({marks}) AND passage_id IS NOT NULL", chunk,
            ):
                out.setdefault(pid, set()).add(kind)
        return {pid: sorted(kinds) for pid, kinds in out.items()}

    def issuer_names(self, article_ids: Iterable[str]) -> dict[str, tuple[int | None, str]]:
        """For each article with an issuer: (registry id, its names: the registry name and
        aliases, or the name as stored), for the keyword index's ``issuer`` field."""
        if self.schema_version is not None and self.schema_version < 3:
            return {}
        out: dict[str, tuple[int | None, str]] = {}
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                "SELECT a.id, a.issuer, a.issuer_id, s.name, s.aliases FROM articles a"
                " LEFT JOIN speakers s ON s.id = a.issuer_id"
                f" WHERE a.id IN ({marks}) AND a.issuer IS NOT NULL", chunk,
            ):
                names = [r["issuer"], *([r["name"], *json.loads(r["aliases"])] if r["name"] else [])]
                out[r["id"]] = (r["issuer_id"], " ; ".join(dict.fromkeys(names)))
        return out

    def quotes_in_passages(self, passage_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The quotes inside each passage, in text order, with their registry speaker."""
        out: dict[str, list[dict[str, Any]]] = {}
        for chunk in _chunks(list(passage_ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id"
                f" WHERE q.passage_id IN ({marks}) ORDER BY q.start",
                chunk,
            ):
                out.setdefault(r["passage_id"], []).append(dict(r))
        return out

    def quotes_of_article(self, article_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            f"SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id"
            " WHERE q.article_id = ? ORDER BY q.start", (article_id,))]

    def search_quotes(
        self, speaker_ids: list[int] | None = None, contains: str | None = None,
        since: str | None = None, until: str | None = None, limit: int = 20, offset: int = 0,
        source: str | None = None, kind: str | None = None, issuer: str | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Quotes by any of ``speaker_ids`` whose text contains every word of ``contains``,
        newest first (``indexer.quote_index.search_quotes`` ranks by words and meaning)."""
        where, params = ["1=1"], []
        if speaker_ids is not None:
            where.append(f"q.speaker_id IN ({','.join('?' * len(speaker_ids)) or 'NULL'})")
            params += speaker_ids
        if source:
            where.append("lower(trim(a.source)) = ?")
            params.append(source.strip().lower())
        if kind:
            where.append("q.kind = ?")
            params.append(kind)
        if issuer and (self.schema_version or 0) < 3:
            where.append("0")
        elif issuer and issuer.strip().isdigit():
            where.append("a.issuer_id = ?")
            params.append(int(issuer))
        elif issuer:
            where.append("(lower(a.issuer) LIKE ? OR a.issuer_id IN"
                         " (SELECT id FROM speakers WHERE lower(name) LIKE ? OR lower(aliases) LIKE ?))")
            params += [f"%{issuer.strip().lower()}%"] * 3
        for word in (contains or "").split():
            where.append("q.text LIKE ?")
            params.append(f"%{word}%")
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("substr(a.published, 1, length(?)) <= ?")
            params += [until, until]
        cond = " AND ".join(where)
        base = (" FROM quotes q JOIN articles a ON a.id = q.article_id"
                f" LEFT JOIN speakers s ON s.id = q.speaker_id WHERE {cond}")
        total = self.conn.execute("SELECT COUNT(*)" + base, params).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT {QUOTE_COLUMNS}, a.title, a.source, a.published, a.url" + base
            + " ORDER BY a.published DESC, q.article_id, q.start LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return total, [dict(r) for r in rows]

    def quotes_by_ids(self, quote_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Stored quotes by id, in ``search_quotes``'s row shape (with article metadata)."""
        out: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(list(dict.fromkeys(quote_ids)), 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT {QUOTE_COLUMNS}, a.title, a.source, a.published, a.url FROM quotes q"
                " JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
                f" WHERE q.id IN ({marks})", chunk,
            ):
                out[r["id"]] = dict(r)
        return out

    def speaker_redirect(self, speaker_id: int) -> int | None:
        """The id a folded-away speaker id now resolves to (None when it was never folded)."""
        try:
            row = self.conn.execute("SELECT to_id FROM speaker_redirects WHERE from_id = ?",
                                    (speaker_id,)).fetchone()
        except sqlite3.OperationalError:  # a store from before redirects, opened read-only
            return None
        return int(row[0]) if row else None

    def stored_sources(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        """For re-reading articles: id, origin, title, dateline, published, text, content hash,
        whether a duplicate, and the loader's ``raw`` text and ``raw_meta`` (a dict; both None
        for rows from before schema version 2). Needs a store at the current schema version."""
        out: list[dict[str, Any]] = []
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                "SELECT a.id, a.origin, a.title, a.dateline, a.published, a.text, a.content_hash,"
                " a.raw, a.raw_meta,"
                " d.article_id IS NOT NULL AS duplicate FROM articles a"
                f" LEFT JOIN duplicates d ON d.article_id = a.id WHERE a.id IN ({marks})"
                " ORDER BY a.id", chunk,
            ):
                row = dict(r)
                row["raw_meta"] = json.loads(row["raw_meta"]) if row["raw_meta"] else None
                row["duplicate"] = bool(row["duplicate"])
                out.append(row)
        return out

    def stored_issuer(self, article_id: str) -> tuple[str, str] | None:
        """(issuer, kind) an article was stored with from its source's metadata, or None."""
        if self.schema_version is not None and self.schema_version < 3:
            return None
        row = self.conn.execute(
            "SELECT issuer, issuer_kind FROM articles WHERE id = ? AND issuer_cue = 'metadata'",
            (article_id,)).fetchone()
        return (row[0], row[1] or "person") if row and row[0] else None

    def put_raw(self, article_id: str, raw: str, raw_meta: dict[str, Any]) -> None:
        """Record an article's loader text and metadata (re-read from its file) as they are."""
        self.conn.execute("UPDATE articles SET raw = ?, raw_meta = ? WHERE id = ?",
                          (raw, dumps(raw_meta), article_id))

    def all_article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

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

    # --- registry repair (indexer.registry.repair_registry) ---

    def record_speaker_merge(self, from_id: int | None, to_id: int, name: str,
                             reason: str) -> None:
        """Log why a name (``from_id`` None) or a folded entry now resolves to ``to_id``, once
        per fact."""
        self.conn.execute(_MERGES)
        self.conn.execute("INSERT OR IGNORE INTO speaker_merges(from_id, to_id, name, reason)"
                          " VALUES(?, ?, ?, ?)", (from_id or 0, to_id, name, reason))

    def speaker_merges(self) -> list[dict[str, Any]]:
        """The merge log: which name or entry went to which speaker, and why."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table'"
                                 " AND name='speaker_merges'").fetchone():
            return []
        return [dict(r) for r in self.conn.execute(
            "SELECT NULLIF(from_id, 0) AS from_id, to_id, name, reason FROM speaker_merges"
            " ORDER BY rowid")]

    def clear_speaker(self, speaker_id: int) -> list[str]:
        """Drop a registry entry that names nobody: its quotes keep their mention with no
        speaker; returns the articles holding them."""
        articles = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT article_id FROM quotes WHERE speaker_id = ?", (speaker_id,))]
        self.conn.execute("UPDATE quotes SET speaker_id = NULL, speaker_name = NULL,"
                          " speaker_role = NULL, speaker_org = NULL WHERE speaker_id = ?",
                          (speaker_id,))
        self.conn.execute("DELETE FROM speakers WHERE id = ?", (speaker_id,))
        return articles

    def quote_sources(self) -> list[tuple[int, int, str | None, str | None]]:
        """(quote id, speaker id, source, origin) of every quote with a speaker."""
        return [(r[0], r[1], r[2], r[3]) for r in self.conn.execute(
            "SELECT q.id, q.speaker_id, a.source, a.origin FROM quotes q"
            " JOIN articles a ON a.id = q.article_id WHERE q.speaker_id IS NOT NULL")]

    def move_quotes(self, quote_ids: list[int], speaker_id: int) -> list[str]:
        """Give quotes another registry speaker; returns the articles holding them."""
        articles: set[str] = set()
        for chunk in _chunks(quote_ids, 500):
            marks = ",".join("?" * len(chunk))
            articles |= {r[0] for r in self.conn.execute(
                f"SELECT DISTINCT article_id FROM quotes WHERE id IN ({marks})", chunk)}
            self.conn.execute(f"UPDATE quotes SET speaker_id = ? WHERE id IN ({marks})",
                              [speaker_id, *chunk])
        return sorted(articles)


def issuer_view(row: dict[str, Any]) -> dict[str, Any]:
    """An article row with its issuer folded into one ``issuer`` object ({id, name, kind,
    cue}; the registry name when the issuer has an entry) or None."""
    name, registry_name = row.pop("issuer", None), row.pop("issuer_name", None)
    kind, sid, cue = row.pop("issuer_kind", None), row.pop("issuer_id", None), \
        row.pop("issuer_cue", None)
    row["issuer"] = {"id": sid, "name": registry_name or name, "kind": kind or "person",
                     "cue": cue} if name else None
    return row


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


_MERGES = (
    "CREATE TABLE IF NOT EXISTS speaker_merges (from_id INTEGER NOT NULL, to_id INTEGER NOT NULL,"
    " name TEXT NOT NULL, reason TEXT NOT NULL, UNIQUE(from_id, to_id, name, reason))"
)
_REDIRECTS = (
    "CREATE TABLE IF NOT EXISTS speaker_redirects ("
    " from_id INTEGER PRIMARY KEY, to_id INTEGER NOT NULL)"
)
_WORDS = re.compile(r"\w+")
QUOTE_ID_BITS = 53  # ids stay exact as JSON numbers in JavaScript


def quote_key(article_id: str, text: str, occurrence: int) -> int:
    """The stable id of the ``occurrence``-th quote (0 first) of this text in an article.

    Derived from the article id and the quote's words (case folded; punctuation, quote marks
    and whitespace ignored), not from offsets or insertion order: re-extracting an article
    (a changed file, renormalised text, a re-run of the extractor) keeps the id of every quote
    whose words are unchanged, and a registry merge never touches it.
    """
    words = " ".join(_WORDS.findall(text.casefold()))
    digest = hashlib.sha1(f"{article_id}\x1f{words}\x1f{occurrence}".encode()).digest()
    return (int.from_bytes(digest[:8], "big") >> (64 - QUOTE_ID_BITS)) or 1


def quote_ids(article_id: str, texts: list[str], taken: set[int] | None = None,
              exists: Any = None) -> list[int]:
    """Stable ids for an article's quotes in text order (``quote_key``). A hash colliding with
    an id in ``taken`` or for which ``exists(id)`` is true (another article's quote: about one
    chance in 10^4 at a million quotes) moves to the next free number."""
    seen: dict[str, int] = {}
    out: list[int] = []
    taken = taken if taken is not None else set()
    for text in texts:
        words = " ".join(_WORDS.findall(text.casefold()))
        occurrence = seen[words] = seen.get(words, -1) + 1
        qid = quote_key(article_id, text, occurrence)
        while qid in taken or (exists is not None and exists(qid)):
            qid = qid % (2 ** QUOTE_ID_BITS - 1) + 1
        taken.add(qid)
        out.append(qid)
    return out


def _grouped(rows: list[Any]) -> Iterator[tuple[str, list[Any]]]:
    """Rows sorted by article id, grouped by it."""
    group: list[Any] = []
    for row in rows:
        if group and group[0][1] != row[1]:
            yield group[0][1], group
            group = []
        group.append(row)
    if group:
        yield group[0][1], group
