"""Compare over a real small index (two speakers quoted on bus fares and on other things): each
side's count is every statement it has on the topic, pairs never reuse a statement, paging
reaches every row, the CSV holds both sides whole, and an unknown speaker is named."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

from indexer.compare import greedy_pairs
from indexer.ingest import ingest
from indexer.querymodel import Filters
from indexer.search import SearchService
from indexer.store import Store
from webapp.app import create_app

TOPIC = "bus fares"
TOPIC_WORD = re.compile(r"\bfares?\b", re.IGNORECASE)  # what "bus fares" matches by keyword
WHITFIELD = [  # (date, quote): the transit director; six quotes on fares, two on other things
    ("2023-01-10", "Bus fares will stay at two dollars for the rest of the year"),
    ("2023-02-14", "We cannot raise bus fares while ridership is still recovering"),
    ("2023-03-21", "Lower fares for students will start in September"),
    ("2023-04-18", "Fare collection on buses will move to tap cards next spring"),
    ("2023-05-09", "Seniors will keep riding free, whatever happens to fares"),
    ("2023-06-13", "The fare increase was a mistake, and we are reversing it"),
    ("2023-07-11", "The new library branch opens on Monday with longer hours"),
    ("2023-08-15", "Snow removal crews worked through the night on every route"),
]
ORTEGA = [  # the council president: four on fares, one on something else
    ("2023-01-24", "Higher bus fares would hurt the workers who need transit most"),
    ("2023-03-07", "The council will vote on the fare plan next week"),
    ("2023-05-23", "Free fares for students are worth the cost"),
    ("2023-07-25", "Tap cards should make paying fares simpler for everyone"),
    ("2023-09-12", "Park benches downtown need repair before the winter"),
]


def articles() -> list[dict[str, str]]:
    """One article per quote: a neutral title and lead, the quote attributed in its own
    paragraph."""
    out = []
    for who, role, quotes in (("Dana Whitfield", "the transit director", WHITFIELD),
                              ("Marcus Ortega", "the council president", ORTEGA)):
        for i, (date, quote) in enumerate(quotes):
            out.append({
                "id": f"{who.split()[1].lower()}-{i}", "source": "City Desk", "published": date,
                "title": f"City hall notebook {date}",
                "text": f"City officials met on {date} to go over the week's business.\n\n"
                        f"\"{quote},\" said {who}, {role}.\n\n"
                        "The meeting ended after an hour."})
    return out


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("compare")
    inputs = root / "compare.jsonl"
    inputs.write_text("".join(json.dumps(a) + "\n" for a in articles()), encoding="utf-8")
    report = ingest([str(inputs)], root / "data")
    assert report.added == len(WHITFIELD) + len(ORTEGA)
    return root / "data"


@pytest.fixture(scope="module")
def keyword_client(data):
    return create_app({"DATA_DIR": str(data), "SEMANTIC": False}).test_client()


@pytest.fixture(scope="module")
def client(data):
    return create_app({"DATA_DIR": str(data)}).test_client()


@pytest.fixture(scope="module")
def counts(data) -> dict[str, set[str]]:
    """Each speaker's passages on the topic, read from the store."""
    return {s: statements_in_store(data, s) for s in ("Dana Whitfield", "Marcus Ortega")}


def statements_in_store(data: Path, speaker: str, on_topic: bool = True) -> set[str]:
    """Passages with a quote by ``speaker`` (read from the store, not through search), those
    holding the topic's word when ``on_topic``."""
    store = Store.open(data, readonly=True)
    try:
        out = set()
        for quotes in store.quotes_in_passages(set(store.quote_passages().values())).values():
            for q in quotes:
                passage = store.get_passage(q["passage_id"])
                if q["speaker"] == speaker and (not on_topic or TOPIC_WORD.search(passage.text)):
                    out.add(q["passage_id"])
        return out
    finally:
        store.close()


def every_row(client, **query) -> tuple[dict, list[dict]]:
    """The first page of a comparison and every row, paging two at a time."""
    rows: list[dict] = []
    first = None
    offset = 0
    while True:
        body = client.get("/api/v1/compare", query_string={
            "topic": TOPIC, **query, "limit": 2, "offset": offset}).get_json()
        first = first or body
        assert body["total"] == first["total"] and body["offset"] == offset
        rows += body["pairs"]
        offset += 2
        if offset >= body["total"]:
            return first, rows


def test_keyword_counts_are_every_statement_on_the_topic(keyword_client, data):
    body = keyword_client.get("/api/v1/compare", query_string={
        "topic": TOPIC, "left_speaker": "Whitfield", "right_speaker": "Ortega",
        "limit": 1}).get_json()
    left, right = statements_in_store(data, "Dana Whitfield"), statements_in_store(
        data, "Marcus Ortega")
    assert len(left) == 6 and len(right) == 4  # the fixture's quotes on fares
    assert body["left"]["statements"] == len(left) and body["right"]["statements"] == len(right)
    assert len(body["pairs"]) == 1 and body["total"] == max(len(left), len(right))


@pytest.mark.parametrize("app", ["keyword", "hybrid"])
def test_pairs_never_reuse_a_statement_and_paging_reaches_every_row(app, client,
                                                                    keyword_client):
    first, rows = every_row(keyword_client if app == "keyword" else client,
                            left_speaker="Whitfield", right_speaker="Ortega")
    lefts = [r["left"]["passage_id"] for r in rows if r["left"]]
    rights = [r["right"]["passage_id"] for r in rows if r["right"]]
    assert len(lefts) == len(set(lefts)) == first["left"]["statements"]
    assert len(rights) == len(set(rights)) == first["right"]["statements"]
    assert len(rows) == first["total"]
    paired = [r for r in rows if r["left"] and r["right"]]
    assert len(paired) == first["matched"] == min(len(lefts), len(rights))
    # best-first: the most similar pair on the topic leads
    order = [r["similarity"] + (r["on_topic"] or 0.0) for r in paired]
    assert all(a >= b - 2e-4 for a, b in zip(order[:-1], order[1:], strict=True))  # rounded
    assert all(0.0 <= r["on_topic"] <= 1.0 for r in paired)
    assert all(r["similarity"] is None and r["on_topic"] is None
               for r in rows if not (r["left"] and r["right"]))
    for r in paired:
        assert r["left"]["speaker"] == "Dana Whitfield"
        assert r["right"]["speaker"] == "Marcus Ortega"


def test_hybrid_counts_are_the_whole_search_set(client, data):
    body = client.get("/api/v1/compare", query_string={
        "topic": TOPIC, "left_speaker": "Whitfield", "right_speaker": "Ortega",
        "limit": 1}).get_json()
    svc = SearchService.open(data)
    try:
        for side, name in (("left", "Whitfield"), ("right", "Ortega")):
            found = svc.result_set(TOPIC, "hybrid", Filters(speaker=name, quotes_only=True))
            assert body[side]["statements"] == len(found.docs) > 1
    finally:
        svc.close()
    assert statements_in_store(data, "Dana Whitfield") <= {
        r["left"]["passage_id"] for r in every_row(client, left_speaker="Whitfield",
                                                   right_speaker="Ortega")[1] if r["left"]}


def test_csv_holds_every_statement_of_both_sides(client):
    first, rows = every_row(client, left_speaker="Whitfield", right_speaker="Ortega")
    response = client.get("/api/v1/compare", query_string={
        "topic": TOPIC, "left_speaker": "Whitfield", "right_speaker": "Ortega", "format": "csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    for side, speaker in (("left", "Dana Whitfield"), ("right", "Marcus Ortega")):
        mine = [r for r in table if r["side"] == side]
        assert len(mine) == first[side]["statements"]
        assert {r["passage_id"] for r in mine} == {r[side]["passage_id"] for r in rows
                                                  if r[side]}
        for r in mine:
            assert r["speaker"] == speaker and r["published"] and r["title"]
            assert r["citation"].startswith(speaker) and r["published"] in r["citation"]
            assert f"'{r['title']}'" in r["citation"]
    bad = client.get("/api/v1/compare", query_string={"topic": TOPIC, "left_speaker": "Ortega",
                                                      "right_speaker": "Whitfield",
                                                      "format": "xml"})
    assert bad.status_code == 400 and "format" in bad.get_json()["error"]["message"]


@pytest.mark.parametrize("query", [
    {"left_speaker": "Nobody Atall"},  # the right side defaults to the left's speaker
    {"left_speaker": "Nobody Atall", "right_speaker": "Ortega"},
    {"left_speaker": "Whitfield", "right_speaker": "Somebody Else"},
])
def test_an_unknown_speaker_is_named_never_the_same_sides(keyword_client, counts, query):
    client = keyword_client  # keyword matching: the known side's count is the store's
    response = client.get("/api/v1/compare", query_string={"topic": TOPIC, **query})
    assert response.status_code == 200
    body = response.get_json()
    unknown = [v for v in query.values() if v in ("Nobody Atall", "Somebody Else")]
    for name in unknown:
        assert any(name in n for n in body["notices"]), body["notices"]
    assert not any("same" in n for n in body["notices"])
    known = {"Ortega": "Marcus Ortega", "Whitfield": "Dana Whitfield"}
    for side in ("left", "right"):
        speaker = body[side]["speaker"]
        assert body[side]["statements"] == (0 if speaker in unknown else len(
            counts[known[speaker]]))
    html = client.get("/compare", query_string={"topic": TOPIC, **query}).get_data(as_text=True)
    assert "the two sides are the same" not in html and unknown[0] in html


def test_the_same_speaker_twice_is_still_refused(client):
    body = client.get("/api/v1/compare", query_string={
        "topic": TOPIC, "left_speaker": "Whitfield", "right_speaker": "Dana Whitfield"})
    assert body.status_code == 400 and "same" in body.get_json()["error"]["message"]


def test_the_compare_page_shows_real_counts_and_pages(client):
    html = client.get("/compare", query_string={
        "topic": TOPIC, "left_speaker": "Whitfield", "right_speaker": "Ortega", "limit": 2,
        "page": 2}).get_data(as_text=True)
    body = client.get("/api/v1/compare", query_string={
        "topic": TOPIC, "left_speaker": "Whitfield", "right_speaker": "Ortega"}).get_json()
    assert f'class="count-left">{body["left"]["statements"]}<' in html
    assert f'class="count-right">{body["right"]["statements"]}<' in html
    assert f"of {body['total']}" in html and 'aria-current="page">2<' in html
    assert "format=csv" in html


def test_greedy_pairs_take_the_best_pair_first_and_never_reuse():
    sims = np.array([[0.90, 0.80, 0.10],
                     [0.95, 0.20, 0.30]])
    # row by row, both rows would take column 0; best-first gives it to row 1
    assert greedy_pairs(sims) == [(1, 0), (0, 1)]
    assert greedy_pairs(np.zeros((0, 3))) == []
    square = np.random.default_rng(0).random((6, 6))
    pairs = greedy_pairs(square)
    assert sorted(i for i, _ in pairs) == list(range(6))
    assert sorted(j for _, j in pairs) == list(range(6))


def test_pairs_on_the_topic_come_before_pairs_alike_on_something_else(client):
    from indexer.compare import topic_fit

    # the snow statements are the more alike; the fare ones are what each side's search ranked
    sims = np.array([[0.9, 0.2], [0.3, 0.6]])
    left = [{"relevance": 0.4}, {"relevance": 5.0}]
    right = [{"relevance": -1.0}, {"relevance": 2.5}]
    assert greedy_pairs(sims)[0] == (0, 0)
    assert greedy_pairs(sims + topic_fit(left, right)) == [(1, 1), (0, 0)]
    # over the API: the first pair is two statements on bus fares, not two on other things
    body = client.get("/api/v1/compare", query_string={
        "topic": TOPIC, "left_speaker": "Whitfield", "right_speaker": "Ortega"}).get_json()
    first = body["pairs"][0]
    assert TOPIC_WORD.search(first["left"]["text"]) and TOPIC_WORD.search(first["right"]["text"])


def test_a_statement_keeps_the_cue_between_its_quotes_as_printed():
    """Two quotes split by 'Ogg said.' read as printed; a quote after narration that does not
    name the speaker is joined by an ellipsis, never run on into the last one."""
    from indexer.compare import quoted_words

    passage = ("“Gun violence tears families apart,” Ogg said. “Three young men were killed.” "
               "The jury deliberated for two days.\n\n“We mourn with them,” she said.")

    def quote(text, mention):
        start = passage.index(text)
        return {"start": start, "end": start + len(text), "text": text, "mention": mention}

    quotes = [quote("“We mourn with them,”", "she"), quote("“Gun violence tears families apart,”",
              "Ogg"), quote("“Three young men were killed.”", "Ogg")]
    assert quoted_words(passage, quotes) == (
        "“Gun violence tears families apart,” Ogg said. “Three young men were killed.” … "
        "“We mourn with them,”")


def test_a_quote_inside_another_is_written_once_and_no_quotes_is_no_text():
    from indexer.compare import quoted_words

    passage = "“The plan, ‘fix it first,’ works,” said Rep. Ann Lee Jr. “It saves money.”"
    outer, inner = "“The plan, ‘fix it first,’ works,”", "‘fix it first,’"
    last = "“It saves money.”"
    quotes = [{"start": passage.index(t), "end": passage.index(t) + len(t), "text": t,
               "mention": "Rep. Ann Lee Jr."} for t in (inner, last, outer)]
    assert quoted_words(passage, quotes) == passage
    assert quoted_words(passage, []) == ""
