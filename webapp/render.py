"""Pure helpers the templates use: quote-marked text segments, links in article text,
attributions, the timeline chart geometry, pagination and the API reference."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from indexer.titles import COURTESY_TITLES, title_alone

CHART_WIDTH = 640
CHART_HEIGHT = 160
CHART_PAD = 24


def marked_segments(text: str, base: int, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``text`` (starting at offset ``base``) split into plain runs and quote runs, in order.

    Quote offsets are relative to the same origin as ``base``; overlapping quotes are skipped.
    """
    out: list[dict[str, Any]] = []
    pos = 0
    for q in sorted(quotes, key=lambda q: q["start"]):
        start, end = q["start"] - base, q["end"] - base
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            out.append({"text": text[pos:start], "quote": None})
        out.append({"text": text[start:end], "quote": q})
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:], "quote": None})
    return out


def attribution(q: dict[str, Any]) -> str:
    """"Sgt. Jacob Becchina, police spokesman" from a quote's speaker, role and organisation
    (the organisation once: not after a role that names it, 'ranking member of the Committee
    on Finance')."""
    who = f"{title_of(q)} {q['speaker']}".strip() if q.get("speaker") else "unattributed"
    return ", ".join(p for p in (who, held_by(q)) if p)


def title_of(q: dict[str, Any]) -> str:
    """A quote speaker's role when it is only a title ("Sen.", "U.S. Sen."), written before
    the name ("Sen. Chuck Grassley"), else "" (a courtesy "Mr." names no office: left out)."""
    role = q.get("speaker_role")
    return role if role and title_alone(role) and role not in COURTESY_TITLES else ""


def held_by(q: dict[str, Any]) -> str:
    """A quote speaker's role and organisation, the organisation once ('member of both the
    Senate Agriculture and Energy Committees', not that and 'Senate Agriculture and Energy
    Committees' again), a title alone left to go before the name (``title_of``)."""
    role, org = q.get("speaker_role"), q.get("speaker_org")
    if role and title_alone(role):
        role = None
    if role and org and org.lower() in role.lower():
        org = None
    return ", ".join(p for p in (role, org) if p)


def timeline_chart(months: list[dict[str, Any]], width: int = CHART_WIDTH,
                   height: int = CHART_HEIGHT) -> dict[str, Any]:
    """Bar geometry for statements per month (an inline SVG drawn by the template)."""
    if not months:
        return {"width": width, "height": height, "bars": [], "labels": [], "max": 0}
    top = max(m["quotes"] for m in months) or 1
    inner_w, inner_h = width - 2 * CHART_PAD, height - 2 * CHART_PAD
    step = inner_w / len(months)
    bars, labels = [], []
    every = max(1, len(months) // 8)
    for i, m in enumerate(months):
        h = inner_h * m["quotes"] / top
        x = CHART_PAD + i * step
        bars.append({"x": round(x + step * 0.1, 1), "y": round(CHART_PAD + inner_h - h, 1),
                     "w": round(max(step * 0.8, 1), 1), "h": round(h, 1), "month": m["month"],
                     "quotes": m["quotes"]})
        if i % every == 0:
            labels.append({"x": round(x + step / 2, 1), "text": m["month"]})
    return {"width": width, "height": height, "bars": bars, "labels": labels, "max": top,
            "baseline": CHART_PAD + inner_h}


def pages(total: int, limit: int, offset: int, window: int = 3) -> dict[str, Any]:
    """Current page, last page and the page numbers to link around the current one."""
    current = offset // limit + 1
    last = max(1, min((total + limit - 1) // limit, 10_000 // limit + 1))
    numbers = list(range(max(1, current - window), min(last, current + window) + 1))
    return {"current": current, "last": last, "numbers": numbers,
            "prev": current - 1 if current > 1 else None,
            "next": current + 1 if current < last else None}


URL = re.compile(r"\bhttps?://[^\s<>\"'\]\[(){}]+", re.IGNORECASE)
TRAILING = ".,;:!?'\"’”)"  # punctuation that ends a sentence, not the URL


def linkify(text: str) -> Markup:
    """``text`` HTML-escaped, with each http(s) URL in it a link (rel="nofollow noopener", in a
    new tab): article text from anywhere becomes clickable without becoming markup."""
    out: list[str] = []
    pos = 0
    for m in URL.finditer(text):
        url = m.group(0).rstrip(TRAILING)
        end = m.start() + len(url)
        out.append(escape(text[pos:m.start()]))
        out.append(Markup('<a href="{0}" rel="nofollow noopener" target="_blank">{0}</a>'
                          ).format(url))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def schema_type(schema: dict[str, Any]) -> str:
    """A schema as a reader names its type: "string or null", "array of Hit", "one of a, b"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    if "oneOf" in schema:
        return " or ".join(schema_type(s) for s in schema["oneOf"])
    kind = schema.get("type", "any")
    kinds = kind if isinstance(kind, list) else [kind]
    named = []
    for k in kinds:
        if k == "array":
            named.append("array of " + schema_type(schema.get("items", {})))
        elif k == "object" and "properties" in schema:
            named.append("object (" + ", ".join(schema["properties"]) + ")")
        else:
            named.append(k)
    return " or ".join(named)


def schema_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The properties of an object schema: name, type, whether required, description."""
    required = set(schema.get("required", []))
    return [{"name": name, "type": schema_type(prop), "required": name in required,
             "description": prop.get("description", "")}
            for name, prop in schema.get("properties", {}).items()]


def api_reference(doc: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI document as the API docs page shows it: each operation (path, method,
    summary, parameters, what each status returns) and each schema's fields."""
    operations = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            params = [{"name": p["name"], "in": p["in"], "type": schema_type(p["schema"]),
                       "required": p.get("required", False),
                       "description": p.get("description", "")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            responses = [{"status": status, "description": r.get("description", ""),
                          "types": {media: schema_type(c.get("schema", {}))
                                    for media, c in r.get("content", {}).items()}}
                         for status, r in op["responses"].items()]
            operations.append({
                "path": path, "method": method.upper(), "summary": op.get("summary", ""),
                "id": op.get("operationId", ""), "parameters": params,
                "body": schema_fields(body["schema"]) if body else [],
                "responses": responses})
    schemas = [{"name": name, "type": schema_type(schema), "fields": schema_fields(schema)}
               for name, schema in doc["components"]["schemas"].items()]
    return {"title": doc["info"]["title"], "version": doc["info"]["version"],
            "description": doc["info"].get("description", ""), "operations": operations,
            "schemas": schemas, "schema_names": {s["name"] for s in schemas}}
