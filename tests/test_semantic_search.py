"""Semantic and hybrid search, filters in every mode, vector updates, and answers (real model)."""

from __future__ import annotations

import socket

import pytest

from indexer.ingest import delete_articles, ingest
from indexer.keyword_index import Filters
from indexer.search import SearchService

MODES = ("keyword", "semantic", "hybrid")


@pytest.fixture(scope="module")
def service(seeded_data):
    svc = SearchService.open(seeded_data)
    yield svc
    svc.close()


def test_semantic_query_without_shared_words_finds_the_policy(service):
    # no word of this query occurs in the seed articles
    query = "cops discharging guns at autos"
    result = service.search(query, mode="semantic", limit=2)
    assert result.hits
    assert "moving vehicle" in result.hits[0].text
    assert result.hits[0].found_by == ["semantic"]
    assert service.search(query, mode="keyword").total == 0


def test_hybrid_is_default_and_reports_which_modes_found_a_hit(service):
    result = service.search("officers firing at a moving vehicle")
    assert result.mode == "hybrid"
    assert set(result.hits[0].found_by) == {"keyword", "semantic"}
    assert "moving vehicle" in result.hits[0].text


@pytest.mark.parametrize("mode", MODES)
def test_filters_hold_in_every_mode(service, mode):
    undated = service.search("police standoff", mode=mode,
                             filters=Filters(until="2020-12-31"))
    assert undated.hits == []
    dated = service.search("police standoff", mode=mode, filters=Filters(since="2021-11-01"))
    assert dated.hits and all(h.published >= "2021-11-01" for h in dated.hits)
    quoted = service.search("police", mode=mode, filters=Filters(quotes_only=True), limit=20)
    assert quoted.hits and all(h.quotes for h in quoted.hits)
    by_speaker = service.search("negotiation", mode=mode,
                                filters=Filters(speaker="Jake Becchina"), limit=20)
    assert by_speaker.hits
    assert all(any(s["name"] == "Jacob Becchina" for s in h.speakers) for h in by_speaker.hits)


def test_filtered_semantic_search_is_not_cut_short(service):
    # only passages quoting Becchina: a filter applied after a top-k cut would return fewer
    everything = service.search("weather forecast", mode="semantic", limit=20,
                                filters=Filters(quotes_only=True))
    quoted_passages = {p for p, in service.store.conn.execute(
        "SELECT DISTINCT passage_id FROM quotes WHERE passage_id IS NOT NULL")}
    quoted_articles = {p.rsplit(":", 1)[0] for p in quoted_passages}
    assert {h.article_id for h in everything.hits} <= quoted_articles


def test_incremental_add_and_delete_reach_the_vectors(tmp_path, corpus_dir):
    data = tmp_path / "data"
    ingest([str(corpus_dir)], data, quotes=False)
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "Harbour ferry service resumes\n\nThe harbour ferry will carry passengers across the bay "
        "again from Monday after engineers finished repairing the damaged pier, the port "
        "authority said, ending a three-month suspension that forced commuters onto buses.")
    ingest([str(extra)], data, quotes=False)
    svc = SearchService.open(data)
    try:
        found = svc.search("boat crossing to the other side of the bay", mode="semantic")
        assert found.hits[0].title == "Harbour ferry service resumes"
        new_id = found.hits[0].article_id
        deleted, missing = delete_articles(data, [new_id])
        assert deleted == [new_id] and missing == []
        after = svc.search("boat crossing to the other side of the bay", mode="semantic")
        assert all(h.article_id != new_id for h in after.hits)
        assert not svc.vectors.has(f"{new_id}:0")
    finally:
        svc.close()


def test_similar_passages_come_from_other_articles(service):
    pid = service.search('"firearms policy"', mode="keyword").hits[0].passage_id
    result = service.similar(pid, limit=5)
    assert result.hits
    assert all(not h.passage_id.startswith(pid.split(":")[0] + ":") for h in result.hits)


def test_ask_answers_with_becchinas_quote_and_a_citation(service):
    result = service.ask("What is Kansas City police policy on firing at moving vehicles?")
    best = result.answers[0]
    assert best.speaker == "Jacob Becchina"
    assert "fire into moving vehicles" in best.answer
    assert best.quote and best.quote in best.passage
    assert best.citation.startswith("Sgt. Jacob Becchina, police spokesman, quoted in '")
    assert best.citation.endswith("2021-11-17")
    assert best.published == "2021-11-17"


def test_what_did_x_say_restricts_to_the_speaker(service):
    result = service.ask("What did Jake Becchina say about lethal force?")
    assert result.answers
    assert all(a.speaker == "Jacob Becchina" for a in result.answers)


def test_no_network_while_loading_the_model_and_searching(seeded_data, monkeypatch):
    from indexer.embeddings import Embedder

    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedder = Embedder()  # a fresh load, not the cached one
    svc = SearchService(*_open_parts(seeded_data), embedder=embedder)
    try:
        assert svc.search("shooting at vehicles", mode="hybrid").hits
        assert svc.ask("Who said time is on our side?").answers
    finally:
        svc.close()


def _open_parts(data):
    from indexer.keyword_index import KeywordIndex
    from indexer.store import Store
    from indexer.vectors import VectorIndex

    store = Store.open(data, readonly=True)
    return store, KeywordIndex.open(data, create=False), VectorIndex.open(data / "vectors", 384)
