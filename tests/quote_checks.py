"""Shared checks for the quote tests: every quote and mention must index the text it came from."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.quotes import extract_quotes
from indexer.records import Quote


def check_offsets(text: str, quotes: list[Quote]) -> None:
    """Each quote's and mention's offsets slice exactly its text out of ``text``."""
    for q in quotes:
        assert text[q.start:q.end] == q.text
        if q.mention is not None:
            assert text[q.mention_start:q.mention_end] == q.mention


def checked_quotes(text: str, nlp) -> list[Quote]:
    """The quotes of ``text`` as the quote extractor attributes them, before issued statements
    (tests/test_issuers.py checks those, and they take in the quotes that restate them);
    offsets checked, statement spans too."""
    check_offsets(text, extract_quotes(text, nlp))
    quotes = extract_quotes(text, nlp, statements=False)
    check_offsets(text, quotes)
    return quotes


def only_quote(text: str, nlp) -> Quote:
    """The one quote of ``text``, offsets checked."""
    quotes = checked_quotes(text, nlp)
    assert len(quotes) == 1
    return quotes[0]


# Declarative expectations on the quotes of one text, for tables of cases
# (tests/test_quotes_attribution.py). A field's expected value is compared with ``==`` unless it
# is a matcher below; ``at`` is the substring of the text the mention must start at.

FIELDS = {
    "mention": "mention", "speaker": "speaker", "role": "speaker_role", "org": "speaker_org",
    "speaker_kind": "speaker_kind", "kind": "kind", "cue": "cue", "text": "text",
}


@dataclass(frozen=True)
class Contains:
    """The field is a string holding ``part``."""

    part: str

    def __call__(self, value: object) -> bool:
        return isinstance(value, str) and self.part in value


@dataclass(frozen=True)
class StartsWith:
    """The field is a string starting with ``prefix``."""

    prefix: str

    def __call__(self, value: object) -> bool:
        return isinstance(value, str) and value.startswith(self.prefix)


@dataclass(frozen=True)
class Not:
    """The field is anything but ``value``."""

    value: object

    def __call__(self, value: object) -> bool:
        return value != self.value


@dataclass(frozen=True)
class Anything:
    """Any value: a place in a list of ``All`` whose quote this field does not check."""

    def __call__(self, value: object) -> bool:
        return True


ANY = Anything()
MATCHERS = (Contains, StartsWith, Not, Anything)


def _fields(fields: dict[str, object]) -> dict[str, object]:
    """``fields``, its names checked against ``FIELDS`` and ``at``."""
    unknown = set(fields) - set(FIELDS) - {"at"}
    assert not unknown, f"unknown quote fields: {sorted(unknown)}"
    return fields


def _field(quote: Quote, name: str) -> object:
    return quote.mention_start if name == "at" else getattr(quote, FIELDS[name])


def _matches(text: str, quote: Quote, name: str, expected: object) -> bool:
    actual = _field(quote, name)
    if isinstance(expected, MATCHERS):
        return expected(actual)
    if name == "at":
        expected = text.index(expected)
    return actual == expected


def check_quote(text: str, quote: Quote, fields: dict[str, object], where: str = "") -> None:
    """Each of ``fields`` (table field name: expected value or matcher) holds on ``quote``."""
    for name, expected in fields.items():
        assert _matches(text, quote, name, expected), (
            f"{where}{name}: got {_field(quote, name)!r}, expected {expected!r}")


class One:
    """The text has exactly one quote, with these fields (``One(mention="she", at="she said")``)."""

    def __init__(self, **fields: object) -> None:
        self.fields = _fields(fields)

    def check(self, text: str, nlp) -> None:
        check_quote(text, only_quote(text, nlp), self.fields)


class Nth:
    """Quote ``index`` of the text (a negative index counts from the end) has these fields;
    the other quotes and their number are not checked."""

    def __init__(self, index: int, **fields: object) -> None:
        self.index = index
        self.fields = _fields(fields)

    def check(self, text: str, nlp) -> None:
        check_quote(text, checked_quotes(text, nlp)[self.index], self.fields)


class All:
    """The text's quotes in order: each field is given as its list over all of them, so their
    number is checked too (``ANY`` leaves one place unchecked); ``All()`` means no quote."""

    def __init__(self, **fields: list[object]) -> None:
        counts = {len(values) for values in fields.values()}
        assert len(counts) <= 1, "lists of unequal length"
        self.count = counts.pop() if counts else 0
        self.fields = _fields(fields)

    def check(self, text: str, nlp) -> None:
        quotes = checked_quotes(text, nlp)
        assert len(quotes) == self.count, f"{len(quotes)} quotes, expected {self.count}: {quotes}"
        for i, quote in enumerate(quotes):
            check_quote(text, quote, {name: values[i] for name, values in self.fields.items()},
                        f"quote {i}: ")
