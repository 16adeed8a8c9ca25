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
_MENTION_LEFT = {
    "compound", "flat", "amod", "det", "poss", "nmod", "nummod", "npadvmod", "case", "punct"
}
_MENTION_RIGHT = {"compound", "flat", "case", "nummod", "prep", "pobj", "cc", "conj"}


@dataclass
class CueMatch:
    """A cue token, the speaker mention span (frame offsets) and its head token.

    ``written`` is a relative pronoun standing for the mention ('…, who said'), if any.
    """

    cue: Token
    cue_text: str
    head: Token | None
    mention: Span | None
    adjacent: bool
    tier: int = 0  # 0 governs or adjacent, 1 same sentence, 2 next sentence, 3 no speaker
    written: Span | None = None  # the words reported as the mention when not ``mention``


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
    if coarse_pos(tok) in {"VERB", "AUX"}:
        return True
    if coarse_pos(tok) == "PROPN":
        # 'Says' mis-tagged, but not 'Islamic State', 'United States' or a headline's 'STATES'
        return not tok.ent_type_ and not tok.is_upper

    return _mistagged_verb(tok)


def _mistagged_verb(tok: Token) -> bool:
    """'…,” Viguerie notes.' where the tagger read the cue verb as a plural noun."""
    doc = tok.doc
    prev_ok = tok.i > 0 and coarse_pos(doc[tok.i - 1]) in {"PROPN", "PRON"}
    next_ok = tok.i + 1 >= len(doc) or doc[tok.i + 1].is_punct
    return prev_ok and next_ok


def _name_before_cue(tok: Token) -> Token | None:
    """A name or pronoun right before a cue the parser left without a subject.

    Covers '…,” Viguerie notes.' (cue tagged as a noun) and 'X, an aide, said:' (no nsubj).
    """
    i = tok.i - 1
    if i >= 0 and tok.doc[i].text == ",":
        i -= 1
    if i >= 0 and tok.doc[i].text == ")":  # 'Sen. Elizabeth Warren (D-MA) said'
        while i >= 0 and tok.doc[i].text != "(":
            i -= 1
        i -= 1
    if i < 0:
        return None
    prev = tok.doc[i]
    if coarse_pos(prev) == "PROPN" or prev.lower_ in {"he", "she", "they", "we", "i"}:
        return prev if i == tok.i - 1 or coarse_pos(tok) == "VERB" else None
    return None


_RELATIVE = {"who", "that", "which"}
_NOT_SPEAKER_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_NOT_SPEAKER_WORDS = {"it", "this", "that", "there", "what", "which", "these", "those"}


def can_speak(head: Token) -> bool:
    """False for heads that cannot be a speaker: dates, numbers, expletive pronouns, datelines."""
    if head.lower_ in _NOT_SPEAKER_WORDS:
        return False
    if head.ent_type_ in _NOT_SPEAKER_ENTS and not _is_age(head):
        return False
    return not (head.is_upper and len(head) > 3 and head.i < 3 and head.ent_type_ == "GPE")


def _it_says(head: Token, cue: Token) -> bool:
    """'“…,” it added': a document or organisation speaks through a plain speech verb."""
    return head.lower_ == "it" and cue_lemma(cue.text) in STRONG_CUES | {"read"}


def _is_age(tok: Token) -> bool:
    """'the 46-year-old' names a person, though the tagger marks it as a DATE."""
    doc = tok.doc
    return tok.lower_ == "old" and tok.i >= 2 and doc[tok.i - 2].lower_ in {"year", "years"}


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
    return subject_and_relative(verb)[0]


def subject_and_relative(verb: Token) -> tuple[Token | None, Token | None]:
    """The cue's subject and, when it is a relative pronoun ('Beck, who said'), that pronoun.

    The subject returned for a relative clause is the antecedent, which names the speaker;
    PolNeAR marks the relative pronoun itself as the source span.
    """
    cur: Token | None = verb
    for _ in range(4):
        if cur is None:
            return None, None
        for child in cur.children:
            if child.dep_ in _SUBJ_DEPS:
                if child.lower_ in _RELATIVE and cur.dep_ == "relcl":
                    return cur.head, child
                return child, None
        if cur.dep_ in {"conj", "xcomp", "advcl", "relcl", "acl"} and cur.head != cur:
            if cur.dep_ in {"relcl", "acl"}:
                return cur.head, None
            cur = cur.head
        else:
            return None, None
    return None, None


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
                head = _name_before_cue(tok)
        after = tok.i > last.i
        dist = (first.i - tok.i) if not after else (tok.i - last.i)
        gap = doc[min(tok.i, last.i) + 1:max(tok.i, first.i)]
        crosses = any(t.text in {".", ";"} for t in gap) or (after and closes)
        adjacent = dist <= 6 and not crosses
        governs = tok in root.ancestors or tok.lower_ == "according"
        if head is not None and qs <= head.idx < qe:
            head = None
        speaks = head is not None and (can_speak(head) or _it_says(head, tok))
        if head is not None and (any(a <= head.idx < b for a, b in slots) or not speaks):
            head = None
        tier = 3 if head is None else 2 if crosses else 0 if governs or adjacent else 1
        score = tier * 100 + dist - (3 if cue_lemma(tok.text) in STRONG_CUES else 0)
        mention = mention_span(head) if head is not None else None
        written = doc[relative.i:relative.i + 1] if relative is not None and mention else None
        match = CueMatch(tok, cue_text, head, mention, adjacent, tier, written)
        if best is None or score < best[0]:
            best = (score, match)
    if best is None and start < first.sent.start:
        return _colon_intro(doc[start], slots)
    if best is None or best[1].head is None:
        return _colon_label(first, slots) or (best[1] if best else None)
    return _main_subject(_outermost(best[1], slots), slots) if best else None


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


SPEECH_NOUNS = frozenset(
    """claim remark comment comments statement words word promise pledge phrase assertion
    argument description prediction warning view message slogan line quip retort charge
    accusation insistence boast vow description characterization tweet post answer""".split()
)


def _speech_owner(tok: Token) -> Token | None:
    """'Trump’s claim that “…”': the possessor of a speech noun governing the quote."""
    if tok.lower_ not in SPEECH_NOUNS or coarse_pos(tok) not in {"NOUN", "PROPN"}:
        return None
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is None or coarse_pos(poss) == "PRON" or not can_speak(poss):
        return None  # 'his promise of “…”' goes to the clause's subject, who owns it
    return poss


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
        subj = next((c for c in anc.children if c.dep_ in _SUBJ_DEPS), None)
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
        owner = _speech_owner(cur)
        if owner is not None:
            return CueMatch(cur, cur.text, owner, mention_span(owner), False, 1)
        subj = next((c for c in cur.children if c.dep_ in _SUBJ_DEPS), None)
        if subj is not None and not any(a <= subj.idx < b for a, b in slots):
            written = None
            if subj.lower_ in _RELATIVE and cur.dep_ == "relcl":
                written, subj = doc[subj.i:subj.i + 1], cur.head
            if can_speak(subj) and (
                coarse_pos(subj) in {"PROPN", "PRON"} or subj.ent_type_ in {"PERSON", "ORG", "NORP"}
            ):
                return CueMatch(cur, cur.text, subj, mention_span(subj), False, 1, written)
            return None
        if cur.head == cur:
            break
        cur = cur.head
    return None
