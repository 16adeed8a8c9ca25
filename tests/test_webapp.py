"""The pages through Flask's test client: content, links, exports, and escaping of everything
that comes from documents and queries."""

from __future__ import annotations

import re

import pytest
from web_fixtures import XSS

from indexer.timeline import month_range
from webapp.app import create_app
from webapp.render import attribution, marked_segments, pages, timeline_chart


def page(client, url: str, status: int = 200, **query) -> str:
    response = client.get(url, query_string=query)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def assert_no_inline_script(html: str) -> None:
    """Every <script> element loads a file (the CSP forbids inline script anyway)."""
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/static/' in tag, tag
    assert not re.search(r"\son\w+=", html), "inline event handler"


def ids_of(client, query: str) -> list[str]:
    return [h["article_id"] for h in client.get(
        "/api/v1/search", query_string={"q": query, "mode": "keyword"}).get_json()["hits"]]


def test_search_page_without_a_query_shows_the_form(client):
    html = page(client, "/")
    assert 'name="q"' in html and "Query syntax" in html and 'value="hybrid"' in html
    assert '<label for="q"' in html
    assert_no_inline_script(html)


def test_search_page_shows_cards_with_highlights_quotes_and_facets(client):
    html = page(client, "/", q="moving vehicles", mode="keyword")
    assert "<mark>" in html
    assert re.search(r"— <a href=\"/speakers/\d+\">Jacob Becchina</a>, police spokesman", html)
    assert "Officer fires at moving vehicle near Interstate 435" in html
    assert 'class="facets"' in html and "KCPD" in html
    assert "/api/v1/search?q=" in html and "format=csv" in html and "permalink" in html
    assert_no_inline_script(html)


def test_search_page_filters_by_speaker_and_paginates(client):
    html = page(client, "/", q="police", mode="keyword", speaker="Stacey Graves", limit="1")
    assert "Graves" in html and "Curfew" not in html
    assert 'rel="next"' in html and "page=2" in html
    second = page(client, "/", q="police", mode="keyword", speaker="Stacey Graves", limit="1",
                  page="2")
    assert 'aria-current="page">2<' in second


def test_question_gets_an_answer_box_with_copy_citation(client):
    html = page(client, "/", q="What did Becchina say about firing at moving vehicles?")
    assert 'class="answer"' in html and "Copy citation" in html
    assert re.search(r'id="citation-1">[^<]*Becchina', html)
    plain = page(client, "/", q="moving vehicles")
    assert 'class="answer"' not in plain


def test_bad_query_shows_the_message_on_the_page(client):
    html = page(client, "/", 400, q="nosuchfield:x")
    assert "unknown field" in html and 'role="alert"' in html


def test_article_page_marks_quotes_with_speakers_and_anchors(client):
    aid = ids_of(client, "title:curfew")[0]
    html = page(client, f"/articles/{aid}")
    assert "<h1>Summer curfew enforcement begins downtown</h1>" in html
    assert f'id="p-{aid}-0"' in html and f'href="#p-{aid}-0"' in html
    assert re.search(r'<q class="quote-direct"[^>]*>(&#34;|")Our goal is to keep young people safe', html)
    assert "Jacob Becchina" in html and "/speakers/" in html


def test_speaker_page_has_timeline_chart_and_quote_search(client):
    sid = client.get("/api/v1/speakers?q=Becchina").get_json()["speakers"][0]["id"]
    html = page(client, f"/speakers/{sid}")
    assert "<h1>Jacob Becchina</h1>" in html and "Jake Becchina" in html
    assert "<svg" in html and html.count("<rect") >= 12  # 2021-03 .. 2022-06, one bar a month
    assert "2021-11: 2 quotes" in html or "2021-11: " in html
    found = page(client, f"/speakers/{sid}", text="young people")
    assert "1 quote" in found and "Our goal is to keep young people safe" in found
    assert "/api/v1/speakers/" in found and "format=csv" in found
    page(client, "/speakers/999999", 404)


def test_speaker_page_counts_names_and_roles_apart(client):
    """Names as written and roles are two tallies of the same quotes, each adding up to the
    speaker's quote count, so they are two tables, not one list mixing them."""
    info = client.get("/api/v1/speakers?q=Becchina").get_json()["speakers"][0]
    html = page(client, f"/speakers/{info['id']}")
    named = html.split('class="named-as"', 1)[1].split("</table>", 1)[0]
    described = html.split('class="described-as"', 1)[1].split("</table>", 1)[0]
    assert "Jake Becchina" in named and "police spokesman" not in named
    assert "police spokesman" in described and "Jake Becchina" not in described
    for table in (named, described):
        counts = [int(n) for n in re.findall(r"</td><td>(\d+)</td><td class=\"date\"", table)]
        assert sum(counts) == info["quotes"]


def test_speakers_page_lists_and_filters(client):
    html = page(client, "/speakers")
    assert "Jacob Becchina" in html and "Stacey Graves" in html
    assert "Stacey Graves" not in page(client, "/speakers", q="Becchina")


def test_compare_page_shows_statements_side_by_side(client):
    html = page(client, "/compare", topic="vehicle pursuits", left_speaker="Becchina",
                right_speaker="Graves")
    assert 'class="pairs"' in html and "similarity" in html
    assert "Stacey Graves" in html and "Jacob Becchina" in html
    assert "same" in page(client, "/compare", 400, topic="x", left_speaker="Becchina")
    assert 'name="topic"' in page(client, "/compare")


@pytest.mark.parametrize("url", ["/", "/compare", "/speakers"])
def test_pages_are_usable_on_a_phone(client, url):
    html = page(client, url)
    assert 'name="viewport" content="width=device-width' in html
    assert client.get("/static/app.css").status_code == 200


def test_hostile_document_is_rendered_as_text_everywhere(client):
    aid = ids_of(client, "title:council")[0]
    lucas = client.get("/api/v1/speakers?q=Lucas").get_json()["speakers"][0]["id"]
    pages_ = {
        "search": page(client, "/", q="council budget patrols", mode="keyword"),
        "search-hybrid": page(client, "/", q="budget patrols"),
        "search-question": page(client, "/", q="Who said they will not cut patrols?"),
        "article": page(client, f"/articles/{aid}"),
        "speaker": page(client, f"/speakers/{lucas}"),
        "compare": page(client, "/compare", topic="patrols", left_speaker="Lucas",
                        right_speaker="Becchina"),
        "query-echo": page(client, "/", q=f'{XSS} "'),
        "speaker-search": page(client, "/speakers", q=XSS),
    }
    for name, html in pages_.items():
        assert XSS not in html, name
        assert "<script>alert" not in html, name
        assert_no_inline_script(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages_["article"]
    assert "Council &lt;script&gt;" in pages_["search"]  # title
    assert "cut &lt;script&gt;" in pages_["search"]  # quote and highlight
    assert "Evil &lt;script&gt;" in pages_["search"]  # source
    assert "&lt;script&gt;" in pages_["query-echo"]


def test_error_pages_are_html_without_tracebacks(client):
    html = page(client, "/articles/nope", 404)
    assert "no article" in html and "Traceback" not in html
    assert page(client, "/no/such/page", 404)


# --- pure helpers -----------------------------------------------------------------------------


def test_marked_segments_split_text_at_quotes():
    text = 'He said "yes" and "no".'
    quotes = [{"start": 18 + 100, "end": 22 + 100, "kind": "direct"},
              {"start": 8 + 100, "end": 13 + 100, "kind": "direct"}]
    segments = marked_segments(text, 100, quotes)
    assert "".join(s["text"] for s in segments) == text
    assert [s["text"] for s in segments if s["quote"]] == ['"yes"', '"no"']


def test_timeline_chart_scales_bars_to_the_busiest_month():
    months = [{"month": m, "quotes": n} for m, n in zip(month_range("2021-11", "2022-02"),
                                                         [2, 0, 4, 1], strict=True)]
    chart = timeline_chart(months)
    heights = [b["h"] for b in chart["bars"]]
    assert heights[2] == max(heights) and heights[1] == 0 and heights[0] == heights[2] / 2
    assert [b["month"] for b in chart["bars"]] == ["2021-11", "2021-12", "2022-01", "2022-02"]


def test_pages_window_and_bounds():
    info = pages(total=95, limit=10, offset=40)
    assert info["current"] == 5 and info["last"] == 10 and info["prev"] == 4 and info["next"] == 6
    assert pages(0, 10, 0)["last"] == 1 and pages(0, 10, 0)["next"] is None


def test_the_search_path_people_type_is_the_search_page(client):
    moved = client.get("/search?q=stadium&mode=keyword&source=A&source=B")
    assert moved.status_code == 301
    assert moved.headers["Location"] == "/?q=stadium&mode=keyword&source=A&source=B"
    assert client.get("/search").headers["Location"] == "/"


def test_an_attribution_names_the_organisation_once():
    named = {"speaker": "Chuck Grassley", "speaker_role": "ranking member of the Committee on "
             "Finance", "speaker_org": "Committee on Finance"}
    assert attribution(named) == "Chuck Grassley, ranking member of the Committee on Finance"
    apart = {"speaker": "Jacob Becchina", "speaker_role": "police spokesman", "speaker_org": "KCPD"}
    assert attribution(apart) == "Jacob Becchina, police spokesman, KCPD"


def test_a_quote_on_the_pages_names_its_speakers_organisation_once(cli, tmp_path):
    """A named speaker's role that already holds the organisation ('member of both the Senate
    Agriculture and Energy Committees') is not followed by that organisation again, on the
    search page or the article page."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talent.txt").write_text(
        "SEN. TALENT URGES PRESIDENT TO KEEP ETHANOL TARIFF\n\n"
        '"There simply isn\'t a shortage of ethanol in this country," said Sen. Jim Talent, '
        "member of both the Senate Agriculture and Energy Committees.\n")
    assert cli("ingest", str(folder), "--no-vectors").status == 0
    client = create_app({"DATA_DIR": str(cli.data)}).test_client()
    hit = client.get("/api/v1/search", query_string={"q": "ethanol", "mode": "keyword"}
                     ).get_json()["hits"][0]
    quote = hit["quotes"][0]
    assert quote["speaker_org"] and quote["speaker_org"] in quote["speaker_role"]
    for url in ("/?q=ethanol&mode=keyword", f"/articles/{hit['article_id']}"):
        html = client.get(url).get_data(as_text=True)
        assert f'{quote["speaker_role"]}, {quote["speaker_org"]}' not in html, url
        assert f'Jim Talent</a>, {quote["speaker_role"]}' in html, url


def test_a_speakers_title_alone_is_written_before_the_name():
    """'U.S. Sen.' read as a quote's role (from 'U.S. Sens. Chuck Grassley and John Thune') is a
    title: "U.S. Sen. Chuck Grassley", never "Chuck Grassley, U.S. Sen."."""
    q = {"speaker": "Chuck Grassley", "speaker_role": "U.S. Sen.", "speaker_org": None}
    assert attribution(q) == "U.S. Sen. Chuck Grassley"
    office = {**q, "speaker_role": "ranking member", "speaker_org": "Committee on Finance"}
    assert attribution(office) == "Chuck Grassley, ranking member, Committee on Finance"
