"""The store's watch tables: saved searches (``watches``), what they matched (``watch_matches``),
articles waiting for their semantic matching (``watch_pending``: ingested before their vectors)
and the webhook outbox (``webhook_outbox``, deliveries that survive the process). Queries and row
decoders only; ``indexer.watches`` and ``indexer.outbox`` hold the logic.

Matches name their article without a foreign key: an article re-ingested with new text is
replaced in ``articles``, and its first match must stay the first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from indexer.store_sql import chunks, dumps, marks, now

WATCH_TABLES = (
    """CREATE TABLE IF NOT EXISTS watches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    query TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT 'hybrid',
    filters TEXT NOT NULL DEFAULT '{}',
    threshold REAL,
    webhook TEXT,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_run_at TEXT
)""",
    """CREATE TABLE IF NOT EXISTS watch_matches (
    id INTEGER PRIMARY KEY,
    watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    passage_id TEXT,
    quote_id INTEGER,
    reasons TEXT NOT NULL,
    score REAL,
    duplicate_of TEXT,
    matched_at TEXT NOT NULL,
    UNIQUE(watch_id, article_id)
)""",
    "CREATE INDEX IF NOT EXISTS watch_matches_watch ON watch_matches(watch_id, matched_at)",
    """CREATE TABLE IF NOT EXISTS watch_pending (
    article_id TEXT PRIMARY KEY,
    queued_at TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS webhook_outbox (
    id INTEGER PRIMARY KEY,
    watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    delivered_at TEXT
)""",
    "CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox(status, next_attempt_at)",
)

WATCH_COLUMNS = ("id, name, query, mode, filters, threshold, webhook, secret, created_at,"
                 " last_run_at")


def watch_row(r: Any) -> dict[str, Any]:
    """A ``watches`` row as a dict, its filters decoded."""
    out = dict(r)
    out["filters"] = json.loads(out["filters"] or "{}")
    return out


def match_row(r: Any) -> dict[str, Any]:
    """A ``watch_matches`` row (joined with its article's metadata) as a dict."""
    out = dict(r)
    out["reasons"] = json.loads(out["reasons"])
    return out


class WatchQueries:
    """Watches, their matches, pending semantic matching and the webhook outbox (``Store``
    provides ``conn``)."""

    conn: sqlite3.Connection

    def has_watch_tables(self) -> bool:
        """Whether this store has the watch tables (a read-only open of an older store has not)."""
        return self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='watches'").fetchone() \
            is not None

    # --- watches ---------------------------------------------------------------------------

    def add_watch(self, name: str, query: str, mode: str, filters: dict[str, Any],
                  threshold: float | None, webhook: str | None, secret: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO watches(name, query, mode, filters, threshold, webhook, secret,"
            " created_at) VALUES(?,?,?,?,?,?,?,?)",
            (name, query, mode, dumps(filters), threshold, webhook, secret, now()))
        return int(cur.lastrowid)

    def watches(self) -> list[dict[str, Any]]:
        if not self.has_watch_tables():
            return []
        return [watch_row(r) for r in self.conn.execute(
            f"SELECT {WATCH_COLUMNS} FROM watches ORDER BY id")]

    def watch_by_key(self, key: str | int) -> dict[str, Any] | None:
        """A watch by id (an int or all-digit string) or by name."""
        if not self.has_watch_tables():
            return None
        by_id = isinstance(key, int) or str(key).isdigit()
        r = self.conn.execute(
            f"SELECT {WATCH_COLUMNS} FROM watches WHERE {'id' if by_id else 'name'} = ?",
            (int(key) if by_id else key,)).fetchone()
        return watch_row(r) if r else None

    def delete_watch(self, watch_id: int) -> None:
        self.conn.execute("DELETE FROM watch_matches WHERE watch_id = ?", (watch_id,))
        self.conn.execute("DELETE FROM webhook_outbox WHERE watch_id = ?", (watch_id,))
        self.conn.execute("DELETE FROM watches WHERE id = ?", (watch_id,))

    def set_watch_run(self, watch_id: int, at: str) -> None:
        self.conn.execute("UPDATE watches SET last_run_at = ? WHERE id = ?", (at, watch_id))

    # --- matches ---------------------------------------------------------------------------

    def put_watch_matches(self, rows: Iterable[tuple[int, str, str | None, int | None,
                                                     list[str], float | None, str | None]]
                          ) -> int:
        """Record (watch id, article id, passage id, quote id, reasons, score, duplicate of)
        rows; a watch's first match of an article stays. Returns how many were new."""
        before = self.conn.total_changes
        at = now()
        self.conn.executemany(
            "INSERT OR IGNORE INTO watch_matches(watch_id, article_id, passage_id, quote_id,"
            " reasons, score, duplicate_of, matched_at) VALUES(?,?,?,?,?,?,?,?)",
            [(w, a, p, q, dumps(r), s, d, at) for w, a, p, q, r, s, d in rows])
        return self.conn.total_changes - before

    def matched_watches(self, article_ids: Iterable[str]) -> dict[str, list[int]]:
        """The watches that matched each of these articles (first matches, not reprints)."""
        out: dict[str, list[int]] = {}
        for chunk in chunks(list(article_ids)):
            for aid, wid in self.conn.execute(
                    "SELECT article_id, watch_id FROM watch_matches WHERE duplicate_of IS NULL"
                    f" AND article_id IN ({marks(chunk)})", chunk):
                out.setdefault(aid, []).append(wid)
        return out

    def watch_matches(self, watch_id: int, since: str | None = None, limit: int = 50,
                      offset: int = 0, after: str | None = None
                      ) -> tuple[int, list[dict[str, Any]]]:
        """(total, page) of a watch's first matches, newest first and, among those recorded
        together, best first (the search's score), with their articles' metadata; ``since``
        keeps those recorded at or after it, ``after`` those recorded strictly after it (ISO
        times)."""
        where, args = "m.watch_id = ? AND m.duplicate_of IS NULL", [watch_id]
        if since:
            where += " AND m.matched_at >= ?"
            args.append(since)
        if after:
            where += " AND m.matched_at > ?"
            args.append(after)
        total = self.conn.execute(
            f"SELECT COUNT(*) FROM watch_matches m JOIN articles a ON a.id = m.article_id"
            f" WHERE {where}", args).fetchone()[0]
        rows = self.conn.execute(
            "SELECT m.id, m.watch_id, m.article_id, m.passage_id, m.quote_id, m.reasons,"
            " m.score, m.matched_at, a.title, a.source, a.published, a.url"
            " FROM watch_matches m JOIN articles a ON a.id = m.article_id"
            f" WHERE {where} ORDER BY m.matched_at DESC, m.score DESC, m.id LIMIT ? OFFSET ?",
            [*args, limit, offset]).fetchall()
        return total, [match_row(r) for r in rows]

    def watch_reprints(self, watch_id: int, article_ids: list[str]) -> dict[str, list[dict]]:
        """The reprints grouped under each of these first matches of a watch."""
        out: dict[str, list[dict[str, Any]]] = {}
        for chunk in chunks(article_ids):
            for r in self.conn.execute(
                    "SELECT m.duplicate_of, m.article_id, m.matched_at, a.title, a.source,"
                    " a.published, a.url FROM watch_matches m JOIN articles a"
                    " ON a.id = m.article_id WHERE m.watch_id = ?"
                    f" AND m.duplicate_of IN ({marks(chunk)}) ORDER BY m.matched_at, m.id",
                    [watch_id, *chunk]):
                row = dict(r)
                out.setdefault(row.pop("duplicate_of"), []).append(row)
        return out

    def watch_match_count(self) -> int:
        if not self.has_watch_tables():
            return 0
        return self.conn.execute("SELECT COUNT(*) FROM watch_matches").fetchone()[0]

    # --- pending semantic matching ---------------------------------------------------------

    def queue_pending(self, article_ids: Iterable[str]) -> None:
        at = now()
        self.conn.executemany("INSERT OR IGNORE INTO watch_pending(article_id, queued_at)"
                              " VALUES(?, ?)", [(a, at) for a in article_ids])

    def pending_articles(self) -> list[str]:
        if not self.has_watch_tables():
            return []
        return [r[0] for r in self.conn.execute(
            "SELECT article_id FROM watch_pending ORDER BY queued_at, article_id")]

    def clear_pending(self, article_ids: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM watch_pending WHERE article_id = ?",
                              [(a,) for a in article_ids])

    # --- webhook outbox --------------------------------------------------------------------

    def queue_webhook(self, watch_id: int, url: str, payload: dict[str, Any]) -> None:
        at = now()
        self.conn.execute(
            "INSERT INTO webhook_outbox(watch_id, url, payload, next_attempt_at, created_at)"
            " VALUES(?,?,?,?,?)", (watch_id, url, dumps(payload), at, at))

    def due_webhooks(self, at: str, limit: int = 50) -> list[dict[str, Any]]:
        if not self.has_watch_tables():
            return []
        return [dict(r) for r in self.conn.execute(
            "SELECT id, watch_id, url, payload, attempts FROM webhook_outbox"
            " WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
            (at, limit))]

    def webhook_attempted(self, outbox_id: int, status: str, attempts: int,
                          next_attempt_at: str, error: str | None) -> None:
        """Record one delivery attempt: ``delivered``, ``pending`` (retried at
        ``next_attempt_at``) or ``failed`` (given up)."""
        self.conn.execute(
            "UPDATE webhook_outbox SET status = ?, attempts = ?, next_attempt_at = ?,"
            " last_error = ?, delivered_at = CASE WHEN ? = 'delivered' THEN ? END WHERE id = ?",
            (status, attempts, next_attempt_at, error, status, now(), outbox_id))

    def webhook_log(self, watch_id: int, limit: int = 20) -> list[dict[str, Any]]:
        """A watch's latest deliveries, newest first (no payloads)."""
        return [dict(r) for r in self.conn.execute(
            "SELECT id, url, status, attempts, next_attempt_at, last_error, created_at,"
            " delivered_at FROM webhook_outbox WHERE watch_id = ? ORDER BY id DESC LIMIT ?",
            (watch_id, limit))]
