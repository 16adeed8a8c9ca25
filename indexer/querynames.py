"""Speakers a query names: people and named organisations in the registry, found by their
names and aliases anywhere in a query or question, for speaker-aware ranking.

Only proper names count. A registry entry takes part when its name is written with a capital
(people, "Senate Armed Services Committee"), never a lower-case common noun the extractor took
for a speaker ("report", "committee"). A name of two or more words matches in any case ("what
did jacob becchina say"); one word matches only when the query capitalises it and it is a
person's surname or an organisation's whole name ("Becchina", "NATO"), so "report" or "bill"
never match and "Clinton" names every Clinton the registry holds. A surname written after a
first name ("Larry King") names only the people of that surname whose first name can be it
(equal, an initial or a nickname: "Joseph R. Biden" is "Joe Biden"), not every King: a person
the registry does not know keeps their words, and in a question's speaker slot a first name
opening a name the registry does not know ("George Gascón") is no surname of someone else.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from indexer.speakers import canonical_key, same_first_name
from indexer.titles import is_title

MAX_NAME_WORDS = 5
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Words that open questions and sentences: capitalised there, never a name on their own.
_OPENERS = frozenset("""what who whom whose which when where why how is are was were do does
did can could may might should would will has have had the a an in on of and or not""".split())


def _proper(name: str) -> bool:
    """A name written as a proper noun: some word of it starts with a capital letter."""
    return any(w[:1].isupper() for w in _WORD.findall(name))


class NameFinder:
    """Finds registry speakers named in a text; the lookup tables are rebuilt when the registry
    changes (another process may ingest)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._stamp: tuple[Any, ...] | None = None
        self._version: int | None = None  # PRAGMA data_version when the stamp was read
        self._full: dict[str, set[int]] = {}  # canonical full name or alias -> ids
        self._single: dict[str, set[int]] = {}  # surname of a person / one-word org -> ids
        self._firsts: dict[int, set[str]] = {}  # person id -> first names of its name and aliases

    def _refresh(self) -> None:
        version = self.store.data_version()
        if self._version == version and self._stamp is not None:
            return  # nothing committed since the last look (by this or another connection)
        self._version = version
        stamp = self.store.registry_stamp()
        if stamp == self._stamp:
            return
        full: dict[str, set[int]] = defaultdict(set)
        single: dict[str, set[int]] = defaultdict(set)
        firsts: dict[int, set[str]] = defaultdict(set)
        for speaker in self.store.speakers():
            if not _proper(speaker.name):
                continue
            for written in (speaker.name, *speaker.aliases):
                if not _proper(written):
                    continue
                key = canonical_key(written)
                if not key:
                    continue
                words = key.split()
                if len(words) > 1:
                    full[key].add(speaker.id)
                if speaker.kind == "person" and len(words[-1]) > 2:
                    single[words[-1]].add(speaker.id)
                    if len(words) > 1:
                        firsts[speaker.id].add(words[0])
                elif speaker.kind != "person" and len(words) == 1:
                    single[key].add(speaker.id)
        self._full, self._single, self._stamp = dict(full), dict(single), stamp
        self._firsts = dict(firsts)

    def _may_be(self, speaker_id: int, given: str) -> bool:
        """Whether a person of the registry can be the one a first name names: their names
        give no first name, or one the given one can be."""
        known = self._firsts.get(speaker_id)
        return not known or any(same_first_name(given, f) for f in known)

    def find(self, text: str, slot: bool = False) -> list[int]:
        """Registry ids named in ``text``, in the order they appear. When the text names
        someone in full ("Howard Dean", or by title and surname: "Senator Feingold"), a bare
        surname elsewhere in it ("Trump's tweet") is read as the topic, not as every person of
        that surname. ``slot``: the text is a question's speaker slot, a name and nothing else,
        so a first name before another capitalised word opens a longer name ("George Gascón"
        is not John George); in a search ("Warren Wall Street") the next word may be the
        topic."""
        if not text:
            return []
        self._refresh()
        matches = list(_WORD.finditer(text))
        words = [re.sub(r"['’]s$", "", m.group()) for m in matches]
        # the word each word runs into, with nothing but a space between ('Warren (D-Mass.)'
        # and 'Warren, Sanders' run into none)
        joined = [nxt.group() if text[m.end():nxt.start()].isspace() else ""
                  for m, nxt in zip(matches, matches[1:], strict=False)] + [""]
        found: list[int] = []
        by_surname: list[int] = []
        i = 0
        while i < len(words):
            step = 1
            for n in range(min(MAX_NAME_WORDS, len(words) - i), 1, -1):
                ids = self._full.get(canonical_key(" ".join(words[i:i + n])))
                if ids:
                    found.extend(sorted(ids - set(found)))
                    step = n
                    break
            else:
                word = words[i]
                if word[:1].isupper() and word.lower() not in _OPENERS:
                    key = canonical_key(word)
                    ids = self._single.get(key.rsplit(" ", 1)[-1] if key else "")
                    if ids and slot and opens_a_name(word, joined[i]):
                        ids = None
                    given = written_first_name(words[max(0, i - 3):i]) if ids else None
                    if given:
                        ids = {n for n in ids if self._may_be(n, given)}
                    if ids and i and is_title(words[i - 1]) and words[i - 1][:1].isupper():
                        found.extend(sorted(ids - set(found)))  # 'Sen. Feingold' names him
                    elif ids:
                        by_surname.extend(sorted(ids - set(by_surname)))
            i += step
        return found or by_surname


def opens_a_name(word: str, after: str) -> bool:
    """Whether a capitalised word is the first name of a longer name, not a surname: a first
    name running into a capitalised word ("George" in "George Gascón" names no John George)."""
    from indexer.quotes.names import is_first_name  # gender_guesser's list, not spaCy

    return after[:1].isupper() and after.lower() not in _OPENERS and not is_title(after) \
        and is_first_name(word)


def written_first_name(before: list[str]) -> str | None:
    """The first name written in the capitalised words right before a surname ("Larry" in
    "Larry King", "Joseph" in "Joseph R. Biden", "Hillary" in "Sen. Hillary Rodham"), else
    None."""
    from indexer.quotes.names import is_first_name  # gender_guesser's list, not spaCy

    run: list[str] = []
    for word in reversed(before):
        if not word[:1].isupper() or word.lower() in _OPENERS:
            break
        run.insert(0, word)
    # 'Sen. Hillary Rodham Clinton', 'Joseph R. Biden': the first word of the run that is one
    return next((w for w in run if len(w.rstrip(".")) > 1 and is_first_name(w)), None)
