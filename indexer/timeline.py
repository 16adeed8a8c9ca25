"""A speaker through time: statements per month and the names, roles and organisations they
were quoted under, first and last seen. Pure reads over the store."""

from __future__ import annotations

from typing import Any

from indexer.store import Store


def speaker_profile(store: Store, speaker_id: int) -> dict[str, Any] | None:
    """The registry entry with its quote count and first/last dates, or None if unknown."""
    return store.speaker_summary(speaker_id)


def month_range(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive."""
    y, m = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def statements_per_month(store: Store, speaker_id: int) -> tuple[list[dict[str, Any]], int]:
    """([{"month", "quotes", "articles"}] with empty months filled in, number of undated quotes).

    Articles dated only to the year count in January of that year.
    """
    rows = store.speaker_months(speaker_id)
    undated = sum(r["quotes"] for r in rows if not r["month"])
    counts: dict[str, tuple[int, int]] = {}
    for r in rows:
        if r["month"]:
            month = r["month"] if len(r["month"]) == 7 else f"{r['month'][:4]}-01"
            quotes, articles = counts.get(month, (0, 0))
            counts[month] = (quotes + r["quotes"], articles + r["articles"])
    if not counts:
        return [], undated
    months = month_range(min(counts), max(counts))
    return [{"month": m, "quotes": counts.get(m, (0, 0))[0], "articles": counts.get(m, (0, 0))[1]}
            for m in months], undated


def appearances(store: Store, speaker_id: int) -> dict[str, list[dict[str, Any]]]:
    """Names as written (``names``) and role/organisation pairs (``roles_over_time``), each
    with its number of quotes and first/last dates."""
    return {
        "names": store.speaker_names_written(speaker_id),
        "roles_over_time": [r for r in store.speaker_roles_written(speaker_id)
                            if r["role"] or r["org"]],
    }


def speaker_timeline(store: Store, speaker_id: int) -> dict[str, Any] | None:
    """Everything the speaker page and ``/api/v1/speakers/<id>`` show, or None if unknown; an
    id a registry merge folded away shows the speaker it was folded into."""
    speaker_id = store.current_speaker_id(speaker_id) or speaker_id
    profile = speaker_profile(store, speaker_id)
    if profile is None:
        return None
    months, undated = statements_per_month(store, speaker_id)
    return {**profile, "months": months, "undated": undated, **appearances(store, speaker_id)}
