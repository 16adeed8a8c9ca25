"""Saved searches ("watches") and their alerts: a query in any syntax and mode with filters,
matched against each ingest's new articles through the search service's one result set
(``SearchService.result_set``) restricted to those articles, so a watch matches exactly what the
same search would find among them, on any keyword engine.

A match records the watch, the article's best passage and quote and why it matched: ``keyword``,
``semantic`` (cosine at least the watch's ``threshold``), ``speaker`` (the watch's speaker is
quoted). A reprint or near duplicate of an article a watch already matched is grouped under that
first match, never a new one. Articles ingested without vectors (keyword-first) wait in the
store's pending list and meet the semantic and hybrid watches when their vectors arrive.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.dates import parse_date
from indexer.keyword_index import KINDS
from indexer.querymodel import Filters, QueryError
from indexer.scope import Scope
from indexer.store import Store
from indexer.store_quotes import QUOTE_FIELDS, quote_json

DEFAULT_THRESHOLD = 0.5  # MiniLM cosine from which a passage is about a semantic watch's concept
MODES = ("hybrid", "keyword", "semantic")
FILTER_KEYS = ("source", "since", "until", "speaker", "issuer", "kind", "quotes_only")
MAX_NAME = 100
RUN_LIMIT = 50


class WatchError(QueryError):
    """A watch that cannot be saved or found; the message is one line naming the problem."""


@dataclass
class WatchSpec:
    """What a user asks to watch: a query in any syntax and mode, filters and a name."""

    name: str
    query: str = ""
    mode: str = "hybrid"
    source: str | None = None
    since: str | None = None
    until: str | None = None
    speaker: str | None = None
    issuer: str | None = None
    kind: str | None = None
    quotes_only: bool = False
    threshold: float | None = None  # semantic cosine; DEFAULT_THRESHOLD when None
    webhook: str | None = None

    def filter_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in FILTER_KEYS if getattr(self, k)}

    def filters(self) -> Filters:
        return Filters(**self.filter_dict())


@dataclass
class Watch:
    """A stored watch."""

    id: int
    spec: WatchSpec
    secret: str
    created_at: str
    last_run_at: str | None = None

    @property
    def semantic(self) -> bool:
        """Whether the watch matches by meaning (and so waits for vectors)."""
        return self.spec.mode != "keyword" and bool(self.spec.query.strip())

    @property
    def threshold(self) -> float:
        return self.spec.threshold if self.spec.threshold is not None else DEFAULT_THRESHOLD

    def to_dict(self, secret: bool = False) -> dict[str, Any]:
        """The watch's JSON shape; its feed secret only when asked (the owner, once)."""
        out = {"id": self.id, "name": self.spec.name, "query": self.spec.query,
               "mode": self.spec.mode, "filters": self.spec.filter_dict(),
               "threshold": self.threshold, "webhook": self.spec.webhook,
               "created_at": self.created_at, "last_run_at": self.last_run_at}
        if secret:
            out["secret"] = self.secret
        return out


def watch_from_row(row: dict[str, Any]) -> Watch:
    """A ``watches`` row (``Store.watches``) as a Watch."""
    spec = WatchSpec(name=row["name"], query=row["query"], mode=row["mode"],
                     threshold=row["threshold"], webhook=row["webhook"],
                     **{k: v for k, v in row["filters"].items() if k in FILTER_KEYS})
    return Watch(row["id"], spec, row["secret"], row["created_at"], row["last_run_at"])


def spec_from_dict(values: dict[str, Any]) -> WatchSpec:
    """A WatchSpec from JSON or form values, unknown keys refused by name."""
    known = {f.name for f in fields(WatchSpec)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise WatchError(f"unknown watch field {unknown[0]!r} (use: {', '.join(sorted(known))})")
    for key, value in values.items():
        if key == "quotes_only":
            if not isinstance(value, bool):
                raise WatchError("quotes_only: must be true or false")
        elif key == "threshold":
            if value is not None and (isinstance(value, bool) or
                                      not isinstance(value, int | float)):
                raise WatchError("threshold: must be a number between 0 and 1")
        elif value is not None and not isinstance(value, str):
            raise WatchError(f"{key}: must be a string")
    return WatchSpec(**values)


def check_spec(spec: WatchSpec) -> WatchSpec:
    """The spec tidied, or WatchError naming the field that is wrong."""
    name = " ".join((spec.name or "").split())
    if not name or len(name) > MAX_NAME:
        raise WatchError(f"name: 1 to {MAX_NAME} characters")
    if name.isdigit():
        raise WatchError("name: may not be only digits (ids are)")
    query = (spec.query or "").strip()
    values = {k: (v.strip() or None) if isinstance(v, str) else v
              for k, v in asdict(spec).items()}
    values.update(name=name, query=query)
    spec = WatchSpec(**values)
    if not query and not spec.filter_dict():
        raise WatchError("a watch needs a query or a filter (e.g. --speaker)")
    if spec.mode not in MODES:
        raise WatchError(f"mode: {spec.mode!r} is not one of {', '.join(MODES)}")
    if spec.threshold is not None and not 0.0 <= spec.threshold <= 1.0:
        raise WatchError("threshold: must be between 0 and 1")
    for key in ("since", "until"):
        value = getattr(spec, key)
        if value and not parse_date(value):
            raise WatchError(f"{key}: not a date: {value!r} (use YYYY-MM-DD)")
    if spec.kind and spec.kind not in KINDS:
        raise WatchError(f"kind: {spec.kind!r} is not one of {', '.join(KINDS)}")
    if spec.webhook:
        from indexer.outbox import WebhookError, check_url

        try:
            spec.webhook = check_url(spec.webhook)
        except WebhookError as exc:
            raise WatchError(str(exc)) from exc
    return spec


def check_query(store: Store, keyword: Any, spec: WatchSpec) -> None:
    """WatchError when the query cannot be parsed (the same parser searches use)."""
    if spec.query:
        try:
            keyword.parse(spec.query)
        except QueryError as exc:
            raise WatchError(f"query: {exc}") from exc


def add_watch(store: Store, spec: WatchSpec, keyword: Any = None) -> Watch:
    """Check and save a watch (with a new feed secret); WatchError for a bad or taken name."""
    spec = check_spec(spec)
    if keyword is not None:
        check_query(store, keyword, spec)
    with store.transaction():
        if store.watch_by_key(spec.name) is not None:
            raise WatchError(f"name: a watch named {spec.name!r} exists")
        watch_id = store.add_watch(spec.name, spec.query, spec.mode, spec.filter_dict(),
                                   spec.threshold, spec.webhook, secrets.token_urlsafe(24))
    return get_watch(store, watch_id)


def get_watch(store: Store, key: str | int) -> Watch:
    """A watch by id or name; WatchError when there is none."""
    row = store.watch_by_key(key)
    if row is None:
        raise WatchError(f"no watch {key!r} (see 'onrecord watch list')")
    return watch_from_row(row)


def list_watches(store: Store) -> list[Watch]:
    return [watch_from_row(r) for r in store.watches()]


def remove_watch(store: Store, key: str | int) -> Watch:
    """Delete a watch with its matches and queued deliveries; returns what was removed."""
    watch = get_watch(store, key)
    with store.transaction():
        store.delete_watch(watch.id)
    return watch


# --- matching -------------------------------------------------------------------------------


@dataclass
class MatchSummary:
    """What matching one batch did: new matches, reprints grouped, deliveries queued."""

    matches: int = 0
    reprints: int = 0
    pending: int = 0
    queued: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """One article a watch matched among the new ones: its best passage and why."""

    watch_id: int
    article_id: str
    passage_id: str | None
    score: float | None
    reasons: list[str]
    quote_id: int | None = None


def evaluate(service: Any, watch: Watch, new: Scope, mode: str | None = None
             ) -> list[Candidate]:
    """The new articles ``watch`` matches, each with its best passage (``mode`` overrides the
    watch's: keyword while vectors have not arrived); only the new articles' passages are
    matched and scored (``new``, see ``SearchService.result_set``)."""
    filters = watch.spec.filters()
    extra = ["speaker"] if watch.spec.speaker else []
    if not watch.spec.query:  # filters alone (a speaker watch): every passage they allow
        service.resolve_filters(filters)
        t = new.tables
        allowed = service.keyword.allowed(t, filters)
        docs = new.docs if allowed is None else new.docs[allowed[new.docs]]
        seen: dict[str, Candidate] = {}
        for d in docs:
            aid = t.article_ids[t.article_code[d]]
            if aid not in seen:
                seen[aid] = Candidate(watch.id, aid, t.passage_ids[d], None,
                                      extra or ["filter"])
        return list(seen.values())
    service.semantic_floor = watch.threshold
    # no speaker boost: it moves passages up, never in or out of the set a watch asks about
    found = service.result_set(watch.spec.query, mode or watch.spec.mode, filters,
                               speakers=False, scope=new)
    return [Candidate(watch.id, aid, pid, round(score, 4), [*by, *extra])
            for pid, aid, score, _, by in found.page(0, max(found.total, 1))]


def with_quotes(store: Store, candidates: list[Candidate], speaker_ids: dict[int, list[int]]
                ) -> None:
    """Each candidate's quote: in its passage, by the watch's speaker when it names one."""
    quotes = store.quotes_in_passages({c.passage_id for c in candidates if c.passage_id})
    for c in candidates:
        found = quotes.get(c.passage_id or "", [])
        wanted = speaker_ids.get(c.watch_id)
        if wanted:
            found = [q for q in found if q["speaker_id"] in wanted] or found
        c.quote_id = found[0]["id"] if found else None


def match_new_articles(store: Store, keyword: Any, semantic: Any, article_ids: list[str]
                       ) -> MatchSummary:
    """Match every watch against articles an ingest just stored and indexed (and, with vectors,
    the pending articles whose vectors have arrived); record the matches, group reprints under
    the first match, queue webhook deliveries and start sending them in the background."""
    summary = MatchSummary()
    watches = list_watches(store)
    if not watches or not article_ids and not semantic:
        return summary
    vectors = semantic.vectors if semantic is not None else None
    embedder = semantic.embedder if semantic is not None else None
    service = watch_service(store, keyword, vectors, embedder, watches)
    dups = store.duplicate_links(article_ids)
    fresh = [a for a in article_ids if a not in dups]
    found: list[Candidate] = []
    new = Scope.of_articles(keyword.tables(), fresh) if fresh else None
    for watch in watches if fresh else []:
        mode = watch.spec.mode if vectors is not None else "keyword"
        if watch.spec.mode == "semantic" and vectors is None and watch.semantic:
            continue  # waits for the vectors
        found.extend(_safely(summary, watch, lambda w=watch, m=mode: evaluate(service, w, new, m)))
    pending = store.pending_articles() if vectors is not None else []
    arrived = [a for a in pending if _has_vectors(store, vectors, a)]
    if arrived:
        waited = Scope.of_articles(keyword.tables(), arrived)
        for watch in (w for w in watches if w.semantic):
            found.extend(_safely(summary, watch, lambda w=watch: evaluate(service, w, waited)))
    speaker_ids = {w.id: service_speakers(service, w) for w in watches if w.spec.speaker}
    with_quotes(store, found, speaker_ids)
    waiting = [a for a in fresh if vectors is None] if any(w.semantic for w in watches) else []
    by_id = {w.id: w for w in watches}
    with store.transaction():
        summary.matches = store.put_watch_matches(
            (c.watch_id, c.article_id, c.passage_id, c.quote_id, c.reasons, c.score, None)
            for c in found)
        first = store.matched_watches(set(dups.values()))
        reprints = [(wid, aid, None, None, ["reprint"], None, canonical)
                    for aid, canonical in dups.items() for wid in first.get(canonical, [])]
        earlier = store.reprints_of({c.article_id for c in found})  # of pending articles
        reprints += [(c.watch_id, r["article_id"], None, None, ["reprint"], None, c.article_id)
                     for c in found for r in earlier.get(c.article_id, [])]
        summary.reprints = store.put_watch_matches(reprints)
        if waiting:
            store.queue_pending(waiting)
        if arrived:
            store.clear_pending(arrived)
        summary.pending = len(waiting)
        summary.queued = queue_deliveries(store, by_id, found)
    if summary.queued:
        from indexer.outbox import deliver_in_background

        deliver_in_background(store.path.parent)
    return summary


def watch_service(store: Store, keyword: Any, vectors: Any, embedder: Any,
                  watches: list[Watch]) -> Any:
    """A search service over the ingest's own store and indexes (no feedback round: a watch
    asks whether an article matches, not how it ranks), its query vectors cache filled with
    every semantic watch's query in one batch."""
    from indexer.querymodel import readable_query, split_query
    from indexer.search import QUERY_VECTORS_KEPT, SearchService, SharedParts, cached_vectors

    shared = SharedParts()
    texts = [split_query(readable_query(w.spec.query)[0]).semantic_text
             for w in watches if w.semantic] if embedder is not None else []
    texts = [t for t in texts if t]
    if texts:
        cached_vectors(shared.query_vectors, texts, embedder.encode,
                       len(texts) + QUERY_VECTORS_KEPT)
    return SearchService(store, keyword, vectors, embedder, feedback=False, shared=shared)


def _safely(summary: MatchSummary, watch: Watch, run: Any) -> list[Candidate]:
    """One watch's candidates; a watch that fails (a query the index now refuses) is noted and
    skipped, never stopping the others."""
    try:
        return run()
    except (QueryError, ValueError) as exc:
        summary.errors.append(f"watch {watch.spec.name!r}: {exc}")
        return []


def service_speakers(service: Any, watch: Watch) -> list[int]:
    filters = watch.spec.filters()
    service.resolve_speaker(filters)
    return filters.speaker_ids or []


def _has_vectors(store: Store, vectors: Any, article_id: str) -> bool:
    passages = store.passages_for(article_id)
    return bool(passages) and vectors.has(passages[0].id)


def queue_deliveries(store: Store, watches: dict[int, Watch], found: list[Candidate]) -> int:
    """Queue one POST per watch with a webhook and new matches (in the caller's transaction)."""
    queued = 0
    by_watch: dict[int, list[Candidate]] = {}
    for c in found:
        by_watch.setdefault(c.watch_id, []).append(c)
    for watch_id, cands in by_watch.items():
        watch = watches[watch_id]
        if not watch.spec.webhook:
            continue
        ids = {c.article_id for c in cands}
        _, rows = store.watch_matches(watch_id, limit=len(ids) + 50)
        matches = [match_json(store, r) for r in rows if r["article_id"] in ids]
        if matches:
            store.queue_webhook(watch_id, watch.spec.webhook,
                                {"watch": watch.to_dict(), "matches": matches})
            queued += 1
    return queued


# --- reading matches ------------------------------------------------------------------------


def match_json(store: Store, row: dict[str, Any], reprints: list[dict[str, Any]] = ()
               ) -> dict[str, Any]:
    """A recorded match's JSON shape: the article, its passage, its quote and why."""
    passage = store.get_passage(row["passage_id"]) if row["passage_id"] else None
    quote = None
    if row["quote_id"] is not None:
        q = store.quotes_by_ids([row["quote_id"]]).get(row["quote_id"])
        quote = quote_json(q, QUOTE_FIELDS) if q else None
    return {"id": row["id"], "watch_id": row["watch_id"], "article_id": row["article_id"],
            "passage_id": row["passage_id"], "title": row["title"], "source": row["source"],
            "published": row["published"], "url": row["url"],
            "text": passage.text if passage else None, "quote": quote,
            "reasons": row["reasons"], "score": row["score"], "matched_at": row["matched_at"],
            "reprints": list(reprints)}


def watch_report(store: Store, watch: Watch, since: str | None = None,
                 limit: int = RUN_LIMIT, offset: int = 0, after: str | None = None
                 ) -> dict[str, Any]:
    """A watch with its matches (newest first, reprints under each; ``since``: recorded at or
    after that time, ``after``: strictly after it), the one payload the CLI, the API, the watch
    page and the Atom feed show."""
    total, rows = store.watch_matches(watch.id, since, limit, offset, after)
    reprints = store.watch_reprints(watch.id, [r["article_id"] for r in rows])
    return {**watch.to_dict(), "since": since or after, "total": total, "limit": limit,
            "offset": offset,
            "matches": [match_json(store, r, reprints.get(r["article_id"], [])) for r in rows]}


def since_value(since: str | None) -> str | None:
    """The time from which ``watch run`` shows matches: ``--since DATE`` (a date or ISO time),
    else all (``--since-last`` reads ``watch.last_run_at`` instead)."""
    if since:
        parsed = parse_date(since)
        if parsed is None:
            raise WatchError(f"since: not a date: {since!r} (use YYYY-MM-DD)")
        return parsed[0]
    return None


def run_watches(data_dir: Path, store: Store, key: str | None = None, since: str | None = None,
                since_last: bool = False, semantic: Any = None, keyword: Any = None
                ) -> dict[str, Any]:
    """``watch run``: match pending articles whose vectors have arrived (with ``semantic``),
    send due webhooks, then report each watch's matches (all, ``since``, or since its last
    run), marking the run."""
    from indexer.outbox import deliver_due

    watches = [get_watch(store, key)] if key else list_watches(store)
    if semantic is not None and keyword is not None and store.pending_articles():
        match_new_articles(store, keyword, semantic, [])
    delivered = deliver_due(store)
    at = datetime.now(UTC).isoformat(timespec="seconds")
    reports = []
    for watch in watches:
        reports.append(watch_report(store, watch, since_value(since),
                                    after=watch.last_run_at if since_last else None))
        with store.transaction():
            store.set_watch_run(watch.id, at)
    return {"run_at": at, "watches": reports, "deliveries": delivered.to_dict()}


def notify_watches(store: Store, keyword: Any, semantic: Any, article_ids: list[str],
                   warnings: list[str]) -> None:
    """The ingest's hook after a batch is stored and indexed: ``match_new_articles``, any
    failure (of matching, recording or delivery) a warning in the report, never the ingest's."""
    try:
        summary = match_new_articles(store, keyword, semantic, list(article_ids))
        warnings.extend(summary.errors)
    except Exception as exc:  # noqa: BLE001 - alerts must never fail or block an ingest
        warnings.append(f"watches: matching failed, the ingest went on: "
                        f"{' '.join(str(exc).split())[:200] or type(exc).__name__}")
