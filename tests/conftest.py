"""Shared fixtures: the repository's corpus, temporary data folders, and a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.cli import main

# Modules whose tests drive a browser, build stores in subprocesses, export the model, fuzz or
# simulate crashes: marked ``slow`` so ``pytest -m "not slow"`` is the quick loop (CI runs all).
SLOW_MODULES = frozenset({
    "test_browser.py", "test_browser_issuers.py", "test_concurrency.py", "test_crash_safety.py",
    "test_query_encoder.py", "test_embeddings_backend.py", "test_fuzz_loaders.py",
    "test_fuzz_queries.py", "test_renormalise.py",
})


@pytest.fixture(scope="session")
def nlp():
    """The installed spaCy pipeline the quote extractor uses, loaded once for the run."""
    from indexer.quotes import load_nlp

    return load_nlp()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of ``SLOW_MODULES`` slow."""
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


class CliResult:
    def __init__(self, status: int, out: str, err: str) -> None:
        self.status, self.out, self.err = status, out, err

    def json(self):
        return json.loads(self.out)

    def json_lines(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def cli(capsys, tmp_path):
    """Run ``onrecord`` in-process against a temporary data folder."""
    data = tmp_path / "data"

    def run(*args: str, data_dir: Path | None = None) -> CliResult:
        status = main(["--data", str(data_dir or data), *args])
        captured = capsys.readouterr()
        return CliResult(status, captured.out, captured.err)

    run.data = data
    return run


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def seeded_data(tmp_path_factory) -> Path:
    """A data folder with corpus/ ingested once for the whole session (read-only use)."""
    data = tmp_path_factory.mktemp("seeded") / "data"
    assert main(["--data", str(data), "ingest", str(CORPUS)]) == 0
    return data


@pytest.fixture(scope="session")
def contract_data(tmp_path_factory) -> Path:
    """A data folder with the made-up contract corpus (tests/contract_corpus.py) ingested once,
    quotes and vectors on (read-only use)."""
    from contract_corpus import BUDGET_ARTICLES, contract_documents

    from indexer.ingest import ingest_documents

    data = tmp_path_factory.mktemp("contract") / "data"
    assert ingest_documents(contract_documents(), data).added == BUDGET_ARTICLES + 2
    return data


@pytest.fixture(scope="session")
def contract_data_milvus(contract_data, tmp_path_factory) -> Path:
    """``contract_data`` moved to the Milvus engine (a Milvus Lite file in the folder) by
    ``reindex --engine milvus``, its vectors kept (read-only use)."""
    import shutil

    from indexer.cli import main

    data = tmp_path_factory.mktemp("contract-milvus") / "data"
    shutil.copytree(contract_data, data)
    assert main(["--data", str(data), "reindex", "--engine", "milvus"]) == 0
    return data


@pytest.fixture(scope="session")
def web_data(tmp_path_factory) -> Path:
    """The web tests' data folder (tests/web_fixtures.py), ingested once (read-only use)."""
    from web_fixtures import seeded_web_data

    return seeded_web_data(tmp_path_factory)


@pytest.fixture(scope="module")
def client(web_data):  # noqa: ANN201 - Flask's test client
    """A Flask test client of the app over ``web_data``, one a test module."""
    from webapp.app import create_app

    return create_app({"DATA_DIR": str(web_data)}).test_client()
