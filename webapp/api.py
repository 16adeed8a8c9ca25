"""The read-only JSON API under /api/v1 (documented in ``webapp.openapi``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request

from indexer.compare import MAX_PAIRS, Side, compare
from indexer.facets import facet_counts
from indexer.keyword_index import Filters
from indexer.registry import find_speaker_ids, speaker_summaries
from indexer.search import check_filters
from indexer.timeline import speaker_timeline
from webapp.app import service
from webapp.openapi import openapi_document
from webapp.params import (
    bool_arg,
    filters_from,
    int_arg,
    kind_arg,
    mode_arg,
    paging,
    str_arg,
)
from webapp.views import article_json, count_speakers, passage_json, quote_json

api = Blueprint("api", __name__, url_prefix="/api/v1")


def required(name: str, max_len: int = 1000) -> str:
    value = str_arg(request.args, name, max_len)
    if value is None:
        abort(400, f"missing parameter {name!r}")
    return value


def run_search(args: Any) -> dict[str, Any]:
    """The search response for request ``args`` (shared with the page exports)."""
    query = str_arg(args, "q") or ""
    limit, offset = paging(args)
    filters = filters_from(args)
    with service() as svc:
        mode = mode_arg(args, svc.modes)
        result = svc.search(query, mode=mode, limit=limit, offset=offset, filters=filters)
        out = {**result.to_dict(), "limit": limit, "offset": offset}
        if bool_arg(args, "facets"):
            out["facets"] = facet_counts(svc, query, filters_from(args), mode=mode)
    return out


def run_quotes(args: Any) -> dict[str, Any]:
    """The quote search response for request ``args`` (shared with the page exports)."""
    from indexer.quote_index import quote_search_for

    limit, offset = paging(args, default_limit=20)
    speaker = str_arg(args, "speaker", 200)
    text, query = str_arg(args, "text", 500), str_arg(args, "q", 500)
    since, until = str_arg(args, "since", 20), str_arg(args, "until", 20)
    source, kind = str_arg(args, "source", 200), kind_arg(args)
    issuer = str_arg(args, "issuer", 200)
    check_filters(Filters(since=since, until=until))
    with service() as svc:
        ids = find_speaker_ids(svc.store, speaker) if speaker else None
        # the quote index: ``text`` words the quote must all contain, ``q`` words and meaning;
        # both ranked by BM25F and cosine (indexer.quote_index)
        total, rows = quote_search_for(svc).search(
            query or text, ids, since, until, source, kind, limit, offset,
            all_words=not query, issuer=issuer)
    return {"total": total, "limit": limit, "offset": offset,
            "quotes": [quote_json(r, with_article=True, ranked=("score",)) for r in rows]}


@api.get("/search")
def search() -> Any:
    return jsonify(run_search(request.args))


@api.get("/ask")
def ask() -> Any:
    question = required("q")
    limit = int_arg(request.args, "limit", 3, 1, 20)
    filters = filters_from(request.args)
    with service() as svc:
        return jsonify(svc.ask(question, limit=limit, filters=filters).to_dict())


@api.get("/articles/<article_id>")
def article(article_id: str) -> Any:
    with service() as svc:
        return jsonify(article_json(svc, article_id))


@api.get("/passages/<passage_id>")
def passage(passage_id: str) -> Any:
    with service() as svc:
        return jsonify(passage_json(svc, passage_id))


@api.get("/quotes")
def quotes() -> Any:
    return jsonify(run_quotes(request.args))


@api.get("/speakers")
def speakers() -> Any:
    query = str_arg(request.args, "q", 200)
    limit, offset = paging(request.args, default_limit=20)
    with service() as svc:
        rows = speaker_summaries(svc.store, query, limit, offset)
        total = count_speakers(svc, query)
    return jsonify({"query": query, "total": total, "limit": limit, "offset": offset,
                    "speakers": rows})


@api.get("/speakers/<int:speaker_id>")
def speaker(speaker_id: int) -> Any:
    with service() as svc:
        found = speaker_timeline(svc.store, speaker_id)
    if found is None:
        abort(404, f"no speaker {speaker_id}")
    return jsonify(found)


@api.get("/similar/<passage_id>")
def similar(passage_id: str) -> Any:
    limit = int_arg(request.args, "limit", 10, 1, 100)
    filters = filters_from(request.args)
    with service() as svc:
        if svc.store.get_passage(passage_id) is None:
            abort(404, f"no passage {passage_id!r}")
        result = svc.similar(passage_id, limit=limit, filters=filters)
    return jsonify({**result.to_dict(), "limit": limit, "offset": 0})


def sides(args: Any) -> tuple[Side, Side]:
    """The two sides of a comparison; the right speaker defaults to the left one."""
    left = Side(str_arg(args, "left_speaker", 200), str_arg(args, "left_since", 20),
                str_arg(args, "left_until", 20))
    right = Side(str_arg(args, "right_speaker", 200) or left.speaker,
                 str_arg(args, "right_since", 20), str_arg(args, "right_until", 20))
    return left, right


def run_compare(args: Any) -> dict[str, Any]:
    topic = str_arg(args, "topic") or ""
    limit = int_arg(args, "limit", 5, 1, MAX_PAIRS)
    left, right = sides(args)
    with service() as svc:
        return compare(svc, topic, left, right, limit)


@api.get("/compare")
def compare_sides() -> Any:
    required("topic")
    return jsonify(run_compare(request.args))


@api.get("/stats")
def stats() -> Any:
    with service() as svc:
        out = svc.store.stats()
        out["keyword_documents"] = svc.keyword.doc_count()
        out["vectors"] = len(svc.vectors) if svc.vectors is not None else None
        out["modes"] = list(svc.modes)
    return jsonify(out)


@api.get("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document(admin=bool(current_app.config.get("ADMIN_TOKEN"))))
