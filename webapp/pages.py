"""Server-rendered pages: search (with answers and facets), article (a quote's permalink marks
it), speakers, similar passages, compare, the API reference; the old export URLs redirect to
the API's whole-set downloads."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from indexer.keyword_index import KINDS, QueryError
from indexer.registry import offices_of, shown_roles
from webapp import views
from webapp.openapi import openapi_document
from webapp.params import KNOWN_PARAMS, PAGING, int_arg, str_arg
from webapp.render import (
    api_reference,
    attribution,
    held_by,
    linkify,
    marked_segments,
    timeline_chart,
    title_of,
)
from webapp.render import pages as page_numbers
from webapp.watches import quote_lineage

pages = Blueprint("pages", __name__)
SEARCH_ARGS = ("q", "mode", "sort", "source", "since", "until", "speaker", "quotes_only", "issuer",
               "kind")


@pages.app_template_global()
def url_with(endpoint: str, path_args: dict[str, Any] | None = None, **changes: Any) -> str:
    """``endpoint``'s URL with the current query arguments, some changed (None removes one)."""
    args = {k: v for k, v in request.args.items()
            if v != "" and not k.startswith("_") and k not in (path_args or {})}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(endpoint, **(path_args or {}), **args)


@pages.app_template_global()
def page_url(**changes: Any) -> str:
    """The current URL with some query arguments changed (None removes one)."""
    return url_with(request.endpoint or "pages.search", request.view_args, **changes)


@pages.app_template_filter()
def attributed(q: dict[str, Any]) -> str:
    return attribution(q)


pages.add_app_template_filter(linkify, "linkify")
pages.add_app_template_filter(held_by, "held_by")
pages.add_app_template_filter(title_of, "title_of")
pages.add_app_template_filter(lambda s: shown_roles(s["roles"], s["orgs"]), "shown_roles")
pages.add_app_template_filter(offices_of, "offices")


@pages.app_template_global()
def quote_url(article_id: str, quote_id: int | None) -> str:
    """The permalink of a quote: its article, the quote marked and scrolled to."""
    if quote_id is None:
        return url_for("pages.article", article_id=article_id)
    return url_for("pages.article", article_id=article_id, quote=quote_id) + f"#q-{quote_id}"


def search_args() -> dict[str, str]:
    return {k: request.args[k] for k in SEARCH_ARGS if request.args.get(k)}


@pages.get("/")
def search() -> Any:
    query = str_arg(request.args, "q")
    context: dict[str, Any] = {"args": request.args, "query": query, "result": None,
                               "answers": [], "answer_notices": [], "facets": None,
                               "error": None}
    status = 200
    try:
        context.update(views.search_page_payload(request.args))
        if context["result"] is not None:
            result = context["result"]
            context["pages"] = page_numbers(result["total"], result["limit"], result["offset"])
    except QueryError as exc:
        context["error"], status = str(exc), 400
    context["modes"] = views.modes()
    context["kinds"] = KINDS
    return render_template("search.html", **context), status


@pages.get("/search")
def search_alias() -> Any:
    """'/search?q=…', the path people type and other tools link to, is the search page."""
    query = request.query_string.decode("utf-8", "replace")
    return redirect(url_for("pages.search") + (f"?{query}" if query else ""), code=301)


@pages.get("/articles/<article_id>")
def article(article_id: str) -> Any:
    payload = views.article_page_payload(article_id)
    art = payload["article"]
    target = int_arg(request.args, "quote", 0, 0, 2 ** 53)  # a quote's permalink marks it
    by_passage: dict[str | None, list[dict[str, Any]]] = {}
    for q in art["quotes"]:
        by_passage.setdefault(q["passage_id"], []).append(q)
    passages = [{**p, **passage_parts(p, by_passage.get(p["id"], []), target)}
                for p in art["passages"]]
    speakers = {(q["speaker_id"], q["speaker"]): q for q in art["quotes"] if q["speaker"]}
    lineage = quote_lineage(target) if target in {q["id"] for q in art["quotes"]} else None
    return render_template("article.html", article=art, passages=passages,
                           speakers=list(speakers.values()), canonical=payload["canonical"],
                           target=target, lineage=lineage)


def passage_parts(passage: dict[str, Any], quotes: list[dict[str, Any]], target: int
                  ) -> dict[str, Any]:
    """A passage's text segments and statements. Issued statements span whole paragraphs
    around other people's quotes: the quotes are marked in the text and each passage's
    statements named after it, one per speaker, except the statement a permalink targets,
    which is marked in the text instead."""
    marked = [q for q in quotes if q["kind"] != "statement" or q["id"] == target]
    statements = {q["speaker"]: q for q in quotes
                  if q["kind"] == "statement" and q["id"] != target}
    return {"segments": marked_segments(passage["text"], passage["start"], marked),
            "statements": list(statements.values())}


@pages.get("/speakers")
def speakers() -> Any:
    payload = views.speakers_payload(request.args, default_limit=50)
    return render_template("speakers.html", query=payload["query"], speakers=payload["speakers"],
                           total=payload["total"],
                           pages=page_numbers(payload["total"], payload["limit"],
                                              payload["offset"]))


@pages.get("/speakers/<int:speaker_id>")
def speaker(speaker_id: int) -> Any:
    info = views.speaker_payload(speaker_id)
    args = {**request.args.to_dict(), "speaker": str(speaker_id)}
    error, quotes = None, None
    try:
        quotes = views.quotes_payload(args)
    except QueryError as exc:
        error = str(exc)
    return render_template(
        "speaker.html", speaker=info, chart=timeline_chart(info["months"]), quotes=quotes,
        error=error, args=request.args,
        pages=page_numbers(quotes["total"], quotes["limit"], quotes["offset"]) if quotes else None,
    ), 400 if error else 200


@pages.get("/compare")
def compare() -> Any:
    result, error, numbers = None, None, None
    if str_arg(request.args, "topic"):
        try:
            result = views.compare_payload(request.args)
            numbers = page_numbers(result["total"], result["limit"], result["offset"])
        except QueryError as exc:
            error = str(exc)
    left, right = views.sides(request.args)
    return render_template("compare.html", args=request.args, result=result, error=error,
                           left=left, right=right, pages=numbers), 400 if error else 200


@pages.get("/similar/<passage_id>")
def similar(passage_id: str) -> Any:
    """The passages closest in meaning to one, as the similar API returns them."""
    payload = views.similar_page_payload(passage_id, request.args)
    return render_template("similar.html", passage=payload["passage"],
                           result=payload["result"])


@pages.get("/api")
def api_docs() -> Any:
    """The API reference, rendered from the OpenAPI document the API serves."""
    doc = openapi_document(admin=bool(current_app.config.get("ADMIN_TOKEN")))
    return render_template("api_docs.html", api=api_reference(doc))


# The old one-page exports (/export/search.csv, /export/quotes.json): their extension's
# whole-set format on the API, where the page's export links point
OLD_EXPORT_FORMATS = {"csv": "csv", "json": "jsonl"}


@pages.get("/export/search.<fmt>")
def export_search(fmt: str) -> Any:
    """A 302 to every hit of the search as a download (``/api/v1/search?format=``)."""
    return whole_set_redirect("api.search", fmt)


@pages.get("/export/quotes.<fmt>")
def export_quotes(fmt: str) -> Any:
    """A 302 to every quote of the quote search as a download (``/api/v1/quotes?format=``)."""
    return whole_set_redirect("api.quotes", fmt)


def whole_set_redirect(endpoint: str, fmt: str) -> Any:
    """A 302 to ``endpoint``'s whole-set download with the request's query and filters (not its
    paging, nor anything the endpoint does not read); 404 for an extension other than .csv or
    .json."""
    if fmt not in OLD_EXPORT_FORMATS:
        abort(404, "exports are .csv or .json")
    read = set(KNOWN_PARAMS[endpoint]) - {*PAGING, "facets", "format"}
    args = {k: [v for v in values if v != ""] for k, values in request.args.lists() if k in read}
    return redirect(url_for(endpoint, **{k: v for k, v in args.items() if v},
                            format=OLD_EXPORT_FORMATS[fmt]))
