"""The store's quotes table: its queries (``QuoteQueries``, mixed into ``indexer.store.Store``),
its row decoder (``quote_from_row``), stable quote ids (``quote_ids``) and the one quote
serialiser (``quote_json``) that search hits, the API, the CLI and the exports use.

Nothing here imports the extractor (``indexer.quotes``) or spaCy.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from indexer.dates import iso_date
from indexer.notices import name_words
from indexer.records import Quote
from indexer.store_articles import issuer_name_sql, tuples_by_ids
from indexer.store_speakers import json_list, speaker_names
from indexer.store_sql import chunks, keeps_issuers, like_escape, marks, of_indexed

QUOTE_COLUMNS = (
    "q.id, q.article_id, q.passage_id, q.start, q.end, q.text, q.kind, q.cue, q.mention,"
    " q.speaker_id, COALESCE(s.name, q.speaker_name) AS speaker, q.speaker_name AS speaker_as_written,"
    " q.speaker_role, q.speaker_org, s.kind AS speaker_kind, q.confidence"
)

# a quote as a whole-set export reads it (plain tuples, ``quote_cell_batches``): its ids, its
# article's title, source, issuer name (``issuer_name_sql``), published and url, its speaker
# (the registry name, else as written), role, organisation, text and kind
EXPORT_QUOTE_CELLS = (
    "q.id, q.article_id, q.passage_id, a.title, a.source, {issuer}, a.published, a.url,"
    " COALESCE(s.name, q.speaker_name), q.speaker_role, q.speaker_org, q.text, q.kind"
)

# the shapes a quote is shown in (``quote_json``): a stored quote in the API, offsets in the
# article; a quote inside a search hit, offsets in the passage (plus ``match``); every column
# of the row, as ``onrecord quotes --json`` prints it
QUOTE_FIELDS = ("id", "article_id", "passage_id", "start", "end", "text", "kind", "cue",
                "mention", "speaker", "speaker_id", "speaker_as_written", "speaker_role",
                "speaker_org", "confidence")
HIT_QUOTE_FIELDS = ("text", "kind", "speaker", "speaker_id", "speaker_role", "speaker_org",
                    "cue", "mention", "start", "end", "confidence")
ROW_QUOTE_FIELDS = ("id", "article_id", "passage_id", "start", "end", "text", "kind", "cue",
                    "mention", "speaker_id", "speaker", "speaker_as_written", "speaker_role",
                    "speaker_org", "speaker_kind", "confidence")
QUOTE_ARTICLE_FIELDS = ("title", "source", "published", "url")
# a quote the extractor found in a file (``onrecord quotes FILE``: not stored, no ids)
EXTRACTED_QUOTE_FIELDS = ("start", "end", "text", "kind", "cue", "mention", "mention_start",
                          "mention_end", "speaker", "speaker_role", "speaker_org", "confidence")


def quote_from_row(r: Any) -> dict[str, Any]:
    """A ``QUOTE_COLUMNS`` row (with the article's title, source, published and url when the
    query joined them) as a dict."""
    return dict(r)


def quote_json(q: dict[str, Any], fields: Sequence[str] = QUOTE_FIELDS, *,
               with_article: bool = False, ranked: Sequence[str] = (),
               passage_start: int | None = None, named: Sequence[int] | None = None
               ) -> dict[str, Any]:
    """The one JSON shape of a quote: ``fields`` of the row (``QUOTE_FIELDS`` for the API and
    exports, ``HIT_QUOTE_FIELDS`` in search hits, ``ROW_QUOTE_FIELDS`` for ``onrecord quotes
    --json``, ``EXTRACTED_QUOTE_FIELDS`` for a ``Quote`` record as a dict), then the
    article's title, source, published and url (``with_article``), then the ranking's ``ranked``
    fields (``score``, ``found_by``). ``passage_start`` makes the offsets relative to the
    passage; ``named`` (the speakers the query names) adds ``match``: whether the quote's
    speaker is one of them."""
    out = {k: q.get(k) for k in fields}
    if passage_start is not None:
        out["start"], out["end"] = q["start"] - passage_start, q["end"] - passage_start
    if named is not None:
        out["match"] = q["speaker_id"] is not None and q["speaker_id"] in named
    if with_article:
        out.update({k: q.get(k) for k in QUOTE_ARTICLE_FIELDS})
    out.update({k: q.get(k) for k in ranked})
    return out


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


class QuoteQueries:
    """Quotes with their registry speakers (``Store`` provides ``conn`` and
    ``schema_version``)."""

    conn: sqlite3.Connection
    schema_version: int | None

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

    def passage_speakers(self, article_ids: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
        """For each passage with quotes: its (registry id, name) speakers; passages whose
        quotes have no known speaker map to an empty list."""
        out: dict[str, list[tuple[int, str]]] = {}
        for chunk in chunks(list(article_ids)):
            for r in self.conn.execute(
                "SELECT q.passage_id, q.speaker_id, s.name, s.aliases FROM quotes q"
                " LEFT JOIN speakers s ON s.id = q.speaker_id"
                f" WHERE q.article_id IN ({marks(chunk)}) AND q.passage_id IS NOT NULL"
                " ORDER BY q.passage_id, q.start",
                chunk,
            ):
                entry = out.setdefault(r["passage_id"], [])
                if r["speaker_id"] is not None and all(sid != r["speaker_id"] for sid, _ in entry):
                    names = " ".join(speaker_names(r))
                    entry.append((r["speaker_id"], names))
        return out

    def passage_kinds(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """For each passage with quotes: the attribution kinds of its quotes ("direct",
        "statement", ...), sorted."""
        out: dict[str, set[str]] = {}
        for chunk in chunks(list(article_ids)):
            for pid, kind in self.conn.execute(
                "SELECT DISTINCT passage_id, kind FROM quotes"
                f" WHERE article_id IN ({marks(chunk)}) AND passage_id IS NOT NULL", chunk,
            ):
                out.setdefault(pid, set()).add(kind)
        return {pid: sorted(kinds) for pid, kinds in out.items()}

    def quotes_in_passages(self, passage_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The quotes inside each passage, in text order, with their registry speaker."""
        out: dict[str, list[dict[str, Any]]] = {}
        for chunk in chunks(list(passage_ids)):
            for r in self.conn.execute(
                f"SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id"
                f" WHERE q.passage_id IN ({marks(chunk)}) ORDER BY q.start",
                chunk,
            ):
                out.setdefault(r["passage_id"], []).append(quote_from_row(r))
        return out

    def quotes_of_article(self, article_id: str) -> list[dict[str, Any]]:
        return [quote_from_row(r) for r in self.conn.execute(
            f"SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id"
            " WHERE q.article_id = ? ORDER BY q.start", (article_id,))]

    def search_quotes(
        self, speaker_ids: list[int] | None = None, contains: str | None = None,
        since: str | None = None, until: str | None = None, limit: int = 20, offset: int = 0,
        source: str | None = None, kind: str | None = None, issuer: str | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Quotes by any of ``speaker_ids`` whose text contains every word of ``contains``,
        newest first (``indexer.quote_index.search_quotes`` ranks by words and meaning)."""
        base, params = self._quote_search_sql(speaker_ids, contains, since, until, source, kind,
                                              issuer)
        total = self.conn.execute("SELECT COUNT(*)" + base, params).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT {QUOTE_COLUMNS}, a.title, a.source, a.published, a.url" + base
            + " ORDER BY a.published DESC, q.article_id, q.start LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return total, [quote_from_row(r) for r in rows]

    def count_quotes(
        self, speaker_ids: list[int] | None = None, contains: str | None = None,
        since: str | None = None, until: str | None = None, source: str | None = None,
        kind: str | None = None, issuer: str | None = None,
    ) -> int:
        """How many quotes ``search_quotes`` finds (its ``total``), without reading a page."""
        base, params = self._quote_search_sql(speaker_ids, contains, since, until, source, kind,
                                              issuer)
        return self.conn.execute("SELECT COUNT(*)" + base, params).fetchone()[0]

    def quote_cell_batches(
        self, speaker_ids: list[int] | None = None, contains: str | None = None,
        since: str | None = None, until: str | None = None, source: str | None = None,
        kind: str | None = None, issuer: str | None = None, limit: int = -1,
        batch: int = 500,
    ) -> Iterator[list[tuple[Any, ...]]]:
        """``search_quotes``'s quotes in its order, the first ``limit`` (-1: all), as plain
        tuples of ``EXPORT_QUOTE_CELLS``, read from one cursor ``batch`` rows at a time: a
        whole-set export in flat memory."""
        base, params = self._quote_search_sql(speaker_ids, contains, since, until, source, kind,
                                              issuer)
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples: no Row objects to build and unpack
        try:
            cursor.execute(f"SELECT {self._export_quote_cells()}" + base
                           + " ORDER BY a.published DESC, q.article_id, q.start LIMIT ?",
                           [*params, limit])
            while rows := cursor.fetchmany(batch):
                yield rows
        finally:
            cursor.close()

    def quote_cells_by_ids(self, quote_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
        """Stored quotes by id as plain tuples of ``EXPORT_QUOTE_CELLS``."""
        return {row[0]: row for row in tuples_by_ids(
            self.conn, f"SELECT {self._export_quote_cells()} FROM quotes q"
            " JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
            " WHERE q.id IN ({marks})", quote_ids)}

    def passage_quote_cells(self, passage_ids: Iterable[str]) -> dict[str, list[tuple[Any, ...]]]:
        """The quotes inside each passage, in text order, as plain tuples of text (speaker,
        role, organisation, text, kind; a missing value ''): a search export's quote cells."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        for row in tuples_by_ids(
            self.conn, "SELECT q.passage_id, COALESCE(s.name, q.speaker_name, ''),"
            " COALESCE(q.speaker_role, ''), COALESCE(q.speaker_org, ''), q.text, q.kind"
            " FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id"
            " WHERE q.passage_id IN ({marks}) ORDER BY q.start", passage_ids,
        ):
            out.setdefault(row[0], []).append(row[1:])
        return out

    def _export_quote_cells(self) -> str:
        """``EXPORT_QUOTE_CELLS``'s SQL, the issuer's name as this store keeps it."""
        return EXPORT_QUOTE_CELLS.format(
            issuer=issuer_name_sql("a", keeps_issuers(self.schema_version)))

    def _quote_search_sql(
        self, speaker_ids: list[int] | None, contains: str | None, since: str | None,
        until: str | None, source: str | None, kind: str | None, issuer: str | None,
    ) -> tuple[str, list[Any]]:
        """The FROM and WHERE of a quote search, with its parameters."""
        where, params = ["1=1"], []
        if speaker_ids is not None:
            where.append(f"q.speaker_id IN ({','.join('?' * len(speaker_ids)) or 'NULL'})")
            params += speaker_ids
        if source:  # as the indexes match it (keyword_index.source_query): a stored source
            # exactly (case aside), else every source with each word as part of its words
            key, words = source.strip().lower(), name_words(source)
            loose = " AND ".join(["lower(a.source) LIKE ? ESCAPE '\\'"] * len(words)) or "0"
            where.append("(CASE WHEN EXISTS (SELECT 1 FROM articles WHERE lower(trim(source)) = ?)"
                         f" THEN lower(trim(a.source)) = ? ELSE ({loose}) END)")
            params += [key, key, *(f"%{like_escape(w)}%" for w in words)]
        if kind:
            where.append("q.kind = ?")
            params.append(kind)
        if issuer and not keeps_issuers(self.schema_version):
            where.append("0")
        elif issuer and issuer.strip().isdigit():
            where.append("a.issuer_id = ?")
            params.append(int(issuer))
        elif issuer:  # each word part of the issuer's names, as the indexes match it
            words = name_words(issuer)
            names = ("lower(coalesce(a.issuer, '') || ' ' || coalesce((SELECT name || ' ' ||"
                     " aliases FROM speakers WHERE id = a.issuer_id), ''))")
            where.append(" AND ".join([f"{names} LIKE ? ESCAPE '\\'"] * len(words)) or "0")
            params += [f"%{like_escape(w)}%" for w in words]
        for word in (contains or "").split():
            where.append("q.text LIKE ?")
            params.append(f"%{word}%")
        since, until = iso_date(since), iso_date(until)  # 'March 3, 2007', '20070303'
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("substr(a.published, 1, length(?)) <= ?")
            params += [until, until]
        cond = " AND ".join(where)
        return (" FROM quotes q JOIN articles a ON a.id = q.article_id"
                f" LEFT JOIN speakers s ON s.id = q.speaker_id WHERE {cond}"), params

    def quotes_by_ids(self, quote_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Stored quotes by id, in ``search_quotes``'s row shape (with article metadata)."""
        out: dict[int, dict[str, Any]] = {}
        for chunk in chunks(list(dict.fromkeys(quote_ids))):
            for r in self.conn.execute(
                f"SELECT {QUOTE_COLUMNS}, a.title, a.source, a.published, a.url FROM quotes q"
                " JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
                f" WHERE q.id IN ({marks(chunk)})", chunk,
            ):
                out[r["id"]] = quote_from_row(r)
        return out

    def quote_sources(self) -> list[tuple[int, int, str | None, str | None]]:
        """(quote id, speaker id, source, origin) of every quote with a speaker."""
        return [(r[0], r[1], r[2], r[3]) for r in self.conn.execute(
            "SELECT q.id, q.speaker_id, a.source, a.origin FROM quotes q"
            " JOIN articles a ON a.id = q.article_id WHERE q.speaker_id IS NOT NULL")]

    def move_quotes(self, quote_ids: list[int], speaker_id: int) -> list[str]:
        """Give quotes another registry speaker; returns the articles holding them."""
        articles: set[str] = set()
        for chunk in chunks(quote_ids):
            articles |= {r[0] for r in self.conn.execute(
                f"SELECT DISTINCT article_id FROM quotes WHERE id IN ({marks(chunk)})", chunk)}
            self.conn.execute(f"UPDATE quotes SET speaker_id = ? WHERE id IN ({marks(chunk)})",
                              [speaker_id, *chunk])
        return sorted(articles)

    # --- counts over result sets (indexer.facets) ------------------------------------------

    def speaker_articles(self, passage_ids: list[str]
                         ) -> tuple[dict[int, set[str]], dict[int, str]]:
        """For the registry speakers quoted in these passages: the articles quoting each, and
        each one's registry name."""
        articles: dict[int, set[str]] = defaultdict(set)
        names: dict[int, str] = {}
        for chunk in chunks(passage_ids):
            for sid, name, aid in self.conn.execute(
                    "SELECT q.speaker_id, s.name, q.article_id FROM quotes q"
                    " JOIN speakers s ON s.id = q.speaker_id"
                    f" WHERE q.passage_id IN ({marks(chunk)})", chunk):
                articles[sid].add(aid)
                names[sid] = name
        return articles, names

    def kind_articles(self, passage_ids: list[str]) -> dict[str, set[str]]:
        """For each attribution kind quoted in these passages: the articles quoting it so."""
        out: dict[str, set[str]] = defaultdict(set)
        for chunk in chunks(passage_ids):
            for kind, aid in self.conn.execute(
                    "SELECT DISTINCT kind, article_id FROM quotes"
                    f" WHERE passage_id IN ({marks(chunk)})", chunk):
                out[kind].add(aid)
        return out

    # --- the quote index's documents (indexer.quote_index) ---------------------------------

    def quote_count(self, indexed_only: bool = False) -> int:
        """Stored quotes (``indexed_only``: of articles marked indexed)."""
        sql = "SELECT COUNT(*) FROM quotes q"
        sql = of_indexed(sql, "q", indexed_only)
        return self.conn.execute(sql).fetchone()[0]

    def quote_keys(self, indexed_only: bool = True) -> set[str]:
        """``<article id>:<quote id>`` of stored quotes (by default of indexed articles)."""
        sql = "SELECT q.article_id || ':' || q.id FROM quotes q"
        sql = of_indexed(sql, "q", indexed_only)
        return {r[0] for r in self.conn.execute(sql)}

    def stating_passages(self, speaker_ids: list[int], kinds: tuple[str, ...],
                         partial_words: int) -> set[str]:
        """Passages where these speakers are quoted in their own words: a quote of one of
        ``kinds``, or a partial quote of at least ``partial_words`` words."""
        if not speaker_ids:
            return set()
        sql = (f"SELECT DISTINCT passage_id FROM quotes WHERE passage_id IS NOT NULL "
               f"AND speaker_id IN ({marks(speaker_ids)}) AND (kind IN ({marks(kinds)}) OR "
               f"(kind = 'partial' AND length(trim(text)) - length(replace(trim(text), ' ', ''))"
               f" + 1 >= ?))")
        return {r[0] for r in self.conn.execute(sql, [*speaker_ids, *kinds, partial_words])}

    def quote_passages(self) -> dict[str, str]:
        """``<article id>:<quote id>`` (the quote index's key) -> the passage holding the quote."""
        return {f"{aid}:{qid}": pid for qid, aid, pid in self.conn.execute(
            "SELECT id, article_id, passage_id FROM quotes WHERE passage_id IS NOT NULL")}

    def article_texts(self, article_ids: list[str]) -> dict[str, str]:
        """The text of each of these articles."""
        out: dict[str, str] = {}
        for chunk in chunks(article_ids):
            out.update(self.conn.execute(
                f"SELECT id, text FROM articles WHERE id IN ({marks(chunk)})", chunk).fetchall())
        return out

    def speaker_texts(self, speaker_id: int, written: str, limit: int) -> list[str]:
        """The texts of up to ``limit`` articles quoting a registry speaker that write
        ``written`` (a surname) before a parenthesis or a comma, as a party tag follows a name
        ('Salazar (D-CO)', 'Hatch, R-Utah'), newest first."""
        like = written.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return [r[0] for r in self.conn.execute(
            "SELECT a.text FROM articles a WHERE a.id IN (SELECT DISTINCT article_id FROM "
            "quotes WHERE speaker_id = ?) AND (a.text LIKE ? ESCAPE '\\' OR a.text LIKE ? "
            "ESCAPE '\\') ORDER BY a.published DESC LIMIT ?",
            (speaker_id, f"%{like} (%", f"%{like}, %", limit))]

    def quote_index_rows(self, article_ids: list[str]) -> list[dict[str, Any]]:
        """The quotes of these articles, by article and position, with what the quote index
        documents them by: the registry name (``registry_name``) and ``aliases`` (decoded),
        the speaker's kind, the name, role and organisation as written, and the article's
        source and date."""
        rows: list[dict[str, Any]] = []
        for chunk in chunks(article_ids):
            for r in self.conn.execute(
                "SELECT q.id, q.article_id, q.passage_id, q.start, q.end, q.text, q.kind,"
                " q.mention_start, q.mention_end, q.speaker_id, s.name AS registry_name,"
                " s.aliases, s.kind AS speaker_kind, q.speaker_name, q.speaker_role,"
                " q.speaker_org, a.source, a.published FROM quotes q"
                " JOIN articles a ON a.id = q.article_id"
                " LEFT JOIN speakers s ON s.id = q.speaker_id"
                f" WHERE q.article_id IN ({marks(chunk)}) ORDER BY q.article_id, q.start", chunk,
            ):
                row = dict(r)
                row["aliases"] = json_list(row["aliases"])
                rows.append(row)
        return rows
