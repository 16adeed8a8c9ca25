"""The search services behind the web app: a pool of readers over one data folder, one reader
per request at a time, and one lock that serialises writers (across the server's workers too).

Each reader is a ``SearchService`` with its own SQLite read connection (WAL: readers never wait
for the ingest's writer) and its own Whoosh searcher, so requests in different threads run at
once; the readers share the heavy, thread-safe parts (the query encoder and the vector indexes,
whose snapshots a reload replaces whole). A reader sees an ingest's commits on its next request:
the keyword searcher and the vectors refresh themselves, the name finder follows
``PRAGMA data_version``.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app

from indexer.engines import EngineError
from indexer.search import SearchService
from indexer.store import StoreError

EXTENSION = "onrecord"
IDLE_KEPT = 16  # idle readers kept open (waitress runs a fixed number of threads)
WRITE_LOCK = ".app-write.lock"  # in the data folder: the app's writers across worker processes


class ServiceUnavailable(Exception):
    """The store or indexes cannot be opened; the message is one line for the user."""


class ServicePool:
    """Readers over ``data_dir``, opened on first use and reused; ``writing`` serialises writers."""

    def __init__(self, data_dir: Path, semantic: bool, idle_kept: int = IDLE_KEPT) -> None:
        self.data_dir = Path(data_dir)
        self.semantic = semantic
        self.idle_kept = idle_kept
        self.write_lock = threading.Lock()
        self._lock = threading.Lock()  # guards the lists below
        self._open_lock = threading.Lock()  # one thread opens the first service
        self._first: SearchService | None = None
        self._idle: list[SearchService] = []
        self._open: list[SearchService] = []

    def _new_reader(self) -> SearchService:
        """A reader of its own: the first opens the store, indexes and encoder; the rest share
        the first one's encoder and vector indexes."""
        with self._open_lock:
            try:
                if self._first is None:
                    self._first = SearchService.open(self.data_dir, semantic=self.semantic)
                    svc = self._first
                else:
                    svc = self._first.reader()
            except (StoreError, OSError, RuntimeError, EngineError) as exc:
                raise ServiceUnavailable(str(exc).splitlines()[0]) from exc
        with self._lock:
            self._open.append(svc)
        return svc

    def acquire(self) -> SearchService:
        """An idle reader (or a new one), refreshed to the last commit, for one thread's use."""
        with self._lock:
            svc = self._idle.pop() if self._idle else None
        if svc is None:
            svc = self._new_reader()
        svc.refresh_vectors()
        return svc

    def release(self, svc: SearchService) -> None:
        """Give a reader back; beyond ``idle_kept`` idle ones it is closed."""
        with self._lock:
            if len(self._idle) < self.idle_kept or svc is self._first:
                self._idle.append(svc)
                return
            self._open.remove(svc)
        svc.close()

    @contextmanager
    def reader(self) -> Iterator[SearchService]:
        """A reader held by this thread for the duration of the block."""
        svc = self.acquire()
        try:
            yield svc
        finally:
            self.release(svc)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Held by every writer of the app (the admin endpoints), one at a time: a thread lock
        within this process and a file lock across the server's worker processes."""
        self.data_dir.mkdir(parents=True, exist_ok=True)  # a first ingest makes the folder
        with self.write_lock, open(self.data_dir / WRITE_LOCK, "a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(held, fcntl.LOCK_UN)

    def readers(self) -> int:
        """How many readers are open (in use or idle)."""
        with self._lock:
            return len(self._open)

    def close(self) -> None:
        """Close every reader (the shared parts go with the first)."""
        with self._lock:
            readers, self._open, self._idle = self._open, [], []
            first, self._first = self._first, None
        for svc in readers:
            if svc is not first:
                svc.close()
        if first is not None:
            first.close()


def init_app(app: Flask) -> None:
    """Give ``app`` its service pool over ``DATA_DIR`` (nothing is opened until a request)."""
    app.extensions[EXTENSION] = ServicePool(Path(app.config["DATA_DIR"]),
                                            bool(app.config["SEMANTIC"]))


def pool() -> ServicePool:
    """The current app's service pool."""
    return current_app.extensions[EXTENSION]


@contextmanager
def service() -> Iterator[SearchService]:
    """A search service for this request's thread alone (other requests use their own)."""
    with pool().reader() as svc:
        yield svc


@contextmanager
def writing() -> Iterator[None]:
    """The app's writer lock: in-process writes run one at a time."""
    with pool().writing():
        yield
