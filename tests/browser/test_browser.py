"""A real browser (Debian's chromium driven by Playwright) against the app served on loopback:
search, filter by speaker, open an article and a speaker page; screenshots go to
test-artifacts/ at desktop and phone widths."""

from __future__ import annotations

import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from web_fixtures import XSS, seeded_web_data  # noqa: E402

from webapp.app import create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                                reason=f"{CHROMIUM} is not installed (apt-get install chromium)")


def served(data_dir: Path) -> Iterator[str]:
    """The app over ``data_dir`` served on loopback for the duration: its base URL."""
    app = create_app({"DATA_DIR": str(data_dir)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    yield from served(seeded_web_data(tmp_path_factory))


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


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
