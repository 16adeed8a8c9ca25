"""numpy BM25F over Whoosh postings ranks exactly as Whoosh's own matchers (real Whoosh index)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from indexer.keyword_index import Filters, KeywordIndex, filter_query, passage_document
from indexer.keyword_scoring import ranked, scorable
from indexer.resultset import KEYWORD, ResultSet

VOCAB = ("police officer vehicle moving shooting policy force department spokesman city "
         "budget senator veterans health bill water energy farm school court").split()
SOURCES = ("KC Star", "Senate Office")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


@pytest.fixture(scope="module")
def keyword(tmp_path_factory):
    """Three segments (three commits) of 120 articles x 3 passages, with some deletions."""
    rng = random.Random(7)
    ki = KeywordIndex.open(tmp_path_factory.mktemp("data"))
    for batch in range(3):
        with ki.writer() as w:
            for a in range(batch * 40, batch * 40 + 40):
                title = _text(rng, 4)
                for p in range(3):
                    w.add_document(**passage_document(
                        f"a{a}:{p}", f"a{a}", _text(rng, rng.randint(5, 40)), title,
                        SOURCES[a % 2], f"20{10 + a % 10}-01-01"))
    with ki.writer() as w:
        KeywordIndex.delete_articles(w, ["a3", "a50", "a101"])
    yield ki
    ki.close()


QUERIES = [
    "police", "moving vehicle", "police shooting policy force", "senator veterans health bill",
    '"moving vehicle"', '"police officer" department', "budget AND senator water",
    "police NOT vehicle", "force^2 policy", '"city budget"~3 school', "spokesman OR court",
    "moving vehicles?",
]


def _whoosh_ranking(ki: KeywordIndex, query: str, filters: Filters) -> list[tuple[str, float]]:
    s = ki.searcher()
    q = ki.parse(query)
    return [(h["passage_id"], h.score)
            for h in s.search(q, limit=None, filter=filter_query(filters))]


def _numpy_ranking(ki: KeywordIndex, q, filters: Filters, limit: int = 1000
                   ) -> list[tuple[str, str, float]]:
    t, docs, scores = ki.match(q, filters)
    return [(t.passage_ids[docs[i]], t.article_ids[t.article_code[docs[i]]], float(scores[i]))
            for i in ranked(scores, docs, limit)]


def _result_set(ki: KeywordIndex, q) -> ResultSet:
    t, docs, scores = ki.match(q, Filters())
    return ResultSet("keyword", t, docs, scores, np.zeros(len(docs)),
                     np.full(len(docs), KEYWORD, dtype=np.int8))


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("filters", [Filters(), Filters(source="KC Star")])
def test_passages_rank_as_whoosh_ranks_them(keyword, query, filters):
    q = keyword.parse(query)
    assert scorable(q)
    got = _numpy_ranking(keyword, q, filters)
    expected = _whoosh_ranking(keyword, query, filters)
    assert expected, "every test query matches something"
    assert [pid for pid, _, _ in got] == [pid for pid, _ in expected]
    assert [score for _, _, score in got] == pytest.approx([s for _, s in expected], rel=1e-6)
    assert not any(pid.split(":")[0] in {"a3", "a50", "a101"} for pid, _, _ in got)


@pytest.mark.parametrize("query", ["police shooting", '"moving vehicle"', "police NOT vehicle"])
def test_search_collapses_to_the_best_passage_per_article(keyword, query):
    found = _result_set(keyword, keyword.parse(query))
    total, hits = found.total, [h[:4] for h in found.page(0, 10)]
    expected = _whoosh_ranking(keyword, query, Filters())
    best: dict[str, str] = {}
    for pid, _ in expected:
        best.setdefault(pid.split(":")[0], pid)
    assert total == len(best)
    assert [pid for pid, *_ in hits] == list(best.values())[:10]
    article_passages = [pid.split(":")[0] for pid, _ in expected]
    assert [others for *_, others in hits] == [article_passages.count(aid) - 1
                                               for _, aid, _, _ in hits]
    page2 = found.page(10, 10)
    assert [pid for pid, *_ in page2] == list(best.values())[10:20]


def test_a_phrase_needs_its_words_in_order(keyword):
    forward = {pid for pid, _, _ in _numpy_ranking(keyword, keyword.parse('"moving vehicle"'),
                                                   Filters())}
    both = {pid for pid, _, _ in _numpy_ranking(keyword, keyword.parse("moving AND vehicle"),
                                                Filters())}
    assert forward and forward < both


def test_other_queries_use_whoosh(keyword):
    for query in ("polic*", "policy~1", "speaker:becchina", "title:police"):
        q = keyword.parse(query)
        if query == "title:police":
            assert scorable(q)
        else:
            assert not scorable(q)
        t, docs, scores = keyword.match(q, Filters())  # and still run, every match scored
        assert len(docs) == len(scores) and (scores > 0).all()


def test_a_question_mark_ending_a_word_is_punctuation(keyword):
    assert keyword.parse("moving vehicles?") == keyword.parse("moving vehicles")
    assert not scorable(keyword.parse("vehic?e"))  # inside a word it is still a wildcard


@pytest.mark.parametrize("query", [*QUERIES, "poli* vehicle"])  # the last: Whoosh's
def test_matching_within_some_passages_scores_them_as_the_whole_index_does(keyword, query):
    """``match(within=...)`` (a watch asking about a batch's new passages) finds exactly the
    whole index's matches among those passages, each with the same score, deleted ones left
    out; the scorer's view of them holds arrays over those passages only."""
    q = keyword.parse(query)
    t, docs, scores = keyword.match(q, Filters(source="KC Star"))
    within = np.arange(1, len(t.passage_ids), 3)  # every third docnum, deleted ones among them
    _, got_docs, got_scores = keyword.match(q, Filters(source="KC Star"), t, within=within)
    keep = np.isin(docs, within)
    assert keep.any() and not keep.all(), "the cut leaves some matches and drops others"
    assert dict(zip(got_docs.tolist(), got_scores.tolist(), strict=True)) == \
        pytest.approx(dict(zip(docs[keep].tolist(), scores[keep].tolist(), strict=True)))
    assert t.scorer_within(within).size == len(within) < t.scorer.size
