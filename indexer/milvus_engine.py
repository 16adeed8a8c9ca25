"""The Milvus keyword engine: passages in a Milvus collection, BM25 full text and filters.

It implements ``indexer.engine.KeywordEngine`` with documented pymilvus calls that Milvus 2.5+
servers have (a BM25 function over an analysed field and its sparse inverted index, scalar and
array filters, ``text_match``, ``get``, ``query_iterator``), so one code path serves a Milvus
Lite file in the data folder and a Milvus Standalone or Distributed server.

Text is analysed by OnRecord, not by Milvus: each passage's title and text go through the
Whoosh index's analyser (stemming, stop words, accent folding) and are stored as the
resulting terms (``content``), which Milvus' ``standard`` tokenizer only splits at spaces. So
stemming is the same on both engines and on Lite (whose tokenizer does not stem), and a query
term is the same term in either.

A word's passages are its postings: a BM25 ``search`` of the word alone on the sparse field
returns every passage holding it (a passage without it scores nothing) with the word's BM25
contribution, up to the 16,384-row window; a word in more passages than that is searched
again within ranges of passage id, each under the window. Several words go in
one batched search, and a snapshot keeps the postings it read. A query's BM25 score is the sum
of its words' contributions (Milvus' BM25 is a sum over query terms), so every match is scored
and totals and facets count every match. What Milvus cannot express is enforced here, on those
exhaustive candidates (never a top-k): phrases and ``title:`` words (passages holding every
word, then adjacency checked in ``content``, read by ``get``), wildcards (a ``like`` superset,
then each term matched); ``NOT`` subtracts a part's exact set. Fuzzy terms (``word~``) and term
ranges are refused with a one-line error.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np
from whoosh import query as wq

from indexer.dates import date_bounds
from indexer.engine import committing
from indexer.engines import EngineError
from indexer.keyword_index import (
    make_schema,
    negated_queries,
    parse_query,
    query_terms,
    scope_queries,
    source_key,
)
from indexer.milvus_query import (
    EVERYTHING,
    MAX_SPEAKERS,
    NOTHING,
    AnyOf,
    Checked,
    Expr,
    NoneOf,
    Word,
    both,
    compile_plan,
    date_expr,
    literal,
    milvus_row,
    ranking_words,
    term_token,
    without_text_match,
)
from indexer.notices import name_words
from indexer.querymodel import Filters, QueryError

WINDOW = 16_384  # Milvus' largest query/search result window (offset + limit, topk)
WORDS_PER_SEARCH = 16  # words per batched postings search (nq), a reply well under 64 MB
BATCH_ROWS = 500  # rows per insert, delete or get call
MASKS_KEPT = 16  # filter masks and query matches kept per snapshot
SPEAKERS_KEPT = 1_024  # speakers' passages kept per snapshot
RANGE_DEPTH = 32  # characters of passage id a word's postings are split down to, at most
POSTINGS_KEPT = 4_000_000  # posting entries kept per snapshot (8 bytes each)
LITE = "2.5"  # the Milvus Lite this engine is built and measured on (docs/SCALING.md)



# --- connecting -----------------------------------------------------------------------------

def is_local(uri: str) -> bool:
    """Whether a URI names a Milvus Lite file rather than a server."""
    return not re.match(r"^[a-z][a-z0-9+.-]*://", uri, re.I)


def server_and_token(uri: str) -> tuple[str, str]:
    """A server URI without its ``user:password@`` part, and that part as pymilvus' token
    (``ONRECORD_ENGINE_TOKEN`` when the URI carries none)."""
    parts = urlsplit(uri)
    if parts.username is None:
        return uri, os.environ.get("ONRECORD_ENGINE_TOKEN", "")
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    token = f"{parts.username}:{parts.password or ''}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment)), token


def connect(uri: str) -> Any:
    """A MilvusClient for a server URI or a Milvus Lite file.

    Milvus Lite lets one process open a file; that process starts Lite's server for it (a
    child process on a local socket), writes the address beside the file (``.endpoint``), and
    another process (a CLI run while ``serve`` runs) connects there instead.
    """
    os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # gRPC's own chatter is not the user's
    # nor the Lite server's text index's (its tantivy binding reads this variable, not RUST_LOG)
    os.environ.setdefault("MY_LOG_LEVEL", "error")
    from pymilvus import MilvusClient
    from pymilvus.exceptions import MilvusException

    for name in ("milvus_lite", "pymilvus", "grpc"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        if not is_local(uri):
            server, token = server_and_token(uri)
            return MilvusClient(uri=server, token=token)
        return connect_lite(Path(uri))
    except MilvusException as exc:
        raise EngineError(f"--engine-uri {uri}: cannot connect to Milvus: "
                          f"{getattr(exc, 'message', exc)}") from exc


def connect_lite(path: Path, attempts: int = 20) -> Any:
    """A client of a Milvus Lite file: served by this process when the file is free, else by
    the process holding it (its endpoint). Tried a few times: a process that just exited, or
    was killed, frees the file a moment later."""
    import time

    from pymilvus import MilvusClient
    from pymilvus.exceptions import MilvusException

    try:
        with warnings.catch_warnings():  # milvus_lite imports pkg_resources, which warns
            warnings.simplefilter("ignore")
            from milvus_lite.server_manager import server_manager_instance
    except ImportError as exc:
        raise EngineError("the Milvus engine needs milvus-lite for a local file "
                          "(pip install milvus-lite) or --engine-uri http://host:19530") from exc
    if path.is_dir():
        raise EngineError(f"{path}: a Milvus Lite 3 folder, which Milvus Lite {LITE} cannot "
                          "read: run 'onrecord reindex --engine milvus' to rebuild it")
    quiet_lite_logging()
    path.parent.mkdir(parents=True, exist_ok=True)
    endpoint = path.with_name(path.name + ".endpoint")
    for _ in range(attempts):
        # Lite's launcher is asked to start a server only with the file's lock taken here
        # first: a launch that fails on a lock held elsewhere deletes the lock file as its
        # launcher object is collected, and the next process would then start a second server
        # on the same file, whose writes the first never sees.
        local = start_lite(server_manager_instance, path) if claim(path) else None
        try:
            if local:
                client = MilvusClient(uri=local)
                endpoint.write_text(local + "\n", encoding="utf-8")
                return client
            if endpoint.exists():
                return MilvusClient(uri=endpoint.read_text(encoding="utf-8").strip(), timeout=3)
        except MilvusException:
            if local:
                server_manager_instance.release_server(str(path))  # which lets the lock go
                local = None
        if not local:
            unclaim(path)
        time.sleep(0.5)
    raise EngineError(f"{path}: the Milvus Lite file is held by another process that does not "
                      "answer on its endpoint: stop it, or use a Milvus server")


def start_lite(manager: Any, path: Path) -> str | None:
    """Lite's server for a file (its address), started by Lite's launcher with the server's
    own log at FATAL unless ``LOG_LEVEL`` says otherwise: it logs each expression it refuses
    (``text_match``, asked once) as an error on the terminal."""
    chosen = os.environ.get("LOG_LEVEL")
    os.environ["LOG_LEVEL"] = chosen or "FATAL"  # read by the launcher as it starts the server
    try:
        return manager.start_and_get_uri(str(path))
    finally:
        if chosen is None:
            os.environ.pop("LOG_LEVEL", None)


_CLAIMS: dict[str, Any] = {}  # Lite files whose lock this process holds: path -> lock file


def lite_lock(path: Path) -> Path:
    """The lock file Milvus Lite's launcher takes for a database file (beside it, dotted)."""
    return path.with_name(f".{path.name}.lock")


def claim(path: Path) -> bool:
    """Take a Lite file's lock for this process (kept while it lives, as the server it starts
    needs), or say another process holds it."""
    if str(path) in _CLAIMS:
        return True
    lock = open(lite_lock(path), "a")  # noqa: SIM115 - held open while the server lives
    try:
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()  # this process held no lock on the file, so closing releases none
        return False
    _CLAIMS[str(path)] = lock
    return True


def unclaim(path: Path) -> None:
    """Let a Lite file's lock go (its server did not start)."""
    lock = _CLAIMS.pop(str(path), None)
    if lock is not None:
        lock.close()


class _NotFromLite(logging.Filter):
    """Drops the root-logger records of Milvus Lite's launcher ("the file has been opened by
    another program" is expected here: another process serves the file, and is asked next)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "milvus_lite" not in record.pathname


def quiet_lite_logging() -> None:
    """Keep Milvus Lite's launcher, which logs on the root logger, off the user's terminal."""
    root = logging.getLogger()
    if not any(isinstance(f, _NotFromLite) for f in root.filters):
        root.addFilter(_NotFromLite())


def clear_lite_folder(uri: str) -> None:
    """Remove a Milvus Lite 3 folder at a local URI (``reindex --engine milvus`` rebuilds
    the index from the store; this Lite keeps a file there)."""
    if is_local(uri) and Path(uri).is_dir():
        shutil.rmtree(uri)


# --- the engine -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Postings:
    """The passages holding a word (positions) and the word's BM25 score in each."""

    positions: np.ndarray
    scores: np.ndarray


@dataclass
class MilvusTables:
    """One snapshot of the collection's passages: position -> passage id and article, and
    what its searches read from Milvus (filter masks, word postings, recent matches)."""

    generation: str
    passage_ids: list[str]
    article_ids: list[str]
    article_code: np.ndarray
    position: dict[str, int]
    masks: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict)
    postings: OrderedDict[str, Postings] = field(default_factory=OrderedDict)
    speakers: OrderedDict[int, np.ndarray] = field(default_factory=OrderedDict)  # positions
    posting_entries: int = 0  # positions held in ``postings``
    # recent matches (facets and pages run a query again): key -> (positions, scores)
    matches: OrderedDict[Any, tuple[np.ndarray, np.ndarray]] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, generation: str, pids: list[str]) -> MilvusTables:
        codes: dict[str, int] = {}
        article_code = np.fromiter(
            (codes.setdefault(p.rsplit(":", 1)[0], len(codes)) for p in pids),
            dtype=np.int64, count=len(pids))
        return cls(generation, pids, list(codes), article_code,
                   {p: i for i, p in enumerate(pids)})

    @property
    def live(self) -> np.ndarray:
        return np.ones(len(self.passage_ids), dtype=bool)

    def positions(self, pids: Iterable[str]) -> np.ndarray:
        """Positions of passage ids (those added since the snapshot left out)."""
        out = self.lookup(pids)
        return out[out >= 0]

    def lookup(self, pids: Iterable[str]) -> np.ndarray:
        """The position of each passage id (-1: added since the snapshot)."""
        get = self.position.get
        return np.fromiter((get(p, -1) for p in pids), dtype=np.int64)

    def recall(self, cache: OrderedDict, key: Any) -> Any:
        """A cached value (None when absent), marked recently used."""
        with self.lock:
            value = cache.get(key)
            if value is not None:
                cache.move_to_end(key)
            return value

    def keep(self, cache: OrderedDict, key: Any, value: Any, kept: int = MASKS_KEPT) -> Any:
        """Cache a value, dropping the least recently used beyond ``kept`` entries."""
        with self.lock:
            cache[key] = value
            while len(cache) > kept:
                cache.popitem(last=False)
        return value

    def keep_postings(self, word: str, postings: Postings) -> None:
        """Cache a word's postings, dropping the least recently used beyond POSTINGS_KEPT
        entries in all."""
        with self.lock:
            old = self.postings.pop(word, None)
            self.posting_entries += len(postings.positions) - (len(old.positions) if old else 0)
            self.postings[word] = postings
            while self.posting_entries > POSTINGS_KEPT and len(self.postings) > 1:
                self.posting_entries -= len(self.postings.popitem(last=False)[1].positions)

    def mask(self, positions: np.ndarray) -> np.ndarray:
        m = np.zeros(len(self.passage_ids), dtype=bool)
        m[positions] = True
        return m


class MilvusWriter:
    """A batch of index changes kept in memory and applied on ``commit``: deletes first (of
    what was committed before, as Whoosh's writer does), then the added passages."""

    def __init__(self, index: MilvusIndex) -> None:
        self.index = index
        self.rows: dict[str, dict[str, Any]] = {}
        self.articles: set[str] = set()
        self.passages: set[str] = set()

    def add_document(self, **fields: Any) -> None:
        row = milvus_row(fields)
        self.rows[row["passage_id"]] = row

    def delete_by_term(self, fieldname: str, text: str) -> None:
        if fieldname == "article_id":
            self.articles.add(text)
        elif fieldname == "passage_id":
            self.passages.add(text)
        else:
            raise ValueError(f"the Milvus engine deletes by article_id or passage_id, "
                             f"not {fieldname}")

    def commit(self) -> None:
        self.index.apply(self.articles, self.passages, list(self.rows.values()))
        self.cancel()

    def cancel(self) -> None:
        self.rows, self.articles, self.passages = {}, set(), set()


class MilvusIndex:
    """The passages collection of one data folder on a Milvus Lite file or server."""

    ENGINE = "milvus"

    def __init__(self, data_dir: Path, uri: str, prefix: str) -> None:
        self.data_dir = Path(data_dir)
        self.directory = self.data_dir / "milvus"  # beside the quote index, like ``whoosh``
        self.uri = uri
        self.name = f"{prefix}_passages"
        self.client: Any = None
        self._exists = False
        self._tables: MilvusTables | None = None
        self._text_match: bool | None = None  # whether the server evaluates text_match

    @classmethod
    def open(cls, data_dir: Path, uri: str, prefix: str, create: bool = True) -> MilvusIndex:
        mi = cls(data_dir, uri, prefix)
        mi.client = connect(uri)
        mi._exists = mi.client.has_collection(mi.name)
        if not mi._exists and create:
            mi._create()
        elif mi._exists:
            mi.client.load_collection(mi.name)
        return mi

    @property
    def exists(self) -> bool:
        return self._exists

    def _create(self) -> None:
        from pymilvus import DataType, Function, FunctionType, MilvusClient

        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("passage_id", DataType.VARCHAR, max_length=512, is_primary=True)
        schema.add_field("article_id", DataType.VARCHAR, max_length=512)
        schema.add_field("content", DataType.VARCHAR, max_length=65_535, enable_analyzer=True,
                         enable_match=True, analyzer_params={"tokenizer": "standard"})
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("title_len", DataType.INT32)
        schema.add_field("source_key", DataType.VARCHAR, max_length=1024)
        for name, length in (("source_text", 2048), ("issuer_text", 4096),
                             ("speaker_text", 8192)):
            schema.add_field(name, DataType.VARCHAR, max_length=length, enable_analyzer=True,
                             enable_match=True, analyzer_params={"tokenizer": "standard"})
        schema.add_field("issuer_id", DataType.VARCHAR, max_length=32)
        schema.add_field("speaker_ids", DataType.ARRAY, element_type=DataType.INT64,
                         max_capacity=MAX_SPEAKERS)
        schema.add_field("has_quote", DataType.BOOL)
        schema.add_field("kinds", DataType.ARRAY, element_type=DataType.VARCHAR,
                         max_capacity=8, max_length=16)
        schema.add_field("published", DataType.INT64)
        schema.add_function(Function(name="content_bm25", function_type=FunctionType.BM25,
                                     input_field_names=["content"],
                                     output_field_names=["sparse"]))
        indexes = self.client.prepare_index_params()
        indexes.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX",
                          metric_type="BM25")
        self.client.create_collection(self.name, schema=schema, index_params=indexes,
                                      consistency_level="Strong")
        self.client.load_collection(self.name)
        self._exists = True
        self._bump()

    def recreate(self) -> None:
        """Drop and recreate the collection (for ``reindex``)."""
        self.drop()
        self._create()

    def drop(self) -> None:
        """Drop the collection (``reindex --engine`` moving to another engine)."""
        if self.client.has_collection(self.name):
            self.client.drop_collection(self.name)
        self._exists = False
        self._tables = None
        self._bump()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def begin(self, procs: int = 1, limitmb: int = 256) -> MilvusWriter:
        """A writer the caller commits or cancels (``procs`` and ``limitmb`` are Whoosh's)."""
        if not self._exists:
            self._create()
        return MilvusWriter(self)

    def writer(self) -> Any:
        """A writer committed on success and cancelled on error (a context manager)."""
        return committing(self.begin())

    @staticmethod
    def delete_articles(writer: MilvusWriter, article_ids: Iterable[str]) -> None:
        for aid in article_ids:
            writer.delete_by_term("article_id", aid)

    def apply(self, articles: set[str], passages: set[str], rows: list[dict[str, Any]]) -> None:
        """Delete these articles' and passages' rows, then insert ``rows``."""
        if not (articles or passages or rows):
            return
        for chunk in _chunks(sorted(articles), BATCH_ROWS):
            self.client.delete(self.name, filter=f"article_id in [{', '.join(map(literal, chunk))}]")
        for chunk in _chunks(sorted(passages), BATCH_ROWS):
            self.client.delete(self.name, ids=chunk)
        for chunk in _chunks(rows, BATCH_ROWS):
            self.client.insert(self.name, chunk)
        self._bump()

    def _generation_file(self) -> Path:
        return self.directory / f"{self.name}.generation"

    def _bump(self) -> None:
        """Tell readers (in any process) that the collection changed."""
        path = self._generation_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        value = int(path.read_text() or 0) + 1 if path.exists() else 1
        tmp = path.with_suffix(".tmp")
        tmp.write_text(str(value))
        os.replace(tmp, path)

    def _generation(self) -> str:
        path = self._generation_file()
        return path.read_text() if path.exists() else "0"

    def doc_count(self) -> int:
        if not self._exists:
            return 0
        rows = self.client.query(self.name, filter="", output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def segment_count(self) -> int:
        """Milvus keeps and compacts its own segments: one collection, as ``stats`` shows it."""
        return 1 if self._exists else 0

    def optimize(self) -> int:
        """Milvus compacts its segments itself; ``optimize`` is the Whoosh index's."""
        raise QueryError("optimize merges the Whoosh index's segments: Milvus compacts its "
                         "own segments")

    # --- reading ----------------------------------------------------------------------------

    def _rows(self, expr: str, fields: list[str]) -> Iterator[dict[str, Any]]:
        """Every row matching ``expr``: one query when they fit the result window, else an
        iterator over all of them."""
        if "text_match(" in expr and not self._has_text_match():
            expr = without_text_match(expr)
        rows = self.client.query(self.name, filter=expr, output_fields=fields, limit=WINDOW)
        if len(rows) < WINDOW:
            yield from rows
            return
        it = self.client.query_iterator(self.name, batch_size=WINDOW // 2, filter=expr,
                                        output_fields=fields)
        try:
            while batch := it.next():
                yield from batch
        finally:
            it.close()

    def _has_text_match(self) -> bool:
        """Whether this Milvus evaluates ``text_match`` (servers do; Milvus Lite 2.5 refuses
        it as an invalid expression), asked once."""
        if self._text_match is None:
            from pymilvus.exceptions import MilvusException

            try:
                self.client.query(self.name, filter="text_match(content, 'onrecord')",
                                  output_fields=["passage_id"], limit=1)
                self._text_match = True
            except MilvusException as exc:
                if "text_match" not in str(exc):
                    raise
                self._text_match = False
        return self._text_match

    def passage_ids(self) -> list[str]:
        """Every indexed passage id (a repeated id appears repeatedly)."""
        if not self._exists:
            return []
        return [r["passage_id"] for r in self._rows("", ["passage_id"])]

    def tables(self) -> MilvusTables:
        """The current snapshot, rebuilt when a writer (in any process) committed since."""
        if not self._exists:
            self._exists = self.client.has_collection(self.name)
            if not self._exists:
                raise QueryError("the keyword index is empty: ingest something first")
            self.client.load_collection(self.name)
        generation = self._generation()
        if self._tables is None or self._tables.generation != generation:
            self._tables = MilvusTables.build(generation, sorted(set(self.passage_ids())))
        return self._tables

    def parse(self, text: str) -> wq.Query:
        """Parse user query syntax (the Whoosh engine's parser: one syntax on both engines),
        raising QueryError for mistakes and for forms Milvus cannot serve."""
        q = parse_query(text, make_schema())
        compile_plan(q)
        return q

    def filter_expr(self, filters: Filters) -> str | None:
        """The filter expression of ``filters`` ("" : none; None: nothing can pass)."""
        parts: list[str] = []
        if filters.source:
            key = source_key(filters.source)
            exact = f"source_key == {literal(key)}"
            if key and self.client.query(self.name, filter=exact, output_fields=["passage_id"],
                                         limit=1):
                parts.append(exact)
            else:
                words = name_words(filters.source)
                if not words:
                    return None
                parts.append(both(*(f"source_text like {literal('%' + term_token(w) + '%')}"
                                    for w in words)))
        if filters.since or filters.until:
            start = date_bounds(filters.since) if filters.since else None
            end = date_bounds(filters.until, end=True) if filters.until else None
            parts.append(date_expr(start, end).expr)
        if filters.speaker_ids is not None:
            if not filters.speaker_ids:
                return None
            ids = ", ".join(str(int(s)) for s in filters.speaker_ids)
            parts.append(f"array_contains_any(speaker_ids, [{ids}])")
        if filters.quotes_only:
            parts.append("has_quote == true")
        if filters.issuer:
            value = filters.issuer.strip()
            if value.isdigit():
                parts.append(f"issuer_id == {literal(value)}")
            else:
                words = name_words(value)
                if not words:
                    return None
                parts.append(both(*(f"issuer_text like {literal('%' + term_token(w) + '%')}"
                                    for w in words)))
        if filters.kind:
            parts.append(f"array_contains(kinds, {literal(filters.kind.strip().lower())})")
        return both(*parts)

    def filter_key(self, filters: Filters) -> tuple[str, tuple[int, ...] | None] | None:
        """``filters`` as Milvus evaluates them: the expression of all but the speakers and
        the speaker ids (None: nothing can pass)."""
        if filters.speaker_ids is not None and not filters.speaker_ids:
            return None
        expr = self.filter_expr(replace(filters, speaker_ids=None))
        if expr is None:
            return None
        ids = None if filters.speaker_ids is None else \
            tuple(sorted({int(s) for s in filters.speaker_ids}))
        return expr, ids

    def _filter_mask(self, t: MilvusTables, key: tuple[str, tuple[int, ...] | None]
                     ) -> np.ndarray:
        """The mask of passages a filter key allows."""
        expr, speakers = key
        mask = self._ids_mask(t, expr)
        return mask if speakers is None else mask & self._speakers_mask(t, speakers)

    def _speakers_mask(self, t: MilvusTables, speakers: tuple[int, ...]) -> np.ndarray:
        """The passages quoting any of ``speakers``: each speaker's passages kept per snapshot,
        those not kept read in one ``array_contains_any`` query and split by speaker."""
        found = {s: t.recall(t.speakers, s) for s in speakers}
        missing = [s for s, known in found.items() if known is None]
        if missing:
            ids: dict[int, list[str]] = {s: [] for s in missing}
            expr = f"array_contains_any(speaker_ids, [{', '.join(map(str, missing))}])"
            for row in self._rows(expr, ["passage_id", "speaker_ids"]):
                for s in row["speaker_ids"]:
                    if s in ids:
                        ids[s].append(row["passage_id"])
            for s in missing:
                found[s] = t.keep(t.speakers, s, t.positions(ids[s]), SPEAKERS_KEPT)
        mask = np.zeros(len(t.passage_ids), dtype=bool)
        for positions in found.values():
            mask[positions] = True
        return mask

    def _ids_mask(self, t: MilvusTables, expr: str) -> np.ndarray:
        """The positions matching a filter expression, as a mask (the last few kept)."""
        if expr == "":
            return t.live
        mask = t.recall(t.masks, expr)
        if mask is None:
            pids = (r["passage_id"] for r in self._rows(expr, ["passage_id"]))
            mask = t.keep(t.masks, expr, t.mask(t.positions(pids)))
        return mask

    def postings(self, t: MilvusTables, words: Iterable[str]) -> dict[str, Postings]:
        """Each word's postings, from the snapshot's cache or from batched BM25 searches of
        the words alone (a passage is a hit exactly when it holds the word)."""
        out: dict[str, Postings] = {}
        for word in dict.fromkeys(words):
            known = t.recall(t.postings, word)
            if known is not None:
                out[word] = known
        missing = [w for w in dict.fromkeys(words) if w not in out]
        for chunk in _chunks(missing, WORDS_PER_SEARCH):
            found = self.client.search(self.name, data=chunk, anns_field="sparse", limit=WINDOW,
                                       output_fields=["passage_id"],
                                       search_params={"metric_type": "BM25"})
            for word, hits in zip(chunk, found, strict=True):
                out[word] = self._postings(t, word, list(hits.ids), hits.distances)
                t.keep_postings(word, out[word])
        return out

    def _postings(self, t: MilvusTables, word: str, ids: list[str], distances: Any
                  ) -> Postings:
        """A word's postings from its search hits; a full window's worth means more passages
        hold it, which searches of the word within ranges of passage ids give."""
        scores = np.abs(np.asarray(distances, dtype=np.float64))
        if len(ids) >= WINDOW:
            ids, found = [], []
            for part_ids, part_scores in self._ranged_postings(word, None, None):
                ids.extend(part_ids)
                found.append(part_scores)
            scores = np.concatenate(found) if found else np.zeros(0)
        at = t.lookup(ids)
        known = at >= 0
        return Postings(at[known].astype(np.int32), scores[known].astype(np.float32))

    def _ranged_postings(self, word: str, low: str | None, high: str | None
                         ) -> Iterator[tuple[list[str], np.ndarray]]:
        """(ids, BM25 scores) of every passage holding ``word`` whose id is in [low, high)
        (None: unbounded): a search in each of the range's 16 parts, and a part
        whose search filled the window split again. Exhaustive and exactly scored, by searches
        alone (no scan of the passages' text)."""
        for lo, hi in id_ranges(low, high):
            expr = both(*(f"passage_id {op} {literal(v)}" for op, v in ((">=", lo), ("<", hi))
                          if v is not None))
            hits = self.client.search(self.name, data=[word], anns_field="sparse", limit=WINDOW,
                                      filter=expr, output_fields=["passage_id"],
                                      search_params={"metric_type": "BM25"})[0]
            if len(hits.ids) >= WINDOW and max(len(lo or ""), len(hi or "")) < RANGE_DEPTH:
                yield from self._ranged_postings(word, lo, hi)
            else:
                yield list(hits.ids), np.abs(np.asarray(hits.distances, dtype=np.float64))

    def evaluate(self, t: MilvusTables, plan: Any, within: np.ndarray) -> np.ndarray:
        """The mask of passages a plan matches among ``within`` (a mask)."""
        if plan == NOTHING:
            return np.zeros(len(t.passage_ids), dtype=bool)
        if plan == EVERYTHING:
            return within.copy()
        if isinstance(plan, Word):
            return within & t.mask(self.postings(t, [plan.term])[plan.term].positions)
        if isinstance(plan, Expr):
            return within & self._ids_mask(t, plan.expr)
        if isinstance(plan, Checked):
            return self._checked(t, plan, within)
        if isinstance(plan, NoneOf):
            return within & ~self.evaluate(t, plan.part, within)
        if isinstance(plan, AnyOf):
            self.postings(t, [p.term for p in plan.parts if isinstance(p, Word)])  # one search
            out = np.zeros(len(t.passage_ids), dtype=bool)
            for part in plan.parts:
                out |= self.evaluate(t, part, within)
            return out
        self.postings(t, [p.term for p in plan.parts if isinstance(p, Word)])
        out = within
        # exact parts first: the checked and negated parts then look at fewer candidates
        for part in sorted(plan.parts, key=lambda p: isinstance(p, (Checked, NoneOf))):
            out = self.evaluate(t, part, out)
        return out

    def _checked(self, t: MilvusTables, plan: Checked, within: np.ndarray) -> np.ndarray:
        """The candidates of a phrase, ``title:`` word or wildcard that hold it where it asks:
        the superset from Milvus, then each candidate's terms (``get`` by id) checked."""
        narrowed = within & self._ids_mask(t, plan.expr) if plan.expr else within.copy()
        for found in self.postings(t, plan.words).values():
            narrowed &= t.mask(found.positions)
        pids = [t.passage_ids[i] for i in np.flatnonzero(narrowed)]
        kept: list[str] = []
        for chunk in _chunks(pids, BATCH_ROWS):
            rows = self.client.get(self.name, ids=chunk,
                                   output_fields=["passage_id", "content", "title_len"])
            kept.extend(r["passage_id"] for r in rows
                        if plan.holds(r["content"].split(), int(r["title_len"])))
        return t.mask(t.positions(kept))

    def match(self, q: wq.Query, filters: Filters, tables: MilvusTables | None = None
              ) -> tuple[MilvusTables, np.ndarray, np.ndarray]:
        """Every passage matching ``q`` under ``filters``: (tables, positions, BM25 scores)."""
        t = tables if tables is not None else self.tables()
        base = self.filter_key(filters)
        plan = compile_plan(q)
        if base is None or plan == NOTHING:
            return t, np.zeros(0, dtype=np.int64), np.zeros(0)
        words = ranking_words(q)
        key = (plan, base, tuple(words))
        found = t.recall(t.matches, key)
        if found is None:
            docs = np.flatnonzero(self.evaluate(t, plan, self._filter_mask(t, base)))
            found = t.keep(t.matches, key, (docs, self._scores(t, docs, words)))
        docs, scores = found
        return t, docs, scores.copy()

    def _scores(self, t: MilvusTables, docs: np.ndarray, words: list[str]) -> np.ndarray:
        """BM25 scores of ``docs`` for ``words``: the sum of each word's score (a match
        holding none of them, through a wildcard or a field, just below the lowest)."""
        if not len(docs):
            return np.zeros(0)
        if not words:
            return np.ones(len(docs))
        total = np.zeros(len(t.passage_ids))
        for found in self.postings(t, words).values():
            total[found.positions] += found.scores
        scores = total[docs]
        missing = scores <= 0
        if missing.any():
            scores[missing] = scores[~missing].min() / 2 if (~missing).any() else 1.0
        return scores

    def candidates(self, t: MilvusTables, filters: Filters, q: wq.Query) -> np.ndarray:
        """The mask of passages the filters and the query's filter parts allow and its NOT parts
        do not exclude."""
        base = self.filter_key(filters)
        if base is None:
            return np.zeros(len(t.passage_ids), dtype=bool)
        mask = self._filter_mask(t, base)
        for scope in scope_queries(q):
            mask = mask & self.evaluate(t, compile_plan(scope), mask)
        for negated in negated_queries(q):
            mask = mask & ~self.evaluate(t, compile_plan(negated), mask)
        return mask

    def allowed(self, t: MilvusTables, filters: Filters) -> np.ndarray | None:
        """The mask of the passages ``filters`` allow (None: every passage)."""
        base = self.filter_key(filters)
        if base is None:
            return np.zeros(len(t.passage_ids), dtype=bool)
        return None if base == ("", None) else self._filter_mask(t, base)

    def passage_ids_matching(self, filters: Filters) -> set[str]:
        """Every passage id the filters allow (for ``similar``)."""
        base = self.filter_expr(filters)
        if base is None:
            return set()
        return {r["passage_id"] for r in self._rows(base, ["passage_id"])}

    def query_terms(self, q: wq.Query) -> set[str]:
        return query_terms(q)

    def word_counts(self, words: Iterable[str]) -> dict[str, int | None]:
        """Unknown (empty): Milvus exposes no term statistics; the service then tells a query
        matching no word only from its keyword matches."""
        return {}

    def key_terms(self, texts: Iterable[str], count: int) -> list[tuple[str, int]]:
        """None: pseudo-relevance feedback needs collection term statistics Milvus does not
        expose, so searches on Milvus run without it (docs/SCALING.md)."""
        return []


def id_ranges(low: str | None, high: str | None) -> list[tuple[str | None, str | None]]:
    """[low, high) of ids (None: unbounded) cut into 16 ranges that cover it exactly once, at
    the next hex digit of what its ids begin with (passage ids begin with a hex digest)."""
    if low is not None:
        stem = low
    elif high:
        stem = high[:-1] + chr(ord(high[-1]) - 1)  # (None, "1") holds the ids of "0…"
    else:
        stem = ""
    bounds: list[str | None] = [stem + digit for digit in "123456789abcdef"]
    return list(zip([low, *bounds], [*bounds, high], strict=True))


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
