"""The two seed articles end to end: ingest corpus/, search, and check normalisation."""

from __future__ import annotations

import sqlite3

from indexer.search import SearchService


def _articles(data):
    conn = sqlite3.connect(data / "store.sqlite3")
    conn.row_factory = sqlite3.Row
    rows = {r["origin"].rsplit("/", 1)[-1]: dict(r) for r in conn.execute("SELECT * FROM articles")}
    passages = [r[0] for r in conn.execute("SELECT text FROM passages")]
    conn.close()
    return rows, passages


def test_moving_vehicles_finds_firearms_policy_passage(seeded_data):
    service = SearchService.open(seeded_data)
    try:
        result = service.search("moving vehicles", limit=5)
    finally:
        service.close()
    assert result.hits, "no hits for 'moving vehicles'"
    best = result.hits[0]
    assert best.published == "2021-11-17"
    assert "moving vehicle" in best.text
    assert "<mark>" in best.highlight
    # the firearms-policy statement is among that article's passages
    assert best.more_in_article >= 1


def test_firearms_policy_quote_is_findable(seeded_data):
    service = SearchService.open(seeded_data)
    try:
        result = service.search('"firearms policy"')
    finally:
        service.close()
    assert [h.title for h in result.hits][0].startswith("Kansas City police officers")
    assert "should not fire into moving vehicles" in result.hits[0].text


def test_boilerplate_is_in_no_passage(seeded_data):
    _, passages = _articles(seeded_data)
    assert passages
    for text in passages:
        assert "This is an archived article" not in text
        assert "Data pix" not in text
        assert "More News" not in text


def test_seed_metadata(seeded_data):
    articles, _ = _articles(seeded_data)
    first = articles["000_0693724921e55b3f.txt"]
    second = articles["004_02b310e43e173d24.txt"]
    assert first["published"] == "2021-11-17"
    assert first["published_precision"] == "day"
    assert not first["text"].startswith("date")
    assert second["title"] == (
        "In standoffs, KC police say they do all they can to achieve peaceful endings"
    )
    assert second["dateline"] == "KANSAS CITY, Mo."
    assert second["text"].startswith("The Kansas City Police Department's Tactical Response Team")
    assert "it`s because" in second["text"], "text is kept as written"
