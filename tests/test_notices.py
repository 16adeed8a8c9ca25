"""Notices instead of silence: a filter value that matched nothing names itself and the nearest
known values, sources and issuers match by word or part of a word (the same set in every mode),
reversed and empty date ranges are said, unreadable query syntax is left out and said, an ask
without an attributed answer shows passages under a notice, and the API refuses unknown
parameters by name. Real stores, Whoosh indexes and the embedding model."""

from __future__ import annotations

import re

import pytest
from test_issuers import DOCS
from whoosh import index

from indexer.ingest import ingest_documents
from indexer.keyword_index import INDEX_NAME, filter_query, make_schema, passage_document
from indexer.notices import Notes, name_matches, nearest, query_notes
from indexer.querymodel import Filters, readable_query
from indexer.records import SourceDoc
from indexer.search import SearchService
from webapp.app import create_app
from webapp.openapi import paths
from webapp.params import KNOWN_PARAMS

MODES = ("keyword", "semantic", "hybrid")
EVERYTHING = "date:[1990-01-01 to 2030-12-31]"  # a constraint: the same set in every mode


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """A service over Senate releases issued by Feingold and Snowe, news and a DA's release."""
    data = tmp_path_factory.mktemp("notices-issued") / "data"
    assert ingest_documents(DOCS, data).added == len(DOCS)
    svc = SearchService.open(data)
    yield svc
    svc.close()


def search(client, **args) -> dict:
    response = client.get("/api/v1/search", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def article_ids(svc: SearchService, mode: str, **filters) -> set[str]:
    found = svc.search(EVERYTHING, mode=mode, limit=100, filters=Filters(**filters))
    assert found.total == len(found.hits)
    return {h.article_id for h in found.hits}


# --- suggestions ------------------------------------------------------------------------------


def test_nearest_allows_typos_in_a_whole_name_or_a_surname():
    names = {"Russ Feingold": "Russ Feingold", "Senator Feingold": "Russ Feingold",
             "Olympia J. Snowe": "Olympia J. Snowe", "Harry Reid": "Harry Reid"}
    assert nearest("Fiengold", names) == ["Russ Feingold"]
    assert nearest("Olimpia Snow", names) == ["Olympia J. Snowe"]
    assert nearest("Nobody Atall", names) == []
    assert name_matches("Reid", "Senator Reid") and name_matches("sen reid", "Senator Reid")
    assert not name_matches("Reid", "Senator Snowe")


def test_a_title_alone_makes_no_name_near():
    names = {"Senator Allen's legislation": "Senator Allen's legislation",
             "Sen. Coleman statement": "Sen. Coleman statement", "Tom Becker": "Tom Becker"}
    assert nearest("Senator Grassley", names) == []
    assert nearest("Mayor Bekker", names) == ["Tom Becker"]
    # of names as near, the one whose surname it is first
    names = {"Bingaman's bipartisan Graduation Promise Act": "Bingaman's bipartisan Graduation "
             "Promise Act", "Jeff Bingaman": "Jeff Bingaman", "Sen. Bingaman": "Jeff Bingaman"}
    assert nearest("Senator Bingamen", names)[0] == "Jeff Bingaman"


@pytest.mark.parametrize("mode", MODES)
def test_a_misspelt_speaker_is_named_with_the_nearest_name(issued, mode):
    found = issued.search("base closing", mode=mode, filters=Filters(speaker="Fiengold"))
    assert found.total == 0
    assert any("'Fiengold'" in n and "Russ Feingold" in n for n in found.notices), found.notices
    assert found.suggestions == {"speaker": ["Russ Feingold"]}


def test_an_unknown_speaker_is_named_without_a_guess(client):
    body = search(client, q="police", speaker="Nobody Atall")
    assert body["total"] == 0 and body["suggestions"] == {}
    assert body["notices"] == ["No speaker named 'Nobody Atall' in the archive, so nothing "
                               "matched."]
    typo = search(client, q="police", speaker="Becchnia")
    assert typo["suggestions"] == {"speaker": ["Jacob Becchina"]}
    assert "Did you mean Jacob Becchina?" in typo["notices"][0]


# --- sources and issuers by word or part of a word -----------------------------------------


def test_a_partial_source_finds_its_articles_in_every_mode_and_names_them(issued):
    whole = {m: article_ids(issued, m, source="Senator Feingold") for m in MODES}
    assert len(whole["keyword"]) == 1 and whole["keyword"] == whole["semantic"] == whole["hybrid"]
    for value in ("Feingold", "feing", "SENATOR feingold"):
        for mode in MODES:
            assert article_ids(issued, mode, source=value) == whole["keyword"], (value, mode)
        notices = issued.search(EVERYTHING, mode="keyword", filters=Filters(source=value)).notices
        exact = value.lower() == "senator feingold"  # the whole value, case aside: nothing to say
        assert notices == ([] if exact else [f"source {value!r} matched: Senator Feingold."])
    senators = article_ids(issued, "hybrid", source="senator")
    assert len(senators) == 2
    assert issued.search(EVERYTHING, filters=Filters(source="Senator Feingold")).notices == []


def test_a_partial_issuer_matches_by_word_or_part_and_a_typo_gets_a_suggestion(issued):
    feingold = article_ids(issued, "keyword", issuer="Russ Feingold")
    assert len(feingold) == 1
    for mode in MODES:
        assert article_ids(issued, mode, issuer="feing") == feingold
    assert issued.search(EVERYTHING, filters=Filters(issuer="feing")).notices == [
        "issuer 'feing' matched: Russ Feingold."]
    offices = issued.search(EVERYTHING, filters=Filters(issuer="Attorney"))
    assert offices.total == 1 and "Orange County District Attorney" in offices.notices[0]
    typo = issued.search(EVERYTHING, filters=Filters(issuer="Feingld"))
    assert typo.total == 0 and typo.suggestions == {"issuer": ["Russ Feingold"]}


def test_known_values_are_read_again_after_an_ingest_commits_and_an_exact_source_wins(
        tmp_path):
    def release(n: int, source: str) -> SourceDoc:
        return SourceDoc(origin=f"g/{n}.txt", body=f"The county fair opens on day {n}.",
                         title=f"Fair {n}", published="2020-01-0" + str(n), source=source)

    data = tmp_path / "data"
    ingest_documents([release(1, "Alpha Gazette")], data, quotes=False, semantic=False)
    svc = SearchService.open(data, semantic=False)
    try:
        first = svc.search("fair", mode="keyword", filters=Filters(source="gazette"))
        assert first.notices == ["source 'gazette' matched: Alpha Gazette."]
        ingest_documents([release(2, "Beta Gazette")], data, quotes=False, semantic=False)
        again = svc.search("fair", mode="keyword", filters=Filters(source="gazette"))
        assert again.total == 2
        assert again.notices == ["source 'gazette' matched: Alpha Gazette, Beta Gazette."]
        # a value that is exactly a known source finds that source only (a facet's link)
        ingest_documents([release(3, "GAZETTE")], data, quotes=False, semantic=False)
        exact = svc.search("fair", mode="keyword", filters=Filters(source="gazette"))
        assert exact.total == 1 and exact.hits[0].source == "GAZETTE" and exact.notices == []
        part = svc.search("fair", mode="keyword", filters=Filters(source="gazett"))
        assert part.total == 3 and part.notices == [
            "source 'gazett' matched: Alpha Gazette, Beta Gazette, GAZETTE."]
    finally:
        svc.close()


def test_an_index_from_before_the_issuer_field_matches_no_issuer(tmp_path):
    schema = make_schema()
    schema.remove("issuer")
    ix = index.create_in(str(tmp_path), schema, indexname=INDEX_NAME)
    writer = ix.writer()
    doc = passage_document("a:0", "a", "Budget vote.", "Vote", "Kansas City Star", "2021-01-02",
                           issuer=(None, "Russ Feingold"))
    writer.add_document(**{k: v for k, v in doc.items() if k in schema.names()})
    writer.commit()
    with ix.searcher() as s:
        assert list(filter_query(Filters(source="star"), s.reader()).docs(s)) == [0]
        assert list(filter_query(Filters(issuer="feing"), s.reader()).docs(s)) == []


def test_the_api_source_filter_matches_a_token_and_says_what_it_matched(client):
    star = search(client, q="police", mode="keyword", source="star")
    exact = search(client, q="police", mode="keyword", source="Kansas City Star")
    assert star["total"] == exact["total"] >= 2
    assert {h["source"] for h in star["hits"]} == {"Kansas City Star"}
    assert star["notices"] == ["source 'star' matched: Kansas City Star."]
    assert exact["notices"] == []
    nothing = search(client, q="police", source="kcdp")
    assert nothing["total"] == 0 and nothing["suggestions"] == {"source": ["KCPD"]}


# --- dates ---------------------------------------------------------------------------------------


def test_a_reversed_date_range_is_searched_the_right_way_round_and_said(client):
    reversed_ = search(client, q="police", since="2023-01-01", until="2021-06-01")
    ordered = search(client, q="police", since="2021-06-01", until="2023-01-01")
    assert reversed_["total"] == ordered["total"] > 0
    assert [h["article_id"] for h in reversed_["hits"]] == [h["article_id"] for h in ordered["hits"]]
    assert any("reversed" in n and "2021-06-01 to 2023-01-01" in n for n in reversed_["notices"])
    assert ordered["notices"] == []


def test_an_empty_date_range_says_what_the_archive_holds(client):
    body = search(client, q="police", since="2030-01-01", until="2030-12-31")
    assert body["total"] == 0
    assert body["notices"] and body["notices"][0].startswith(
        "No articles are dated between 2030-01-01 and 2030-12-31 (the archive runs from")


# --- query syntax ---------------------------------------------------------------------------------


def test_readable_query_leaves_out_what_it_cannot_read():
    assert readable_query('"moving vehicles" AND (police OR chief)') == (
        '"moving vehicles" AND (police OR chief)', [])
    assert readable_query("date:<2021 police")[1] == []
    text, notices = readable_query("Iraq (war")
    assert text.split() == ["Iraq", "war"] and notices == [
        "The query has an unmatched `(`: it was ignored and the rest searched."]
    assert readable_query("police < cars")[1][0].startswith("The query has an unmatched `<`")
    assert readable_query("<b>bold</b> Iraq")[0].split() == ["bold", "Iraq"]


@pytest.mark.parametrize("query,mark", [("police (vehicle", "("), ("police vehicle)", ")"),
                                        ("police < vehicle", "<"), ('"police vehicle', '"')])
def test_unmatched_syntax_is_a_notice_and_the_words_are_searched(client, query, mark):
    for mode in MODES:
        body = search(client, q=query, mode=mode)
        words = search(client, q="police vehicle", mode=mode)
        assert body["total"] == words["total"] > 0
        assert f"The query has an unmatched `{mark}`" in body["notices"][0]


def test_markup_is_searched_as_words_never_an_internal_error(client):
    body = search(client, q="<b>bold</b> curfew", mode="keyword")
    assert body["total"] == search(client, q="bold curfew", mode="keyword")["total"] > 0
    assert body["notices"] == ["The query has HTML tags: they were left out and the words "
                               "searched.", "No passage contains 'bold': the results match "
                               "the rest of the query."]
    script = client.get("/api/v1/search", query_string={"q": "<script>alert(1)</script>"})
    assert script.status_code == 200
    assert "cannot parse" not in script.get_data(as_text=True)
    assert "list index" not in script.get_data(as_text=True)


# --- the query's own words ----------------------------------------------------------------------


def test_a_word_no_passage_holds_is_said_in_every_mode(issued):
    keyword = issued.search("zqxjvw", mode="keyword")
    assert keyword.total == 0 and keyword.notices == ["No passage contains 'zqxjvw'."]
    for mode in ("semantic", "hybrid"):
        found = issued.search("zqxjvw", mode=mode)
        meaning = "No passage contains 'zqxjvw': the results are close in meaning only."
        assert found.notices == ([meaning] if found.total else ["No passage contains 'zqxjvw'."])
    mixed = issued.search("zqxjvw base closing", mode="keyword")
    assert mixed.total == issued.search("base closing", mode="keyword").total > 0
    assert mixed.notices == ["No passage contains 'zqxjvw': the results match the rest of the "
                             "query."]
    assert issued.search("base closing", mode="hybrid").notices == []


@pytest.mark.parametrize("mode", MODES)
def test_a_misspelt_name_in_the_query_suggests_the_query_respelled(issued, mode):
    found = issued.search("Fiengold inspector general", mode=mode)
    assert found.notices == ["No passage contains 'Fiengold': the results match the rest of the "
                             "query. Did you mean Russ Feingold?"]
    assert found.suggestions == {"q": ["Feingold inspector general"]}
    respelled = issued.search(found.suggestions["q"][0], mode=mode)
    assert respelled.notices == [] and respelled.hits[0].title == "SEN. FEINGOLD OPPOSES TERMINATION"


def test_a_query_of_common_words_only_says_so(issued):
    keyword = issued.search("the of", mode="keyword")
    assert keyword.total == 0 and keyword.notices == [
        "Keyword search leaves out common words such as 'the' or 'of': add a less common word."]
    assert issued.search("the base closing", mode="keyword").notices == []


@pytest.mark.parametrize("mode", MODES)
def test_an_unknown_speaker_or_source_named_in_the_query_is_said(issued, mode):
    found = issued.search("speaker:Fiengold inspector", mode=mode)
    assert found.total == 0 and found.notices == [
        "No speaker named 'Fiengold' in the archive, so nothing matched. Did you mean Russ "
        "Feingold?"]
    assert found.suggestions == {"q": ['speaker:"Russ Feingold" inspector']}
    assert issued.search(found.suggestions["q"][0], mode=mode).total == 1
    source = issued.search('source:"Daily Nws" ruling', mode=mode)
    assert source.total == 0 and source.notices[0].startswith("No source named 'Daily Nws'")
    assert issued.search('source:"Daily News" ruling', mode=mode).notices == []


def test_query_notes_without_word_counts_claim_only_what_matches_show():
    """An engine without term statistics (Milvus): with no keyword match every word is said;
    semantic mode, which reads no keyword match, says nothing."""
    def known(kind):
        return {"Russ Feingold": "Russ Feingold"} if kind == "speakers" else []
    none = query_notes("Fiengold zqx", ["Fiengold", "zqx"], [], False, {}, False, 3, True, known)
    assert none.messages == ["No passage contains 'Fiengold' or 'zqx': the results are close "
                             "in meaning only. Did you mean Russ Feingold?"]
    assert none.suggestions == {"q": ["Feingold zqx"]}
    assert query_notes("Iraq war", ["Iraq", "war"], [], False, {}, True, 3, True, known) == Notes()


def test_the_page_links_the_respelled_query(tmp_path):
    data = tmp_path / "data"
    ingest_documents(DOCS, data)
    page = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client().get(
        "/", query_string={"q": "Fiengold inspector"}).get_data(as_text=True)
    assert "No passage contains &#39;Fiengold&#39;" in page
    assert re.search(r'Try the query\s*<a class="suggestion" href="[^"]*q=Feingold\+inspector',
                     page), page


# --- ask and compare ---------------------------------------------------------------------------


def test_ask_without_an_attributed_answer_shows_passages_under_the_notice(client):
    question = "What time does the curfew begin on weekends?"  # said only in narration
    body = client.get("/api/v1/ask", query_string={"q": question}).get_json()
    assert body["notices"] and body["notices"][0].startswith("No attributed answer")
    assert body["answers"] and all(a["passage"] for a in body["answers"])
    html = client.get("/", query_string={"q": question}).get_data(as_text=True)
    assert "No attributed answer" in html and "Closest passage" in html
    assert body["answers"][0]["speaker"] is None and body["answers"][0]["answer"] in html
    nothing = client.get("/api/v1/ask", query_string={
        "q": "What is the orbital period of the moons of Neptune?"}).get_json()
    assert nothing["answers"] == [] and "no passage" in nothing["notices"][0]


def test_ask_names_an_unknown_speaker_filter(client):
    body = client.get("/api/v1/ask", query_string={"q": "What about vehicle pursuits?",
                                                   "speaker": "Becchnia"}).get_json()
    assert any("'Becchnia'" in n and "Jacob Becchina" in n for n in body["notices"])


def test_compare_names_an_unknown_side_with_a_suggestion(client):
    response = client.get("/api/v1/compare", query_string={
        "topic": "vehicle pursuits", "left_speaker": "Becchnia", "right_speaker": "Graves"})
    assert response.status_code == 200, response.get_data(as_text=True)
    notices = response.get_json()["notices"]
    assert "No speaker named 'Becchnia' in the archive, so that side has no statements. Did " \
           "you mean Jacob Becchina?" in notices
    assert not any("same" in n for n in notices)


# --- API parameters ----------------------------------------------------------------------------


def test_every_api_route_refuses_an_unknown_parameter_by_name(client):
    rules = [r for r in client.application.url_map.iter_rules() if r.rule.startswith("/api/")]
    assert {r.endpoint for r in rules} <= set(KNOWN_PARAMS)
    for rule in rules:
        if "GET" not in rule.methods:
            continue
        url = re.sub(r"<(?:\w+:)?(\w+)>", "1", rule.rule)
        response = client.get(url, query_string={"colour": "red"})
        assert response.status_code == 400, (rule.rule, response.get_data(as_text=True))
        message = response.get_json()["error"]["message"]
        assert message.startswith("unknown parameter 'colour' (known: "), message


def test_every_documented_parameter_is_known():
    endpoints = {"/api/v1/search": "api.search", "/api/v1/ask": "api.ask",
                 "/api/v1/quotes": "api.quotes", "/api/v1/speakers": "api.speakers",
                 "/api/v1/speakers/{speaker_id}": "api.speaker",
                 "/api/v1/similar/{passage_id}": "api.similar", "/api/v1/compare": "api.compare_sides",
                 "/api/v1/stats": "api.stats"}
    for path, endpoint in endpoints.items():
        documented = {p["name"] for p in paths()[path]["get"]["parameters"] if p["in"] == "query"}
        assert documented <= set(KNOWN_PARAMS[endpoint]), (path, documented)


def test_contains_is_an_alias_of_text_for_quotes(client):
    def quotes(**args):
        response = client.get("/api/v1/quotes", query_string={"speaker": "Becchina", **args})
        assert response.status_code == 200
        return response.get_json()

    by_text, by_contains = quotes(text="vehicles"), quotes(contains="vehicles")
    assert by_text["total"] >= 1 and by_contains == by_text
    assert quotes(contains="vehicles")["total"] < quotes()["total"]


def test_the_quote_search_says_what_its_filters_did(client):
    def quotes(**args):
        response = client.get("/api/v1/quotes", query_string=args)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    unknown = quotes(speaker="Becchnia")
    assert unknown["total"] == 0 and "Did you mean Jacob Becchina?" in unknown["notices"][0]
    ordered = quotes(speaker="Becchina", since="2021-06-01", until="2022-12-31")
    reversed_ = quotes(speaker="Becchina", since="2022-12-31", until="2021-06-01")
    assert reversed_["total"] == ordered["total"] > 0 and ordered["notices"] == []
    assert reversed_["quotes"] == ordered["quotes"]
    assert "reversed" in reversed_["notices"][0]
    unread = quotes(speaker="Becchina", q="(vehicles")
    assert unread["total"] == quotes(speaker="Becchina", q="vehicles")["total"] > 0
    assert unread["notices"] == ["The query has an unmatched `(`: it was ignored and the rest "
                                 "searched."]
    star = quotes(source="star")
    assert star["total"] > 0 and {q["source"] for q in star["quotes"]} == {"Kansas City Star"}
    assert star["notices"] == ["source 'star' matched: Kansas City Star."]


def test_quotes_match_sources_and_issuers_alike_with_or_without_words(issued):
    client = create_app({"DATA_DIR": str(issued.store.path.parent)}).test_client()

    def quote_ids(**args) -> set[int]:
        response = client.get("/api/v1/quotes", query_string={"limit": 100, **args})
        assert response.status_code == 200, response.get_data(as_text=True)
        return {q["id"] for q in response.get_json()["quotes"]}

    whole = quote_ids(source="Senator Feingold")
    assert whole and quote_ids(source="feing") == quote_ids(issuer="feingold russ") == whole
    assert quote_ids(issuer="Russ Feingold") == whole
    every = quote_ids()
    assert quote_ids(source="senator") == whole | quote_ids(source="Senator Snowe") < every
    # with words, the quote index answers: the same rule
    words = quote_ids(q="troubled inspector oversight", source="Senator Feingold")
    assert words and quote_ids(q="troubled inspector oversight", source="feing") == words
    assert quote_ids(q="troubled inspector oversight", issuer="feing") == words


def test_the_search_page_links_the_suggested_speaker(client):
    html = client.get("/", query_string={"q": "police", "speaker": "Becchnia"}).get_data(
        as_text=True)
    assert "No speaker named" in html and "Becchnia" in html
    assert re.search(r'<a class="suggestion" href="[^"]*speaker=Jacob\+Becchina[^"]*">'
                     r'Jacob Becchina</a>', html)
