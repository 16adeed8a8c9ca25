"""Pseudo-relevance feedback in hybrid search, and NOT honoured by every mode (real indexes)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from whoosh import query as wq

from indexer.feedback import add_scores, expansion_query, rocchio
from indexer.keyword_index import negated_queries
from indexer.search import SearchService


@pytest.fixture(scope="module")
def service(seeded_data):
    svc = SearchService.open(seeded_data)
    yield svc
    svc.close()


def test_rocchio_moves_the_query_towards_the_feedback_and_stays_a_unit_vector():
    query = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    moved = rocchio(query, [np.array([0.0, 1.0, 0.0], dtype=np.float32)])
    assert np.isclose(np.linalg.norm(moved), 1.0)
    assert 0 < moved[1] < moved[0]
    assert rocchio(query, []) is query


def test_expansion_takes_terms_within_the_postings_budget_and_never_for_a_negation():
    plain = wq.Or([wq.Term("text", "police"), wq.Term("text", "shoot")])
    expansion = expansion_query(plain, [("vehicl", 30), ("firearm", 50), ("said", 900)],
                                max_postings=100)
    assert [(t.text, t.boost) for t in expansion.subqueries] == [("vehicl", 0.3), ("firearm", 0.3)]
    negated = wq.And([wq.Term("text", "police"), wq.Not(wq.Term("text", "vehicl"))])
    assert negated_queries(negated) == [wq.Term("text", "vehicl")]
    assert expansion_query(negated, [("firearm", 5)]) is None
    assert expansion_query(plain, []) is None


def test_added_scores_sum_per_passage():
    first = [("a:0", "a", 3.0), ("b:0", "b", 2.0)]
    extra = [("b:0", "b", 1.5), ("c:1", "c", 0.5)]
    assert add_scores(first, extra) == [("b:0", "b", 3.5), ("a:0", "a", 3.0), ("c:1", "c", 0.5)]


def test_key_terms_come_from_the_feedback_text(service):
    passage = service.search("moving vehicles", mode="keyword").hits[0]
    terms = service.keyword.key_terms([passage.text], 10)
    assert len(terms) == 10
    lexicon = {t.decode() for t in service.keyword.searcher().lexicon("text")}
    assert {t for t, _ in terms} <= lexicon
    assert all(docs >= 1 for _, docs in terms)


def test_feedback_keeps_the_best_answer_first(service):
    query = "may officers shoot at a car driving at them"
    with_feedback = service.search(query, mode="hybrid", limit=3)
    service.feedback = False
    try:
        without = service.search(query, mode="hybrid", limit=3)
    finally:
        service.feedback = True
    assert "moving vehicle" in with_feedback.hits[0].text
    assert with_feedback.hits[0].passage_id == without.hits[0].passage_id


@pytest.mark.parametrize("mode", ("keyword", "semantic", "hybrid"))
def test_not_excludes_passages_in_every_mode(service, mode):
    everything = service.search("police vehicles", mode=mode, limit=20)
    assert any(re.search(r"\bvehicles?\b", h.text, re.I) for h in everything.hits)
    result = service.search("police NOT vehicles", mode=mode, limit=20)
    assert result.hits
    assert not any(re.search(r"\bvehicles?\b", h.text, re.I) for h in result.hits)


def test_feedback_does_not_expand_by_the_asked_speakers_name(service, monkeypatch):
    """The speaker boost ranks by who is quoted; expansion must not weight the name again."""
    import indexer.search as search_module

    offered, used = [], []
    real = search_module.expansion_query

    def spy(q, terms, *args, **kwargs):
        used.append([t for t, _ in terms])
        return real(q, terms, *args, **kwargs)

    key_terms = service.keyword.key_terms
    monkeypatch.setattr(search_module, "expansion_query", spy)
    monkeypatch.setattr(service.keyword, "key_terms",
                        lambda texts, n: offered.append(key_terms(texts, n)) or offered[-1])
    service.search("What did Sgt. Jacob Becchina say about shooting at moving vehicles?",
                   mode="hybrid")
    assert "becchina" in {t for t, _ in offered[0]}  # the feedback passages name him
    assert used and "becchina" not in used[0] and len(used[0]) == len(offered[0]) - 1 - \
        ("jacob" in {t for t, _ in offered[0]})
    used.clear()
    offered.clear()
    service.search("shooting at moving vehicles", mode="hybrid")
    assert used[0] == [t for t, _ in offered[0]]  # no speaker named: every term kept
