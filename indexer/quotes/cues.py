"""Cue verbs and speaker mentions in a parsed frame: who says the quote in a placeholder slot."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from indexer.quotes.names import first_name_at
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
    believe think feel worry fear predict conclude decide mock denounce decry bemoan assure
    advise pronounce echo imply interrupt exhort scream snap gush rail sneer rave chime grumble
    thunder bellow murmur mutter sigh chuckle hiss opine proclaim admonish implore beg inform
    remind blurt bark confide affirm speculate inquire enquire protest rebut refute dispute
    elaborate clarify tease taunt ridicule deride scold chide berate rebuke lambaste castigate
    condemn gripe whine swear recite preach lecture retweet email gloat fret question reject
    dismiss express refer reference laugh find show indicate press voice intimate
    challenge disavow imagine portray confess credit blame ponder""".split()
)
STRONG_CUES = frozenset("say tell add write explain state note ask reply respond".split())
PRONOUNS = {
    "he": "m", "him": "m", "she": "f", "her": "f", "they": "n", "we": "n", "i": "n",
    "it": "o", "you": "n",
}
QUOTE_TOKENS = {"“", "”", '"', "``", "''", "«", "»", "„"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
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


def slot_tokens(doc: Doc, slot: tuple[int, int]) -> list[Token]:
    """The tokens that start inside the frame span ``slot`` (a quote placeholder)."""
    span = doc.char_span(slot[0], slot[1], alignment_mode="expand")
    return [t for t in span if t.idx >= slot[0]] if span is not None else []


def in_slots(tok: Token, slots: list[tuple[int, int]]) -> bool:
    """True when ``tok`` lies inside one of the quote slots (a placeholder, never a speaker)."""
    return any(a <= tok.idx < b for a, b in slots)


def previous_word(doc: Doc, i: int) -> int:
    """Index of the last token before position ``i`` that is not white space; -1 when none."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j


_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "writes": "write", "thought": "think", "felt": "feel", "spoke": "speak", "spoken": "speak",
    "sang": "sing", "read": "read", "cried": "cry", "cries": "cry", "put": "put",
    "found": "find", "swore": "swear", "sworn": "swear", "shown": "show",
}


@lru_cache(maxsize=8192)
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
        return _answers_back(tok) or _makes_clear(tok)
    if tok.dep_ == "amod" and tok.tag_ in {"VBG", "VBN"} and tok.i < tok.head.i \
            and tok.head.dep_ == "pobj":
        return False  # 'during closing arguments': a modifier of a preposition's noun
    if coarse_pos(tok) in {"VERB", "AUX"}:
        return True
    if coarse_pos(tok) == "PROPN":
        # 'Says' mis-tagged, but not 'Islamic State', 'United States' or a headline's 'STATES'
        return not _in_proper_name(tok) and not tok.is_upper

    return _mistagged_verb(tok)


def _in_proper_name(tok: Token) -> bool:
    """'Washington Post', 'United States', 'State of the Union': a cue word inside a name, or
    in a list of names ('a joint Federal, State, County, and City effort')."""
    doc = tok.doc
    if tok.dep_ == "conj" and tok.head.text[:1].isupper() and tok.head.i < tok.i:
        return True
    if tok.dep_ == "compound" or tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
        return True
    return any(c.dep_ == "compound" and coarse_pos(c) == "PROPN" for c in tok.lefts)


_BACK_VERBS = {"shot", "shoots", "shoot", "fired", "fires", "fire", "hit", "hits", "pushed",
               "pushes", "struck", "strikes"}


def _answers_back(tok: Token) -> bool:
    """'Trump shot back', 'she fired back': a verb of retort made by the particle 'back'."""
    return tok.lower_ in _BACK_VERBS and any(c.lower_ == "back" for c in tok.children)


_MAKE_FORMS = {"make", "makes", "made", "making"}


def _makes_clear(tok: Token) -> bool:
    """'Sanders has made clear that he expects …', 'she made it clear that …': to make clear is
    to state, so the phrase reports what its clause says."""
    return tok.lower_ in _MAKE_FORMS and coarse_pos(tok) in {"VERB", "AUX"} and any(
        c.lower_ == "clear" and c.dep_ in {"oprd", "acomp", "ccomp", "xcomp", "dobj", "advmod"}
        for c in tok.children
    )


def _mistagged_verb(tok: Token) -> bool:
    """'…,” Viguerie notes.' where the tagger read the cue verb as a plural noun."""
    doc = tok.doc
    prev_ok = tok.i > 0 and coarse_pos(doc[tok.i - 1]) in {"PROPN", "PRON"}
    next_ok = tok.i + 1 >= len(doc) or doc[tok.i + 1].is_punct
    return prev_ok and next_ok


def name_before_cue(tok: Token) -> Token | None:
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
    noun = _relative_antecedent(prev, tok) or _appositive_owner(prev, tok)
    if noun is not None:
        return noun
    if coarse_pos(prev) == "PROPN" or prev.lower_ in {"he", "she", "they", "we", "i"}:
        return prev if i == tok.i - 1 or coarse_pos(tok) == "VERB" else None
    if i == tok.i - 1 and i > prev.sent.start and prev.is_title and prev.is_alpha \
            and tok.is_lower:
        return prev  # 'And Skelly called …': a name mis-tagged as an adverb
    return None


def _relative_antecedent(prev: Token, cue: Token) -> Token | None:
    """'A White House official who spoke anonymously said': the noun whose relative clause ends
    right before a subjectless cue."""
    for anc in [prev, *prev.ancestors]:
        if anc.dep_ == "relcl" and anc.right_edge.i == prev.i and anc.head.i < cue.i:
            noun = anc.head
            return noun if coarse_pos(noun) in {"NOUN", "PROPN"} else None
    return None


def _appositive_owner(prev: Token, cue: Token) -> Token | None:
    """'Roy A. Nash, captain of the Coast Guard's port for Southern New England, wrote': the
    name whose appositive ends right before a subjectless cue (not the place closing it)."""
    if cue.i == 0 or cue.doc[cue.i - 1].text != ",":
        return None  # an appositive closed by its comma ('…, the Democratic presidential
        # candidate stated' is the subject, however the parser hung it on the hosts before)
    named = coarse_pos(prev) == "PROPN"  # a name that is itself the appositive speaks
    for anc in [*([] if named else [prev]), *prev.ancestors]:  # ('…, John Doe, wrote')
        if anc.dep_ == "appos" and anc.right_edge.i == prev.i and anc.head.i < anc.i < cue.i:
            name = anc.head  # (not one a preposition governs: 'a letter to Exxon Mobil')
            return name if coarse_pos(name) == "PROPN" and name.dep_ != "pobj" else None
    return None


RELATIVE = {"who", "that", "which"}
# Cue verbs a release fronts before the speaker ('Said Egbufor, "…"', 'Added Sen. Reid, "…"'):
# never a first name there.
FRONTED_CUES = frozenset(
    "said says added adds asked explained noted continued stated declared wrote concluded"
    .split()
)
TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow
    week weeks month months year years day days percent % $""".split()
)
_NOT_SPEAKER_WORDS = {
    "it", "this", "that", "there", "what", "which", "these", "those", "following", "below",
}  # 'Following is the statement …' points at the words; it does not say them


def can_speak(head: Token) -> bool:
    """False for heads that cannot be a speaker: dates, numbers, expletive pronouns, datelines,
    and nobody ('no American is able to …')."""
    if head.lower_ in _NOT_SPEAKER_WORDS:
        return False
    if any(c.dep_ == "det" and c.text in {"no", "neither"} for c in head.lefts):
        return False  # (in lower case: 'No Labels said' names a group)
    if _is_quantity(head) and not _is_age(head):
        return False
    return not _is_dateline(head)


def _is_quantity(head: Token) -> bool:
    """A number, date, time or amount ('Tuesday', '2016', 'last week', '40 percent')."""
    if head.like_num or head.tag_ == "CD":
        return True  # 'Theresa May' is a name, not a month
    return head.lower_ in TIME_WORDS and not any(c.dep_ == "compound" for c in head.lefts)


def _is_dateline(head: Token) -> bool:
    """'PHILADELPHIA, July 25 (UPI) —': an all-caps place opening the article."""
    doc = head.doc
    nxt = doc[head.i + 1].text if head.i + 1 < len(doc) else ""
    return head.is_upper and len(head) > 3 and head.i < 3 and nxt in {",", "(", "—", "-", "--"}


_IT_CUES = frozenset("read call describe term dub label accuse argue claim warn report".split())


def it_says(head: Token, cue: Token) -> bool:
    """'“…,” it added' or 'what it calls “…”': a document or organisation speaks through a
    plain speech or naming verb."""
    return head.lower_ == "it" and cue_lemma(cue.text) in STRONG_CUES | _IT_CUES


def poll_share(head: Token) -> bool:
    """'63 percent said …', 'About four in 10 said …': a share of those polled as a speaker."""
    share = head.lower_ in {"percent", "%"} or coarse_pos(head) == "NUM"
    return share and head.dep_ in SUBJ_DEPS


def _is_age(tok: Token) -> bool:
    """'the 46-year-old' names a person, though the tagger marks it as a DATE."""
    doc = tok.doc
    return tok.lower_ == "old" and tok.i >= 2 and doc[tok.i - 2].lower_ in {"year", "years"}


_DASHES = frozenset({"-", "--", "–", "—"})


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
    for k in range(head.i - 1, left - 1, -1):
        if doc[k].text in _DASHES and k > 0 and doc[k - 1].whitespace_:
            left = k + 1  # '20:57 - Domenici says': a timestamp or label set off by a dash
            break
    while left < head.i and doc[left].is_punct:
        left += 1
    right = head.i
    while right + 1 < len(doc) and (
        doc[right + 1].dep_ in {"compound", "flat"} and _in_np(doc[right + 1], head)
        or _close_appositive(doc[right + 1], head)
    ):
        right += 1
    return doc[left:_in_charge_end(doc, right) + 1]


def _in_charge_end(doc: Doc, right: int) -> int:
    """Where a mention ends that a title closing '… in Charge' continues: 'Special Agent in
    Charge Jane Roe' is one title and a name, which the parser reads as a title with a place
    ('in Charge Jane Roe'), so the name after it would be lost."""
    if right + 2 >= len(doc) or doc[right + 1].lower_ != "in" or doc[right + 2].lower_ != "charge":
        return right
    end = right + 2
    while end + 1 < len(doc) and doc[end + 1].text[:1].isupper() and \
            (doc[end + 1].is_alpha or re.fullmatch(r"[A-Z]\.", doc[end + 1].text)):
        end += 1
    words = [t.text for t in doc[right + 3:end + 1]]
    # a person's name, not a place or an office ('Special Agent in Charge Houston Field Office')
    return end if len(words) >= 2 and first_name_at(words) == 0 \
        and words[-1].lower() not in _PLACE_ENDS else right


# last words of a place or an office, never of a name ('Houston' is a first name too)
_PLACE_ENDS = frozenset("office division field department bureau unit county city district "
                        "region state area station headquarters".split())


def _close_appositive(tok: Token, head: Token) -> bool:
    """'the columnist Mary Chen', 'County's Chief Medical Examiner Dr. Glenn Wagner': a name
    set right after a title, with no comma, is the same person, and the mention runs on to
    it."""
    return tok.dep_ == "appos" and tok.head == head and coarse_pos(tok) == "PROPN" \
        and coarse_pos(head) in {"NOUN", "PROPN"}


def _in_np(tok: Token, head: Token) -> bool:
    return tok == head or head in tok.ancestors


def subject_child(verb: Token) -> Token | None:
    """The verb's first subject; of two written side by side ('U.S. Senate Majority Whip Mitch
    McConnell made …', parsed as a title subject and a name subject) the second, the name."""
    subjects = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    if not subjects:
        return None
    first, *rest = subjects
    if rest and first.right_edge.i + 1 == rest[0].left_edge.i \
            and all(coarse_pos(t) == "PROPN" for t in [*first.subtree, rest[0]]):
        return rest[0]
    return first


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
        agent = passive_agent(cur) if cur == verb else None
        if agent is not None:  # 'Rubio was asked by moderator Gerard Baker'
            return agent, None
        subjects = [c for c in cur.children if c.dep_ in SUBJ_DEPS]
        if subjects:  # of two ('Berea, OH, …, Gov. John Kasich said') the nearest unquoted
            child = min(subjects, key=lambda c: (_quoted(c), abs(c.i - cur.i)))
            if child.lower_ in RELATIVE and cur.dep_ == "relcl":
                return cur.head, child
            return child, None
        if cur == verb and (fronted := _fronted_subject(cur)) is not None:
            return fronted, None
        if cur != verb and _name_read_as_root_noun(cur):
            return cur, None  # 'Trump defended X, calling it “…”' tagged as a noun phrase
        if cur.dep_ in {"conj", "xcomp", "advcl", "relcl", "acl"} and cur.head != cur:
            if cur.dep_ in {"relcl", "acl"}:
                return cur.head, None
            cur = cur.head
        elif cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head != cur.head:
            cur = cur.head.head  # 'After saying …, she was': the clause the phrase modifies
        else:
            return None, None
    return None, None


def _fronted_subject(verb: Token) -> Token | None:
    """'One attendee, who like others spoke on the condition of anonymity, said …' parsed with
    'spoke …' as a clause of 'said': the subject of an unquoted clause hung before a
    subjectless cue, ended by the comma before the cue, is the cue's subject."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != "," or verb.dep_ != "ROOT":
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    if clause is None or any(t.text in QUOTE_TOKENS for t in clause.subtree):
        return None
    subj = next((c for c in clause.children if c.dep_ in SUBJ_DEPS), None)
    if subj is None or coarse_pos(subj) not in {"NOUN", "PROPN"} or subj.i > clause.i:
        return None
    return subj


def _name_read_as_root_noun(tok: Token) -> bool:
    """'Trump defended eminent domain, calling …' parsed as the noun phrase 'Trump (defended
    domain)': a capitalised sentence-initial noun at the root, with the past-tense verb right
    after it read as a modifier, is the subject of that verb."""
    doc = tok.doc
    if tok.dep_ != "ROOT" or coarse_pos(tok) not in {"NOUN", "PROPN"} or not tok.text[:1].isupper():
        return False
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return nxt is not None and nxt.tag_ in {"VBD", "VBN"} and nxt.head.head == tok


def passive_agent(verb: Token) -> Token | None:
    """The 'by' phrase of a passive verb ('was asked by the moderator'): who did the saying."""
    for child in verb.children:
        if child.dep_ == "agent":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and coarse_pos(obj) in {"PROPN", "NOUN", "PRON"}:
                return obj
    return None


def by_author(noun: Token) -> Token | None:
    """The name in a 'by' phrase on a common noun, directly ('an analysis by Pew') or through a
    participle ('a document filed by the state attorney'): who made the source document."""
    if coarse_pos(noun) != "NOUN":
        return None
    holders = [noun, *(c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for holder in holders:
        for by in holder.children:
            if by.dep_ in {"prep", "agent"} and by.lower_ == "by":
                obj = next((c for c in by.children if c.dep_ == "pobj"), None)
                if obj is not None and coarse_pos(obj) in {"PROPN", "NOUN"} and can_speak(obj):
                    return obj
    return None


def _quoted(tok: Token) -> bool:
    """True for a word right after a quote mark (a quote placeholder, not a speaker)."""
    return tok.i > 0 and tok.doc[tok.i - 1].text in QUOTE_TOKENS


def according_to(tok: Token) -> Token | None:
    """The noun after 'according to', or the author of that noun when a 'by' phrase names one
    ('according to audio provided by Wyoming Public Radio', 'calculations by Amy Glasmeier')."""
    to = tok.nbor()
    for child in to.children:
        if child.dep_ == "pobj":
            return by_author(child) or child
    for t in tok.doc[to.i + 1:to.i + 8]:
        if coarse_pos(t) in {"PROPN", "NOUN", "PRON"}:
            return t
    return None
