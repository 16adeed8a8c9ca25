"""The engine-neutral query model: which parts of a query constrain the result set and which
only rank it.

One contract for every search mode. A quoted phrase, ``AND``, ``NOT``, ``text:``/``title:``
values, a wildcard or a fuzzy term is a *constraint*: every hit, in keyword, semantic and hybrid
mode alike, satisfies it, and similarity only ranks inside the set it defines. Plain words (and
``OR`` chains of plain words) are *ranking terms*: keyword mode matches any of them, semantic
mode finds neighbours in meaning, hybrid returns both. A part naming only what a passage is, not
what it says (``source:``, ``speaker:``, ``issuer:``, ``kind:``, ``published:``/``date:``,
``has_quote:``) is a *filter part*: it bounds the set exactly as the same filter given as an
option does (``Katrina source:Wyden`` is ``Katrina --source Wyden``), so the plain words beside
it still choose what matches; alone, it is the set. This module splits a query string into
those parts as the user wrote them; each search engine compiles the parts its own way. It
imports no engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CURLY_DOUBLE = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"',
                              "»": '"'})
OPERATORS = ("AND", "OR", "NOT")
CONTENT_FIELDS = ("text", "title")  # fields of what a passage says; every other field is a filter


class QueryError(ValueError):
    """A query the user must fix; the message is one line naming the problem."""


@dataclass
class Filters:
    """Filters that apply identically in every search mode, before ranking."""

    source: str | None = None
    since: str | None = None
    until: str | None = None
    speaker: str | None = None  # a name or registry id, resolved into speaker_ids by the service
    speaker_ids: list[int] | None = None
    quotes_only: bool = False
    issuer: str | None = None  # who issued the article: a name or registry id
    kind: str | None = None  # an attribution kind of a quote in the passage ("statement", ...)

    def is_empty(self) -> bool:
        return not (self.source or self.since or self.until or self.speaker_ids is not None
                    or self.quotes_only or self.issuer or self.kind)


@dataclass(frozen=True)
class QueryModel:
    """A query split into constraints (every hit satisfies them), filter parts (likewise, as
    filters do), exclusions (no hit matches them) and ranking terms (plain words), each part in
    the user's own syntax."""

    text: str
    constraints: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    words: tuple[str, ...] = field(default=())  # every plain word, for embedding and names
    filter_parts: tuple[str, ...] = ()  # parts naming only metadata fields (``source:AP``)

    @property
    def constrained(self) -> bool:
        """Whether the result set is defined by constraints rather than by ranking terms."""
        return bool(self.constraints)

    @property
    def semantic_text(self) -> str:
        """The words of the query without its syntax (fields, operators, quote marks)."""
        return " ".join(self.words)


def normalise_quotes(text: str) -> str:
    """Curly and angled double quotes are phrase quotes, like straight ones."""
    return text.translate(CURLY_DOUBLE)


# A question mark ending a word is punctuation ("who voted against the bill?"), not the
# one-character wildcard it is inside a word ("wom?n").
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=[\s)\"]|$)")
# A word made only of wildcard characters ("includes * A", a bullet in pasted text) is
# punctuation too: as a wildcard it would expand to every term in the index (seconds per query).
_BARE_WILDCARD = re.compile(r"(?<![^\s(\"])[*?]+(?=[\s)\"]|$)")


def drop_punctuation(text: str) -> str:
    """The query without the marks that read as punctuation, not syntax: a ``?`` ending a word
    and words made only of ``*`` and ``?``."""
    return _BARE_WILDCARD.sub(" ", _QUESTION_MARK.sub("", text))


# One unit of query syntax: an optional field prefix, then a phrase, a group, a range or a word.
_UNIT = re.compile(
    r'(?P<field>[A-Za-z_]+:)?'
    r'(?:(?P<phrase>"[^"]*"(?:~\d+)?)|(?P<group>\()|(?P<range>[\[{][^\]}]*[\]}])'
    r'|(?P<word>[^\s()"]+))'
)
_PLAIN_WORD = re.compile(r"^[^\s*?~:^\[\]{}]+(?:\^[\d.]+)?$")
_WORD_CHARS = re.compile(r"[\w][\w'’.-]*")


@dataclass
class _Unit:
    text: str
    plain: bool  # a plain word, or a group/OR chain of plain words
    words: list[str]
    meta: bool = False  # a metadata field's value, or a group of filter parts only


def _closing_paren(text: str, start: int) -> int:
    """The index of the parenthesis closing the one at ``start`` (quotes respected)."""
    depth, inside = 0, False
    for i in range(start, len(text)):
        ch = text[i]
        if ch == '"':
            inside = not inside
        elif not inside and ch == "(":
            depth += 1
        elif not inside and ch == ")":
            depth -= 1
            if depth == 0:
                return i
    raise QueryError("unbalanced parentheses in query")


def _tokens(text: str) -> list[str | _Unit]:
    """Operators (as strings) and units, left to right."""
    out: list[str | _Unit] = []
    i = 0
    while i < len(text):
        if text[i].isspace() or text[i] == ")":
            i += 1
            continue
        m = _UNIT.match(text, i)
        if m is None:  # a lone quote mark: the engine's parser reports it
            raise QueryError('unbalanced quote (") in query')
        if m.group("word") in OPERATORS and not m.group("field"):
            out.append(m.group("word"))
            i = m.end()
            continue
        if m.group("group"):
            end = _closing_paren(text, m.start("group"))
            inner = text[m.end("group"):end]
            model = split_query(inner) if inner.strip() else QueryModel(inner)
            plain = not m.group("field") and not model.constraints and not model.exclusions \
                and not model.filter_parts
            meta = _is_meta(m.group("field")) or not m.group("field") and bool(
                model.filter_parts) and not (model.constraints or model.exclusions or model.terms)
            out.append(_Unit(text[m.start():end + 1], plain, list(model.words), meta))
            i = end + 1
            continue
        unit = text[m.start():m.end()]
        word = m.group("word")
        plain = bool(word) and not m.group("field") and bool(_PLAIN_WORD.match(word))
        searched_text = not m.group("field") or m.group("field")[:-1].lower() in ("text", "title")
        words = _words(m.group("phrase") or word or "") if searched_text else []
        out.append(_Unit(unit, plain, words, _is_meta(m.group("field"))))
        i = m.end()
    return out


def _is_meta(prefix: str | None) -> bool:
    """Whether a ``field:`` prefix names a metadata field (not ``text:`` or ``title:``); field
    names are lower case, as the index reads them ('Source:' is no field)."""
    return bool(prefix) and prefix[:-1].islower() and prefix[:-1] not in CONTENT_FIELDS


def _words(text: str) -> list[str]:
    return _WORD_CHARS.findall(re.sub(r"\^[\d.]+$|~\d*$", "", text))


def split_query(text: str) -> QueryModel:
    """Split a query into constraints, exclusions and ranking terms.

    Units joined by an explicit ``AND`` form one constraint; units joined by ``OR`` form one
    part, a ranking term when all of them are plain words and a constraint otherwise; ``NOT``
    makes the next unit an exclusion. Adjacent units without an operator are separate parts. A
    part whose every unit is a metadata field's value is a filter part, not a constraint.
    """
    text = normalise_quotes(text)
    tokens = _tokens(drop_punctuation(text))
    chains: list[tuple[list[_Unit], set[str]]] = []
    exclusions: list[str] = []
    words: list[str] = []
    negate = join = None
    for tok in tokens:
        if isinstance(tok, str):
            if tok == "NOT":
                negate = True
            elif chains:
                join = tok
            continue
        if negate:
            exclusions.append(tok.text)
            negate = join = None
            continue
        words.extend(tok.words)
        if join and chains:
            chains[-1][0].append(tok)
            chains[-1][1].add(join)
        else:
            chains.append(([tok], set()))
        join = None
    constraints: list[str] = []
    filter_parts: list[str] = []
    terms: list[str] = []
    for units, ops in chains:
        joined = " ".join(_chain_text(units, tokens))
        if ops == {"OR"} and all(u.plain for u in units) or not ops and units[0].plain:
            terms.append(joined)
        elif all(u.meta for u in units):
            filter_parts.append(joined)
        else:
            constraints.append(joined)
    return QueryModel(text, tuple(constraints), tuple(exclusions), tuple(terms), tuple(words),
                      tuple(filter_parts))


def ranking_words(model: QueryModel) -> list[str]:
    """The plain words of a query's ranking terms, each once, without operators or boosts:
    what keyword mode matches any of and a notice may say no passage contains."""
    words = (w for term in model.terms for w in _words(term.replace("(", " ").replace(")", " "))
             if w not in OPERATORS)
    trimmed = (w.strip("'’-") for w in words)
    trimmed = (w[:-1] if w.endswith(".") and w.count(".") == 1 else w for w in trimmed)
    return list(dict.fromkeys(w for w in trimmed if w))


# A field a query names by a person's or publisher's name: ``speaker:Feingold``, ``source:"AP"``.
_NAME_FIELD = re.compile(r'\b(speaker|source|issuer):("[^"]*"|[^\s()"]+)', re.IGNORECASE)


def name_fields(model: QueryModel) -> list[tuple[str, str]]:
    """(field, value) of each speaker, source or issuer named in the query's constraints and
    filter parts."""
    return [(m.group(1).lower(), m.group(2).strip('"'))
            for part in (*model.constraints, *model.filter_parts)
            for m in _NAME_FIELD.finditer(part) if m.group(2).strip('"').strip()]


def _chain_text(units: list[_Unit], tokens: list[str | _Unit]) -> list[str]:
    """A chain of units with the operators between them, as written."""
    ids = [id(t) for t in tokens]
    first, last = ids.index(id(units[0])), ids.index(id(units[-1]))
    return [t if isinstance(t, str) else t.text for t in tokens[first:last + 1]]


# Markup pasted into a query: an HTML tag is not query syntax.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\"]*)?/?>")
# ``<`` and ``>`` are syntax only right after a field: ``date:<2021``, ``date:>=2021-06``.
_COMPARISON = re.compile(r"(?<!:)[<>]=?")


def readable_query(text: str) -> tuple[str, list[str]]:
    """The query with the syntax it cannot be read by left out, and a plain-language notice for
    each kind left out: an unmatched ``"``, ``(`` or ``)``, a ``<`` or ``>`` that is not a
    comparison after a field, HTML tags (``<b>bold</b> Iraq`` searches ``bold Iraq``). A
    well-formed query comes back as written (curly quotes straightened) with no notices."""
    from indexer.notices import syntax_notice

    text = normalise_quotes(text)
    notices: list[str] = []
    if text.count('"') % 2:
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1:]
        notices.append(syntax_notice('"', "it was ignored and the words after it searched as "
                                     "words, not as a phrase"))
    parts = text.split('"')  # even parts are outside phrases
    outside = " ".join(parts[0::2])
    if _TAG.search(outside):
        parts[0::2] = [_TAG.sub(" ", p) for p in parts[0::2]]
        notices.append("The query has HTML tags: they were left out and the words searched.")
    stray = {m.group()[0] for p in parts[0::2] for m in _COMPARISON.finditer(p)}
    for mark in sorted(stray):
        notices.append(syntax_notice(mark, f"it was ignored (`{mark}` compares dates after a "
                                     f"field, as in date:{mark}2021)"))
    parts[0::2] = [_COMPARISON.sub(" ", p) for p in parts[0::2]]
    text, unmatched = _drop_unmatched_parens('"'.join(parts))
    notices.extend(syntax_notice(mark) for mark in unmatched)
    return text, notices


def _drop_unmatched_parens(text: str) -> tuple[str, list[str]]:
    """The text without parentheses (outside phrases) that close nothing or are never closed,
    and which of ``(`` and ``)`` were dropped."""
    chars = list(text)
    opened: list[int] = []
    dropped: set[str] = set()
    inside = False
    for i, ch in enumerate(chars):
        if ch == '"':
            inside = not inside
        elif inside:
            continue
        elif ch == "(":
            opened.append(i)
        elif ch == ")":
            if opened:
                opened.pop()
            else:
                chars[i] = " "
                dropped.add(")")
    for i in opened:
        chars[i] = " "
        dropped.add("(")
    return "".join(chars), [m for m in ("(", ")") if m in dropped]
