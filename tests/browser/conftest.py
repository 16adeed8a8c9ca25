"""Browser test fixtures: one headless chromium a module, and the app served over the seeded
web corpus (a module that needs other data defines its own ``base_url``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browsing import ARGS, CHROMIUM, served  # noqa: E402
from web_fixtures import seeded_web_data  # noqa: E402


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
