"""Titles and honorifics ("Sgt.", "Sen.", "Senators"): the word tables the speaker registry and
the answer layer share with the quote extractor, kept free of spaCy so reading never loads it."""

from __future__ import annotations

import re

# Abbreviated titles written before a name; the tokenizer keeps them whole (quotes/model.py).
TITLE_ABBREVIATIONS = (
    "Sgt. Lt. Capt. Cpl. Det. Sen. Rep. Gov. Gen. Col. Maj. Adm. Supt. Insp. Atty. Pfc. Cmdr. "
    "Dr. Mr. Mrs. Ms. Prof. Rev. Sr. Jr. Fr. Pres. Amb. Asst. Dept. Ofc. Lt.Gov."
).split()

# Courtesy titles a paper writes before any name ('Mr. King said'): no office, so a citation
# leaves them out ('Larry King, quoted in …', not 'Mr. Larry King')
COURTESY_TITLES = frozenset("Mr. Mrs. Ms.".split())
# The sex a courtesy title says ('Mr. Obama' is no Michelle Obama)
COURTESY_SEX = {"Mr.": "m", "Mr": "m", "Mrs.": "f", "Mrs": "f", "Ms.": "f", "Ms": "f", "Miss": "f"}


def titled_sex(titles: list[str] | tuple[str, ...]) -> str | None:
    """'m' or 'f' when the courtesy titles among ``titles`` all say one sex, else None."""
    said = {COURTESY_SEX[t] for t in titles if t in COURTESY_SEX}
    return said.pop() if len(said) == 1 else None

# The word each abbreviated title stands for ('Gen.' -> general), to compare roles as words.
TITLE_WORDS = {
    "sgt": "sergeant", "lt": "lieutenant", "capt": "captain", "cpl": "corporal",
    "det": "detective", "sen": "senator", "rep": "representative", "gov": "governor",
    "gen": "general", "col": "colonel", "maj": "major", "adm": "admiral",
    "supt": "superintendent", "insp": "inspector", "atty": "attorney", "cmdr": "commander",
    "dr": "doctor", "prof": "professor", "rev": "reverend", "pres": "president",
    "amb": "ambassador", "asst": "assistant",
}

TITLES = frozenset(
    """mr mrs ms miss dr prof sgt sgt. cpl pvt lt capt cmdr col gen maj adm det insp officer
    sen senator rep representative gov governor lt.gov pres president vice rev fr sr jr
    judge justice mayor chief sheriff deputy commissioner chairman chairwoman chair secretary
    attorney atty general ambassador sir dame lord lady pastor rabbi father sister coach
    councilman councilwoman councilmember councillor councilor alderman assemblyman assemblywoman trooper sergeant
    congressman congresswoman congressmember delegate d.a. agent special whip member
    administrator defender counsel commander warden chancellor provost admiral archbishop
    imam trustee
    corporal captain lieutenant colonel major detective inspector superintendent director
    spokesman spokeswoman spokesperson candidate nominee leader speaker minister premier
    prosecutor supervisor professor doctor state former acting interim first lady st.
    honorable executive clerk manager planner coordinator""".split()
)

_SINGULAR_TITLES = {
    "senators": "Senator", "sens": "Sen.", "reps": "Rep.", "representatives": "Representative",
    "governors": "Governor", "govs": "Gov.", "mayors": "Mayor", "drs": "Dr.",
    "commissioners": "Commissioner", "congressmen": "Congressman",
}
_CAPS_TITLES = frozenset("da ada dda ausa sa asa".split())  # titles only when written in capitals
_DOTLESS = re.compile(r"\.$")

# Plural titles before a joint attribution ('Senators Hillary Rodham Clinton and Chuck Schumer'):
# only those never met as surnames ('Majors', 'Judges' are both).
PLURAL_TITLES = frozenset(
    "senators sens reps representatives governors govs mayors drs commissioners congressmen"
    .split()
)


# Title words that only qualify a title after them: alone they hold no office ('Acting IG
# Dennis Rosen', where 'IG' is no title these tables know, is no 'Acting').
QUALIFIERS_ALONE = frozenset("former state acting interim vice first special".split())


def only_qualifiers(words: list[str]) -> bool:
    """True when a role's words only qualify a title that is missing ('Acting')."""
    return all(_DOTLESS.sub("", w.lower()) in QUALIFIERS_ALONE for w in words)


def is_title(word: str) -> bool:
    """True for an honorific or rank such as Sgt., Sen., Dr. or Gov. (or Senators, Reps.)."""
    lower = word.lower().removesuffix("-elect")  # 'Leader-elect', 'Governor-elect'
    bare = _DOTLESS.sub("", lower)
    if bare in _CAPS_TITLES:
        return word.isupper()  # 'DA Stephan', but 'Lula da Silva'
    return bare in TITLES or lower in TITLES or bare in PLURAL_TITLES


def publisher_kind(name: str) -> str:
    """"person" for a publisher written as a titled person ('Senator Russ Feingold'), else
    "org"."""
    words = name.split()
    return "person" if len(words) >= 2 and is_title(words[0]) and words[1][:1].isupper() \
        else "org"


def singular_title(word: str) -> str:
    """One person's form of a plural title ('Senators' -> 'Senator', 'Sens.' -> 'Sen.')."""
    return _SINGULAR_TITLES.get(_DOTLESS.sub("", word.lower()), word)


def title_alone(role: str) -> bool:
    """A role that is only a title abbreviation, perhaps after a country's or state's initials
    ("Sen.", "U.S. Sen.", "U.S. Rep."): a title written before the name, no office after it."""
    *before, last = role.split() or [""]
    return last in TITLE_ABBREVIATIONS and all(re.fullmatch(r"(?:[A-Z]\.){2,}", w) for w in before)


# Laws, plans and papers quoted as the source of their words ('the PACE Act implements "…"'):
# not people, so they go to the registry as organisation-kind sources, like 'the report'.
DOCUMENT_HEADS = frozenset(
    "act bill amendment resolution program programme plan agreement treaty initiative law rule "
    "budget study survey poll memo constitution section article title clause statute charter "
    "regulation regulations directive documents declaration affidavit indictment order "
    "paragraph bible handbook manual guide legislation authorization assessment".split()
)
