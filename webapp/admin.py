"""Write endpoints (ingest documents, delete articles), registered only when an admin token is
configured and answering only requests that present it as ``Authorization: Bearer <token>``.
Writes run one at a time (``webapp.services.writing``); readers go on meanwhile."""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request

from indexer.ingest import delete_articles, ingest_documents
from indexer.records import SourceDoc
from webapp.services import writing

admin = Blueprint("admin", __name__, url_prefix="/api/v1/admin")
DOC_FIELDS = ("title", "published", "url", "source", "byline")
MAX_DOCUMENTS = 100


@admin.before_request
def require_token() -> None:
    token = current_app.config.get("ADMIN_TOKEN") or ""
    given = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        abort(401, "admin endpoints need 'Authorization: Bearer <ONRECORD_ADMIN_TOKEN>'")


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "the request body must be a JSON object")
    return body


def source_docs(items: Any) -> list[SourceDoc]:
    """Documents from the request body, each needing a string ``text``."""
    if not isinstance(items, list) or not items or len(items) > MAX_DOCUMENTS:
        abort(400, f"'documents' must be a list of 1 to {MAX_DOCUMENTS} objects")
    docs = []
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            abort(400, f"documents[{n}]: needs a string 'text'")
        extra = {k: item[k] for k in DOC_FIELDS if isinstance(item.get(k), str)}
        key = item.get("id") if isinstance(item.get("id"), str) else None
        docs.append(SourceDoc(origin=f"api:documents[{n}]", body=item["text"], key=key, **extra))
    return docs


@admin.post("/ingest")
def ingest() -> Any:
    docs = source_docs(json_body().get("documents"))
    data_dir = Path(current_app.config["DATA_DIR"])
    with writing():
        report = ingest_documents(docs, data_dir, semantic=bool(current_app.config["SEMANTIC"]))
    return jsonify(report.to_dict())


@admin.post("/delete")
def delete() -> Any:
    ids = json_body().get("article_ids")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        abort(400, "'article_ids' must be a non-empty list of strings")
    with writing():
        deleted, missing = delete_articles(Path(current_app.config["DATA_DIR"]), ids,
                                           semantic=bool(current_app.config["SEMANTIC"]))
    return jsonify({"deleted": deleted, "missing": missing})
