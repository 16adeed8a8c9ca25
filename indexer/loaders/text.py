"""Plain-text loader: the seed format (optional ``date YYYY-MM-DD`` first line, a title line, the
body) and generic text. Title, date and boilerplate are worked out later by normalisation."""

from __future__ import annotations

from collections.abc import Iterator

from indexer.dates import date_in_name
from indexer.loaders.decoding import decode_bytes, looks_binary
from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc


def load_text(data: bytes, origin: str, options: LoadOptions) -> Iterator[SourceDoc | Skip]:
    """Decode a text file into one ``SourceDoc``; binary data is skipped with a reason."""
    if looks_binary(data):
        yield Skip(origin, "binary data, not text")
        return
    text, warnings = decode_bytes(data, origin)
    if not text.strip():
        yield Skip(origin, "empty file")
        return
    # a date in the file name ('11Jun2007Kyl93.txt') counts only when the text gives none
    yield SourceDoc(origin=origin, body=text, source=options.source, warnings=warnings,
                    fallback_date=date_in_name(origin))
