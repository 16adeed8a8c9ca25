"""The store's speaker registry tables (speakers, speaker_redirects, speaker_merges): their
queries (``SpeakerQueries``, mixed into ``indexer.store.Store``) and their one row decoder
(``speaker_from_row``; the JSON list columns aliases, roles and orgs are read only here).

The rules deciding who is whom live in ``indexer.registry`` and ``indexer.speakers``; this
module only reads and writes rows, and imports nothing of the NLP stack.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from indexer.records import Speaker
from indexer.store_sql import like_escape

MERGES = (
    "CREATE TABLE IF NOT EXISTS speaker_merges (from_id INTEGER NOT NULL, to_id INTEGER NOT NULL,"
    " name TEXT NOT NULL, reason TEXT NOT NULL, UNIQUE(from_id, to_id, name, reason))"
)
REDIRECTS = (
    "CREATE TABLE IF NOT EXISTS speaker_redirects ("
    " from_id INTEGER PRIMARY KEY, to_id INTEGER NOT NULL)"
)

# a registry entry with its number of quotes and first/last dates quoted
_SUMMARY = (
    "SELECT s.id, s.name, s.kind, s.aliases, s.roles, s.orgs, COUNT(q.id) AS quotes,"
    " MIN(a.published) AS first, MAX(a.published) AS last"
    " FROM speakers s LEFT JOIN quotes q ON q.speaker_id = s.id"
    " LEFT JOIN articles a ON a.id = q.article_id"
)


def json_list(value: str | None) -> list[Any]:
    """A JSON list column (aliases, roles, orgs) as a list ([] when NULL)."""
    return json.loads(value or "[]")


def speaker_from_row(r: Any) -> Speaker:
    """A ``speakers`` row as a ``Speaker`` record (columns a query left out stay empty)."""
    keys = r.keys()
    return Speaker(
        id=r["id"], name=r["name"], kind=r["kind"] if "kind" in keys else "person",
        aliases=json_list(r["aliases"]) if "aliases" in keys else [],
        roles=json_list(r["roles"]) if "roles" in keys else [],
        orgs=json_list(r["orgs"]) if "orgs" in keys else [],
    )


def speaker_names(r: Any) -> list[str]:
    """A speaker row's name and aliases (a row with ``name`` and ``aliases`` columns)."""
    return [r["name"], *json_list(r["aliases"])]


def speaker_summary_from_row(r: Any) -> dict[str, Any]:
    """A ``_SUMMARY`` row: the entry with its quote count and first/last dates, as the speakers
    list, the speaker page and the API show it."""
    s = speaker_from_row(r)
    return {
        "id": s.id, "name": s.name, "kind": s.kind, "aliases": s.aliases, "roles": s.roles,
        "orgs": s.orgs, "quotes": r["quotes"], "first": r["first"], "last": r["last"],
    }


def _encode(values: list[str]) -> str:
    return json.dumps(values)  # ASCII-escaped, as the registry has always stored them


def _spelling_key(value: str) -> str:
    """A role or organisation as its spellings share it: case, a closing period and the kind
    of apostrophe aside ("State’s Attorney" is "State's Attorney")."""
    return value.rstrip(".").lower().replace("’", "'").replace("‘", "'")


def _one_spelling(values: list[str]) -> list[str]:
    """``values`` with each spelling after the first of a role left out (the most used first)."""
    seen: set[str] = set()
    out = []
    for value in values:
        if _spelling_key(value) not in seen:
            seen.add(_spelling_key(value))
            out.append(value)
    return out


class SpeakerQueries:
    """Registry entries, the ids folded away (redirects) and the merge log (``Store``
    provides ``conn``)."""

    conn: sqlite3.Connection

    # --- reads ---------------------------------------------------------------------------

    def speakers(self) -> list[Speaker]:
        """Every registry entry, by id."""
        return [speaker_from_row(r) for r in self.conn.execute("SELECT * FROM speakers ORDER BY id")]

    def registry_stamp(self) -> tuple[Any, ...]:
        """What changes when any registry entry is added, folded or given an alias: (entries,
        highest id, total alias length)."""
        return tuple(self.conn.execute(
            "SELECT count(*), max(id), total(length(aliases)) FROM speakers").fetchone())

    def data_version(self) -> int:
        """SQLite's ``data_version``: changes when another connection commits to the store."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def get_speaker(self, speaker_id: int) -> Speaker | None:
        r = self.conn.execute("SELECT * FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
        return speaker_from_row(r) if r else None

    def speaker_exists(self, speaker_id: int) -> bool:
        return self.conn.execute("SELECT 1 FROM speakers WHERE id = ?",
                                 (speaker_id,)).fetchone() is not None

    def speaker_count(self, query: str | None = None) -> int:
        """How many entries ``speaker_summaries`` pages through for ``query``."""
        if not query:
            return self.conn.execute("SELECT COUNT(*) FROM speakers").fetchone()[0]
        return self.conn.execute(
            "SELECT COUNT(*) FROM speakers WHERE name LIKE ? OR aliases LIKE ?",
            (f"%{query}%", f"%{query}%")).fetchone()[0]

    def speaker_quote_counts(self) -> dict[int, int]:
        """Quotes per registry id."""
        return dict(self.conn.execute(
            "SELECT speaker_id, COUNT(*) FROM quotes WHERE speaker_id IS NOT NULL"
            " GROUP BY speaker_id").fetchall())

    def speaker_spellings(self) -> dict[str, str]:
        """Each registry name and alias, mapped to its entry's name (most quoted entries first
        where two share a spelling): what a misspelt ``speaker`` filter is compared with."""
        out: dict[str, str] = {}
        for r in self.conn.execute(
                "SELECT s.name, s.aliases FROM speakers s LEFT JOIN (SELECT speaker_id,"
                " COUNT(*) AS n FROM quotes GROUP BY speaker_id) q ON q.speaker_id = s.id"
                " ORDER BY COALESCE(q.n, 0) DESC, s.id"):
            for spelling in speaker_names(r):
                out.setdefault(spelling, r["name"])
        return out

    def speakers_like(self, pattern: str) -> list[Speaker]:
        """Entries whose name or aliases match a LIKE ``pattern`` (with ESCAPE '\\')."""
        return [speaker_from_row(r) for r in self.conn.execute(
            "SELECT id, name, kind, aliases FROM speakers"
            " WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\'", (pattern, pattern))]

    def speaker_summaries(self, query: str | None = None, limit: int = 100,
                          offset: int = 0) -> list[dict[str, Any]]:
        """Entries with quote counts and date ranges, most quoted first; ``query`` matches
        names and aliases."""
        params: list[Any] = []
        where = ""
        if query:
            where = "WHERE s.name LIKE ? OR s.aliases LIKE ?"
            params += [f"%{query}%", f"%{query}%"]
        rows = self.conn.execute(
            f"{_SUMMARY} {where} GROUP BY s.id ORDER BY quotes DESC, s.name LIMIT ? OFFSET ?",
            [*params, limit, offset])
        return self._most_used_first([speaker_summary_from_row(r) for r in rows])

    def speakers_described(self, words: Iterable[str]) -> list[tuple[int, str]]:
        """(id, roles and organisations as one text) of the registry entries whose roles or
        organisations contain one of ``words`` (case-insensitive substrings: "election" finds
        "elections analyst")."""
        patterns = [f"%{like_escape(w)}%" for w in words]
        if not patterns:
            return []
        where = " OR ".join("roles LIKE ? ESCAPE '\\' OR orgs LIKE ? ESCAPE '\\'"
                            for _ in patterns)
        rows = self.conn.execute(f"SELECT id, roles, orgs FROM speakers WHERE {where}",
                                 [p for p in patterns for _ in (0, 1)])
        return [(r[0], " ".join([*json_list(r[1]), *json_list(r[2])])) for r in rows]

    def speaker_summary(self, speaker_id: int) -> dict[str, Any] | None:
        """One entry as ``speaker_summaries`` shows it, or None if unknown."""
        row = self.conn.execute(f"{_SUMMARY} WHERE s.id = ? GROUP BY s.id",
                                (speaker_id,)).fetchone()
        return self._most_used_first([speaker_summary_from_row(row)])[0] if row else None

    def _most_used_first(self, summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Summaries whose roles and organisations are ordered by how many of the speaker's
        quotes give them (a senator is "Senator" before a one-off "supporter of Myers"); once
        any quote gives one, those no quote gives any more (an older extraction's reading,
        'one of Orange County's outspoken leaders against hate') are left out."""
        ids = [s["id"] for s in summaries]
        if not ids:
            return summaries
        used: dict[tuple[int, str, str], int] = {}
        for column in ("speaker_role", "speaker_org"):
            for r in self.conn.execute(
                    f"SELECT speaker_id, {column}, COUNT(*) FROM quotes WHERE speaker_id IN"
                    f" ({', '.join('?' * len(ids))}) AND {column} IS NOT NULL"
                    f" GROUP BY speaker_id, {column}", ids):
                k = (r[0], column, r[1].rstrip(".").lower())
                used[k] = used.get(k, 0) + r[2]
        for s in summaries:
            for key, column in (("roles", "speaker_role"), ("orgs", "speaker_org")):
                uses = {v: used.get((s["id"], column, v.rstrip(".").lower()), 0) for v in s[key]}
                given = [v for v in s[key] if uses[v]] or s[key]
                s[key] = _one_spelling(sorted(given, key=lambda v, n=uses: -n[v]))
        return summaries

    def speaker_roles_near(self, speaker_id: int, day: str, days: int = 183
                           ) -> list[tuple[str | None, str | None]]:
        """The (role, organisation) pairs the speaker's quotes give in articles published within
        ``days`` of ``day`` (a date, month or year), the most used first: what they held then,
        not what most of their quotes, years later, call them."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT q.speaker_role, q.speaker_org, COUNT(*) AS n FROM quotes q"
            " JOIN articles a ON a.id = q.article_id WHERE q.speaker_id = ?"
            " AND a.published IS NOT NULL AND (q.speaker_role IS NOT NULL"
            " OR q.speaker_org IS NOT NULL) AND abs(julianday(substr(a.published || '-07-01',"
            " 1, 10)) - julianday(substr(? || '-07-01', 1, 10))) <= ?"
            " GROUP BY q.speaker_role, q.speaker_org ORDER BY n DESC, q.speaker_role",
            (speaker_id, day, days))]

    def speaker_months(self, speaker_id: int) -> list[dict[str, Any]]:
        """[{"month": 'YYYY-MM' (or 'YYYY', or None undated), "quotes", "articles"}] by month."""
        return [dict(r) for r in self.conn.execute(
            "SELECT substr(a.published, 1, 7) AS month, COUNT(q.id) AS quotes,"
            " COUNT(DISTINCT q.article_id) AS articles FROM quotes q"
            " JOIN articles a ON a.id = q.article_id WHERE q.speaker_id = ?"
            " GROUP BY month ORDER BY month", (speaker_id,))]

    def _speaker_grouped(self, speaker_id: int, columns: str, keys: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            f"SELECT {columns}, COUNT(q.id) AS quotes, MIN(a.published) AS first,"
            " MAX(a.published) AS last FROM quotes q JOIN articles a ON a.id = q.article_id"
            f" WHERE q.speaker_id = ? GROUP BY {keys} ORDER BY first, quotes DESC",
            (speaker_id,))]

    def speaker_names_written(self, speaker_id: int) -> list[dict[str, Any]]:
        """The names a speaker's quotes give, each with its quotes and first/last dates."""
        return self._speaker_grouped(speaker_id, "q.speaker_name AS name", "q.speaker_name")

    def speaker_roles_written(self, speaker_id: int) -> list[dict[str, Any]]:
        """The (role, org) pairs a speaker's quotes give, with quotes and first/last dates
        (the pair of neither included); 'Lead Prosecutor' and 'lead prosecutor' are one, written
        as its capitalised form (the least in SQLite's order)."""
        return self._speaker_grouped(speaker_id,
                                     "MIN(q.speaker_role) AS role, MIN(q.speaker_org) AS org",
                                     "q.speaker_role COLLATE NOCASE, q.speaker_org COLLATE NOCASE")

    def speaker_redirect(self, speaker_id: int) -> int | None:
        """The id a folded-away speaker id now resolves to (None when it was never folded)."""
        try:
            row = self.conn.execute("SELECT to_id FROM speaker_redirects WHERE from_id = ?",
                                    (speaker_id,)).fetchone()
        except sqlite3.OperationalError:  # a store from before redirects, opened read-only
            return None
        return int(row[0]) if row else None

    def current_speaker_id(self, speaker_id: int) -> int | None:
        """The registry id a speaker id stands for now: itself, or for an entry a merge folded
        away, the entry it was folded into; None when unknown."""
        if self.speaker_exists(speaker_id):
            return speaker_id
        target = self.speaker_redirect(speaker_id)
        return target if target is not None and self.speaker_exists(target) else None

    def speaker_merges(self) -> list[dict[str, Any]]:
        """The merge log: which name or entry went to which speaker, and why."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table'"
                                 " AND name='speaker_merges'").fetchone():
            return []
        return [dict(r) for r in self.conn.execute(
            "SELECT NULLIF(from_id, 0) AS from_id, to_id, name, reason FROM speaker_merges"
            " ORDER BY rowid")]

    # --- writes (in the caller's transaction) --------------------------------------------

    def create_speaker(self, speaker: Speaker) -> int:
        """Insert a new entry (``speaker.id`` ignored) and return its id: never the id of a
        deleted or folded-away entry, which keeps resolving to the speaker it was folded into
        (speaker_redirects), and permalinks use it."""
        cur = self.conn.execute(
            "INSERT INTO speakers(id, name, kind, aliases, roles, orgs) VALUES("
            "(SELECT MAX(COALESCE((SELECT MAX(id) FROM speakers), 0),"
            " COALESCE((SELECT MAX(from_id) FROM speaker_redirects), 0)) + 1),?,?,?,?,?)",
            (speaker.name, speaker.kind, _encode(speaker.aliases), _encode(speaker.roles),
             _encode(speaker.orgs)),
        )
        return int(cur.lastrowid)

    def save_speaker(self, speaker: Speaker) -> None:
        """Write an entry's aliases, roles and organisations."""
        self.conn.execute(
            "UPDATE speakers SET aliases = ?, roles = ?, orgs = ? WHERE id = ?",
            (_encode(speaker.aliases), _encode(speaker.roles), _encode(speaker.orgs), speaker.id),
        )

    def fold_speaker(self, from_id: int, to_id: int) -> list[str]:
        """Move an entry's quotes to another and delete it; its id (and ids folded into it)
        then resolve to ``to_id``. Returns the articles holding the moved quotes."""
        moved = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT article_id FROM quotes WHERE speaker_id = ?", (from_id,))]
        self.conn.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (to_id, from_id))
        self.conn.execute("DELETE FROM speakers WHERE id = ?", (from_id,))
        # the folded id still resolves (permalinks, watches): to the surviving entry
        self.conn.execute("UPDATE speaker_redirects SET to_id = ? WHERE to_id = ?",
                          (to_id, from_id))
        self.conn.execute("INSERT OR REPLACE INTO speaker_redirects(from_id, to_id) VALUES(?, ?)",
                          (from_id, to_id))
        return moved

    def record_speaker_merge(self, from_id: int | None, to_id: int, name: str,
                             reason: str) -> None:
        """Log why a name (``from_id`` None) or a folded entry now resolves to ``to_id``, once
        per fact."""
        self.conn.execute(MERGES)
        self.conn.execute("INSERT OR IGNORE INTO speaker_merges(from_id, to_id, name, reason)"
                          " VALUES(?, ?, ?, ?)", (from_id or 0, to_id, name, reason))

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
