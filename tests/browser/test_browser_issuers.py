"""A real browser against the app over issued releases: the Kind and Issued by filters of the
search form, the 'issued by' line of a card apart from the quoted speakers, and the article's
Issued by section and statement labels; screenshots go to test-artifacts/."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browsing import ARTIFACTS, needs_chromium, served  # noqa: E402
from test_issuers import DOCS  # noqa: E402

from indexer.ingest import ingest_documents  # noqa: E402

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("issued-web") / "data"
    ingest_documents(DOCS, data)
    yield from served(data)


def test_issuer_and_kind_filters_and_labels(browser, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "/?mode=keyword")
    page.get_by_label("Search statements").fill("decision OR troubled OR ruling")
    page.get_by_label("Search statements").press("Enter")
    page.wait_for_selector("article.card")
    assert page.locator("article.card").count() == 3
    page.get_by_label("Kind").select_option("statement")
    page.get_by_label("Issued by").fill("Snowe")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**issuer=Snowe**")
    cards = page.locator("article.card")
    assert cards.count() == 1
    assert "issued by Olympia J. Snowe" in cards.first.locator(".issuer").inner_text()
    assert cards.first.locator(".kind", has_text="statement").count() >= 1
    assert page.get_by_role("heading", name="Issued by").is_visible()
    page.screenshot(path=str(ARTIFACTS / "search-issuer.png"), full_page=True)
    cards.first.locator("h3 a").click()
    page.wait_for_selector("section.issued-by")
    assert "Olympia J. Snowe" in page.locator("section.issued-by").inner_text()
    assert page.locator(".who.statement").count() >= 1
    assert "John Baldacci" in page.locator("section.speakers-in").inner_text()
    page.screenshot(path=str(ARTIFACTS / "article-issuer.png"), full_page=True)
    assert errors == []
