"""Coarse part of speech from the tagger's Penn tag, so the slow attribute ruler can be skipped."""

from __future__ import annotations

from spacy.tokens import Token

_PREFIXES = (
    ("NNP", "PROPN"), ("NN", "NOUN"), ("VB", "VERB"), ("MD", "AUX"), ("PRP", "PRON"),
    ("WP", "PRON"), ("JJ", "ADJ"), ("RB", "ADV"), ("DT", "DET"), ("IN", "ADP"), ("CD", "NUM"),
)


def coarse_pos(tok: Token) -> str:
    """Universal POS of a token: spaCy's own when the pipeline set it, else mapped from tag_."""
    if tok.pos_:
        return tok.pos_
    tag = tok.tag_
    for prefix, pos in _PREFIXES:
        if tag.startswith(prefix):
            return pos
    return "X"


def is_named(tok: Token) -> bool:
    """A proper name: tagged as one, or a capitalised noun inside a sentence that the tagger
    read as a common noun ('Trump has hailed …' with 'Trump' as NN) or, as a subject, as a
    verb ('Trump further summed up …' with 'Trump' as VB)."""
    if coarse_pos(tok) == "PROPN":
        return True
    if tok.tag_.startswith("VB") and tok.dep_ in {"nsubj", "nsubjpass"}:
        return tok.text[:1].isupper()
    return tok.tag_ in {"NN", "NNS"} and tok.text[:1].isupper() and not tok.is_sent_start
