"""Cue ranking: choose, among a quote's candidate cues, the one whose subject said it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from indexer.quotes.cues import (
    QUOTE_TOKENS,
    STRONG_CUES,
    SUBJ_DEPS,
    CueMatch,
    according_to,
    can_speak,
    cue_lemma,
    is_cue,
    it_says,
    mention_span,
    name_before_cue,
    poll_share,
    subject_and_relative,
    subject_of,
)
from indexer.quotes.roles import ORG_HEADS, ROLE_HEADS
from indexer.quotes.tags import coarse_pos


def find_cue(
    doc: Doc, slot: tuple[int, int], slots: list[tuple[int, int]]
) -> CueMatch | None:
    """Best cue for the quote in the frame span ``slot``.

    Cues are ranked by tier, then distance: a cue that governs the quote or sits next to it in
    the same sentence first, then other cues of the sentence, then a cue of the next sentence
    (after a quote that ends its own sentence), then cues without a speaker.
    """
    qs, qe = slot
    inside = [t for t in doc if qs <= t.idx < qe]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    start, end = first.sent.start, last.sent.end
    if end < len(doc) and (end - last.i <= 2 or doc[end].is_punct):
        end = doc[end].sent.end
    prev = start - 1
    while prev >= 0 and doc[prev].is_space:
        prev -= 1
    colon_led = prev >= 0 and doc[prev].text == ":"
    if colon_led:
        start = doc[prev].sent.start
    root = quote_root(inside)
    closes = ends_sentence(inside)
    para_start, para_end = _paragraph(doc.text, qs, qe)
    lead_in = doc.text[:para_start].rstrip()
    if lead_in.endswith(":"):  # 'X said: ¶ “…”'
        para_start = _paragraph(doc.text, len(lead_in) - 1, len(lead_in))[0]
    best: tuple[float, CueMatch] | None = None
    outer: list[CueMatch] = []  # 'X said “…”, according to Y' is Y's report
    for tok in doc[start:end]:
        if any(a <= tok.idx < b for a, b in slots) or not is_cue(tok):
            continue
        if not para_start <= tok.idx < para_end:
            continue  # a cue in another paragraph belongs to other quotes
        if tok.lower_ == "according":
            head, cue_text = according_to(tok), "according to"
            relative = None
        else:
            (head, relative), cue_text = subject_and_relative(tok), tok.text
            if head is None:
                head = name_before_cue(tok)
            elif relative is None and head.head != tok and _is_thing(head):
                head = _person_above(head) or head  # 'X said the process could be “…,” adding'

        after = tok.i > last.i
        if head is None and after and cue_text != "according to":
            head = speaker_beside(last, tok)  # '“…,” added a Democrat': object read as subject
        elif head is not None and after and head.i < first.i:
            head = speaker_beside(last, tok) or head  # parser took a pre-quote subject
        if head is not None:
            head = outside_parens(head)
        dist = (first.i - tok.i) if not after else (tok.i - last.i)
        gap = doc[min(tok.i, last.i) + 1:max(tok.i, first.i)]
        crosses = any(t.text in {".", ";"} for t in gap) or (after and closes)
        adjacent = dist <= 6 and not crosses
        aside = _aside(tok, root)
        governs = tok in root.ancestors or tok.lower_ == "according" or aside
        if head is not None and qs <= head.idx < qe:
            head = None
        speaks = head is not None and (can_speak(head) or it_says(head, tok) or poll_share(head))
        if head is not None and (any(a <= head.idx < b for a, b in slots) or not speaks):
            head = None
        tier = 3 if head is None else 2 if crosses else 0 if governs or adjacent else 1
        strong = cue_lemma(tok.text) in STRONG_CUES
        score = tier * 100 + dist - (3 if strong else 0) + (0 if governs else 8) - 50 * aside
        mention = mention_span(head) if head is not None else None
        written = doc[relative.i:relative.i + 1] if relative is not None and mention else None
        match = CueMatch(tok, cue_text, head, mention, adjacent, tier, written)
        if best is None or score < best[0]:
            best = (score, match)
        if cue_text == "according to" and head is not None:
            outer.append(match)
    trailing = None if closes else _trailing_np_cue(last, slots)
    if trailing is not None and (best is None or best[1].head is None or best[1].tier > 0):
        return trailing
    if best is None and start < first.sent.start:
        return _colon_label(first, slots) or _colon_intro(doc[start], slots)
    if best is None or best[1].head is None:
        return _colon_label(first, slots) or (best[1] if best else None)
    chosen = best[1]
    report = next((m for m in outer if m.cue.sent == chosen.cue.sent and chosen.tier <= 2), None)
    if report is not None:
        return report
    chosen = _document_owner(chosen, slots)
    if not _trailing_attribution(chosen, last):
        chosen = _outermost(chosen, slots, root)
    return _main_subject(chosen, slots)


def _trailing_attribution(match: CueMatch, last: Token) -> bool:
    """'…that “…,” Lewandowski added, saying': a cue right after the quote, closed by
    punctuation, is an aside naming the speaker, whatever clause the parser hung it on."""
    cue, doc = match.cue, match.cue.doc
    if not match.adjacent or cue.i <= last.i or cue.i - last.i > 6:
        return False
    end = max(cue.i, match.head.i if match.head is not None else cue.i)
    return end + 1 >= len(doc) or doc[end + 1].is_punct


DOCUMENT_NOUNS = frozenset(
    """statement letter ad advertisement video message email e-mail editorial resolution sign
    note memo release tweet post op-ed column article book petition complaint filing
    footage spot commercial mailer flyer banner poster shirt hat card""".split()
)
_OWNER_POS = {"PROPN", "PRON"}


def _document_owner(match: CueMatch, slots: list[tuple[int, int]]) -> CueMatch:
    """'She released a statement saying “…”', 'Trump ran an ad that says “…”': a document that is
    the object of someone's act speaks for its author, the subject of that act."""
    doc_noun = match.head
    if doc_noun is None:
        return match
    document = doc_noun.lower_ in DOCUMENT_NOUNS and doc_noun.dep_ == "dobj"
    modified = match.cue.dep_ == "acl" and match.cue.head == doc_noun and _is_thing(doc_noun)
    if not document and not modified:
        return match
    verb = doc_noun.head
    while verb.dep_ in {"pobj", "prep"} and verb.head != verb:  # 'replacing it with language'
        verb = verb.head
    owner = subject_of(verb)
    if owner is None or any(a <= owner.idx < b for a, b in slots) or not can_speak(owner):
        return match
    if coarse_pos(owner) not in _OWNER_POS | {"NOUN"} and owner.ent_type_ not in {
        "PERSON", "ORG", "NORP"
    }:
        return match
    return CueMatch(match.cue, match.cue_text, owner, mention_span(owner), match.adjacent,
                    match.tier)


def _person_above(thing: Token) -> Token | None:
    """The first subject above a thing's clause that is not a thing itself: who a participle
    cue such as 'adding' hung on that clause really belongs to."""
    verb = thing.head
    for _ in range(4):
        if verb.head == verb:
            return None
        verb = verb.head
        subj = subject_of(verb)
        if subj is not None and not _is_thing(subj) and can_speak(subj):
            return subj
    return None


def _is_thing(tok: Token) -> bool:
    """A common noun that is neither a person, a role nor an organisation ('softer language')."""
    return coarse_pos(tok) == "NOUN" and tok.lower_ not in ORG_HEADS | ROLE_HEADS \
        and tok.ent_type_ not in {"PERSON", "ORG", "NORP"}


_NP_START = {"DET", "PROPN", "NOUN", "ADJ", "NUM"}
_NP_TAGS = {"DT", "JJ", "NN", "NNS", "NNP", "NNPS", "POS", "PRP$", "CD", "HYPH", "PRP"}


def _trailing_np_cue(last: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'“…,” the editorial read.' or '“…,” a voice-over in the ad states.': a short noun phrase
    right after the quote and then a cue word, which the tagger often reads as a noun."""
    doc = last.doc
    i = last.i + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    start, head, in_pp = i, None, False
    while i < len(doc) and i - start < 9 and not any(a <= doc[i].idx < b for a, b in slots):
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


def _aside(cue: Token, root: Token) -> bool:
    """'CNN, Cruz said, called it “…”' or 'The paradox, says Carl Anthony, is that “…”': a cue
    set off as an aside on the clause that holds the quote."""
    return cue.dep_ == "parataxis" and (cue.head in root.ancestors or cue.head == root) and (
        cue.i > 0 and cue.doc[cue.i - 1].text == "," or any(
            c.text == "," and c.i < cue.i for c in cue.children
        )
    )


def speaker_beside(last: Token, cue: Token) -> Token | None:
    """The speaker written between a quote and its trailing cue ('“…,” Anne Richards, an aide,
    said') or right after it ('“…,” said the man'), where the parser picked a pre-quote subject."""
    doc = cue.doc
    between = [t for t in doc[last.i + 1:cue.i] if not t.is_punct]
    if between:
        return _np_head(between) if len(between) <= 15 else None
    if not cue.tag_.startswith("VB") or cue.tag_ in {"VBG", "VBN"} or cue.i + 1 >= len(doc):
        return None
    if coarse_pos(doc[cue.i + 1]) not in _NP_START:
        return None
    return _np_head(list(doc[cue.i + 1:min(cue.i + 8, len(doc))]))


def _np_head(toks: list[Token]) -> Token | None:
    """Head of the noun phrase that ``toks`` start with: the first name or noun, past its
    compounds ('Anne Richards' -> Richards); None when it is not a possible speaker."""
    ids = {t.i for t in toks}
    for t in toks:
        if t.is_punct or coarse_pos(t) == "VERB":
            return None
        if coarse_pos(t) in {"PROPN", "NOUN", "PRON"}:
            while t.dep_ in {"compound", "flat"} and t.head.i > t.i and t.head.i in ids:
                t = t.head
            return t if can_speak(t) else None
    return None


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


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """Frame offsets of the paragraph (newline-delimited line) holding ``text[start:end]``."""
    stop = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if stop < 0 else stop


def quote_root(inside: list[Token]) -> Token:
    """The token of a quote placeholder whose head lies outside it (its attachment point)."""
    ids = {t.i for t in inside}
    words = [t for t in inside if not t.is_punct] or inside
    return next((t for t in words if t.head.i not in ids or t.head == t), words[0])


def ends_sentence(inside: list[Token]) -> bool:
    """True when the quote closes its own sentence: '“… so.” He said' starts a new one."""
    toks = [t for t in inside if t.text not in QUOTE_TOKENS]
    if not toks or toks[-1].text not in {".", "?", "!"}:
        return False
    nxt = inside[-1].i + 1
    doc = inside[-1].doc
    if toks[-1].text == "." or nxt >= len(doc):
        return True
    follower = doc[nxt]
    return follower.text[:1].isupper() and coarse_pos(follower) not in {"PROPN", "NOUN"}


def _colon_intro(tok: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Clinton released the following statement:' introduces the quote after the colon: the
    subject of the first clause above ``tok`` that has one (the parser may join the quote)."""
    verb: Token | None = tok
    for _ in range(8):
        if verb is None or any(a <= verb.idx < b for a, b in slots):
            return None
        head = subject_of(verb)
        if head is not None:
            if not can_speak(head) or any(a <= head.idx < b for a, b in slots):
                return None
            return CueMatch(verb, verb.text, head, mention_span(head), False, 1)
        verb = None if verb.head == verb else verb.head
    return None


def _colon_label(opening: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'… - Jeffrey M. Jones: “…”', 'Rep. Trey Gowdy (R-S.C.): “…”' or 'Kaine took a stance:
    “…”': who stands before the colon that opens the quote."""
    doc = opening.doc
    colon = opening.i - 1
    while colon > 0 and doc[colon].is_space:
        colon -= 1
    if colon < 1 or doc[colon].text not in {":", "):"}:
        return None
    j = colon - 1 if doc[colon].text == ":" else colon
    if doc[j].text in {")", "):"}:
        while j > 0 and doc[j].text != "(":
            j -= 1
        j -= 1
    prev = doc[max(j, 0)]
    if any(a <= prev.idx < b for a, b in slots):
        return None
    if coarse_pos(prev) == "PROPN" and can_speak(prev):
        head = prev
        while head.dep_ in {"compound", "flat"} and head.head.i > head.i:
            head = head.head
        return CueMatch(doc[colon], ":", head, mention_span(head), True, 0)
    return _colon_intro(prev, slots)


_PERSONAL = {"he", "she", "they", "we", "i"}
_NAMING_CUES = {"call", "describe", "dub", "label", "term", "characterize", "characterise", "brand"}


def _main_subject(match: CueMatch, slots: list[tuple[int, int]]) -> CueMatch:
    """'Ban condemned what he called a “…”': a pronoun speaker inside a subordinate clause
    stands for the main clause's subject, which PolNeAR marks as the source."""
    head = match.head
    if head is None or head.lower_ not in _PERSONAL or match.written is not None:
        return match
    if cue_lemma(match.cue.text) not in _NAMING_CUES:
        return match
    outer: Token | None = None
    for anc in match.cue.ancestors:
        if anc.sent != match.cue.sent:
            break
        subj = next((c for c in anc.children if c.dep_ in SUBJ_DEPS), None)
        if subj is None or subj.i > head.i or any(a <= subj.idx < b for a, b in slots):
            continue
        if can_speak(subj) and coarse_pos(subj) == "PROPN":
            outer = subj
    if outer is None:
        return match
    return CueMatch(match.cue, match.cue_text, outer, mention_span(outer), False, match.tier)


def _outermost(match: CueMatch, slots: list[tuple[int, int]], root: Token) -> CueMatch:
    """Prefer the outermost reporting clause: 'X said Y called it "…"' is X's report, but not
    across a coordination: in 'X said …, and Y replied "…"' Y's clause is not X's content."""
    if match.written is not None and match.written[0].lower_ == "who" and match.cue in root.ancestors:
        return match  # 'said Beck, who said there were “…”': the relative clause's own report
    if match.cue.dep_ == "parataxis":
        return match  # 'CNN, Cruz said, called it “…”': the aside names the speaker
    if match.cue.dep_ == "relcl" and match.head is not None and match.head.lower_ in _PERSONAL \
            and match.head.head == match.cue and match.cue in root.ancestors:
        return match  # '…, whom he described as “…”': the relative clause's own speaker
    below = match.cue
    governs = match.cue in root.ancestors
    for anc in match.cue.ancestors:
        if governs and below.dep_ == "conj" and any(c.dep_ in SUBJ_DEPS for c in below.children):
            break
        below = anc
        if anc.sent != match.cue.sent or not is_cue(anc) or anc.lower_ == "according":
            continue
        head = subject_of(anc)
        if head is not None and can_speak(head) and not any(a <= head.idx < b for a, b in slots):
            match = CueMatch(anc, anc.text, head, mention_span(head), match.adjacent, match.tier)
    return match
