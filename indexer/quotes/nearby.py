"""Speakers written next to a cue where the parser missed them: between the quote and its cue,
after an inverted cue, before a party-and-state parenthesis or in an unclosed appositive."""

from __future__ import annotations

from spacy.tokens import Token

from indexer.quotes.cues import CueMatch, can_speak, cue_lemma, in_slots, subject_of
from indexer.quotes.roles import is_thing
from indexer.quotes.tags import coarse_pos

_NP_START = {"DET", "PROPN", "NOUN", "ADJ", "NUM"}
_PRONOMINAL = {"another", "others", "one", "some", "many", "both", "several", "all"}
_NP_TAGS = {"DT", "JJ", "NN", "NNS", "NNP", "NNPS", "POS", "PRP$", "CD", "HYPH", "PRP"}


def speaker_beside(last: Token, cue: Token) -> Token | None:
    """The speaker written between a quote and its trailing cue ('“…,” Anne Richards, an aide,
    said') or right after it ('“…,” said the man'), where the parser picked a pre-quote subject."""
    doc = cue.doc
    between = [t for t in doc[last.i + 1:cue.i] if not t.is_punct and not t.is_space]
    if between:
        return _np_head(between) if len(between) <= 15 else None
    if not cue.tag_.startswith("VB") or cue.tag_ in {"VBG", "VBN"} or cue.i + 1 >= len(doc):
        return None
    if coarse_pos(doc[cue.i + 1]) not in _NP_START:
        return None
    head = _np_head(list(doc[cue.i + 1:min(cue.i + 8, len(doc))]))
    return None if head is not None and _in_reported_clause(head, cue) else head


def _finite(verb: Token) -> bool:
    """A verb that makes a clause of its own: tensed, or with a tensed auxiliary ('ranking' in
    'said Oversight ranking Democrat Elijah Cummings' is no clause)."""
    tensed = {"VBD", "VBP", "VBZ", "MD"}
    return verb.tag_ in tensed or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in tensed
                                      for c in verb.children)


def _in_reported_clause(tok: Token, cue: Token) -> bool:
    """Whether a word after the cue lies in the clause the cue reports, with no comma before
    its verb ('…,” said the Senate-passed bill is a major improvement': what is said, not who
    says it)."""
    for anc in tok.ancestors:
        if anc == cue:
            return False
        if anc.dep_ == "ccomp" and anc.head == cue and anc.i > cue.i and _finite(anc):
            # no comma before its verb: 'said David Brock, a confidant who heads … Correct the
            # Record' is a name the parser read as a clause
            return not any(t.text in {",", ";", "—", "–"} for t in cue.doc[cue.i + 1:anc.i])
    return False


def _np_head(toks: list[Token]) -> Token | None:
    """Head of the noun phrase that ``toks`` start with: the first name or noun, past its
    compounds ('Anne Richards' -> Richards); None when it is not a possible speaker."""
    ids = {t.i for t in toks}
    for n, t in enumerate(toks):
        if t.is_punct or coarse_pos(t) == "VERB":
            return None
        alone = t.lower_ in _PRONOMINAL and (n + 1 == len(toks) or toks[n + 1].is_punct)
        if alone or coarse_pos(t) in {"PROPN", "NOUN", "PRON"}:  # '…,” tweeted another.'
            while t.dep_ in {"compound", "flat"} and t.head.i > t.i and t.head.i in ids:
                t = t.head
            return t if can_speak(t) else None
    return None


def unclosed_appositive(head: Token, cue: Token) -> Token:
    """'Clinton, a top aide said, “…”': an 'appositive' running into the cue with no closing
    comma is the speaker, and the name before it the topic."""
    for child in head.children:
        if child.dep_ == "appos" and child.i < cue.i and child.right_edge.i + 1 == cue.i \
                and child.lower_ not in _PRONOMINAL:
            return child if can_speak(child) else head
    return head


def outside_parens(head: Token) -> Token:
    """'Gov. John Kasich (R-OH), said': a head inside a party-and-state parenthesis stands for
    the name just before it."""
    doc = head.doc
    lo = next((i for i in range(head.i - 1, max(head.i - 5, -1), -1) if doc[i].text in "()"), None)
    hi = next((i for i in range(head.i + 1, min(head.i + 5, len(doc))) if doc[i].text in "()"),
              None)
    if lo is None or hi is None or doc[lo].text != "(" or doc[hi].text != ")" or lo < 1:
        return head
    name = doc[lo - 1]
    if coarse_pos(name) != "PROPN" or not can_speak(name):
        return head
    while name.dep_ in {"compound", "flat"} and name.head.i > name.i and name.head.i < lo:
        name = name.head
    return name


def person_above(thing: Token) -> Token | None:
    """The first subject above a thing's clause that is not a thing itself: who a participle
    cue such as 'adding' hung on that clause really belongs to."""
    verb = thing.head
    for _ in range(4):
        if verb.head == verb:
            return None
        verb = verb.head
        subj = subject_of(verb)
        if subj is not None and not is_thing(subj) and can_speak(subj):
            return subj
    return None


def trailing_np_cue(last: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'“…,” the editorial read.' or '“…,” a voice-over in the ad states.': a short noun phrase
    right after the quote and then a cue word, which the tagger often reads as a noun."""
    doc = last.doc
    i = last.i + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    start, head, in_pp = i, None, False
    while i < len(doc) and i - start < 9 and not in_slots(doc[i], slots):
        tok = doc[i]
        if cue_lemma(tok.text) and head is not None and tok.tag_ not in {"NNP", "NNPS"}:
            after = doc[i + 1] if i + 1 < len(doc) else None
            if after is None or after.is_punct or coarse_pos(after) == "ADP":
                span = doc[start:i]
                return CueMatch(tok, tok.text, head, span, True, 0) if can_speak(head) else None
            return None
        if tok.tag_ in _NP_TAGS:
            if not in_pp and tok.tag_ not in {"DT", "POS", "PRP$", "HYPH", "CD"}:
                head = tok
        elif coarse_pos(tok) == "ADP" and head is not None:
            in_pp = True  # 'a voice-over in the ad states'
        else:
            return None
        i += 1
    return None
