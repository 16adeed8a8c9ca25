"""Watches and lineage on the web: each view builds one payload that the JSON API returns and
the page renders. ``/api/v1/watches`` lists and reads saved searches (writes need the admin
token), ``/api/v1/quotes/<id>/lineage`` traces a statement, ``/watches`` and
``/watches/<id>`` are the pages, ``/watches/<id>.atom`` the feed (the admin token or the watch's
own secret, as ``?token=`` or ``Authorization: Bearer``)."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)

from indexer.watches import (
    RUN_LIMIT,
    Watch,
    WatchError,
    add_watch,
    get_watch,
    list_watches,
    remove_watch,
    since_value,
    spec_from_dict,
    watch_report,
)
from webapp.params import int_arg, str_arg
from webapp.services import service, writing

watch_api = Blueprint("watch_api", __name__, url_prefix="/api/v1")
watch_pages = Blueprint("watch_pages", __name__)
FEED_ENTRIES = 50


def admin_token_given() -> bool:
    """Whether the request presents the configured admin token."""
    token = current_app.config.get("ADMIN_TOKEN") or ""
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def require_admin() -> None:
    if not admin_token_given():
        abort(401, "writing watches needs 'Authorization: Bearer <ONRECORD_ADMIN_TOKEN>'")


def may_read_feed(watch: Watch) -> bool:
    """The admin token, or the watch's secret (``?token=`` or a bearer header)."""
    if admin_token_given():
        return True
    given = request.args.get("token") or request.headers.get("Authorization", "").removeprefix(
        "Bearer ")
    return bool(given) and hmac.compare_digest(given.encode(), watch.secret.encode())


def found_watch(store: Any, key: str) -> Watch:
    """A watch by id or name; 404 when there is none."""
    try:
        return get_watch(store, key)
    except WatchError as exc:
        abort(404, str(exc))


# --- views (payloads) -------------------------------------------------------------------------


def shown(report: dict[str, Any]) -> dict[str, Any]:
    """A watch as a reader may see it: a webhook URL (which may hold a token) cut to its scheme
    and host unless the admin token is given."""
    url = report.get("webhook")
    if url and not admin_token_given():
        parts = urlsplit(url)
        report = {**report, "webhook": f"{parts.scheme}://{parts.hostname}/\u2026"}
    return report


def watches_payload() -> dict[str, Any]:
    """Every watch with its five latest matches."""
    with service() as svc:
        return {"watches": [shown(watch_report(svc.store, w, limit=5))
                            for w in list_watches(svc.store)]}


def watch_payload(key: str, args: Mapping[str, str]) -> dict[str, Any]:
    """One watch with a page of its matches (``since``: recorded on or after that date)."""
    limit = int_arg(args, "limit", RUN_LIMIT, 1, 100)
    offset = int_arg(args, "offset", 0, 0, 10_000)
    with service() as svc:
        watch = found_watch(svc.store, key)
        since = since_value(str_arg(args, "since", 40))
        return shown(watch_report(svc.store, watch, since, limit, offset))


def lineage_payload(quote_id: int) -> dict[str, Any]:
    """A quote's statement across articles and sources (``indexer.lineage``); 404 when there is
    no such quote."""
    found = quote_lineage(quote_id)
    if found is None:
        abort(404, f"no quote {quote_id}")
    return found


def quote_lineage(quote_id: int) -> dict[str, Any] | None:
    """The lineage section of a quote's permalink page (None for an unknown quote)."""
    from indexer.lineage import lineage

    with service() as svc:
        return lineage(svc, quote_id)


def body_object() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "the request body must be a JSON object")
    return body


def data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])


# --- JSON API ---------------------------------------------------------------------------------


@watch_api.route("/watches", methods=["GET", "POST"])
def watches_api() -> Any:
    """GET: every watch with its latest matches; POST (admin token): save one."""
    if request.method == "GET":
        return jsonify(watches_payload())
    require_admin()
    from indexer.store import Store

    spec = spec_from_dict(body_object())
    with writing():
        store = Store.open(data_dir())
        try:
            watch = add_watch(store, spec)
        finally:
            store.close()
    return jsonify(watch.to_dict(secret=True)), 201


@watch_api.route("/watches/<key>", methods=["GET", "DELETE"])
def watch_api_one(key: str) -> Any:
    """GET: a watch and a page of its matches; DELETE (admin token): remove it."""
    if request.method == "GET":
        return jsonify(watch_payload(key, request.args))
    require_admin()
    from indexer.store import Store

    with writing():
        store = Store.open(data_dir())
        try:
            try:
                watch = remove_watch(store, key)
            except WatchError as exc:
                abort(404, str(exc))
        finally:
            store.close()
    return jsonify({"removed": watch.to_dict()})


@watch_api.get("/quotes/<int:quote_id>/lineage")
def lineage_api(quote_id: int) -> Any:
    return jsonify(lineage_payload(quote_id))


# --- pages and feeds --------------------------------------------------------------------------


@watch_pages.get("/watches")
def watches_page() -> Any:
    return render_template("watches.html", **watches_payload())


@watch_pages.get("/watches/<int:watch_id>")
def watch_page(watch_id: int) -> Any:
    return render_template("watch.html", watch=watch_payload(str(watch_id), request.args))


@watch_pages.get("/watches/<int:watch_id>.atom")
def watch_feed(watch_id: int) -> Any:
    with service() as svc:
        watch = found_watch(svc.store, str(watch_id))
        if not may_read_feed(watch):
            abort(401, "this feed needs the watch's secret (?token=) or the admin token")
        report = watch_report(svc.store, watch, limit=FEED_ENTRIES)
    return Response(atom_feed(report, request.url_root), mimetype="application/atom+xml")


def atom_feed(report: dict[str, Any], root: str) -> bytes:
    """A watch's matches as an Atom feed (feedgen), newest first, one entry per match."""
    from feedgen.feed import FeedGenerator

    base = root.rstrip("/")
    fg = FeedGenerator()
    fg.id(f"{base}/watches/{report['id']}")
    fg.title(f"OnRecord watch: {report['name']}")
    fg.link(href=base + url_for("watch_pages.watch_page", watch_id=report["id"]), rel="alternate")
    fg.subtitle(f"New matches for {report['query'] or report['filters']!s}")
    fg.updated(report["matches"][0]["matched_at"] if report["matches"] else report["created_at"])
    for m in reversed(report["matches"]):  # feedgen lists the last added first
        entry = fg.add_entry()
        entry.id(f"{base}/watches/{report['id']}#match-{m['id']}")
        entry.title(m["title"] or m["article_id"])
        entry.link(href=base + url_for("pages.article", article_id=m["article_id"]))
        entry.updated(m["matched_at"])
        if m["published"] and len(m["published"]) == 10:  # a day; months and years left out
            entry.published(m["published"] + "T00:00:00+00:00")
        quote = m["quote"]
        said = f"{quote['text']} \u2014 {quote['speaker'] or 'unattributed'}. " \
            if quote else ""
        reprints = f" Reprinted {len(m['reprints'])} time(s)." if m["reprints"] else ""
        entry.summary(f"{said}{m['source'] or ''} ({', '.join(m['reasons'])}).{reprints}")
    return fg.atom_str(pretty=True)
