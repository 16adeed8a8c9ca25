"""A real browser (Debian's chromium driven by Playwright) on the reporter's pages: copying a
quote's citation (clipboard API, and the fallback field on a plain-http origin), a quote's
permalink, the similar-passages page, links in article text, the API docs page and compare
pages that count and pair every statement once; screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browsing import ARGS, ARTIFACTS, CHROMIUM, needs_chromium, served  # noqa: E402
from web_fixtures import REPO, write_inputs  # noqa: E402

from indexer.ingest import ingest  # noqa: E402

pytestmark = [pytest.mark.slow, needs_chromium]

REPORT_URL = "https://example.org/transit-report.pdf"
SUMMARY_URL = "http://example.com/summary?x=1&y=2"
LINKED = {"id": "links", "source": "City Desk", "published": "2023-03-01",
          "title": "Transit report published online",
          "text": f"The full report is at {REPORT_URL} and a summary at {SUMMARY_URL}.\n\n"
                  "\"Read it before the vote,\" said Marcus Ortega, the council president.\n\n"
                  "A line reading javascript:alert(1) stays text, and so does <b>this</b>."}
PLAIN_HOST = "onrecord-plain.test"  # not loopback by name: a plain-http (insecure) origin


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    """The web tests' seeded articles (corpus/ and tests/web_fixtures.py) plus one article
    whose text holds links."""
    root = tmp_path_factory.mktemp("pages-web")
    inputs = write_inputs(root / "inputs")
    (root / "inputs" / "links.jsonl").write_text(json.dumps(LINKED) + "\n", encoding="utf-8")
    ingest([str(REPO / "corpus"), str(inputs), str(root / "inputs" / "links.jsonl")],
           root / "data")
    yield from served(root / "data")


@pytest.fixture
def page(browser, base_url):
    """A page at desktop size whose script errors and console errors (CSP violations among
    them) fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield p
    context.close()
    assert errors == []


def article_id_titled(page, base_url: str, words: str) -> str:
    hits = page.request.get(f"{base_url}/api/v1/search",
                            params={"q": f"title:({words})", "mode": "keyword"}).json()["hits"]
    return hits[0]["article_id"]


def test_copy_citation_on_an_article_page_puts_it_in_the_clipboard(browser, base_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    aid = article_id_titled(page, base_url, "moving vehicle Interstate")
    quote = page.request.get(f"{base_url}/api/v1/articles/{aid}").json()["quotes"][0]
    page.goto(f"{base_url}/articles/{aid}")
    button = page.locator(f"#q-{quote['id']} ~ .cite-controls button.cite").first
    button.click()
    page.wait_for_function("b => b.textContent === 'Copied'", arg=button.element_handle())
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == quote["citation"]
    assert copied.startswith("Jacob Becchina, police spokesman, quoted in 'Officer fires")
    assert copied.endswith("KCPD, 2021-11-17")
    context.close()


def test_copy_citation_over_plain_http_selects_it_in_a_fallback_field(browser, base_url):
    port = urlsplit(base_url).port
    # a second chromium that reaches the server by a non-loopback name: no clipboard API there
    b = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*ARGS, f"--host-resolver-rules=MAP {PLAIN_HOST} 127.0.0.1"])
    try:
        page = b.new_page()
        plain = f"http://{PLAIN_HOST}:{port}"
        aid = article_id_titled(page, base_url, "curfew")
        page.goto(f"{plain}/articles/{aid}")
        assert page.evaluate("window.isSecureContext") is False
        button = page.locator("button.cite").first
        citation = button.get_attribute("data-citation")
        button.click()
        field = page.locator("input.copy-fallback")
        field.wait_for()
        assert field.input_value() == citation and citation.startswith("Jacob Becchina")
        assert field.get_attribute("readonly") is not None
        assert page.evaluate("document.activeElement.className") == "copy-fallback"
        assert page.evaluate("window.getSelection().toString() || "
                             "document.activeElement.value.substring("
                             "document.activeElement.selectionStart, "
                             "document.activeElement.selectionEnd)") == citation
    finally:
        b.close()


def test_a_quote_permalink_opens_its_article_with_the_quote_marked(page, base_url):
    page.goto(f"{base_url}/?q=moving+vehicles&mode=keyword")
    card = page.locator("article.card", has=page.locator("blockquote.quote")).first
    quote_text = card.locator("blockquote.quote p").first.inner_text()
    citation = card.locator("blockquote.quote button.cite").first.get_attribute("data-citation")
    card.locator("blockquote.quote a.permalink").first.click()
    page.wait_for_selector("article.article h1")
    assert "quote=" in page.url and "#q-" in page.url
    target = page.locator("q:target")
    assert target.count() == 1
    assert target.locator("mark").inner_text() == quote_text
    assert page.locator(".passage mark").count() == 1  # only the permalinked quote
    assert target.locator("xpath=following-sibling::span[@class='cite-controls'][1]"
                          "/button").get_attribute("data-citation") == citation
    page.screenshot(path=str(ARTIFACTS / "permalink-desktop.png"), full_page=True)


def test_similar_passages_is_an_html_page(page, base_url):
    page.goto(f"{base_url}/?q=vehicle+pursuits")
    link = page.locator("article.card a", has_text="similar passages").first
    href = link.get_attribute("href")
    with page.expect_response(lambda r: r.url.endswith(href)) as answer:
        link.click()
    assert answer.value.headers["content-type"].startswith("text/html")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Similar passages"
    assert page.locator(".source-passage h2 a").count() == 1
    api = page.request.get(base_url + href.replace("/similar/", "/api/v1/similar/")).json()
    cards = page.locator("section.results article.card h3 a")
    assert cards.all_inner_texts() == [h["title"] for h in api["hits"]] and api["hits"]
    page.screenshot(path=str(ARTIFACTS / "similar-desktop.png"), full_page=True)


def test_links_in_article_text_are_nofollow_and_only_http(page, base_url):
    aid = article_id_titled(page, base_url, "transit report")
    page.goto(f"{base_url}/articles/{aid}")
    links = page.locator(".text a[href^='http']")
    assert [a.get_attribute("href") for a in links.all()] == [REPORT_URL, SUMMARY_URL]
    for a in links.all():
        assert a.get_attribute("rel") == "nofollow noopener"
        assert a.inner_text() == a.get_attribute("href")
    text = page.locator(".text").inner_text()
    assert "javascript:alert(1)" in text and "<b>this</b>" in text  # text, never markup
    assert page.locator(".text a[href^='javascript']").count() == 0
    assert page.locator(".text b").count() == 0


def test_a_passages_own_paragraphs_are_shown_apart(page, base_url):
    """Short paragraphs share a passage; the article page still shows each on its own lines,
    as the source printed them (a bullet list is not run into one line)."""
    aid = article_id_titled(page, base_url, "transit report")
    page.goto(f"{base_url}/articles/{aid}")
    passages = page.locator(".passage .ptext").all_inner_texts()
    assert len(passages) == 1
    lines = [line for line in passages[0].splitlines() if line.strip()]
    assert lines[0].endswith(f"a summary at {SUMMARY_URL}.")
    assert lines[1].startswith('"Read it before the vote,"') and lines[2].startswith("A line")


def test_the_sort_menu_orders_results_by_date_and_keeps_the_total(page, base_url):
    """Choosing 'oldest first' and Apply: the same number of articles, their dates ascending,
    the summary saying so, and the CSV export link carrying the order."""
    page.goto(f"{base_url}/?q=vehicle&mode=keyword")
    summary = page.locator("p.summary").inner_text()
    page.select_option("select#sort", "oldest")
    page.locator("fieldset.filters button[type=submit]").click()
    page.wait_for_url("**sort=oldest**")
    assert page.locator("p.summary").inner_text().split(" · ")[0] == summary.split(" · ")[0]
    assert "oldest first" in page.locator("p.summary").inner_text()
    assert page.locator("section.results article.card").count() > 1
    api = page.request.get(f"{base_url}/api/v1/search",
                           params={"q": "vehicle", "mode": "keyword", "sort": "oldest"}).json()
    shown = page.locator("section.results article.card h3 a").all_inner_texts()
    assert shown == [h["title"] for h in api["hits"]]
    published = [h["published"] for h in api["hits"]]
    assert published == sorted(published) and len(set(published)) > 1
    assert "sort=oldest" in page.locator("a.export").first.get_attribute("href")


def test_api_docs_page_lists_search_and_its_parameters(page, base_url):
    page.goto(base_url + "/")
    page.locator("footer.site a", has_text="API docs").click()
    page.wait_for_selector("h1")
    assert urlsplit(page.url).path == "/api"
    spec = page.request.get(base_url + "/api/v1/openapi.json").json()
    section = page.locator("section.operation", has=page.locator("h2", has_text="/api/v1/search"))
    assert section.count() == 1 and "GET /api/v1/search" in section.locator("h2").inner_text()
    rows = {r.locator("td").first.inner_text(): r.locator("td").all_inner_texts()
            for r in section.locator("table.params tbody tr").all()}
    for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]:
        name, where, _type, required, description = rows[p["name"]]
        assert where == p["in"] and required == ("yes" if p["required"] else "no")
        assert description == p["description"]
    assert rows["q"][2] == "string" and rows["mode"][2] == "one of hybrid, keyword, semantic"
    assert section.locator(".responses a", has_text="SearchResult").count() == 1
    keys = page.locator("#schema-SearchResult td code").all_inner_texts()
    assert {"query", "total", "hits", "notices"} <= set(keys)
    assert page.locator("section.operation").count() == sum(map(len, spec["paths"].values()))
    page.screenshot(path=str(ARTIFACTS / "api-docs-desktop.png"))


def test_compare_counts_every_statement_and_pairs_each_once(page, base_url):
    query = "topic=police&left_speaker=Becchina&right_speaker=Graves"
    api = page.request.get(f"{base_url}/api/v1/compare?{query}&limit=20").json()
    page.goto(f"{base_url}/compare?{query}&limit=2")
    assert int(page.locator(".count-left").inner_text()) == api["left"]["statements"]
    assert int(page.locator(".count-right").inner_text()) == api["right"]["statements"]
    page.screenshot(path=str(ARTIFACTS / "compare-paged-desktop.png"), full_page=True)
    seen = {"left": [], "right": []}
    while True:
        for side in seen:
            seen[side] += [b.get_attribute("data-passage") for b in
                           page.locator(f".pair .side-{side} blockquote.statement").all()]
        following = page.locator(".pager a[rel='next']")
        if not following.count():
            break
        following.click()
        page.wait_for_load_state()
    for side in seen:
        assert len(seen[side]) == len(set(seen[side])) == api[side]["statements"] > 0
    assert api["total"] == max(len(seen["left"]), len(seen["right"]))
    csv_link = page.locator("a.csv").get_attribute("href")
    rows = list(csv.DictReader(io.StringIO(page.request.get(base_url + csv_link).text())))
    for side in seen:
        assert sorted(r["passage_id"] for r in rows if r["side"] == side) == sorted(seen[side])


def test_dates_never_wrap_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "/speakers")
    dates = page.locator("table.speakers .date")
    assert dates.count() >= 6
    # each date is one line box: a wrapped date would have one client rect per line
    assert page.evaluate("""() => [...document.querySelectorAll('table.speakers .date')]
        .map(e => e.getClientRects().length)""") == [1] * dates.count()
    assert set(page.evaluate("""() => [...document.querySelectorAll('.date')]
        .map(e => getComputedStyle(e).whiteSpace)""")) == {"nowrap"}
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
