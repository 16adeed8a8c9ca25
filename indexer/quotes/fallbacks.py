"""Fallback speakers for quotes without a cue: a speech noun's owner or the clause's subject."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from indexer.quotes.cues import (
    QUOTE_TOKENS,
    RELATIVE,
    SUBJ_DEPS,
    CueMatch,
    can_speak,
    in_slots,
    is_cue,
    mention_span,
    previous_word,
    slot_tokens,
    subject_child,
)
from indexer.quotes.roles import ORG_HEADS, ROLE_HEADS
from indexer.quotes.statements import in_title_case, issued_by
from indexer.quotes.tags import coarse_pos, is_named

SPEECH_NOUNS = frozenset(
    """claim remark comment comments statement words word promise pledge phrase assertion
    argument description prediction warning view message slogan line quip retort charge
    accusation insistence boast vow description characterization tweet post answer""".split()
)


_PERSONAL_POSSESSIVES = {"his", "her", "their", "our", "my", "its"}


def _speech_owner(tok: Token) -> Token | None:
    """'Trump’s claim that “…”', 'her remark that “…”': the possessor of a speech noun
    governing the quote, which PolNeAR marks as the source even when it is a pronoun."""
    if tok.lower_ not in SPEECH_NOUNS or coarse_pos(tok) not in {"NOUN", "PROPN"}:
        return None
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is None or not can_speak(poss) and poss.lower_ not in _PERSONAL_POSSESSIVES:
        return None
    if coarse_pos(poss) == "PRON" and tok.head.lower_ == "in":
        return None  # 'in her words, “…”' is the clause subject's, who owns the words
    return poss


def _speech_noun_before(first: Token) -> Token | None:
    """'her remark that “…”', 'her assertion during the debate that “…”': the speech noun
    before 'that' and the quote (past a phrase on it), which owns the quote however the
    parser attached the placeholder."""
    doc, i = first.doc, first.i - 1
    while i >= 0 and (doc[i].text in QUOTE_TOKENS or doc[i].is_space):
        i -= 1
    if i >= 1 and doc[i].text == ",":  # 'her comment that, “…”'
        i -= 1
    if i < 1 or doc[i].lower_ != "that":
        return None
    for k in range(i - 1, max(i - 8, -1), -1):  # 'her assertion during the debate that “…”'
        if doc[k].lower_ in SPEECH_NOUNS:
            return doc[k]
        if doc[k].is_punct or coarse_pos(doc[k]) in {"VERB", "AUX", "PRON"}:
            return None
    return None


def framing_owner(inside: list[Token], slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Obama's “if you like your plan, you can keep it” promise', 'his “read my lips” pledge':
    a quote set between a possessor and a speech noun is the possessor's words, whatever verb
    the phrase hangs on."""
    if not inside:
        return None
    doc, before, after = inside[0].doc, inside[0].i - 1, inside[-1].i + 1
    while before >= 0 and doc[before].text in QUOTE_TOKENS:
        before -= 1
    while after < len(doc) and doc[after].text in QUOTE_TOKENS:
        after += 1
    if before < 0 or after >= len(doc) or doc[after].lower_ not in SPEECH_NOUNS:
        return None
    owner = doc[before]
    if owner.tag_ == "POS" and before > 0:
        owner = doc[before - 1]
    elif owner.lower_ not in _PERSONAL_POSSESSIVES:
        return None
    if in_slots(owner, slots) or not (can_speak(owner) or owner.tag_ == "PRP$"):
        return None
    return CueMatch(doc[after], doc[after].text, owner, mention_span(owner), True, 0)


def _framing_speech_noun(clause: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Trump's accusation that Clinton is playing the “woman's card”': a clause without a
    speech verb that completes an owned speech noun is the owner's words, not its subject's."""
    if is_cue(clause):
        return None
    cur = clause
    for _ in range(3):
        if cur.head == cur or cur.dep_ not in {"ccomp", "acl", "relcl", "advcl", "xcomp"}:
            return None
        cur = cur.head
        if in_slots(cur, slots):
            return None
        owner = _speech_owner(cur)
        if owner is not None and not in_slots(owner, slots):
            return CueMatch(cur, cur.text, owner, mention_span(owner), False, 1)
        if coarse_pos(cur) in {"VERB", "AUX"}:
            return None
    return None


def governing_subject(
    doc: Doc, slot: tuple[int, int], slots: list[tuple[int, int]]
) -> CueMatch | None:
    """Without a cue, the subject of the clause the quote sits in ('Trump called him "…"')."""
    qs, qe = slot
    inside = [t for t in slot_tokens(doc, slot) if not t.is_punct]
    if not inside:
        return None
    noun = _speech_noun_before(inside[0])
    owner = _speech_owner(noun) if noun is not None else None
    if owner is not None and not in_slots(owner, slots):
        return CueMatch(noun, noun.text, owner, mention_span(owner), False, 1)
    root = inside[0]
    while root.head != root and qs <= root.head.idx < qe:
        root = root.head
    cur = root.head
    for _ in range(6):
        if in_slots(cur, slots) or cur.idx < qs and on_heading(cur):
            break
        owner = _speech_owner(cur)
        if owner is not None:
            return CueMatch(cur, cur.text, owner, mention_span(owner), False, 1)
        subj = subject_child(cur)
        if subj is not None and not in_slots(subj, slots):
            framed = _framing_speech_noun(cur, slots)
            if framed is not None:
                return framed
            if (issuer := issued_by(cur, subj)) is not None:  # 'Following is the statement of X'
                return CueMatch(cur, cur.text, issuer, mention_span(issuer), False, 1)
            written = None
            if subj.lower_ in RELATIVE and cur.dep_ == "relcl":
                written, subj = doc[subj.i:subj.i + 1], cur.head
            if can_speak(subj) and (
                coarse_pos(subj) in {"PROPN", "PRON", "NOUN"}
                or is_named(subj)
            ):
                holder = _holder(cur, slots) if written is None else None
                if holder is not None:
                    return holder
                return CueMatch(cur, cur.text, subj, mention_span(subj), False, 1, written)
            return _holder(cur, slots) if written is None else None  # 'one of … would be “…”'
        if cur.head == cur:
            break
        cur = cur.head
    return None


_SPEAKER_NOUNS = ORG_HEADS | ROLE_HEADS


def _holder(clause: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Two analysts found that the Air Force is “…”': a complement clause holds the view of the
    subject of the clause above it, not of its own subject."""
    if clause.dep_ != "ccomp" or clause.head == clause:
        return None
    verb = clause.head
    subj = subject_child(verb)
    if subj is None or in_slots(subj, slots):
        return None
    owner = _speech_owner(subj) or (subj if can_speak(subj) else None)
    if owner is None or owner.lower_ in RELATIVE:
        return None
    return CueMatch(verb, verb.text, owner, mention_span(owner), False, 1)


def _reporting_child(root: Token) -> Token | None:
    """'Schoen elaborated … that superdelegates … may reconsider' or 'Ash argued in his email,
    the incident is …', parsed with the reported clause as the root: the reporting verb the
    parser hung under it, with its subject."""
    return next((c for c in root.children if c.dep_ in {"ccomp", "parataxis"} and c.i < root.i
                 and is_cue(c) and any(g.dep_ in SUBJ_DEPS for g in c.children)), None)


def lead_subject(doc: Doc, slot: tuple[int, int], slots: list[tuple[int, int]],
                 bare: bool = False) -> CueMatch | None:
    """For a quote opening its sentence without a cue, the subject of the sentence before
    it ('Carter said that … ¶ “That’s because …”'), when that subject can be a speaker;
    with ``bare``, only when that sentence holds no quote of its own."""
    qs, qe = slot
    inside = slot_tokens(doc, slot)
    if not inside:
        return None
    sent = inside[0].sent
    if any(not t.is_space and not t.is_punct for t in doc[sent.start:inside[0].i]):
        return None
    j = previous_word(doc, sent.start)
    if j < 0:
        return None
    lead = doc[j].sent
    if bare and any(lead.start_char <= a < lead.end_char for a, _ in slots):
        return None
    if on_heading(lead.root):
        return None  # '9/11 Families Got the Job Done ¶ “…”': a heading names no speaker
    root = lead.root
    aside = next((t for t in lead if t.dep_ == "parataxis" and is_cue(t)), None)
    if aside is not None and any(c.dep_ in SUBJ_DEPS for c in aside.children):
        root = aside  # 'Rather, he said, struggles will coalesce support. ¶ “…”'
    subj = subject_child(root)
    if subj is not None and (owner := issued_by(root, subj)) is not None:
        subj = owner  # 'Following is the statement of Senator X: ¶ "…"'
    if not _person_like(subj) and (report := _reporting_child(root)):
        root, subj = report, subject_child(report)
    if subj is not None and not _person_like(subj) and is_cue(root):
        subj = _named_appositive(subj)
    if subj is None or not _person_like(subj):
        return None
    if in_slots(root, slots) or in_slots(subj, slots):
        return None
    return CueMatch(root, root.text, subj, mention_span(subj), False, 2)


def on_heading(tok: Token) -> bool:
    """Whether a word lies on a line in title case that ends no sentence ('9/11 Families Got the
    Job Done', 'Administration and Congress Need to Get the Job Done'): a heading over the
    paragraphs below, whose subject says none of them, however the parser joined it to them.
    A headline with a verb of speech ('Grassley Says Farm Bill Helps Iowa') still names who
    speaks below it."""
    text = tok.doc.text
    start = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    end = end if end >= 0 else len(text)
    line = re.sub(r"\s*\([^()]*\)$", "", text[start:end].strip())  # '… SARBANES (D-MD)'
    if not line or re.search(r"[.!?:;,\"“”’')\]]$", line):
        return False
    if len(re.findall(r"[^\W\d_][\w'’-]*", line)) < 2 or not in_title_case(line):
        return False
    span = tok.doc.char_span(start, end, alignment_mode="expand")
    return span is None or not any(is_cue(t) for t in span)


def _named_appositive(subj: Token) -> Token | None:
    """The name set beside a common-noun subject of a speech verb ('His former partner at
    Lenox, Lawrence B. Cummings, praised him'), wherever the parser hung it in the subject."""
    return next((t for t in subj.subtree if t.dep_ == "appos" and is_named(t)), None)


def _person_like(subj: Token | None) -> bool:
    """A lead-in subject that can be a quote's speaker: a name, a pronoun or a speaker noun."""
    if subj is None or not can_speak(subj) or subj.lower_ in RELATIVE:
        return False
    return coarse_pos(subj) in {"PROPN", "PRON"} or is_named(subj) or (
        subj.lower_ in _SPEAKER_NOUNS
    )
