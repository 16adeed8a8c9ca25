"""People and organisations named in a parsed frame, guessed from tags and first-name lists.

This stands in for spaCy's NER, which would double the parse time: coreference only needs to
know which proper names are people (a known first name or a title) and which organisations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from indexer.quotes.cues import FRONTED_CUES
from indexer.quotes.names import first_name_at
from indexer.quotes.roles import NOT_PERSON_HEADS, ORG_HEADS, is_title
from indexer.quotes.tags import coarse_pos


@dataclass(frozen=True)
class NamedEntity:
    """A proper-name run of a frame, its kind ('person' | 'org') and frame offset."""

    text: str
    kind: str
    start_char: int


# A name with an apostrophe after its first letter ('O’Neill', "D'Antoni"), which the tagger
# may read as a common noun when the apostrophe is curly
_APOSTROPHE_NAME = re.compile(r"[A-Z]['’][A-Z][a-z]+")


def _name_runs(doc: Doc) -> list[Span]:
    """Maximal runs of capitalised proper-noun tokens ('Sen. Bernie Sanders', 'FBI')."""
    runs: list[Span] = []
    start: int | None = None
    for tok in doc:
        inside = coarse_pos(tok) == "PROPN" and tok.text[:1].isupper() or (
            start is not None and is_title(tok.text) and tok.text[:1].isupper()
        ) or _APOSTROPHE_NAME.fullmatch(tok.text) is not None
        if inside and start is None:
            start = tok.i
        elif not inside and start is not None:
            runs.append(doc[start:tok.i])
            start = None
    if start is not None:
        runs.append(doc[start:])
    return runs


def _entity(run: Span) -> NamedEntity | None:
    """A person for a first name plus surname ('DNC Chair Donna Brazile' -> 'Donna Brazile') or
    a titled name, an organisation for 'Justice Department'-like names and acronyms, else None
    (places, titles of works, ...)."""
    toks = list(run)
    titled = run.start > 0 and is_title(run.doc[run.start - 1].text)
    while toks and is_title(toks[0].text):
        toks.pop(0)
        titled = True
    if len(toks) > 1 and toks[0].lower_ in FRONTED_CUES:
        toks.pop(0)  # 'Said Egbufor, "…"': the fronted cue is no first name
    if not toks:
        return None
    last = toks[-1].text
    if last.lower() in ORG_HEADS or len(toks) == 1 and last.isupper() and 2 <= len(last) <= 5:
        return NamedEntity(run.text, "org", run.start_char)
    if last.lower() in NOT_PERSON_HEADS:
        return None  # 'Hamilton Parkway', 'Tet Festival'
    first = first_name_at([t.text for t in toks])
    if first is not None:
        toks = toks[first:]
    elif not titled:
        return None
    name = run.doc[toks[0].i:toks[-1].i + 1]
    return NamedEntity(name.text, "person", name.start_char)


def named_entities(doc: Doc) -> list[NamedEntity]:
    """The people and organisations a parsed frame names, in order."""
    return [e for e in map(_entity, _name_runs(doc)) if e is not None]
