"""A real browser against the app: a misspelt speaker filter shows a notice naming it with a
link to the nearest speaker, and following the link filters by that speaker; screenshot in
test-artifacts/."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_browser import ARTIFACTS, CHROMIUM, browser, served  # noqa: E402, F401
from web_fixtures import seeded_web_data  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                                reason=f"{CHROMIUM} is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    yield from served(seeded_web_data(tmp_path_factory))


def test_a_misspelt_speaker_shows_a_notice_with_a_suggestion_link(browser, base_url):  # noqa: F811
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
