"""Exports of result sets: whole sets as streamed CSV or JSON Lines (``format=csv|jsonl`` on
the API's search, quotes and speaker routes; rows from ``indexer.export``), and one page of a
payload as CSV or JSON (``download``)."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, current_app

from indexer.export import (
    EXPORT_CAP,
    MIMETYPES,
    Export,
    check_format,
    chunks_of,
    neutralise,
    quote_export,
    search_export,
)
from indexer.search import SearchService
from webapp.params import filters_from, mode_arg, sort_arg, str_arg
from webapp.services import pool
from webapp.views import quote_query


def flat(value: Any) -> Any:
    """A CSV cell: lists of names/quotes joined, nested objects as JSON."""
    if isinstance(value, list):
        if all(isinstance(v, dict) and "name" in v for v in value):
            return "; ".join(v["name"] for v in value)
        if all(isinstance(v, dict) and "text" in v for v in value):
            return " | ".join(f"{v['text']} — {v.get('speaker') or 'unattributed'}" for v in value)
        if all(isinstance(v, str) for v in value):
            return "; ".join(value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_csv(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({f: neutralise(flat(row.get(f))) for f in fields})
    return out.getvalue()


def download(payload: dict[str, Any], rows_key: str, fields: tuple[str, ...], fmt: str,
             name: str) -> Response:
    """The API ``payload`` as a JSON download, or its ``rows_key`` rows as a CSV download."""
    if fmt == "csv":
        body, mimetype = to_csv(payload[rows_key], fields), "text/csv"
    else:
        body, mimetype = json.dumps(payload, ensure_ascii=False, indent=1), "application/json"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def format_arg(args: Mapping[str, str]) -> str | None:
    """The whole-set export ``format`` asked for (``csv``, ``jsonl``), None for the JSON page
    (absent, blank or ``json``); a QueryError naming the parameter for anything else."""
    fmt = str_arg(args, "format", 20)
    return None if fmt is None or fmt.lower() == "json" else check_format(fmt)


def export_cap() -> int:
    """Rows an export writes at most: the app's ``EXPORT_CAP`` (``indexer.export.EXPORT_CAP``
    unless configured)."""
    return int(current_app.config.get("EXPORT_CAP") or EXPORT_CAP)


def stream(build: Callable[[SearchService], Export], fmt: str, name: str) -> Response:
    """A streamed download of the export ``build`` makes with a reader of the app's pool.

    The reader is held until the last row is written or the response is closed (a client
    that goes away), then given back once; errors in ``build`` (bad input) are raised before
    anything is sent, so they become the usual 400."""
    readers = pool()
    svc = readers.acquire()
    lock, held = threading.Lock(), [True]

    def give_back() -> None:
        with lock:
            if not held[0]:
                return
            held[0] = False
        readers.release(svc)

    try:
        export = build(svc)
    except BaseException:
        give_back()
        raise

    def body() -> Any:
        try:
            yield from chunks_of(export, fmt)
        finally:
            give_back()

    response = Response(body(), mimetype=MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
        "X-Total-Count": str(export.total), "X-Export-Cap": str(export.cap)})
    response.call_on_close(give_back)
    return response


def search_download(args: Mapping[str, str], fmt: str) -> Response:
    """Every article the search ``args`` match (``q``, ``mode`` and the filters; paging
    ignored), as a streamed ``fmt`` download."""
    query = str_arg(args, "q") or ""
    filters = filters_from(args)
    sort = sort_arg(args)
    cap = export_cap()

    def build(svc: SearchService) -> Export:
        return search_export(svc, query, mode_arg(args, svc.modes), filters, cap, sort=sort)

    return stream(build, fmt, "onrecord-search")


def quotes_download(args: Mapping[str, str], fmt: str, name: str = "onrecord-quotes"
                    ) -> Response:
    """Every quote the quote search ``args`` match (paging ignored), as a streamed ``fmt``
    download."""
    from indexer.quote_index import quote_search_for

    spec = quote_query(args)
    cap = export_cap()
    return stream(lambda svc: quote_export(svc.store, quote_search_for(svc), spec, cap), fmt,
                  name)
