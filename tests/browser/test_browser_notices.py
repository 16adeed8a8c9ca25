"""A real browser against the app: a misspelt speaker filter shows a notice naming it with a
link to the nearest speaker, and following the link filters by that speaker; screenshot in
test-artifacts/."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browsing import ARTIFACTS, needs_chromium  # noqa: E402

pytestmark = needs_chromium


def test_a_misspelt_speaker_shows_a_notice_with_a_suggestion_link(browser, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "/?mode=keyword")
    page.get_by_label("Search statements").fill("police")
    page.locator("#speaker").fill("Becchnia")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**speaker=Becchnia**")
    notice = page.locator("p.notice", has_text="No speaker named 'Becchnia'")
    assert notice.is_visible()
    assert page.locator("article.card").count() == 0
    link = page.locator("a.suggestion", has_text="Jacob Becchina")
    assert link.is_visible()
    page.screenshot(path=str(ARTIFACTS / "search-speaker-suggestion.png"), full_page=True)
    link.click()
    page.wait_for_url("**speaker=Jacob+Becchina**")
    page.wait_for_selector("article.card")
    assert page.locator("article.card").count() >= 2
    assert page.locator("p.notice", has_text="No speaker named").count() == 0
    assert page.locator("#speaker").input_value() == "Jacob Becchina"
    assert errors == []
