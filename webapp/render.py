"""Pure helpers the templates use: quote-marked text segments, attributions, the timeline chart
geometry and pagination."""

from __future__ import annotations

from typing import Any

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
    """"Sgt. Jacob Becchina, police spokesman" from a quote's speaker, role and organisation."""
    role = ", ".join(p for p in (q.get("speaker_role"), q.get("speaker_org")) if p)
    return ", ".join(p for p in (q.get("speaker") or "unattributed", role) if p)


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
