"""Which keyword engine a data folder uses (Whoosh or Milvus), recorded in the folder.

The engine is chosen by ``--engine`` (``ONRECORD_ENGINE``) and ``--engine-uri``
(``ONRECORD_ENGINE_URI``) when a data folder is first indexed and written to
``<data>/engine.json``; later runs use the recorded engine. Asking for the other one is an
error naming ``onrecord reindex --engine …``, which rebuilds the derived index from the store.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from indexer.querymodel import QueryError

ENGINES = ("whoosh", "milvus")
CHOICE_FILE = "engine.json"
LITE_FILE = "milvus/onrecord.db"  # the default Milvus Lite database, inside the data folder


class EngineError(QueryError):
    """An engine setting the user must fix (one line naming it)."""


@dataclass(frozen=True)
class EngineChoice:
    """An engine, where it runs (Milvus: a Lite file or a server URI) and its collections'
    name prefix (one data folder's collections on a shared server)."""

    name: str = "whoosh"
    uri: str = ""
    prefix: str = ""


def check_engine_name(name: str) -> str:
    """The engine name, lower-cased; an unknown name raises EngineError."""
    value = (name or "").strip().lower()
    if value not in ENGINES:
        raise EngineError(f"--engine: unknown engine {name!r} (use one of: {', '.join(ENGINES)})")
    return value


def requested(engine: str | None = None, uri: str | None = None) -> tuple[str | None, str | None]:
    """The engine and URI asked for: the arguments, else ``ONRECORD_ENGINE`` and
    ``ONRECORD_ENGINE_URI`` (None where nothing was asked)."""
    engine = engine or os.environ.get("ONRECORD_ENGINE") or None
    uri = uri or os.environ.get("ONRECORD_ENGINE_URI") or None
    return (check_engine_name(engine) if engine else None), uri


def recorded(data_dir: Path) -> EngineChoice | None:
    """The engine recorded in a data folder; a folder indexed before engines were recorded (a
    ``whoosh`` folder, no record) is Whoosh; None for a folder never indexed."""
    path = Path(data_dir) / CHOICE_FILE
    if path.exists():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return EngineChoice(check_engine_name(raw["engine"]), raw.get("uri", ""),
                                raw.get("prefix", ""))
        except (ValueError, KeyError, TypeError) as exc:
            raise EngineError(f"{path}: unreadable engine record ({exc}): run "
                              "'onrecord reindex --engine whoosh|milvus' to rebuild") from exc
    if (Path(data_dir) / "whoosh").exists():
        return EngineChoice("whoosh")
    return None


def default_uri(data_dir: Path) -> str:
    """The Milvus Lite database file inside the data folder."""
    return str(Path(data_dir).resolve() / LITE_FILE)


def fresh_choice(data_dir: Path, name: str, uri: str | None = None) -> EngineChoice:
    """A new choice for a data folder: Milvus with its URI (default the Lite file) and a
    collection prefix of its own."""
    if name != "milvus":
        return EngineChoice("whoosh")
    return EngineChoice("milvus", uri or default_uri(data_dir), f"onrecord_{secrets.token_hex(4)}")


def resolve(data_dir: Path, engine: str | None = None, uri: str | None = None) -> EngineChoice:
    """The engine to open a data folder with: the recorded one; for a new folder the one asked
    for (default Whoosh). Asking for another engine than the recorded one raises EngineError."""
    name, uri = requested(engine, uri)
    known = recorded(data_dir)
    if known is None:
        return fresh_choice(data_dir, name or "whoosh", uri)
    if name and name != known.name:
        raise EngineError(f"this data folder is indexed with {known.name}, not {name}: run "
                          f"'onrecord reindex --engine {name}' to rebuild its index for {name}")
    if known.name == "milvus" and uri and uri != known.uri:
        raise EngineError(f"this data folder's Milvus index is at {known.uri}, not {uri}: run "
                          f"'onrecord reindex --engine milvus --engine-uri {uri}' to move it")
    return known


def record(data_dir: Path, choice: EngineChoice) -> None:
    """Write the choice into the data folder (atomically: a crash keeps the old record)."""
    path = Path(data_dir) / CHOICE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"engine": choice.name, "uri": choice.uri,
                               "prefix": choice.prefix}) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def open_choice(data_dir: Path, choice: EngineChoice, create: bool = True) -> Any:
    """Open (with ``create``, creating) the keyword engine of a choice."""
    if choice.name == "milvus":
        from indexer.milvus_engine import MilvusIndex

        return MilvusIndex.open(data_dir, choice.uri, choice.prefix, create)
    from indexer.keyword_index import KeywordIndex

    return KeywordIndex.open(data_dir, create)


def open_engine(data_dir: Path, create: bool = True, engine: str | None = None,
                uri: str | None = None) -> Any:
    """The keyword engine of a data folder (``indexer.engine.KeywordEngine``): the recorded
    one, or for a new folder the one asked for, recorded once created."""
    choice = resolve(data_dir, engine, uri)
    index = open_choice(data_dir, choice, create)
    if create and recorded(data_dir) is None:
        record(data_dir, choice)
    return index


def switch_engine(data_dir: Path, engine: str, uri: str | None = None) -> Any:
    """Open a new, empty index of ``engine`` for a data folder (``reindex --engine``) and
    record it; the caller rebuilds it from the store. The old engine's index is dropped."""
    name = check_engine_name(engine)
    uri = requested(None, uri)[1]
    old = recorded(data_dir)
    same = old is not None and old.name == name and (name != "milvus" or not uri
                                                     or uri == old.uri)
    choice = old if same else fresh_choice(data_dir, name, uri)
    if choice.name == "milvus":
        from indexer.milvus_engine import clear_lite_folder

        clear_lite_folder(choice.uri)  # an older Lite's index, rebuilt here anyway
    new = open_choice(data_dir, choice)
    new.recreate()
    record(data_dir, choice)  # before the old index goes: a crash leaves the new one recorded
    if old is not None and not same:
        previous = open_choice(data_dir, old, create=False)
        try:
            previous.drop()
        finally:
            previous.close()
    return new


def engine_summary(data_dir: Path) -> dict[str, Any]:
    """The recorded engine as ``stats`` shows it (a server URI without its password)."""
    known = recorded(data_dir) or EngineChoice()
    shown = asdict(known)
    shown["uri"] = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", known.uri)
    return {k: v for k, v in shown.items() if v}


def reindex_on(data_dir: Path, engine: str, uri: str | None = None) -> int:
    """Move a data folder's keyword index to ``engine``, rebuilt from the store (the vectors
    are kept: nothing is re-embedded); returns the passages indexed."""
    from indexer.ingest import rebuild_indexes
    from indexer.store import Store

    store = Store.open(data_dir)
    try:
        keyword = switch_engine(data_dir, engine, uri)
        try:
            return rebuild_indexes(store, keyword, None)
        finally:
            keyword.close()
    finally:
        store.close()


def copy_on(source: Path, dest: Path, engine: str, uri: str | None = None) -> int:
    """A copy of a data folder (store, vectors) with its keyword index on ``engine``, for
    measuring engines side by side; returns the passages indexed."""
    import shutil

    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("whoosh", "milvus", CHOICE_FILE))
    return reindex_on(dest, engine, uri)
