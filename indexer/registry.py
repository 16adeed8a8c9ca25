"""The cross-article speaker registry, kept in the store.

Quotes carry the speaker as the article names them; the registry maps each to a canonical
speaker, merging only on the strong evidence ``indexer.speakers.same_speaker`` asks for.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from indexer.records import Quote, Speaker
from indexer.speakers import (
    Candidate,
    Existing,
    add_roles,
    bare_surname,
    canonical_key,
    dominant,
    is_full_name,
    junk_speaker,
    merge_into,
    same_speaker,
    surname_owner,
    written_titles,
)
from indexer.store import Store
from indexer.store_sql import like_escape
from indexer.titles import COURTESY_TITLES


def surname_key(name: str) -> str:
    """The bucket a name is matched in: its last bare word (the whole key for organisations)."""
    key = canonical_key(name)
    return key.rsplit(" ", 1)[-1] if key else ""


_full_name = is_full_name


def _as_existing(speaker: Speaker) -> Existing:
    """A copy of a registry entry for ``same_speaker`` and ``merge_into``."""
    return Existing(speaker.name, speaker.kind, list(speaker.aliases), list(speaker.roles),
                    list(speaker.orgs))


def load_speakers(store: Store) -> list[Speaker]:
    return store.speakers()


_THE_ACRONYM = re.compile(r"^[Tt]he\s+(?=[A-Z][A-Z&]{1,5}$)")
# a document an organisation issued, named as the speaker: 'GAO report', 'GAO's report', '2008
# Government Accountability Office report', 'Pew Research Center study'
_DOCUMENT = re.compile(
    r"^(?:(?:[A-Z][a-z]+\.?\s+)?(?:\d{4}\s+))?(?P<org>.+?)(?:['’]s)?(?:-initiated)?\s+"
    r"(?:report|study|survey|audit|analysis|memo|memorandum|findings|review)$", re.I)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.&'’-]*|of|the|and|for|on|&)$")


def document_issuer(name: str) -> str | None:
    """The organisation a document named as a speaker stands for: the name before the
    document's noun ('GAO report' and "GAO's report" -> 'GAO', 'May 2006 Justice Department
    report' -> 'Justice Department'); None when the name names no document or the words before
    it are no name ('ICE intelligence report', 'April 2007 report')."""
    m = _DOCUMENT.match(name.strip())
    if m is None:
        return None
    words = m.group("org").split()
    return " ".join(words) if words and all(_NAME_WORD.match(w) for w in words) \
        and words[0][:1].isupper() else None


class SpeakerRegistry:
    """Resolves quotes' speakers to registry ids; writes through the caller's transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by_key: dict[str, list[Speaker]] = defaultdict(list)
        self.restamped: set[str] = set()  # articles whose quotes moved to another speaker id
        self._folded: dict[int, int] = {}  # folded-away id -> the id it was folded into
        self._logged: set[tuple[int | None, int, str, str]] = set()
        self._quotes: Counter[int] = Counter(store.speaker_quote_counts())
        for speaker in load_speakers(store):
            self._by_key[surname_key(speaker.name)].append(speaker)

    def resolve_article(self, quotes: list[Quote]) -> list[int | None]:
        """Registry ids for an article's quotes, one per quote (None where unattributed).

        Evidence is pooled per speaker over the article first: every role, title (from the
        mentions, e.g. "Sgt." in "Sgt. Jacob Becchina") and organisation the article gives.
        """
        for n, q in enumerate(quotes):
            if q.speaker and junk_speaker(q.speaker, q.speaker_kind or "person"):
                # no person or named organisation: the mention stays, with no speaker
                quotes[n] = replace(q, speaker=None, speaker_role=None, speaker_org=None,
                                    speaker_kind=None)
            elif q.speaker and q.speaker_kind == "org":
                issuer = document_issuer(q.speaker)
                if issuer is not None and junk_speaker(issuer, "org"):
                    issuer = None  # 'Conference Report', '9/11 Commission Report' stay whole
                if issuer is not None or _THE_ACRONYM.match(q.speaker):
                    # 'The GAO said', 'GAO said' and 'the GAO report says' are one organisation
                    quotes[n] = replace(q, speaker=_THE_ACRONYM.sub("", issuer or q.speaker))
        pooled: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        for q in quotes:
            if not q.speaker:
                continue
            roles, orgs = pooled.setdefault((q.speaker, q.speaker_kind or "person"), ([], []))
            titles = written_titles(q.mention or "")
            roles[:] = add_roles(roles, [r for r in [q.speaker_role, *titles] if r])
            if q.speaker_org and q.speaker_org not in orgs:
                orgs.append(q.speaker_org)
        ids = {key: self.resolve(key[0], key[1], roles, orgs)
               for key, (roles, orgs) in pooled.items() if not bare_surname(*key)}
        for key, (roles, orgs) in pooled.items():
            if bare_surname(*key):  # after the article's full names: 'Sanders' is its Bernie
                owner = self._article_owner(key[0], roles, pooled, ids)
                ids[key] = owner if owner is not None else self.resolve(key[0], key[1], roles,
                                                                        orgs)
        out = [self._current(ids[(q.speaker, q.speaker_kind or "person")]) if q.speaker
               else None for q in quotes]
        # (a later speaker of the article may have folded an entry an earlier one resolved to)
        self._quotes.update(i for i in out if i is not None)
        return out

    def _article_owner(self, name: str, roles: list[str],
                       pooled: dict[tuple[str, str], tuple[list[str], list[str]]],
                       ids: dict[tuple[str, str], int]) -> int | None:
        """The registry id of the one person of the article whose full name ends in the bare
        surname ``name`` (their offices agreeing with its titles), else None."""
        surname = bare_surname(name)
        people = [(key, Existing(key[0], "person", [], r, o)) for key, (r, o) in pooled.items()
                  if key[1] == "person" and key in ids and is_full_name(key[0])
                  and canonical_key(key[0]).rsplit(" ", 1)[-1] == surname]
        pick = surname_owner(roles, [p for _, p in people])
        if pick is None:
            return None
        target = self._current(ids[people[pick][0]])
        self._log(None, target, name, "same article")
        return target

    def _log(self, from_id: int | None, to_id: int, name: str, reason: str) -> None:
        """Record once why ``name`` (or a folded entry) resolves to ``to_id``."""
        if (from_id, to_id, name, reason) not in self._logged:
            self._logged.add((from_id, to_id, name, reason))
            self.store.record_speaker_merge(from_id, to_id, name, reason)

    def _people(self, key: str) -> list[Speaker]:
        """The registry's full-name people with this surname."""
        return [e for e in self._by_key[key] if e.kind == "person" and _full_name(e.name)]

    def _surname_owner(self, roles: list[str], key: str, strict: bool = False) -> Speaker | None:
        """The one full-name person of the corpus a bare surname with these titles is."""
        people = self._people(key)
        pick = surname_owner(roles, [_as_existing(p) for p in people], strict,
                             [self._quotes[p.id] for p in people])
        return None if pick is None else people[pick]

    def _fold_namesakes(self, target: Speaker, key: str) -> Speaker:
        """Fold together full-name entries that are ``target`` by a first name of the same
        person and a shared title or organisation ('Russell Feingold', 'Senator', beside 'Russ
        Feingold'), found apart when neither had that evidence yet; the more quoted entry
        survives and is returned."""
        survivor = target
        for other in [e for e in self._people(key) if e is not target]:
            candidates = [Candidate(other.name, "person", r, o)
                          for r in (other.roles or [None]) for o in (other.orgs or [None])]
            if any(same_speaker(c, _as_existing(survivor), initials=False) for c in candidates):
                keep, gone = ((other, survivor) if self._quotes[other.id]
                              > self._quotes[survivor.id] else (survivor, other))
                self._fold(gone, keep, key, "a first name of the same person and a shared "
                           "title or organisation")
                survivor = keep
        return survivor

    def _fold_bare(self, target: Speaker, key: str) -> None:
        """Fold bare-surname entries ('Sanders') into ``target`` when it is now the only
        full-name person of that surname their titles fit."""
        for bare in [e for e in self._by_key[key] if e.kind == "person"
                     and bare_surname(e.name) == key]:
            if self._surname_owner(bare.roles, key, strict=True) is target:
                self._fold(bare, target, key, "one person of that surname in the corpus")

    def _current(self, speaker_id: int) -> int:
        """The id a speaker now has, following folds."""
        while speaker_id in self._folded:
            speaker_id = self._folded[speaker_id]
        return speaker_id

    def current_ids(self, ids: list[int | None]) -> list[int | None]:
        """Ids resolved earlier as they are now: a later resolution (the article's issuer) may
        have folded an entry they name into another."""
        return [None if i is None else self._current(i) for i in ids]

    def resolve(self, name: str, kind: str, roles: list[str], orgs: list[str]) -> int:
        """The registry id for a speaker with this evidence, creating or enriching the entry.

        An entry whose full name becomes one of the matched entry's names is the same speaker
        and is folded into it: 'Hillary Rodham Clinton', registered before an article tied that
        name to 'Hillary Clinton'. Folding needs the match itself to rest on full first names,
        never an initial: 'J. Smith' may be John or Jane.
        """
        candidates = [Candidate(name, kind, role, org)
                      for role in (roles or [None]) for org in (orgs or [None])]
        key = surname_key(name)
        if bare_surname(name, kind):
            owner = self._surname_owner(roles, key)
            if owner is not None:  # 'Sen. Feingold' is the corpus's one Feingold
                self._log(None, owner.id, name, "one person of that surname in the corpus")
                return owner.id
        target = next((e for e in self._by_key[key]
                       if any(same_speaker(c, _as_existing(e)) for c in candidates)), None)
        if target is None:
            created = self._create(name, kind, roles, orgs, key)
            if kind == "person" and _full_name(name):
                survivor = self._fold_namesakes(self._by_key[key][-1], key)
                self._fold_bare(survivor, key)
                self._save(survivor)
                return survivor.id
            return created
        before = _as_existing(target)
        merged = before
        for c in candidates:
            merged = merge_into(c, merged)
        target.aliases, target.roles, target.orgs = merged.aliases, merged.roles, merged.orgs
        if any(same_speaker(c, before, initials=False) for c in candidates):
            names = {canonical_key(n) for n in [target.name, *target.aliases]}
            for other in [e for e in self._by_key[key] if e is not target and e.kind == kind
                          and _full_name(e.name) and canonical_key(e.name) in names]:
                self._fold(other, target, key, "same full name")
        if kind == "person" and _full_name(target.name):
            survivor = self._fold_namesakes(target, key)
            self._fold_bare(survivor, key)
            if survivor is not target:
                self._save(survivor)
                return survivor.id
        if (target.aliases, target.roles, target.orgs) != (
                before.aliases, before.roles, before.orgs):
            self._save(target)
        return target.id

    def _create(self, name: str, kind: str, roles: list[str], orgs: list[str], key: str) -> int:
        speaker = Speaker(id=0, name=name, kind=kind, aliases=[], roles=list(roles),
                          orgs=list(orgs))
        speaker.id = self.store.create_speaker(speaker)
        self._by_key[key].append(speaker)
        return speaker.id

    def _fold(self, other: Speaker, target: Speaker, key: str, reason: str) -> None:
        """Move ``other``'s names, roles and quotes to ``target`` and delete it; the articles
        holding those quotes are marked unindexed (in the caller's transaction) until their
        keyword documents are re-written with the new id."""
        # a bare surname is no alias: it would match the next bare mention whoever it names
        target.aliases += [n for n in [other.name, *other.aliases] if n != target.name
                           and n not in target.aliases and not bare_surname(n, other.kind)]
        target.roles = add_roles(target.roles, other.roles)
        target.orgs += [o for o in other.orgs if o not in target.orgs]
        # the folded id still resolves (permalinks, watches): to the surviving entry
        moved = self.store.fold_speaker(other.id, target.id)
        self.store.mark_unindexed(moved)
        self.restamped.update(moved)
        self._folded[other.id] = target.id
        self._quotes[target.id] += self._quotes.pop(other.id, 0)
        self._by_key[key].remove(other)
        self._log(other.id, target.id, other.name, reason)

    def take_restamped(self) -> list[str]:
        """Articles whose keyword documents carry a folded-away speaker id (then forgotten)."""
        out, self.restamped = sorted(self.restamped), set()
        return out

    def _save(self, speaker: Speaker) -> None:
        self.store.save_speaker(speaker)


@dataclass
class RepairReport:
    """What ``repair_registry`` changed: entries dropped as junk, folded, quotes moved."""

    junk: list[str] = field(default_factory=list)
    folded: list[tuple[str, str, str]] = field(default_factory=list)  # (from, into, why)
    moved_quotes: int = 0
    articles: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        return {"junk": self.junk, "folded": [list(f) for f in self.folded],
                "moved_quotes": self.moved_quotes, "articles": len(self.articles)}


def repair_registry(store: Store) -> RepairReport:
    """Bring a store's registry up to the current rules in place (in the caller's transaction):
    entries that name nobody lose their quotes' speaker (mentions stay); a bare surname is
    folded into the one full-name person of it in the corpus, else its quotes move, issuer by
    issuer, to the one such person quoted in that issuer's documents; full names the same
    person goes by in one issuer's documents ('Russ'/'Russell Feingold') become one entry.
    Touched articles are marked unindexed so their index documents are re-written."""
    report = RepairReport()
    for speaker in load_speakers(store):
        if junk_speaker(speaker.name, speaker.kind):
            report.junk.append(speaker.name)
            report.articles.update(store.clear_speaker(speaker.id))
    quotes = Quotes(store.quote_sources())
    registry = SpeakerRegistry(store)
    for key in list(registry._by_key):
        _repair_surname(store, registry, quotes, key, report)
    report.articles.update(registry.take_restamped())
    store.mark_unindexed(sorted(report.articles))
    return report


def issuer_group(source: str | None, origin: str | None) -> str | None:
    """Whose documents an article is among: its source ('Senator Salazar'), else the folder
    its file was read from (a folder of one issuer's releases, 'Salazar/')."""
    if source:
        return source
    if origin and "/" in origin.replace("\\", "/"):
        return origin.replace("\\", "/").rsplit("/", 1)[0]
    return None


class Quotes:
    """Every attributed quote's speaker and issuer group, for the repair's evidence."""

    def __init__(self, rows: list[tuple[int, int, str | None, str | None]]) -> None:
        self.by_speaker: dict[int, list[tuple[int, str | None]]] = defaultdict(list)
        self.count: Counter[tuple[int, str | None]] = Counter()
        for qid, sid, source, origin in rows:
            group = issuer_group(source, origin)
            self.by_speaker[sid].append((qid, group))
            self.count[(sid, group)] += 1

    def groups(self, speaker_id: int) -> set[str | None]:
        """The issuer groups whose documents quote this speaker."""
        return {g for _, g in self.by_speaker.get(speaker_id, [])}

    def total(self, speaker_id: int) -> int:
        return len(self.by_speaker.get(speaker_id, []))

    def move(self, from_id: int, to_id: int, group: str | None) -> list[int]:
        """Record the quotes of one group moving between speakers; returns their ids."""
        qids = [q for q, g in self.by_speaker[from_id] if g == group]
        self.by_speaker[from_id] = [(q, g) for q, g in self.by_speaker[from_id] if g != group]
        self.by_speaker[to_id] += [(q, group) for q in qids]
        self.count[(to_id, group)] += len(qids)
        self.count[(from_id, group)] = 0
        return qids

    def fold(self, from_id: int, to_id: int) -> None:
        """Record a folded entry's quotes under the entry it went into."""
        for qid, group in self.by_speaker.pop(from_id, []):
            self.by_speaker[to_id].append((qid, group))
            self.count[(to_id, group)] += 1


def _repair_surname(store: Store, registry: SpeakerRegistry, quotes: Quotes, key: str,
                    report: RepairReport) -> None:
    """Repair the entries of one surname bucket (see ``repair_registry``)."""
    people = sorted(registry._people(key), key=lambda p: -quotes.total(p.id))
    for person in people:
        if person in registry._by_key[key]:
            folded = {e.id for e in registry._by_key[key]}
            survivor = registry._fold_namesakes(person, key)
            registry._save(survivor)
            for gone in folded - {e.id for e in registry._by_key[key]}:
                quotes.fold(gone, survivor.id)
                report.folded.append((str(gone), survivor.name, "same person's first name"))
    for n, keep in enumerate(people):
        for other in people[n + 1:]:
            if other in registry._by_key[key] and keep in registry._by_key[key] \
                    and same_person_in_source(keep, other, quotes.groups(keep.id)
                                              & quotes.groups(other.id)):
                registry._fold(other, keep, key, "same first name and surname in one issuer's "
                               "documents")
                registry._save(keep)
                quotes.fold(other.id, keep.id)
                report.folded.append((other.name, keep.name, "same issuer"))
    for bare in [e for e in registry._by_key[key] if bare_surname(e.name, e.kind) == key]:
        owner = registry._surname_owner(bare.roles, key, strict=True)
        if owner is not None:
            registry._fold(bare, owner, key, "one person of that surname in the corpus")
            registry._save(owner)
            quotes.fold(bare.id, owner.id)
            report.folded.append((bare.name, owner.name, "corpus"))
            continue
        _move_by_issuer(store, registry, quotes, bare, key, report)


def same_person_in_source(a: Speaker, b: Speaker, shared: set[str | None]) -> bool:
    """Two full-name entries of one surname are one person when their first names are the
    same person's (Russ/Russell, never an initial) and one issuer's documents quote both."""
    from indexer.speakers import name_parts, same_first_name

    first_a, first_b = name_parts(a.name)[0][0], name_parts(b.name)[0][0]
    return bool(shared - {None}) and a.kind == b.kind == "person" and min(
        len(first_a), len(first_b)) > 1 and same_first_name(first_a, first_b)


def _move_by_issuer(store: Store, registry: SpeakerRegistry, quotes: Quotes, bare: Speaker,
                    key: str, report: RepairReport) -> None:
    """Move a bare surname's quotes, issuer by issuer, to the one full-name person of that
    surname quoted in the same issuer's documents (their offices agreeing with its titles);
    in documents named for that surname ('Senator Salazar', 'Salazar/'), to the one of that
    surname they quote by far the most (their issuer, not a brother they name now and then)."""
    people = registry._people(key)
    moved: Counter[int] = Counter()
    for group in sorted(quotes.groups(bare.id) - {None}):
        local = [p for p in people if quotes.count[(p.id, group)]]
        pick = surname_owner(bare.roles, [_as_existing(p) for p in local], strict=True,
                             quotes=[quotes.count[(p.id, group)] for p in local])
        if pick is None and key in re.split(r"[^a-z']+", canonical_key(group.replace("/", " "))):
            pick = dominant([quotes.count[(p.id, group)] for p in local])
        if pick is None:
            continue
        target = local[pick]
        qids = quotes.move(bare.id, target.id, group)
        report.articles.update(store.move_quotes(qids, target.id))
        registry._log(None, target.id, bare.name, f"one person of that surname in {group}")
        moved[target.id] += len(qids)
        report.moved_quotes += len(qids)
    if moved and not quotes.total(bare.id):
        target = next(p for p in people if p.id == moved.most_common(1)[0][0])
        registry._fold(bare, target, key, "one person of that surname in each issuer's documents")
        registry._save(target)
        report.folded.append((bare.name, target.name, "issuer"))


ROLES_SHOWN = 3  # roles and organisations a speakers list shows, the most used first


def offices_of(roles: list[str]) -> list[str]:
    """The roles worth showing: a courtesy title ('Mr.'), kept as evidence of who a bare
    surname is, says nothing of what someone does."""
    return [r for r in roles if r not in COURTESY_TITLES]


# Before an office, these make another one: 'Acting District Attorney' is not 'District Attorney'.
_OFFICE_QUALIFIERS = frozenset("acting former interim deputy vice assistant associate ex".split())


def _words_inside(part: str, whole: str) -> bool:
    """Whether ``part`` is a run of whole words of a longer ``whole`` that says the same office
    more fully ('Chairwoman' in 'Chairwoman, San Diego County Board of Supervisors', 'District
    Attorney' in 'Brooklyn District Attorney'), an initialism written out at its end ('DA' in
    'Riverside County District Attorney', 'CIU chief' in 'Conviction Integrity Unit Chief');
    'Sen' is not in 'Senate', nor 'District Attorney' in 'Acting District Attorney', 'DA' in
    'Deputy Attorney General' or 'Domestic Abuse Unit'."""
    if part.casefold() == whole.casefold():
        return False
    found = re.search(rf"(?<!\w){re.escape(part)}(?!\w)", whole, re.IGNORECASE)
    if found is None and _INITIALISM.search(part):
        found = re.search(_spelled_out(part), whole)
    if found is None:
        return False
    # a qualifier before it, or among the words an initialism stands for, makes another office
    qualifiers = _OFFICE_QUALIFIERS & set(re.findall(r"\w+", whole[:found.end()].casefold()))
    return not qualifiers - set(re.findall(r"\w+", part.casefold()))


_INITIALISM = re.compile(r"(?:[A-Z]\.?){2,5}")


def _spelled_out(part: str) -> str:
    """A pattern for ``part`` with each initialism in it ('DA', 'D.A.', 'CIU') written out as
    capitalised words with those initials, ending the value it is looked for in ('Riverside
    County District Attorney'; not 'Domestic Abuse Unit'); other words as written, any case."""
    words = []
    for word in part.split():
        if _INITIALISM.fullmatch(word):
            words.append(r"\s+".join(rf"{c}[\w'’.-]*" for c in word.replace(".", "")))
        else:
            words.append(f"(?i:{re.escape(word)})")
    return r"(?<!\w)" + r"\s+".join(words) + r"\W*$"


def shown_roles(roles: list[str], orgs: list[str], most: int = ROLES_SHOWN) -> str:
    """What a speakers list says of an entry: its most used roles and organisations (the
    summaries order them so), each once (one whose words are inside another of them is left
    out: 'Chairwoman' beside 'Chairwoman, San Diego County Board of Supervisors'), separated by
    '; ' since a name may hold commas, and how many more the speaker's page has. A value said
    more fully by another is shown as that one, in its own place: a District Attorney quoted
    as 'District Attorney' most and once as 'Acting District Attorney' is 'Brooklyn District
    Attorney; Acting District Attorney', not the acting title first."""
    whole = [*offices_of(roles), *orgs]
    distinct: list[str] = []
    for value in whole:
        fuller = [other for other in whole if _words_inside(value, other)]
        shown = max(fuller, key=len) if fuller else value
        if not any(shown.casefold() == d.casefold() for d in distinct):
            distinct.append(shown)
    kept_roles = [v for v in distinct if v in roles]
    kept_orgs = [v for v in distinct if v not in kept_roles]
    values = [*kept_roles[:most], *kept_orgs[:max(1, most - len(kept_roles[:most]))]] \
        if kept_orgs else kept_roles[:most]
    more = len(distinct) - len(values)
    return "; ".join(values) + (f" and {more} more" if more > 0 else "")


def speaker_summaries(store: Store, query: str | None = None, limit: int = 100,
                      offset: int = 0) -> list[dict[str, Any]]:
    """Speakers with quote counts and date ranges, most quoted first; ``query`` matches names."""
    return store.speaker_summaries(query, limit, offset)


def find_speaker_ids(store: Store, name: str) -> list[int]:
    """Registry ids whose name or one of its aliases is ``name`` (titles, case and accents
    aside; a bare surname is every person of that surname: 'Clinton' is Hillary, Bill and a
    release's bare 'Senator Clinton'), else those containing it; a number is a registry id."""
    if name.isdigit():
        found = current_speaker_id(store, int(name))
        return [found] if found is not None else []
    key, surname = canonical_key(name), surname_key(name)
    if not key:
        return []
    one_word = " " not in key

    def named(speakers: list[Speaker]) -> list[int]:
        return [s.id for s in speakers if any(
            canonical_key(n) == key or one_word and s.kind == "person"
            and surname_key(n) == surname for n in [s.name, *s.aliases])]

    # LIKE folds ASCII case only, so vowels and apostrophes match any one character: 'Garcia'
    # still finds 'García', "O'Brien" finds 'O’Brien'; the names are then compared exactly
    loose = re.sub(r"[aeiouy'’]", "_", like_escape(surname))
    exact = named(store.speakers_like(f"%{loose}%"))
    if exact:
        return exact
    return [s.id for s in store.speakers_like(f"%{like_escape(name.strip())}%")]


def current_speaker_id(store: Store, speaker_id: int) -> int | None:
    """The registry id a speaker id stands for now: itself, or for an entry a merge folded
    away, the entry it was folded into; None when unknown."""
    return store.current_speaker_id(speaker_id)
