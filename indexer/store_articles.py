"""The store's articles, passages and duplicates tables: their queries (``ArticleQueries``,
mixed into ``indexer.store.Store``) and their row decoders (``article_from_row``,
``passage_from_row``)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from indexer.records import Article, Passage
from indexer.store_speakers import speaker_names
from indexer.store_sql import chunks, dumps, keeps_issuers, marks, now, of_indexed


def article_from_row(row: Any) -> dict[str, Any]:
    """An article row (any subset of its columns) as a dict, its issuer folded into one
    ``issuer`` object ({id, name, kind, cue}; the registry name when the issuer has an entry)
    or None."""
    row = dict(row)
    name, registry_name = row.pop("issuer", None), row.pop("issuer_name", None)
    kind, sid, cue = row.pop("issuer_kind", None), row.pop("issuer_id", None), \
        row.pop("issuer_cue", None)
    row["issuer"] = {"id": sid, "name": registry_name or name, "kind": kind or "person",
                     "cue": cue} if name else None
    return row


issuer_view = article_from_row  # the name it had


def tuples_by_ids(conn: sqlite3.Connection, sql: str, ids: Iterable[Any]
                  ) -> Iterator[tuple[Any, ...]]:
    """The rows of ``sql`` for ``ids`` (its ``{marks}``: an ``IN`` list's placeholders),
    ``CHUNK`` ids a query, as plain tuples: no Row objects to build and unpack."""
    cursor = conn.cursor()
    cursor.row_factory = None
    try:
        for chunk in chunks(list(dict.fromkeys(ids))):
            yield from cursor.execute(sql.format(marks=marks(chunk)), chunk)
    finally:
        cursor.close()


def issuer_name_sql(alias: str, kept: bool) -> str:
    """The SQL of an article's issuer name as ``article_from_row`` gives it (the registry name
    when the issuer has an entry, else the name as stored; NULL without an issuer), for rows
    read as plain tuples; NULL for a store from before issuers were kept (``kept`` false)."""
    if not kept:
        return "NULL"
    a = f"{alias}." if alias else ""
    return (f"CASE WHEN {a}issuer != '' THEN COALESCE(NULLIF((SELECT name FROM speakers"
            f" WHERE id = {a}issuer_id), ''), {a}issuer) END")


def passage_from_row(r: Any) -> Passage:
    return Passage(r["id"], r["article_id"], r["ordinal"], r["start"], r["end"], r["text"])


class ArticleQueries:
    """Articles, passages and duplicate links (``Store`` provides ``conn`` and
    ``schema_version``)."""

    conn: sqlite3.Connection
    schema_version: int | None

    def _has_issuers(self) -> bool:
        """Whether the store keeps issuers (schema version 3 on)."""
        return keeps_issuers(self.schema_version)

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
                article.language, article.text, article.content_hash, minhash, now(),
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
        if not self._has_issuers():
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
        article = article_from_row(row)
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

    def duplicate_links(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The canonical article of each of these that was stored as a duplicate."""
        out: dict[str, str] = {}
        for chunk in chunks(list(article_ids)):
            out.update(self.conn.execute(
                "SELECT article_id, canonical_id FROM duplicates"
                f" WHERE article_id IN ({marks(chunk)})", chunk).fetchall())
        return out

    def reprints_of(self, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The articles stored as duplicates of each of these, oldest first."""
        out: dict[str, list[dict[str, Any]]] = {}
        for chunk in chunks(list(article_ids)):
            for r in self.conn.execute(
                    "SELECT d.canonical_id, d.article_id, d.kind, d.similarity, a.title,"
                    " a.source, a.url, a.published FROM duplicates d JOIN articles a"
                    f" ON a.id = d.article_id WHERE d.canonical_id IN ({marks(chunk)})"
                    " ORDER BY a.published, a.id", chunk):
                row = dict(r)
                out.setdefault(row.pop("canonical_id"), []).append(row)
        return out

    def articles_meta(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Title, source, published, url and issuer of many articles at once."""
        ids = list(dict.fromkeys(article_ids))
        out: dict[str, dict[str, Any]] = {}
        for chunk in chunks(ids):
            for row in self.conn.execute(
                f"SELECT id, title, source, published, url{self._issuer_columns()}"
                f" FROM articles WHERE id IN ({marks(chunk)})",
                chunk,
            ):
                out[row["id"]] = article_from_row(row)
        return out

    def passage_cells(self, passage_ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """Each stored passage of ``passage_ids`` as a plain tuple (article id, passage id,
        title, source, issuer name, published, url, text): a search export's cells."""
        issuer = issuer_name_sql("a", self._has_issuers())
        return {row[1]: row for row in tuples_by_ids(
            self.conn, f"SELECT p.article_id, p.id, a.title, a.source, {issuer}, a.published,"
            " a.url, p.text FROM passages p JOIN articles a ON a.id = p.article_id"
            " WHERE p.id IN ({marks})", passage_ids)}

    def passages_for(self, article_id: str) -> list[Passage]:
        return [
            passage_from_row(r)
            for r in self.conn.execute(
                "SELECT * FROM passages WHERE article_id = ? ORDER BY ordinal", (article_id,)
            )
        ]

    def get_passage(self, passage_id: str) -> Passage | None:
        r = self.conn.execute("SELECT * FROM passages WHERE id = ?", (passage_id,)).fetchone()
        return passage_from_row(r) if r else None

    def passages_of_articles(self, article_ids: Iterable[str]) -> Iterator[Passage]:
        for chunk in chunks(list(article_ids)):
            for r in self.conn.execute(
                f"SELECT * FROM passages WHERE article_id IN ({marks(chunk)}) ORDER BY article_id, ordinal",
                chunk,
            ):
                yield passage_from_row(r)

    def issuer_names(self, article_ids: Iterable[str]) -> dict[str, tuple[int | None, str]]:
        """For each article with an issuer: (registry id, its names: the registry name and
        aliases, or the name as stored), for the keyword index's ``issuer`` field."""
        if not self._has_issuers():
            return {}
        out: dict[str, tuple[int | None, str]] = {}
        for chunk in chunks(list(article_ids)):
            for r in self.conn.execute(
                "SELECT a.id, a.issuer, a.issuer_id, s.name, s.aliases FROM articles a"
                " LEFT JOIN speakers s ON s.id = a.issuer_id"
                f" WHERE a.id IN ({marks(chunk)}) AND a.issuer IS NOT NULL", chunk,
            ):
                names = [r["issuer"], *(speaker_names(r) if r["name"] else [])]
                out[r["id"]] = (r["issuer_id"], " ; ".join(dict.fromkeys(names)))
        return out

    def source_values(self) -> list[str]:
        """Every distinct source articles name (the values a ``source`` filter can match)."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL AND source != ''"
            " ORDER BY source")]

    def issuer_values(self) -> list[list[str]]:
        """Every distinct issuer's names: the registry name first when it has an entry, then
        its aliases and the name as stored (what an ``issuer`` filter can match)."""
        if not self._has_issuers():
            return []
        out: dict[str, list[str]] = {}
        for r in self.conn.execute(
                "SELECT DISTINCT a.issuer, a.issuer_id, s.name, s.aliases FROM articles a"
                " LEFT JOIN speakers s ON s.id = a.issuer_id WHERE a.issuer IS NOT NULL"):
            names = [*(speaker_names(r) if r["name"] else []), r["issuer"]]
            out.setdefault(str(r["issuer_id"] or r["issuer"]), []).extend(names)
        return [list(dict.fromkeys(names)) for names in out.values()]

    def published_dates(self) -> dict[str, str | None]:
        """Every article's publication date (ISO text, or None): a date sort's keys."""
        return dict(self.conn.execute("SELECT id, published FROM articles"))

    def published_span(self) -> tuple[str | None, str | None]:
        """The earliest and latest publication dates stored (None, None when none is dated)."""
        row = self.conn.execute("SELECT MIN(published), MAX(published) FROM articles"
                                " WHERE published IS NOT NULL").fetchone()
        return row[0], row[1]

    def stored_sources(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        """For re-reading articles: id, origin, title, dateline, published, source, issuer,
        text, content hash, whether a duplicate, and the loader's ``raw`` text and ``raw_meta``
        (a dict; both None for rows from before schema version 2). Needs a store at the current
        schema version."""
        out: list[dict[str, Any]] = []
        for chunk in chunks(list(article_ids)):
            for r in self.conn.execute(
                "SELECT a.id, a.origin, a.title, a.dateline, a.published, a.source, a.issuer,"
                " a.text, a.content_hash, a.raw, a.raw_meta,"
                " d.article_id IS NOT NULL AS duplicate FROM articles a"
                f" LEFT JOIN duplicates d ON d.article_id = a.id WHERE a.id IN ({marks(chunk)})"
                " ORDER BY a.id", chunk,
            ):
                row = dict(r)
                row["raw_meta"] = json.loads(row["raw_meta"]) if row["raw_meta"] else None
                row["duplicate"] = bool(row["duplicate"])
                out.append(row)
        return out

    def stored_issuer(self, article_id: str) -> tuple[str, str] | None:
        """(issuer, kind) an article was stored with from its source's metadata, or None."""
        if not self._has_issuers():
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

    def article_ids_canonical_first(self) -> list[str]:
        """Every article id, canonical articles before duplicates, each by id."""
        return [r[0] for r in self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id"
            " ORDER BY d.article_id IS NOT NULL, a.id")]

    # --- facet counts (indexer.facets) -----------------------------------------------------

    def source_counts(self, article_ids: list[str]) -> Counter[str | None]:
        """Articles per source (None for articles without one)."""
        counts: Counter[str | None] = Counter()
        for chunk in chunks(article_ids):
            counts.update(r[0] for r in self.conn.execute(
                f"SELECT source FROM articles WHERE id IN ({marks(chunk)})", chunk))
        return counts

    def year_counts(self, article_ids: list[str]) -> Counter[str | None]:
        """Articles per year published (None for undated articles)."""
        counts: Counter[str | None] = Counter()
        for chunk in chunks(article_ids):
            counts.update(r[0] for r in self.conn.execute(
                f"SELECT substr(published, 1, 4) FROM articles WHERE id IN ({marks(chunk)})",
                chunk))
        return counts

    def issuer_counts(self, article_ids: list[str]) -> Counter[tuple[int | None, str]]:
        """Articles per issuer ((registry id, name) -> count); none for a store from before
        issuers were kept (schema version 3)."""
        counts: Counter[tuple[int | None, str]] = Counter()
        if not self._has_issuers():
            return counts
        for chunk in chunks(article_ids):
            counts.update((sid, name) for sid, name in self.conn.execute(
                "SELECT a.issuer_id, COALESCE(s.name, a.issuer)"
                " FROM articles a LEFT JOIN speakers s ON s.id = a.issuer_id"
                f" WHERE a.issuer IS NOT NULL AND a.id IN ({marks(chunk)})", chunk))
        return counts

    # --- counts (stats, consistency, renormalise) ------------------------------------------

    def article_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def passage_count(self, indexed_only: bool = False) -> int:
        """Stored passages (``indexed_only``: of articles marked indexed)."""
        sql = "SELECT COUNT(*) FROM passages p"
        sql = of_indexed(sql, "p", indexed_only)
        return self.conn.execute(sql).fetchone()[0]

    def passage_ids(self, indexed_only: bool = True) -> set[str]:
        """Ids of stored passages (by default only those of articles marked indexed)."""
        sql = "SELECT p.id FROM passages p"
        sql = of_indexed(sql, "p", indexed_only)
        return {r[0] for r in self.conn.execute(sql)}

    def articles_without_passages(self) -> list[str]:
        """Canonical articles with no passage (half stored), by id."""
        return [r[0] for r in self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id "
            "WHERE d.article_id IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM passages p WHERE p.article_id = a.id) ORDER BY a.id"
        )]

    def passages_off_text(self) -> list[str]:
        """Passages whose span is not their article's text at those offsets, by id."""
        return [r[0] for r in self.conn.execute(
            "SELECT p.id FROM passages p JOIN articles a ON a.id = p.article_id "
            "WHERE p.start < 0 OR p.end > length(a.text) OR p.start >= p.end "
            "OR substr(a.text, p.start + 1, p.end - p.start) != p.text ORDER BY p.id"
        )]

    def mark_all_unindexed(self) -> None:
        """Flag every article for re-indexing (a rebuilt index)."""
        self.conn.execute("UPDATE articles SET indexed = 0")
