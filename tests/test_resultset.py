"""Result-set arithmetic: the article blend of hybrid's semantic leg, and the passage shown."""

from __future__ import annotations

import numpy as np

from indexer.resultset import (
    ARTICLE_PASSAGES,
    ARTICLE_SHARE,
    BACKGROUND_CEILING,
    SEMANTIC_FLOOR,
    article_blend,
    neighbour_floor,
)


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def test_a_passage_cosine_is_blended_with_its_articles_mean_vector():
    rng = np.random.default_rng(3)
    query = unit(rng.standard_normal(8))
    passages = np.stack([unit(rng.standard_normal(8)) for _ in range(7)])
    codes = np.array([0, 0, 1, 2, 2, 2, 2])  # two passages, one alone, four
    cos = passages @ query
    norms = np.array([np.linalg.norm(passages[codes == a].sum(axis=0)) for a in range(3)])
    blended = article_blend(cos, codes, norms)

    def article_cosine(a: int) -> float:
        return float(unit(passages[codes == a].mean(axis=0)) @ query)

    share = ARTICLE_SHARE  # at ARTICLE_PASSAGES (2) passages, the whole share
    assert ARTICLE_PASSAGES == 2
    assert np.allclose(blended[:2], (1 - share) * cos[:2] + share * article_cosine(0))
    assert np.isclose(blended[2], cos[2])  # one passage: its article is itself
    share4 = share * 2 / 4  # a longer article's mean counts for less
    assert np.allclose(blended[3:], (1 - share4) * cos[3:] + share4 * article_cosine(2))
    # within an article the order of its passages is kept
    assert list(np.argsort(blended[3:])) == list(np.argsort(cos[3:]))


def test_a_passage_without_a_vector_stays_without_a_score():
    cos = np.array([0.5, np.nan, 0.3])
    codes = np.array([0, 0, 1])
    norms = np.array([1.0, 1.0])
    blended = article_blend(cos, codes, norms)
    assert np.isnan(blended[1])
    assert np.isclose(blended[0], 0.5)  # its article's other passage has no vector
    assert np.isclose(blended[2], 0.3)


def test_pick_chooses_the_passage_shown_and_scores_order_the_articles():
    from types import SimpleNamespace

    from indexer.resultset import ResultSet

    tables = SimpleNamespace(article_code=np.array([0, 0, 1, 1]),
                             passage_ids=["a:0", "a:1", "b:0", "b:1"], article_ids=["a", "b"])
    docs = np.arange(4)
    scores = np.array([1.0, 3.0, 2.0, 0.5])  # after feedback: a:1 best, then b:0
    found = ResultSet("hybrid", tables, docs, scores, np.zeros(4), np.ones(4, dtype=np.int8))
    found.pick = np.array([2.0, 1.0, 0.0, 0.4])  # the query itself: a:0 over a:1, b:1 over b:0
    page = found.page(0, 10)
    assert [(p, a) for p, a, *_ in page] == [("a:0", "a"), ("b:1", "b")]
    assert [score for _, _, score, *_ in page] == [3.0, 2.0]  # each article's best score
    assert found.total == 2


def test_a_far_off_quote_stands_in_only_where_the_query_asks_for_it():
    from types import SimpleNamespace

    from indexer.answers import read_intent
    from indexer.resultset import PREFER_WITHIN, ResultSet
    from indexer.search import answer_within

    tables = SimpleNamespace(article_code=np.array([0, 0]), passage_ids=["a:0", "a:1"],
                             article_ids=["a"])

    def shown(within: float) -> str:
        found = ResultSet("hybrid", tables, np.arange(2), np.array([9.0, 2.0]), np.zeros(2),
                          np.ones(2, dtype=np.int8))
        found.prefer = np.array([False, True])  # a:1 quotes the speaker, 7 below a:0
        found.prefer_within = within
        return found.page(0, 1)[0][0]

    asked = read_intent("What did Maria Lopez say about the stadium?")
    assert answer_within(asked, [4]) == np.inf and shown(answer_within(asked, [4])) == "a:1"
    # a plain search naming her, or a name the registry does not know: the guard holds
    plain = read_intent("Maria Lopez stadium")
    assert answer_within(plain, [4]) == PREFER_WITHIN and shown(PREFER_WITHIN) == "a:0"
    assert answer_within(asked, []) == PREFER_WITHIN


def test_the_neighbour_floor_rises_with_the_background_up_to_its_ceiling():
    rng = np.random.default_rng(5)
    unrelated = rng.normal(0.05, 0.05, 1000)  # an archive of other subjects
    assert neighbour_floor(unrelated) == SEMANTIC_FLOOR  # mean + 2 sd = 0.15: the floor
    one_field = rng.normal(0.18, 0.05, 1000)  # everything near the query anyway
    assert np.isclose(neighbour_floor(one_field), one_field.mean() + 2 * one_field.std())
    all_about_it = rng.normal(0.4, 0.1, 1000)  # the archive's own subject: capped
    assert neighbour_floor(all_about_it) == BACKGROUND_CEILING
    with_gaps = np.concatenate([one_field, np.full(50, np.nan)])  # passages without vectors
    assert np.isclose(neighbour_floor(with_gaps), neighbour_floor(one_field))
    assert neighbour_floor(one_field[:100]) == SEMANTIC_FLOOR  # too few passages to tell
