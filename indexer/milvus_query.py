"""The Milvus engine's query side, pure: passages as Milvus rows and user queries as plans.

Text is analysed as the Whoosh index analyses it (stemming, stop words, accent folding) and
stored as ``\\w+`` terms, so Milvus' ``standard`` tokenizer only splits them at spaces. A parsed
(Whoosh) query compiles into a plan: ``Word`` parts (a content term, whose passages are its
postings in the BM25 index), ``Expr`` parts Milvus evaluates exactly (a filter expression on the
name, date and attribution fields), ``Checked`` parts narrowed to a superset (the phrase's words'
postings, or a ``like`` expression) that OnRecord checks term by term (phrases, ``title:``
words, wildcards), and ``AllOf``/``AnyOf``/``NoneOf`` combining them.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import Any

from whoosh import query as wq

from indexer.keyword_index import highlight_analyzer, name_analyzer, negated_queries, query_terms
from indexer.querymodel import QueryError

MAX_SPEAKERS = 512  # speaker ids kept a passage (array capacity)
TEXT_FIELDS = ("text", "title")
NAME_FIELDS = {"source": "source_text", "speaker": "speaker_text", "issuer": "issuer_text"}

# --- analysis -------------------------------------------------------------------------------

def term_token(term: str) -> str:
    """A Whoosh term as one ``\\w+`` token, which every Milvus tokenizer keeps whole."""
    return re.sub(r"\W", "_", term)


_TEXT_MATCH = re.compile(r"text_match\((\w+), '(\w+)'\)")


def token_filter(column: str, token: str) -> str:
    """``text_match(column, token)`` as ``like`` filters, for a Milvus without text match
    (Lite 2.5): the column's space-separated tokens include ``token`` (a ``_`` in it, which
    stands for a character that is not a letter or digit, also matches one other character)."""
    return (f"({column} == '{token}' or {column} like '{token} %' or "
            f"{column} like '% {token}' or {column} like '% {token} %')")


def without_text_match(expr: str) -> str:
    """A filter expression with each ``text_match`` of one token written as ``like`` filters."""
    return _TEXT_MATCH.sub(lambda m: token_filter(m.group(1), m.group(2)), expr)


def analysed(text: str) -> list[str]:
    """The terms of a title or text as the Whoosh index stores them (stemmed, no stop words)."""
    return [term_token(t.text) for t in highlight_analyzer()(text or "")]


@cache
def _names():  # noqa: ANN202 - a Whoosh analyzer
    return name_analyzer()


def name_terms(text: str) -> str:
    """A source, speaker or issuer field as lower-cased, accent-folded words."""
    return " ".join(term_token(t.text) for t in _names()(text or ""))


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes (Milvus' VARCHAR lengths are bytes)."""
    raw = text.encode("utf-8")
    return text if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def day_number(value: Any) -> int:
    """A date as a day ordinal (0: no date), the ``published`` field's form."""
    if isinstance(value, datetime):
        return value.date().toordinal()
    if isinstance(value, date):
        return value.toordinal()
    return 0


def milvus_row(doc: dict[str, Any]) -> dict[str, Any]:
    """The collection row of a passage document (``indexer.keyword_index.passage_document``)."""
    title, text = analysed(doc.get("title", "")), analysed(doc.get("text", ""))
    speakers = [int(s) for s in (doc.get("speaker_id") or "").split(",") if s][:MAX_SPEAKERS]
    kinds = [k.strip().lower() for k in (doc.get("kind") or "").split(",") if k.strip()]
    return {
        "passage_id": doc["passage_id"],
        "article_id": doc["article_id"],
        "content": clip(" ".join(title + text), 65_000),
        "title_len": len(title),
        "source_key": clip(doc.get("source_key", ""), 1000),
        "source_text": clip(name_terms(doc.get("source", "")), 2000),
        "issuer_id": doc.get("issuer_id", ""),
        "issuer_text": clip(name_terms(doc.get("issuer", "")), 4000),
        "speaker_text": clip(name_terms(doc.get("speaker", "")), 8000),
        "speaker_ids": speakers,
        "has_quote": bool(doc.get("has_quote")),
        "kinds": kinds[:8],
        "published": day_number(doc.get("published")),
    }


def literal(value: str) -> str:
    """A Milvus string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def both(*exprs: str | None) -> str:
    """The conjunction of filter expressions ("" for none)."""
    parts = [e for e in exprs if e]
    return parts[0] if len(parts) == 1 else " and ".join(f"({e})" for e in parts)


# --- the query plan -------------------------------------------------------------------------

@dataclass(frozen=True)
class Expr:
    """A part Milvus evaluates exactly (a filter expression)."""

    expr: str


@dataclass(frozen=True)
class Word:
    """A content term: the passages holding it are its postings in the BM25 index (exact)."""

    term: str


@dataclass(frozen=True)
class Checked:
    """A part Milvus narrows to a superset and OnRecord checks on each candidate's terms: a
    phrase or ``title:`` word (adjacent ``words``; the superset: passages holding every word)
    or a wildcard (``pattern``; the superset: the ``like`` filter ``expr``), in the title, the
    text or either (``part``)."""

    part: str
    words: tuple[str, ...] = ()
    pattern: str = ""
    expr: str = ""

    def holds(self, terms: list[str], title_len: int) -> bool:
        parts = {"title": [terms[:title_len]], "text": [terms[title_len:]],
                 "any": [terms[:title_len], terms[title_len:]]}[self.part]
        return any(self._in(p) for p in parts)

    def _in(self, terms: list[str]) -> bool:
        if self.pattern:
            return any(fnmatch.fnmatchcase(t, self.pattern) for t in terms)
        n = len(self.words)
        first = self.words[0]
        return any(terms[i:i + n] == list(self.words)
                   for i, t in enumerate(terms) if t == first)


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Any, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Any, ...]


@dataclass(frozen=True)
class NoneOf:
    part: Any


NOTHING = Expr("false")
EVERYTHING = Expr("")


def compile_plan(q: wq.Query) -> Any:
    """The plan of a parsed (Whoosh) query; forms Milvus cannot serve raise QueryError."""
    if isinstance(q, wq.FuzzyTerm):
        raise QueryError(f"fuzzy terms ({q.text}~) are not available on the Milvus engine: "
                         "use the word, a wildcard (word*) or the Whoosh engine")
    if q is wq.NullQuery or isinstance(q, wq.qcore._NullQuery):
        return NOTHING
    if isinstance(q, wq.Every):
        return EVERYTHING
    if isinstance(q, wq.Term):
        return _term(q.fieldname, q.text)
    if isinstance(q, wq.Phrase):
        return _phrase(q)
    if isinstance(q, (wq.Wildcard, wq.Prefix)):
        return _wildcard(q)
    if isinstance(q, wq.DateRange):
        return date_expr(q.startdate, q.enddate)  # ``start``/``end`` hold Whoosh's numbers
    if isinstance(q, wq.AndMaybe):
        return compile_plan(q.a)
    if isinstance(q, wq.AndNot):
        return _all([compile_plan(q.a), _none(compile_plan(q.b))])
    if isinstance(q, wq.Not):
        return _none(compile_plan(q.query))
    if isinstance(q, wq.Or):
        return _any([compile_plan(c) for c in q.subqueries])
    if isinstance(q, wq.And):
        return _all([compile_plan(c) for c in q.subqueries])
    raise QueryError(f"this query form ({type(q).__name__}) is not available on the Milvus "
                     "engine: use words, \"phrases\", wildcards, AND, OR, NOT and field:value")


def _term(fieldname: str, text: Any) -> Any:
    if fieldname in TEXT_FIELDS:
        word = term_token(str(text))
        return Checked("title", words=(word,)) if fieldname == "title" else Word(word)
    if fieldname in NAME_FIELDS:
        return Expr(f"text_match({NAME_FIELDS[fieldname]}, '{term_token(str(text))}')")
    if fieldname == "kind":
        return Expr(f"array_contains(kinds, {literal(str(text).lower())})")
    if fieldname == "has_quote":
        return Expr(f"has_quote == {'true' if text in (True, 'true', 't', '1', 'yes') else 'false'}")
    if fieldname in ("article_id", "passage_id", "source_key", "issuer_id"):
        return Expr(f"{fieldname} == {literal(str(text))}")
    if fieldname == "speaker_id":
        return Expr(f"array_contains(speaker_ids, {int(text)})")
    if fieldname == "published" and isinstance(text, datetime):
        return date_expr(text, text)
    raise QueryError(f"the field query {fieldname}:{text} is not available on the Milvus engine")


def _phrase(q: wq.Phrase) -> Any:
    words = tuple(term_token(w) for w in q.words)
    if not words:
        return NOTHING
    if q.fieldname in NAME_FIELDS:
        return Expr(both(*(f"text_match({NAME_FIELDS[q.fieldname]}, '{w}')" for w in words)))
    if q.fieldname not in TEXT_FIELDS:
        raise QueryError(f"phrases in {q.fieldname}: are not available on the Milvus engine")
    if q.slop > 1:
        raise QueryError("proximity phrases (\"…\"~N) are not available on the Milvus engine")
    if len(words) == 1 and q.fieldname == "text":
        return Word(words[0])
    return Checked(q.fieldname, words=words)


def _wildcard(q: wq.PatternQuery) -> Any:
    pattern = q.text + "*" if isinstance(q, wq.Prefix) else q.text
    pattern = "".join(p if p in "*?" else term_token(p) for p in re.split(r"([*?])", pattern))
    pieces = [p for p in re.split(r"[*?]", pattern) if p]
    if q.fieldname in NAME_FIELDS:
        column = NAME_FIELDS[q.fieldname]
        return Expr(both(*(f"{column} like {literal('%' + p + '%')}" for p in pieces)) or "")
    if q.fieldname not in TEXT_FIELDS:
        raise QueryError(f"wildcards in {q.fieldname}: are not available on the Milvus engine")
    expr = both(*(f"content like {literal('%' + p + '%')}" for p in pieces))
    return Checked(q.fieldname, pattern=pattern, expr=expr)


def date_expr(start: Any, end: Any) -> Expr:
    parts = ["published > 0"]
    if start is not None:
        parts.append(f"published >= {day_number(start)}")
    if end is not None:
        parts.append(f"published <= {day_number(end)}")
    return Expr(" and ".join(parts))


def _all(parts: list[Any]) -> Any:
    if any(p == NOTHING for p in parts):
        return NOTHING
    parts = [p for p in parts if p != EVERYTHING]
    if not parts:
        return EVERYTHING
    if all(isinstance(p, Expr) for p in parts):
        return Expr(both(*(p.expr for p in parts)))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _any(parts: list[Any]) -> Any:
    if any(p == EVERYTHING for p in parts):
        return EVERYTHING
    parts = _merge_fields([p for p in parts if p != NOTHING])
    if len(parts) < 2:
        return parts[0] if parts else NOTHING
    if all(isinstance(p, Expr) for p in parts):
        return Expr(" or ".join(f"({p.expr})" for p in parts))
    return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))


def _merge_fields(parts: list[Any]) -> list[Any]:
    """The parser asks for each word and phrase in the title OR the text; ``content`` holds
    both, so a title part beside the same text part is one part over either."""
    out: list[Any] = []
    for p in parts:
        if isinstance(p, Checked) and p.part == "title":
            plain = Word(p.words[0]) if len(p.words) == 1 else None
            if replace(p, part="text") in parts or (plain is not None and plain in parts):
                continue
        if isinstance(p, Checked) and p.part == "text" and replace(p, part="title") in parts:
            p = replace(p, part="any")
        out.append(p)
    return out


def _none(part: Any) -> Any:
    if isinstance(part, Expr):
        return NOTHING if part == EVERYTHING else EVERYTHING if part == NOTHING else \
            Expr(f"not ({part.expr})")
    return NoneOf(part)


def ranking_words(q: wq.Query) -> list[str]:
    """The positive title and text terms of a query, which BM25 ranks by."""
    excluded = {t for n in negated_queries(q) for f, t in n.iter_all_terms()
                if f in TEXT_FIELDS}
    return list(dict.fromkeys(term_token(t) for t in query_terms(q) if t not in excluded))
