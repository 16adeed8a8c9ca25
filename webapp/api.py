"""The read-only JSON API under /api/v1 (documented in ``webapp.openapi``): each endpoint
returns its view's payload (``webapp.views``) as JSON."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from indexer.compare import STATEMENT_FIELDS
from webapp import exports, views
from webapp.openapi import openapi_document
from webapp.params import check_params

api = Blueprint("api", __name__, url_prefix="/api/v1")


@api.before_app_request
def known_parameters() -> None:
    """Every /api/v1 endpoint (admin ones included) refuses a query parameter it does not read:
    a 400 naming it (``webapp.params.KNOWN_PARAMS``)."""
    check_params(request.endpoint, request.args)


@api.get("/search")
def search() -> Any:
    fmt = exports.format_arg(request.args)
    if fmt:  # the whole result set, streamed (indexer.export)
        return exports.search_download(request.args, fmt)
    return jsonify(views.search_payload(request.args))


@api.get("/ask")
def ask() -> Any:
    return jsonify(views.ask_payload(request.args))


@api.get("/articles/<article_id>")
def article(article_id: str) -> Any:
    return jsonify(views.article_payload(article_id))


@api.get("/passages/<passage_id>")
def passage(passage_id: str) -> Any:
    return jsonify(views.passage_payload(passage_id))


@api.get("/quotes")
def quotes() -> Any:
    fmt = exports.format_arg(request.args)
    if fmt:
        return exports.quotes_download(request.args, fmt)
    return jsonify(views.quotes_payload(request.args))


@api.get("/speakers")
def speakers() -> Any:
    return jsonify(views.speakers_payload(request.args))


@api.get("/speakers/<int:speaker_id>")
def speaker(speaker_id: int) -> Any:
    fmt = exports.format_arg(request.args)
    if fmt:  # the speaker's statements: their quotes under the quote filters, whole
        views.speaker_payload(speaker_id)  # 404 for an unknown speaker
        return exports.quotes_download({**request.args.to_dict(), "speaker": str(speaker_id)},
                                       fmt, f"onrecord-speaker-{speaker_id}")
    return jsonify(views.speaker_payload(speaker_id))


@api.get("/similar/<passage_id>")
def similar(passage_id: str) -> Any:
    return jsonify(views.similar_payload(passage_id, request.args))


@api.get("/compare")
def compare_sides() -> Any:
    views.required(request.args, "topic")
    fmt = exports.format_arg(request.args)
    if fmt:  # every statement of both sides, one row each (indexer.compare.STATEMENT_FIELDS)
        return compare_download(views.compare_statements(request.args), fmt)
    return jsonify(views.compare_payload(request.args))


def compare_download(payload: dict[str, Any], fmt: str) -> Any:
    """A comparison's statements as a CSV download (``jsonl``: one JSON object a line)."""
    if fmt == "csv":
        return exports.download(payload, "statements", STATEMENT_FIELDS, "csv",
                                "onrecord-compare")
    body = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in payload["statements"])
    return Response(body, mimetype="application/x-ndjson", headers={
        "Content-Disposition": 'attachment; filename="onrecord-compare.jsonl"'})


@api.get("/stats")
def stats() -> Any:
    return jsonify(views.stats_payload())


@api.get("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document(admin=bool(current_app.config.get("ADMIN_TOKEN"))))
