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
    subject_and_relative,
    subject_of,
)
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
        after = tok.i > last.i
        if head is not None and after and head.i < first.i:
            head = speaker_beside(last, tok) or head  # parser took a pre-quote subject
        if head is not None:
            head = outside_parens(head)
        dist = (first.i - tok.i) if not after else (tok.i - last.i)
        gap = doc[min(tok.i, last.i) + 1:max(tok.i, first.i)]
        crosses = any(t.text in {".", ";"} for t in gap) or (after and closes)
        adjacent = dist <= 6 and not crosses
        governs = tok in root.ancestors or tok.lower_ == "according"
        if head is not None and qs <= head.idx < qe:
            head = None
        speaks = head is not None and (can_speak(head) or it_says(head, tok))
        if head is not None and (any(a <= head.idx < b for a, b in slots) or not speaks):
            head = None
        tier = 3 if head is None else 2 if crosses else 0 if governs or adjacent else 1
        score = tier * 100 + dist - (3 if cue_lemma(tok.text) in STRONG_CUES else 0)
        mention = mention_span(head) if head is not None else None
        written = doc[relative.i:relative.i + 1] if relative is not None and mention else None
        match = CueMatch(tok, cue_text, head, mention, adjacent, tier, written)
        if best is None or score < best[0]:
            best = (score, match)
        if cue_text == "according to" and head is not None:
            outer.append(match)
    if best is None and start < first.sent.start:
        return _colon_intro(doc[start], slots)
    if best is None or best[1].head is None:
        return _colon_label(first, slots) or (best[1] if best else None)
    chosen = best[1]
    report = next((m for m in outer if m.cue.sent == chosen.cue.sent and chosen.tier <= 2), None)
    if report is not None:
        return report
    return _main_subject(_outermost(chosen, slots), slots)


_NP_START = {"DET", "PROPN", "NOUN", "ADJ", "NUM"}


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
    """'Clinton released the following statement:' introduces the quote after the colon."""
    root = tok.sent.root
    head = subject_of(root)
    if head is None or not can_speak(head) or any(a <= head.idx < b for a, b in slots):
        return None
    return CueMatch(root, root.text, head, mention_span(head), False, 1)


def _colon_label(opening: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'… - Jeffrey M. Jones: “…”' or 'Kaine took a stance: “…”': who stands before the colon."""
    colon = opening.i - 1
    doc = opening.doc
    if colon < 1 or doc[colon].text != ":":
        return None
    prev = doc[colon - 1]
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


def _outermost(match: CueMatch, slots: list[tuple[int, int]]) -> CueMatch:
    """Prefer the outermost reporting clause: 'X said Y called it "…"' is X's report."""
    for anc in match.cue.ancestors:
        if anc.sent != match.cue.sent or not is_cue(anc) or anc.lower_ == "according":
            continue
        head = subject_of(anc)
        if head is not None and can_speak(head) and not any(a <= head.idx < b for a, b in slots):
            match = CueMatch(anc, anc.text, head, mention_span(head), match.adjacent, match.tier)
    return match
