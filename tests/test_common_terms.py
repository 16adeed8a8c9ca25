"""Common words made optional on large indexes (a real Whoosh index of 1,500 documents)."""

from __future__ import annotations

import pytest
from whoosh import index
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema

from indexer.keyword_index import COMMON_MIN_DOCS, common_terms_optional, parse_query


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    schema = Schema(passage_id=ID(stored=True), title=TEXT, text=TEXT)
    ix = index.create_in(tmp_path_factory.mktemp("ix"), schema)
    writer = ix.writer()
    for i in range(COMMON_MIN_DOCS + 500):
        words = ["senator", "statement"]  # in every document: common
        if i % 50 == 0:
            words.append("veterans")  # in 30 documents: rare
        if i % 3 == 0:
            words.append("budget")  # in 500 documents
        writer.add_document(passage_id=str(i), title="release", text=" ".join(words))
    writer.commit()
    with ix.searcher() as s:
        yield s


def test_a_common_word_only_adds_to_passages_matching_a_rare_one(searcher):
    q = parse_query("senator veterans budget", searcher.schema)
    split = common_terms_optional(q, searcher)
    assert isinstance(split, wq.AndMaybe)
    assert {t.text for t in split.b.subqueries} == {"senator"}
    found = {searcher.stored_fields(d)["passage_id"] for d in split.docs(searcher)}
    every = {searcher.stored_fields(d)["passage_id"] for d in q.docs(searcher)}
    assert len(every) == COMMON_MIN_DOCS + 500
    assert found == {str(i) for i in range(COMMON_MIN_DOCS + 500) if i % 50 == 0 or i % 3 == 0}
    top = [searcher.stored_fields(h.docnum)["passage_id"] for h in searcher.search(split, limit=5)]
    plain = [searcher.stored_fields(h.docnum)["passage_id"] for h in searcher.search(q, limit=5)]
    assert top == plain  # the best passages are the same


def test_queries_left_alone(searcher):
    one_word = parse_query("senator", searcher.schema)
    assert common_terms_optional(one_word, searcher) is one_word
    too_rare = parse_query("senator nonexistentword", searcher.schema)
    assert common_terms_optional(too_rare, searcher) is too_rare
    both_common = parse_query("senator statement", searcher.schema)
    assert common_terms_optional(both_common, searcher) is both_common
