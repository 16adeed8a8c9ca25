"""A real browser (Chromium) over 140 budget articles: the search page's header total, its
facet counts and the rows of the files its Export links download describe one set, in every
search mode."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browsing import needs_chromium, served  # noqa: E402

pytestmark = [pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def base_url(contract_data) -> Iterator[str]:
    yield from served(contract_data)


def facet_total(page, heading: str) -> int:
    """The sum of the counts listed under a facet heading (its null bucket and "more" line
    included)."""
    listing = page.locator("aside.facets h2", has_text=heading).locator(
        "xpath=following-sibling::ul[1]")
    return sum(int(c) for c in listing.locator(".count").all_inner_texts())


def download(page, label: str, into: Path) -> Path:
    """Follow the page's export link ``label`` as a user would and keep the file."""
    with page.expect_download() as info:
        page.locator("a.export", has_text=label).click()
    path = into / info.value.suggested_filename
    info.value.save_as(path)
    return path


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_export_links_download_every_article_the_header_counts(browser, base_url, mode,
                                                                tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base_url}/?q=budget+council&mode={mode}&source=Gazette")
    page.wait_for_selector("article.card")
    summary = page.locator("p.summary").first.inner_text()
    total = int(re.match(r"(\d+) matching article", summary).group(1))
    assert total > page.locator("article.card").count()  # more than the page shows
    # no filter on years: their counts add up to the header's total
    assert facet_total(page, "Years") == total
    # the source facet ignores its own filter: it counts both sources' articles
    assert facet_total(page, "Sources") > total

    csv_file = download(page, "CSV", tmp_path)
    assert csv_file.name == "onrecord-search.csv"
    with csv_file.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == total
    assert {r["source"] for r in rows} == {"Gazette"}
    shown = page.locator("article.card h3 a").all_inner_texts()
    assert [r["title"] for r in rows[:len(shown)]] == shown

    jsonl_file = download(page, "JSONL", tmp_path)
    lines = [json.loads(line) for line in jsonl_file.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == total and lines[-1]["rank"] == total
    assert not errors
    context.close()
