"""Whole-set exports (``format=csv|jsonl`` on the API, ``--format`` on the CLI) over real
ingested folders: every row of the set the header's total counts, in every search mode, the
cap's note when the set is cut, and facet counts that add up to the same total."""

from __future__ import annotations

import csv
import io
import itertools
import json

import pytest

from indexer.answers import format_citation
from indexer.export import QUOTE_COLUMNS, SEARCH_COLUMNS, Export, cite, csv_chunks, place
from indexer.ingest import ingest_documents
from indexer.records import SourceDoc
from webapp.app import create_app

MODES = ("keyword", "semantic", "hybrid")


@pytest.fixture(scope="module")
def budget(contract_data):
    """A client over the contract corpus: 140 budget articles, far more than a page."""
    return create_app({"DATA_DIR": str(contract_data)}).test_client()


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def jsonl_rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/x-ndjson"
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def error_message(response, status: int = 400) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]["message"]


# --- search --------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_search_export_has_one_row_per_article_of_the_total(budget, mode):
    args = {"q": "budget council", "mode": mode}
    page = budget.get("/api/v1/search", query_string={**args, "limit": 10}).get_json()
    assert page["total"] > 10  # more than a page
    response = budget.get("/api/v1/search", query_string={**args, "format": "csv",
                                                          "limit": 10, "offset": 20})
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="onrecord-search.csv"'
    rows = csv_rows(response)
    assert tuple(rows[0]) == SEARCH_COLUMNS
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == page["total"]  # paging arguments are ignored: the whole set
    assert [int(r["rank"]) for r in body] == list(range(1, page["total"] + 1))
    assert len({r["article_id"] for r in body}) == page["total"]
    # the export's order is the search's: its first rows are the first page's hits
    assert [r["passage_id"] for r in body[:10]] == [h["passage_id"] for h in page["hits"]]


@pytest.mark.parametrize("mode", MODES)
def test_search_jsonl_rows_parse_and_agree_with_the_facets(budget, mode):
    # "council budget": in semantic mode a lone "budget" stands out from none of these
    # budget articles (the background floor), too few rows for the check
    args = {"q": "council budget", "mode": mode, "since": "2020-01-01", "until": "2021-12-31"}
    page = budget.get("/api/v1/search", query_string={**args, "facets": "1"}).get_json()
    rows = jsonl_rows(budget.get("/api/v1/search", query_string={**args, "format": "jsonl"}))
    assert len(rows) == page["total"] > 10
    assert all(tuple(r) == SEARCH_COLUMNS for r in rows)
    assert all("2020-01-01" <= r["published"] <= "2021-12-31" for r in rows)
    facets = page["facets"]
    # no filter on sources or issuers: their counts (null bucket, others) add up to total
    assert sum(f["count"] for f in facets["sources"]) + facets["others"]["sources"] \
        == page["total"]
    assert sum(f["count"] for f in facets["issuers"]) + facets["others"]["issuers"] \
        == page["total"]
    by_source: dict[str, int] = {}
    for r in rows:
        by_source[r["source"]] = by_source.get(r["source"], 0) + 1
    assert by_source == {f["value"]: f["count"] for f in facets["sources"]}
    assert facets["listed"]["sources"] == {"shown": 2, "of": 2}


def test_search_export_rows_carry_the_hits_quotes_and_citations(budget):
    rows = jsonl_rows(budget.get("/api/v1/search", query_string={
        "q": "flood barrier", "mode": "keyword", "format": "jsonl"}))
    quoted = [r for r in rows if r["quote"]]
    assert quoted
    row = quoted[0]
    hit = budget.get(f"/api/v1/passages/{row['passage_id']}").get_json()
    assert row["quote"] == " | ".join(q["text"] for q in hit["quotes"])
    assert row["speaker"] == " | ".join(q["speaker"] or "" for q in hit["quotes"])
    first = hit["quotes"][0]
    assert format_citation(first["speaker"], first["speaker_role"], first["speaker_org"],
                           hit["title"], hit["source"], hit["published"]) \
        in row["citation"].split(" | ")


def test_search_facets_show_n_of_n_when_cut(web_data):
    few = create_app({"DATA_DIR": str(web_data), "FACET_TOP": 1}).test_client()
    args = {"q": "police OR vehicle OR council", "mode": "keyword"}
    body = few.get("/api/v1/search", query_string={**args, "facets": "1"}).get_json()
    facets = body["facets"]
    for name in ("sources", "speakers", "years", "issuers", "kinds"):
        listed = facets["listed"][name]
        assert listed["shown"] == len([f for f in facets[name]
                                       if f.get("value", f.get("name")) is not None])
    assert facets["listed"]["sources"]["shown"] == 1 < facets["listed"]["sources"]["of"]
    assert facets["listed"]["speakers"]["shown"] == 1 < facets["listed"]["speakers"]["of"]
    # still adding up: the shown value, the null bucket and the others are the total
    assert sum(f["count"] for f in facets["sources"]) + facets["others"]["sources"] \
        == body["total"]
    html = few.get("/", query_string=args).get_data(as_text=True)
    assert f'Sources <span class="facet-of">1 of {facets["listed"]["sources"]["of"]}</span>' \
        in html
    assert f'<span class="facet-of">1 of {facets["listed"]["speakers"]["of"]}</span>' in html


def test_search_page_export_links_point_at_the_whole_set(client):
    html = client.get("/", query_string={"q": "vehicle", "mode": "keyword", "source": "KCPD",
                                         "page": "2"}).get_data(as_text=True)
    assert 'href="/api/v1/search?q=vehicle&amp;mode=keyword&amp;source=KCPD&amp;format=csv"' \
        in html
    assert "format=jsonl" in html


# --- quotes and a speaker's statements ------------------------------------------------------


@pytest.mark.parametrize("args", [{}, {"q": "police vehicles"}, {"text": "vehicle"},
                                  {"kind": "direct", "source": "KCPD"}])
def test_quote_export_has_one_row_per_quote_of_the_total(client, args):
    page = client.get("/api/v1/quotes", query_string={**args, "limit": 2}).get_json()
    assert page["total"] > 2  # more than the page
    rows = csv_rows(client.get("/api/v1/quotes", query_string={**args, "format": "csv"}))
    assert tuple(rows[0]) == QUOTE_COLUMNS
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == page["total"]
    assert len({r["quote_id"] for r in body}) == page["total"]
    assert [int(r["quote_id"]) for r in body[:2]] == [q["id"] for q in page["quotes"]]


def test_quote_rows_have_the_quote_its_article_and_a_citation(client):
    page = client.get("/api/v1/quotes", query_string={"speaker": "Stacey Graves"}).get_json()
    rows = jsonl_rows(client.get("/api/v1/quotes", query_string={
        "speaker": "Stacey Graves", "format": "jsonl"}))
    assert len(rows) == page["total"] >= 2
    for row, q in zip(rows, page["quotes"], strict=True):
        assert tuple(row) == QUOTE_COLUMNS
        assert (row["quote_id"], row["quote"], row["speaker"], row["title"]) == \
            (q["id"], q["text"], q["speaker"], q["title"])
        assert row["citation"] == format_citation(q["speaker"], q["speaker_role"],
                                                  q["speaker_org"], q["title"], q["source"],
                                                  q["published"])


def test_speaker_statements_export(client):
    speaker = client.get("/api/v1/speakers", query_string={"q": "Becchina"}
                         ).get_json()["speakers"][0]
    response = client.get(f"/api/v1/speakers/{speaker['id']}", query_string={"format": "csv"})
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="onrecord-speaker-{speaker["id"]}.csv"'
    rows = csv_rows(response)[1:]
    assert len(rows) == speaker["quotes"] >= 3
    assert {r[QUOTE_COLUMNS.index("speaker")] for r in rows} == {speaker["name"]}
    narrowed = csv_rows(client.get(f"/api/v1/speakers/{speaker['id']}", query_string={
        "format": "csv", "since": "2022-01-01"}))[1:]
    assert 0 < len(narrowed) < len(rows)
    html = client.get(f"/speakers/{speaker['id']}").get_data(as_text=True)
    assert f'href="/api/v1/speakers/{speaker["id"]}?format=csv"' in html
    assert error_message(client.get("/api/v1/speakers/999999?format=csv"), 404)


# --- the cap, the formats, the CSV guard ---------------------------------------------------


def test_a_capped_export_says_so_in_the_file(contract_data):
    capped = create_app({"DATA_DIR": str(contract_data), "EXPORT_CAP": 7}).test_client()
    total = capped.get("/api/v1/search?q=budget&mode=keyword").get_json()["total"]
    assert total > 7
    rows = csv_rows(capped.get("/api/v1/search?q=budget&mode=keyword&format=csv"))
    assert len(rows) == 1 + 7 + 1
    assert rows[-1][0].startswith(f"# truncated: the first 7 of {total:,} rows")
    lines = jsonl_rows(capped.get("/api/v1/search?q=budget&mode=keyword&format=jsonl"))
    assert len(lines) == 7 + 1
    assert lines[-1] == {"truncated": True, "total": total, "cap": 7}
    response = capped.get("/api/v1/search?q=budget&mode=keyword&format=csv")
    assert response.headers["X-Total-Count"] == str(total)
    # a set within the cap has no note
    small = jsonl_rows(capped.get("/api/v1/search?q=%22minimum+wage%22&mode=keyword"
                                  "&since=2019-01-01&until=2019-12-31&format=jsonl"))
    assert small and len(small) <= 7 and "truncated" not in small[-1]


@pytest.mark.parametrize("path", ["/api/v1/search?q=vehicle", "/api/v1/quotes?speaker=graves",
                                  "/api/v1/speakers/1"])
def test_unknown_format_is_a_400_naming_the_parameter(client, path):
    message = error_message(client.get(path + "&format=xlsx" if "?" in path
                                       else path + "?format=xlsx"))
    assert message.startswith("format must be one of: csv, jsonl")


def test_json_format_is_the_page(client):
    body = client.get("/api/v1/search?q=vehicle&format=json").get_json()
    assert "hits" in body and "total" in body


def test_csv_cells_cannot_run_as_formulas():
    row = dict.fromkeys(SEARCH_COLUMNS, "")
    row.update({"rank": 1, "title": "=HYPERLINK(\"http://x\")", "quote": "+1 said",
                "speaker": "@someone", "text": "-2", "score": -0.5})
    export = Export(SEARCH_COLUMNS, 1, 10, iter([[tuple(row.values())]]))
    text = "".join(csv_chunks(export))
    out = dict(zip(SEARCH_COLUMNS, list(csv.reader(io.StringIO(text)))[1], strict=True))
    assert out["title"].startswith("'=") and out["quote"] == "'+1 said"
    assert out["speaker"] == "'@someone" and out["text"] == "'-2"
    assert out["score"] == "-0.5"  # a number is no formula


def reference_citation(speaker, role, org, title, source, published) -> str:
    """The citation as it is spelled out: who (speaker, then role or else organisation),
    "quoted in", then the title in quotes, source and date, each part only when given."""
    who = ", ".join(p for p in (speaker, role or org) if p)
    tail = ", ".join(p for p in (source, published) if p)
    where = f"'{title}'" + (f", {tail}" if tail else "")
    return f"{who}, quoted in {where}" if who else where


def test_citations_are_format_citations():
    """The export builds citations from a per-article part (``place``, ``cite``), as
    ``format_citation`` does: the spelled-out text for every mix of missing, empty and given
    values."""
    values = (None, "", "X")
    for speaker, role, org, source, published in itertools.product(values, repeat=5):
        expected = reference_citation(speaker, role, org, "T", source, published)
        where = place("T", source, published)
        assert cite(speaker, role, org, where) == expected
        assert format_citation(speaker, role, org, "T", source, published) == expected
        assert where == reference_citation(None, None, None, "T", source, published)


ISSUED = [
    SourceDoc(origin="issued/1.txt", title="Feingold on the budget", published="2006-10-17",
              source="Senator Feingold", issuer="Senator Feingold", issuer_kind="person",
              body="WASHINGTON - \"The budget fails working families,\" said Senator Russ "
                   "Feingold. \"We must do better on the budget,\" Feingold said."),
    SourceDoc(origin="issued/2.txt", title="Budget sentencing", published="2020-05-05",
              source="Orange County District Attorney",
              issuer="Orange County District Attorney", issuer_kind="org",
              body="SANTA ANA - \"The budget for victims was served,\" said Deputy District "
                   "Attorney Ann Lee."),
    SourceDoc(origin="news/1.txt", title="Budget vote", published="2007-01-02",
              source="Daily News", body="\"The budget passed,\" said council member Jo Park."),
]


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    data = tmp_path_factory.mktemp("issued") / "data"
    assert ingest_documents(ISSUED, data).added == len(ISSUED)
    return data


def test_rows_carry_their_articles_issuer(issued):
    """The issuer column as the API gives an article's issuer (the registry name, else the
    name as stored, none without one), though the export reads it in its rows' SQL."""
    client = create_app({"DATA_DIR": str(issued)}).test_client()
    quotes = jsonl_rows(client.get("/api/v1/quotes", query_string={"format": "jsonl"}))
    hits = jsonl_rows(client.get("/api/v1/search", query_string={
        "q": "budget", "mode": "keyword", "format": "jsonl"}))
    assert len(hits) == len(ISSUED) and len(quotes) >= len(ISSUED)
    for row in quotes + hits:
        article = client.get(f"/api/v1/articles/{row['article_id']}").get_json()
        assert row["issuer"] == (article["issuer"] or {}).get("name")
    assert {r["issuer"] for r in hits} >= {"Orange County District Attorney", None}


# --- the old one-page export URLs -----------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [
    ("/export/search.csv?q=police&mode=keyword&source=KCPD&page=2&limit=5&facets=1",
     "/api/v1/search?q=police&mode=keyword&source=KCPD&format=csv"),
    ("/export/search.json?q=police&since=&speaker=Graves",
     "/api/v1/search?q=police&speaker=Graves&format=jsonl"),
    ("/export/quotes.csv?speaker=Graves&kind=direct&offset=20&mode=keyword",
     "/api/v1/quotes?speaker=Graves&kind=direct&format=csv"),
])
def test_old_page_exports_redirect_to_the_whole_set(client, old, new):
    response = client.get(old)
    assert response.status_code == 302
    assert response.headers["Location"] == new
    whole = client.get(new)
    assert whole.status_code == 200 and whole.headers["X-Total-Count"]
    followed = client.get(old, follow_redirects=True)
    assert followed.get_data() == whole.get_data()
    assert client.get("/export/search.xml?q=police").status_code == 404


def test_pages_link_to_no_one_page_export(client):
    for url in ("/?q=police&mode=keyword", "/speakers", "/compare?topic=vehicle+pursuits"
                "&left_speaker=Becchina&right_speaker=Graves"):
        assert "/export/" not in client.get(url).get_data(as_text=True)


# --- the command line ----------------------------------------------------------------------


def test_cli_search_format_prints_the_whole_set(cli, contract_data):
    total = cli("search", "budget", "--mode", "keyword", "--json",
                data_dir=contract_data).json()["total"]
    out = cli("search", "budget", "--mode", "keyword", "--format", "csv", data_dir=contract_data)
    assert out.status == 0
    rows = list(csv.reader(io.StringIO(out.out)))
    assert tuple(rows[0]) == SEARCH_COLUMNS and len(rows) - 1 == total > 100
    api = create_app({"DATA_DIR": str(contract_data)}).test_client()
    same = csv_rows(api.get("/api/v1/search?q=budget&mode=keyword&format=csv"))
    assert rows == same  # the CLI and the API write the same rows


def test_cli_quotes_format_prints_every_quote(cli, web_data):
    total = cli("quotes", "--contains", "vehicle", "--json", data_dir=web_data).json()["total"]
    lines = cli("quotes", "--contains", "vehicle", "--format", "jsonl",
                data_dir=web_data).json_lines()
    assert len(lines) == total >= 2
    assert all(tuple(r) == QUOTE_COLUMNS for r in lines)
    everything = cli("quotes", "--format", "csv", data_dir=web_data)
    assert len(list(csv.reader(io.StringIO(everything.out)))) - 1 == \
        cli("quotes", "--json", data_dir=web_data).json()["total"]


def test_cli_format_refuses_what_it_cannot_export(cli, web_data, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": 1, "query": "vehicle"}\n', encoding="utf-8")
    batch = cli("search", "--queries", str(queries), "--format", "csv", data_dir=web_data)
    assert batch.status == 2 and "--format" in batch.err and "\n" not in batch.err.strip()
    text = tmp_path / "release.txt"
    text.write_text('"We will act," said Mayor Quinton Lucas.', encoding="utf-8")
    files = cli("quotes", str(text), "--format", "csv", data_dir=web_data)
    assert files.status == 2 and "--format exports stored quotes" in files.err


def test_exports_give_their_reader_back(web_data):
    app = create_app({"DATA_DIR": str(web_data)})
    client = app.test_client()
    for fmt in ("csv", "jsonl", "csv"):
        assert client.get(f"/api/v1/search?q=vehicle&mode=keyword&format={fmt}").status_code \
            == 200
        assert client.get(f"/api/v1/quotes?format={fmt}").status_code == 200
    # a bad value found while the export is built is the usual 400, its reader given back too
    assert "mode" in error_message(client.get("/api/v1/search?q=vehicle&mode=nope&format=csv"))
    assert "since" in error_message(client.get("/api/v1/quotes?since=soon&format=csv"))
    # one request at a time: every export went back to the pool, so one reader served them all
    assert app.extensions["onrecord"].readers() == 1
