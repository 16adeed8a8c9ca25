"""Cue verbs and speaker mentions in a parsed frame: who says the quote in a placeholder slot."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from indexer.quotes.tags import coarse_pos

CUE_LEMMAS = frozenset(
    """say tell add write explain state note ask argue insist recall continue declare announce
    tweet post reply respond remark warn claim acknowledge admit suggest complain joke quip
    observe predict testify concede conclude emphasize emphasise stress describe call urge vow
    promise shout yell chant wonder muse recount counter interject agree answer report read
    comment caution contend assert maintain allege charge boast brag scoff lament plead pledge
    reiterate repeat confirm deny disclose reveal mention point begin open close summarize
    summarise tout hail praise slam blast criticize criticise attack accuse thank cite put
    quote characterize characterise dub label term brand deem speak whisper sing cry exclaim
    retort reason recommend demand propose acknowledge concur estimate figure guess hope
    believe think feel worry fear predict conclude decide""".split()
)
STRONG_CUES = frozenset("say tell add write explain state note ask reply respond".split())
PRONOUNS = {
    "he": "m", "him": "m", "she": "f", "her": "f", "they": "n", "we": "n", "i": "n",
    "it": "o", "you": "n",
}
QUOTE_TOKENS = {"“", "”", '"', "``", "''", "«", "»", "„"}
_SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
_MENTION_LEFT = {"compound", "flat", "amod", "det", "poss", "nmod", "nummod", "case", "punct"}
_MENTION_RIGHT = {"compound", "flat", "case", "nummod", "prep", "pobj", "cc", "conj"}


@dataclass
class CueMatch:
    """A cue token, the speaker mention span (frame offsets) and its head token."""

    cue: Token
    cue_text: str
    head: Token | None
    mention: Span | None
    adjacent: bool


_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "writes": "write", "thought": "think", "felt": "feel", "spoke": "speak", "spoken": "speak",
    "sang": "sing", "read": "read", "cried": "cry", "cries": "cry", "put": "put",
}


def cue_lemma(word: str) -> str | None:
    """The cue lemma of an inflected word form ('said' -> 'say', 'tweeted' -> 'tweet')."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in CUE_LEMMAS:
        return w
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""),
                         ("ed", "e"), ("d", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and (base := w[: len(w) - len(suffix)] + repl) in CUE_LEMMAS:
            return base
        if suffix in {"ed", "ing"} and len(w) > 5 and w[-len(suffix) - 1] == w[-len(suffix) - 2]:
            base = w[: len(w) - len(suffix) - 1]
            if base in CUE_LEMMAS:
                return base
    return None


def is_cue(tok: Token) -> bool:
    """A verb (or 'according to') that can introduce reported speech."""
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
        return True
    if cue_lemma(tok.text) is None:
        return False
    if coarse_pos(tok) in {"VERB", "AUX", "PROPN"}:
        return True
    return _mistagged_verb(tok)


def _mistagged_verb(tok: Token) -> bool:
    """'…,” Viguerie notes.' where the tagger read the cue verb as a plural noun."""
    doc = tok.doc
    prev_ok = tok.i > 0 and coarse_pos(doc[tok.i - 1]) in {"PROPN", "PRON"}
    next_ok = tok.i + 1 >= len(doc) or doc[tok.i + 1].is_punct
    return prev_ok and next_ok


_NOT_SPEAKER_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_NOT_SPEAKER_WORDS = {"it", "this", "that", "there", "what", "which", "these", "those"}


def can_speak(head: Token) -> bool:
    """False for heads that cannot be a speaker: dates, numbers, expletive pronouns, datelines."""
    if head.ent_type_ in _NOT_SPEAKER_ENTS or head.lower_ in _NOT_SPEAKER_WORDS:
        return False
    return not (head.is_upper and len(head) > 3 and head.i < 3 and head.ent_type_ == "GPE")


def mention_span(head: Token) -> Span:
    """The speaker noun phrase around ``head``: titles, names and modifiers, no appositive."""
    doc = head.doc
    left = head.i
    while left - 1 >= 0:
        prev = doc[left - 1]
        if prev.text in QUOTE_TOKENS:
            break
        if prev.head.i < head.i + 1 and _in_np(prev, head) and prev.dep_ in _MENTION_LEFT:
            left -= 1
        else:
            break
    while left < head.i and doc[left].is_punct:
        left += 1
    right = head.i
    while right + 1 < len(doc) and doc[right + 1].dep_ in {"compound", "flat"} and _in_np(
        doc[right + 1], head
    ):
        right += 1
    return doc[left:right + 1]


def _in_np(tok: Token, head: Token) -> bool:
    return tok == head or head in tok.ancestors


def subject_of(verb: Token) -> Token | None:
    """Grammatical subject of a cue verb, following conjunctions, relative clauses and xcomps."""
    cur: Token | None = verb
    for _ in range(4):
        if cur is None:
            return None
        for child in cur.children:
            if child.dep_ in _SUBJ_DEPS:
                if child.lower_ in {"who", "that", "which"} and cur.dep_ == "relcl":
                    return cur.head
                return child
        if cur.dep_ in {"conj", "xcomp", "advcl", "relcl", "acl"} and cur.head != cur:
            if cur.dep_ in {"relcl", "acl"}:
                return cur.head
            cur = cur.head
        else:
            return None
    return None


def according_to(tok: Token) -> Token | None:
    """The noun after 'according to'."""
    to = tok.nbor()
    for child in to.children:
        if child.dep_ == "pobj":
            return child
    for t in tok.doc[to.i + 1:to.i + 8]:
        if coarse_pos(t) in {"PROPN", "NOUN", "PRON"}:
            return t
    return None


def find_cue(
    doc: Doc, slot: tuple[int, int], slots: list[tuple[int, int]]
) -> CueMatch | None:
    """Best cue for the quote in the frame span ``slot``: nearest cue in the quote's sentence."""
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
    if prev >= 0 and doc[prev].text == ":":
        start = doc[prev].sent.start
    best: tuple[float, CueMatch] | None = None
    for tok in doc[start:end]:
        if any(a <= tok.idx < b for a, b in slots) or not is_cue(tok):
            continue
        if tok.lower_ == "according":
            head, cue_text = according_to(tok), "according to"
        else:
            head, cue_text = subject_of(tok), tok.text
            if head is None and _mistagged_verb(tok):
                head = doc[tok.i - 1]
        dist = (first.i - tok.i) if tok.i < first.i else (tok.i - last.i)
        gap = doc[min(tok.i, last.i) + 1:max(tok.i, first.i)]
        adjacent = dist <= 6 and not any(t.text in {".", ";"} for t in gap)
        score = dist + (0 if head is not None else 30) + (0 if adjacent else 10)
        score -= 3 if cue_lemma(tok.text) in STRONG_CUES else 0
        if head is not None and qs <= head.idx < qe:
            head = None
        if head is not None and (any(a <= head.idx < b for a, b in slots) or not can_speak(head)):
            head = None
        mention = mention_span(head) if head is not None else None
        match = CueMatch(tok, cue_text, head, mention, adjacent)
        if best is None or score < best[0]:
            best = (score, match)
    if best is None and start < first.sent.start:
        return _colon_intro(doc[start], slots)
    return _outermost(best[1], slots) if best else None


def _colon_intro(tok: Token, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Clinton released the following statement:' introduces the quote after the colon."""
    root = tok.sent.root
    head = subject_of(root)
    if head is None or not can_speak(head) or any(a <= head.idx < b for a, b in slots):
        return None
    return CueMatch(root, root.text, head, mention_span(head), False)


def _outermost(match: CueMatch, slots: list[tuple[int, int]]) -> CueMatch:
    """Prefer the outermost reporting clause: 'X said Y called it "…"' is X's report."""
    for anc in match.cue.ancestors:
        if anc.sent != match.cue.sent or not is_cue(anc) or anc.lower_ == "according":
            continue
        head = subject_of(anc)
        if head is not None and can_speak(head) and not any(a <= head.idx < b for a, b in slots):
            match = CueMatch(anc, anc.text, head, mention_span(head), match.adjacent)
    return match


def governing_subject(
    doc: Doc, slot: tuple[int, int], slots: list[tuple[int, int]]
) -> CueMatch | None:
    """Without a cue, the subject of the clause the quote sits in ('Trump called him "…"')."""
    qs, qe = slot
    inside = [t for t in doc if qs <= t.idx < qe and not t.is_punct]
    if not inside:
        return None
    root = inside[0]
    while root.head != root and qs <= root.head.idx < qe:
        root = root.head
    cur = root.head
    for _ in range(6):
        if any(a <= cur.idx < b for a, b in slots):
            break
        subj = next((c for c in cur.children if c.dep_ in _SUBJ_DEPS), None)
        if subj is not None and not any(a <= subj.idx < b for a, b in slots):
            if not can_speak(subj):
                return None
            if coarse_pos(subj) in {"PROPN", "PRON"} or subj.ent_type_ in {"PERSON", "ORG", "NORP"}:
                return CueMatch(cur, cur.text, subj, mention_span(subj), False)
            return None
        if cur.head == cur:
            break
        cur = cur.head
    return None
