"""Exports of result sets as CSV and JSON, with the same fields as the API."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Response

HIT_FIELDS = ("article_id", "passage_id", "score", "title", "source", "published", "url", "text",
              "more_in_article", "speakers", "quotes", "found_by", "issuer", "kinds")


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


def neutralise(cell: Any) -> Any:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


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
