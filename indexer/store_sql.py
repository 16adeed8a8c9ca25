"""Small helpers the store's table modules share: chunked ``IN (...)`` lists, JSON columns,
timestamps and literal ``LIKE`` patterns. No imports from the rest of the package."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

CHUNK = 500  # ids per ``IN (...)`` list, well under SQLite's variable limit
ISSUERS_SINCE = 3  # the schema version from which articles keep their issuer


def keeps_issuers(schema_version: int | None) -> bool:
    """Whether a store of this schema version keeps issuers (None: a store made now)."""
    return schema_version is None or schema_version >= ISSUERS_SINCE


def chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def marks(chunk: list[Any]) -> str:
    """The ``?,?,...`` placeholders for one chunk."""
    return ",".join("?" * len(chunk))


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def like_escape(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def of_indexed(sql: str, alias: str, indexed_only: bool) -> str:
    """``sql`` over table ``alias`` limited, when ``indexed_only``, to rows of articles marked
    indexed."""
    if indexed_only:
        return sql + f" JOIN articles a ON a.id = {alias}.article_id WHERE a.indexed = 1"
    return sql
