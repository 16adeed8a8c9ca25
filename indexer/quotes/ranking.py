"""Cue ranking: choose, among a quote's candidate cues, the one whose subject said it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from indexer.quotes.colons import colon_intro, colon_label, dash_label, fronted_cue
from indexer.quotes.cues import (
    QUOTE_TOKENS,
    STRONG_CUES,
    CueMatch,
    according_to,
    can_speak,
    cue_lemma,
    in_slots,
    is_cue,
    it_says,
    mention_span,
    name_before_cue,
    poll_share,
    previous_word,
    slot_tokens,
    subject_and_relative,
    subject_of,
)
from indexer.quotes.fallbacks import framing_owner
from indexer.quotes.nearby import (
    outside_parens,
    person_above,
    speaker_beside,
    trailing_np_cue,
    unclosed_appositive,
)
from indexer.quotes.reports import (
    document_owner,
    in_their_words,
    main_subject,
    outermost,
    poll_source,
    trailing_attribution,
)
from indexer.quotes.roles import is_thing
from indexer.quotes.tags import coarse_pos


def find_cue(
    doc: Doc, slot: tuple[int, int], slots: list[tuple[int, int]]
) -> CueMatch | None:
    """Best cue for the quote in the frame span ``slot``.

    Cues are ranked by tier, then distance: an aside on the quote's clause ('CNN, Cruz said,'),
    then a cue that governs the quote or sits next to it in the same sentence, then other cues
    of the sentence, then a cue of the next sentence (after a quote that ends its own
    sentence), then cues without a speaker; a subordinate reporting clause beats the main one it
    hangs on, and a bare '“…,” the source recalled' beats a cue before the quote. 'In X's
    words' overrides them all; a colon, a dash or a trailing '“…,” the editorial read' fills in
    where no cue has a speaker; the chosen speaker is then moved to the reporting clause (or poll) PolNeAR marks (see ``reports``).
    """
    qs, qe = slot
    inside = slot_tokens(doc, slot)
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    labelled = dash_label(first, slots) or framing_owner(inside, slots) \
        or fronted_cue(first, slots)
    if labelled is not None:
        return labelled
    start, end = first.sent.start, last.sent.end
    if end < len(doc) and (end - last.i <= 2 or doc[end].is_punct):
        end = doc[end].sent.end
    prev = previous_word(doc, start)
    colon_led = prev >= 0 and doc[prev].text == ":"
    if colon_led:
        start = doc[prev].sent.start
    root = quote_root(inside)
    closes = ends_sentence(inside)
    comma_close = [t.text for t in inside if t.text not in QUOTE_TOKENS][-1:] == [","]
    para_start, para_end = _paragraph(first, last)
    lead = previous_word(doc, para_start)
    if lead >= 0 and doc[lead].text == ":":  # 'X said: ¶ “…”'
        para_start = _paragraph(doc[lead], doc[lead])[0]
    best: tuple[float, CueMatch] | None = None
    outer: list[CueMatch] = []  # 'X said “…”, according to Y' is Y's report
    for tok in doc[start:end]:
        if in_slots(tok, slots) or not is_cue(tok):
            continue
        if not para_start <= tok.i < para_end:
            continue  # a cue in another paragraph belongs to other quotes
        if tok.lower_ == "according":
            head, cue_text = according_to(tok), "according to"
            relative = None
        else:
            (head, relative), cue_text = subject_and_relative(tok), tok.text
            if head is None:
                head = name_before_cue(tok)
            elif relative is None and head.head != tok and (is_thing(head) or head.lower_ == "it"):
                head = person_above(head) or head  # 'X said the process could be “…,” adding'
        after = tok.i > last.i
        if head is None and after and cue_text != "according to":
            head = speaker_beside(last, tok)  # '“…,” added a Democrat': object read as subject
        elif head is not None and after and head.i < first.i:
            head = speaker_beside(last, tok) or head  # parser took a pre-quote subject
        if head is not None:
            head = unclosed_appositive(outside_parens(head), tok)
        dist = (first.i - tok.i) if not after else (tok.i - last.i)
        gap = doc[min(tok.i, last.i) + 1:max(tok.i, first.i)]
        crosses = any(t.text in {".", ";"} for t in gap) or (after and closes)
        adjacent = dist <= 6 and not crosses
        aside = _aside(tok, root)
        governs = tok in root.ancestors or tok.lower_ == "according" or aside
        if head is not None and qs <= head.idx < qe:
            head = None
        speaks = head is not None and (can_speak(head) or it_says(head, tok) or poll_share(head))
        if head is not None and (in_slots(head, slots) or not speaks):
            head = None
        tier = 3 if head is None else 2 if crosses else 0 if governs or adjacent else 1
        strong = cue_lemma(tok.text) in STRONG_CUES
        score = tier * 100 + dist - (3 if strong else 0) + (0 if governs else 8) - 50 * aside
        score += 20 * _cues_below(tok, root)
        if after and not governs and _subordinate(tok):
            score += 20  # '… as “Mr. Trump,” while Trump refers to him as …': its own clause
        if after and comma_close and head is not None and dist <= 6 \
                and _tail_attribution(last, tok, head):
            score -= 50  # '“…,” the source recalled': the comma hands the quote to this cue
        mention = mention_span(head) if head is not None else None
        written = doc[relative.i:relative.i + 1] if relative is not None and mention else None
        match = CueMatch(tok, cue_text, head, mention, adjacent, tier, written)
        if best is None or score < best[0]:
            best = (score, match)
        if cue_text == "according to" and head is not None:
            outer.append(match)
    words = in_their_words(doc[start:last.sent.end], slots)  # not the next sentence's words
    if words is not None:
        return words
    trailing = None if closes else trailing_np_cue(last, slots)
    if trailing is not None and (best is None or best[1].head is None or best[1].tier > 0):
        return trailing
    if best is None and start < first.sent.start:
        return colon_label(first, slots) or colon_intro(doc[start], slots)
    if best is None or best[1].head is None:
        return colon_label(first, slots) or (best[1] if best else None)
    chosen = best[1]
    own = _colon_conjunct(chosen, first, root, slots) or _colon_reporter(chosen, first, slots) \
        or _named_before_echo(chosen, first, root, slots)
    if own is not None:
        return own
    report = next((m for m in outer if m.cue.sent == chosen.cue.sent and chosen.tier <= 2), None)
    if report is not None:
        return report
    chosen = document_owner(chosen, slots)
    if not trailing_attribution(chosen, last):
        chosen = outermost(chosen, slots, root)
    return poll_source(main_subject(chosen, slots), slots)


def _colon_before(first: Token) -> int | None:
    """Index of the colon right before a quote's first token (spaces skipped), if there is one."""
    prev = previous_word(first.doc, first.i)
    return prev if prev >= 0 and first.doc[prev].text == ":" else None


def _colon_conjunct(match: CueMatch, first: Token, root: Token,
                    slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Reid said A, but he gave him a compliment: “…”': a quote opened by a colon belongs to
    the clause before the colon; when that clause is a conjunct with its own subject, that
    subject speaks, not the cue of the first conjunct."""
    if _colon_before(first) is None or match.cue.i > first.i:
        return None
    below = root
    for anc in root.ancestors:
        if anc == match.cue:
            break
        below = anc
    else:
        return None
    if below.dep_ != "conj" or below.head != match.cue:
        return None
    head = subject_of(below)
    if head is None or in_slots(head, slots) or not can_speak(head):
        return None
    return CueMatch(below, below.text, head, mention_span(head), False, 1)


def _colon_reporter(match: CueMatch, first: Token,
                    slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Bundy says to Santilli on camera, who responds enthusiastically: “Okay!”': a later
    reporting verb whose clause runs up to the colon opening the quote reports it, however
    the parser attached the quote."""
    doc = first.doc
    prev = _colon_before(first)
    if prev is None or prev < 1 or match.cue.i > first.i:
        return None
    verb = doc[prev - 1]
    for _ in range(3):
        if coarse_pos(verb) in {"VERB", "AUX"} or verb.head == verb:
            break
        verb = verb.head
    if verb == match.cue or verb.i < match.cue.i or not is_cue(verb) or verb.i > prev:
        return None
    if any(c.lower_ == "what" for c in verb.children):
        return None  # 'he thinks of what his parents told him: “…”': his thought, their words
    head, relative = subject_and_relative(verb)
    if head is None or in_slots(head, slots) or not can_speak(head):
        return None
    written = doc[relative.i:relative.i + 1] if relative is not None else None
    return CueMatch(verb, verb.text, head, mention_span(head), True, 0, written)


_ECHO_PRONOUNS = {"he", "she"}


def _named_before_echo(match: CueMatch, first: Token, root: Token,
                       slots: list[tuple[int, int]]) -> CueMatch | None:
    """'Tyler said that voters know Cruz has “…,” he said': a trailing pronoun cue that only
    repeats a named 'say'-type report whose clause embeds the partial quote; the name is the
    source."""
    head = match.head
    if head is None or head.lower_ not in _ECHO_PRONOUNS or match.cue.i < first.i:
        return None
    if not _embedded(first):
        return None
    for anc in root.ancestors:
        if anc.i >= first.i or anc.sent != first.sent:
            continue
        if not is_cue(anc):
            continue
        if cue_lemma(anc.text) not in STRONG_CUES:
            return None
        subj = subject_of(anc)
        if subj is None or in_slots(subj, slots) or not can_speak(subj):
            return None
        if coarse_pos(subj) != "PROPN":
            return None
        return CueMatch(anc, anc.text, subj, mention_span(subj), False, match.tier)
    return None


def _embedded(first: Token) -> bool:
    """True when the quote opening at ``first`` continues a clause begun before it (a partial
    quote): a lower-case first word, or a word before it that is not punctuation."""
    doc = first.doc
    word = next((t for t in doc[first.i:] if t.text not in QUOTE_TOKENS), first)
    prev = first.i - 1
    return word.text[:1].islower() or prev >= 0 and not doc[prev].is_punct


_SUBORDINATORS = frozenset(
    "while when whenever after before because although though whereas if unless until since"
    .split()
)


def _subordinate(cue: Token) -> bool:
    """True for a cue opening a subordinate clause of its own ('while Trump refers …', 'after
    she said …'), which reports its own words, not the quote before it."""
    return any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in cue.children)


def _tail_attribution(last: Token, cue: Token, head: Token) -> bool:
    """'“…,” the source recalled.' or '“…,” said Bolton.': the words right after a quote are just
    a speaker and a cue, closed by punctuation (not '“…,” and I agree' or '“…,” but he said')."""
    doc = cue.doc
    if head.i <= last.i:
        return False
    nxt = next((t for t in doc[last.i + 1:cue.i + 1] if not t.is_punct), cue)
    if nxt not in (cue, head.left_edge):
        return False
    end = max(cue.i, head.i)
    return end + 1 >= len(doc) or doc[end + 1].is_punct


def _cues_below(cue: Token, root: Token) -> int:
    """How many subordinate reporting clauses with their own subject sit between the quote and
    a cue that governs it ('While Comey said …“…”, he said …': the inner 'said' reports it)."""
    n = 0
    for anc in root.ancestors:
        if anc == cue:
            return n
        if anc.dep_ == "advcl" and is_cue(anc) and subject_of(anc) is not None:
            n += 1
    return 0


_AS_CUES = frozenset("put say write note report explain observe point describe".split())


def _aside(cue: Token, root: Token) -> bool:
    """'CNN, Cruz said, called it “…”', 'The paradox, says Carl Anthony, is that “…”' or 'As
    Ruth Marcus puts it, Obama is trying to make them “…”': a cue set off as an aside on the
    clause that holds the quote."""
    if not (cue.head in root.ancestors or cue.head == root):
        return False
    if cue.dep_ == "advcl" and cue_lemma(cue.text) in _AS_CUES and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in cue.children
    ):
        return True
    return cue.dep_ == "parataxis" and (
        cue.i > 0 and cue.doc[cue.i - 1].text == "," or any(
            c.text == "," and c.i < cue.i for c in cue.children
        )
    )


def _paragraph(first: Token, last: Token) -> tuple[int, int]:
    """Token range of the paragraph (newline-delimited line) from ``first`` to ``last``."""
    doc = first.doc
    start, end = first.i, last.i + 1
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    return start, end


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
