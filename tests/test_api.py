"""The JSON API through Flask's test client, over a real ingested data folder."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.app import create_app


def article_id_titled(client, words: str) -> str:
    hits = client.get("/api/v1/search", query_string={"q": f"title:({words})", "mode": "keyword"}
                      ).get_json()["hits"]
    assert hits, words
    return hits[0]["article_id"]


def speaker_id_named(client, name: str) -> int:
    return client.get("/api/v1/speakers", query_string={"q": name}).get_json()["speakers"][0]["id"]


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"]["status"] == status
    assert body["error"]["message"] and "\n" not in body["error"]["message"]
    return body["error"]["message"]


# --- search -----------------------------------------------------------------------------------


def test_search_returns_paginated_hits_with_totals(client):
    body = client.get("/api/v1/search?q=vehicle&limit=2").get_json()
    assert body["mode"] == "hybrid" and body["limit"] == 2 and body["offset"] == 0
    assert body["total"] >= 3 and len(body["hits"]) == 2
    second = client.get("/api/v1/search?q=vehicle&limit=2&offset=2").get_json()
    assert second["total"] == body["total"]
    first_ids = {h["article_id"] for h in body["hits"]}
    assert not first_ids & {h["article_id"] for h in second["hits"]}


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_search_modes_collapse_by_article(client, mode):
    body = client.get("/api/v1/search", query_string={"q": "shooting at moving vehicles",
                                                      "mode": mode}).get_json()
    ids = [h["article_id"] for h in body["hits"]]
    assert ids and len(ids) == len(set(ids))
    assert all(mode in h["found_by"] or mode == "hybrid" for h in body["hits"])


def test_search_speaker_filter_keeps_only_passages_quoting_them(client):
    graves = speaker_id_named(client, "Graves")
    body = client.get("/api/v1/search", query_string={"q": "vehicle", "speaker": "Stacey Graves",
                                                      "mode": "keyword"}).get_json()
    assert body["hits"]
    for hit in body["hits"]:
        assert graves in {s["id"] for s in hit["speakers"]}


def test_search_facets_count_sources_speakers_years(client):
    body = client.get("/api/v1/search?q=police&mode=keyword&facets=true").get_json()
    facets = body["facets"]
    sources = {f["value"]: f["count"] for f in facets["sources"]}
    assert sources["KCPD"] >= 3 and sources["Kansas City Star"] >= 2
    assert {"Jacob Becchina", "Stacey Graves"} <= {f["name"] for f in facets["speakers"]}
    assert {"2021", "2023"} <= {f["value"] for f in facets["years"]}
    only_star = client.get("/api/v1/search?q=police&mode=keyword&facets=true"
                           "&source=Kansas+City+Star").get_json()
    assert all(h["source"] == "Kansas City Star" for h in only_star["hits"])
    # a facet ignores its own filter, so other sources still show their counts
    assert {f["value"] for f in only_star["facets"]["sources"]} == set(sources)


@pytest.mark.parametrize("query, words", [
    ("date:[garbage to 2021]", "date"), ("nosuchfield:x", "unknown field"), ("* ?", "no words"),
])
def test_bad_query_syntax_is_a_400_naming_the_problem(client, query, words):
    message = error_of(client.get("/api/v1/search", query_string={"q": query}), 400)
    assert words in message


@pytest.mark.parametrize("params, name", [
    ({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"), ({"limit": "ten"}, "limit"),
    ({"offset": "-1"}, "offset"), ({"offset": "10001"}, "offset"), ({"mode": "psychic"}, "mode"),
    ({"since": "yesterday"}, "since"), ({"quotes_only": "maybe"}, "quotes_only"),
    ({"sort": "date"}, "sort"),
])
def test_out_of_range_parameters_are_400s(client, params, name):
    message = error_of(client.get("/api/v1/search", query_string={"q": "police", **params}), 400)
    assert name in message
    assert "--" not in message  # the API's parameter, not a command-line flag


def test_a_date_sort_orders_the_page_and_the_download(client):
    """?sort=oldest: the page's hits oldest first, named in the payload; the CSV download
    follows the same order."""
    page = client.get("/api/v1/search", query_string={"q": "police", "sort": "oldest",
                                                      "limit": 100}).get_json()
    assert page["sort"] == "oldest"
    dates = [h["published"] for h in page["hits"] if h["published"]]
    assert len(dates) > 1 and dates == sorted(dates)
    csv_text = client.get("/api/v1/search", query_string={"q": "police", "sort": "oldest",
                                                          "format": "csv"}).get_data(as_text=True)
    ids = [row["article_id"] for row in csv.DictReader(io.StringIO(csv_text))]
    assert ids == [h["article_id"] for h in page["hits"]]


def test_empty_query_is_a_400(client):
    assert "empty" in error_of(client.get("/api/v1/search?q="), 400)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.sampled_from(list('ab "():*~^[]-AND OR NOT title:date:{}\\')) |
                     st.characters(codec="utf-8"), max_size=40))
def test_no_query_gives_a_500(client, query):
    response = client.get("/api/v1/search", query_string={"q": query, "mode": "keyword"})
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    assert response.is_json


# --- ask, articles, passages ----------------------------------------------------------------


def test_ask_answers_with_an_attributed_citation(client):
    body = client.get("/api/v1/ask", query_string={
        "q": "What did Becchina say about firing at moving vehicles?"}).get_json()
    top = body["answers"][0]
    assert top["speaker"] == "Jacob Becchina"
    assert "Becchina" in top["citation"] and top["title"] in top["citation"]
    assert top["answer"] in top["passage"]


def test_ask_needs_a_question(client):
    assert "q" in error_of(client.get("/api/v1/ask"), 400)
    error_of(client.get("/api/v1/ask?q=why&limit=21"), 400)


def test_article_has_passages_quotes_and_text(client):
    aid = article_id_titled(client, "curfew")
    body = client.get(f"/api/v1/articles/{aid}").get_json()
    assert body["id"] == aid and body["published"] == "2022-06-09"
    assert [p["ordinal"] for p in body["passages"]] == list(range(len(body["passages"])))
    for q in body["quotes"]:
        assert body["text"][q["start"]:q["end"]] == q["text"]
    assert body["duplicate_of"] is None and body["reprints"] == []


def test_passage_has_its_article_and_quotes(client):
    aid = article_id_titled(client, "pursuit policy")
    body = client.get(f"/api/v1/passages/{aid}:0").get_json()
    assert body["article_id"] == aid and body["title"] == "Police review vehicle pursuit policy"
    assert any(q["speaker"] == "Jacob Becchina" for q in body["quotes"])


@pytest.mark.parametrize("url", ["/api/v1/articles/nope", "/api/v1/passages/nope:0",
                                 "/api/v1/speakers/999999", "/api/v1/similar/nope:3",
                                 "/api/v1/no-such-route"])
def test_unknown_ids_are_json_404s(client, url):
    error_of(client.get(url), 404)


# --- quotes, speakers, similar, compare, stats ---------------------------------------------


def test_quotes_filter_by_speaker_text_and_dates(client):
    becchina = speaker_id_named(client, "Becchina")
    body = client.get("/api/v1/quotes", query_string={"speaker": "Becchina", "limit": 3}).get_json()
    assert body["total"] > 3 and len(body["quotes"]) == 3
    assert {q["speaker_id"] for q in body["quotes"]} == {becchina}
    words = client.get("/api/v1/quotes", query_string={"text": "young people"}).get_json()
    assert words["total"] >= 1 and all("young" in q["text"] for q in words["quotes"])
    dated = client.get("/api/v1/quotes", query_string={"speaker": str(becchina),
                                                       "since": "2022-01-01"}).get_json()
    assert dated["total"] >= 1 and all(q["published"] >= "2022" for q in dated["quotes"])
    assert "since" in error_of(client.get("/api/v1/quotes?since=soon"), 400)


def test_speakers_list_and_timeline(client):
    body = client.get("/api/v1/speakers?limit=1").get_json()
    assert body["total"] >= 3 and len(body["speakers"]) == 1
    top = body["speakers"][0]
    assert top["name"] == "Jacob Becchina"  # most quoted first
    timeline = client.get(f"/api/v1/speakers/{top['id']}").get_json()
    assert timeline["quotes"] == top["quotes"]
    assert sum(m["quotes"] for m in timeline["months"]) + timeline["undated"] == top["quotes"]
    months = [m["month"] for m in timeline["months"]]
    assert months[0] == "2021-03" and months == sorted(months) and "2021-08" in months
    assert {"Jacob Becchina", "Jake Becchina"} <= {n["name"] for n in timeline["names"]}


def test_similar_passages_come_from_other_articles(client):
    aid = article_id_titled(client, "pursuit policy")
    body = client.get(f"/api/v1/similar/{aid}:0?limit=3").get_json()
    assert body["hits"] and all(h["article_id"] != aid for h in body["hits"])


def test_compare_pairs_two_speakers_statements(client):
    body = client.get("/api/v1/compare", query_string={
        "topic": "vehicle pursuits", "left_speaker": "Becchina", "right_speaker": "Graves",
        "limit": 2}).get_json()
    assert body["left"]["statements"] >= 1 and len(body["pairs"]) <= 2
    for pair in body["pairs"]:
        assert pair["left"]["speaker"] == "Jacob Becchina"
        assert pair["right"]["speaker"] == "Stacey Graves"
        assert -1 <= pair["similarity"] <= 1


def test_compare_one_speaker_in_two_periods(client):
    body = client.get("/api/v1/compare", query_string={
        "topic": "police", "left_speaker": "Becchina", "left_until": "2021-12-31",
        "right_since": "2022-01-01"}).get_json()
    assert body["right"]["speaker"] == "Becchina"
    for pair in body["pairs"]:
        assert pair["left"]["published"] <= "2021-12-31"
        assert pair["right"] is None or pair["right"]["published"] >= "2022-01-01"


@pytest.mark.parametrize("params, words", [
    ({}, "topic"), ({"topic": "x", "left_speaker": "Becchina"}, "same"),
    ({"topic": "x", "left_speaker": "Becchina", "right_speaker": "Graves", "limit": "99"},
     "limit"),
])
def test_compare_errors(client, params, words):
    assert words in error_of(client.get("/api/v1/compare", query_string=params), 400)


def test_stats_count_the_store(client):
    body = client.get("/api/v1/stats").get_json()
    assert body["articles"] >= 8 and body["keyword_documents"] == body["passages"]
    assert body["vectors"] == body["passages"] and "hybrid" in body["modes"]


# --- security --------------------------------------------------------------------------------


def test_security_headers_on_every_response(client):
    for url in ("/api/v1/stats", "/api/v1/articles/nope", "/"):
        r = client.get(url)
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_no_write_endpoints_without_an_admin_token(client, monkeypatch):
    error_of(client.post("/api/v1/search?q=x"), 405)
    error_of(client.post("/api/v1/admin/delete", json={"article_ids": ["x"]}), 404)
    error_of(client.post("/api/v1/admin/ingest", json={"documents": [{"text": "x"}]}), 404)


def test_request_size_is_limited(client):
    response = client.post("/api/v1/search", data=b"x" * 200_000,
                           content_type="application/octet-stream")
    assert response.status_code in (405, 413) and response.is_json


def test_missing_store_is_a_503_not_a_traceback(tmp_path):
    c = create_app({"DATA_DIR": str(tmp_path / "empty"), "SEMANTIC": False}).test_client()
    assert "ingest" in error_of(c.get("/api/v1/search?q=x"), 503)


def test_admin_endpoints_need_the_token(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path / "data"), "SEMANTIC": False,
                      "ADMIN_TOKEN": "s3cret"})
    c = app.test_client()
    doc = {"documents": [{"text": "The mayor said \"Streets will be cleared by noon,\" on "
                                  "Friday, calling the storm the worst in years.",
                          "title": "Snow storm clean-up", "published": "2024-01-12",
                          "source": "City Hall"}]}
    error_of(c.post("/api/v1/admin/ingest", json=doc), 401)
    error_of(c.post("/api/v1/admin/ingest", json=doc,
                    headers={"Authorization": "Bearer wrong"}), 401)
    auth = {"Authorization": "Bearer s3cret"}
    assert c.post("/api/v1/admin/ingest", json=doc, headers=auth).get_json()["added"] == 1
    error_of(c.post("/api/v1/admin/ingest", json={"documents": []}, headers=auth), 400)
    hits = c.get("/api/v1/search?q=storm&mode=keyword").get_json()["hits"]
    assert [h["title"] for h in hits] == ["Snow storm clean-up"]
    gone = c.post("/api/v1/admin/delete", json={"article_ids": [hits[0]["article_id"], "nope"]},
                  headers=auth).get_json()
    assert gone == {"deleted": [hits[0]["article_id"]], "missing": ["nope"]}
    assert c.get("/api/v1/search?q=storm&mode=keyword").get_json()["hits"] == []
    error_of(c.get(f"/api/v1/articles/{hits[0]['article_id']}"), 404)


def test_deleted_articles_leave_the_shared_searcher(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path / "data"), "SEMANTIC": False,
                      "ADMIN_TOKEN": "s3cret"})
    c, auth = app.test_client(), {"Authorization": "Bearer s3cret"}
    doc = {"documents": [{"text": "The storm closed every school in the county on Friday, "
                                  "officials said.", "title": "Storm closes schools"}]}
    c.post("/api/v1/admin/ingest", json=doc, headers=auth)
    aid = c.get("/api/v1/search?q=storm&mode=keyword").get_json()["hits"][0]["article_id"]
    c.post("/api/v1/admin/delete", json={"article_ids": [aid]}, headers=auth)
    assert c.get("/api/v1/search?q=storm&mode=keyword").get_json()["total"] == 0
