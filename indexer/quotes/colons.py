"""Quotes opened by a colon: the name, or the subject of the clause, standing before it."""

from __future__ import annotations

from spacy.tokens import Token

from indexer.quotes.cues import (
    FRONTED_CUES,
    QUOTE_TOKENS,
    RELATIVE,
    CueMatch,
    can_speak,
    in_slots,
    mention_span,
    previous_word,
    subject_of,
)
from indexer.quotes.statements import STATEMENT_NOUNS, issued_by
from indexer.quotes.tags import coarse_pos

# Prepositions of a topic heading ('On Iraq:', 'Regarding the budget:'), not of a source.
_TOPIC_PREPOSITIONS = frozenset("on about regarding concerning re over in at to for".split())
# Words besides the statement nouns a 'from' hangs on when it names a source ('More from
# Jones:', 'A message from …').
_FROM_SOURCE = frozenset("more word words quote quotes comment note message".split())


def _topic(noun: Token) -> bool:
    """'On Iraq:' names what the quote is about, not who says it."""
    return noun.dep_ == "pobj" and noun.head.lower_ in _TOPIC_PREPOSITIONS


def _source_phrase(prep: Token) -> bool:
    """'by Jones', or 'from Jones' hung on a verb, 'More' or a statement noun ('follows this
    statement from Senator Feinstein'); not '… the withdrawal of troops from Iraq'."""
    head = prep.head
    return prep.lower_ == "by" or prep.lower_ == "from" and (
        coarse_pos(head) not in {"NOUN", "PROPN"} or head.lower_ in _FROM_SOURCE
        or head.lower_ in STATEMENT_NOUNS
    )


def colon_intro(tok: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Clinton released the following statement:' introduces the quote after the colon: the
    subject of the first clause above ``tok`` whose subject can speak ('Clinton apologized for
    what happened:' skips 'what'); in a verbless lead ('Transcript as follows:', 'From the
    report:') the noun the lead is built on."""
    verb: Token | None = tok
    noun: Token | None = None
    while verb is not None:  # up to the root: a long lead ('… on the vote … in Iraq:')
        if in_slots(verb, slots):
            break
        head = subject_of(verb)
        if head is not None and (owner := issued_by(verb, head)):
            return CueMatch(verb, verb.text, owner, mention_span(owner), False, 1)
        if head is not None and not in_slots(head, slots) and can_speak(head) \
                and head.lower_ not in RELATIVE:
            return CueMatch(verb, verb.text, head, mention_span(head), False, 1)
        if head is not None and not in_slots(head, slots) and coarse_pos(head) != "PRON":
            return None  # '63 percent said:' and the like: a subject, just not a speaker
        if noun is None and coarse_pos(verb) in {"NOUN", "PROPN"} and can_speak(verb) \
                and not _topic(verb):
            noun = verb
        verb = None if verb.head == verb else verb.head
    if noun is None:
        return None
    return CueMatch(noun, noun.text, noun, mention_span(noun), False, 1)


def colon_label(opening: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'… - Jeffrey M. Jones: “…”', 'Rep. Trey Gowdy (R-S.C.): “…”' or 'Kaine took a stance:
    “…”', 'X embraced torture -- "…"': who stands before the colon or dash opening the quote."""
    doc = opening.doc
    colon = previous_word(doc, opening.i)
    if colon < 1 or doc[colon].text not in {":", "):", "--", "—", "―"}:
        return None
    j = colon if doc[colon].text == "):" else colon - 1
    if doc[j].text in {")", "):"}:
        while j > 0 and doc[j].text != "(":
            j -= 1
        j -= 1
    prev = doc[max(j, 0)]
    if in_slots(prev, slots):
        return None
    head = prev
    while head.dep_ in {"compound", "flat"} and head.head.i > head.i:
        head = head.head
    anchor = head
    while anchor.dep_ in {"appos", "conj"} and anchor.head != anchor:
        anchor = anchor.head  # 'in San Antonio, Texas:', 'the death of mayor Cyril M. Joly, Jr.:'
    placed = anchor.dep_ == "pobj" and not _source_phrase(anchor.head)
    if coarse_pos(prev) == "PROPN" and can_speak(prev) and not placed:
        # a name after 'in', 'on' … ('the policy in Iraq:') ends a sentence; 'More from Jones:'
        mark = ":" if doc[colon].text in {":", "):"} else doc[colon].text
        return CueMatch(doc[colon], mark, head, mention_span(head), True, 0)
    return colon_intro(prev, slots)


_DASHES = {"-", "–", "—", "--", "―"}


def dash_label(opening: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Pollsters agree - Carl Bialik: “…”': capitalised words set off by a dash and closed by
    the colon that opens the quote name the source, whatever the clause before the dash says."""
    doc = opening.doc
    colon = previous_word(doc, opening.i)
    if colon < 2 or doc[colon].text != ":" or in_slots(doc[colon], slots):
        return None
    left = colon - 1
    while left >= 0 and (doc[left].text[:1].isupper()
                         or doc[left].lower_ in {"and", "of"} and left < colon - 1):
        left -= 1
    if left < 0 or left == colon - 1 or doc[left].text not in _DASHES \
            or not doc[left + 1].text[:1].isupper() or _joins_words(doc[left]):
        return None
    name = doc[left + 1:colon]
    head = name[-1]
    return CueMatch(doc[colon], ":", head, name, True, 0) if can_speak(head) else None


def _joins_words(dash: Token) -> bool:
    """A hyphen with no space either side joins words ('the DeMint-McCain Amendment:')."""
    return dash.text == "-" and not dash.whitespace_ and dash.i > 0 \
        and not dash.doc[dash.i - 1].whitespace_


def fronted_cue(opening: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Said Egbufor, "…"', 'Said Lautenberg: "…"', 'Said Glenn Schmidt, a teacher in Sun
    Prairie: "…"': a cue verb opening its sentence, then the speaker's name, with the quote
    after the comma or colon that closes the lead, however the parser read the inverted words."""
    doc = opening.doc
    mark = previous_word(doc, opening.i)
    if mark < 2 or doc[mark].text not in {",", ":"} or in_slots(doc[mark], slots):
        return None
    cue = None
    for k in range(mark - 1, max(mark - 30, -1), -1):
        tok = doc[k]
        if tok.text in QUOTE_TOKENS or in_slots(tok, slots):
            return None
        before = doc[k - 1] if k > 0 else None
        if before is None or "\n" in before.whitespace_ or before.is_space \
                or before.text in {".", "!", "?", '"', "”"}:
            cue = tok  # the sentence's first word
            break
    if cue is None or cue.lower_ not in FRONTED_CUES or not cue.text[:1].isupper():
        return None
    end = cue.i + 1
    while end < mark and (doc[end].text[:1].isupper() or doc[end].text == "."):
        end += 1
    if end == cue.i + 1 or end < mark and doc[end].text not in {",", ":"}:
        return None  # 'Said the senator: …' or a clause, not a fronted name
    head = doc[end - 1]
    return CueMatch(cue, cue.text, head, doc[cue.i + 1:end], True, 0) if can_speak(head) else None
