"""Reading request arguments: bounded integers, filters and modes, with one-line errors."""

from __future__ import annotations

from collections.abc import Mapping

from indexer.keyword_index import KINDS, Filters, QueryError
from indexer.resultset import check_sort

MAX_LIMIT = 100
MAX_OFFSET = 10_000
TRUE = {"1", "true", "yes", "on"}
FALSE = {"", "0", "false", "no", "off"}


def int_arg(args: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high]; anything else is a QueryError naming it."""
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be an integer, not {raw[:40]!r}") from None
    if not low <= value <= high:
        raise QueryError(f"{name} must be between {low} and {high}")
    return value


def bool_arg(args: Mapping[str, str], name: str) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise QueryError(f"{name} must be true or false, not {raw[:40]!r}")


def str_arg(args: Mapping[str, str], name: str, max_len: int = 1000) -> str | None:
    """A trimmed string parameter (None when absent or blank), bounded in length."""
    value = (args.get(name) or "").strip()
    if len(value) > max_len:
        raise QueryError(f"{name} is too long (over {max_len} characters)")
    return value or None


def paging(args: Mapping[str, str], default_limit: int = 10, max_limit: int = MAX_LIMIT
           ) -> tuple[int, int]:
    """(limit, offset) from ``limit``/``offset`` or a 1-based ``page``."""
    limit = int_arg(args, "limit", default_limit, 1, max_limit)
    if args.get("page"):
        page = int_arg(args, "page", 1, 1, MAX_OFFSET // limit + 1)
        return limit, min((page - 1) * limit, MAX_OFFSET)
    return limit, int_arg(args, "offset", 0, 0, MAX_OFFSET)


def kind_arg(args: Mapping[str, str]) -> str | None:
    """An attribution kind (``direct``, ``partial``, ``transcript``, ``statement``) or None."""
    kind = str_arg(args, "kind", 20)
    if kind is not None and kind.lower() not in KINDS:
        raise QueryError(f"unknown kind {kind[:20]!r} (use one of: {', '.join(KINDS)})")
    return kind.lower() if kind else None


def sort_arg(args: Mapping[str, str]) -> str:
    """How a search orders its articles: ``relevance`` (default), ``newest`` or ``oldest``."""
    sort = str_arg(args, "sort", 20) or "relevance"
    check_sort(sort)
    return sort


def filters_from(args: Mapping[str, str]) -> Filters:
    """Search filters from ``source``, ``since``, ``until``, ``speaker``, ``quotes_only``,
    ``issuer`` and ``kind``."""
    return Filters(
        source=str_arg(args, "source", 200),
        since=str_arg(args, "since", 20),
        until=str_arg(args, "until", 20),
        speaker=str_arg(args, "speaker", 200),
        quotes_only=bool_arg(args, "quotes_only"),
        issuer=str_arg(args, "issuer", 200),
        kind=kind_arg(args),
    )


def mode_arg(args: Mapping[str, str], modes: tuple[str, ...]) -> str:
    """The search mode: hybrid by default when available, else the only one there is."""
    mode = str_arg(args, "mode", 20) or ("hybrid" if "hybrid" in modes else modes[0])
    if mode not in modes:
        raise QueryError(f"unknown mode {mode!r} (use one of: {', '.join(modes)})")
    return mode


PAGING = ("limit", "offset", "page")
FILTERS = ("source", "since", "until", "speaker", "quotes_only", "issuer", "kind")
QUOTE_FILTERS = ("q", "text", "contains", "since", "until", "source", "kind", "issuer")
SIDES = tuple(f"{side}_{name}" for side in ("left", "right")
              for name in ("speaker", "since", "until"))
# The query parameters each /api/v1 endpoint reads (``format``: a whole-set CSV/JSONL download;
# ``contains``: the quote search's alias of ``text``); anything else is a 400 naming it. Pages
# ignore parameters they do not read.
KNOWN_PARAMS: dict[str, tuple[str, ...]] = {
    "api.search": ("q", "mode", "sort", "facets", *PAGING, *FILTERS, "format"),
    "api.ask": ("q", "limit", *FILTERS),
    "api.article": (),
    "api.passage": (),
    "api.quotes": ("speaker", *QUOTE_FILTERS, *PAGING, "format"),
    "api.speakers": ("q", *PAGING, "format"),
    "api.speaker": (*QUOTE_FILTERS, "format"),
    "api.similar": ("limit", *FILTERS),
    "api.compare_sides": ("topic", *SIDES, *PAGING, "format"),
    "api.stats": (),
    "api.openapi": (),
    "admin.ingest": (),
    "admin.delete": (),
    "watch_api.watches_api": (),
    "watch_api.watch_api_one": ("since", "limit", "offset"),
    "watch_api.lineage_api": (),
}


def check_params(endpoint: str | None, args: Mapping[str, str]) -> None:
    """Refuse a query parameter the endpoint does not read (a QueryError naming it and the
    known ones), so a misspelt filter is never silently ignored."""
    known = KNOWN_PARAMS.get(endpoint or "")
    if known is None:
        return
    for name in args:
        if name not in known:
            listed = ", ".join(known) if known else "none"
            raise QueryError(f"unknown parameter {name[:40]!r} (known: {listed})")


def text_arg(args: Mapping[str, str], max_len: int = 500) -> str | None:
    """The words a quote must all contain: ``text``, or its alias ``contains`` (the CLI's
    ``--contains``)."""
    return str_arg(args, "text", max_len) or str_arg(args, "contains", max_len)
