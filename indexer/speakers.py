"""Cross-article speaker matching: decide whether a resolved speaker is a registry speaker.

Merges need strong evidence: the same full name, or first names that are the same person's
(nicknames such as Jake/Jacob, via the ``nicknames`` package) with the same surname AND a shared
organisation or title. People who only share a surname are never merged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from nicknames import NickNamer

from indexer.titles import is_title, only_qualifiers, singular_title, titled_sex

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}
# Words that open a surname of two or more words ('Van Hollen', 'de la Cruz'), never a first name.
_SURNAME_PARTICLES = frozenset("van von de del della der den da di du la le ter".split())
_ORG_STOP = {"the", "of", "and", "department", "dept", "police", "office", "city", "county"}
_ROLE_STOP = {"a", "an", "the", "of", "for", "and", "former", "acting"}


@dataclass
class Candidate:
    """A speaker as resolved in one article."""

    name: str
    kind: str = "person"  # "person" | "org"
    role: str | None = None
    org: str | None = None


@dataclass
class Existing:
    """A registry speaker: canonical name, aliases, roles and organisations seen so far."""

    name: str
    kind: str = "person"
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _namer() -> NickNamer:
    return NickNamer()


def _fold(text: str, lower: bool = True) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower() if lower else text


def name_parts(name: str) -> tuple[list[str], list[str]]:
    """Split a name into (bare name words, titles): 'Sgt. Jacob Becchina' -> ([jacob, becchina],
    ['sgt']). Titles are read before lower-casing: 'DA' is one only in capitals."""
    bare = re.sub(r"\([^)]*\)", " ", _fold(name, lower=False).replace("’", "'"))
    words = [w for w in re.split(r"[\s,]+", bare) if w]
    titles = []
    while len(words) > 1 and is_title(words[0]):
        titles.append(words.pop(0).rstrip(".").lower())
    words = [w.lower() for w in words]
    while len(words) > 1 and words[-1].rstrip(".") in _SUFFIXES:
        words.pop()
    return [w.rstrip(".") for w in words], titles


def written_titles(mention: str) -> list[str]:
    """The title written before a mentioned name, as one person's and as written ('Sgt.',
    'Attorney General', 'Former Sen.', 'Senator' for 'Senators Dodd and Lieberman'); empty
    when the mention opens with something else ('KCPD Sgt. Jake Becchina')."""
    words = [w for w in mention.split() if w]
    titles = []
    while len(words) > 1 and is_title(words[0]):
        titles.append(singular_title(words.pop(0)))
    return [" ".join(titles)] if titles and not only_qualifiers(titles) else []


def canonical_key(name: str) -> str:
    """A lookup key for a name: titles, suffixes, case, accents and punctuation removed."""
    words, _ = name_parts(name)
    return " ".join(re.sub(r"[^\w'-]", "", w) for w in words if w)


def same_first_name(a: str, b: str) -> bool:
    """True when two first names can be the same person's: equal, initial, or nicknames."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    nn = _namer()
    forms_a = {a} | nn.nicknames_of(a) | nn.canonicals_of(a)
    forms_b = {b} | nn.nicknames_of(b) | nn.canonicals_of(b)
    return b in forms_a or a in forms_b or bool(
        (nn.canonicals_of(a) | {a}) & (nn.canonicals_of(b) | {b})
    )


def _words(values: list[str], stop: set[str]) -> set[str]:
    out: set[str] = set()
    for v in values:
        out |= {w for w in re.findall(r"[\w]+", _fold(v)) if w not in stop and len(w) > 1}
    return out


def _acronym(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", text) if w.lower() != "of").lower()


def shares_org(a: list[str], b: list[str]) -> bool:
    """True when two organisation lists overlap by a word or an acronym (KCPD ~ Kansas City
    Police Department)."""
    if _words(a, _ORG_STOP) & _words(b, _ORG_STOP):
        return True
    acr_a = {_acronym(x) for x in a} | {_fold(x).replace(".", "") for x in a}
    acr_b = {_acronym(x) for x in b} | {_fold(x).replace(".", "") for x in b}
    return any(
        x.startswith(y) or y.startswith(x)
        for x in acr_a for y in acr_b if min(len(x), len(y)) >= 3
    )


def shares_title(a: list[str], b: list[str]) -> bool:
    """True when two role/title lists share a meaningful word ('Sgt.' and 'Sgt.')."""
    return bool(_words(a, _ROLE_STOP) & _words(b, _ROLE_STOP))


def _titles_of(name: str) -> list[str]:
    return name_parts(name)[1]


def same_speaker(candidate: Candidate, existing: Existing, initials: bool = True) -> bool:
    """Whether ``candidate`` is the registry speaker ``existing`` (strong evidence only).

    A full first name is compared with the entry's full first names only: 'Jane Smith' is not
    the 'John Smith' who once appeared as 'J. Smith'. ``initials=False`` refuses a match that
    rests on an initial at all ('J. Smith' for 'John Smith').
    """
    if candidate.kind != existing.kind:
        return False
    key = canonical_key(candidate.name)
    names = [existing.name, *existing.aliases]
    if not key or not initials and len(key.split()) > 1 and len(key.split()[0]) == 1:
        return False
    if any(canonical_key(n) == key for n in names):
        return True
    if candidate.kind == "org":
        return False
    words, _ = name_parts(candidate.name)
    if len(words) < 2:
        return False
    cand_roles = [r for r in [candidate.role, *_titles_of(candidate.name)] if r]
    ex_roles = existing.roles + [t for n in names for t in _titles_of(n)]
    cand_orgs = [candidate.org] if candidate.org else []
    evidence = shares_org(cand_orgs, existing.orgs) or shares_title(cand_roles, ex_roles)
    if not evidence:
        # a middle initial more or less, nothing against it ('Frank R. Lautenberg')
        return initials and same_but_middle(candidate.name, names) and not (
            cand_roles and ex_roles and not shares_title(cand_roles, ex_roles)
            and offices(cand_roles) != offices(ex_roles))
    others = [w for w in (name_parts(n)[0] for n in names) if len(w) >= 2 and w[-1] == words[-1]]
    if len(words[0]) > 1 and any(len(w[0]) > 1 for w in others):
        others = [w for w in others if len(w[0]) > 1]  # initials only where no full name is known
    if not initials:
        others = [w for w in others if len(w[0]) > 1]
    return any(same_first_name(words[0], w[0]) for w in others)


def merge_into(candidate: Candidate, existing: Existing) -> Existing:
    """The registry speaker with the candidate's name, role and organisation added."""
    aliases = list(existing.aliases)
    if candidate.name != existing.name and candidate.name not in aliases:
        aliases.append(candidate.name)
    roles = add_roles(existing.roles, [candidate.role] if candidate.role else [])
    orgs = existing.orgs + [o for o in [candidate.org] if o and o not in existing.orgs]
    return Existing(existing.name, existing.kind, aliases, roles, orgs)


def add_roles(roles: list[str], more: list[str]) -> list[str]:
    """``roles`` with those of ``more`` it lacks, case and a closing period aside ('Senator.'
    is 'Senator', 'senator' adds nothing to 'Senator')."""
    out, seen = list(roles), {r.rstrip(".").lower() for r in roles}
    for role in more:
        if role.rstrip(".").lower() not in seen:
            out.append(role)
            seen.add(role.rstrip(".").lower())
    return out



# --- one registry entry a person: a bare surname and the full name it stands for ---

def bare_surname(name: str, kind: str = "person") -> str | None:
    """The surname a person is named by alone ('Sanders', 'Sen. Feingold' -> 'feingold'), else
    None (a full name, an initial and surname, an organisation)."""
    if kind != "person":
        return None
    words = canonical_key(name).split()
    while len(words) > 1 and words[0] in _SURNAME_PARTICLES:
        words.pop(0)  # 'Van Hollen' is a surname alone, bucketed by its last word
    return words[0] if len(words) == 1 else None


def is_full_name(name: str) -> bool:
    """A first name and a surname, not an initial ('J. Smith' could be John or Jane) nor a
    surname of several words ('Van Hollen')."""
    words = name_parts(name)[0]
    return len(words) >= 2 and len(words[0]) > 1 and words[0] not in _SURNAME_PARTICLES


def middle_names(name: str) -> tuple[str, ...]:
    """The words between first name and surname ('Frank R. Lautenberg' -> ('r',); 'George
    H. W. Bush' -> ('h', 'w'); 'Hillary Rodham Clinton' -> ('rodham',))."""
    words = name_parts(name)[0]
    return tuple(w for w in words[1:-1] if w not in _SURNAME_PARTICLES)


def same_but_middle(candidate: str, names: list[str]) -> bool:
    """The candidate is a name of the entry written with or without its middle initial
    ('Frank Lautenberg', 'Frank R. Lautenberg'): the same full first name and surname, and
    middle initials that agree with every name of the entry that gives some ('George Bush' is
    not 'George H. W. Bush' when the entry is 'George W. Bush')."""
    words = name_parts(candidate)[0]
    if len(words) < 2 or len(words[0]) < 2:
        return False
    ends = (words[0], words[-1])
    if not any(len(w) >= 2 and (w[0], w[-1]) == ends for w in (name_parts(n)[0] for n in names)):
        return False
    mine = middle_names(candidate)
    given = {m for m in map(middle_names, names) if m}
    initials = all(len(w) == 1 for m in (mine, *given) for w in m)  # a middle name may be a
    # maiden name or a second surname ('Hillary Rodham Clinton'): only initials are compared
    return initials and len(given) <= 1 and (not mine or not given or given == {mine})


def offices(roles: list[str]) -> set[str]:
    """The offices that roles name ('Sen.', 'Senator' -> {'senate'}; 'Rep.' -> {'house'})."""
    from indexer.quotes.resolve import office_words

    return {office for role in roles for office in office_words(role)}


def surname_owner(roles: list[str], people: list[Existing], strict: bool = False,
                  quotes: list[int] | None = None) -> int | None:
    """Which of the full-name people sharing a surname a bare mention of it is: the index of
    the only one whose known offices agree with the offices the mention's titles name, else
    None (none or several: 'Clinton' beside Hillary and Bill stays apart). ``strict`` asks the
    person to hold every office named (an entry pooling many mentions), not just one. Names
    whose first word is no first name ('Vermont Veterans Sanders') are no rivals to one that
    has one, entries whose first names are one person's (Russ, Russell) count once (the first),
    and with ``quotes`` (each person's quote count) a mention naming an office goes to the one
    holding it who is quoted by far the most ('Sen. Salazar': Ken, not a brother whose entry
    once caught a 'Senator'), and a person quoted by far the most is a rival whatever their
    first name ('Norm Coleman' beside 'Moses Coleman': a bare 'Coleman' is neither by name)."""
    from indexer.quotes.names import gender_of, is_first_name

    said = offices(roles)
    sex = titled_sex(roles)  # 'Mr. Obama' is not Michelle Obama
    fits = []
    for n, person in enumerate(people):
        held = offices(person.roles + [t for a in [person.name, *person.aliases]
                                       for t in name_parts(a)[1]])
        if said and held and (not said <= held if strict else not said & held):
            continue
        if sex is not None and gender_of(person.name) not in (sex, "u"):
            continue
        fits.append(n)
    named = [n for n in fits if is_first_name(people[n].name.split()[0])]
    top = dominant([quotes[n] for n in fits]) if quotes is not None and fits else None
    if top is not None and fits[top] not in named and named:
        named.append(fits[top])  # 'Norm Coleman', quoted far the most: a first name the
        # name lists do not hold ('Norm', 'Saxby', 'Zell'), no garbage entry
    fits = one_per_person(sorted(named) or fits, people)
    if len(fits) == 1:
        return fits[0]
    if said and quotes is not None and fits:
        top = dominant([quotes[n] for n in fits])
        return None if top is None else fits[top]
    return None


def one_per_person(indexes: list[int], people: list[Existing]) -> list[int]:
    """The indexes with later entries dropped whose full first name is an earlier one's
    person's (Russell after Russ); an initial never counts as the same first name."""
    kept: list[int] = []
    for n in indexes:
        first = name_parts(people[n].name)[0][0]
        if not any(len(first) > 1 and len(f) > 1 and same_first_name(first, f)
                   for f in (name_parts(people[k].name)[0][0] for k in kept)):
            kept.append(n)
    return kept


def dominant(counts: list[int], factor: int = 3) -> int | None:
    """The index of the count at least ``factor`` times every other one, else None."""
    if not counts:
        return None
    top = max(range(len(counts)), key=counts.__getitem__)
    others = [c for n, c in enumerate(counts) if n != top]
    return top if counts[top] > 0 and all(counts[top] >= factor * c for c in others) else None


# --- no junk speakers: a speaker's name must hold a proper noun ---

_INITIAL = re.compile(r"[A-Z]\.")
# a statute, bill or amendment, which is what quotes are about, never who said them: 'PATRIOT Act',
# 'Homeland Security Act of 2002', 'Farm Bill', 'First Amendment', 'Burma Trade Resolution' (an
# office of one, 'Office of Dispute Resolution', has 'of' or 'for' before the word)
_LEGISLATION = re.compile(
    r"(?:\b(?:Acts?|Bills?|Amendments?|Treaty)(?:\s+of\s+\d{4})?"
    r"|^(?!.*\b(?:of|for)\b).*\bResolution)\s*$", re.I)
_PLACES_AND_GROUPS = {"GPE", "LOC", "NORP"}  # spaCy entity types that name no person


@lru_cache(maxsize=1)
def _tagger():  # noqa: ANN202 - spaCy's Language
    """spaCy's English pipeline with its entity recogniser (quote parsing leaves that out)."""
    import spacy

    from indexer.quotes.model import MODEL, add_title_abbreviations

    return add_title_abbreviations(spacy.load(MODEL, exclude=["lemmatizer"]))


@lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[tuple[str, str, str], ...]:
    """(word, fine tag, entity type) of each token of ``text`` as spaCy reads it."""
    return tuple((t.text, t.tag_, t.ent_type_) for t in _tagger()(text))


def common_noun(word: str) -> bool:
    """True when a capitalised word is a common noun, not a name: written in lower case the
    tagger reads it as a common noun ('the department said'), and capitalised as a subject the
    entity recogniser names nothing ('Department said it', where 'Verizon said it' is an
    organisation and 'the pentagon said' a proper noun)."""
    lower = _tags(f"They said that the {word.lower()} said it.")
    if len(lower) != 8 or lower[4][1] not in {"NN", "NNS"}:
        return False
    upper = _tags(f"{word} said it.")
    return not upper[0][2]


def junk_speaker(name: str | None, kind: str = "person") -> bool:
    """True when a speaker's name names nobody: no proper noun in it. That is a phrase without
    a capitalised word ('report', '2004 report'), titles or initials alone, a cut fragment
    ('S. Congress' from 'U.S. Congress') or clause ('Because Congress'), one capitalised
    common noun for an organisation ('Department'), or a plural noun before one surname
    ('Chairmen Filner'), or a determiner before a person's 'name' with no first name or title in
    it ('The Republican', 'The Guardian'), or a place or group for a person ('San Diego').
    Titles name nobody in a person's name ('Sen. Smith') but are part of an organisation's
    ('Department of Justice', 'Office of the Attorney General') unless it names a person.
    An organisation named as legislation ('PATRIOT Act', 'Farm Bill') names no speaker either.
    Decided by capitalisation and spaCy's tags and entities, and for legislation by its head
    word."""
    if not name or not any(c.isupper() for c in name):
        return True
    words = [w for w in re.split(r"[\s,]+", name) if w]
    if len(words) > 1 and _tags(f"{name} said it.")[0][1] in {"IN", "CC"}:
        return True  # a cut clause, not a name: 'Because Congress', 'On Capitol Hill'
    determiner = len(words) > 1 and _tags(words[0])[0][1] in {"DT", "PRP$"}
    while len(words) > 1 and _tags(words[0])[0][1] in {"DT", "PRP$"}:
        words.pop(0)  # 'The Department'
    capitalised = [w for w in words if w[:1].isupper() and not _INITIAL.fullmatch(w)]
    named = [w for w in capitalised if not is_title(w)]
    if kind != "person" and named and len(capitalised) > 1 and not any(
            t[2] == "PERSON" for t in _tags(f"{' '.join(words)} said it.")):
        # a title inside an office's name is the name ('Office of the Governor'); beside a
        # person's name it is that person's title ('Senator Sarbanes' read as an organisation)
        named = capitalised
    if not named:
        return True
    if kind == "person":
        from indexer.quotes.names import is_first_name

        if determiner and not any(is_title(w) or is_first_name(w) for w in words):
            return True  # a person's name opens with no 'The': 'The Republican', 'The Guardian'
        entities = [t[2] for t in _tags(f"{' '.join(words)} said it.")[:-3]]
        if len(words) > 1 and all(e in _PLACES_AND_GROUPS for e in entities):
            return True  # a place or a group, not a person: 'San Diego', 'Nevada Democrat'
        if len(named) > 1 and not any(is_first_name(w) for w in named) and all(
                _tags(f"They said that the {w.lower()} said it.")[4][1] in {"NN", "NNS"}
                for w in named) and not all(
                t[2] == "PERSON" for t in _tags(f"{' '.join(named)} said it.")[:len(named)]):
            return True  # a job in capitals, nobody named: 'Condo Property Manager'
        head = words[0]  # 'Judges Brown': a plural noun before one name is several people
        # (written as a plural is: the tagger reads an unknown first name, 'Saxby', as NNS)
        return len(words) == 2 and head[:1].isupper() and not is_title(head) \
            and not is_first_name(head) and head.lower().rstrip("'’").endswith(("s", "men")) and _tags(
            f"They said that the {head.lower()} said it.")[4][1] == "NNS"
    if len(words) > 1 and _LEGISLATION.search(name):
        return True  # a law or a bill: what a quote is about ('the PATRIOT Act states …')
    if _INITIAL.fullmatch(words[0]) and not (len(words) > 1 and _INITIAL.fullmatch(words[1])):
        return True  # a lone initial opening an organisation's name is a cut 'U.S.'
    return len(named) == 1 and not named[0].isupper() and common_noun(named[0])
