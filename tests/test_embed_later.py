"""Keyword-first ingest (``--vectors later``) and ``onrecord embed``: searchable by keyword at
once, then, once embedded, the same store, vectors and search results as a normal ingest; a
stopped ``embed`` resumes; ``stats`` and search results count what waits. Also the CLI's
``--workers`` choices, and ingest without Ray installed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest_snapshot import assert_same_vectors, ingested_inputs, stored, vectors_of

from indexer.consistency import check_consistency
from indexer.embed_later import embed
from indexer.ingest import ingest
from indexer.search import SearchService

QUERIES = ("vehicle pursuit policy", "who said chasing a car puts everyone at risk")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[str], Path]:
    """The inputs and a normal ingest (vectors now) of them."""
    return ingested_inputs(tmp_path_factory)


@pytest.fixture(scope="module")
def inputs(corpus) -> list[str]:
    return corpus[0]


@pytest.fixture(scope="module")
def normal(corpus) -> Path:
    return corpus[1]


def ranked(data, mode: str) -> list[list[tuple[str, float]]]:
    """(passage id, score) of the top five hits of each query."""
    service = SearchService.open(data)
    try:
        return [[(h.passage_id, h.score) for h in service.search(q, mode=mode, limit=5).hits]
                for q in QUERIES]
    finally:
        service.close()


def assert_same_ranking(ours: list[list[tuple[str, float]]],
                        theirs: list[list[tuple[str, float]]]) -> None:
    """The same hits in the same order, except that two hits whose scores differ by less than
    vector storage noise may trade places (bfloat16 vectors, on AMX CPUs, vary with the batch)."""
    for a, b in zip(ours, theirs, strict=True):
        assert [pid for pid, _ in a] == [pid for pid, _ in b] or (
            sorted(pid for pid, _ in a) == sorted(pid for pid, _ in b)
            and all(abs(sa - sb) < 1e-2 for (_, sa), (_, sb) in zip(a, b, strict=True))), (a, b)


def test_keyword_first_then_embed_equals_a_normal_ingest(tmp_path, inputs, normal, cli):
    data = tmp_path / "data"
    assert cli("ingest", *inputs, "--vectors", "later", "--json", data_dir=data).status == 0
    waiting = cli("stats", "--json", data_dir=data).json()
    assert waiting["unembedded_passages"] == waiting["passages"] > 0
    assert waiting["unembedded_quotes"] == waiting["quotes"] > 0
    assert "vectors" not in waiting
    keyword = cli("search", "pursuit", "--mode", "keyword", "--json", data_dir=data).json()
    assert keyword["total"] > 0 and keyword["unembedded"] is None  # no vectors opened
    hybrid = cli("search", "pursuit", "--json", data_dir=data).json()
    assert hybrid["total"] == keyword["total"]
    assert hybrid["unembedded"] == waiting["passages"]
    assert any("not embedded yet" in n for n in hybrid["notices"])
    quotes = cli("quotes", "--contains", "chasing", "--json", data_dir=data).json()["quotes"]
    also = cli("quotes", "--contains", "chasing", "--json", data_dir=normal).json()["quotes"]
    assert sorted(q["id"] for q in quotes) == sorted(q["id"] for q in also) != []

    done = cli("embed", "--json", data_dir=data)
    assert done.status == 0, done.err
    report = done.json()
    assert report["passages"] == waiting["passages"] and report["quotes"] == waiting["quotes"]
    assert report["remaining_passages"] == report["remaining_quotes"] == 0
    after = cli("stats", "--json", data_dir=data).json()
    assert after["unembedded_passages"] == after["unembedded_quotes"] == 0
    assert after["vectors"] == after["passages"]
    assert check_consistency(data).ok, check_consistency(data).problems()

    assert stored(data) == stored(normal)
    for ours, theirs in zip(vectors_of(data), vectors_of(normal), strict=True):
        assert_same_vectors(ours, theirs)
    for mode in ("hybrid", "semantic"):
        assert_same_ranking(ranked(data, mode), ranked(normal, mode))
    again = cli("embed", "--json", data_dir=data).json()
    assert again["passages"] == again["quotes"] == 0  # nothing left: a no-op


def test_a_stopped_embed_resumes_where_it_stopped(tmp_path, inputs, normal):
    data = tmp_path / "data"
    ingest(inputs, data, semantic=False)
    commits: list[int] = []

    def stop_after_first_commit(added: int) -> None:
        commits.append(added)
        raise KeyboardInterrupt  # Ctrl-C right after the first chunk was committed

    with pytest.raises(KeyboardInterrupt):
        embed(data, progress=stop_after_first_commit, chunk=5)
    passages, quotes = vectors_of(data)
    assert 0 < len(passages) + len(quotes) == commits[0]
    rest = embed(data, chunk=5)
    assert rest.passages + rest.quotes + commits[0] == len(vectors_of(normal)[0]) + \
        len(vectors_of(normal)[1])
    for ours, theirs in zip(vectors_of(data), vectors_of(normal), strict=True):
        assert_same_vectors(ours, theirs)


def test_a_rewritten_article_loses_its_old_vectors_until_embedded(tmp_path, cli):
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text("Bridge repairs begin\n\nThe county will repair the old river bridge "
                       "this summer, officials said on Monday.", encoding="utf-8")
    assert cli("ingest", str(folder), data_dir=tmp_path / "data").status == 0
    article.write_text("Library hours extended\n\nThe library will stay open until nine on "
                       "weekdays from next month, the board said.", encoding="utf-8")
    assert cli("ingest", str(folder), "--vectors", "later", data_dir=tmp_path / "data").status == 0
    stats = cli("stats", "--json", data_dir=tmp_path / "data").json()
    assert stats["unembedded_passages"] == stats["passages"] == 1
    assert stats["vectors"] == 0  # the bridge text's vector is gone, not kept for the library
    assert cli("embed", data_dir=tmp_path / "data").status == 0
    hits = cli("search", "opening times of the library", "--mode", "semantic", "--json",
               data_dir=tmp_path / "data").json()
    assert hits["unembedded"] == 0 and hits["hits"][0]["title"] == "Library hours extended"


def test_embed_without_a_store_is_a_one_line_error(tmp_path, cli):
    result = cli("embed", data_dir=tmp_path / "nothing")
    assert result.status == 2
    assert result.err.strip().count("\n") == 0 and "run 'onrecord ingest' first" in result.err


@pytest.mark.parametrize("value", ["rey", "ray:/host", "ray://"])
def test_an_unknown_workers_value_is_a_one_line_error(tmp_path, cli, value):
    result = cli("ingest", str(tmp_path), "--workers", value)
    assert result.status == 2 and "--workers" in result.err and "Traceback" not in result.err


def test_ray_workers_without_ray_is_refused(tmp_path, cli):
    result = cli("ingest", str(tmp_path), "--ray-workers", "2")
    assert result.status == 2 and "--ray-workers needs --workers ray" in result.err


def test_without_ray_installed_ingest_runs_in_process_and_workers_ray_says_so(
        tmp_path, cli, monkeypatch, inputs):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    result = cli("ingest", *inputs, "--no-quotes", "--vectors", "later", "--json")
    assert result.status == 0 and result.json()["added"] > 0
    refused = cli("ingest", *inputs, "--workers", "ray", data_dir=tmp_path / "other")
    assert refused.status == 2
    assert "needs Ray, which is not installed: pip install 'ray==" in refused.err
    assert refused.err.strip().count("\n") == 0
    assert not (tmp_path / "other").exists()  # refused before anything was written


@pytest.mark.slow
def test_embed_watch_fills_vectors_in_behind_a_running_ingest(tmp_path, cli):
    from test_crash_safety import REPO, child_env, write_corpus

    data, first, second = tmp_path / "data", tmp_path / "first", tmp_path / "second"
    write_corpus(first, 6, seed=1)
    write_corpus(second, 6, seed=2, prefix="b")
    assert cli("ingest", str(first), "--no-quotes", "--vectors", "later", data_dir=data).status == 0
    watcher = subprocess.Popen([sys.executable, "-m", "indexer", "--data", str(data), "embed",
                                "--watch", "1", "--json", "--nice", "0"], cwd=REPO,
                               env=child_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert cli("ingest", str(second), "--no-quotes", "--vectors", "later",
                   data_dir=data).status == 0
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            stats = cli("stats", "--json", data_dir=data).json()
            if stats["unembedded_passages"] == 0 and stats.get("vectors") == stats["passages"]:
                break
            time.sleep(1)
        else:
            pytest.fail(f"the watcher did not catch up: {stats}")
    finally:
        watcher.terminate()
        out, _ = watcher.communicate(timeout=60)
    rounds = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert sum(r["passages"] for r in rounds) == stats["passages"]
    assert check_consistency(data).ok, check_consistency(data).problems()


@pytest.mark.slow
def test_an_unreachable_ray_cluster_is_a_one_line_error(tmp_path, cli, corpus):
    pytest.importorskip("ray")
    result = cli("ingest", *corpus[0], "--workers", "ray://127.0.0.1:1", data_dir=tmp_path / "d")
    assert result.status == 2
    assert result.err.strip().count("\n") == 0 and "cannot start ray://127.0.0.1:1" in result.err
    assert not (tmp_path / "d").exists()


def test_an_article_rewritten_while_it_is_embedded_waits_for_the_next_run(tmp_path, cli):
    from indexer.embeddings import load_embedder

    folder, data = tmp_path / "in", tmp_path / "data"
    folder.mkdir()
    (folder / "b.txt").write_text("Storm drains cleared\n\nCrews cleared the storm drains on "
                                  "Main Street before the rain, the city said.", encoding="utf-8")
    rewritten = folder / "a.txt"
    rewritten.write_text("Bridge repairs begin\n\nThe county will repair the old river bridge "
                         "this summer, officials said on Monday.", encoding="utf-8")
    ingest([str(folder)], data, semantic=False)
    model = load_embedder()

    class RewrittenMeanwhile:
        """The real model; while it encodes, an ingest rewrites a.txt (a second writer)."""

        dim, identity, done = model.dim, model.identity, False

        def encode(self, texts: list[str]):
            vectors = model.encode(texts)
            if not self.done:
                self.done = True
                rewritten.write_text("Library hours extended\n\nThe library will stay open "
                                     "until nine on weekdays, the board said.", encoding="utf-8")
                ingest([str(folder)], data, semantic=False)
            return vectors

    first = embed(data, embedder=RewrittenMeanwhile())
    assert (first.articles, first.changed, first.remaining_passages) == (1, 1, 1)
    assert len(vectors_of(data)[0]) == 1  # the storm drains only: no vector of the bridge text
    second = embed(data)
    assert (second.passages, second.remaining_passages) == (1, 0)
    hits = cli("search", "opening times of the library", "--mode", "semantic", "--json",
               data_dir=data).json()
    assert hits["hits"][0]["title"] == "Library hours extended" and hits["unembedded"] == 0


def test_a_short_articles_passages_each_carry_its_title():
    """In an article of at most three passages every passage is embedded after the title (the
    title says what each part is about); in a longer one only the lead is, whether the list
    holds all of an article's passages or only the ones waiting for vectors."""
    from indexer.ingest import SHORT_ARTICLE, embedding_texts
    from indexer.records import Passage

    def passages(article: str, count: int) -> list[Passage]:
        return [Passage(id=f"{article}:{i}", article_id=article, ordinal=i, start=i, end=i + 1,
                        text=f"{article}{i}") for i in range(count)]

    titles = {"a": "Short", "b": "Long"}
    short, long = passages("a", SHORT_ARTICLE), passages("b", SHORT_ARTICLE + 2)
    texts = embedding_texts(short + long, titles)
    assert texts[:SHORT_ARTICLE] == [f"Short. a{i}" for i in range(SHORT_ARTICLE)]
    assert texts[SHORT_ARTICLE] == "Long. b0"
    assert texts[SHORT_ARTICLE + 1:] == [f"b{i}" for i in range(1, SHORT_ARTICLE + 2)]
    # embedding later only the waiting passages of the long article: still a long article
    from collections import Counter

    waiting = long[1:2]
    assert embedding_texts(waiting, titles, Counter(p.article_id for p in long)) == ["b1"]
