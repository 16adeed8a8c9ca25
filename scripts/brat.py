"""Reading brat standoff annotations (PolNeAR's .ann files), shared by the PolNeAR scripts."""

from __future__ import annotations

import re

Spans = list[tuple[int, int]]


def brat_annotations(ann: str) -> tuple[dict[str, Spans], list[dict[str, str]]]:
    """The character spans of each text-bound annotation (``T12`` -> [(start, end), ...], a
    discontinuous span as several) and the role -> annotation id map of each event line
    (``E4`` -> {"Attribution": "T15", "Cue": "T14", "Source": "T13", "Content": "T12"})."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if re.fullmatch(r"T\d+", parts[0]):
            _, _, ranges = parts[1].partition(" ")
            spans[parts[0]] = [(int(a), int(b)) for a, b in (r.split() for r in ranges.split(";"))]
        elif re.fullmatch(r"E\d+", parts[0]):
            events.append(dict(p.split(":", 1) for p in parts[1].split() if ":" in p))
    return spans, events
