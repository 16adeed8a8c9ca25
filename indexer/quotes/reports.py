"""Which clause reports a quote once its best cue is chosen: the outermost reporter, unless an
aside, a relative or contrasting clause keeps its own speaker; a document's author; the owner
of 'words' that frame the sentence."""

from __future__ import annotations

from spacy.tokens import Span, Token

from indexer.quotes.cues import (
    SUBJ_DEPS,
    CueMatch,
    by_author,
    can_speak,
    cue_lemma,
    in_slots,
    is_cue,
    mention_span,
    subject_of,
)
from indexer.quotes.roles import is_thing
from indexer.quotes.tags import coarse_pos, is_named

_PERSONAL = {"he", "she", "they", "we", "i"}
_NAMING_CUES = {"call", "describe", "dub", "label", "term", "characterize", "characterise", "brand"}
DOCUMENT_NOUNS = frozenset(
    """statement letter ad advertisement video message email e-mail editorial resolution sign
    note memo release tweet post op-ed column article book petition complaint filing
    footage spot commercial mailer flyer banner poster shirt hat card""".split()
)
_OWNER_POS = {"PROPN", "PRON", "NOUN"}
_CONCESSIVE = {"though", "although", "while", "whereas"}
_WORDS_NOUNS = {"words", "view", "views", "opinion", "account", "telling", "post", "tweet"}


def in_their_words(span: Span, slots: list[tuple[int, int]]) -> CueMatch | None:
    """'in Forbes’ words, “…”', 'in Bolton’s view', 'From Bush’s Facebook post: “…”': a phrase
    that hands the sentence to the owner of the words, whatever the verbs say."""
    for tok in span:
        if tok.lower_ not in {"in", "from", "per"} or in_slots(tok, slots):
            continue
        noun = next((c for c in tok.children if c.dep_ == "pobj" and c.lower_ in _WORDS_NOUNS),
                    None)
        if noun is None:
            continue
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        doc = tok.doc
        if poss is None and noun.i >= 2 and doc[noun.i - 1].text in {"’", "'"}:
            poss = doc[noun.i - 2]  # 'in Forbes’ words': the tagger missed the possessive
        if poss is not None and can_speak(poss) and coarse_pos(poss) in {"PROPN", "NOUN"}:
            return CueMatch(tok, tok.text, poss, mention_span(poss), True, 0)
    return None


def trailing_attribution(match: CueMatch, last: Token) -> bool:
    """'…that “…,” Lewandowski added, saying': a cue right after the quote, closed by
    punctuation, is an aside naming the speaker, whatever clause the parser hung it on."""
    cue, doc = match.cue, match.cue.doc
    if not match.adjacent or cue.i <= last.i or cue.i - last.i > 6:
        return False
    end = max(cue.i, match.head.i if match.head is not None else cue.i)
    return end + 1 >= len(doc) or doc[end + 1].is_punct


def document_owner(match: CueMatch, slots: list[tuple[int, int]]) -> CueMatch:
    """'She released a statement saying “…”', 'Trump ran an ad that says “…”': a document that is
    the object of someone's act speaks for its author, the subject of that act; 'an email sent
    by Sanders warned: “…”': a document names its author in a 'by' phrase."""
    doc_noun = match.head
    if doc_noun is None:
        return match
    author = by_author(doc_noun) if doc_noun.lower_ in DOCUMENT_NOUNS else None
    if author is not None and not in_slots(author, slots):
        # 'a fundraising email sent out by Sanders warned …': the document's named author
        return CueMatch(match.cue, match.cue_text, author, mention_span(author), match.adjacent,
                        match.tier)
    document = doc_noun.lower_ in DOCUMENT_NOUNS and doc_noun.dep_ in {"dobj", "pobj"}
    modified = match.cue.dep_ == "acl" and match.cue.head == doc_noun and is_thing(doc_noun)
    if not document and not modified:
        return match
    verb = doc_noun.head
    while verb.dep_ in {"pobj", "prep"} and verb.head != verb:  # 'replacing it with language'
        verb = verb.head
    owner = subject_of(verb)
    if owner is None or in_slots(owner, slots) or not can_speak(owner):
        return match
    if coarse_pos(owner) not in _OWNER_POS and not is_named(owner):
        return match
    return CueMatch(match.cue, match.cue_text, owner, mention_span(owner), match.adjacent,
                    match.tier)


_POLL_NOUNS = {"poll", "polls", "survey", "surveys"}


def poll_source(match: CueMatch, slots: list[tuple[int, int]]) -> CueMatch:
    """'In a CNN poll, 75 percent of Republicans said “…”': a share of respondents speaks
    through the poll, which PolNeAR marks as the source."""
    head = match.head
    if head is None or not _is_share(head):
        return match
    for tok in head.sent:
        if tok.i >= head.i:
            break
        if tok.lower_ in _POLL_NOUNS and coarse_pos(tok) == "NOUN" and not in_slots(tok, slots):
            return CueMatch(match.cue, match.cue_text, tok, mention_span(tok), match.adjacent,
                            match.tier)
    return match


def _is_share(head: Token) -> bool:
    """'75 percent', '31%', 'four in 10', '10 Republicans': a counted part of those polled."""
    return head.lower_ in {"percent", "%"} or coarse_pos(head) == "NUM" or any(
        c.like_num and c.dep_ == "nummod" for c in head.children
    )


def main_subject(match: CueMatch, slots: list[tuple[int, int]]) -> CueMatch:
    """'Ban condemned what he called a “…”': a pronoun speaker inside a subordinate clause
    stands for the main clause's subject, which PolNeAR marks as the source."""
    head = match.head
    if head is None or head.lower_ not in _PERSONAL or match.written is not None:
        return match
    if cue_lemma(match.cue.text) not in _NAMING_CUES or match.cue.dep_ == "relcl":
        return match  # '…, whom he described as “…”' keeps the relative clause's own speaker
    outer: Token | None = None
    for anc in match.cue.ancestors:
        if anc.sent != match.cue.sent:
            break
        subj = next((c for c in anc.children if c.dep_ in SUBJ_DEPS), None)
        if subj is None or subj.i > head.i or in_slots(subj, slots):
            continue
        if can_speak(subj) and coarse_pos(subj) == "PROPN":
            outer = subj
    if outer is None:
        return match
    return CueMatch(match.cue, match.cue_text, outer, mention_span(outer), False, match.tier)


def _own_report(match: CueMatch, root: Token) -> bool:
    """Cues that keep their own speaker: an aside ('CNN, Cruz said, called it “…”') and a
    relative clause governing the quote ('Beck, who said there were “…”', '…, whom he
    described as “…”', '…, which an FBI inquiry said was “…”'), but not a named speaker's
    'in which' clause (see ``_contained_in``)."""
    cue, head = match.cue, match.head
    if cue.dep_ == "parataxis":
        return True
    if cue not in root.ancestors:
        return False
    if match.written is not None:
        return match.written[0].lower_ == "who"
    if _opened_by_to_which(cue) and head is not None and head.head == cue:
        return True  # '…, to which O'Malley interjected: “…”', however the parser hung it
    return cue.dep_ == "relcl" and head is not None and head.head == cue \
        and not _opened_by_that(cue) \
        and (head.lower_ in _PERSONAL or not _contained_in(cue))


def _relative_prep(cue: Token, prep: str, before: bool = False) -> bool:
    """True when the cue's clause has a '<prep> which/whom' phrase (before the cue with
    ``before``)."""
    return any(c.dep_ == "prep" and c.lower_ == prep and (not before or c.i < cue.i) and any(
        g.lower_ in {"which", "whom"} for g in c.children) for c in cue.children)


def _opened_by_to_which(cue: Token) -> bool:
    """'…, to which O'Malley interjected': a cue whose clause opens with 'to which' or 'to
    whom' answers what came before; it is a relative clause of its own, even as an advcl."""
    return _relative_prep(cue, "to", before=True)


def _contained_in(cue: Token) -> bool:
    """'a video …, in which Trump called himself “…”': a relative clause opened by 'in which'
    tells what a document or event holds, so its speech is reported by the clause above."""
    return _relative_prep(cue, "in")


def _opened_by_that(clause: Token) -> bool:
    """A clause opened by the complementizer 'that' is a complement of the verb above: a
    'relative clause' so opened is misparsed ('telling reporters during a visit that he thinks
    …'), and a conjunct so opened is a second complement ('X says A and that she expects …')."""
    return any(c.dep_ == "mark" and c.lower_ == "that" and c.i < clause.i
               for c in clause.children)


def _fronted_under_pronoun(inner: CueMatch, outer: Token) -> bool:
    """'Tyler said that Cruz has “…,” he said' or a missed sentence break ('Bush says he will
    “…” at 7 p.m. He says'): a named report that comes before a pronoun's cue keeps its name."""
    head = inner.head
    return outer.lower_ in _PERSONAL and head is not None and head.lower_ not in _PERSONAL \
        and outer.i > inner.cue.i


def outermost(match: CueMatch, slots: list[tuple[int, int]], root: Token) -> CueMatch:
    """Prefer the outermost reporting clause: 'X said Y called it "…"' is X's report, but not
    across a coordination: in 'X said …, and Y replied "…"' Y's clause is not X's content."""
    if _own_report(match, root):
        return match
    below = match.cue
    governs = match.cue in root.ancestors
    for anc in match.cue.ancestors:
        if governs and below.dep_ == "conj" and any(c.dep_ in SUBJ_DEPS for c in below.children) \
                and not _opened_by_that(below):
            break
        if below.dep_ == "advcl" and any(c.lower_ in _CONCESSIVE for c in below.children):
            break  # 'Ryan said …, though he said, “I hope to.”': a contrasting report of its own
        below = anc
        if anc.sent != match.cue.sent or not is_cue(anc) or anc.lower_ == "according":
            continue
        head = subject_of(anc)
        if head is not None and _fronted_under_pronoun(match, head):
            continue
        if head is not None and can_speak(head) and not in_slots(head, slots):
            match = CueMatch(anc, anc.text, head, mention_span(head), match.adjacent, match.tier)
            if _tail_report(anc, head, slots):
                break  # 'Comey cannot say that “…,” Lewandowski added, saying': the report
    return match


def _tail_report(cue: Token, head: Token, slots: list[tuple[int, int]]) -> bool:
    """'“…,” Lewandowski added': a subject and cue right after a quote's closing mark are
    the sentence's own report, whatever clause the parser hung them under."""
    doc = cue.doc
    left = head.left_edge.i
    if cue.i < head.i or left < 2:
        return False
    mark = doc[left - 1]
    return mark.text in {"”", '"', "''"} and doc[left - 2].text == "," \
        and in_slots(mark, slots)
