"""Persisted vector index: passage embeddings keyed by string id, exact cosine search.

Vectors live in immutable float16 segment files (``seg-<generation>.vec.npy`` + ``.ids.npy``)
under one directory, memory-mapped on open. Deletions are tombstones (``*.del-<gen>.npy`` row
lists) until a merge drops them. ``manifest.json`` names the live files; a commit writes every new
file first and then replaces the manifest atomically, so readers never see a half-written index
and a crash leaves the previous generation intact. One writer at a time; any number of readers.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import numpy as np

MANIFEST = "manifest.json"
WRITER_LOCK = "vectors.lock"  # in the data folder: held while a process commits its vectors
FORMAT = 1
MERGE_FACTOR = 4  # merge the newest segment into the one before while that is < 4x its size
MAX_DEAD_FRACTION = 0.25  # rewrite everything once a quarter of the rows are tombstones
DENSE_CHUNK = 65_536  # rows converted to float32 at a time
GATHER_FRACTION = 0.125  # filters allowing fewer rows than this score only those rows
_OPEN_RETRIES = 5
_DENSE_LOCK = threading.Lock()  # one thread converts a segment; the others wait and share it
_FILE_RE = re.compile(r"^(seg-\d+\.(vec|ids)\.npy|seg-\d+\.del-\d+\.npy|.*\.tmp)$")

Allowed = Collection[str] | np.ndarray | None


class VectorIndexError(RuntimeError):
    """The index on disk is unusable as asked (wrong dimension, corrupt, or changed by another
    writer); the message is one line naming the directory."""


@dataclass(frozen=True)
class SegmentInfo:
    """A segment as the manifest records it."""

    name: str
    rows: int
    deleted: str | None = None  # file of tombstoned row numbers, if any


@dataclass
class Segment:
    """A loaded segment: its vectors (memory-mapped) and ids, row for row."""

    name: str
    vectors: np.ndarray  # (rows, dim) float16, memory-mapped
    ids: list[str]
    _dense: np.ndarray | None = field(default=None, repr=False)

    def dense(self) -> np.ndarray:
        """The vectors as float32, converted on the first search and kept: BLAS multiplies
        float32 at the speed torch multiplies float16, and numpy has no fast float16 product
        (twice the memory of the mapped file, no torch on the read path)."""
        if self._dense is None:
            with _DENSE_LOCK:
                if self._dense is None:
                    out = np.empty(self.vectors.shape, dtype=np.float32)
                    for start in range(0, len(out), DENSE_CHUNK):
                        out[start:start + DENSE_CHUNK] = self.vectors[start:start + DENSE_CHUNK]
                    self._dense = out
        return self._dense


@dataclass(frozen=True)
class Snapshot:
    """One committed generation as loaded: replaced whole on reload, so a search running in
    another thread always sees a consistent state."""

    manifest: Manifest
    segments: tuple[Segment, ...] = ()
    starts: tuple[int, ...] = ()  # first global row of each segment
    ids: tuple[str, ...] = ()  # global row -> id, tombstoned rows included
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    live_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rows: dict[str, int] = field(default_factory=dict)  # live id -> global row

    def bounds(self) -> list[tuple[int, int]]:
        """(first, end) global rows of each segment."""
        return [(start, start + len(seg.ids)) for start, seg in zip(self.starts, self.segments,
                                                                    strict=True)]

    def row_vectors(self, rows: np.ndarray) -> np.ndarray:
        """The stored (float16-rounded) vectors of global rows as float32, in the order given."""
        rows = np.asarray(rows, dtype=np.int64)
        dim = self.segments[0].vectors.shape[1] if self.segments else 0
        out = np.empty((len(rows), dim), dtype=np.float32)
        for segment, (start, end) in zip(self.segments, self.bounds(), strict=True):
            inside = np.flatnonzero((rows >= start) & (rows < end))
            if len(inside):
                out[inside] = segment.vectors[rows[inside] - start]
        return out

    def group_norms(self, groups: np.ndarray, count: int) -> np.ndarray:
        """The length of the sum of each group's vectors (``groups``: a group number per global
        row, -1 for rows in none): dividing a group's summed cosines by it gives the cosine
        with the group's mean vector. Vectorised by runs of equal groups, which is how an
        article's passages lie in a segment."""
        dim = self.segments[0].vectors.shape[1] if self.segments else 0
        sums = np.zeros((count, dim), dtype=np.float32)
        for segment, (start, end) in zip(self.segments, self.bounds(), strict=True):
            g = np.asarray(groups[start:end], dtype=np.int64)
            if not len(g):
                continue
            starts = np.concatenate(([0], np.flatnonzero(np.diff(g)) + 1))
            run_groups = g[starts]
            keep = run_groups >= 0
            run_sums = np.add.reduceat(segment.dense(), starts, axis=0)[keep]
            run_groups = run_groups[keep]
            order = np.argsort(run_groups, kind="stable")
            run_groups, run_sums = run_groups[order], run_sums[order]
            firsts = np.concatenate(([0], np.flatnonzero(np.diff(run_groups)) + 1))
            if len(run_groups):
                sums[run_groups[firsts]] += np.add.reduceat(run_sums, firsts, axis=0)
        return np.linalg.norm(sums, axis=1)

    def all_scores(self, q: np.ndarray) -> np.ndarray:
        """Float32 cosine of ``q`` with every row, tombstoned rows included."""
        if len(self.segments) == 1:
            return self.segments[0].dense() @ q
        return np.concatenate([segment.dense() @ q for segment in self.segments])


@dataclass(frozen=True)
class Manifest:
    """The committed state: generation number, dimension, segment list and the identity of the
    embedding model whose vectors these are (None in indexes from before it was recorded)."""

    generation: int
    dim: int
    segments: tuple[SegmentInfo, ...] = ()
    model: str | None = None

    def to_json(self) -> str:
        segments = [{"name": s.name, "rows": s.rows, "deleted": s.deleted} for s in self.segments]
        doc = {"format": FORMAT, "generation": self.generation, "dim": self.dim,
               "dtype": "float16", "model": self.model, "segments": segments}
        return json.dumps(doc, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        doc = json.loads(text)
        if doc.get("format") != FORMAT:
            raise ValueError(f"unknown format {doc.get('format')!r}")
        segments = tuple(SegmentInfo(s["name"], int(s["rows"]), s.get("deleted"))
                         for s in doc["segments"])
        return cls(int(doc["generation"]), int(doc["dim"]), segments, doc.get("model"))


def one_blas_thread() -> None:
    """Keep the matrix products of every BLAS loaded so far on the calling thread.

    A search server already runs requests in parallel threads; OpenBLAS's own threads then
    spin for cores the requests hold. On 2 busy cores, a 12k x 384 product took 16 ms wall and
    7 ms CPU with its threads and 2 ms wall and 1 ms CPU without.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length (zero rows stay zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def plan_merges(rows: list[int], factor: int = MERGE_FACTOR) -> int:
    """How many trailing segments to merge into one, given live rows per segment (oldest first).

    Keeps sizes geometric (each segment at least ``factor`` times the next), so a stream of small
    commits leaves O(log n) segments and rewrites each row O(log n) times.
    """
    count, tail = 1, rows[-1] if rows else 0
    while count < len(rows) and rows[-count - 1] < factor * tail:
        count += 1
        tail += rows[-count]
    return count if count > 1 else 0


_HELD: set[Path] = set()  # lock files this process holds (the lock is re-entrant here)


@contextmanager
def vector_writer(data_dir: Path) -> Iterator[None]:
    """Hold the data folder's vector writer lock (an exclusive ``flock``, waiting for it):
    an ingest and an ``onrecord embed`` commit their vectors in turn, each reloading the
    other's generation first (``VectorIndex.reload_if_changed`` keeps staged changes)."""
    path = (Path(data_dir) / WRITER_LOCK).absolute()
    try:
        import fcntl
    except ImportError:  # not POSIX: one writer at a time is the caller's to keep
        fcntl = None
    if fcntl is None or path in _HELD:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        _HELD.add(path)
        try:
            yield
        finally:
            _HELD.discard(path)
            fcntl.flock(fh, fcntl.LOCK_UN)


def commit_in_turn(index: VectorIndex) -> None:
    """Commit an index's staged changes under its data folder's vector writer lock, onto the
    newest generation (another process's commits are kept, not refused)."""
    if not index.dirty:
        return
    with vector_writer(index.directory.parent):
        index.reload_if_changed()
        index.commit()


def drop_articles(index: VectorIndex, article_ids: Iterable[str]) -> None:
    """Stage the removal of every committed vector of these articles (ids ``<article>:<n>``),
    listed under the data folder's vector writer lock after a reload: whatever an ``onrecord
    embed`` committed before goes too, and it commits nothing of theirs after, since it skips
    articles an ingest has marked unindexed (their store write comes first)."""
    prefixes = tuple(f"{aid}:" for aid in article_ids)
    if not prefixes:
        return
    with vector_writer(index.directory.parent):
        index.reload_if_changed()
        index.delete([v for v in index.ids() if v.startswith(prefixes)])


def _write_atomic(path: Path, write) -> None:
    """Write a file via a temporary beside it, fsync it, then rename it into place."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _save_npy(path: Path, array: np.ndarray) -> None:
    _write_atomic(path, lambda f: np.save(f, array, allow_pickle=False))


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class VectorIndex:
    """Exact cosine search over unit vectors keyed by string ids, persisted under a directory.

    ``add`` and ``delete`` are staged; ``commit`` publishes them atomically. Searches, ``len``,
    ``ids`` and ``has`` see the committed state only (as Whoosh searchers do). Searching from
    several threads is safe; staging and committing belong to one thread.

    ``model`` identifies the embedding model of the caller (``Embedder.identity``): opening an
    index whose vectors another model made raises VectorIndexError, since their cosines with
    this model's vectors mean nothing; ``replace_model`` opens it anyway, to be cleared and
    rebuilt. A commit records the caller's model.
    """

    def __init__(self, directory: Path, dim: int, model: str | None = None,
                 replace_model: bool = False) -> None:
        self.directory = Path(directory)
        self.dim = dim
        self.model = model
        self._replace_model = replace_model
        self._state = Snapshot(Manifest(0, dim))
        self._stamp: tuple[int, int, int] | None = None
        self._reload_lock = threading.Lock()  # one thread loads a new generation at a time
        self._pending: dict[str, tuple[int, int]] = {}  # id -> (batch, row) in _batches
        self._batches: list[np.ndarray] = []
        self._pending_deletes: set[str] = set()
        self._clear_all = False

    # -- opening and reloading ---------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path, dim: int, model: str | None = None,
             replace_model: bool = False) -> VectorIndex:
        """Open the index in ``directory`` (empty if none was committed there yet)."""
        index = cls(directory, dim, model, replace_model)
        index.reload_if_changed()
        return index

    @property
    def recorded_model(self) -> str | None:
        """The embedding model the committed vectors were made by, as their manifest says."""
        return self._state.manifest.model

    @property
    def generation(self) -> int:
        """Number of the committed generation loaded (0: nothing committed yet)."""
        return self._state.manifest.generation

    def _manifest_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.directory / MANIFEST)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _read_manifest(self) -> Manifest:
        path = self.directory / MANIFEST
        try:
            manifest = Manifest.from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Manifest(0, self.dim)
        except (ValueError, KeyError, TypeError) as exc:
            raise VectorIndexError(f"{path}: unreadable manifest ({exc})") from exc
        if manifest.dim != self.dim:
            raise VectorIndexError(
                f"{self.directory}: vectors have dimension {manifest.dim}, the model gives "
                f"{self.dim}; rebuild the vector index"
            )
        if manifest.model and self.model and manifest.model != self.model \
                and manifest.segments and not self._replace_model:
            raise VectorIndexError(
                f"{self.directory}: vectors were made by embedding model {manifest.model}, not "
                f"{self.model}; run `onrecord reindex` to embed them again with this one"
            )
        return manifest

    def reload_if_changed(self) -> bool:
        """Load the newest committed generation if another commit happened; True if it did.

        Staged changes are kept: they are ids, applied to whatever state is current at commit.
        Safe from several threads: one loads while the others wait, then find it loaded (a
        generation is never replaced by an older one).
        """
        stamp = self._manifest_stamp()
        if stamp == self._stamp and stamp is not None:
            return False
        with self._reload_lock:
            return self._reload()

    def _reload(self) -> bool:
        for _ in range(_OPEN_RETRIES):
            stamp = self._manifest_stamp()
            if stamp == self._stamp and stamp is not None:
                return False
            manifest = self._read_manifest()
            try:
                self._state = self._load(manifest)
            except FileNotFoundError:  # a writer removed files of an older generation; retry
                continue
            self._stamp = stamp
            return True
        raise VectorIndexError(f"{self.directory}: files keep changing while opening")

    def _load(self, manifest: Manifest) -> Snapshot:
        known = {segment.name: segment for segment in self._state.segments}
        segments, live_parts, starts, start = [], [], [], 0
        for info in manifest.segments:
            segment = known.get(info.name) or self._load_segment(info)
            live = np.ones(info.rows, dtype=bool)
            if info.deleted:
                live[self._load_array(info.deleted)] = False
            segments.append(segment)
            live_parts.append(live)
            starts.append(start)
            start += info.rows
        ids = tuple(i for segment in segments for i in segment.ids)
        live = np.concatenate(live_parts) if live_parts else np.zeros(0, dtype=bool)
        live_rows = np.flatnonzero(live)
        rows = {ids[row]: int(row) for row in live_rows}
        return Snapshot(manifest, tuple(segments), tuple(starts), ids, live, live_rows, rows)

    def _load_array(self, name: str, mmap: bool = False) -> np.ndarray:
        """Load one of the index's .npy files; a damaged one is a one-line VectorIndexError."""
        try:
            return np.load(self.directory / name, mmap_mode="r" if mmap else None)
        except FileNotFoundError:
            raise
        except (OSError, ValueError, EOFError) as exc:
            raise VectorIndexError(f"{self.directory / name}: unreadable ({exc})") from exc

    def _load_segment(self, info: SegmentInfo) -> Segment:
        vectors = self._load_array(f"{info.name}.vec.npy", mmap=True)
        ids = self._load_array(f"{info.name}.ids.npy").tolist()
        if vectors.shape != (info.rows, self.dim) or len(ids) != info.rows:
            raise VectorIndexError(
                f"{self.directory / info.name}.vec.npy: shape {vectors.shape} and "
                f"{len(ids)} ids disagree with the manifest ({info.rows} rows)"
            )
        return Segment(info.name, vectors, ids)

    # -- committed state ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._state.rows)

    def ids(self) -> list[str]:
        """Live ids in row order (the order a boolean ``allowed`` mask follows)."""
        state = self._state
        return [state.ids[row] for row in state.live_rows]

    def has(self, id: str) -> bool:
        """True if ``id`` is in the committed index."""
        return id in self._state.rows

    def vector(self, id: str) -> np.ndarray | None:
        """The stored (float16-rounded) unit vector of ``id`` as float32, or None if absent."""
        state = self._state
        row = state.rows.get(id)
        if row is None:
            return None
        return state.row_vectors(np.array([row]))[0]

    def gathered(self, ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(the positions in ``ids`` of those with a vector, their float32 vectors): a few ids'
        vectors taken out once, to score many queries against them alone (a batch's watches)
        instead of against every row."""
        state = self._state
        rows = np.fromiter(map(state.rows.get, ids, repeat(-1)), dtype=np.int64, count=len(ids))
        found = np.flatnonzero(rows >= 0)
        return found, state.row_vectors(rows[found])

    # -- staging and committing --------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """True if there are staged changes not yet committed."""
        return bool(self._pending or self._pending_deletes or self._clear_all)

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Stage vectors for ``ids`` (one row each), replacing any existing vectors of those ids.

        Rows are re-normalised to unit length and stored as float16.
        """
        vectors = np.asarray(vectors)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim or len(ids) != len(vectors):
            raise ValueError(
                f"expected {len(ids)} vectors of dimension {self.dim}, got shape {vectors.shape}"
            )
        if not np.isfinite(vectors).all():
            raise ValueError("vectors contain NaN or infinity")
        bad = next((id for id in ids if not isinstance(id, str)), None)
        if bad is not None:
            raise TypeError(f"ids must be strings, got {type(bad).__name__}")
        batch = len(self._batches)
        self._batches.append(normalise_rows(vectors).astype(np.float16))
        for row, id in enumerate(ids):
            self._pending[id] = (batch, row)
            self._pending_deletes.add(id)

    def delete(self, ids: Iterable[str]) -> None:
        """Stage removal of ``ids`` (unknown ids are ignored)."""
        for id in ids:
            self._pending.pop(id, None)
            self._pending_deletes.add(id)

    def clear(self) -> None:
        """Stage removal of everything, for a rebuild from scratch (then ``add`` and ``commit``)."""
        self.rollback()
        self._clear_all = True

    def rollback(self) -> None:
        """Drop all staged changes."""
        self._pending.clear()
        self._batches.clear()
        self._pending_deletes.clear()
        self._clear_all = False

    def commit(self, merge: bool = True) -> None:
        """Publish staged changes atomically as a new generation, then drop unused files.

        With ``merge`` (default) small segments are merged and tombstones purged as needed.
        """
        if not self.dirty:
            return
        self._check_single_writer()
        self.directory.mkdir(parents=True, exist_ok=True)
        state = self._state
        generation = state.manifest.generation + 1
        live = np.zeros_like(state.live) if self._clear_all else state.live.copy()
        live[[state.rows[id] for id in self._pending_deletes if id in state.rows]] = False
        kept = [  # (segment info, its first global row, its rows still live)
            (info, start, np.flatnonzero(live[start:end]) + start)
            for info, (start, end) in zip(state.manifest.segments, state.bounds(), strict=True)
        ]
        kept = [segment for segment in kept if len(segment[2])]  # fully dead segments go
        new_ids = list(self._pending)
        keep = len(kept)
        if merge:
            dead = len(live) - int(live.sum())
            if dead > MAX_DEAD_FRACTION * (len(live) + len(new_ids)):
                keep = 0
            elif new_ids:
                keep -= max(plan_merges([len(rows) for *_, rows in kept] + [len(new_ids)]) - 1, 0)
        infos = [self._with_tombstones(*segment, generation) for segment in kept[:keep]]
        merged = [rows for *_, rows in kept[keep:]]
        if merged or new_ids:
            rows = np.concatenate(merged) if merged else np.zeros(0, dtype=np.int64)
            ids = [state.ids[row] for row in rows] + new_ids
            old = state.row_vectors(rows) if len(rows) else np.zeros((0, self.dim))
            vectors = np.concatenate([old, self._pending_vectors(new_ids)])
            infos.append(self._write_segment(f"seg-{generation:08d}", ids, vectors))
        manifest = Manifest(generation, self.dim, tuple(infos),
                            self.model or state.manifest.model)
        _write_atomic(self.directory / MANIFEST, lambda f: f.write(manifest.to_json().encode()))
        _fsync_dir(self.directory)
        self.rollback()
        self.reload_if_changed()
        self._remove_unused_files()

    def _check_single_writer(self) -> None:
        """Refuse to commit over a generation this object has not seen."""
        if self._manifest_stamp() == self._stamp:
            return
        on_disk = self._read_manifest().generation
        if on_disk != self.generation:
            raise VectorIndexError(
                f"{self.directory}: generation {on_disk} was committed by another writer "
                f"since generation {self.generation} was loaded; reopen and redo the changes"
            )

    def _with_tombstones(
        self, info: SegmentInfo, start: int, live_rows: np.ndarray, generation: int
    ) -> SegmentInfo:
        """The segment's info for a new generation, writing a tombstone file if deletions grew."""
        if len(live_rows) == int(self._state.live[start : start + info.rows].sum()):
            return info
        dead = np.setdiff1d(np.arange(info.rows), live_rows - start).astype(np.int32)
        name = f"{info.name}.del-{generation:08d}.npy"
        _save_npy(self.directory / name, dead)
        return SegmentInfo(info.name, info.rows, name)

    def _pending_vectors(self, ids: list[str]) -> np.ndarray:
        out = np.empty((len(ids), self.dim), dtype=np.float16)
        for i, id in enumerate(ids):
            batch, row = self._pending[id]
            out[i] = self._batches[batch][row]
        return out

    def _write_segment(self, name: str, ids: list[str], vectors: np.ndarray) -> SegmentInfo:
        _save_npy(self.directory / f"{name}.vec.npy", vectors.astype(np.float16))
        _save_npy(self.directory / f"{name}.ids.npy", np.array(ids, dtype=str))
        return SegmentInfo(name, len(ids))

    def _remove_unused_files(self) -> None:
        """Delete segment files the current manifest no longer names (readers keep their maps)."""
        used = {MANIFEST}
        for info in self._state.manifest.segments:
            used.update({f"{info.name}.vec.npy", f"{info.name}.ids.npy"})
            if info.deleted:
                used.add(info.deleted)
        for path in self.directory.iterdir():
            if path.name not in used and _FILE_RE.match(path.name):
                path.unlink(missing_ok=True)

    # -- searching ---------------------------------------------------------------------------

    def allowed_rows(self, allowed: Allowed, state: Snapshot | None = None) -> np.ndarray | None:
        """Global live rows a filter allows, in no particular order (None: all live rows).

        ``allowed`` is a collection of ids, or a boolean mask aligned with ``ids()``.
        """
        state = state or self._state
        if allowed is None:
            return None
        if isinstance(allowed, str):
            raise TypeError("allowed must be a collection of ids or a boolean mask, not a str")
        if isinstance(allowed, np.ndarray) and allowed.dtype == bool:
            if allowed.shape != state.live_rows.shape:
                raise ValueError(
                    f"allowed mask has shape {allowed.shape}, index has {len(state.rows)} ids"
                )
            return state.live_rows[allowed]
        rows = np.fromiter(map(state.rows.get, allowed, repeat(-1)), dtype=np.int64,
                           count=len(allowed))
        return rows[rows >= 0]

    def search(self, query: np.ndarray, k: int, allowed: Allowed = None) -> list[tuple[str, float]]:
        """The ``k`` ids most cosine-similar to ``query``, best first, with their scores.

        The filter applies before the cut: only allowed live rows compete, so fewer than ``k``
        results come back only when fewer rows are allowed.
        """
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        if query.shape != (self.dim,):
            raise ValueError(f"query has shape {query.shape}, expected ({self.dim},)")
        state = self._state
        if k <= 0 or not state.rows:
            return []
        rows = self.allowed_rows(allowed, state)
        if rows is not None and len(rows) < GATHER_FRACTION * len(state.live):
            if not len(rows):
                return []
            rows = np.sort(rows)  # ascending rows read the memory map in order
            scores = state.row_vectors(rows) @ query
            candidates = rows
        else:
            scores = state.all_scores(query)
            if rows is not None:
                excluded = np.ones_like(state.live)
                excluded[rows] = False
                scores[excluded] = -np.inf
            elif len(state.rows) < len(state.live):
                scores[~state.live] = -np.inf
            candidates = None
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.lexsort((top, -scores[top]))]  # best first, ties by row
        results = []
        for score, position in zip(scores[top].tolist(), top.tolist(), strict=True):
            if score == float("-inf"):
                break
            row = position if candidates is None else int(candidates[position])
            results.append((state.ids[row], score))
        return results

    def scores(self, query: np.ndarray) -> tuple[Snapshot, np.ndarray]:
        """The snapshot searched and the float32 cosine of ``query`` with each of its global
        rows (-inf for tombstoned rows): every score, for result sets that keep all passages
        above a floor rather than the top k."""
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        if query.shape != (self.dim,):
            raise ValueError(f"query has shape {query.shape}, expected ({self.dim},)")
        state = self._state
        if not state.rows:
            return state, np.zeros(0, dtype=np.float32)
        scores = state.all_scores(query)
        if len(state.rows) < len(state.live):
            scores[~state.live] = -np.inf
        return state, scores

    def similar(self, id: str, k: int, allowed: Allowed = None) -> list[tuple[str, float]]:
        """The ``k`` ids nearest to the vector of ``id`` (itself excluded); [] if ``id`` is absent."""
        vector = self.vector(id)
        if vector is None:
            return []
        hits = self.search(vector, k + 1, allowed)
        return [hit for hit in hits if hit[0] != id][:k]
