"""Titles, roles and organisations: split a speaker mention into name, role and organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from indexer.quotes.cues import QUOTE_TOKENS, RELATIVE, TIME_WORDS
from indexer.quotes.names import NAME_SUFFIXES, first_name_at, is_first_name
from indexer.quotes.tags import coarse_pos, is_named
from indexer.titles import (  # noqa: F401  (re-exported: the extractor's modules import them here)
    COURTESY_TITLES,
    DOCUMENT_HEADS,
    PLURAL_TITLES,
    TITLES,
    is_title,
    only_qualifiers,
    singular_title,
)

ORG_HEADS = frozenset(
    """police department office campaign agency company committee commission administration
    government ministry bureau council board authority court union party spokesperson
    organization organisation association group team service services center centre
    university school hospital firm corporation corp inc institute foundation coalition
    network newspaper paper station website site statement report court prosecutors
    officials authorities investigators sheriff's patrol force army navy military pentagon
    congress senate house legislature embassy county city state district fbi cia
    delegation subcommittee caucus college academy chamber panel guard staff members
    democrats republicans times journal post news magazine review tribune gazette herald
    press today church federation legion league alliance society chronicle laboratory lab
    conservancy pac llc""".split()
)
# Places, buildings and events: capitalised names that are nobody ('George Washington
# University', 'Hamilton Parkway', 'Tet Festival').
PLACE_HEADS = frozenset(
    """college hall memorial park street avenue road boulevard bridge airport library museum
    church cathedral stadium arena building plaza square tower center centre day act award
    prize parkway drive lane highway freeway blvd trail canyon creek river lake beach valley
    abbey festival parade fair week contest championship championships tournament cup games
    olympics summit conference convention""".split()
)  # and events named like places ('the 1988 Eurovision Song Contest' is no Song Contest)
# Heads of sources that are not people, and of names that are nobody at all.
SOURCE_HEADS = ORG_HEADS | DOCUMENT_HEADS
NOT_PERSON_HEADS = SOURCE_HEADS | PLACE_HEADS
ROLE_HEADS = frozenset(
    """spokesman spokeswoman spokesperson officer sergeant sgt detective chief captain
    lieutenant director manager secretary president chairman chairwoman senator governor
    mayor attorney prosecutor lawyer judge aide adviser advisor strategist analyst official
    representative executive ceo founder professor economist expert leader member candidate
    nominee minister ambassador commissioner sheriff deputy trooper agent investigator""".split()
)
PEOPLE_NOUNS = frozenset(
    """people voter supporter critic expert resident protester activist member lawmaker
    observer scholar student worker fan reader viewer respondent american democrat
    republican conservative liberal delegate donor opponent ally friend crowd audience
    audiences family parent neighbor veteran citizen official authority investigator""".split()
)
_PEOPLE_HEADS = ROLE_HEADS | PEOPLE_NOUNS
_SPEAKING_HEADS = ORG_HEADS | _PEOPLE_HEADS  # nouns for someone or something that speaks
_DOTLESS = re.compile(r"\.$")
# First words of two-word states ('D-New York', 'R-South Carolina').
_STATE_OPENERS = frozenset("New North South West Rhode".split())
# 'R-Ga.', 'D-N.Y.', 'I-Vt.' opening an appositive: a party and state, not a role.
_PARTY_STATE = re.compile(
    rf"^(?:[DRI]|Ind)\s?-\s?(?!Day\b)(?:(?:{'|'.join(sorted(_STATE_OPENERS))})\s)?"
    r"[A-Z][A-Za-z.]*,?(?:\s+(?=\S)|$)"
)
# Honorifics that add nothing after a written role ('Majority Leader Sen.').
_HONORIFICS = frozenset("mr mrs ms miss dr sen senator rep".split())
_COURTESY = frozenset("mr mrs ms miss dr".split())  # honorifics that are never an office
# a country's initials written into an office's name ('U.S. Attorney', 'U.N. Ambassador'): kept
# in the role, where an organisation's capitals ('KCPD Sgt.') are its organisation
_COUNTRY_INITIALS = re.compile(r"U\.\s?[SKN]\.")
# Title words that qualify the title after them ('Former Sen.', 'State Rep.', 'Acting Chief').
_QUALIFIERS = frozenset("former state acting interim deputy vice first special assistant".split())
_DEGREES = frozenset("m.d md ph.d phd d.o esq j.d".split())
_ORG_PREPS = frozenset("of at for with".split())
# Title words that also occur inside names ('Kelly St. John'): no cut there.
_NAME_PARTICLES = frozenset("st saint".split())


@dataclass(frozen=True)
class NameParts:
    """A mention split into the proper name, leading titles, role words and organisation."""

    name: str
    titles: tuple[str, ...]
    role: str | None
    org: str | None


def strip_titles(name: str) -> tuple[str, list[str]]:
    """Remove the titles before a name; return the bare name and the words taken off. A title
    inside the string ends them too: 'Brooklyn Acting District Attorney Eric Gonzalez' is Eric
    Gonzalez, with 'Brooklyn Acting District Attorney' before him."""
    words = name.split()
    titles = []
    while len(words) > 1 and is_title(words[0]):
        titles.append(words.pop(0))
    last = max((i for i, w in enumerate(words[:-1]) if is_title(w) and w[:1].isupper()
                and _DOTLESS.sub("", w.lower()) not in _NAME_PARTICLES), default=None)
    rest = words[last + 1:] if last is not None else []
    if rest and all(w[:1].isupper() for w in rest) \
            and any(_DOTLESS.sub("", w.lower()) not in NAME_SUFFIXES for w in rest):
        titles += words[:last + 1]
        words = words[last + 1:]
    return " ".join(words), titles


# Capitalised nouns that stand for a party in a case, never a name ('Defendant dubbed himself').
_PARTY_NOUNS = frozenset(
    """defendant defendants victim victims plaintiff plaintiffs suspect suspects witness
    petitioner respondent appellant appellee inmate people prosecution defense co-defendant
    co-defendants codefendant codefendants""".split()
)


# Capitalised at a sentence's start, never part of a name ('Both Chambliss and Isakson said',
# 'Does Tehran think …').
FUNCTION_WORDS = frozenset(
    """both each all every either neither does do did is was are were will would can could
    should has have had may might must another other some any no not joining according""".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _is_name_token(tok: Token) -> bool:
    if not is_named(tok) or is_title(tok.text) or not tok.text[:1].isupper():
        return False
    if tok.lower_ in _PARTY_NOUNS or tok.lower_ in FUNCTION_WORDS or tok.lower_ in _WEEKDAYS:
        return False  # 'Murkowski Thursday said' names Murkowski
    if tok.lower_ in _QUALIFIERS:
        return False  # 'First Assistant Brooks told jurors': Brooks, with his office's words
    return not (tok.text.isupper() and len(tok.text) > 2)


# Lower-case particles inside names ('de Blasio', 'van der Berg', 'bin Salman')
NAME_PARTICLES = frozenset("de van von der den da del della di du bin ibn".split())


def _particle_in_name(tok: Token, span: Span) -> bool:
    """A name particle between a surname and a first name, a title or the mention's start."""
    if tok.text in {"St.", "Saint"} and tok.i > span.start:
        return is_first_name(tok.doc[tok.i - 1].text)  # 'Chief Rich St. John', 'Ann St. Clair'
    if tok.text not in NAME_PARTICLES:
        return False
    if tok.i == span.start:
        return True
    before = tok.doc[tok.i - 1]
    return is_title(before.text) or _is_name_token(before) and is_first_name(before.text) \
        or before.text in NAME_PARTICLES


def split_mention(span: Span, appos: Span | None) -> NameParts:
    """Split a mention like 'KCPD Sgt. Jake Becchina' into name, titles, role and org."""
    toks = list(span)
    name_toks: list[Token] = []
    for tok in reversed(toks):
        if not name_toks and tok.lower_ in _WEEKDAYS:
            continue  # 'Murkowski Thursday said': the day ends the mention, not the name
        if tok.lower_ == "charge" and tok.i > span.start and tok.doc[tok.i - 1].lower_ == "in":
            if first_name_at([t.text for t in name_toks]) != 0 or \
                    name_toks and name_toks[-1].lower_ in NOT_PERSON_HEADS:
                name_toks = []  # 'Special Agent in Charge Houston Field Office': no person
            break  # 'Special Agent in Charge Jane Roe': the title ends the name
        if name_toks and _inner_hyphen(tok):
            left = tok.doc[tok.i - 1]
            if is_title(left.text) or not _is_name_token(left):
                name_toks.pop(0)  # 'Sheriff-Coroner Sandra Hutchens': the title's other half
                break
            name_toks.insert(0, tok)  # 'Mary-Ellen Barrett', 'Lilia García-Brower'
        elif _is_name_token(tok) or (name_toks and re.fullmatch(r"[A-Z]\.", tok.text)):
            name_toks.insert(0, tok)
        elif name_toks and _particle_in_name(tok, span):
            name_toks.insert(0, tok)  # 'Bill de Blasio', 'Mayor de Blasio'
        elif name_toks or not (tok.is_punct or _DOTLESS.sub("", tok.lower_) in NAME_SUFFIXES):
            break  # 'the Acting District Attorney': a title ends it, so no name ('District')
    titles = [t.text for t in toks if is_title(t.text) and t.text[:1].isupper()]
    before = [t for t in toks if not name_toks or t.i < name_toks[0].i]
    role_words = _role_tokens(before)
    org_words = [
        t for t in before
        if coarse_pos(t) == "PROPN" and t.text.isupper() and len(t.text) > 1 and not is_title(t.text)
        and not _no_org(t.text)  # 'U.S. Sen.': no organisation
    ]
    role = _role_text(role_words, single=bool(name_toks)) or None
    org = join_tokens(org_words) or None
    if not name_toks and appos is not None:
        named = _leading_name(appos)
        if named:
            # 'the city's mayor, Ann Ortiz': the appositive names the speaker the role describes
            return NameParts(join_tokens(named), tuple(titles), role, org)
    if appos is not None and appos.start < span.end:  # 'Special Agent in Charge Mark Dargis of
        # the FBI San Diego Field Office': the appositive is the mention's own name, and the
        # words after it name where the speaker serves
        if appos.end > span.end:
            org = org or _org_in(appos.doc[span.end:appos.end])
    elif appos is not None and not _only_names(appos) \
            and not (name_toks and _names_another(appos)) \
            and _DOTLESS.sub("", appos.text.strip(" ,").lower()) not in NAME_SUFFIXES:
        # ('Orlando Ortega, Jr., who …': the suffix is the name's, no role)
        appos_text = _clean_appos(appos)
        if appos_text and not (role and _one_of(appos)):
            role = appos_text
        org = org or _org_in(appos)
        org = without_document(org) if org else org
    name = join_tokens(_from_first_name(name_toks))
    return NameParts(name, tuple(titles), role, org)


def _role_tokens(toks: list[Token]) -> list[Token]:
    """Nouns, adjectives and titles of a mention, with the possessive marks, hyphens and numbers
    that join them ('city's mayor', '34-year-old mother'), and the capitalised words written
    into the title ('Senate Majority Leader', 'Criminal District Attorney'); an honorific
    after such a role is the title alone ('Senate Majority Leader Sen. Harry Reid')."""
    core = {t.i for t in toks if t.text not in COURTESY_TITLES  # 'Mr.' holds no office
            and (coarse_pos(t) in {"NOUN", "ADJ"} or is_title(t.text) or t.lower_ == "elect")}
    glue = {t.i for t in toks if t.tag_ in {"POS", "HYPH", "CD"}}
    joined = core | glue
    keep = core | {i for i in glue if i - 1 in joined or i + 1 in joined}
    keep |= {t.i + 1 for t in toks if t.i in keep and _inner_hyphen(t)}  # 'Sheriff-Coroner'
    for tok in reversed(toks):
        if tok.i + 1 in keep and tok.tag_ == "HYPH" and tok.i > 0 \
                and tok.doc[tok.i - 1].text[:1].isupper():
            keep.add(tok.i)  # 'Miami-Dade State Attorney': the place's hyphen joins its halves
        if tok.i + 1 in keep and coarse_pos(tok) == "PROPN" and tok.text[:1].isupper() \
                and not (tok.text.isupper() and len(tok.text) > 1) \
                and tok.lower_ not in TIME_WORDS:  # 'said Tuesday Sen. John Smith'
            keep.add(tok.i)
        if tok.i + 1 in keep and _COUNTRY_INITIALS.fullmatch(tok.text) and _DOTLESS.sub(
                "", singular_title(tok.doc[tok.i + 1].text).lower()) not in _HONORIFICS:
            keep.add(tok.i)  # 'U.S. Attorney Adam Gordon' holds a federal office, no town's
    for tok in toks[1:-1]:  # 'Special Agent in Charge': one title
        if tok.lower_ == "in" and tok.i - 1 in keep and tok.doc[tok.i + 1].lower_ == "charge":
            keep |= {tok.i, tok.i + 1}
    words = [t for t in toks if t.i in keep]
    while words and words[0].tag_ in {"POS", "HYPH"}:
        words.pop(0)  # 'CPD’s Chief': the owner is the organisation, the role 'Chief'
    cut = _honorific_cut([t.text for t in words])
    return [] if only_qualifiers([t.text for t in words[:cut]]) else words[:cut]


def _honorific_cut(words: list[str]) -> int:
    """How many of a role's words to keep: an honorific closing a written title adds nothing
    ('Senate Majority Leader Sen.'), but one after a place or a qualifier is the title itself
    ('Montana Senator', 'Former Sen.', 'State Rep.')."""
    cut = len(words)
    while cut > 1 and _DOTLESS.sub("", words[cut - 1].lower()) in _COURTESY:
        cut -= 1  # 'Chief Medical Examiner Dr. Glenn Wagner': no place makes 'Dr.' an office
    while cut > 1 and _DOTLESS.sub("", words[cut - 1].lower()) in _HONORIFICS \
            and is_title(words[cut - 2]) \
            and _DOTLESS.sub("", words[cut - 2].lower()) not in _HONORIFICS | _QUALIFIERS:
        cut -= 1
    return cut


def titles_role(titles: list[str]) -> str | None:
    """The role that the titles written before a name make ('Senate Majority Leader' of
    'Senate Majority Leader Sen.', 'Senator' of 'Senators'); a stray initial left by a split
    'U. S.' and a courtesy title ('Mr. King') are dropped."""
    words = [w for w in titles if w not in COURTESY_TITLES]  # 'Mr.' holds no office
    while words and re.fullmatch(r"[A-Z]\.?", words[0]):
        words.pop(0)
    words = words[:_honorific_cut(words)]
    if only_qualifiers(words):
        return None
    return " ".join(singular_title(w) for w in words) or None


def _role_text(words: list[Token], single: bool) -> str:
    """The role as written; a plural title before one named speaker is that speaker's own
    ('Senators Feinstein and Craig': Senator)."""
    text = join_tokens(words)
    if not single:
        return text
    for tok in words:
        singular = singular_title(tok.text)
        if singular != tok.text:  # 'Sens.' -> 'Sen.', however the tokenizer split off its period
            text = re.sub(rf"(?<!\w){re.escape(tok.text)}(?!\w)\.?", singular, text, count=1)
    return text


def _from_first_name(name_toks: list[Token]) -> list[Token]:
    """'United States Ken Salazar', 'Committee Joseph R. Biden': capitalised words the parser ran
    into the name; when the run does not open with a first name but goes on to one (before
    the surname), the name starts there."""
    if len(name_toks) < 3:
        return name_toks
    first = first_name_at([t.text for t in name_toks])
    return name_toks[first:] if first is not None else name_toks


def _inner_hyphen(tok: Token) -> bool:
    """A hyphen written inside a word ('Mary-Ellen'), which the tokenizer splits off."""
    return tok.text in {"-", "‐"} and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_ \
        and not tok.whitespace_


def _leading_name(appos: Span) -> list[Token]:
    """The name an appositive opens with ('Ann Ortiz', or 'Mark Dargis' of 'Mark Dargis of the
    FBI'), past 'in Charge' ('Special Agent in Charge Mark Dargis'); empty if it opens with none."""
    toks = list(appos)
    if len(toks) > 2 and toks[0].lower_ == "in" and toks[1].lower_ == "charge":
        toks = toks[2:]
    while toks and is_title(toks[0].text):
        toks = toks[1:]  # 'a spokeswoman, Mayor Ann Ortiz'
    named: list[Token] = []
    for tok in toks:
        if not (_is_name_token(tok) or named and re.fullmatch(r"[A-Z]\.", tok.text)):
            break
        named.append(tok)
    after = toks[len(named)] if len(named) < len(toks) else None
    if after is not None and after.tag_ == "POS":
        return []  # 'the lawyer, Smith's partner': Smith is not the speaker
    return named


def _only_names(appos: Span) -> bool:
    """'Rep. Steve Pearce, Pete Domenici and Jeff Bingaman': other people listed beside the
    speaker, not a description of the speaker."""
    if not any(t.dep_ == "cc" for t in appos):
        return False  # 'Ann Ortiz, Acme Corp' names her organisation, not other people
    words = [t for t in appos if not t.is_punct and t.dep_ != "cc"]
    return bool(words) and all(_is_name_token(t) or re.fullmatch(r"[A-Z]\.", t.text)
                               for t in words)


def _names_another(appos: Span) -> bool:
    """'Harry Reid and Senate Republican Leader Mitch McConnell', with 'Mitch McConnell' parsed
    as Reid's appositive: a bare full name beside a named speaker is someone else, not the
    speaker's role ('Clark County School District Superintendent' is a role)."""
    if appos.start == 0 or appos.doc[appos.start - 1].is_punct:
        return False  # 'Sen. Mark Warner, Virginia Democrat': set off by a comma, a role
    words = appos.text.split()
    return len(words) >= 2 and first_name_at(words) == 0 \
        and all(_is_name_token(t) for t in appos if not t.is_punct) \
        and words[-1].rstrip(".").lower() not in NOT_PERSON_HEADS


def _one_of(appos: Span) -> bool:
    """An appositive placing the speaker in a group ('one of Orange County's outspoken leaders
    against hate'): a description, which leaves a title written before the name the role."""
    return len(appos) > 2 and appos[0].lower_ == "one" and appos[1].lower_ == "of"


def _clean_appos(appos: Span) -> str:
    """The appositive as a role: no article, nothing in parentheses, no name suffix, and no party
    and state ('R-Ga., a member of the Armed Services Committee' is 'member of the …')."""
    toks = _outside_parens(list(appos))
    while toks and (toks[0].is_punct or _DOTLESS.sub("", toks[0].lower_) in NAME_SUFFIXES
                    and (len(toks) == 1 or toks[1].is_punct)):
        toks.pop(0)  # 'Orlando Ortega, Jr., the mayor': the suffix is the name's ('Sr. Director'
        # is a senior director)
    words = [t for n, t in enumerate(toks)
             if not t.is_punct or t.text in {"-", "&", "'s", "’s"} or _in_name_list(toks, n)]
    text = without_document(_PARTY_STATE.sub("", join_tokens(words)).strip())
    return re.sub(r"^(?:an?|the)\s+", "", text, flags=re.IGNORECASE)


_DOCUMENT_TAIL = re.compile(r"\s*['’]s\s+(?:opening\s+|prepared\s+|floor\s+)?(?:statement|"
                            r"remarks|testimony|op-?ed)\b.*$", re.IGNORECASE)


def without_document(text: str) -> str:
    """A role or organisation without the document a possessive hangs on it ('Chairman of the
    Senate Select Committee on Intelligence's statement at …': the possessive takes the whole
    name, title and all; the statement is no part of the role)."""
    return _DOCUMENT_TAIL.sub("", text)


def _in_name_list(toks: list[Token], n: int) -> bool:
    """Whether ``toks[n]`` is a comma between two capitalised words of a name written as a list
    ('Health, Education, Labor and Pensions Committee')."""
    return toks[n].text == "," and 0 < n < len(toks) - 1 and all(
        t.is_alpha and t.text[:1].isupper() for t in (toks[n - 1], toks[n + 1]))


def join_tokens(tokens: list[Token]) -> str:
    """Tokens as written: adjacent ones keep the text's own spacing ('city's mayor', not
    'city 's mayor'); a gap left by a dropped token becomes one space."""
    parts: list[str] = []
    for n, tok in enumerate(tokens):
        parts.append(tok.text)
        if n + 1 < len(tokens):
            nxt = tokens[n + 1]
            parts.append(tok.whitespace_ if nxt.i == tok.i + 1 else " ")
    return "".join(parts).strip()


def _org_in(span: Span) -> str | None:
    """The organisation an appositive names: the proper name a role is 'of', 'at' or 'for'
    ('President and CEO of Dallas Children's Advocacy Center'), else its first run of
    capitalised proper nouns that are no title or degree ('of the Justice Department')."""
    toks = _without_party(_outside_parens(list(span)))
    if any(t.lower_ in RELATIVES for t in toks):
        return None  # 'Daniel’s father', 'mother of Yuliana Garcia': a person, no organisation
    for tok in toks:
        if tok.dep_ == "prep" and tok.lower_ in _ORG_PREPS:
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None and coarse_pos(obj) == "PROPN" and obj.text[:1].isupper():
                first = obj.left_edge
                if is_title(first.text) and _DOTLESS.sub("", first.lower_) not in _NAME_PARTICLES:
                    return None  # 'a spokeswoman for Gov. Rick Perry': a person, no organisation
                named = _org_phrase(obj, span)
                if named and _names_a_document(named):
                    return None  # 'champion of the Violence Against Women Act': a law
                if named and " " not in named and not _names_alone(obj):
                    continue  # 'Vice President for Research at MSU': a field, then the name
                if named:
                    return named
    run = [t for t in toks if coarse_pos(t) == "PROPN" and t.text[:1].isupper() and len(t) > 1
           and not is_title(t.text) and _DOTLESS.sub("", t.lower_) not in _DEGREES]
    if not run:
        return None
    end = next((n for n in range(1, len(run)) if run[n].i != run[n - 1].i + 1), len(run))
    if end == 1 and not _names_alone(run[0]):
        return None
    named = span.doc[run[0].i:run[end - 1].i + 1].text
    return None if _no_org(named) else named


_ROLE_ACRONYMS = frozenset("CEO CFO COO CTO CIO CMO CCO EVP SVP VP".split())
MAX_ACRONYM = 6  # letters: 'SCHWARZENEGGER' or 'WASHINGTON' in capitals is a name or a dateline


def _names_alone(tok: Token) -> bool:
    """Whether one capitalised word of an appositive names an organisation by itself: an
    acronym ('FDA', 'AARP'; not 'CEO') or a proper noun ('Boeing', 'Congress'); not a common
    noun in capitals ('Committee', 'Research'), half of a hyphenated word ('Co' of 'Co-Chair'),
    a first name ('Emmett') or an abbreviation ('Jan.')."""
    from indexer.speakers import common_noun

    word = tok.text
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if "." in word or nxt is not None and nxt.text == "-" and not nxt.whitespace_ \
            and not tok.whitespace_:
        return False
    if word.isupper():
        return len(word) <= MAX_ACRONYM and word not in _ROLE_ACRONYMS
    return not (common_noun(word) or is_first_name(word) or word.lower() in {"ranking"})


# A speaker described as someone's relative is quoted for no organisation
RELATIVES = frozenset("""father mother son daughter husband wife brother sister parent parents
grandfather grandmother grandson granddaughter uncle aunt nephew niece cousin fiance fiancé
fiancee fiancée stepfather stepmother stepson stepdaughter widow widower boyfriend girlfriend
""".split())


# A country or a party written before a title ('U.S. Senator', 'Democrat Senator') names no
# organisation the speaker is quoted for
_NO_ORG = frozenset({"us", "usa", "united states", "america", "democrat", "republican",
                     "democratic", "gop", "independent"})


def _no_org(text: str) -> bool:
    """Whether words taken for an organisation are only a country or a party (``_NO_ORG``)."""
    return text.replace(".", "").lower() in _NO_ORG


def _without_party(toks: list[Token]) -> list[Token]:
    """The tokens without a party and state written as 'R', '-', 'Ga.'."""
    skip: set[int] = set()
    for n, tok in enumerate(toks[:-2]):
        if tok.text in {"D", "R", "I", "Ind"} and toks[n + 1].text == "-":
            skip |= {n, n + 1, n + 2}
            if toks[n + 2].text in _STATE_OPENERS:
                skip.add(n + 3)  # 'D-New York'
    return [t for n, t in enumerate(toks) if n not in skip]


def _capitalised_after(tok: Token) -> bool:
    """'Environment and Public Works': the word after a conjunction goes on the name."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.text[:1].isupper()


def _names_a_document(name: str) -> bool:
    """A name ending in a document's head with no organisation's in it: a law, a bill or a
    program ('Violence Against Women Act'), not 'the Committee on the Budget'."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", name)]
    return bool(words) and words[-1] in DOCUMENT_HEADS and not ORG_HEADS & set(words)


_RELATIVE_WORDS = RELATIVE | {"whom", "whose"}  # the pronouns opening a relative clause


def _org_phrase(obj: Token, span: Span) -> str | None:
    """The words of a preposition's proper-name object, without its article and up to a comma
    or parenthesis ('the Committee on Energy and Commerce'). Before the object's head noun a
    comma is inside the name and a parenthesis is an aside ('the Health, Education, Labor and
    Pensions (HELP) Committee')."""
    words: list[Token] = []
    aside = False
    for tok in span.doc[obj.left_edge.i:min(obj.right_edge.i, span.end - 1) + 1]:
        if tok.i < obj.i and (tok.text == "(" or aside):
            aside = tok.text != ")"
            continue
        if tok.text == "," and tok.i < obj.i and tok.i + 1 < len(tok.doc) \
                and tok.doc[tok.i + 1].text[:1].isupper():
            words.append(tok)
            continue
        if tok.text in {",", "(", ";"}:
            break
        if tok.i > obj.i and (tok.lower_ in _RELATIVE_WORDS or tok.head == obj
                              and tok.dep_ in {"relcl", "acl"}):
            break  # 'the … Act that would prevent …': a clause about the name ends it
        if tok.i > obj.i and tok.head == obj and (tok.dep_ == "cc" and not _capitalised_after(tok)
                                                  or tok.dep_ == "prep"
                                                  and tok.lower_ not in {"of", "on", "for"}
                                                  and not tok.text[:1].isupper()):
            break  # 'the Brookings Institution and a former adviser …', 'Wells Fargo in Charlotte'
        words.append(tok)
    while words and (words[0].tag_ in {"DT", "PDT"} or words[0].dep_ == "preconj"):
        words.pop(0)
    if words and words[-1].i + 1 < span.end and span.doc[words[-1].i + 1].text == "," \
            and words[-1].lower_ not in ORG_HEADS:
        headed = any(w.lower_ in ORG_HEADS and w.text[:1].isupper() for w in words)
        words += _listed_name_rest(span.doc[words[-1].i + 1:span.end], headed)
    return join_tokens(words) or None


_AND = frozenset({"and", "&"})  # what joins the last item of a listed name


def _listed_name_rest(toks: Span, headed: bool = False) -> list[Token]:
    """The rest of a name the parser cut at a comma of its own list: from ', Education, Labor
    and Pensions (HELP) Committee' after 'Health', the words up to the organisation noun that
    ends it ('Committee'; asides in parentheses left out); after a name whose organisation noun
    came first (``headed``: 'Committee on Agriculture'), the list of capitalised words up to its
    last ('Nutrition and Forestry'). None when no such list ('and') follows."""
    words: list[Token] = []
    listed = False
    for tok in _outside_parens(list(toks)):
        if tok.text == "," or tok.lower_ in _AND or tok.text[:1].isupper():
            words.append(tok)
            listed = listed or tok.lower_ in _AND
            if tok.lower_ in ORG_HEADS and tok.text[:1].isupper() and listed:
                return words
            continue
        break
    while words and words[-1].text == ",":
        words.pop()
    if headed and listed and words and words[-1].text[:1].isupper() and \
            words[-1].lower_ not in _AND:
        return words
    return []


def appositive(head: Token) -> Span | None:
    """The appositive after a speaker head ('Becchina, a police spokesman'), if any."""
    apposed = [c for c in head.children if c.dep_ == "appos" and c.i > head.i]
    for n, child in enumerate(apposed):
        toks = [t for t in child.subtree if t.dep_ != "relcl" or t == child]
        left = min(t.i for t in toks)
        if any(t.text in QUOTE_TOKENS for t in [*toks, *head.doc[head.i + 1:left]]):
            continue  # 'said X, “and …”': a quote the parser hung on the name
        right = max(t.i for t in toks)
        for part in apposed[n + 1:]:  # 'co-chair of …': the parser splits at the hyphen
            if part.left_edge.i != right + 1 or not _inner_hyphen(head.doc[right + 1]) \
                    and not _inner_hyphen(head.doc[right]):
                break
            right = part.right_edge.i
        if _in_parens(head.doc, head.i + 1, left):
            continue  # 'Gowdy (R-S.C.)', 'Feinstein (D-Calif.)': a party and state, not a role
        if _says_nothing_of_role(head.doc[left:right + 1]):
            continue  # 'Whitehouse … today called', 'Harkin, D-Iowa, chairman of …', 'Doe, 45,'
        if left == head.i + 1 and coarse_pos(child) == "PROPN" and coarse_pos(head) == "NOUN":
            continue  # 'the columnist Mary Chen': the name is part of the mention
        if coarse_pos(head) == "PROPN" and _names_people(head.doc[left:right + 1]):
            continue  # 'Sens. John McCain (R-AZ), Maria Cantwell (D-WA), Patrick Leahy': a list
        span = head.doc[left:right + 1]
        if span and span[-1].is_punct:
            span = span[:-1]
        return span if len(span) else None
    return None


def _names_people(span: Span) -> bool:
    """An appositive that is a list of people's names (capitalised words only, a comma or
    'and' between them, party-state asides aside, the first a first name and a capitalised
    word): the others named beside the speaker, no role of theirs."""
    kept = _outside_parens(list(span))
    words = [t for t in kept if not t.is_punct and t.lower_ not in _AND]
    listed = any(t.text == "," or t.lower_ in _AND for t in kept)
    if not listed or len(words) < 2 or any(not t.text[:1].isupper() for t in words):
        return False
    return is_first_name(words[0].text) and coarse_pos(words[1]) == "PROPN"


def _says_nothing_of_role(span: Span) -> bool:
    """An appositive that is only a time word, an age, a degree or a party and state."""
    words = [t for t in span if not t.is_punct]
    if len(words) == 1 and (words[0].lower_ in TIME_WORDS or words[0].like_num
                            or _DOTLESS.sub("", words[0].lower_) in _DEGREES):
        return True
    text = join_tokens([t for t in span if t.text != ","])
    return bool(text) and _PARTY_STATE.sub("", text).strip() == ""


def _in_parens(doc: Doc, start: int, end: int) -> bool:
    """True when a parenthesis opened in ``doc[start:end]`` is still open at ``end``."""
    depth = 0
    for tok in doc[start:end]:
        depth += (tok.text == "(") - (tok.text == ")")
    return depth > 0


def _outside_parens(toks: list[Token]) -> list[Token]:
    """The tokens not inside parentheses, which hold a party and state ('M.D. (R-TN)')."""
    depth, out = 0, []
    for tok in toks:
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(tok)
    return out


def _is_group(span: Span, head: Token) -> bool:
    """A plural name after other capitalised words and no first name ('Senate Democrats');
    not 'Paul S. Sarbanes' or a bare 'Sarbanes' (tagged plural for the -s), nor a plural
    title or role ('the Senators', 'the Governors': people the text names elsewhere)."""
    if head.tag_ != "NNPS" or is_title(head.text):
        return False
    word = head.lower_
    if {word, word.removesuffix("s"), word.removesuffix("es")} & _PEOPLE_HEADS:
        return False
    before = [t.text for t in span if t.i < head.i and t.text[:1].isupper()]
    return bool(before) and first_name_at([*before, head.text]) is None


def is_org_mention(span: Span, head: Token) -> bool:
    """True when the mention names an organisation ('police', 'the department', 'KCPD')."""
    if head.lower_ in {"he", "she", "i", "you"}:
        return False
    if coarse_pos(head) == "PROPN" and head.is_upper and 2 <= len(head) <= 5:
        return True  # 'FBI', 'CNN'
    if coarse_pos(head) not in {"NOUN", "PROPN"}:
        return False
    if _is_group(span, head):
        return True  # 'Senate Democrats', 'Supreme Court Justices': a group, not a person
    if _the_name(span, head):
        return True  # 'The Hill reported', 'the Kremlin said': a person's name has no 'the'
    if head.lower_ == "bill":  # 'the Farm Bill', not Bill Clinton
        return any(c.dep_ in {"det", "compound", "amod", "poss"} for c in head.lefts)
    return head.lower_ in SOURCE_HEADS


# Endings of nouns for what a person does ('staffer', 'adoptee', 'philanthropist', 'operative')
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "man", "woman", "person", "ive",
                  "ess", "ate", "ary")


def is_person_word(tok: Token) -> bool:
    """Whether a noun can say what someone is ('director', 'staffer', 'Conservative'): a role
    or people noun, a title, or a noun with an agent's ending (not '-ment': 'agreement')."""
    return coarse_pos(tok) in {"NOUN", "PROPN"} and is_person_noun(tok.text)


def is_person_noun(text: str) -> bool:
    """``is_person_word`` of a word as written, untagged ('Democrat', 'Actress')."""
    word = text.lower().removesuffix("’s").removesuffix("'s")
    forms = {word, word.removesuffix("s"), word.removesuffix("es")}
    return bool(forms & _PEOPLE_HEADS) or is_title(text) or not word.endswith("ment") \
        and any(f.endswith(_AGENT_ENDINGS) for f in forms)


_NAME_PREPS = frozenset({"of", "for", "on"})


def org_name_span(mention: Span) -> Span:
    """An organisation's mention run on over the name it has after 'of', 'for' or 'on' ('the
    Department' of 'the Department of Justice said', 'the American Federation of Teachers'):
    capitalised words, joined by 'and' or '&', that the parser hung on the head as a phrase."""
    doc, end = mention.doc, mention.end
    if end + 1 >= len(doc) or doc[end].lower_ not in _NAME_PREPS \
            or not mention.start <= doc[end].head.i < end:
        return mention
    first = end + 1 + (doc[end + 1].lower_ == "the")
    last = first
    while last < len(doc) and (_name_word(doc[last]) or doc[last].lower_ in _AND
                               and last + 1 < len(doc) and _name_word(doc[last + 1])
                               and last > first):
        last += 1
    return doc[mention.start:last] if last > first else mention


def and_joined(span: Span) -> Span:
    """An organisation's mention run on over an 'and' inside its name ('the International
    Longshore and Warehouse Union', 'the U.S.-China Economic and Security Review Commission'),
    which the parser splits into two phrases: capitalised words on both sides, the name ending
    in an institution's head noun, and the words before 'and' neither an organisation of their
    own ('the FBI and Justice Department' are two) nor a person ('Speaker Pelosi and House
    Democrats', 'Mayor Smith and City Council')."""
    doc, start, end = span.doc, span.start, span.end
    if end + 1 < len(doc) and doc[end].lower_ in _AND and _name_word(doc[end - 1]):
        k = end + 1
        while k < len(doc) and _name_word(doc[k]):
            k += 1
        if k > end + 1 and _institution(doc[k - 1]) and _joinable(doc[start:end]):
            return doc[start:k]
    if not _institution(doc[end - 1]):
        return span
    left = start
    while left > 0 and _name_word(doc[left - 1]):
        left -= 1
    if left < 2 or doc[left - 1].lower_ not in _AND or not _name_word(doc[left - 2]):
        return span
    first = left - 1
    while first > 0 and (_name_word(doc[first - 1]) or doc[first - 1].text == "-"
                         and first > 1 and _name_word(doc[first - 2])):
        first -= 1
    return doc[first:end] if _joinable(doc[first:left - 1]) else span


# plural heads of people, not of an institution: 'Schumer and Senate Democrats' are several
_PEOPLE_GROUPS = frozenset("""democrats republicans members officials authorities investigators
prosecutors staff""".split())


def _institution(tok: Token) -> bool:
    """A head noun that ends an institution's name ('Union', 'Commission', 'Subcommittee')."""
    return tok.lower_ in ORG_HEADS and tok.lower_ not in _PEOPLE_GROUPS


def _joinable(words: Span) -> bool:
    """Whether the capitalised words before an 'and' can open an institution's name: words
    ending in no organisation ('FBI', 'Department'), with no title before a name in them
    ('Mayor Smith'; 'Criminal Justice and Public Safety Committee' is one body)."""
    toks = [t for t in words if _name_word(t) and t.lower_ not in {"the", "a", "an"}]
    return bool(toks) and not _an_org(toks[-1]) and not any(
        is_title(t.text) for t in toks[:-1])


def _an_org(tok: Token) -> bool:
    """A word that ends an organisation's name by itself ('Department', 'FBI')."""
    return tok.lower_ in ORG_HEADS or tok.text.isupper() and len(tok.text) > 1


def _name_word(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.text not in QUOTE_TOKENS and not tok.is_punct


def titled_person(span: Span) -> tuple[list[Token], list[Token]] | None:
    """(name, what comes before it) when a mention the parser headed with an organisation ends
    in a title and a person's full name ('City of Miami Police Chief Manuel Morales'): the
    person speaks, described by the words before the name."""
    toks = list(span)
    for i in range(len(toks) - 3, -1, -1):
        if is_title(toks[i].text) and toks[i].text[:1].isupper():
            names = [t.text for t in toks[i + 1:]]
            if 2 <= len(names) <= 4 and all(_is_name_token(t) for t in toks[i + 1:]) \
                    and first_name_at(names) == 0:
                return toks[i + 1:], toks[:i + 1]
            return None
    return None


def _the_name(span: Span, head: Token) -> bool:
    """'The Hill', 'the Kremlin': 'the' and proper nouns ending in the head, with no title
    or first name among them (so not 'the Rev. Al Sharpton'), nor an owner's ('the
    Washington Post’s Ishaan Tharoor')."""
    words = [t.text for t in span]
    return len(words) >= 2 and span[0].lower_ == "the" and head.i == span.end - 1 \
        and all(coarse_pos(t) == "PROPN" and not t.lower_.endswith(("'s", "’s"))
                for t in span[1:]) \
        and not any(is_title(w) for w in words) and first_name_at(words[1:]) is None


def is_thing(tok: Token | None) -> bool:
    """A common noun that names no person, role, group or organisation ('the cable',
    'softer language'), so it cannot be the one who speaks."""
    if tok is None or coarse_pos(tok) != "NOUN" or is_named(tok):
        return False
    word = tok.lower_
    forms = {word, word.removesuffix("s"), word.removesuffix("es")}
    return not forms & _SPEAKING_HEADS
