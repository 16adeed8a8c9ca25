"""A real browser (Debian's chromium driven by Playwright) against the app served on loopback:
search, filter by speaker, open an article and a speaker page; screenshots go to
test-artifacts/ at desktop and phone widths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browsing import ARTIFACTS, needs_chromium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from web_fixtures import XSS  # noqa: E402

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

pytestmark = needs_chromium


@pytest.mark.parametrize("size", list(SIZES))
def test_search_filter_article_and_speaker_pages(browser, base_url, size):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(base_url + "/")
    page.get_by_label("Search statements").fill("vehicle police")
    page.get_by_label("Search statements").press("Enter")
    page.wait_for_selector("article.card")
    assert page.locator("article.card").count() >= 3
    assert page.locator("mark").count() >= 1
    page.screenshot(path=str(ARTIFACTS / f"search-{size}.png"), full_page=True)

    speaker = page.get_by_label("Speaker")
    speaker.fill("Grav")  # the autocomplete asks /api/v1/speakers
    page.locator("#speaker-options option").first.wait_for(state="attached", timeout=5000)
    assert "Stacey Graves" in page.locator("#speaker-options option").first.get_attribute("value")
    speaker.fill("Stacey Graves")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**speaker=Stacey+Graves**")
    cards = page.locator("article.card")
    assert cards.count() >= 1
    for text in cards.all_inner_texts():
        assert "Stacey Graves" in text
    page.screenshot(path=str(ARTIFACTS / f"search-speaker-{size}.png"), full_page=True)

    cards.first.locator("h3 a").click()
    page.wait_for_selector("article.article h1")
    assert page.locator(".passage:target").count() == 1  # the link opens at the passage
    assert page.locator("q.quote-direct").count() >= 1
    page.screenshot(path=str(ARTIFACTS / f"article-{size}.png"), full_page=True)

    page.locator(".speakers-in a").first.click()
    page.wait_for_selector("svg.chart rect")
    assert page.locator("h1").inner_text() == "Stacey Graves"
    page.screenshot(path=str(ARTIFACTS / f"speaker-{size}.png"), full_page=True)

    page.goto(base_url + "/?q=Who+said+they+will+not+cut+patrols%3F")
    page.wait_for_selector("section.answer")
    assert XSS in page.locator("body").inner_text()  # shown as text, never run
    page.screenshot(path=str(ARTIFACTS / f"answer-{size}.png"), full_page=True)

    page.goto(base_url + "/compare?topic=vehicle+pursuits&left_speaker=Becchina"
              "&right_speaker=Graves")
    page.wait_for_selector(".pairs .pair:not(.head)")
    page.screenshot(path=str(ARTIFACTS / f"compare-{size}.png"), full_page=True)
    context.close()
    assert dialogs == [] and errors == []
