"""The keyword engine interface (indexer.engine): the Whoosh index implements it, over a real
index with real passages."""

from __future__ import annotations

import numpy as np

from indexer.engine import EngineWriter, KeywordEngine, Tables
from indexer.keyword_index import KeywordIndex, passage_document
from indexer.querymodel import Filters


def test_the_whoosh_index_is_a_keyword_engine(tmp_path):
    index = KeywordIndex.open(tmp_path)
    assert isinstance(index, KeywordEngine)
    writer = index.begin()
    assert isinstance(writer, EngineWriter)
    for n, text in enumerate(["The budget vote passed.", "Rain fell on the budget parade."]):
        writer.add_document(**passage_document(f"a{n}:0", f"a{n}", text, f"Title {n}", "Wire",
                                                None))
    writer.commit()
    assert index.doc_count() == 2
    q = index.parse('budget NOT parade')
    t, docs, scores = index.match(q, Filters())
    assert isinstance(t, Tables)
    assert [t.passage_ids[d] for d in docs] == ["a0:0"] and len(scores) == 1
    mask = index.candidates(t, Filters(), q)
    assert {t.passage_ids[d] for d in np.flatnonzero(mask)} == {"a0:0"}
    allowed = index.allowed(t, Filters(source="Nobody"))
    assert allowed is not None and not allowed.any()
    assert index.allowed(t, Filters()) is None
    assert "budget" in index.query_terms(q)
    index.close()
