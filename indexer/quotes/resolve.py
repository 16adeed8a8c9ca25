"""In-article coreference: surnames, titles, descriptions and pronouns to full speaker names."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from indexer.quotes.cues import FRONTED_CUES
from indexer.quotes.marks import in_quotation
from indexer.quotes.model import TITLE_ABBREVIATIONS
from indexer.quotes.names import first_name_at, gender_of, is_first_name
from indexer.quotes.roles import (
    DOCUMENT_HEADS,
    FUNCTION_WORDS,
    NOT_PERSON_HEADS,
    SOURCE_HEADS,
    is_person_noun,
    is_title,
    strip_titles,
    titles_role,
)
from indexer.titles import titled_sex

_NAME_WORD = r"[A-Z][\w'’\-]*\.?"
# Capitalised words that open a sentence or a noun phrase but are never part of a name
# ('The Cochran amendment', 'Today Wyden said').
_NOT_NAME = frozenset(
    """the a an this that these those his her their our its my your today yesterday tomorrow
    when while after before but and or if as in on at for with by from to of also then now
    however meanwhile senators sens reps""".split()
) | FUNCTION_WORDS
_NOT_SURNAMES = DOCUMENT_HEADS - {"law"}


_QUOTATION = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")


@dataclass
class Known:
    """A speaker or person already seen in the article, with where it was last mentioned."""

    name: str
    kind: str  # "person" | "org" | "document" (a law or report: an 'it', never a 'we')
    pos: int
    gender: str = "u"  # "m" | "f" | "u"
    role: str | None = None
    org: str | None = None
    quoted: bool = False  # met as a speaker (not only mentioned)


@dataclass
class ArticleContext:
    """What resolution needs about one article: its text and the speakers seen so far."""

    text: str
    known: list[Known] = field(default_factory=list)
    writer: Known | None = None  # the person who issued the text: its narration's 'I'

    def remember(self, item: Known) -> None:
        """Record a resolved speaker or a person mention at its position."""
        self.known.append(item)

    @cached_property
    def people(self) -> list[Known]:
        """The full names written anywhere in the text (``people_in``), read on first need."""
        return people_in(self.text)

    @cached_property
    def surnames(self) -> list[Known]:
        """Every bare surname written ('Dorgan dismissed …', 'Gingrich's thinking') as a
        mention of the one person the text names in full with it (none for a surname several
        people share)."""
        owners: dict[str, dict[str, Known]] = {}
        for k in self.people:
            owners.setdefault(k.name.split()[-1], {}).setdefault(k.name, k)
        out = []
        for surname, named in owners.items():
            if len(named) != 1 or len(surname) < 3:
                continue
            k = next(iter(named.values()))
            for m in re.finditer(rf"(?<![\w'’\-]){re.escape(surname)}(?![\w\-])", self.text):
                out.append(Known(k.name, "person", m.start(), k.gender, k.role, k.org))
        return out

    @cached_property
    def _quoted(self) -> tuple[np.ndarray, np.ndarray]:
        """Where quotations start and end (curly pairs, straight pairs within a paragraph)."""
        spans = [(m.start(), m.end()) for m in _QUOTATION.finditer(self.text)]
        return np.array([a for a, _ in spans], dtype=np.int64), \
            np.array([b for _, b in spans], dtype=np.int64)

    def outside_quotes(self, pos: int) -> bool:
        """Whether a position is outside every quotation (a name quoted is no one speaking)."""
        starts, ends = self._quoted
        i = int(np.searchsorted(starts, pos, side="right")) - 1
        return i < 0 or pos >= ends[i]

    @cached_property
    def _written(self) -> list[Known]:
        """The full names and surnames written outside quotations (fixed for the text, so
        filtered once, not at every pronoun)."""
        return [k for k in [*self.people, *self.surnames] if self.outside_quotes(k.pos)]

    def persons(self) -> list[Known]:
        """Every mention of a person so far outside quotations: speakers met, full names and
        surnames written."""
        return [*self.known, *self._written]


def _name_before(text: str, end: int) -> list[str]:
    """Capitalised, non-title words running back from ``end`` (the surname's start)."""
    words: list[str] = []
    for m in reversed(list(re.finditer(r"\S+", text[max(0, end - 80):end]))):
        w = m.group()
        if not re.fullmatch(_NAME_WORD, w) or is_title(w) or (w.isupper() and len(w) > 2):
            break
        if w.endswith(("-", "–")) or w.lower().rstrip(",") in _NOT_NAME | FRONTED_CUES:
            break
        if w.endswith(".") and len(w) > 2 and not re.fullmatch(r"[A-Z]\.", w):
            break
        words.insert(0, w)
        if len(words) == 3:
            break
    return words


def _ends_title_phrase(text: str, end: int, words: list[str]) -> bool:
    """True when the capitalised words before a surname close a title phrase ('Chief of
    Staff', 'Inspector in Charge'): a lower-case 'of' or 'in' before them, no first name."""
    start = text.rfind(words[0], 0, end)
    before = text[max(0, start - 4):start]
    return before.endswith((" of ", " in ")) and not is_first_name(words[0])


# Words that open a sentence before a name and are no first name ('Maybe Trump is …')
_OPENING_WORDS = frozenset("maybe perhaps yes oh well okay sure hence plus also".split())


def _unlisted_first_name(words: list[str]) -> bool:
    """Whether capitalised words before a surname are a first name the name lists lack
    ('Rakeyia Scott', 'Sherrilyn Ifill') or one they hold ('Bill'): one word, after nothing or
    person nouns ('Democrat Zephyr Teachout'), no initial and no common English word
    ('Though', 'Maybe', 'Celebrating', 'Interestingly')."""
    word = words[-1]
    if len(words) > 1 and not all(is_person_noun(w) for w in words[:-1]):
        return False  # 'History Makes Latinos', but 'Democrat Zephyr Teachout'
    if is_first_name(word):
        return True
    low = word.lower()
    return not (re.fullmatch(r"[A-Z]\.?", word) or low in STOP_WORDS or low in _OPENING_WORDS
                or low.endswith(("ing", "ly")))


def full_name(surname: str, text: str, near: int) -> str | None:
    """Expand a surname to the nearest full name in the text ending in it (before ``near`` first).

    'Bill' or 'Act' is no surname: 'said Bill' is not 'the Farm Bill' ('Law' may be one).
    """
    if not surname or not surname[:1].isupper() or surname.lower() in _NOT_SURNAMES:
        return None
    found: list[tuple[int, str]] = []
    # not a part of a hyphenated pair ('the Clinton-Mikulski bill' names no Clinton Mikulski)
    for m in re.finditer(rf"(?<![\w'’\-–]){re.escape(surname)}(?![\w'’\-–])", text):
        words = _name_before(text, m.start())
        first = first_name_at([*words, surname]) if len(words) > 1 else None
        if first is not None:
            words = words[first:]  # 'Committee Joseph R. Biden': from the first name on
        elif words and _ends_title_phrase(text, m.start(), words):
            words = []  # 'Chief of Staff Schroeder', 'Inspector in Charge Bartlett'
        elif words and not _unlisted_first_name(words):
            words = []  # 'Though Trump …', 'World War I. Clinton said': no first name
        else:
            words = words[-1:]  # 'Democrat Zephyr Teachout': a person noun, then the name
        if words:
            found.append((m.start(), " ".join([*words, surname])))
    if not found:
        return None
    before = [f for f in found if f[0] <= near]
    return (before[-1] if before else found[0])[1]


def resolve_person(name: str, ctx: ArticleContext, pos: int, titles: Sequence[str] = ()) -> str:
    """A person's full name: a bare surname becomes the nearest full name ending in it, skipping
    one whose office the mention's title contradicts ('President Clinton' in a release that
    names Senator Hillary Rodham Clinton stays 'Clinton'; 'Congressman Salazar' beside Senator
    Ken Salazar is Congressman John Salazar)."""
    if len(name.split()) > 1:
        return longer_name(name, ctx, pos) or name
    sex = titled_sex(titles)  # 'Mrs. Clinton' beside Bill and Hillary Clinton is Hillary

    def clash(person: str, role: str | None) -> bool:
        return offices_clash(titles, role) or sex is not None \
            and gender_of(person) not in (sex, "u")

    known = [k for k in ctx.known if k.kind == "person" and " " in k.name
             and k.name.split()[-1] == name and k.pos <= pos and not clash(k.name, k.role)]
    if known:
        return _namesake(name, known, ctx, clash) or name  # (never None with people known)
    full = full_name(name, ctx.text, pos)
    if full is not None and " " in full:  # 'O’Neill Burke' nearest, 'Eileen O’Neill Burke' first
        full = longer_name(full, ctx, pos) or full
    if full is None or not titles:
        return _namesake(name, [], ctx, clash) or full or name
    people = [k for k in ctx.people if k.name.split()[-1] == name]
    if clash(full, None) or any(k.name == full and clash(k.name, k.role) for k in people):
        other = next((k.name for k in sorted(people, key=lambda k: (k.pos > pos, -k.pos))
                      if not clash(k.name, k.role)), None)
        return other or name
    return full


def _namesake(surname: str, known: list[Known], ctx: ArticleContext,
              clash: Callable[[str, str | None], bool]) -> str | None:
    """Which person with this surname a bare mention of it is, when the article names several
    ('former President Bill Clinton' in a story about Hillary Clinton, each with a listed first
    name): the nearest one already quoted, else the one it names first, its subject. Without
    rivals, the nearest of ``known`` (the people met so far), or None when none is."""
    rivals = {k.name for k in [*known, *ctx.people] if k.kind == "person"
              and k.name.split()[-1] == surname and _plain_name(k.name)
              and not clash(k.name, k.role)}
    if len(rivals) < 2:
        return known[-1].name if known else None
    quoted = [k for k in known if k.quoted and k.name in rivals]
    if quoted:
        return quoted[-1].name
    first = {name: min(k.pos for k in [*known, *ctx.people] if k.name == name) for name in rivals}
    return min(first, key=first.__getitem__)


def _plain_name(name: str) -> bool:
    """A listed first name, then at most two more words, none of them a function word (not
    a headline's 'Just Responded To Rubio' or 'Paul Ryan With Trump')."""
    words = name.split()
    return 2 <= len(words) <= 3 and is_first_name(words[0]) and not any(
        w.lower() in _NOT_NAME or w.lower() in STOP_WORDS for w in words)


def longer_name(name: str, ctx: ArticleContext, pos: int) -> str | None:
    """The full name a several-word surname stands for ('O’Neill Burke' after 'Eileen O’Neill
    Burke', 'Van Hollen' after 'Chris Van Hollen'): the nearest person of the article, before
    ``pos`` first, whose name ends in those words and has more; None when the name opens with
    a first name ('Hillary Clinton' is already a full name) or no such person is written."""
    words = name.casefold().split()
    if is_first_name(name.split()[0]):
        return None

    def ends_in(full: str) -> bool:
        parts = full.split()
        return len(parts) > len(words) and [w.casefold() for w in parts[-len(words):]] == words \
            and parts[0].lower() not in _NOT_NAME and is_first_name(parts[0])

    known = [k for k in ctx.known if k.kind == "person" and ends_in(k.name)]
    people = [k for k in ctx.people if ends_in(k.name)]
    for group in (known, people):
        before = [k for k in group if k.pos <= pos]
        if before:
            return max(before, key=lambda k: k.pos).name
    return min(people, key=lambda k: k.pos).name if people else None


# Offices a title names, which one person does not hold two of at once in a release; the
# House's titles are one office.
_OFFICES = {
    "senator": "senate", "representative": "house", "congressman": "house",
    "congresswoman": "house", "congressmember": "house", "president": "president",
    "governor": "governor", "mayor": "mayor",
}


def offices_clash(titles: Sequence[str], role: str | None) -> bool:
    """True when the mention's titles name an office and the known person's role names only
    other offices ('President' against 'Senator'; 'Rep.' and 'Congressman' agree)."""
    if not titles or not role:
        return False
    said = {_OFFICES[w] for w in _spelled_out(" ".join(titles)).split() if w in _OFFICES}
    held = {_OFFICES[w] for w in _spelled_out(role).split() if w in _OFFICES}
    return bool(said and held and not said & held)


def office_words(role: str) -> set[str]:
    """The offices a role or title names ('Sen.' -> {'senate'}, 'Congressman' -> {'house'})."""
    return {_OFFICES[w] for w in _spelled_out(role).split() if w in _OFFICES}


def resolve_pronoun(pronoun: str, ctx: ArticleContext, pos: int,
                    exclude: tuple[int, int] | None = None) -> Known | None:
    """Nearest earlier speaker compatible with the pronoun's gender and number, skipping any
    mentioned inside ``exclude`` (the antecedent of 'Trump, who he blasted as …')."""
    p = pronoun.lower()
    if p == "i":  # the writer, when the text has a known issuer; never the nearest name
        return replace(ctx.writer, pos=pos) if ctx.writer is not None else None
    if p == "you":
        return None  # the one written to, no one named before it
    if p not in {"he", "she", "him", "her", "his"}:
        found = _nearest_compatible(p, ctx.known, pos, exclude)
        if p == "they" and found is not None and found.kind == "person" \
                and not _one_of_several(found, ctx):
            return None  # 'Family members wept. “Justice, justice,” they said': not the DA
        return found
    # a person: the speakers met so far and every full name written, whichever is nearer
    # ('… concerns Henry Crespo, president of …' / '“…,” he said' is Crespo, not a speaker
    # quoted paragraphs before), preferring the subject of the sentence that names them
    found = _nearest_compatible(p, ctx.persons(), pos, exclude)
    if found is None:
        return None
    return _full_name(_sentence_subject(p, found, ctx, exclude), ctx)


def _one_of_several(found: Known, ctx: ArticleContext) -> bool:
    """Whether a person a 'they' would point to is named with others somewhere before it ('Sens.
    Stabenow and Levin …', 'Stabenow (D-MI) and Carl Levin (D-MI) and Rep. John Dingell', or a
    'they' already read as them): one person alone is no 'they'."""
    text = ctx.text
    if text[found.pos:found.pos + 4].lower() == "they":
        return True  # the chain of a 'they' already read as a joint mention
    if _JOINED_AFTER.match(text, found.pos) or _JOINED_BEFORE.search(
            text[max(0, found.pos - JOINED):found.pos]):
        return True  # 'said Sens. Stabenow and Levin', 'Levin and Stabenow', by surname alone
    people = [k for k in ctx.persons() if k.kind == "person" and k.pos <= found.pos]
    for m in [found, *(k for k in people if k.name == found.name)]:
        for k in people:
            if k.name == m.name or abs(k.pos - m.pos) > JOINED:
                continue
            between = text[min(k.pos, m.pos):max(k.pos, m.pos)]
            if "\n" not in between and re.search(r"\band\b|&", between):
                return True
    return False


def _full_name(found: Known, ctx: ArticleContext) -> Known:
    """A person found by a bare surname ('Mr. Reagan' met as 'Reagan') as the full name the
    text gives that surname, where it gives one."""
    if found.kind == "person" and " " not in found.name:
        full = next((k for k in ctx.surnames if k.name.split()[-1] == found.name), None)
        if full is not None:
            return replace(full, pos=found.pos)
    return found


JOINED = 100  # at most this many characters from one name to the next one joined with 'and'
# A name run followed or preceded, on its line, by 'and' and another capitalised name
_JOINED_AFTER = re.compile(r"(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*(?:\s+\([^()\n]{1,20}\))?,?"
                           r"\s+(?:and|&)\s+[A-Z]")
_JOINED_BEFORE = re.compile(r"[A-Z][\w'’.-]*(?:\s+\([^()\n]{1,20}\))?,?\s+(?:and|&)\s+"
                            r"(?:[A-Z][\w'’.-]*\s+){0,3}$")
_OPENING_CONJUNCTIONS = frozenset("and but yet so also".split())


def _opens_sentence(before: str) -> bool:
    """Whether a name with ``before`` ahead of it in its sentence opens the sentence: at most
    four capitalised words (titles, a first name) that are no function words ('Dan McLaughlin
    … agreed', 'Former Sen. Bob Dole …', not 'While Obama had …')."""
    words = before.split()
    if words and words[0].lower() in _OPENING_CONJUNCTIONS:
        words = words[1:]  # 'And Robert Hutchings … said that Bolton …'
    return len(words) <= 4 and all(w[:1].isupper() and w.lower() not in _NOT_NAME
                                   and not w.endswith(",") for w in words)


# Words that open a phrase put before a sentence's subject ('In an interview with …, Ham
# made it clear …', 'Asked about the plan, Smith said …')
_FRONTING = frozenset("""in at on during after before while when since speaking asked later
earlier meanwhile still however instead today yesterday""".split())


def _after_fronted_phrase(before: str) -> bool:
    """Whether a name with ``before`` ahead of it in its sentence comes right after one opening
    phrase closed by a comma: the sentence's subject ('In an interview with Trending Today USA
    with Rusty Humphries, Ham made it clear …')."""
    words = before.split()
    return bool(words) and words[0].lower().strip(",") in _FRONTING and \
        before.rstrip().endswith(",") and before.count(",") == 1


def _sentence_subject(p: str, found: Known, ctx: ArticleContext,
                      exclude: tuple[int, int] | None) -> Known:
    """The person opening the sentence that names ``found``, or following its one opening
    phrase: its subject, as a rule ('Dan McLaughlin … agreed with Matthews.' / '“…,” he
    wrote.' is McLaughlin)."""
    start = max(ctx.text.rfind(". ", 0, found.pos), ctx.text.rfind("\n", 0, found.pos)) + 1
    if re.search(r"[\"“”]", ctx.text[start:found.pos]):
        return found  # a name inside a quotation ('“I spoke with Obama,” Smith said') is no subject
    same = [k for k in ctx.persons() if start <= k.pos < found.pos
            and (_opens_sentence(ctx.text[start:k.pos])
                 or _after_fronted_phrase(ctx.text[start:k.pos]))
            and k.name != found.name and _nearest_compatible(p, [k], k.pos, exclude) is k]
    return min(same, key=lambda k: k.pos) if same else found


def _nearest_compatible(p: str, known: list[Known], pos: int,
                        exclude: tuple[int, int] | None) -> Known | None:
    for k in sorted((k for k in known if k.pos <= pos), key=lambda k: -k.pos):
        if exclude is not None and exclude[0] <= k.pos < exclude[1]:
            continue
        if p == "it":
            ok = k.kind in {"org", "document"}
        elif p in {"they", "we"}:
            ok = k.kind != "document"  # a law or a report is no 'we
        elif p in {"he", "him", "his"}:
            ok = k.kind == "person" and k.gender != "f"
        elif p in {"she", "her"}:
            ok = k.kind == "person" and k.gender != "m"
        else:
            ok = k.kind == "person"
        if ok:
            return k
    return None


# A party member named by party ('the Chicago Democrat said', 'the Texas Republican'): an
# epithet for the person the story is about, never a name.
AFFILIATIONS = frozenset("democrat republican independent".split())


def is_epithet(words: Sequence[str]) -> bool:
    """Whether a mention is 'the [place] Democrat' (or Republican, Independent)."""
    return len(words) >= 2 and words[0].lower() == "the" and \
        words[-1].lower() in AFFILIATIONS


# Words that make a party member someone unnamed: "one senior Democrat", "a Republican aide"
# is not a "Democrat" or "Republican" speaking
_UNNAMED = frozenset("one a an another some several two three four many no".split())


def is_unnamed_member(words: Sequence[str]) -> bool:
    """Whether a mention is an unnamed party member ('one senior Democrat', 'a Republican'):
    an anonymous source, described, not a speaker named 'Democrat'."""
    return len(words) >= 2 and words[0].lower() in _UNNAMED and \
        words[-1].lower().rstrip("s") in AFFILIATIONS


def resolve_epithet(ctx: ArticleContext, pos: int) -> Known | None:
    """The person a party epithet stands for: the nearest person mentioned before it, as for a
    pronoun (speakers met, full names and surnames written, outside quotations)."""
    found = _nearest_compatible("person", ctx.persons(), pos, None)
    return _full_name(found, ctx) if found is not None else None


def resolve_description(head: str, ctx: ArticleContext, pos: int) -> Known | None:
    """'the spokesman' -> the nearest earlier person whose role mentions the same noun."""
    return _nearest_in_role(head.lower(), ctx.known, pos) or _nearest_in_role(
        head.lower(), ctx.people, pos)


def _nearest_in_role(noun: str, known: list[Known], pos: int) -> Known | None:
    for k in sorted((k for k in known if k.pos <= pos), key=lambda k: -k.pos):
        if k.kind == "person" and k.role and noun in _spelled_out(k.role):
            return k
    return None


# Abbreviated titles and the words a later description uses for them ('Sen.' is 'the Senator').
_SPELLED_OUT = {
    "sen": "senator", "rep": "representative congressman congresswoman", "gov": "governor",
    "sgt": "sergeant", "lt": "lieutenant", "capt": "captain", "det": "detective",
    "atty": "attorney", "supt": "superintendent", "cmdr": "commander", "col": "colonel",
    "gen": "general", "pres": "president", "insp": "inspector", "da": "district attorney",
}


def _spelled_out(role: str) -> str:
    """A role in lower case with its abbreviated titles written out ('Sen.' -> 'senator')."""
    return " ".join(_SPELLED_OUT.get(w.rstrip("."), w) for w in role.lower().split())


# a capitalised run up to an owner's 's: "Donald Trump’s claim", "NBC’s | Dante Chinni"; a
# title's "in Charge" runs on ("Special Agent in Charge Bo Kim")
_NAME_RUN = re.compile(r"[A-Z][\w\-]*(?:['’](?!s\b)[\w\-]*)*\.?"
                       r"(?: in Charge| [A-Z][\w\-]*(?:['’](?!s\b)[\w\-]*)*\.?)+")


def _runs(text: str) -> list[re.Match[str]]:
    """Runs of capitalised words that may be names, each ending before a possessive 's (the
    name is its owner's: "Donald Trump’s claim"; "NBC’s Dante Chinni" runs on after it)."""
    return list(_NAME_RUN.finditer(text))


def people_in(text: str) -> list[Known]:
    """Full names written anywhere in the text, with the titles before them ('Brooklyn Acting
    District Attorney Eric Gonzalez'): antecedents for a pronoun or description whose person
    is named only in a paragraph that holds no quote (and so is never parsed)."""
    out: list[Known] = []
    unknown_first: list[tuple[re.Match[str], list[str], list[str]]] = []
    for run in _runs(text):
        words = []
        for w in run.group().split(" "):
            words.append(w)
            if w.endswith(".") and len(w) > 2 and not is_title(w):
                break  # 'Gonzalez. The …': the sentence ends the name
        charge = next((i + 2 for i in range(1, len(words) - 2)
                       if words[i:i + 2] == ["in", "Charge"] and is_title(words[i - 1])), 0)
        bare, titles = strip_titles(" ".join(words[charge:]))
        titles = words[:charge] + titles  # 'Special Agent in Charge' is one title
        names = bare.split()
        # 'The' and 'In' are in the first-name lists too: a function word opens no name
        first = first_name_at([n.rstrip(".") if n.lower() not in _NOT_NAME else "" for n in names])
        if first is None and len(names) == 2:
            unknown_first.append((run, names, titles))
        names = names[first:] if first is not None else []  # 'Today Eric Gonzalez'
        if names and names[0].lower() in FRONTED_CUES:
            names = names[1:]  # 'Said Egbufor, "…"' opens with the cue, not a first name
        if not 2 <= len(names) <= 4 or is_title(names[0]) or "I" in names \
                or names[-1].rstrip(".").lower() in NOT_PERSON_HEADS:
            continue  # 'George Washington University' is no person, nor 'Actually I'
        name = " ".join(n.rstrip(".") if len(n) > 2 else n for n in names)
        pos = run.start() + run.group().find(" ".join(names))
        while titles and titles[0].lower() in _NOT_NAME and not is_title(titles[0]):
            titles.pop(0)  # 'Today Sen. Barbara A. Mikulski', but 'Senators' is a title
        role = titles_role(titles) if titles and (is_title(titles[-1]) or charge) else None
        out.append(Known(name, "person", pos, gender_of(name), role))
    found = sorted(out + _relatives(unknown_first, out), key=lambda k: k.pos)
    return [_as_written_before(k, found) for k in found]


def _as_written_before(known: Known, people: list[Known]) -> Known:
    """A person named by the last words of a longer name written earlier, opening with no
    listed first name ('Kostro Miller' after 'registered dietitian Amanda A. Kostro Miller'),
    is that person: one antecedent for a pronoun, not two."""
    words = known.name.casefold().split()
    if is_first_name(known.name.split()[0]):
        return known  # 'Jane Parker' after 'Sarah Jane Parker' may be her niece
    for other in people:
        parts = other.name.casefold().split()
        if other.pos < known.pos and len(parts) > len(words) and parts[-len(words):] == words:
            return replace(known, name=other.name, gender=other.gender,
                           role=known.role or other.role)
    return known


def _relatives(runs: list[tuple[re.Match[str], list[str], list[str]]], people: list[Known]
               ) -> list[Known]:
    """Two-word names whose first name the name list lacks but whose surname a person named in
    the text has: a relative ('Rakeyia Scott', wife of Keith Lamont Scott), so a 'she' after
    her finds her instead of nobody."""
    surnames = {k.name.split()[-1] for k in people}
    out = []
    for run, (given, surname), titles in runs:
        surname = surname.rstrip(".,")
        if surname not in surnames or is_title(given) or given.lower() in _NOT_NAME \
                or given.lower() in FRONTED_CUES or not given.isalpha():
            continue
        name = f"{given} {surname}"
        role = titles_role(titles) if titles and is_title(titles[-1]) else None
        out.append(Known(name, "person", run.start() + run.group().find(name),
                         gender_of(name), role))
    return out


def resolve_org(mention: str, head: str, ctx: ArticleContext, pos: int) -> str:
    """'the department' -> the nearest earlier organisation name ending in that noun; a
    mention that is a name itself ('The Los Angeles Times') stays that name."""
    named = _org_words(mention)
    if len(named) > 1 and all(w[:1].isupper() or w.lower() in {"of", "for", "and", "the", "on"}
                              for w in named):
        return " ".join(named)
    # 'the department' after 'the Department' or 'the Department of Justice': the nearest
    # name the narration writes, else one a quotation does ('“I thank the Harris County
    # Sheriff's Office,” …' then 'the office said'), not a body a neighbour mentions first
    for k in sorted((k for k in ctx.known if k.pos <= pos and k.kind != "person"
                     and len(k.name) > len(head)),
                    key=lambda k: (in_quotation(ctx.text, k.pos), -k.pos)):
        stem = re.split(r" (?:of|for|on) ", k.name.lower())[0]
        if k.name.lower().endswith(head.lower()) or stem.endswith(head.lower()):
            return k.name
    if head[:1].islower() or mention.lower().startswith("the ") or mention == head:
        pattern = rf"(?<![\w.'’\-])(?:{_NAME_WORD}\s+){{1,5}}{re.escape(head.capitalize())}\b"
        hits = [m for m in re.finditer(pattern, ctx.text) if m.start() <= pos]
        if hits:  # the nearest the narration writes, else the nearest a quotation does
            hit = max(hits, key=lambda m: (not in_quotation(ctx.text, m.start()), m.start()))
            words = _org_words(hit.group())
            if len(words) > 1:
                return " ".join(words)
    if len(named) == 1 and mention.startswith("The ") and named[0][:1].isupper() \
            and head.lower() not in SOURCE_HEADS:
        return mention  # 'The Hill', 'The Atlantic': the article is part of the name
    return " ".join(_org_words(mention)) or mention


def _org_words(name: str) -> list[str]:
    """An organisation's name without the article, the sentence before it ('Club. The Roswell
    Academy') or describing words before capitalised ones ('a separate Interior Bill')."""
    words = name.split()
    for i in range(len(words) - 1, -1, -1):
        if i < len(words) - 1 and re.fullmatch(r"[A-Za-z]{3,}\.", words[i]) \
                and words[i] not in TITLE_ABBREVIATIONS:
            words = words[i + 1:]  # an initial ('Harry S.'), 'U.S.' or 'Dept.' stays
            break
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    if any(w[:1].isupper() for w in words):
        while words and words[0][:1].islower():
            words.pop(0)
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    return words
