"""Quotes as retrievable units (indexer/quote_index.py): found by word and by meaning, filtered,
deleted, rebuilt and repaired with their articles, with ids that survive re-extraction and
registry merges. Real SQLite, Whoosh and MiniLM over small made-up releases."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from indexer.cli import main
from indexer.consistency import check_consistency
from indexer.embeddings import load_embedder
from indexer.ingest import delete_articles
from indexer.quote_index import QUOTE_DIR, VECTOR_DIR, QuoteIndex, QuoteSearch, cue_context
from indexer.registry import find_speaker_ids
from indexer.store import Store, quote_ids

BUDGET = """Council approves the new city budget

SPRINGFIELD (2022-03-01) - The city council approved the budget on Tuesday after a long debate.

"We will hire forty new teachers and repair every school roof before winter," said Mayor Ann Quimby, who proposed the plan.

Critics were unconvinced. "The numbers do not add up, and taxpayers will pay for it later," said council member Robert Vance.
"""

POLICE = """Police explain the pursuit policy

KANSAS CITY (2021-11-17) - The department answered questions about a shooting last week.

"Officers should not fire into moving vehicles unless there is a deadly threat," said Sgt. Jacob Becchina, a police spokesman.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _ingest(data: Path, *paths: Path) -> None:
    assert main(["--data", str(data), "ingest", *map(str, paths)]) == 0


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A data folder with the two releases ingested (read-only use)."""
    root = tmp_path_factory.mktemp("quotes")
    src = root / "src"
    _ingest(root / "data", _write(src, "budget.txt", BUDGET), _write(src, "police.txt", POLICE))
    return root / "data"


@pytest.fixture(scope="module")
def embedder():
    return load_embedder()


def _search(data: Path, embedder, *args, **kwargs):
    store = Store.open(data, readonly=True)
    quotes = QuoteSearch.open(store, embedder)
    try:
        return quotes.search(*args, **kwargs)
    finally:
        quotes.close()
        store.close()


def _ids(data: Path) -> dict[str, int]:
    """Stored quote ids by the quote's first words."""
    with sqlite3.connect(data / "store.sqlite3") as conn:
        return {" ".join(text.strip('"“”').split()[:3]): qid
                for qid, text in conn.execute("SELECT id, text FROM quotes")}


def test_every_stored_quote_is_indexed_with_its_vector(built):
    store = Store.open(built, readonly=True)
    try:
        stored = store.stats()["quotes"]
    finally:
        store.close()
    assert stored == 3
    index = QuoteIndex.open(built, create=False)
    assert index.doc_count() == 3
    index.close()
    assert check_consistency(built).ok, check_consistency(built).problems()


def test_a_quote_is_found_by_its_words(built, embedder):
    total, rows = _search(built, embedder, "taxpayers")
    assert total >= 1
    assert rows[0]["speaker"] == "Robert Vance" and "keyword" in rows[0]["found_by"]
    assert rows[0]["title"] == "Council approves the new city budget"
    assert isinstance(rows[0]["id"], int) and isinstance(rows[0]["score"], float)


def test_a_quote_is_found_by_a_paraphrase_sharing_no_word(built, embedder):
    total, rows = _search(built, embedder, "shooting at cars")
    assert total >= 1
    top = rows[0]
    assert top["speaker"] == "Jacob Becchina"
    assert top["found_by"] == ["semantic"]


def test_speaker_filter_and_exact_total(built, embedder):
    store = Store.open(built, readonly=True)
    try:
        quimby = find_speaker_ids(store, "Quimby")
    finally:
        store.close()
    total, rows = _search(built, embedder, "budget teachers taxpayers", speaker_ids=quimby)
    assert total == len(rows) == 1
    assert rows[0]["speaker_id"] == quimby[0]
    # paging to the end returns exactly ``total`` quotes, never one twice
    total, _ = _search(built, embedder, "school teachers taxpayers vehicles")
    pages = [r["id"] for off in range(0, total + 2) for r in
             _search(built, embedder, "school teachers taxpayers vehicles", limit=1,
                     offset=off)[1]]
    assert len(pages) == len(set(pages)) == total


def test_all_words_means_the_quote_contains_every_word(built, embedder):
    total, rows = _search(built, embedder, "school roofs", all_words=True)
    assert total == 1 and "roof" in rows[0]["text"]
    assert _search(built, embedder, "school taxpayers", all_words=True)[0] == 0
    # a word of the context (the cue sentence, the speaker's name) is not in the quote
    assert _search(built, embedder, "Quimby", all_words=True)[0] == 0
    assert _search(built, embedder, "Quimby")[0] >= 1


def test_cue_context_is_the_sentence_with_quote_and_speaker(built, embedder):
    _, rows = _search(built, embedder, "taxpayers", context=True)
    assert rows[0]["context"].startswith("“") or rows[0]["context"].startswith('"')
    assert rows[0]["context"].endswith("said council member Robert Vance.")
    text = 'Before. "Yes," said Sgt. Bo Li, a spokesman. After.'
    start, end = text.index('"Yes'), text.index(' said')
    assert cue_context(text, start, end, text.index("Sgt."), text.index(", a")) == \
        '"Yes," said Sgt. Bo Li, a spokesman.'


def test_cli_and_api_quote_search_use_the_index(built, capsys):
    import json

    assert main(["--data", str(built), "quotes", "--speaker", "Becchina", "--contains",
                 "vehicle", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 1 and out["quotes"][0]["speaker"] == "Jacob Becchina"
    assert out["quotes"][0]["score"] is not None  # ranked by the index ('vehicle' stems)
    assert main(["--data", str(built), "quotes", "--query", "shooting at cars", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["quotes"][0]["speaker"] == "Jacob Becchina"

    from webapp.app import create_app

    client = create_app({"DATA_DIR": str(built), "TESTING": True}).test_client()
    body = client.get("/api/v1/quotes", query_string={"q": "shooting at cars"}).get_json()
    assert body["quotes"][0]["speaker"] == "Jacob Becchina"
    assert body["total"] >= 1 and body["quotes"][0]["score"] is not None
    body = client.get("/api/v1/quotes", query_string={"text": "taxpayers"}).get_json()
    assert body["total"] == 1 and body["quotes"][0]["speaker"] == "Robert Vance"


def test_question_helper_for_ask(built, embedder):
    store = Store.open(built, readonly=True)
    quotes = QuoteSearch.open(store, embedder)
    try:
        rows = quotes.for_question("Who said officers may not shoot at a car?", limit=2)
        assert rows[0]["speaker"] == "Jacob Becchina" and rows[0]["context"]
        assert "score" in rows[0]
    finally:
        quotes.close()
        store.close()


def test_delete_reindex_and_a_store_without_quote_index(tmp_path, embedder):
    data, src = tmp_path / "data", tmp_path / "src"
    budget, police = _write(src, "budget.txt", BUDGET), _write(src, "police.txt", POLICE)
    _ingest(data, src)
    ids = _ids(data)
    store = Store.open(data, readonly=True)
    police_id = store.conn.execute(
        "SELECT article_id FROM quotes WHERE text LIKE '%vehicles%'").fetchone()[0]
    store.close()
    assert delete_articles(data, [police_id]) == ([police_id], [])
    assert _search(data, embedder, "shooting at cars")[0] == 0
    assert QuoteIndex.open(data).doc_count() == 2
    assert check_consistency(data).ok, check_consistency(data).problems()
    _ingest(data, police)
    assert _ids(data) == ids  # the same quote, the same id
    # a store from before the quote index: the next ingest builds it, passages untouched
    shutil.rmtree(data / QUOTE_DIR)
    shutil.rmtree(data / VECTOR_DIR)
    assert not check_consistency(data).ok
    _ingest(data, budget)  # unchanged: only the repair runs
    assert check_consistency(data).ok, check_consistency(data).problems()
    assert _search(data, embedder, "shooting at cars")[1][0]["id"] == ids["Officers should not"]
    # reindex rebuilds it from the store
    shutil.rmtree(data / QUOTE_DIR)
    assert main(["--data", str(data), "reindex"]) == 0
    assert QuoteIndex.open(data).doc_count() == 3
    assert check_consistency(data).ok, check_consistency(data).problems()


def test_quote_ids_survive_re_extraction_and_renumbering(tmp_path):
    data, src = tmp_path / "data", tmp_path / "src"
    budget = _write(src, "budget.txt", BUDGET)
    _ingest(data, budget)
    before = _ids(data)
    # the file changes: a new paragraph first shifts every offset, one quote is reworded
    _write(src, "budget.txt", BUDGET.replace(
        "SPRINGFIELD", "Updated with comment from the council.\n\nSPRINGFIELD").replace(
        "pay for it later", "pay for it for years"))
    _ingest(data, budget)
    after = _ids(data)
    assert after["We will hire"] == before["We will hire"]
    assert after["The numbers do"] != before["The numbers do"]  # other words, another quote
    with sqlite3.connect(data / "store.sqlite3") as conn:
        assert conn.execute("SELECT MIN(start) FROM quotes").fetchone()[0] > 100
    # renormalising re-extracts every quote: ids unchanged
    assert main(["--data", str(data), "reindex", "--renormalise"]) == 0
    assert _ids(data) == after
    # quotes stored before ids were stable (numbered 1, 2, ...) get them on a writable open
    with sqlite3.connect(data / "store.sqlite3") as conn:
        conn.execute("UPDATE quotes SET id = (SELECT COUNT(*) FROM quotes q2 WHERE q2.id <= quotes.id)")
        conn.execute("DELETE FROM meta WHERE key = 'quote_ids'")
    assert sorted(_ids(data).values()) == [1, 2]
    Store.open(data).close()
    assert _ids(data) == after


def test_ids_are_stable_hashes_with_collisions_moved_on():
    first = quote_ids("a1", ["“Yes, we can.”", "“No.”", "yes we CAN"])
    assert first[0] != first[2]  # the same words again: the second occurrence
    assert quote_ids("a1", ['"Yes,  we can."']) == first[:1]  # punctuation and spacing aside
    assert all(0 < i < 2 ** 53 for i in first)
    moved = quote_ids("a1", ["“Yes, we can.”"], exists=lambda i: i == first[0])
    assert moved == [first[0] + 1]


def test_a_merge_keeps_quote_ids_and_the_surviving_speaker_id(tmp_path, embedder):
    data, src = tmp_path / "data", tmp_path / "src"
    bodies = [
        '"The hospital will get its nurses," said Senator Hillary Clinton.',
        '"The hospital bill is good news," said Hillary Rodham Clinton.',
        '"The hospital money passed today," said Senator Hillary Rodham Clinton.',
        '"The hospital wing opens in May," said Governor Ed Rendell.',
    ]
    paths = [_write(src, f"r{n}.txt", f"Statement on hospital funding\n\n{b}\n")
             for n, b in enumerate(bodies)]
    _ingest(data, paths[0])
    _ingest(data, paths[1])
    store = Store.open(data, readonly=True)
    hillary, rodham = find_speaker_ids(store, "Hillary Clinton")[0], \
        find_speaker_ids(store, "Hillary Rodham Clinton")[0]
    store.close()
    assert hillary != rodham
    before = _ids(data)
    _ingest(data, paths[2])  # ties the two names: Rodham's entry is folded into Hillary's
    _ingest(data, paths[3])
    after = _ids(data)
    assert all(after[k] == v for k, v in before.items())
    store = Store.open(data, readonly=True)
    try:
        assert find_speaker_ids(store, "Hillary Rodham Clinton") == [hillary]
        assert find_speaker_ids(store, str(rodham)) == [hillary]  # the folded id resolves
        assert find_speaker_ids(store, "Rendell") != [rodham]  # never handed out again
        from indexer.timeline import speaker_timeline

        assert speaker_timeline(store, rodham)["id"] == hillary  # /api/v1/speakers/<id>
    finally:
        store.close()
    total, rows = _search(data, embedder, "hospital", speaker_ids=[hillary])
    assert total == 3 and {r["speaker_id"] for r in rows} == {hillary}
    assert _search(data, embedder, "hospital", speaker_ids=[rodham])[0] == 0
    assert check_consistency(data).ok, check_consistency(data).problems()
