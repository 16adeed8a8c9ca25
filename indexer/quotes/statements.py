"""Statements a release prints and who issued them: 'Senator Mikulski's statement', 'the text
of his remarks', 'Following is the statement of Senator Feinstein:'."""

from __future__ import annotations

from spacy.tokens import Token

from indexer.quotes.cues import can_speak
from indexer.quotes.tags import coarse_pos

# What a person issues and a release prints ('Senator Mikulski's statement', 'the text of
# his remarks').
STATEMENT_NOUNS = frozenset(
    "statement statements remarks testimony letter speech op-ed column comments address text "
    "transcript excerpt excerpts".split()
)

# Subjects that point at the text below: 'Following is the statement of Senator Feinstein:'.
_POINTERS = frozenset("following below here attached enclosed".split())
_OWNER_PRONOUNS = frozenset("his her their".split())


def owner_of(noun: Token) -> Token | None:
    """The named owner of a statement noun, through nested ones: 'the statement of U.S.
    Senator Dianne Feinstein', 'excerpts from Dole's letter', 'the text of Senator
    Feinstein's remarks'."""
    seen = 0
    while noun.lower_ in STATEMENT_NOUNS and seen < 4:
        seen += 1
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            prep = next((c for c in noun.children if c.dep_ == "prep"
                         and c.lower_ in {"of", "by", "from"}), None)
            owner = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if owner is None:
            return None
        noun = owner
    if seen and noun.lower_ in _OWNER_PRONOUNS:
        return noun  # 'Following is her statement': resolved like any pronoun
    return noun if seen and coarse_pos(noun) == "PROPN" and can_speak(noun) else None


def issued_by(verb: Token, subject: Token) -> Token | None:
    """For a subject pointing below, the owner of the statement the verb names ('Following is
    the statement of U.S. Senator Dianne Feinstein'). A statement noun as the subject
    ('Senator Mikulski's statement follows') is the mention itself: ``owner_of`` names it."""
    if subject.lower_ not in _POINTERS:
        return None
    verb = subject.head if subject.head != subject else verb  # the clause it is subject of
    noun = next((c for c in verb.children if c.dep_ in {"attr", "nsubj", "nsubjpass", "dobj"}
                 and c != subject and c.lower_ in STATEMENT_NOUNS), None)
    return owner_of(noun) if noun is not None else None
