"""What two ingests of the same inputs must agree on: every stored article, passage, quote and
duplicate link, and the passage and quote vectors (read back from a data folder)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
from web_fixtures import write_inputs

from indexer.consistency import open_vectors
from indexer.quote_index import open_quote_vectors
from indexer.store import Store

REPO = Path(__file__).resolve().parents[1]
VOLATILE = {"ingested_at", "indexed"}  # when it was stored, and a flag every finished run sets


def small_inputs(folder: Path) -> list[str]:
    """The repository's corpus, the web tests' articles (quotes, speakers, issuers) and an exact
    copy of one corpus file (a duplicate), as ingest inputs."""
    inputs = [str(REPO / "corpus"), str(write_inputs(folder / "web"))]
    original = sorted((REPO / "corpus").glob("*.txt"))[0]
    copy = folder / "copy" / ("copy-" + original.name)
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(original, copy)
    return [*inputs, str(copy)]


def ingested_inputs(factory: Any) -> tuple[list[str], Path]:
    """``small_inputs`` in a folder of the session and a normal in-process ingest of them (with
    quotes and vectors): what other ways of ingesting are compared with."""
    from indexer.ingest import ingest

    inputs = small_inputs(factory.mktemp("inputs"))
    data = factory.mktemp("in-process") / "data"
    ingest(inputs, data)
    return inputs, data


def stored(data: Path) -> dict[str, Any]:
    """Every article (its row without volatile columns, duplicate state, passages and quotes)."""
    store = Store.open(data, readonly=True)
    try:
        out = {}
        for aid in store.all_article_ids():
            row = {k: v for k, v in (store.get_article(aid) or {}).items() if k not in VOLATILE}
            out[aid] = (row, store.article_state(aid),
                        [(p.id, p.start, p.end, p.text) for p in store.passages_for(aid)],
                        store.quotes_of_article(aid))
        return out
    finally:
        store.close()


def vectors_of(data: Path) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(passage id -> vector, quote key -> vector) as committed."""
    passages, quotes = open_vectors(data), open_quote_vectors(data)
    return ({i: passages.vector(i) for i in passages.ids()} if passages else {},
            {k: quotes.vector(k) for k in quotes.ids()} if quotes else {})


def assert_same_vectors(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    """The same ids, each vector equal to float16 storage precision (batches may differ)."""
    assert sorted(a) == sorted(b)
    assert a, "no vectors to compare"
    for key in a:
        assert np.allclose(a[key], b[key], atol=2e-3), key
