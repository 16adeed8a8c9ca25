"""Searches keep being answered while another process ingests, and what it adds becomes visible
to an already-open search service (the keyword searcher refreshes itself, vectors reload).

Bounded: the ingest is a fixed small folder and the search loop stops when it finishes (or after
a generous cap, which fails the test).
"""

from __future__ import annotations

import subprocess
import time

from test_crash_safety import REPO, child_env, ingest_command, stored_articles, write_corpus

from indexer.cli import main
from indexer.consistency import check_consistency
from indexer.search import SearchService

MARKER = "zephyrquill"  # a word only the articles ingested concurrently contain
NEW_ARTICLES = 60
CAP_SECONDS = 240


def add_marker(files) -> None:
    for path in files:
        title, rest = path.read_text(encoding="utf-8").split("\n\n", 1)
        path.write_text(f"{title} {MARKER}\n\n{rest}", encoding="utf-8")


def test_searches_succeed_during_ingest_and_new_articles_appear(tmp_path):
    data = tmp_path / "data"
    base = write_corpus(tmp_path / "base", 30, 11)
    assert main(["--data", str(data), "ingest", str(tmp_path / "base"), "--no-quotes"]) == 0
    new = write_corpus(tmp_path / "new", NEW_ARTICLES, 12, prefix="n")
    add_marker(new)

    service = SearchService.open(data)
    try:
        assert service.search(MARKER, mode="keyword").total == 0
        proc = subprocess.Popen(ingest_command(data, tmp_path / "new", "--batch-size", "6"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=child_env(), cwd=REPO)
        searches, during, seen = 0, 0, []
        deadline = time.monotonic() + CAP_SECONDS
        while proc.poll() is None and time.monotonic() < deadline:
            mode = ("keyword", "hybrid")[searches % 2]
            old = service.search("council budget", mode=mode, limit=5)
            assert old.total > 0 and old.hits
            found = service.search(MARKER, mode="keyword", limit=100)
            seen.append(found.total)
            searches += 1
            during += 0 < stored_articles(data) - len(base)
        err = proc.communicate(timeout=60)[1].decode()
        assert proc.returncode == 0, err
        assert during > 0, "some searches ran while the ingest was writing"
        assert seen == sorted(seen), "batches become visible in order, never disappear"

        after = service.search(MARKER, mode="keyword", limit=100)
        assert after.total == NEW_ARTICLES  # the copies are linked duplicates, not shown
        semantic = service.search(MARKER, mode="semantic", limit=100)
        stored_passages = service.store.stats()["passages"]
        assert len(service.vectors) == stored_passages, "vectors reloaded after the ingest"
        assert semantic.hits
    finally:
        service.close()
    assert check_consistency(data).ok


def test_a_commit_during_feedback_expansion_does_not_close_the_search_s_reader(tmp_path):
    """Another process commits while a keyword search with feedback is expanding its query: the
    expansion's key terms must not swap (and close) the searcher the search is still scoring
    with, which raised ReaderClosed mid-search during a concurrent ingest."""
    from indexer.keyword_index import KeywordIndex

    data = tmp_path / "data"
    write_corpus(tmp_path / "base", 12, 5)
    assert main(["--data", str(data), "ingest", str(tmp_path / "base"), "--no-quotes"]) == 0
    service = SearchService.open(data)
    other = KeywordIndex.open(data)
    try:
        keyword = service.keyword
        key_terms = keyword.key_terms

        def committing_key_terms(texts: list[str], count: int) -> list[tuple[str, int]]:
            with other.writer() as w:  # the concurrent ingest commits now, mid-expansion
                w.add_document(passage_id="late:0", article_id="late", text="council budget")
            return key_terms(texts, count)

        keyword.key_terms = committing_key_terms
        found = service.search("council budget", mode="keyword", limit=5)
        keyword.key_terms = key_terms
        assert found.total >= 1 and found.hits
        assert service.search("council budget", mode="keyword", limit=50).total \
            == found.total + 1
    finally:
        other.close()
        service.close()
