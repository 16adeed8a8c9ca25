"""Snippets show whole sentences holding the query's words, marked, escaped (real analyzer)."""

from __future__ import annotations

from indexer.keyword_index import highlight_analyzer, highlight_text
from indexer.snippets import MAX_CHARS

PASSAGE = ("The council met on Tuesday. Residents asked about rents and bus routes for an hour. "
           "\"We will not fire at moving vehicles,\" said Sgt. Jacob Becchina of the police "
           "department. He said the policy was reviewed in 2020 <b>again</b>.")


def terms(*words: str) -> set[str]:
    return {t.text for w in words for t in highlight_analyzer()(w)}


def test_a_snippet_is_the_whole_sentence_holding_the_words():
    shown = highlight_text(PASSAGE, terms("vehicles"))
    assert shown == ('"We will not fire at moving <mark>vehicles</mark>," said Sgt. Jacob '
                     'Becchina of the police department.')


def test_the_sentences_with_most_query_words_are_shown_in_text_order():
    shown = highlight_text(PASSAGE, terms("policy", "reviewed", "vehicles", "council", "police"))
    assert shown.startswith('"We will not fire') and "<mark>policy</mark>" in shown
    assert "council" not in shown  # one word, where the other two sentences hold two each
    assert " … " not in shown  # adjacent sentences read on
    apart = highlight_text(PASSAGE, terms("council", "policy"))
    assert apart.startswith("The <mark>council</mark> met") and " … He said the" in apart


def test_markup_in_the_text_is_escaped():
    assert "&lt;b&gt;again&lt;/b&gt;" in highlight_text(PASSAGE, terms("policy"))


def test_a_long_sentence_is_cut_around_the_word_with_an_ellipsis():
    long = "Officials said " + " ".join(["the plan covers roads"] * 40) + " and a ferry pier."
    shown = highlight_text(long, terms("ferry"))
    assert shown.startswith("…") and "<mark>ferry</mark>" in shown
    assert len(shown.replace("<mark>", "").replace("</mark>", "")) <= MAX_CHARS + 2


def test_no_query_word_shows_the_lead():
    assert highlight_text(PASSAGE, terms("zebra")).startswith("The council met on Tuesday.")


def test_a_cut_sentence_and_the_next_share_one_ellipsis():
    long = "Officials said " + " ".join(["the plan covers roads"] * 40) + " and a ferry pier."
    text = long + " The council met. Later the ferry board agreed."
    shown = highlight_text(text, terms("officials", "ferry"))
    assert "… …" not in shown and shown.count("…") == 1
    assert shown.startswith("<mark>Officials</mark> said") and shown.endswith(
        "Later the <mark>ferry</mark> board agreed.")


def test_a_named_speaker_s_quote_comes_first_among_sentences_holding_as_many_words():
    text = ("Reyes was out on bail on another case when the shooting happened. The judge revoked "
            "his bail on Monday. “The bail experiment has failed this family,” said District "
            "Attorney Ana Ruiz. Reyes also faces a weapons charge.")
    quote = (text.index("“The bail"), text.index("Ruiz.") + len("Ruiz."))
    plain = highlight_text(text, terms("bail"))
    assert plain.startswith("Reyes was out on <mark>bail") and "experiment" not in plain
    shown = highlight_text(text, terms("bail"), [quote])
    assert "“The <mark>bail</mark> experiment has failed this family,” said District Attorney " \
           "Ana Ruiz." in shown
    assert shown.count("<mark>") == 2  # two sentences, as always

