"""Requests read in parallel: each thread gets its own reader (store connection, keyword
searcher) sharing the encoder and vector indexes, so a slow request does not hold up another;
vector reloads from several threads are safe."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from indexer.search import SearchService
from indexer.vectors import VectorIndex
from webapp.app import create_app
from webapp.services import pool

WAIT = 60  # seconds: generous, only reached when something is wrongly serialised


@pytest.fixture
def app(web_data):
    app = create_app({"DATA_DIR": str(web_data)})
    yield app
    with app.app_context():
        pool().close()


def test_a_request_blocked_in_a_slow_path_does_not_block_another(app, monkeypatch):
    entered, release = threading.Event(), threading.Event()
    ask = SearchService.ask

    def slow_ask(self, question, *args, **kwargs):
        entered.set()
        assert release.wait(WAIT), "never released"
        return ask(self, question, *args, **kwargs)

    monkeypatch.setattr(SearchService, "ask", slow_ask)
    answers: list[int] = []
    asking = threading.Thread(target=lambda: answers.append(app.test_client().get(
        "/api/v1/ask", query_string={"q": "What did Becchina say about vehicles?"}).status_code))
    asking.start()
    try:
        assert entered.wait(WAIT), "the ask request never reached the service"
        searched: list = []
        searching = threading.Thread(target=lambda: searched.append(app.test_client().get(
            "/api/v1/search", query_string={"q": "moving vehicles"})))
        searching.start()
        searching.join(WAIT)
        assert not searching.is_alive(), "a search waited for the blocked ask"
        assert searched[0].status_code == 200 and searched[0].get_json()["hits"]
    finally:
        release.set()
        asking.join(WAIT)
    assert answers == [200]


def test_readers_have_their_own_connections_and_searchers_and_share_the_heavy_parts(app):
    with app.app_context():
        readers = pool()
        with readers.reader() as one, readers.reader() as two:
            assert one is not two
            assert one.store.conn is not two.store.conn
            assert one.keyword is not two.keyword
            assert one.keyword.searcher() is not two.keyword.searcher()
            assert one.vectors is two.vectors and one.embedder is two.embedder
            assert one._open_quote_vectors() is two._open_quote_vectors()
            assert one.search("moving vehicles").to_dict() == two.search(
                "moving vehicles").to_dict()
        with readers.reader() as again:
            assert again in (one, two), "an idle reader is reused"
        assert readers.readers() == 2


def test_requests_from_many_threads_agree_with_one_thread(app):
    expected = app.test_client().get("/api/v1/search", query_string={"q": "police"}).get_json()
    results: list = []
    lock = threading.Lock()

    def client() -> None:
        http = app.test_client()
        for _ in range(3):
            body = http.get("/api/v1/search", query_string={"q": "police"}).get_json()
            with lock:
                results.append(body)

    threads = [threading.Thread(target=client) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT * 2)
    assert len(results) == 18 and all(r == expected for r in results)


def test_vector_reloads_from_many_threads_load_each_generation_once(tmp_path):
    writer = VectorIndex.open(tmp_path / "v", 4)
    reader = VectorIndex.open(tmp_path / "v", 4)
    loads: list[int] = []
    load = reader._load

    def counted(manifest):
        loads.append(manifest.generation)
        return load(manifest)

    reader._load = counted
    for generation in range(1, 4):
        writer.add([f"p{generation}"], np.eye(4)[generation:generation + 1])
        writer.commit()
        start = threading.Barrier(8)

        def reload(barrier: threading.Barrier = start) -> None:
            barrier.wait()
            reader.reload_if_changed()

        threads = [threading.Thread(target=reload) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(WAIT)
        assert reader.generation == generation and len(reader) == generation
    assert loads == [1, 2, 3]
