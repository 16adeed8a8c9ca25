"""The cross-article speaker registry, kept in the store.

Quotes carry the speaker as the article names them; the registry maps each to a canonical
speaker, merging only on the strong evidence ``indexer.speakers.same_speaker`` asks for.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from indexer.records import Quote, Speaker
from indexer.speakers import (
    Candidate,
    Existing,
    canonical_key,
    merge_into,
    name_parts,
    same_speaker,
)
from indexer.store import Store


def surname_key(name: str) -> str:
    """The bucket a name is matched in: its last bare word (the whole key for organisations)."""
    key = canonical_key(name)
    return key.rsplit(" ", 1)[-1] if key else ""


def load_speakers(store: Store) -> list[Speaker]:
    return [
        Speaker(
            id=r["id"], name=r["name"], kind=r["kind"], aliases=json.loads(r["aliases"]),
            roles=json.loads(r["roles"]), orgs=json.loads(r["orgs"]),
        )
        for r in store.conn.execute("SELECT * FROM speakers ORDER BY id")
    ]


class SpeakerRegistry:
    """Resolves quotes' speakers to registry ids; writes through the caller's transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by_key: dict[str, list[Speaker]] = defaultdict(list)
        for speaker in load_speakers(store):
            self._by_key[surname_key(speaker.name)].append(speaker)

    def resolve_article(self, quotes: list[Quote]) -> list[int | None]:
        """Registry ids for an article's quotes, one per quote (None where unattributed).

        Evidence is pooled per speaker over the article first: every role, title (from the
        mentions, e.g. "Sgt." in "Sgt. Jacob Becchina") and organisation the article gives.
        """
        pooled: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        for q in quotes:
            if not q.speaker:
                continue
            roles, orgs = pooled.setdefault((q.speaker, q.speaker_kind or "person"), ([], []))
            titles = [t.capitalize() + "." for t in name_parts(q.mention or "")[1]]
            for role in [q.speaker_role, *titles]:
                if role and role.rstrip(".").lower() not in {r.rstrip(".").lower() for r in roles}:
                    roles.append(role)
            if q.speaker_org and q.speaker_org not in orgs:
                orgs.append(q.speaker_org)
        ids = {key: self.resolve(key[0], key[1], roles, orgs)
               for key, (roles, orgs) in pooled.items()}
        return [ids.get((q.speaker, q.speaker_kind or "person")) if q.speaker else None
                for q in quotes]

    def resolve(self, name: str, kind: str, roles: list[str], orgs: list[str]) -> int:
        """The registry id for a speaker with this evidence, creating or enriching the entry."""
        candidates = [Candidate(name, kind, role, org)
                      for role in (roles or [None]) for org in (orgs or [None])]
        key = surname_key(name)
        for existing in self._by_key[key]:
            current = Existing(existing.name, existing.kind, list(existing.aliases),
                               list(existing.roles), list(existing.orgs))
            if any(same_speaker(c, current) for c in candidates):
                merged = current
                for c in candidates:
                    merged = merge_into(c, merged)
                if (merged.aliases, merged.roles, merged.orgs) != (
                        existing.aliases, existing.roles, existing.orgs):
                    existing.aliases, existing.roles, existing.orgs = (
                        merged.aliases, merged.roles, merged.orgs)
                    self._save(existing)
                return existing.id
        speaker = Speaker(id=0, name=name, kind=kind, aliases=[], roles=list(roles),
                          orgs=list(orgs))
        cur = self.store.conn.execute(
            "INSERT INTO speakers(name, kind, aliases, roles, orgs) VALUES(?,?,?,?,?)",
            (speaker.name, speaker.kind, json.dumps(speaker.aliases), json.dumps(speaker.roles),
             json.dumps(speaker.orgs)),
        )
        speaker.id = int(cur.lastrowid)
        self._by_key[key].append(speaker)
        return speaker.id

    def _save(self, speaker: Speaker) -> None:
        self.store.conn.execute(
            "UPDATE speakers SET aliases = ?, roles = ?, orgs = ? WHERE id = ?",
            (json.dumps(speaker.aliases), json.dumps(speaker.roles), json.dumps(speaker.orgs),
             speaker.id),
        )


def speaker_summaries(store: Store, query: str | None = None, limit: int = 100,
                      offset: int = 0) -> list[dict[str, Any]]:
    """Speakers with quote counts and date ranges, most quoted first; ``query`` matches names."""
    params: list[Any] = []
    where = ""
    if query:
        where = "WHERE s.name LIKE ? OR s.aliases LIKE ?"
        params += [f"%{query}%", f"%{query}%"]
    rows = store.conn.execute(
        "SELECT s.id, s.name, s.kind, s.aliases, s.roles, s.orgs, COUNT(q.id) AS quotes,"
        " MIN(a.published) AS first, MAX(a.published) AS last"
        " FROM speakers s LEFT JOIN quotes q ON q.speaker_id = s.id"
        " LEFT JOIN articles a ON a.id = q.article_id"
        f" {where} GROUP BY s.id ORDER BY quotes DESC, s.name LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [speaker_row(r) for r in rows]


def speaker_row(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"], "name": r["name"], "kind": r["kind"],
        "aliases": json.loads(r["aliases"]), "roles": json.loads(r["roles"]),
        "orgs": json.loads(r["orgs"]), "quotes": r["quotes"],
        "first": r["first"], "last": r["last"],
    }


def find_speaker_ids(store: Store, name: str) -> list[int]:
    """Registry ids whose name or aliases match ``name`` (exact id, else case-insensitive)."""
    if name.isdigit():
        row = store.conn.execute("SELECT id FROM speakers WHERE id = ?", (int(name),)).fetchone()
        return [row[0]] if row else []
    exact = [r[0] for r in store.conn.execute(
        "SELECT id FROM speakers WHERE lower(name) = lower(?)", (name.strip(),))]
    if exact:
        return exact
    like = f"%{name.strip()}%"
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM speakers WHERE name LIKE ? OR aliases LIKE ?", (like, like))]
