"""Distributed ingest on Ray: the CPU-heavy stages run on a pool of Ray actors.

``onrecord ingest --workers ray`` starts a local Ray (one CPU per actor); ``--workers
ray://host:10001`` joins a cluster through Ray Client. Each actor (``PipelineWorker``) loads the
files it is given (parsing HTML, feeds, archives), normalises documents, extracts quotes with
its own spaCy pipeline and embeds texts with its own copy of the embedding model: one model per
actor, loaded once. This process stays the single writer, as in-process: it selects new and
changed articles against the store, resolves duplicates and speakers, writes each batch in one
SQLite transaction and commits the keyword and vector indexes (``Ingestor``), so a crash
anywhere leaves what ``sync_indexes`` repairs on the next run, exactly as without Ray. Batches
stay in order, so the same inputs make the same store.

Ray is optional: without it, ``--workers ray`` is a one-line error and the in-process pipeline
runs as before. Ray is imported only here, inside the functions that need it.
"""

from __future__ import annotations

import logging
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import indexer
from indexer.engines import open_engine
from indexer.ingest import (
    BATCH_SIZE,
    Ingestor,
    IngestReport,
    SemanticParts,
    analyse_articles,
    later_parts,
    prepare_article,
    sync_indexes,
)
from indexer.keyword_index import KeywordIndex
from indexer.loaders import files_of, parse_file, read_file
from indexer.loaders.fetch import fetch_urls
from indexer.loaders.options import LoadOptions
from indexer.records import Article, Quote, Skip, SourceDoc
from indexer.store import Store

RAY_VERSION = "2.60.0"  # as pinned in requirements.txt
FILES_PER_TASK = 16  # files one actor loads per call


class RayUnavailable(RuntimeError):
    """Ray was asked for but cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class RaySpec:
    """Where the work runs: a local Ray started for this run (``address`` None) or a cluster,
    on ``workers`` actors (default: one a CPU the cluster offers)."""

    address: str | None = None
    workers: int | None = None


def parse_workers(value: str, workers: int | None = None) -> RaySpec | None:
    """``--workers``: ``in-process`` (None), ``ray`` (local) or a ``ray://host:port`` address
    (Ray Client); anything else is a ValueError naming the choices."""
    if value == "in-process":
        return None
    if value == "ray":
        return RaySpec(None, workers)
    if value.startswith("ray://") and len(value) > len("ray://"):
        return RaySpec(value, workers)
    raise ValueError(f"--workers: {value!r} is not one of in-process, ray, ray://HOST:PORT")


def ray_module() -> Any:
    """The ``ray`` package, or RayUnavailable saying how to install it."""
    try:
        import ray
    except ImportError:
        raise RayUnavailable(f"--workers ray needs Ray, which is not installed: pip install "
                             f"'ray=={RAY_VERSION}' (or ingest without --workers ray)") from None
    return ray


LOCAL_STARTS = 2  # a local Ray's node can time out starting on a loaded machine: once more


def start_ray(ray: Any, spec: RaySpec) -> None:
    """Start a local Ray (tried ``LOCAL_STARTS`` times) or join a cluster (tried once: a
    wrong address should say so at once), raising RayUnavailable with Ray's first line."""
    quiet = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    # Ray 2.60 says on every local start that it enabled token authentication (its default)
    logging.getLogger("ray._private.authentication").setLevel(logging.ERROR)
    tries = 1 if spec.address else LOCAL_STARTS
    for attempt in range(1, tries + 1):
        try:
            with warnings.catch_warnings():  # Ray Client's timeout warning repeats the error
                warnings.simplefilter("ignore", UserWarning)
                if spec.address:
                    ray.init(address=spec.address, **quiet,
                             runtime_env={"py_modules": [str(Path(indexer.__file__).parent)]})
                else:
                    from indexer.embeddings import available_cores

                    ray.init(num_cpus=spec.workers or available_cores(), **quiet)
            return
        except Exception as exc:  # noqa: BLE001 - a node timing out raises a bare Exception
            ray.shutdown()  # what the failed start left behind, so a later start works
            if attempt == tries:
                where = spec.address or "a local Ray"
                raise RayUnavailable(f"cannot start {where}: {str(exc).splitlines()[0]}") \
                    from exc


@contextmanager
def ray_session(spec: RaySpec) -> Iterator[Any]:
    """Ray, started for the run (local: ``workers`` CPUs; a cluster: joined, shipping this
    package's code) and shut down after it; one already started by the caller is used as is.
    An actor's exception comes out as itself, as it would in-process, not wrapped with the
    remote traceback (``RayTaskError``)."""
    ray = ray_module()
    started = not ray.is_initialized()
    if started:
        start_ray(ray, spec)
    try:
        yield ray
    except ray.exceptions.RayTaskError as exc:
        if isinstance(exc.cause, Exception):
            raise exc.cause from None
        raise
    finally:
        if started:
            ray.shutdown()


class PipelineWorker:
    """One Ray actor's work: loading files, normalising documents, extracting quotes and
    embedding texts, with its spaCy pipeline and embedding model loaded once."""

    def __init__(self, model: str | None, threads: int) -> None:
        self.model = model
        self.threads = threads
        self._embedder: Any = None

    def load(self, files: list[tuple[str, bytes]], options: LoadOptions
             ) -> list[SourceDoc | Skip]:
        """The documents in files read by the driver: (path, bytes) each."""
        return [item for origin, data in files
                for item in parse_file(Path(origin).name, data, origin, options)]

    def normalise(self, docs: list[SourceDoc]) -> list[Article | None]:
        return [prepare_article(doc) for doc in docs]

    def analyse(self, articles: list[Article], quotes: bool) -> list[tuple[bytes, list[Quote]]]:
        return analyse_articles(articles, quotes)

    def embedder(self) -> Any:
        if self._embedder is None:
            from indexer.embeddings import Embedder

            self._embedder = Embedder(self.model, threads=self.threads)
        return self._embedder

    def model_identity(self) -> tuple[int, str]:
        """(dimension, identity) of the embedding model, as a vector index records it."""
        return self.embedder().dim, self.embedder().identity

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.embedder().encode(texts)


class WorkerPool:
    """The Ray actors of one run, called round-robin; each takes one CPU."""

    def __init__(self, ray: Any, spec: RaySpec, model: str | None = None) -> None:
        self.ray = ray
        size = spec.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor = ray.remote(num_cpus=1)(PipelineWorker)
        self.actors = [actor.remote(model, 1) for _ in range(size)]
        self._turn = 0

    @property
    def size(self) -> int:
        return len(self.actors)

    def next_actor(self) -> Any:
        actor = self.actors[self._turn % len(self.actors)]
        self._turn += 1
        return actor

    def documents(self, inputs: Iterable[str], options: LoadOptions) -> Iterator[SourceDoc | Skip]:
        """Every input's documents in ``iter_documents`` order: files read here and parsed on
        the actors (``FILES_PER_TASK`` a call, a few calls in flight), so a cluster needs no
        shared file system; URLs are fetched here, last."""
        urls: list[str] = []
        window: deque[Any] = deque()  # a ray ObjectRef, or a Skip known without parsing
        files: list[tuple[str, bytes]] = []
        for item in inputs:
            if item.startswith(("http://", "https://")):
                urls.append(item)
                continue
            for found in files_of(Path(item)):
                data = found if isinstance(found, Skip) else read_file(found, options)
                if isinstance(data, Skip):
                    window.extend(self._parse_calls(files, options))
                    files = []
                    window.append(data)
                else:
                    files.append((str(found), data))
                    if len(files) >= FILES_PER_TASK:
                        window.extend(self._parse_calls(files, options))
                        files = []
                while len(window) > 2 * self.size:
                    yield from self._loaded(window.popleft())
        window.extend(self._parse_calls(files, options))
        while window:
            yield from self._loaded(window.popleft())
        if urls:
            yield from fetch_urls(urls, options)

    def _parse_calls(self, files: list[tuple[str, bytes]], options: LoadOptions) -> list[Any]:
        return [self.next_actor().load.remote(files, options)] if files else []

    def _loaded(self, entry: Any) -> list[SourceDoc | Skip]:
        return [entry] if isinstance(entry, Skip) else self.ray.get(entry)

    def normalised(self, batches: Iterable[list[SourceDoc]]
                   ) -> Iterator[tuple[list[SourceDoc], list[Article | None]]]:
        """Each batch with its normalised articles, the next batch's normalisation in flight
        while the caller works on this one."""
        ahead: tuple[list[SourceDoc], Any] | None = None
        for batch in batches:
            ref = self.next_actor().normalise.remote(batch)
            if ahead is not None:
                yield ahead[0], self.ray.get(ahead[1])
            ahead = (batch, ref)
        if ahead is not None:
            yield ahead[0], self.ray.get(ahead[1])

    def analyse(self, articles: list[Article], quotes: bool) -> Future:
        """``analyse_articles`` on the next actor, as a Future."""
        return self.next_actor().analyse.remote(articles, quotes).future()

    def embedder(self) -> RayEmbedder:
        dim, identity = self.ray.get(self.actors[0].model_identity.remote())
        return RayEmbedder(self, dim, identity)


class RayEmbedder:
    """The embedder interface ingest uses (``encode``, ``dim``, ``identity``) over the pool:
    each call's texts are split evenly across the actors and embedded at once."""

    def __init__(self, pool: WorkerPool, dim: int, identity: str) -> None:
        self.pool = pool
        self.dim = dim
        self.identity = identity

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        share = -(-len(texts) // self.pool.size)
        refs = [actor.encode.remote(texts[i:i + share])
                for actor, i in zip(self.pool.actors, range(0, len(texts), share), strict=False)]
        return np.concatenate(self.pool.ray.get(refs))


class RayIngestor(Ingestor):
    """``Ingestor`` with normalisation, quote extraction and embedding on the pool's actors; it
    keeps ``pool.size`` batches in analysis while it writes the oldest."""

    def __init__(self, store: Store, keyword: KeywordIndex, report: IngestReport,
                 pool: WorkerPool, quotes: bool = True,
                 semantic: SemanticParts | None = None) -> None:
        super().__init__(store, keyword, report, quotes=quotes, semantic=semantic)
        self.pool = pool

    def run(self, docs: Iterable[SourceDoc | Skip], batch_size: int = BATCH_SIZE,
            progress: Callable[[int], None] | None = None) -> None:
        pending: deque[tuple[int, list[Article], Future]] = deque()
        try:
            for batch, articles in self.pool.normalised(self._batches(docs, batch_size,
                                                                      progress)):
                selected = self.keep_changed(batch, articles)
                pending.append((len(batch), selected, self.pool.analyse(selected, self.quotes)))
                while len(pending) > self.pool.size:
                    self._write_pending(pending.popleft(), progress)
            while pending:
                self._write_pending(pending.popleft(), progress)
            self.flush()
        except BaseException:
            self.abandon()
            raise


def ingest_documents_on_ray(docs: Iterable[SourceDoc | Skip], data_dir: Path, spec: RaySpec,
                            **kwargs: Any) -> IngestReport:
    """``ingest_documents`` with the heavy stages on Ray (see the module's docstring)."""
    return _ingest(lambda pool: docs, data_dir, spec, **kwargs)


def ingest_on_ray(inputs: list[str], data_dir: Path, spec: RaySpec,
                  options: LoadOptions | None = None, **kwargs: Any) -> IngestReport:
    """``ingest`` on Ray: the inputs' files are parsed on the actors too."""
    options = options or LoadOptions()
    if options.raw_dir is None:
        options.raw_dir = Path(data_dir) / "raw"
    return _ingest(lambda pool: pool.documents(inputs, options), data_dir, spec, **kwargs)


def _ingest(source: Callable[[WorkerPool], Iterable[SourceDoc | Skip]], data_dir: Path,
            spec: RaySpec, progress: Callable[[int], None] | None = None,
            batch_size: int = BATCH_SIZE, quotes: bool = True, semantic: bool = True,
            model: str | None = None) -> IngestReport:
    """One ingest on a pool started for it: ``source`` gives the documents, from the pool."""
    with ray_session(spec) as ray:
        pool = WorkerPool(ray, spec, model)
        report = IngestReport()
        store = Store.open(data_dir)
        keyword = open_engine(data_dir)
        try:
            parts = later_parts(data_dir)
            if semantic:
                from indexer.vectors import VectorIndex

                embedder = pool.embedder()
                parts = SemanticParts(embedder, VectorIndex.open(
                    Path(data_dir) / "vectors", embedder.dim, embedder.identity))
            sync_indexes(store, keyword, parts)
            RayIngestor(store, keyword, report, pool, quotes, parts).run(
                source(pool), batch_size, progress)
        finally:
            keyword.close()
            store.close()
            for actor in pool.actors:  # their models go now, not when Ray shuts down
                ray.kill(actor)
    return report


def embed_on_ray(data_dir: Path, spec: RaySpec, model: str | None = None,
                 progress: Callable[[int], None] | None = None) -> Any:
    """``onrecord embed`` with the embedding on the pool's actors."""
    from indexer.embed_later import embed

    with ray_session(spec) as ray:
        return embed(data_dir, model, WorkerPool(ray, spec, model).embedder(), progress)
