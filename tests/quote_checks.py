"""Shared checks for the quote tests: every quote and mention must index the text it came from."""

from __future__ import annotations

from indexer.quotes import extract_quotes
from indexer.records import Quote


def check_offsets(text: str, quotes: list[Quote]) -> None:
    """Each quote's and mention's offsets slice exactly its text out of ``text``."""
    for q in quotes:
        assert text[q.start:q.end] == q.text
        if q.mention is not None:
            assert text[q.mention_start:q.mention_end] == q.mention


def checked_quotes(text: str, nlp) -> list[Quote]:
    """The quotes of ``text``, offsets checked (statement spans too), without the ``statement``
    spans of issued statements, which tests/test_issuers.py checks."""
    quotes = extract_quotes(text, nlp)
    check_offsets(text, quotes)
    return [q for q in quotes if q.kind != "statement"]


def only_quote(text: str, nlp) -> Quote:
    """The one quote of ``text``, offsets checked."""
    quotes = checked_quotes(text, nlp)
    assert len(quotes) == 1
    return quotes[0]
