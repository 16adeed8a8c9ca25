"""Roles from introductions: a speaker quoted by surname ('“…,” Revesz said') whose role is
written only where the article first names them, in a sentence that holds no quote and so is
never parsed ('Richard Revesz, director of the Institute for Policy Integrity at New York
University's law school, said …', 'Stein spokeswoman Melezia Figueroa said …').

The sentence of each such introduction is parsed (all of a batch's in one ``nlp.pipe``
stream) and read by the same rules as a quote's own mention: the titles and role words before
the name and the appositive after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from indexer.passages import sentence_spans
from indexer.quotes.cues import mention_span
from indexer.quotes.resolve import ArticleContext
from indexer.quotes.roles import appositive, is_person_word, join_tokens, split_mention
from indexer.records import Quote
from indexer.titles import PLURAL_TITLES, singular_title

MAX_SENTENCE = 600  # characters of an introduction's sentence parsed around the name


@dataclass(frozen=True)
class Introduction:
    """Where a quoted speaker's full name is first written outside quotations: the sentence
    parsed around it and the offset of their surname in that sentence."""

    article: int
    name: str
    start: int  # of the parsed text in the article
    text: str
    surname_at: int


def unroled_speakers(quotes: Sequence[Quote]) -> list[str]:
    """The full names of people quoted without a role anywhere in the article."""
    roled = {q.speaker for q in quotes if q.speaker_role}
    names = {q.speaker for q in quotes if q.speaker and q.speaker_kind == "person"
             and " " in q.speaker and q.speaker not in roled}
    return sorted(names)


def introduction(article: int, text: str, name: str, ctx: ArticleContext
                 ) -> Introduction | None:
    """The first place ``name`` is written whole outside quotations, with its sentence."""
    for m in re.finditer(rf"(?<![\w'’\-]){re.escape(name)}(?![\w\-])", text):
        if not ctx.outside_quotes(m.start()):
            continue
        if not may_hold_role(text, m.start(), m.end()):
            return None  # the first naming, bare: no sentence to parse
        start, end = sentence_around(text, m.start(), m.end())
        surname_at = m.start() + name.rfind(" ") + 1 - start
        return Introduction(article, name, start, text[start:end], surname_at)
    return None


# Lowercase words before a name that are no role ('said Jane Doe', 'and Jane Doe')
_NOT_ROLE_BEFORE = frozenset("""said says told asked and or but by with to from for of as that
than like including when while whom who after before against about""".split())


def may_hold_role(text: str, start: int, end: int) -> bool:
    """Whether a name at ``text[start:end]`` is written where a role can be: an appositive
    after it ('Doe, a lawyer') or a lowercase role word before it ('spokeswoman Jane Doe'):
    a cheap test that spares the parse of every other first naming."""
    if re.match(r",\s*[\w“\"'‘]", text[end:end + 4]):
        return True
    before = re.search(r"([\w’'-]+)\s+$", text[max(0, start - 40):start])
    return bool(before) and before.group(1)[:1].islower() \
        and before.group(1) not in _NOT_ROLE_BEFORE


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding ``text[start:end]`` (``passages.sentence_spans``),
    within its paragraph and at most MAX_SENTENCE characters."""
    left = max(text.rfind("\n", 0, start) + 1, start - MAX_SENTENCE // 2)
    right = text.find("\n", end)
    right = min(len(text) if right < 0 else right, end + MAX_SENTENCE // 2)
    for s, e in sentence_spans(text[left:right]):
        if left + s <= start < left + e:
            return left + s, max(left + e, end)
    return left, right


def introduced_role(doc: Doc, intro: Introduction) -> tuple[str, str | None] | None:
    """(role, organisation) that a parsed introduction gives the name, or None when its role
    words name no kind of person ('Trump, self-proclaimed …', 'Wilmore, plenty of material')."""
    head = next((t for t in doc if t.idx == intro.surname_at), None)
    if head is None:
        return None
    mention, appos = mention_span(head), appositive(head)
    parts = split_mention(mention, appos)
    if not parts.role or not parts.name or parts.name.split()[-1] != intro.name.split()[-1]:
        return None
    before = [t for t in mention if t.i < head.i and not t.text[:1].isupper()]
    from_appositive = appos is not None and parts.role != join_tokens(before)
    noun = appos.root if from_appositive else before[-1] if before else None
    return (parts.role, parts.org) if noun is not None and is_person_word(noun) else None


# a plural title over a list of names ('Sens. Mitch McConnell and Christopher Dodd'), up to
# the name that ends it: each name's title
_NAMES = r"(?:[A-Z][\w.'’-]*\s+){1,4}"
_LISTED_UNDER = re.compile(
    rf"\b(?P<title>{'|'.join(sorted((t.capitalize() for t in PLURAL_TITLES), key=len, reverse=True))})"
    rf"\.?\s+{_NAMES}[\w.'’-]*(?:\s*\([^)]{{0,20}}\))?(?:\s*,\s*{_NAMES}[\w.'’-]*"
    r"(?:\s*\([^)]{0,20}\))?)*\s*,?\s+and\s+$")


def listed_title(text: str, name: str) -> str | None:
    """The title a plural title gives a name listed after it ('Sen.' for Christopher Dodd in
    'Sens. Mitch McConnell and Christopher Dodd introduced …'), where the article first writes
    the name; None when no plural title heads the list."""
    at = re.search(rf"(?<![\w'’\-]){re.escape(name)}(?![\w\-])", text)
    if at is None:
        return None
    m = _LISTED_UNDER.search(text[max(0, at.start() - 200):at.start()])
    return singular_title(m.group("title")) if m else None


def add_introduced_roles(texts: Sequence[str], quotes: list[list[Quote]], nlp: Language,
                         batch_size: int = 64) -> None:
    """Give the quotes of speakers quoted without a role the role their introduction writes
    (in place; quotes that have a role keep it), or the title a plural title before a list of
    names gives them ('Sens. Mitch McConnell and Christopher Dodd')."""
    intros = []
    for i, (text, found) in enumerate(zip(texts, quotes, strict=True)):
        names = unroled_speakers(found)
        if names:
            ctx = ArticleContext(text)
            for name in names:
                title = listed_title(text, name)
                if title:
                    quotes[i] = [replace(q, speaker_role=title) if q.speaker == name
                                 and q.speaker_kind == "person" and not q.speaker_role else q
                                 for q in quotes[i]]
                elif (x := introduction(i, text, name, ctx)) is not None:
                    intros.append(x)
    if not intros:
        return
    docs = nlp.pipe([x.text for x in intros], batch_size=batch_size)
    for intro, doc in zip(intros, docs, strict=True):
        got = introduced_role(doc, intro)
        if got is None:
            continue
        role, org = got
        quotes[intro.article] = [
            replace(q, speaker_role=role, speaker_org=q.speaker_org or org)
            if q.speaker == intro.name and q.speaker_kind == "person" and not q.speaker_role
            else q for q in quotes[intro.article]]
