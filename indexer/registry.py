"""The cross-article speaker registry, kept in the store.

Quotes carry the speaker as the article names them; the registry maps each to a canonical
speaker, merging only on the strong evidence ``indexer.speakers.same_speaker`` asks for.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from indexer.records import Quote, Speaker
from indexer.speakers import (
    Candidate,
    Existing,
    add_roles,
    canonical_key,
    merge_into,
    name_parts,
    same_speaker,
    written_titles,
)
from indexer.store import Store


def surname_key(name: str) -> str:
    """The bucket a name is matched in: its last bare word (the whole key for organisations)."""
    key = canonical_key(name)
    return key.rsplit(" ", 1)[-1] if key else ""


def _full_name(name: str) -> bool:
    """A first name and a surname, not an initial ('J. Smith' could be John or Jane)."""
    words = name_parts(name)[0]
    return len(words) >= 2 and len(words[0]) > 1


def _as_existing(speaker: Speaker) -> Existing:
    """A copy of a registry entry for ``same_speaker`` and ``merge_into``."""
    return Existing(speaker.name, speaker.kind, list(speaker.aliases), list(speaker.roles),
                    list(speaker.orgs))


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
        self.restamped: set[str] = set()  # articles whose quotes moved to another speaker id
        self._folded: dict[int, int] = {}  # folded-away id -> the id it was folded into
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
            titles = written_titles(q.mention or "")
            roles[:] = add_roles(roles, [r for r in [q.speaker_role, *titles] if r])
            if q.speaker_org and q.speaker_org not in orgs:
                orgs.append(q.speaker_org)
        ids = {key: self.resolve(key[0], key[1], roles, orgs)
               for key, (roles, orgs) in pooled.items()}
        # a later speaker of the article may have folded an entry an earlier one resolved to
        return [self._current(ids[(q.speaker, q.speaker_kind or "person")]) if q.speaker
                else None for q in quotes]

    def _current(self, speaker_id: int) -> int:
        """The id a speaker now has, following folds."""
        while speaker_id in self._folded:
            speaker_id = self._folded[speaker_id]
        return speaker_id

    def resolve(self, name: str, kind: str, roles: list[str], orgs: list[str]) -> int:
        """The registry id for a speaker with this evidence, creating or enriching the entry.

        An entry whose full name becomes one of the matched entry's names is the same speaker
        and is folded into it: 'Hillary Rodham Clinton', registered before an article tied that
        name to 'Hillary Clinton'. Folding needs the match itself to rest on full first names,
        never an initial: 'J. Smith' may be John or Jane.
        """
        candidates = [Candidate(name, kind, role, org)
                      for role in (roles or [None]) for org in (orgs or [None])]
        key = surname_key(name)
        target = next((e for e in self._by_key[key]
                       if any(same_speaker(c, _as_existing(e)) for c in candidates)), None)
        if target is None:
            return self._create(name, kind, roles, orgs, key)
        before = _as_existing(target)
        merged = before
        for c in candidates:
            merged = merge_into(c, merged)
        target.aliases, target.roles, target.orgs = merged.aliases, merged.roles, merged.orgs
        if any(same_speaker(c, before, initials=False) for c in candidates):
            names = {canonical_key(n) for n in [target.name, *target.aliases]}
            for other in [e for e in self._by_key[key] if e is not target and e.kind == kind
                          and _full_name(e.name) and canonical_key(e.name) in names]:
                self._fold(other, target, key)
        if (target.aliases, target.roles, target.orgs) != (
                before.aliases, before.roles, before.orgs):
            self._save(target)
        return target.id

    def _create(self, name: str, kind: str, roles: list[str], orgs: list[str], key: str) -> int:
        speaker = Speaker(id=0, name=name, kind=kind, aliases=[], roles=list(roles),
                          orgs=list(orgs))
        # never the id of a deleted or folded-away entry: that id keeps resolving to the
        # speaker it was folded into (speaker_redirects), and permalinks use it
        cur = self.store.conn.execute(
            "INSERT INTO speakers(id, name, kind, aliases, roles, orgs) VALUES("
            "(SELECT MAX(COALESCE((SELECT MAX(id) FROM speakers), 0),"
            " COALESCE((SELECT MAX(from_id) FROM speaker_redirects), 0)) + 1),?,?,?,?,?)",
            (speaker.name, speaker.kind, json.dumps(speaker.aliases), json.dumps(speaker.roles),
             json.dumps(speaker.orgs)),
        )
        speaker.id = int(cur.lastrowid)
        self._by_key[key].append(speaker)
        return speaker.id

    def _fold(self, other: Speaker, target: Speaker, key: str) -> None:
        """Move ``other``'s names, roles and quotes to ``target`` and delete it; the articles
        holding those quotes are marked unindexed (in the caller's transaction) until their
        keyword documents are re-written with the new id."""
        target.aliases += [n for n in [other.name, *other.aliases]
                           if n != target.name and n not in target.aliases]
        target.roles = add_roles(target.roles, other.roles)
        target.orgs += [o for o in other.orgs if o not in target.orgs]
        conn = self.store.conn
        moved = [r[0] for r in conn.execute(
            "SELECT DISTINCT article_id FROM quotes WHERE speaker_id = ?", (other.id,))]
        conn.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (target.id, other.id))
        conn.execute("DELETE FROM speakers WHERE id = ?", (other.id,))
        # the folded id still resolves (permalinks, watches): to the surviving entry
        conn.execute("UPDATE speaker_redirects SET to_id = ? WHERE to_id = ?", (target.id, other.id))
        conn.execute("INSERT OR REPLACE INTO speaker_redirects(from_id, to_id) VALUES(?, ?)",
                     (other.id, target.id))
        self.store.mark_unindexed(moved)
        self.restamped.update(moved)
        self._folded[other.id] = target.id
        self._by_key[key].remove(other)

    def take_restamped(self) -> list[str]:
        """Articles whose keyword documents carry a folded-away speaker id (then forgotten)."""
        out, self.restamped = sorted(self.restamped), set()
        return out

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
    """Registry ids whose name or one of its aliases is ``name`` (titles, case and accents
    aside; a bare surname is every person of that surname: 'Clinton' is Hillary, Bill and a
    release's bare 'Senator Clinton'), else those containing it; a number is a registry id."""
    if name.isdigit():
        found = current_speaker_id(store, int(name))
        return [found] if found is not None else []
    key, surname = canonical_key(name), surname_key(name)
    if not key:
        return []
    one_word = " " not in key

    def named(rows: Any) -> list[int]:
        return [r["id"] for r in rows if any(
            canonical_key(n) == key or one_word and r["kind"] == "person"
            and surname_key(n) == surname for n in [r["name"], *json.loads(r["aliases"])])]

    # LIKE folds ASCII case only, so vowels and apostrophes match any one character: 'Garcia'
    # still finds 'García', "O'Brien" finds 'O’Brien'; the names are then compared exactly
    loose = re.sub(r"[aeiouy'’]", "_", _like_escape(surname))
    pattern = f"%{loose}%"
    exact = named(store.conn.execute(
        "SELECT id, name, kind, aliases FROM speakers"
        " WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\'", (pattern, pattern)))
    if exact:
        return exact
    like = f"%{_like_escape(name.strip())}%"
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM speakers WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\'",
        (like, like))]


def current_speaker_id(store: Store, speaker_id: int) -> int | None:
    """The registry id a speaker id stands for now: itself, or for an entry a merge folded
    away, the entry it was folded into; None when unknown."""
    if store.conn.execute("SELECT 1 FROM speakers WHERE id = ?", (speaker_id,)).fetchone():
        return speaker_id
    target = store.speaker_redirect(speaker_id)
    if target is None:
        return None
    exists = store.conn.execute("SELECT 1 FROM speakers WHERE id = ?", (target,)).fetchone()
    return target if exists else None


def _like_escape(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
