"""The Grimmer US Senate press releases (2004-2008): ``<Senator>/<DDMonYYYY><Senator><n>.txt``.

The first line is the title; the rest is the body, one paragraph a line (indented, no blank
lines), often ending with a "Contact: ..." line, which is dropped. ``source`` is
"Senator <Name>" (the folder name, e.g. "Senator Feinstein"); the issuer is that senator, by
full name when the body writes it ("Sen. Dianne Feinstein"); the date comes from the file name;
``origin`` is ``grimmer/<Senator>/<file>``, independent of where the corpus lives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from indexer.dates import parse_date
from indexer.loaders.decoding import decode_bytes
from indexer.records import Skip, SourceDoc

ORIGIN_PREFIX = "grimmer"
_FILE_NAME = re.compile(r"^(?P<date>\d{1,2}[A-Z][a-z]{2}\d{4})(?P<name>[A-Za-z]+?)\d+\.txt$")
_CONTACT = re.compile(r"^contacts?\s*:", re.IGNORECASE)


def parse_file_name(name: str) -> tuple[str, str] | None:
    """(senator, ISO date) from a name like ``10Apr2008Feinstein10.txt``; None if it does not fit."""
    m = _FILE_NAME.match(name)
    if not m:
        return None
    parsed = parse_date(m.group("date"))
    if not parsed or parsed[1] != "day":
        return None
    return m.group("name"), parsed[0]


def split_release(text: str) -> tuple[str, list[str]]:
    """(title, paragraphs) from a release's text: first line, then one paragraph per line.

    Trailing "Contact: ..." lines are dropped.
    """
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return "", []
    title, paragraphs = lines[0], lines[1:]
    while paragraphs and _CONTACT.match(paragraphs[-1]):
        paragraphs.pop()
    return title, paragraphs


def parse_release(rel_path: str, data: bytes) -> SourceDoc | Skip:
    """A release from its path relative to the corpus root (``<Senator>/<file>``) and bytes."""
    origin = f"{ORIGIN_PREFIX}/{rel_path}"
    parts = rel_path.split("/")
    if len(parts) != 2:
        return Skip(origin, "not a <Senator>/<file>.txt release")
    folder, name = parts
    parsed = parse_file_name(name)
    if parsed is None:
        return Skip(origin, "file name is not <DDMonYYYY><Senator><n>.txt")
    _, published = parsed
    text, warnings = decode_bytes(data, origin)
    title, paragraphs = split_release(text)
    if not paragraphs:
        return Skip(origin, "no body after the title line")
    return SourceDoc(
        origin=origin,
        body="\n\n".join(paragraphs),
        title=title,
        published=published,
        source=f"Senator {folder}",
        issuer=senator_issuer(folder, "\n".join(paragraphs)),
        issuer_kind="person",
        warnings=warnings,
    )


def senator_issuer(folder: str, body: str) -> str:
    """The release's issuer: "Senator <Name>" as the folder names them, the full name when the
    body writes it with the title ('Sen. Russ Feingold')."""
    from indexer.quotes.statements import Issuer, resolve_issuer

    issuer = resolve_issuer(Issuer(f"Senator {folder}"), body)
    return issuer.name if " " in issuer.name else f"Senator {folder}"


def is_release_path(rel_path: str) -> bool:
    """Whether a corpus path looks like a release (``<Senator>/<something>.txt``)."""
    return rel_path.count("/") == 1 and rel_path.endswith(".txt")


def iter_releases(
    files: Iterable[tuple[str, bytes]], limit: int | None = None
) -> Iterator[SourceDoc | Skip]:
    """Parse (relative path, bytes) pairs into releases, stopping after ``limit`` of them."""
    count = 0
    for rel_path, data in files:
        if limit is not None and count >= limit:
            return
        if not is_release_path(rel_path):
            continue
        count += 1
        yield parse_release(rel_path, data)
