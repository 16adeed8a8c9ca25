"""Options shared by every loader: field mappings, size limits, where fetched pages are cached."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class LoadOptions:
    """How to read inputs. ``field_map`` maps our field names to input column names (``--map``)."""

    field_map: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    raw_dir: Path | None = None  # cache of fetched URLs, <data>/raw
    fetch_delay: float = 1.0  # seconds between requests to one host
    fetch_retries: int = 3
    fetch_timeout: float = 20.0
    user_agent: str = "OnRecord/0.1 (+https://github.com/onrecord; press-statement indexer)"


def parse_field_map(spec: str | list[str] | None) -> dict[str, str]:
    """Parse ``text=body,published=date`` (or a list of such) into ``{"text": "body", ...}``."""
    if not spec:
        return {}
    parts = [spec] if isinstance(spec, str) else list(spec)
    mapping: dict[str, str] = {}
    for part in parts:
        for item in part.split(","):
            item = item.strip()
            if not item:
                continue
            if "=" not in item:
                raise ValueError(f"--map: expected FIELD=COLUMN, got {item!r}")
            ours, theirs = (s.strip() for s in item.split("=", 1))
            if not ours or not theirs:
                raise ValueError(f"--map: expected FIELD=COLUMN, got {item!r}")
            mapping[ours] = theirs
    return mapping
