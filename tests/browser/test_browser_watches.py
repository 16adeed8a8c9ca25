"""A real browser against the app: the watches page lists each watch with its new matches, a
watch's page links a match to the quote's permalink, and that page shows where the statement
appears, earliest first; screenshots in test-artifacts/."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browsing import ARTIFACTS, needs_chromium  # noqa: E402

pytestmark = needs_chromium


def test_a_watch_leads_from_its_match_to_the_statements_lineage(browser, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "/")
    page.get_by_role("link", name="Watches").click()
    page.wait_for_url("**/watches")
    graves = page.locator("section.watch", has=page.get_by_role("heading", name="graves", exact=True))
    assert graves.locator("li.watch-match").count() == 2
    assert graves.locator(".reason-speaker").count() == 2
    page.screenshot(path=str(ARTIFACTS / "watches.png"), full_page=True)
    graves.get_by_role("link", name="graves", exact=True).click()
    page.wait_for_selector("h1:has-text('Watch: graves')")
    match = page.locator("li.watch-match", has_text="Chief Graves on shootings at moving cars")
    match.locator("blockquote a").click()
    page.wait_for_selector("section.lineage")
    lineage = page.locator("section.lineage")
    assert lineage.locator("li.appearance").first.locator(".badge").inner_text() == "earliest"
    assert page.locator("q mark").count() == 1, "the permalink marks the quote"
    page.screenshot(path=str(ARTIFACTS / "quote-lineage.png"), full_page=True)
    assert errors == []
