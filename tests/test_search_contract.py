"""The search contract, in every mode, over a real index with more matches than any internal
candidate depth: constraints bound the set, hybrid contains keyword, totals equal what paging
returns, facets add up, curly quotes are phrase quotes, and named speakers steer the passage."""

from __future__ import annotations

import pytest
from contract_corpus import phrase_articles

from indexer.export import search_export
from indexer.keyword_index import KeywordIndex, compared_range
from indexer.querymodel import Filters, QueryError, split_query
from indexer.resultset import BACKGROUND_CEILING, neighbour_floor
from indexer.search import SearchService

MODES = ("keyword", "semantic", "hybrid")


@pytest.fixture(scope="module", params=["whoosh", "milvus"])
def service(request):
    """The service over the contract corpus on each keyword engine: the contract holds on both."""
    data = request.getfixturevalue("contract_data" if request.param == "whoosh"
                                   else "contract_data_milvus")
    svc = SearchService.open(data)
    yield svc
    svc.close()


def every_hit(service, query, mode, filters=None, limit=7, sort="relevance"):
    """Page through a query to the end: (total reported on each page, hits)."""
    hits, totals, offset = [], set(), 0
    while True:
        result = service.search(query, mode=mode, limit=limit, offset=offset,
                                filters=filters or Filters(), sort=sort)
        totals.add(result.total)
        hits.extend(result.hits)
        if len(result.hits) < limit:
            return totals, hits
        offset += limit


@pytest.mark.parametrize("mode", MODES)
def test_a_phrase_bounds_the_set_in_every_mode(service, mode):
    totals, hits = every_hit(service, '"minimum wage"', mode)
    assert totals == {phrase_articles()}
    assert len(hits) == phrase_articles()
    assert all("minimum wage" in h.text for h in hits)


@pytest.mark.parametrize("mode", MODES)
def test_curly_quotes_are_phrase_quotes(service, mode):
    straight = service.search('"minimum wage" crews', mode=mode, limit=50)
    curly = service.search("“minimum wage” crews", mode=mode, limit=50)
    assert curly.total == straight.total == phrase_articles()
    assert [h.passage_id for h in curly.hits] == [h.passage_id for h in straight.hits]


@pytest.mark.parametrize("mode", MODES)
def test_and_and_not_bound_the_set_in_every_mode(service, mode):
    _, both = every_hit(service, "minimum AND wage", mode)
    assert both and all("minimum" in h.text and "wage" in h.text for h in both)
    _, without = every_hit(service, 'minimum AND wage NOT "minimum wage"', mode)
    assert without and all("minimum wage" not in h.text for h in without)
    assert len(without) + phrase_articles() == len(both)


@pytest.mark.parametrize("mode", MODES)
def test_total_is_what_paging_returns_without_repeats(service, mode):
    for query in ("budget", "council budget for bridge repairs", "snow"):
        totals, hits = every_hit(service, query, mode)
        ids = [h.article_id for h in hits]
        assert len(totals) == 1 and totals == {len(ids)}
        assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("mode", MODES)
def test_a_date_sort_orders_the_same_set_by_date_across_pages(service, mode):
    """newest / oldest first: the same articles as by relevance, each once, dates in order
    across page boundaries (and in the whole-set export), the undated last, total unchanged."""
    _, ranked = every_hit(service, "budget", mode)
    for sort, step in (("newest", -1), ("oldest", 1)):
        totals, hits = every_hit(service, "budget", mode, sort=sort)
        assert totals == {len(ranked)} and len({h.article_id for h in hits}) == len(hits)
        assert {h.article_id for h in hits} == {h.article_id for h in ranked}
        dates = [h.published for h in hits if h.published]
        assert dates == sorted(dates, reverse=step < 0) and len(set(dates)) > 10
        assert all(h.published for h in hits[:len(dates)])  # the undated come last
        export = search_export(service, "budget", mode, sort=sort)
        rows = [row for batch in export.batches for row in batch]
        assert [r[1] for r in rows] == [h.article_id for h in hits]
    with pytest.raises(QueryError, match="unknown sort 'date'"):
        service.search("budget", mode=mode, sort="date")


def test_hybrid_contains_every_keyword_match_beyond_the_candidate_depth(service):
    _, keyword = every_hit(service, "budget", "keyword", limit=50)
    _, hybrid = every_hit(service, "budget", "hybrid", limit=50)
    assert len(keyword) > 100
    assert {h.article_id for h in keyword} <= {h.article_id for h in hybrid}
    _, semantic = every_hit(service, "budget", "semantic", limit=50)
    assert {h.article_id for h in semantic} <= {h.article_id for h in hybrid}


def test_semantic_plain_words_return_every_neighbour_above_the_floor(service):
    found = service.result_set("money for repairing bridges", "semantic")
    _, hits = every_hit(service, "money for repairing bridges", "semantic", limit=50)
    assert found.total == len(hits) > 0
    assert all(h.score >= service.semantic_floor for h in hits)


def test_semantic_neighbours_stand_out_from_the_background(service):
    """Every passage at or above the query's neighbour floor is in the set and none below it;
    in this archive of council budget articles everything sits near "school funding", so the
    floor rises above the plain one and the set is a part of what the plain floor admits."""
    query = "school funding"
    state, cosines = service.vectors.scores(service.embedder.encode_query(query))
    floor = neighbour_floor(cosines, service.semantic_floor)
    assert service.semantic_floor < floor <= BACKGROUND_CEILING
    expected = {pid.rsplit(":", 1)[0] for pid, c in zip(state.ids, cosines, strict=True)
                if c >= floor}
    found = set(service.result_set(query, "semantic").article_ids())
    assert found == expected and found
    assert found < set(service.result_set(query, "semantic", background=False).article_ids())
    # hybrid still holds every keyword match
    keyword = set(service.result_set(query, "keyword").article_ids())
    assert keyword | found == set(service.result_set(query, "hybrid").article_ids())


@pytest.mark.parametrize("mode", MODES)
def test_year_facet_adds_up_to_total(service, mode):
    from indexer.facets import facet_counts

    for query in ("budget", '"minimum wage"', "stadium lease"):
        result = service.search(query, mode=mode)
        facets = facet_counts(service, query, Filters(), mode=mode)
        assert sum(f["count"] for f in facets["years"]) == result.total
        assert sum(f["count"] for f in facets["sources"]) + facets["others"]["sources"] \
            == result.total
        narrowed = facet_counts(service, query, Filters(since="2020-01-01", until="2020-12-31"),
                                mode=mode)
        assert narrowed["years"] == facets["years"]  # a facet ignores its own filter


def test_paging_cap_keeps_total_and_says_so(service):
    import indexer.search as search

    cap, search.PAGING_CAP = search.PAGING_CAP, 20
    try:
        result = service.search("budget", mode="keyword", limit=10, offset=15)
    finally:
        search.PAGING_CAP = cap
    assert result.total >= 100 and len(result.hits) == 5
    assert result.notices and "20" in result.notices[0]


def test_query_model_splits_constraints_from_ranking_words():
    model = split_query('“minimum wage” crews date:[2020-01-01 to 2020-12-31] NOT stadium')
    assert model.constraints == ('"minimum wage"',)
    assert model.filter_parts == ("date:[2020-01-01 to 2020-12-31]",)
    assert model.exclusions == ("stadium",)
    assert model.terms == ("crews",)
    assert split_query("(source:AP OR speaker:Lopez) snow").filter_parts == \
        ("(source:AP OR speaker:Lopez)",)
    assert split_query("source:AP OR snow").constraints == ("source:AP OR snow",)
    assert split_query("title:snow").constraints == ("title:snow",)
    assert split_query("iraq OR iran").terms == ("iraq OR iran",)
    assert split_query("stand* police").constraints == ("stand*",)
    assert not split_query("who voted against the bill?").constrained


@pytest.mark.parametrize("mode", MODES)
def test_a_field_in_the_query_filters_as_the_option_does(service, mode):
    """``snow source:Gazette`` is ``snow --source Gazette``: the plain word still chooses what
    matches, inside the source, in every mode."""
    cases = [("source:Gazette", Filters(source="Gazette")),
             # ISO dates are days, not years ('2020-03-01' was read as 2020)
             ("date:[2020-03-01 to 2021-06-30]", Filters(since="2020-03-01", until="2021-06-30")),
             ('speaker:"Maria Lopez"', Filters(speaker="Maria Lopez"))]
    for field, filters in cases:
        for words in ("snow", "council budget for bridge repairs", '"minimum wage" crews',
                      "Who said the budget was cut?"):
            totals, by_field = every_hit(service, f"{words} {field}", mode, limit=50)
            _, by_option = every_hit(service, words, mode, filters, limit=50)
            assert [h.article_id for h in by_field] == [h.article_id for h in by_option]
            assert totals == {len(by_field)}
    _, snow = every_hit(service, "snow source:Gazette", mode, limit=50)
    _, gazette = every_hit(service, "source:Gazette", mode, limit=50)
    assert snow and all(h.source == "Gazette" for h in snow)
    assert len(snow) < len(gazette)
    if mode == "keyword":
        assert all("snow" in (h.title + h.text).lower() for h in snow)


@pytest.mark.parametrize("mode", MODES)
def test_filters_that_leave_nothing_say_what_the_query_alone_matches(service, mode):
    result = service.search('"minimum wage" speaker:"Maria Lopez"', mode=mode)
    alone = service.search('"minimum wage"', mode=mode)
    assert result.total == 0 and result.notices == [
        f"Nothing matched within the filters; without them, {alone.total} articles match "
        "the query."]
    flagged = service.search('"minimum wage"', mode=mode, filters=Filters(speaker="Maria Lopez"))
    assert flagged.total == 0 and flagged.notices == result.notices


def test_a_question_searches_by_its_topic_not_its_own_form(service):
    """"Who said …" matches by keyword what its topic matches, not every passage holding "who"
    or "said"; "How did X respond to Y" searches X and Y."""
    question = service.search("Who said the stadium lease is a good deal?", mode="keyword")
    topic = service.search("the stadium lease is a good deal", mode="keyword")
    assert question.total == topic.total < service.search("who said", mode="keyword").total
    how = service.search("How did Becker respond to the stadium lease?", mode="keyword")
    assert how.total == service.search("Becker stadium lease", mode="keyword").total
    assert service.search("Who said it?", mode="keyword").total > 0  # no topic: as asked
    for mode in MODES:
        hits = service.search("Who said the stadium lease is a good deal?", mode=mode).hits
        assert hits and not any("<mark>who</mark>" in h.highlight.lower() for h in hits)


@pytest.mark.parametrize("mode", MODES)
def test_a_named_speaker_chooses_the_passage_quoting_them(service, mode):
    query = "What did Maria Lopez say about the stadium?"
    result = service.search(query, mode=mode, limit=3)
    hit = next(h for h in result.hits if h.title.startswith("Council hears"))
    assert "flood barrier" in hit.text
    assert any(q["match"] and q["speaker"] == "Maria Lopez" for q in hit.quotes)
    other = service.search("What did Tom Becker say about the stadium?", mode=mode, limit=3)
    hit = next(h for h in other.hits if h.title.startswith("Council hears"))
    assert "stadium lease is a good deal" in hit.text


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("query", ["Who objected to the ferry timetable cuts?",
                                   "What did Ines Varga say about the ferry timetable cuts?"])
def test_a_question_shows_the_quote_that_answers_it_not_the_lead(service, mode, query):
    result = service.search(query, mode=mode, limit=3)
    hit = next(h for h in result.hits if h.title.startswith("Ferry company"))
    assert "stranded for days" in hit.text
    assert any(q["speaker"] == "Ines Varga" for q in hit.quotes)


@pytest.mark.parametrize("mode", MODES)
def test_a_plain_query_keeps_the_passage_that_matches_best(service, mode):
    hit = service.search("ferry timetable cuts objections", mode=mode, limit=3).hits[0]
    assert hit.title.startswith("Ferry company") and "stranded" not in hit.text


def test_an_unknown_name_keeps_its_words(service):
    assert service.named_speakers(split_query("What did Zelda Quimby say?")) == []
    found = service.search("Quimby stadium", mode="keyword")
    assert found.total == service.search("stadium", mode="keyword").total


def test_keyword_feedback_reorders_only_what_the_query_matched(service):
    if not isinstance(service.keyword, KeywordIndex):
        pytest.skip("no pseudo-relevance feedback on Milvus (docs/SCALING.md)")
    with_feedback = every_hit(service, "council budget for bridge repairs", "keyword", limit=50)
    service.feedback = False
    try:
        without = every_hit(service, "council budget for bridge repairs", "keyword", limit=50)
    finally:
        service.feedback = True
    assert with_feedback[0] == without[0]
    assert {h.article_id for h in with_feedback[1]} == {h.article_id for h in without[1]}
    assert [h.article_id for h in with_feedback[1]] != [h.article_id for h in without[1]]


@pytest.mark.parametrize(("value", "written"), [
    (">2025", "[2026 to]"), (">=2025", "[2025 to]"), ("<2016", "[to 2015]"), ("<=2016", "[to 2016]"),
    (">202512", "[202601 to]"), ("<202501", "[to 202412]"), (">20241231", "[20250101 to]"),
    ("<20240301", "[to 20240229]"), (">20211345", ">20211345"), ("[2020 to 2021]", "[2020 to 2021]"),
])
def test_a_date_comparison_is_the_range_it_means(value, written):
    assert compared_range(value) == written


@pytest.fixture(scope="module")
def namesakes(tmp_path_factory):
    """Sixty councillors with names like 'Ines Varga' ('Inez Vargo', 'Irena Vardy'), and two
    articles naming her: one about her, one that names her once in a long paragraph."""
    from indexer.ingest import ingest_documents
    from indexer.records import SourceDoc

    first = ["Inez", "Ina", "Irena", "Ilse", "Ivana", "Isela", "Inga", "Irma"]
    last = ["Vargova", "Vardy", "Vargo", "Varela", "Vargha", "Vasko", "Vrana", "Vanga"]
    topics = ["the harbour dredging", "the bus depot", "the river walls", "the school roof"]
    docs = [SourceDoc(
        origin=f"councillor-{i}.txt", key=f"councillor-{i}", published="2022-01-01",
        title=f"{first[i % 8]} {last[i // 8 % 8]} on {topics[i % 4]}",
        body=(f"Councillor {first[i % 8]} {last[i // 8 % 8]} spoke about {topics[i % 4]} on "
              f"Tuesday and said the plan needed more money.\n\nResidents asked about "
              f"{topics[i % 4]} and its costs.")) for i in range(60)]
    docs.append(SourceDoc(
        origin="harbour-master.txt", key="harbour-master", published="2022-02-01",
        title="Ines Varga named harbour master",
        body="Ines Varga was named harbour master on Monday. Varga said the harbour would "
             "reopen in May.\n\nThe harbour board voted five to two."))
    docs.append(SourceDoc(
        origin="ferry-board.txt", key="ferry-board", published="2022-03-01",
        title="Ferry board meets on winter timetable",
        body="The ferry board met on Thursday to set the winter timetable for the island "
             "crossing, after the company said fuel costs and a shortage of deck crew forced "
             "cuts to sailings. The board heard from drivers, residents and the company, and it "
             "will vote on the timetable at its next meeting in three weeks, when the company is "
             "to bring revised costs and crew numbers. Among those at the meeting was Ines "
             "Varga, who did not speak."))
    data = tmp_path_factory.mktemp("namesakes") / "data"
    ingest_documents(docs, data)
    svc = SearchService.open(data)
    yield svc
    svc.close()


def test_a_rare_name_matched_by_keyword_ranks_above_neighbours_in_meaning(namesakes):
    """Hybrid fuses two top-100 lists: a leg with two matches is standardised as the list it is
    (its matches, then passages it scores 0), so a name in two articles outranks sixty
    namesakes MiniLM finds near it, the weaker mention included."""
    keyword = namesakes.search("Ines Varga", mode="keyword")
    hybrid = namesakes.search("Ines Varga", mode="hybrid")
    assert keyword.total == 2 and hybrid.total > 2
    assert [h.title for h in hybrid.hits[:2]] == [h.title for h in keyword.hits] == [
        "Ines Varga named harbour master", "Ferry board meets on winter timetable"]
