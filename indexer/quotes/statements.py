"""Statements a release prints and who issued them: 'Senator Mikulski's statement', 'the text
of his remarks', 'Following is the statement of Senator Feinstein:'."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Token

from indexer.quotes.cues import can_speak
from indexer.quotes.marks import paragraph_bounds
from indexer.quotes.names import is_first_name
from indexer.quotes.places import US_STATE_NAMES
from indexer.quotes.roles import is_title
from indexer.quotes.tags import coarse_pos
from indexer.records import Quote
from indexer.titles import TITLE_WORDS, singular_title

# What a person issues and a release prints ('Senator Mikulski's statement', 'the text of
# his remarks').
STATEMENT_NOUNS = frozenset(
    "statement statements remarks testimony letter speech op-ed column comments address text "
    "transcript excerpt excerpts".split()
)

# Subjects that point at the text below: 'Following is the statement of Senator Feinstein:'.
_POINTERS = frozenset("following below here attached enclosed".split())
_OWNER_PRONOUNS = frozenset("his her their".split())


def owner_of(noun: Token) -> Token | None:
    """The named owner of a statement noun, through nested ones: 'the statement of U.S.
    Senator Dianne Feinstein', 'excerpts from Dole's letter', 'the text of Senator
    Feinstein's remarks'."""
    seen = 0
    while noun.lower_ in STATEMENT_NOUNS and seen < 4:
        seen += 1
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            prep = next((c for c in noun.children if c.dep_ == "prep"
                         and c.lower_ in {"of", "by", "from"}), None)
            owner = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if owner is None:
            return None
        noun = owner
    if seen and noun.lower_ in _OWNER_PRONOUNS:
        return noun  # 'Following is her statement': resolved like any pronoun
    return noun if seen and coarse_pos(noun) == "PROPN" and can_speak(noun) else None


def issued_by(verb: Token, subject: Token) -> Token | None:
    """For a subject pointing below, the owner of the statement the verb names ('Following is
    the statement of U.S. Senator Dianne Feinstein'). A statement noun as the subject
    ('Senator Mikulski's statement follows') is the mention itself: ``owner_of`` names it."""
    if subject.lower_ not in _POINTERS:
        return None
    verb = subject.head if subject.head != subject else verb  # the clause it is subject of
    noun = next((c for c in verb.children if c.dep_ in {"attr", "nsubj", "nsubjpass", "dobj"}
                 and c != subject and c.lower_ in STATEMENT_NOUNS), None)
    return owner_of(noun) if noun is not None else None


# --- issued statements read from the text: cue lines, their owners and the statement body ---

@dataclass(frozen=True)
class Issuer:
    """Who issued a document or a statement: a person or organisation, with the role the text
    or metadata gives and whether the metadata says the whole document is their statement."""

    name: str
    kind: str = "person"  # "person" | "org"
    role: str | None = None
    whole: bool = False  # the document itself is the issuer's statement (an op-ed by them)
    also: tuple[Issuer, ...] = ()  # the other owners of a joint statement the title names


@dataclass(frozen=True)
class StatementSection:
    """One issued statement in a text: its cue (the line saying whose statement follows), the
    owner's mention in it, and the paragraph spans of the statement body."""

    owner: Issuer
    cue: str
    cue_start: int
    cue_end: int
    mention: str
    mention_start: int
    mention_end: int
    body: tuple[tuple[int, int], ...]
    issuer: Issuer | None = None  # who the cue says issued it, when a part is another's (a
    # delegation's statement, each member's part under their name)


_VERB_CUE = re.compile(
    r"\b(?:made|issued|released|gave|delivered|provided|offered|sent)\s+(?:(?:today|yesterday|"
    r"tonight|also|jointly|this|these|the|following|\w+day)\s+){0,3}?(?:the\s+)?following\s+"
    r"(?:(?:joint|brief|written|short|prepared|floor)\s+)?(?:statements?|comments?|remarks|"
    r"reaction|response)\b", re.I)
_POINTER_CUE = re.compile(
    r"^(?:the\s+)?(?:following|below)\s+(?:is|are)\s+(?:the\s+|a\s+)?(?:(?:full\s+)?text\s+of\s+"
    r"(?:the\s+|a\s+)?)?(?:joint\s+)?(?:statement|remarks|op-?ed)s?\s+(?:of|by|from)\s+", re.I)
_HEADING_CUE = re.compile(
    r"^(?:(?:full\s+)?text\s+of\s+(?:the\s+)?)?(?:(?:joint\s+)?statements?|op-?ed|remarks|column)"
    r"\s*(?:of|by|from|:)\s+", re.I)
# A line pointing down at the statement it introduces: 'The text of Dorgan's statement is
# below.', 'The full text of his remarks is below:', 'Senator Craig's complete statement is below.'
_BELOW_CUE = re.compile(
    r"^\[?(?:[Tt]he\s+)?(?:(?:[Ff]ull|[Cc]omplete)\s+)?(?:text\s+of\s+)?"
    r"(?P<owner>[Hh]is|[Hh]er|[Tt]heir|[Tt]he(?:\s+[A-Z]\w+['’]s)?|[Tt]his|[A-Z][^:;\[\]]{0,60}?)\s+"
    r"(?:(?:[a-z][\w-]*|Full|Complete|Opening|Floor|Joint)\s+){0,2}?"
    r"(?i:statement|remarks|testimony|op-?ed)"
    r"(?:\s+(?:on|about|regarding|concerning|at|before|to|for)\s+[^.:;]{0,100}?)?"
    r"(?:,?\s+as\s+prepared(?:\s+for\s+delivery)?,?)?\s+(?:is|are|follows?|appears)"
    r"(?:\s+(?:below|as\s+follows))?\s*[.:]?\]?(?:\s+[A-Z][^:]*)?$")
# A line pointing down with the owner's possessive: 'Below is the text of Dorgan's statement:',
# 'Following is Senator Mikulski's hearing statement, as prepared:', 'Here is the text of
# Senator Feinstein's speech:', 'Below are his remarks as prepared for delivery.' (a second
# sentence may follow: 'For audio of his entire speech, visit …')
_POINTER_POSSESSIVE = re.compile(
    r"^\[?(?:[Bb]elow|[Ff]ollowing|[Hh]ere)\s+(?:is|are)\s+(?:(?:the|a)\s+)?"
    r"(?:(?:[Ff]ull|[Cc]omplete|[Ee]ntire)\s+)?(?:(?:text|transcript|copy)\s+of\s+)?"
    r"(?P<owner>[Hh]is|[Hh]er|[Tt]heir|(?:(?:(?:[A-Z]\.)+|[A-Z][\w-]*\.?)\s+){0,5}"
    r"[A-Z][\w-]*(?:['’]s|s['’]))\s+"
    r"(?:(?i:full|complete|entire|opening|closing|prepared|floor|hearing|written|joint|official|"
    r"final|brief|introductory|keynote|weekly|radio|farewell|commencement|acceptance|maiden|"
    r"inaugural|victory|concession)\s+){0,2}"
    r"(?i:statement|remarks|testimony|speech|op-?ed|comments)\b"
    r"(?P<rest>(?:[^:.]|\.(?!\s))*)(?:[.:]\]?(?:\s+[A-Z(].*)?)?$")
# What may follow the statement word on that line: how or where it was given ('as prepared for
# delivery', 'at today's hearing', 'on the report'), not more text another wrote ('followed by
# the Attorney General's testimony', 'and a copy of the letter Secretary Rice sent him').
_POINTER_REST = re.compile(
    r"^(?!.*\b(?:followed|along\s+with|and\s+(?:a|the)\s+(?:copy|text|letter)|letter)\b)"
    r"\s*,?\s*(?:(?:as|on|of|at|before|from|for|regarding|about|upon|in|during|to|today|"
    r"yesterday|tonight|this|which|that|made|given|\w+ing|\w+ed)\b.*)?$", re.I)
# A heading naming its owner before the word: 'Sen. Norm Coleman statement on partial birth
# abortion ban ruling:', 'Senator Norm Coleman Statement On Interim Iraq Assessment Report',
# 'District Attorney Todd Spitzer Issues Statement on …' (the verb is no part of the name)
_OWNER_HEADING = re.compile(
    r"^(?P<who>[A-Z][\w.'’ -]{1,90}?)(?:\s+(?i:issues|issued|releases|released|makes|made|"
    r"gives|gave|delivers|delivered|offers|offered|shares|shared)(?:\s+(?i:a|an|the))?"
    r"(?:\s+(?i:joint|following|written|official|formal|brief|new))?)?"
    r"\s+(?i:statement|remarks)(?:\s+(?i:on|regarding|about|"
    r"concerning|following|after|at|before|to|for)\s+[^.!?:]{0,120})?\s*:?\s*$")
# The kind of statement a heading may name between its owner and the word ('Floor Statement')
_STATEMENT_KIND = re.compile(r"\s+(?:floor|opening|closing|prepared|written|introductory)$", re.I)
# What may stand before that name: 'Below is a transcript of Johnson's remarks:', 'Selections
# from Senator Frist's Remarks' (not 'Reid blasts Sen. McConnell's remarks on Iraq')
_POINTING = re.compile(r"(?:(?:below|following|here)\s+(?:is|are)\s+|(?:the|a|an|full|complete|"
                       r"prepared|official|text|transcript|copy|selections|excerpts|of|from)\s+)*",
                       re.I)
# Words after a heading's name that start its topic ('Statement of Senator X on the budget').
_TOPIC = (r"\s+(?:on|regarding|about|concerning|before|to|at|for|in|upon|following|after|from|during|"
          r"marking|honoring|honouring|celebrating|commemorating)\s+")
_BY_LINE = re.compile(r"^by:?\s+(?=[A-Z])", re.I)
_TITLE_OPED = re.compile(r"\bop-?ed\b[^:]{0,20}?\bby\s+(?P<who>[A-Z][^:,;|–—-]{3,80})"
                         r"|^(?:for immediate release:?\s*)?(?:joint\s+)?statement\s+(?:of|by|from)\s+"
                         r"(?P<of>[A-Z][^:,;|–—]{3,120})", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|my|me|I'm|I’m|I've|I’ve)\b")
# 'I', 'we're', 'all of us'; not 'US', nor a release's 'our nation', 'our troops'
_SPEAKING_SELF = re.compile(r"\b(?:I|[Mm]y|[Mm]e|[Ww]e|us)\b")
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_SINGLE_QUOTED = re.compile(r"(?<![\w'’])['‘][^'‘’\n]{3,}?[.,!?]?['’](?![\w'’])")
_PARENS = re.compile(r"\s*\([^()]{0,40}\)")
_CAPS_DATELINE = re.compile(r"[A-Z]{4,}(?:[ .,]+[A-Z]{2,}\.?)*\s*[–—-]+\s*(?=[A-Z])")
_DASH = re.compile(r"\s+[–—-]{1,2}\s*|\s*[–—]\s+")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|(?:de|van|von|der|la|le|da|di|du|del|St\.))$")
_TRAILING_LOWER = re.compile(r"(?:\s+(?:[a-z][\w'’-]*|\d+[\w,]*|[A-Z][a-z]+day|Today))+\s*$")
_SUBJECT_END = re.compile(r"(?:\s+(?:has|have|had|also|jointly|today|yesterday|tonight|this|on|"
                          r"late|early|week|morning|afternoon|evening|Monday|Tuesday|Wednesday|"
                          r"Thursday|Friday|Saturday|Sunday))+$", re.I)
_END_MARK = re.compile(r"^(?:#\s*){1,3}$|^-+\s*30\s*-+$|^-+\s*end\s*-+$|^\(?end\)?$|^\*{3,}$", re.I)
# A web page's tail after the text: tag lists, share bars, teasers of other posts.
_PAGE_TAIL = re.compile(r"^(?:tagged (?:with|as|in)|tags|filed under|categories|latest (?:posts|news)|"
                        r"recent (?:posts|news)|related (?:posts|articles|stories|news|content)|"
                        r"share (?:this|on)(?: \w+)?|more (?:news|posts|stories))\s*:?$", re.I)
_FURNITURE = re.compile(
    r"^(?:(?:media|press|news)\s+)?contacts?\b\s*[:\-–]|^for (?:immediate|further|more)\b"
    r"|^(?:embargoed|distributed by|paid for by|click here|to (?:read|view|watch|download)\b"
    r"|copyright|©|all rights reserved|follow (?:us|senator|sen\.)|https?://\S+$|www\.\S+$"
    r"|\S+@\S+\.\w+$|\(?more\)?$|-?\s*more\s*-?$|phone|tel\b|fax\b|office:)",
    re.I)
_PHONE = re.compile(r"^[\w .,:'’()-]{0,40}\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\W*$")
_ORG_WORDS = frozenset("office committee department county council delegation caucus "
                       "democrats republicans senate house agency association".split())
_PRONOUN_SUBJECTS = frozenset("he she they we i".split())


def _name_run(words: list[str]) -> list[str]:
    """The capitalised words ending a list of words ('Senate spokesman Jim Manley' -> Jim
    Manley), initials and name particles included."""
    run: list[str] = []
    for w in reversed(words):
        if not _NAME_WORD.match(w):
            break
        run.insert(0, w)
    while run and run[0].lower() in {"de", "van", "von", "der", "la", "le", "da", "di", "du"}:
        run.pop(0)
    return run


def _name_case(word: str) -> str:
    """One upper-case word as a name writes it: 'O'NEILL' -> 'O'Neill', 'MCCONNELL' ->
    'McConnell', 'SMITH-JONES' -> 'Smith-Jones' ('STATE'S' stays 'State's')."""
    out = "-".join(part.capitalize() for part in word.split("-"))
    out = re.sub(r"^([OD]['’])(\w)", lambda m: m.group(1) + m.group(2).upper(), out)
    return re.sub(r"^(Mc)(\w)(?=\w)", lambda m: m.group(1) + m.group(2).upper(), out)


_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}[,;:]?")  # 'U.S.' stays as it is written


def _title_case(text: str) -> str:
    """Capitals as a name is written ('SENATOR RON WYDEN' -> 'Senator Ron Wyden')."""
    if not text.isupper():
        return text
    return " ".join(w if len(w) <= 2 and w.endswith(".") or _INITIALISM.fullmatch(w) else
                    _name_case(w) for w in text.split())


def name_in(chunk: str, meta: Issuer | None = None, pronouns: bool = False
            ) -> tuple[Issuer, str] | None:
    """The speaker a subject or heading names, with the words as written: a person (titles
    become the role: 'U.S. Senate Majority Leader Bill Frist' -> Bill Frist, 'U.S. Senate
    Majority Leader') or a named organisation; a pronoun is the metadata issuer."""
    from indexer.quotes.names import first_name_at, is_first_name
    from indexer.quotes.roles import strip_titles, titles_role

    chunk = _PARENS.sub("", _title_case(chunk)).strip(" ,;:.")
    chunk = _SUBJECT_END.sub("", chunk).strip(" ,")
    place = re.match(r"(.+?\S)\s+of\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?$", chunk)
    if place and " " in place.group(1):  # 'Sen. Harry Reid of Nevada'
        got = name_in(place.group(1), meta)
        if got and got[0].kind == "person":
            return got
    if chunk.lower() in _PRONOUN_SUBJECTS:
        if meta is not None:
            return meta, chunk
        return (Issuer("", "pronoun"), chunk) if pronouns else None
    words = [w.rstrip(",") for w in chunk.split()]
    run = _name_run(words)
    while run and (run[0].lower() in _LEADING_TIME or len(run) > 1 and
                   run[0].lower() in {"on", "in", "at"} and run[1].lower() in _LEADING_TIME):
        run.pop(0)  # 'On Wednesday, U.S. Senator Maria Cantwell …': no one named 'On'
    if not run or len(run) == 1 and run[0].lower() in _LEADING_TIME | {"on", "in", "at"}:
        return None
    written = " ".join(run)
    bare, titles = strip_titles(written)
    parts = bare.split()
    first = first_name_at(parts) if len(parts) > 1 else None
    if first:  # an initial before the first name is the name's ('Gov. M. Jodi Rell'), no title
        titles = titles + [w for w in parts[:first] if not re.fullmatch(r"[A-Z]\.", w)]
        parts = parts[first:]
    parts = _name_end(parts, meta)
    if meta is not None and meta.kind == "person" and parts and \
            parts[-1].lower() == meta.name.split()[-1].lower():
        return Issuer(meta.name if len(meta.name.split()) >= len(parts) else " ".join(parts),
                      "person", titles_role(titles) or meta.role), written
    personal = parts and (is_first_name(parts[0]) or re.fullmatch(r"[A-Z]\.", parts[0])
                          or (titles and len(parts) <= 3)) and not is_title(parts[-1])
    # (a title before it makes a name a person's whatever its first name: 'Sen. Saxby
    # Chambliss', 'Sen. Norm Coleman', 'Sen. Zell Miller')
    # ('The District Attorney': a role, no one named)
    if personal and parts[-1].lower() not in _ORG_WORDS and \
            not any(w.endswith(("'s", "’s")) for w in parts):
        return Issuer(" ".join(parts), "person", titles_role(titles)), written
    org = " ".join(w for w in words[len(words) - len(run):] if w)
    org = re.sub(r"^(?:The|the)\s+", "", org)
    if meta is not None and meta.kind == "org":
        return meta, written
    if len(org.split()) >= 2 and (not re.search(r"['’]s\b", org)
                                  or org.split()[-1].lower() in _ORG_WORDS):
        return Issuer(org, "org"), written
    return None


_LEADING_TIME = frozenset(
    "today also yesterday tonight now monday tuesday wednesday thursday friday saturday sunday "
    "earlier later last this".split())
_GERUND = re.compile(r"[A-Z][a-z]{2,}ing$")
_SUFFIXES = frozenset("jr sr ii iii iv v".split())


def _name_end(parts: list[str], meta: Issuer | None) -> list[str]:
    """A person's name words without the topic a heading runs on into in capitals: cut after
    the metadata issuer's surname ('Barbara A. Mikulski Guaranteed Funding'), before a verb in
    -ing that more words follow ('Jon S. Corzine Introducing Michael Chertoff'), and without a
    last lone letter (the 'S.' of a bill number: 'James M. Jeffords S. 306')."""
    if meta is not None and meta.kind == "person" and len(parts) > 2:
        surname = meta.name.split()[-1].lower()
        at = next((i for i, w in enumerate(parts) if w.lower().strip(".,") == surname), None)
        if at is not None and at >= 1:
            while at + 1 < len(parts) and parts[at + 1].lower().strip(".,") in _SUFFIXES:
                at += 1  # 'John D. Rockefeller IV'
            parts = parts[:at + 1]
    cut = next((i for i, w in enumerate(parts[2:-1], 2) if _GERUND.match(w)), None)
    if cut is not None:
        parts = parts[:cut]
    if len(parts) > 2 and re.fullmatch(r"[A-Z]\.?", parts[-1]):
        parts = parts[:-1]
    return parts


# The states as news style abbreviates them ('Calif.', 'Mo.'), each followed by its period
_STATE_ABBREVIATIONS = ("Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|"
                        "Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo")

# a period that ends an abbreviation, not a sentence: an initial, a title, a state, a company
# ('Sen.', 'U.S.', 'Calif.', 'Inc.'); 'the Immigration Reform Bill. Sen. Feingold made …' ends
# a sentence at 'Bill.'
_ABBREVIATED = re.compile(
    r"\b(?:[A-Z]|(?:[A-Z]\.)+[A-Z]|Sens?|Reps?|Govs?|Dr|Mr|Mrs|Ms|Messrs|St|Jr|Sr|Lt|Gen|Col|Maj|"
    r"Capt|Sgt|Cpl|Adm|Cmdr|Det|Supt|Atty|Prof|Rev|Fr|Pres|Amb|Asst|Hon|M\.D|Ph\.D|Inc|Corp|Co|"
    rf"Ltd|Bros|Dept|Ft|Mt|No|{_STATE_ABBREVIATIONS}|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.$")


def _subject_before(text: str, para: tuple[int, int], verb: int) -> tuple[str, int]:
    """The clause before a cue verb in its paragraph (after a dateline dash and the last sentence
    end), with where it starts."""
    start = para[0]
    head = text[start:verb]
    for m in re.finditer(r"[.!?][\"”’']?\s+(?=[A-Z\"“])", head):
        if not _ABBREVIATED.search(head[:m.start() + 1]):
            start = para[0] + m.end()
    head = _PARENS.sub(lambda m: " " * len(m.group()), text[start:verb])
    dash = list(_DASH.finditer(head))
    if dash:
        start += dash[-1].end()
    dateline = _CAPS_DATELINE.match(text, start, verb)
    if dateline:  # 'WASHINGTON-U.S. Sen. John Cornyn made …', the dash unspaced
        start = dateline.end()
    return text[start:verb], start


def _blank(m: re.Match[str]) -> str:
    """A match as spaces, so offsets after it stay."""
    return " " * len(m.group())


def _nearest_person(text: str, pos: int, pronoun: str) -> Issuer | None:
    """The last person named with a title or first name before ``pos`` ('Sen. Jon S. Corzine
    said …' before 'He issued the following statement'), of a gender the pronoun allows."""
    from indexer.quotes.names import gender_of

    clash = {"he": "f", "she": "m"}.get(pronoun.lower())
    people = []
    # names inside quotations are spoken of, not speaking ("… saying, 'Judge X should …' He …")
    before = _SINGLE_QUOTED.sub(_blank, _QUOTED.sub(_blank, text[:pos]))
    for m in re.finditer(r"(?:(?:[A-Z][\w'’-]*\.?|[A-Z]\.)[ \t]+){1,6}[A-Z][\w'’-]+", before):
        got = name_in(m.group())
        if got and got[0].kind == "person" and " " in got[0].name:
            people.append(got[0])
    fits = [p for p in people if clash is None or gender_of(p.name) != clash]
    # no one of that gender (first names guessed wrong: 'Kay'): the first person named
    return fits[-1] if fits else (people[0] if people else None)


def _owner_of_subject(subject: str, start: int, meta: Issuer | None
                      ) -> tuple[Issuer, str, int] | None:
    """The owner named by a cue's subject: of its comma-separated chunks, the last that names a
    person ('In response …, United States Senator Ken Salazar'; 'Senator Orrin G. Hatch,
    Chairman of …,'), else an organisation; the metadata issuer when it is among several."""
    flat = _PARENS.sub(lambda m: " " * len(m.group()), subject)
    chunks = [(m.group(), m.start()) for m in re.finditer(r"[^,]+", flat)]
    if meta is not None and meta.kind == "person":
        surname = meta.name.split()[-1]
        if re.search(rf"\b{re.escape(surname)}\b", flat) and re.search(r"\band\b", flat):
            found = next(((c, o) for c, o in chunks if surname in c), None)
            if found:
                piece = found[0][:found[0].find(surname) + len(surname)]
                piece = re.split(r"\band\b", piece)[-1]
                got = name_in(piece, meta)
                if got:
                    return got[0], got[1], start + flat.find(got[1])
    people, orgs = [], []
    for c, o in chunks:
        for piece in re.split(r"\band\b", c):  # 'Sens. Bill Frist and Lamar Alexander'
            got = name_in(piece, meta, pronouns=True)
            if got:
                (people if got[0].kind == "person" else orgs).append((got, o))
    pick = people[0] if people else (orgs[-1] if orgs else None)
    if pick is None:
        return None
    (owner, written), offset = pick
    at = flat.find(written, offset)
    return owner, written, start + (at if at >= 0 else offset)


_HEADING_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or the to with".split())
HEADING_WORDS = 14  # the longest heading in title case ('Recognizing the 60th Anniversary of the Air Force and Nellis Air Force Base')


def in_title_case(line: str) -> bool:
    """Whether a line is short enough for a heading (``HEADING_WORDS``) and in title case: each
    word capitalised, a number or a short function word ('Strengthening the National Defense')."""
    words = line.split()
    return len(words) <= HEADING_WORDS and all(
        w[0].isupper() or not w[0].isalpha() or w in _HEADING_SMALL_WORDS for w in words)


def _is_heading(line: str) -> bool:
    """A heading without a sentence's end: three words or fewer, a line in capitals ('BACKGROUND
    ON SENATOR BYRD'S BORDER SECURITY EFFORTS') or a short one in title case ('Strengthening the
    National Defense')."""
    if re.search(r"[.!?\"”]$", line):
        return False
    return len(line.split()) <= 3 or in_title_case(line) or \
        (line.isupper() and not re.search(r"[:;]$", line))


# A statement's place line, a date before it or not: 'Washington, D.C.', '9/11/07 Washington,
# D.C.', 'August 3, 2007 Des Moines, Iowa' (it ends in a period, so it is no heading): a place
# and a state, written out, abbreviated ('Mo.', 'N.D.') or as its postal code
_STATE = "|".join([*sorted(US_STATE_NAMES, key=len, reverse=True), r"(?:[A-Z]\.\s?){2,3}",
                   rf"(?:{_STATE_ABBREVIATIONS})\.", "[A-Z]{2}"])
_PLACE_LINE = re.compile(
    r"(?:\d{1,2}/\d{1,2}/\d{2,4}\s+|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}\s*[–—,-]?\s*)?"
    rf"[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){{0,3}},\s*(?:{_STATE})")


def _is_place_line(line: str) -> bool:
    """A line naming only where (and when) a statement was made, never statement text."""
    if len(line.split()) > 7:
        return False
    return _PLACE_LINE.fullmatch(line.title() if line.isupper() else line) is not None


# A second line pointing at the statement, after the cue: 'Text of the statement follows:',
# 'His remarks follow.', 'The text of the letter is below:'
_POINTER_LINE = re.compile(
    r"[^.!?\"“”]{0,60}\b(?:statement|remarks|text|testimony|speech|letter|transcript)s?\b"
    r"[^.!?\"“”]{0,40}?\s(?:follows?|(?:is|are)\s+below|below)\s*[:.]?", re.I)


def _is_furniture(line: str) -> bool:
    """A contact, distribution or boilerplate line, a heading, a place line or a line pointing
    at the statement, never statement text."""
    line = line.strip()
    return bool(_FURNITURE.match(line) or _PHONE.match(line) or _END_MARK.match(line)
                or _is_heading(line) or _is_place_line(line)
                or len(line.split()) <= 12 and _POINTER_LINE.fullmatch(line))


def _is_narration(para: str, owner: Issuer) -> bool:
    """A paragraph speaking of the owner in the third person, outside any quotation: a
    reporter's narration ('Feingold was instrumental in …'), not the statement."""
    if owner.kind != "person":
        return False
    bare = _QUOTED.sub(" ", para)
    bare = re.split(r"[\"“]", bare, maxsplit=1)[0]  # a quotation running on past the paragraph
    surname = owner.name.split()[-1]
    mentioned = re.search(rf"\b{re.escape(surname)}\b", bare)
    return bool(mentioned) and len(bare.split()) > 0.6 * len(para.split())


def _opens_quotation(para: str) -> bool:
    """A paragraph that is a quotation from its first word to its end, or that opens one running
    on into the next paragraph ('"The latest report … innocent Americans."'), not one that
    only starts with a quoted name ('"Hometown Heroes" Act passed today.')."""
    para = para.strip()
    if not para or para[0] not in "\"“":
        return False
    return para[-1] in "\"”" or _still_quoting(para, False)


def _still_quoting(para: str, quoting: bool) -> bool:
    """Whether a quotation is open at the end of ``para``, given whether one was open before it:
    a paragraph opening with a quotation mark opens one (a quotation running over paragraphs
    reopens each, and a careless one opens only the first), then each straight mark toggles it
    and curly marks open and close it."""
    para = para.strip()
    if para[:1] in ("\"", "“"):
        quoting, para = True, para[1:]
    for mark in re.findall(r"[\"“”]", para):
        quoting = not quoting if mark == '"' else mark == "“"
    return quoting


def _cue_at(text: str, para: tuple[int, int], index: int, meta: Issuer | None
            ) -> tuple[Issuer, str, int, int] | None:
    """(owner, mention, mention start, body start) when a paragraph is a cue line."""
    line = text[para[0]:para[1]]
    words = len(line.split())
    m = _POINTER_CUE.match(line)
    if m:
        rest = re.split(r"[:;]|\s+(?:on|regarding|about|concerning|following|after)\s+",
                        line[m.end():])[0]
        got = name_in(rest, meta)
        if got:
            return got[0], got[1], para[0] + m.end(), _after_colon(text, para, para[0] + m.end())
    got = _below_cue(text, para, meta)
    if got:
        return got
    m = _HEADING_CUE.match(line)
    if m and words <= 40:
        rest = re.split(rf"[:;]|{_TOPIC}|,|\s+[–—-]+\s+", line[m.end():], flags=re.I)[0]
        lead = re.match(r"(?:(?:[A-Z][\w.'’-]*|[A-Z]\.)\s*)+", rest)
        if lead and lead.group().strip() != rest.strip():
            rest = lead.group().strip()  # 'Statement by Senator Mark Dayton the Death of …'
        got = name_in(rest, meta)
        nxt = paragraph_bounds(text[para[1]:para[1] + 200])[:1]
        if (got is None or got[0].kind == "org") and nxt and rest == line[m.end():] and \
                len(text[para[1] + nxt[0][0]:para[1] + nxt[0][1]].split()) <= 4:
            # 'STATEMENT BY DISTRICT ATTORNEY' / 'TONY RACKAUCKAS': the name on the next line
            s, e = para[1] + nxt[0][0], para[1] + nxt[0][1]
            person = name_in(f"{rest} {text[s:e]}", meta)
            if person and person[0].kind == "person":
                return person[0], text[s:e], s, e
        if got:
            return got[0], got[1], para[0] + m.end(), _after_colon(text, para, para[0] + m.end())
    m = _OWNER_HEADING.match(line)
    if m and words <= 25:
        # 'Senator Stevens' Statement', 'Sen. Jeffords' Floor Statement': the owner's name
        who = re.sub(r"['’]s?$", "", _STATEMENT_KIND.sub("", m.group("who")))
        got = name_in(who, meta)
        if got and got[0].kind == "person" and _POINTING.fullmatch(who[:who.find(got[1])]):
            return got[0], got[1], para[0] + line.find(got[1]), para[1]
    m = _VERB_CUE.search(line)
    if m:
        subject, start = _subject_before(text, para, para[0] + m.start())
        got = _owner_of_subject(subject, start, meta)
        if got and got[0].kind == "pronoun":  # 'He issued …': the person named before
            person = _nearest_person(text, start, got[1])
            got = (person, got[1], got[2]) if person else None
        bare = re.search(r"(?:^|\s)([A-Z][\w'’-]+)\s*(?:\([^)]*\)\s*)?$", _SUBJECT_END.sub("", subject))
        if got is None and bare and len(subject.split()) <= 3:  # 'Snowe issued …', named before
            owner = resolve_issuer(Issuer(bare.group(1)), text)
            if " " in owner.name:
                got = owner, bare.group(1), start + bare.start(1)
        if got:
            return got[0], got[1], got[2], _after_colon(text, para, para[0] + m.end())
    if index <= 3 and words <= 12 and _BY_LINE.match(line) and not re.search(r"[.!?]$", line):
        got = name_in(line[_BY_LINE.match(line).end():].split(",")[0], meta)
        if got and got[0].kind == "person" and _first_person_follows(text, para[1]):
            return got[0], got[1], para[0] + line.find(got[1]), para[1]
    return None


def _below_cue(text: str, para: tuple[int, int], meta: Issuer | None
               ) -> tuple[Issuer, str, int, int] | None:
    """(owner, mention, mention start, body start) of a line pointing at the statement below
    it: the owner its possessive names ('Dorgan's', 'Senator Cochran's'), the person a 'his'
    or 'her' refers to, or for 'the statement' the metadata issuer."""
    line = text[para[0]:para[1]]
    m = _BELOW_CUE.match(line)
    if m is None or len(line.split()) > 25:
        m = _POINTER_POSSESSIVE.match(line)
        if m is None or len(m.group("rest").split()) > 20 or \
                not _POINTER_REST.match(m.group("rest").rstrip(".] ")):
            return None
    owner = m.group("owner").strip()
    start = para[0] + m.start("owner")
    if m.re is _POINTER_POSSESSIVE and " " not in owner and \
            re.search(r"\bthe\s+$", line[:m.start("owner")], re.I):
        owner = f"the {owner}"  # 'Here is the Senator's statement …'
    if re.fullmatch(r"the\s+\w+['’]s", owner, re.I):  # 'the Senator's statement'
        owner = "the"
    if owner.lower() in ("his", "her", "their"):
        person = meta if meta is not None and meta.kind == "person" else \
            _nearest_person(text, para[0], "they" if owner.lower() == "their" else
                            "he" if owner.lower() == "his" else "she")
        return (person, owner, start, para[1]) if person else None
    if owner.lower() in ("the", "this"):
        return (meta, "", start, para[1]) if meta is not None else None
    owner = re.sub(r"['’]s?$", "", _PARENS.sub("", owner))  # 'Sen. Maria Cantwell's (D-Wash.)'
    got = name_in(owner, meta)
    if got is None and re.fullmatch(r"[A-Z][\w'’-]+", owner):  # 'Dorgan's', named in full before
        person = resolve_issuer(Issuer(owner), text)
        got = (person, owner) if " " in person.name else None
    return (got[0], got[1], start, para[1]) if got else None


def _after_colon(text: str, para: tuple[int, int], pos: int) -> int:
    """Where the statement starts: after a colon ending the cue's sentence on the same line
    ('… issued the following statement: “I am …'), else after the line."""
    colon = text.find(":", pos, para[1])
    if colon >= 0 and len(text[colon + 1:para[1]].split()) >= 4:
        return colon + 1
    return para[1]


def _first_person_follows(text: str, pos: int) -> bool:
    """The text after a by-line is written in the first person outside quotations."""
    body = _QUOTED.sub(" ", text[pos:pos + 3000])
    return len(_FIRST_PERSON.findall(body)) >= 3


def find_statements(text: str, issuer: Issuer | None = None) -> list[StatementSection]:
    """Every issued statement in ``text``: each cue line ('Sen. Russ Feingold made the following
    statement …', 'Statement of Senator Ron Wyden', 'Following is the statement of …', 'Op-ed by
    X', a 'By Senator X' line over a first-person text) starts a section that runs to the next
    cue or the end, without contact blocks, end marks, distribution lines, boilerplate and
    paragraphs narrating the owner in the third person. ``issuer`` (from metadata) names a
    pronoun subject and, when ``whole``, makes the text its statement from the start."""
    paras = paragraph_bounds(text)
    cues: list[tuple[int, Issuer, str, int, int]] = []
    for i, para in enumerate(paras):
        got = _cue_at(text, para, i, issuer)
        if got:
            cues.append((i, *got))
    if not cues and issuer is not None and issuer.whole and paras:
        cues.append((-1, issuer, "", paras[0][0], paras[0][0]))
    sections = []
    for n, (i, owner, mention, m_start, body_start) in enumerate(cues):
        if owner.kind == "person" and len(owner.name.split()) == 1:
            owner = resolve_issuer(owner, text)  # 'Senator Dodd' named in full elsewhere
        if owner.kind == "org" and issuer is not None and issuer.kind == "person" and \
                is_title(owner.name.split()[-1]):
            owner = issuer  # 'a statement by Orange County District Attorney': the one the
            # title or metadata names
        stop = cues[n + 1][0] if n + 1 < len(cues) else len(paras)
        body: list[tuple[int, int]] = []
        if i >= 0 and body_start < paras[i][1]:
            body.append((body_start + len(text[body_start:paras[i][1]]) -
                         len(text[body_start:paras[i][1]].lstrip()), paras[i][1]))
        quoted = _opens_quotation(text[body[0][0]:body[0][1]]) if body else None
        if i < 0:
            quoted = False  # a whole document is its owner's, quotations and all
        quoting = quoted and _still_quoting(text[body[0][0]:body[0][1]], False)
        for s, e in paras[i + 1:stop]:
            line = text[s:e]
            if _END_MARK.match(line.strip()) or _PAGE_TAIL.match(line.strip()):
                break
            if _is_furniture(line) or _is_narration(line, owner):
                continue
            if quoted and not quoting and line.lstrip()[:1] not in "\"“":
                if not _SPEAKING_SELF.search(_QUOTED.sub(" ", line)):
                    break  # a statement printed in quotation marks ends where they do,
                quoted = False  # unless the owner goes on in the first person unquoted
            if quoted is None:
                quoted = _opens_quotation(line)
            quoting = quoted and _still_quoting(line, bool(quoting))
            body.append((s, e))
        cue_span = paras[i] if i >= 0 else (paras[0][0], paras[0][0])
        cue_text = text[cue_span[0]:cue_span[1]] if i >= 0 else "metadata"
        co_owners = _co_owners(text, paras[i], issuer) if i >= 0 else \
            [replace(owner, also=()), *owner.also] if owner.also else []
        if owner.kind == "org" and _role_head(owner.name):
            owner = _role_holder(owner, text, None if issuer is owner else issuer)
        for who, paras_of in _split_by_speaker(text, body, owner, co_owners):
            said = mention if who == owner else ""
            for written in ((who.name, who.name.split()[-1]) if not said and i >= 0 else ()):
                at = cue_text.find(written)
                if at >= 0:
                    said, m_start = written, cue_span[0] + at
                    break
            sections.append(StatementSection(
                owner=who, cue=cue_text[:300], cue_start=cue_span[0], cue_end=cue_span[1],
                mention=said, mention_start=m_start, mention_end=m_start + len(said),
                body=tuple(paras_of), issuer=owner))
    return [s for s in sections if s.body]


# --- joint statements and statements by a role: each part to the one who said it ---

_SAID_AFTER = re.compile(r"\b(?:said|says|added|stated|continued|concluded)\s+"
                         r"((?:(?:[A-Z][\w.'’-]*|of|the|and)\s+){0,10}[A-Z][\w'’-]+)")
_SAID_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,8}[A-Z][\w'’-]+)\s*,?\s+(?:said|says|added|"
                          r"stated|continued|concluded)\b")


def _co_owners(text: str, para: tuple[int, int], meta: Issuer | None) -> list[Issuer]:
    """The people a cue line names as issuing together ('District Attorney Todd Spitzer and
    Police Chief Jon Lewis issued the following statements'); empty for one owner."""
    line = text[para[0]:para[1]]
    m = _VERB_CUE.search(line)
    head = _HEADING_CUE.match(line) or _POINTER_CUE.match(line)
    if m:
        subject = _subject_before(text, para, para[0] + m.start())[0]
    elif head:
        subject = re.split(rf"[:;|]|{_TOPIC}", line[head.end():], flags=re.I)[0]
    else:
        return []
    return joint_people(subject, meta)


def joint_people(subject: str, meta: Issuer | None = None) -> list[Issuer]:
    """The people a subject names together ('District Attorney Todd Spitzer and Police Chief
    Jon Lewis'), each with their role; empty unless it names two or more."""
    people: list[Issuer] = []
    in_office = False  # inside an office's name: 'Chairman of the Committee on Banking, Housing,'
    for chunk in re.split(r",|\band\b|\bAND\b", _PARENS.sub(" ", subject)):
        got = name_in(chunk, meta)
        if got is None and re.search(r"\s(?:of|on|for)\s+(?:the\s+)?[A-Z]", chunk):
            in_office = True
        if got and got[0].kind == "person" and " " in got[0].name and \
                (got[0].role or not in_office and is_first_name(got[0].name.split()[0])) and \
                all(p.name != got[0].name for p in people):
            people.append(got[0])  # not 'Urban Affairs' of '… Banking, Housing, and Urban Affairs'
            in_office = False
    return people if len(people) > 1 else []


def _role_words(name: str) -> list[str]:
    """The words of an owner's name without a leading article ('The District Attorney')."""
    return re.sub(r"^(?:the|The|THE)\s+", "", name).split()


def _role_head(name: str) -> str | None:
    """The title a role-only owner ends with, singular ('The District Attorney', 'Los Angeles
    And Orange County District Attorneys' -> 'Attorney'); None for a named organisation or
    office ('Orange County District Attorney', 'Senate Armed Services Committee')."""
    from indexer.titles import singular_title

    words = _role_words(name)
    last = words[-1] if words else ""
    single = singular_title(last)
    if single == last and last.lower().endswith("s") and is_title(last[:-1]):
        single = last[:-1]
    if not is_title(single) or single.lower() in _ORG_WORDS:
        return None
    plural = single != last
    return single if plural or len(words) <= 2 else None


def _role_holder(owner: Issuer, text: str, meta: Issuer | None) -> Issuer:
    """A statement by a role ('Statement by the District Attorney') as the one holding it: the
    metadata issuer when it names that role, else the organisation the text names most often
    with that role ('Orange County District Attorney')."""
    words = _role_words(owner.name)
    role = " ".join([*words[:-1], _role_head(owner.name) or words[-1]])
    if len(role.split()) > 3:
        return owner  # several offices named ('Los Angeles And Orange County District Attorneys')
    if meta is not None and role.lower() in f"{meta.name} {meta.role or ''}".lower():
        return meta
    counts: dict[str, int] = {}
    for m in re.finditer(rf"((?:[A-Z][\w.'’-]*[ \t]+){{1,3}}){re.escape(role)}\b", text):
        place = re.sub(r"^(?:(?:The|A|An|This|Our)\s+)+", "", m.group(1).strip())
        if place:
            counts[f"{place} {role}"] = counts.get(f"{place} {role}", 0) + 1
    if not counts:
        return owner
    return Issuer(max(counts, key=lambda k: counts[k]), "org", owner.role, owner.whole)


def _said_by(para: str) -> Issuer | None:
    """The person a paragraph's attribution names outside its quotation marks ('…,” said
    Newport Beach Police Chief Jon Lewis.')."""
    bare = _QUOTED.sub(" , ", para)
    for m in [*_SAID_AFTER.finditer(bare), *_SAID_BEFORE.finditer(bare)]:
        got = name_in(m.group(1))
        if got and got[0].kind == "person":
            return got[0]
    return None


_PARTY_TAG = re.compile(r",?\s*\(?\b[DRI]-[A-Z][A-Za-z.]*\)?\s*$")


def _name_line(para: str) -> Issuer | None:
    """A paragraph that is only a person's name, perhaps with titles and a party tag ('U.S.
    Senator Robert C. Byrd, D-W.Va.'): the heading of their part of a joint statement."""
    line = _PARTY_TAG.sub("", para.strip()).strip(" ,")
    if not line or len(line.split()) > 8 or re.search(r"[\"“”:;!?]|[a-z]{2}\.$", line):
        return None
    got = name_in(line)
    if got is None or got[0].kind != "person" or len(got[1].split()) != len(line.split()):
        return None
    return got[0]


def _split_by_speaker(text: str, body: list[tuple[int, int]], owner: Issuer,
                      co_owners: list[Issuer]) -> list[tuple[Issuer, list[tuple[int, int]]]]:
    """A statement body as (owner, paragraphs) parts: in a joint statement or one by a role,
    each paragraph goes to the co-owner (or holder of the role) its attribution names and a
    paragraph naming no one to the one before; a joint statement whose paragraphs name none of
    its co-owners is all of theirs (each co-owner gets the whole body); otherwise all to the
    owner. In a joint statement or one by an organisation (a congressional delegation), a line
    that is only a person's name heads that person's part and is no one's words."""
    head = _role_head(owner.name) if owner.kind == "org" else None
    headings = [_name_line(text[s:e]) for s, e in body] \
        if owner.kind == "org" or co_owners else [None] * len(body)
    if not co_owners and head is None and not any(headings):
        return [(owner, body)]
    current: Issuer | None = None
    parts: dict[Issuer, list[tuple[int, int]]] = {}
    named = False
    for (s, e), heading in zip(body, headings, strict=True):
        if heading is not None:
            surname = heading.name.split()[-1].lower()
            current = next((c for c in co_owners if c.name.split()[-1].lower() == surname),
                           heading)
            named = True
            continue
        said = _said_by(text[s:e])
        if said is not None:
            surname = said.name.split()[-1].lower()
            match = next((c for c in co_owners if c.name.split()[-1].lower() == surname), None)
            if match is None and head and said.role and head.lower() in said.role.lower():
                match = said
            if match is not None:
                current, named = match, True
        parts.setdefault(current or owner, []).append((s, e))
    if not named:
        return [(c, body) for c in co_owners] if co_owners else [(owner, body)]
    return [(who, paras) for who, paras in parts.items() if who is not owner or co_owners]


def issuer_of_title(title: str | None) -> Issuer | None:
    """The issuer a title names as the author of the document ('Op-Ed by Senator Russ
    Feingold: …', 'Statement of District Attorney Kim Ogg on …'): the whole document is their
    statement."""
    m = _TITLE_OPED.search((title or "").strip())
    if not m:
        # a cue sentence read as the title ('… Todd Spitzer issued the following statement …')
        title = (title or "").strip()
        got = _cue_at(title, (0, len(title)), 0, None) if _VERB_CUE.search(title) else None
        if got is None or got[0].kind == "pronoun" or (
                got[0].kind == "org" and got[0].name.split()[-1].lower() not in _ORG_WORDS):
            return None
        return Issuer(got[0].name, got[0].kind, got[0].role, whole=True)
    who = re.split(rf"{_TOPIC}|\s+-\s+|\s*\|",
                   m.group("who") or m.group("of"), flags=re.I)[0]
    joint = joint_people(who)
    if joint:  # 'Joint Statement of State's Attorney X and Superintendent Y'
        first = joint[0]
        return Issuer(first.name, "person", first.role, whole=True, also=tuple(joint[1:]))
    lead = re.match(r"(?:(?:[A-Z][\w.'’-]*|[A-Z]\.)\s*)+", who)
    got = name_in(lead.group().strip() if lead else who)
    if got is not None and got[0].kind == "org" and _role_head(got[0].name):
        return Issuer(got[0].name, "org", whole=True)  # 'STATEMENT BY THE DISTRICT ATTORNEY'
    if got is None or (got[0].kind == "org" and got[0].name.split()[-1].lower() not in _ORG_WORDS):
        return None
    return Issuer(got[0].name, got[0].kind, got[0].role, whole=True)


def resolve_issuer(issuer: Issuer, text: str) -> Issuer:
    """A metadata issuer written as title and surname ('Senator Feingold') as the full-name
    person when the text names them with that title ('Sen. Russ Feingold'), else as given."""
    from indexer.quotes.names import is_first_name
    from indexer.quotes.roles import strip_titles, titles_role

    if issuer.kind != "person":
        return issuer
    bare, titles = strip_titles(issuer.name)
    role = issuer.role or titles_role(titles)
    if len(bare.split()) != 1:
        return Issuer(bare, "person", role, issuer.whole)
    # first names and initials between a title and the surname: a word with a period only as
    # an initial ('Ken Salazar. Senator Salazar' is two mentions, not one name). The title may
    # be any ('Sen.', 'Democratic Leader', 'Majority Whip'); the surname is matched case aside
    # ('Dewine' the folder, 'DeWine' the text) and kept as the text writes it.
    pattern = rf"(?=\b([A-Z][\w.'’-]*)\s+((?:(?:[A-Z][\w'’-]*|[A-Z]\.)\s+){{1,3}})((?i:{re.escape(bare)}))\b)"
    found: list[tuple[bool, str]] = []  # (written with the issuer's own title, full name)
    own = {_title_word(t) for t in titles}
    for m in re.finditer(pattern, text):  # a lookahead: every title before the name is tried
        first = m.group(2).split()
        if not is_title(m.group(1)) or \
                any(is_title(w) or w.lower() == bare.lower() for w in first):
            continue
        title = _title_word(m.group(1))
        if own and title not in own and title not in _RANKS:
            continue  # 'Rep. John Salazar', 'Dr. Fred Coleman': a namesake, not the issuer
        words = [_title_case(w) for w in first]
        if words and (is_first_name(words[0]) or re.fullmatch(r"[A-Z]\.", words[0])
                      or len(words) == 1 and _titled_first_name(words[0])):
            found.append((title in own, " ".join([*words, _title_case(m.group(3))])))
    if found:  # the name under the issuer's own title ('Sen.'), else under another ('Leader')
        return Issuer(next((n for same, n in found if same), found[0][1]), "person", role,
                      issuer.whole)
    return Issuer(bare, "person", role, issuer.whole)


# Titles besides the issuer's own that a release writes its senator under ('Democratic Leader
# Harry Reid', 'Majority Whip Mitch McConnell', 'Committee Chairman Dick Lugar'); any other
# title names a namesake ('Rep. John Salazar', 'Director Michael McConnell', 'Dr. Fred Coleman')
_RANKS = frozenset("""leader whip chairman chairwoman chair cochairman cochair member
honorable""".split())


def _title_word(title: str) -> str:
    """A title as compared with another: singular, dotless, spelled out, lower case ('Sens.'
    and 'Senator' are 'senator', 'Leader-Elect' is 'leader')."""
    word = singular_title(title).replace(".", "").lower().removesuffix("-elect")
    return TITLE_WORDS.get(word, word)


def _titled_first_name(word: str) -> bool:
    """A word after a title and before the surname that reads as a first name the name list
    lacks ('Norm', 'Saxby'): a capitalised word of letters, not a place or party word."""
    return bool(re.fullmatch(r"[A-Z][a-z]+", word)) and word.lower() not in _NOT_FIRST_NAMES


# Capitalised words a title may stand before that are no first name ('Senator Minority Leader
# Reid' is caught by the title test; these are the rest)
_NOT_FIRST_NAMES = frozenset("""democratic republican democrat independent majority minority
ranking senior junior former acting assistant deputy state county federal national us under
vice new the and""".split())


def statement_quotes(text: str, issuer: Issuer | None = None) -> list[Quote]:
    """The issued statements of ``text`` as attributed spans, one a paragraph: ``kind``
    "statement", the owner as speaker, the cue line as ``cue`` and the owner's mention in it."""
    out = []
    for section in find_statements(text, issuer):
        owner = section.owner
        for start, end in section.body:
            out.append(Quote(
                start=start, end=end, text=text[start:end], kind="statement", cue=section.cue,
                mention=section.mention or None,
                mention_start=section.mention_start if section.mention else None,
                mention_end=section.mention_end if section.mention else None,
                speaker=owner.name, speaker_role=owner.role, speaker_kind=owner.kind,
                confidence=0.9 if section.mention else 0.8))
    return out


def fold_into_statements(quotes: list[Quote], text: str = "") -> list[Quote]:
    """Quotes with each issued statement's words held once: a quote lying within statement
    paragraphs of its own speaker, or of no speaker (a statement quoting its own sentences, or
    printed in quotation marks under its heading), restates the statement, which already holds
    those words as the issuer's, so it is left out. Quotes of other people stay, and a person's
    statement paragraph that is mostly another person's quote is theirs, not the issuer's."""
    spans = [q for q in quotes if q.kind == "statement"]
    if not spans:
        return quotes
    # a transcript line's label names its speaker ('MUKASEY: Correct.' in a senator's statement
    # quoting a hearing), a label over a quote only when it names someone in full
    others = [q for q in quotes if q.speaker_kind == "person" and q.speaker and (
        q.kind == "transcript" or _labelled(q, text) and len(q.speaker.split()) > 1)]
    spans = [s for s in spans if s.speaker_kind != "person" or not _voiced_by_others(s, others)]
    return [q for q in quotes
            if q in spans or q.kind != "statement" and not _restates(q, spans, text=text)]


VOICED_SHARE = 0.5  # of a statement paragraph quoting another speaker: their words, not its


def _voiced_by_others(statement: Quote, quotes: list[Quote]) -> bool:
    """Whether most of a statement paragraph is another named person's quote (a fact sheet under
    a senator's statement printing 'Secretary of Defense Donald Rumsfeld: "…"'): their words,
    not the issuer's. (``quotes``: the article's quotes under a label naming a person in full,
    as a transcript's 'BREMER:' or 'Name: "…"': a quote's own cue inside a statement is less
    sure than the statement's owner, as in 'I have known my friend Karen Hughes …'.)"""
    own = _surname(statement.speaker)
    covered = sum(max(0, min(q.end, statement.end) - max(_labelled_from(q), statement.start))
                  for q in quotes if _surname(q.speaker) != own)
    return covered >= VOICED_SHARE * max(1, statement.end - statement.start)


_TITLE_PREFIX = re.compile(r"(?:(?:[A-Z][\w.'’-]*|of|the)\s+)*")  # 'Secretary of Defense '


def _labelled_from(quote: Quote) -> int:
    """Where a quote starts with its label, for a transcript line ('MUKASEY: Correct.')."""
    if quote.kind == "transcript" and quote.mention_start is not None:
        return min(quote.start, quote.mention_start)
    return quote.start


def _labelled(quote: Quote, text: str) -> bool:
    """A quote under a label that opens its line ('Secretary of Defense Donald Rumsfeld: "…"'),
    not after a colon ending a sentence ('… comments made by Sen. John Kerry (D-MA):')."""
    start = quote.mention_start
    return quote.cue == ":" and start is not None and bool(
        _TITLE_PREFIX.fullmatch(text[:start].rsplit("\n", 1)[-1].lstrip()))


def _surname(name: str | None) -> str:
    """A speaker's last word, case folded: 'Sen. Reid' and 'Harry Reid' are one speaker here."""
    return name.split()[-1].casefold() if name and name.split() else ""


def _same_mention(a: Quote, b: Quote) -> bool:
    """Whether two quotes' speaker mentions overlap in the text (one cue read twice) while
    their speakers' names end apart ('Sen. Norm Coleman statement'; 'Bill Clinton' beside a
    statement of 'Clinton' is the same name read better, and stays)."""
    return None not in (a.mention_start, a.mention_end, b.mention_start, b.mention_end) and \
        a.mention_start < b.mention_end and b.mention_start < a.mention_end and \
        _surname(a.speaker) != _surname(b.speaker)


def _on_its_cue(a: Quote, b: Quote, text: str) -> bool:
    """Whether quote ``a`` was attributed from the paragraph holding statement ``b``'s cue
    (another name in that line: 'Sen. Orrin G. Hatch made the following comment after the
    Senate Select Committee on Intelligence approved …:' gives the Committee nothing to say;
    the same surname read better, 'Bill Clinton' beside a statement of 'Clinton', stays)."""
    if not text or None in (a.mention_start, b.mention_start) or \
            _surname(a.speaker) == _surname(b.speaker):
        return False
    low, high = sorted((a.mention_start, b.mention_start))
    return "\n\n" not in text[low:high] and a.mention_start < a.start


def _restates(quote: Quote, statements: list[Quote], gap: int = 3, text: str = "") -> bool:
    """Whether a quote lies within statement paragraphs of its own speaker (or of anyone, for a
    quote with none or one by the narration's 'I', or one read off the statement's own cue: 'Sen. Norm Coleman statement on
    the ruling:' is no speaker 'Sen. Norm Coleman statement'), running on across the blank
    lines between them (with ``text``, any white space)."""
    own = sorted((s for s in statements if (quote.speaker in (None, s.speaker)
                                            or (quote.mention or "").lower() == "i"
                                            or _same_mention(quote, s) or _on_its_cue(quote, s, text))
                  and s.start < quote.end and quote.start < s.end), key=lambda s: s.start)
    if not own:
        return False
    joined = all(b.start - a.end <= gap or text and not text[a.end:b.start].strip()
                 for a, b in zip(own, own[1:], strict=False))  # blank lines, however indented
    return joined and own[0].start <= quote.start and quote.end <= max(s.end for s in own)


def article_issuer(title: str | None, text: str, meta: Issuer | None = None
                   ) -> tuple[Issuer, str] | None:
    """Who issued a document and the evidence: the source metadata's issuer (a title and
    surname resolved to the full name the text gives) with "metadata"; else an op-ed title's
    author with the title; else the owner of the text's first statement cue with its line."""
    if meta is not None:
        return resolve_issuer(meta, text), "metadata"
    by_title = issuer_of_title(title)
    if by_title is not None and _role_head(by_title.name) and by_title.kind == "org":
        sections = find_statements(text, by_title)  # a role: the office the text names with it
        return (sections[0].owner if sections else by_title), title or ""
    if by_title is not None:
        return by_title, title or ""
    sections = find_statements(text)
    # a delegation's statement is the delegation's, though its first part is a member's
    return (sections[0].issuer or sections[0].owner, sections[0].cue) if sections else None
