"""The view layer: each view builds one JSON-ready payload, which the API returns as JSON and
the pages render with their templates (and the exports write as CSV or JSON). Views read request
arguments through ``webapp.params`` and the store through a service from ``webapp.services``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import abort, current_app

from indexer.answers import format_citation, is_question
from indexer.compare import MAX_PAIRS, Comparison, Side, compare
from indexer.export import QuoteQuery
from indexer.facets import TOP, facet_counts
from indexer.notices import ordered_dates
from indexer.querymodel import Filters, readable_query
from indexer.registry import speaker_summaries
from indexer.search import SearchService, check_filters
from indexer.store_quotes import QUOTE_FIELDS as QUOTE_FIELDS  # the API's quote fields
from indexer.store_quotes import quote_json
from indexer.timeline import speaker_timeline
from webapp.params import (
    bool_arg,
    filters_from,
    int_arg,
    kind_arg,
    mode_arg,
    paging,
    sort_arg,
    str_arg,
    text_arg,
)
from webapp.services import service

Args = Mapping[str, str]

ARTICLE_FIELDS = ("id", "title", "source", "url", "published", "published_precision", "byline",
                  "dateline", "language", "text", "content_hash", "ingested_at", "duplicate_of",
                  "reprints", "issuer")


def passage_json(svc: SearchService, passage_id: str) -> dict[str, Any]:
    """A passage with its article's metadata and its quotes; 404 when unknown."""
    passage = svc.store.get_passage(passage_id)
    if passage is None:
        abort(404, f"no passage {passage_id!r}")
    meta = svc.store.articles_meta([passage.article_id]).get(passage.article_id, {})
    quotes = svc.store.quotes_in_passages([passage_id]).get(passage_id, [])
    return {
        "id": passage.id, "article_id": passage.article_id, "ordinal": passage.ordinal,
        "start": passage.start, "end": passage.end, "text": passage.text,
        "title": meta.get("title"), "source": meta.get("source"),
        "published": meta.get("published"), "url": meta.get("url"),
        "issuer": meta.get("issuer"),
        "quotes": cited([quote_json(q) for q in quotes], meta),
    }


def article_json(svc: SearchService, article_id: str) -> dict[str, Any]:
    """An article with its passages and quotes; 404 when unknown."""
    article = svc.store.get_article(article_id)
    if article is None:
        abort(404, f"no article {article_id!r}")
    out = {k: article.get(k) for k in ARTICLE_FIELDS}
    out["passages"] = [
        {"id": p.id, "ordinal": p.ordinal, "start": p.start, "end": p.end, "text": p.text}
        for p in svc.store.passages_for(article_id)
    ]
    out["quotes"] = cited([quote_json(q) for q in svc.store.quotes_of_article(article_id)], out)
    return out


def citation(q: Mapping[str, Any], article: Mapping[str, Any]) -> str:
    """The citation ``ask`` gives (``format_citation``) for quote ``q`` in ``article``."""
    return format_citation(q.get("speaker"), q.get("speaker_role"), q.get("speaker_org"),
                           article.get("title") or "", article.get("source"),
                           article.get("published"))


def cited(quotes: list[dict[str, Any]], article: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``quotes`` each with its ready citation (``citation``), so every page and API response
    that shows a quote can copy it."""
    return [{**q, "citation": citation(q, article)} for q in quotes]


def cite_hits(svc: SearchService, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Search hits whose quotes carry their stored ``id`` (for a permalink to the quote) and
    their citation; the ids come from the store's quotes of each passage, in the same text
    order the hit lists them."""
    stored = svc.store.quotes_in_passages(h["passage_id"] for h in hits)
    out = []
    for hit in hits:
        rows = stored.get(hit["passage_id"], [])
        same = [r["text"] for r in rows] == [q["text"] for q in hit["quotes"]]
        ids = [r["id"] for r in rows] if same else [None] * len(hit["quotes"])
        quotes = [{"id": i, **q} for i, q in zip(ids, hit["quotes"], strict=True)]
        out.append({**hit, "quotes": cited(quotes, hit)})
    return out


def count_speakers(svc: SearchService, query: str | None) -> int:
    """How many registry speakers ``speaker_summaries`` would page through for ``query``."""
    return svc.store.speaker_count(query)


def required(args: Args, name: str, max_len: int = 1000) -> str:
    """A string parameter that must be present (400 naming it otherwise)."""
    value = str_arg(args, name, max_len)
    if value is None:
        abort(400, f"missing parameter {name!r}")
    return value


def search_payload(args: Args, facets: bool | None = None) -> dict[str, Any]:
    """One page of search hits for ``args`` (with facet counts when ``facets``, by default
    when the ``facets`` argument asks): the API's response, the search page and its exports."""
    query = str_arg(args, "q") or ""
    limit, offset = paging(args)
    filters = filters_from(args)
    with_facets = bool_arg(args, "facets") if facets is None else facets
    with service() as svc:
        mode = mode_arg(args, svc.modes)
        sort = sort_arg(args)
        result = svc.search(query, mode=mode, limit=limit, offset=offset, filters=filters,
                            sort=sort)
        out = {**result.to_dict(), "limit": limit, "offset": offset}
        out["hits"] = cite_hits(svc, out["hits"])
        if with_facets:
            out["facets"] = facet_counts(svc, query, filters_from(args), mode=mode,
                                         top=current_app.config.get("FACET_TOP", TOP))
    return out


def search_page_payload(args: Args) -> dict[str, Any]:
    """The search page: the search payload with facets and, for a question on the first page,
    its best attributed answer."""
    query = str_arg(args, "q")
    out: dict[str, Any] = {"query": query, "result": None, "facets": None, "answers": [],
                           "answer_notices": []}
    if query:
        limit, offset = paging(args)
        result = search_payload(args, facets=True)
        out.update(result=result, facets=result["facets"], limit=limit, offset=offset)
        if is_question(query) and offset == 0:
            with service() as svc:
                answered = svc.ask(query, limit=1, filters=filters_from(args)).to_dict()
            # no attributed answer: the closest passages, under the notice saying so
            out["answers"] = answered["answers"]
            out["answer_notices"] = answered["notices"]
    return out


def modes() -> tuple[str, ...]:
    """The search modes the open indexes allow."""
    with service() as svc:
        return svc.modes


def ask_payload(args: Args) -> dict[str, Any]:
    """Attributed answers to the question ``q``."""
    question = required(args, "q")
    limit = int_arg(args, "limit", 3, 1, 20)
    filters = filters_from(args)
    with service() as svc:
        return svc.ask(question, limit=limit, filters=filters).to_dict()


def quote_query(args: Args) -> QuoteQuery:
    """The quote search's arguments, checked: ``q`` (words or meaning) or ``text`` (words the
    quote must all contain), ``speaker``, ``since``, ``until``, ``source``, ``kind``, ``issuer``:
    for a page of quotes and for a whole-set export alike."""
    text, query = text_arg(args), str_arg(args, "q", 500)
    if query:  # syntax it cannot read is left out, as in search (quotes_payload says so)
        query = readable_query(query)[0].strip() or None
    spec = QuoteQuery(query=query or text, all_words=not query,
                      speaker=str_arg(args, "speaker", 200), since=str_arg(args, "since", 20),
                      until=str_arg(args, "until", 20), source=str_arg(args, "source", 200),
                      kind=kind_arg(args), issuer=str_arg(args, "issuer", 200))
    check_filters(Filters(since=spec.since, until=spec.until))
    # a reversed range is searched the right way round (quotes_payload's notices say so)
    spec.since, spec.until, _ = ordered_dates(spec.since, spec.until)
    return spec


def quotes_payload(args: Args, default_limit: int = 20) -> dict[str, Any]:
    """One page of stored quotes matching ``args``: the API's quote search, the speaker page's
    statements and the quote exports."""
    from indexer.quote_index import quote_search_for

    limit, offset = paging(args, default_limit=default_limit)
    spec = quote_query(args)
    given = Filters(speaker=str_arg(args, "speaker", 200), since=str_arg(args, "since", 20),
                    until=str_arg(args, "until", 20), source=spec.source, issuer=spec.issuer)
    with service() as svc:
        notes = svc.filter_notes(given)  # resolves the speaker, as search does
        ids = given.speaker_ids
        # the quote index: ``text`` words the quote must all contain, ``q`` words and meaning;
        # both ranked by BM25F and cosine (indexer.quote_index)
        total, rows = quote_search_for(svc).search(
            spec.query, ids, spec.since, spec.until, spec.source, spec.kind, limit, offset,
            all_words=spec.all_words, issuer=spec.issuer)
    return {"total": total, "limit": limit, "offset": offset,
            "quotes": [{**q, "citation": citation(q, q)} for q in (
                quote_json(r, with_article=True, ranked=("score",)) for r in rows)],
            "notices": [*unread_syntax(str_arg(args, "q", 500)), *notes.messages]}


def unread_syntax(query: str | None) -> list[str]:
    """The notices for query syntax ``readable_query`` left out of ``query``."""
    return readable_query(query)[1] if query else []


def article_payload(article_id: str) -> dict[str, Any]:
    """An article with its passages and quotes; 404 when unknown."""
    with service() as svc:
        return article_json(svc, article_id)


def article_page_payload(article_id: str) -> dict[str, Any]:
    """The article payload and, for a duplicate, its canonical article's metadata."""
    with service() as svc:
        art = article_json(svc, article_id)
        canonical = None
        if art["duplicate_of"]:
            canonical_id = art["duplicate_of"]["canonical_id"]
            canonical = svc.store.articles_meta([canonical_id]).get(canonical_id)
    return {"article": art, "canonical": canonical}


def passage_payload(passage_id: str) -> dict[str, Any]:
    """A passage with its article's metadata and its quotes; 404 when unknown."""
    with service() as svc:
        return passage_json(svc, passage_id)


def speakers_payload(args: Args, default_limit: int = 20) -> dict[str, Any]:
    """One page of registry speakers whose name or aliases contain ``q``."""
    query = str_arg(args, "q", 200)
    limit, offset = paging(args, default_limit=default_limit)
    with service() as svc:
        rows = speaker_summaries(svc.store, query, limit, offset)
        total = count_speakers(svc, query)
    return {"query": query, "total": total, "limit": limit, "offset": offset,
            "speakers": rows}


def speaker_payload(speaker_id: int) -> dict[str, Any]:
    """A registry speaker with their statements by month; 404 when unknown."""
    with service() as svc:
        found = speaker_timeline(svc.store, speaker_id)
    if found is None:
        abort(404, f"no speaker {speaker_id}")
    return found


def similar_payload(passage_id: str, args: Args) -> dict[str, Any]:
    """Passages closest in meaning to a stored one; 404 when unknown."""
    limit = int_arg(args, "limit", 10, 1, 100)
    filters = filters_from(args)
    with service() as svc:
        if svc.store.get_passage(passage_id) is None:
            abort(404, f"no passage {passage_id!r}")
        result = svc.similar(passage_id, limit=limit, filters=filters).to_dict()
        result["hits"] = cite_hits(svc, result["hits"])
    return {**result, "limit": limit, "offset": 0}


def similar_page_payload(passage_id: str, args: Args) -> dict[str, Any]:
    """The similar-passages page: the passage compared and the ``similar_payload`` hits."""
    with service() as svc:
        passage = passage_json(svc, passage_id)
    return {"passage": passage, "result": similar_payload(passage_id, args)}


def sides(args: Args) -> tuple[Side, Side]:
    """The two sides of a comparison; the right speaker defaults to the left one."""
    left = Side(str_arg(args, "left_speaker", 200), str_arg(args, "left_since", 20),
                str_arg(args, "left_until", 20))
    right = Side(str_arg(args, "right_speaker", 200) or left.speaker,
                 str_arg(args, "right_since", 20), str_arg(args, "right_until", 20))
    return left, right


def comparison(args: Args) -> Comparison:
    """What two speakers (or one at two times) said on ``topic``: every statement of each
    side, paired by meaning (``indexer.compare``)."""
    topic = str_arg(args, "topic") or ""
    left, right = sides(args)
    with service() as svc:
        return compare(svc, topic, left, right, svc.unknown_speaker_notice)


def compare_payload(args: Args) -> dict[str, Any]:
    """One page (``limit``/``offset`` or ``page``) of a comparison's pairs, with each side's
    real number of statements, the number of pairs and notices (an unknown speaker)."""
    limit, offset = paging(args, default_limit=10, max_limit=MAX_PAIRS)
    return comparison(args).page(limit, offset)


def compare_statements(args: Args) -> dict[str, Any]:
    """Every statement of both sides of a comparison (the compare CSV), left's first."""
    found = comparison(args)
    return {"topic": found.topic, "statements": found.statements(), "notices": found.notices}


def stats_payload() -> dict[str, Any]:
    """Counts of the store and indexes, and the search modes available."""
    with service() as svc:
        out = svc.store.stats()
        out["keyword_documents"] = svc.keyword.doc_count()
        out["engine"] = svc.keyword.ENGINE
        out["vectors"] = len(svc.vectors) if svc.vectors is not None else None
        out["unembedded_passages"] = svc.unembedded()
        out["modes"] = list(svc.modes)
    return out
