"""Notices instead of silence: the plain-language messages a search, an answer or a comparison
carries when a filter matched nothing, matched by part of a name, a date range was reversed or
empty, or the query had syntax that could not be read; and the nearest known values to suggest.

Pure functions over values the store supplies. Names are split into words the way the keyword
index splits sources, speakers and issuers (``name_words``), so a filter value that matches a
stored value here matches the same passages in the index, in every search mode.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.support.charset import accent_map

from indexer.dates import date_bounds
from indexer.titles import is_title

SUGGESTIONS = 3  # nearest known values offered for a value that matched nothing
NAME_CUTOFF = 0.75  # difflib ratio from which a whole name is near enough to suggest
WORD_CUTOFF = 0.8  # ... and a single word of a name (a surname: "Fiengold" -> "Feingold")
MIN_WORD = 4  # shorter words are not compared on their own ("Al" is near too many names)
SHOWN = 5  # matched values named in a notice before "and N more"


@dataclass
class Notes:
    """What a response tells its reader: plain-language ``messages`` and, per filter, the known
    values suggested for a value that matched nothing (the page links them)."""

    messages: list[str] = field(default_factory=list)
    suggestions: dict[str, list[str]] = field(default_factory=dict)

    def add(self, other: Notes) -> None:
        """Append another set of notes (messages said once)."""
        self.messages.extend(m for m in other.messages if m not in self.messages)
        for key, values in other.suggestions.items():
            self.suggestions.setdefault(key, values)


@cache
def _name_analyzer():  # noqa: ANN202 - a Whoosh analyzer
    """Words, lower-cased and accent-folded, no stemming: the keyword index's name analyzer."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def name_words(text: str) -> list[str]:
    """The words of a name as the keyword index reads a source, speaker or issuer field."""
    return [t.text for t in _name_analyzer()(text or "")]


def name_matches(value: str, name: str | Iterable[str]) -> bool:
    """Whether every word of ``value`` is part of a word of ``name`` (or of any of several
    names): case-insensitive token or substring matching, "Reid" in "Senator Reid"."""
    words = name_words(value)
    names = [name] if isinstance(name, str) else list(name)
    tokens = [t for n in names for t in name_words(n)]
    return bool(words) and all(any(w in t for t in tokens) for w in words)


def matching_values(value: str, values: Iterable[str]) -> list[str]:
    """The known values a filter value matches (see ``name_matches``), each once, in order."""
    return [v for v in dict.fromkeys(values) if v and name_matches(value, v)]


def nearest(value: str, names: dict[str, str], limit: int = SUGGESTIONS) -> list[str]:
    """The known names nearest a value that matched nothing, allowing typos: ``names`` maps
    each spelling (a name, an alias) to the name to show. A whole spelling or, for a longer
    word, any single word of one ("Fiengold" -> "Russ Feingold") may be near; a title is no
    such word ("Senator Grassley" is not near "Senator Allen's legislation")."""
    key = " ".join(name_words(value))
    if not key or not names:
        return []
    spellings: dict[str, str] = {}
    words: dict[str, list[str]] = {}
    for spelling, shown in names.items():
        folded = " ".join(name_words(spelling))
        if folded:
            spellings.setdefault(folded, shown)
        for word in name_words(spelling):
            if len(word) >= MIN_WORD and not is_title(word):
                words.setdefault(word, []).append(shown)
    # (similarity, whether it ends the name shown): of names as near, one whose surname is
    # near first ("Jeff Bingaman" before "Bingaman's bipartisan Graduation Promise Act")
    scored: dict[str, tuple[float, bool]] = {}
    for match in difflib.get_close_matches(key, list(spellings), n=limit * 3, cutoff=NAME_CUTOFF):
        shown = spellings[match]
        scored[shown] = max(scored.get(shown, (0.0, False)), (ratio(key, match), True))
    for word in (w for w in key.split() if len(w) >= MIN_WORD and not is_title(w)):
        for match in difflib.get_close_matches(word, list(words), n=limit * 3,
                                               cutoff=WORD_CUTOFF):
            for shown in words[match]:
                ends = name_words(shown)[-1:] == [match]
                scored[shown] = max(scored.get(shown, (0.0, False)), (ratio(word, match), ends))
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1][0], not kv[1][1], kv[0]))
    return [s for s, _ in ranked[:limit]]


def ratio(a: str, b: str) -> float:
    """difflib's similarity of two strings (0 to 1)."""
    return difflib.SequenceMatcher(None, a, b).ratio()


def _listed(values: list[str]) -> str:
    shown = ", ".join(values[:SHOWN])
    return shown + (f" and {len(values) - SHOWN} more" if len(values) > SHOWN else "")


def _did_you_mean(suggested: list[str]) -> str:
    return f" Did you mean {' or '.join(suggested)}?" if suggested else ""


def unknown_value(label: str, value: str, suggested: list[str]) -> str:
    """A filter value that matched nothing, with the nearest known values."""
    return f"No {label} named {value!r} in the archive, so nothing matched.{_did_you_mean(suggested)}"


def unknown_side(value: str, suggested: list[str]) -> str:
    """A comparison side naming a speaker the registry does not know, with the nearest names."""
    return (f"No speaker named {value!r} in the archive, so that side has no statements."
            f"{_did_you_mean(suggested)}")


def matched_values(label: str, value: str, values: list[str]) -> str:
    """The known values a partial filter value matched."""
    return f"{label} {value!r} matched: {_listed(values)}."


def dates_reversed(since: str, until: str) -> str:
    """A date range given end first: it is searched the right way round, and said so."""
    return (f"The date range was reversed (from {since} is after to {until}), so it was "
            f"searched from {until} to {since}.")


def question_dated(span: str) -> str:
    """A question asking about dates ('… in 2023?') is searched in those dates, and said so."""
    return f"The results are from articles dated {span}, as the question asks."


def dates_empty(since: str | None, until: str | None, first: str | None, last: str | None
                ) -> str:
    """A date range holding no articles at all, with the span the archive covers."""
    if since and until:
        span = f"between {since} and {until}"
    else:
        span = f"after {since}" if since else f"before {until}"
    held = f" (the archive runs from {first} to {last})" if first and last else ""
    return f"No articles are dated {span}{held}."


def ordered_dates(since: str | None, until: str | None
                  ) -> tuple[str | None, str | None, str | None]:
    """(since, until, notice): a range whose start is after its end is swapped, with a notice
    saying so; valid ranges come back as they are (bad dates are left for the filter check)."""
    if not (since and until):
        return since, until, None
    try:
        reversed_ = date_bounds(since) > date_bounds(until, end=True)
    except ValueError:
        return since, until, None
    if reversed_:
        return until, since, dates_reversed(since, until)
    return since, until, None


def syntax_notice(mark: str, how: str = "it was ignored and the rest searched") -> str:
    """Query syntax that could not be read, in plain words."""
    return f"The query has an unmatched `{mark}`: {how}."


def _quoted(words: list[str]) -> str:
    return " or ".join(f"'{w}'" for w in words) if len(words) < 3 else \
        ", ".join(f"'{w}'" for w in words[:-1]) + f" or '{words[-1]}'"


def words_unmatched(words: list[str], rest: bool, meaning: bool, suggested: list[str]) -> str:
    """Words of a query no passage holds: the results match the ``rest`` of its words, or
    (``meaning``) are close in meaning only; with the nearest known names."""
    if rest:
        how = ": the results match the rest of the query"
    elif meaning:
        how = ": the results are close in meaning only"
    else:
        how = ""
    return f"No passage contains {_quoted(words)}{how}.{_did_you_mean(suggested)}"


def only_common_words(words: list[str], meaning: bool) -> str:
    """A query whose every word is too common for the keyword index (stop words)."""
    how = "the results are close in meaning only" if meaning else "add a less common word"
    return f"Keyword search leaves out common words such as {_quoted(words)}: {how}."


def filters_emptied(unfiltered: int) -> str:
    """Nothing matched under the filters, though the query alone matches ``unfiltered``."""
    articles = "article matches" if unfiltered == 1 else "articles match"
    return (f"Nothing matched within the filters; without them, {unfiltered:,} {articles} "
            "the query.")


def speaker_notes(value: str, ids: list[int] | None, spellings: dict[str, str]) -> Notes:
    """A ``speaker`` filter that found no registry entry: named, with the nearest names
    (``spellings``: each registry name and alias, mapped to the entry's name)."""
    if ids or not value:
        return Notes()
    near = nearest(value, spellings)
    return Notes([unknown_value("speaker", value, near)], {"speaker": near} if near else {})


def name_filter_notes(label: str, value: str, known: list[list[str]], exact_wins: bool = False
                      ) -> Notes:
    """A ``source`` or ``issuer`` filter over the known values (each a list of names, the one to
    show first): nothing matched (the nearest values suggested), or a partial value matched
    some (named). A value naming exactly one known value (case aside) says nothing, nor, with
    ``exact_wins`` (sources: the index then matches that value only), one naming any."""
    folded = value.strip().lower()
    exact = [names for names in known if any(n.strip().lower() == folded for n in names)]
    if exact and exact_wins:
        return Notes()
    matched = [names for names in known if name_matches(value, names)]
    if not matched:
        return _unknown_name(label, value, known)
    if matched == exact:
        return Notes()
    return Notes([matched_values(label, value, [names[0] for names in matched])])


def _unknown_name(label: str, value: str, known: list[list[str]]) -> Notes:
    """A source or issuer value that matched no known value: named, with the nearest values."""
    near = nearest(value, {n: names[0] for names in known for n in names})
    return Notes([unknown_value(label, value, near)], {label: near} if near else {})


def query_notes(query: str, words: list[str], fields: list[tuple[str, str]], constrained: bool,
                counts: dict[str, int | None], keyworded: bool, total: int, meaning: bool,
                known: Callable[[str], Any]) -> Notes:
    """What a query's own words did that its reader should be told: plain ``words`` no passage
    holds (with the nearest speaker names, and the query with each replaced as a suggestion), a
    query of common words only, and a speaker, source or issuer it names (``fields``, as
    ``field:value``) that is not in the archive when nothing matched. ``constrained``: the
    query has constraints; ``counts``: passages per plain word from the engine (empty where it
    cannot tell: then, with no keyword match at all, ``keyworded`` False, every word is
    unmatched); ``meaning``: the mode finds neighbours in meaning; ``known``: the service's
    known values of "speakers", "sources" and "issuers"."""
    notes = Notes()
    if counts:
        missing = [w for w in words if counts.get(w, 1) == 0]
        common = [w for w in words if w in counts and counts[w] is None]
    else:
        missing = [] if keyworded or constrained else words
        common = []
    kept = [w for w in words if w not in missing and w not in common]
    if missing:
        names = known("speakers")
        near = [n for w in missing if len(w) >= MIN_WORD for n in nearest(w, names, 1)]
        rest = bool(kept) or constrained
        notes.messages.append(words_unmatched(missing, rest, meaning and total > 0, near))
        fixed = _respelled(query, missing, near)
        if fixed:
            notes.suggestions["q"] = [fixed]
    elif common and not kept and not constrained:
        notes.messages.append(only_common_words(common, meaning and total > 0))
    if total == 0:
        for name, value in fields:
            unknown = _unknown_field(name, value, known)
            notes.messages.extend(unknown.messages)
            if unknown.suggestions:
                near = unknown.suggestions[name][0]
                written = next((w for w in (f'{name}:"{value}"', f"{name}:{value}")
                                if w in query), None)
                if written:
                    fixed = query.replace(written, f'{name}:"{near}"', 1)
                    notes.suggestions.setdefault("q", []).append(fixed)
    return notes


def _respelled(query: str, words: list[str], names: list[str]) -> str | None:
    """``query`` with each unmatched word replaced by the word of a suggested name nearest it
    ("Fiengold ethanol" -> "Feingold ethanol"); None when no word has one."""
    out = query
    for word in words:
        spelled = [n for name in names for n in name.split() if len(n) >= MIN_WORD]
        best = max(spelled, key=lambda n: ratio(word.lower(), n.lower()), default=None)
        if best and ratio(word.lower(), best.lower()) >= WORD_CUTOFF:
            out = out.replace(word, best, 1)
    return out if out != query else None


def _unknown_field(name: str, value: str, known: Callable[[str], Any]) -> Notes:
    """A ``speaker:``, ``source:`` or ``issuer:`` value of a query that names no known value."""
    if name == "speaker":
        spellings = known("speakers")
        return Notes() if matching_values(value, spellings) else \
            speaker_notes(value, None, spellings)
    values = known(name + "s")
    if any(name_matches(value, names) for names in values):
        return Notes()
    return _unknown_name(name, value, values)
