"""Reading stored articles again with the current normaliser (``onrecord reindex --renormalise``).

Content hashes ignore whitespace, so a re-ingest of the same files after a normaliser change
(paragraphs read differently, say) reports "unchanged" and keeps the old passages. This pass
takes each stored article's loader text (the ``raw`` column, schema version 2), or for a row
stored before that its origin file when the file still holds what was stored, normalises it
again, and rewrites the articles that come out different through the ingest pipeline's own
store step (``Ingestor.store_prepared``): passages re-cut, quotes re-extracted (their ids are
stable), duplicate links re-found. Each batch is one transaction, and every rewritten article is
left unindexed, so a crash part-way loses nothing: the next run indexes what was written. The
caller rebuilds the derived indexes afterwards (``rebuild_indexes``).

An article that cannot be read again (no raw text and its file gone or changed, or fetched from
a URL) is kept as it is and reported with a one-line reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from indexer.ingest import BATCH_SIZE, Ingestor, IngestReport, analyse_articles, keep_issuer
from indexer.keyword_index import KeywordIndex
from indexer.loaders import load_path
from indexer.loaders.options import LoadOptions
from indexer.normalise import doc_from_raw, normalise, raw_meta_of
from indexer.records import Article, SourceDoc
from indexer.store import Store

_INVISIBLE = re.compile(r"[\s\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b]+")


@dataclass
class Unreadable:
    """A stored article that could not be read again, kept as it was."""

    article_id: str
    origin: str
    reason: str

    def line(self) -> str:
        """The one-line warning for the user."""
        return f"kept {self.article_id} ({self.origin}) as it is: {self.reason}"


@dataclass
class RenormaliseReport:
    """What a renormalise pass did."""

    articles: int = 0  # stored articles looked at
    changed: int = 0  # read differently now: rewritten with new passages and quotes
    unchanged: int = 0
    reextracted: int = 0  # of the unchanged, rewritten to extract their quotes again (``every``)
    folded: int = 0  # registry entries left without quotes, folded where their quotes went
    from_file: int = 0  # rows without raw text read again from their origin file
    passages_before: int = 0
    passages_after: int = 0
    unreadable: list[Unreadable] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "articles": self.articles, "changed": self.changed, "unchanged": self.unchanged,
            "reextracted": self.reextracted, "folded": self.folded,
            "from_file": self.from_file, "passages_before": self.passages_before,
            "passages_after": self.passages_after,
            "unreadable": [{"article_id": u.article_id, "origin": u.origin, "reason": u.reason}
                           for u in self.unreadable],
        }


def squashed(text: str) -> str:
    """Text without whitespace or control characters, for comparing what two readings hold."""
    return _INVISIBLE.sub("", text)


def words_of(text: str) -> list[str]:
    """The whitespace-separated words of a text, control characters dropped."""
    return [w for w in (squashed(t) for t in text.split()) if w]


def file_still_holds(stored_text: str, body: str) -> bool:
    """Every stored word is still in the file's text, in order: the same document read with an
    older normaliser, which may have cut boilerplate lines, menus, a dateline or the title out
    of the middle of what it stored, and joined lines differently."""
    words = iter(words_of(body))
    return all(any(w == f for f in words) for w in words_of(stored_text))


def origin_file(origin: str) -> tuple[str, str]:
    """An origin split into the file on disk and the part naming a record or archive member
    inside it ('feed.jsonl#L3' -> 'feed.jsonl', '#L3')."""
    cut = min((i for i in (origin.find("!"), origin.find("#")) if i >= 0), default=len(origin))
    return origin[:cut], origin[cut:]


def reread_origin(row: dict[str, Any], options: LoadOptions) -> SourceDoc | str:
    """The loader's document for a stored row without raw text, from its origin file; or the
    reason it cannot be had."""
    head, tail = origin_file(row["origin"])
    if head.startswith(("http://", "https://")):
        return "fetched from a URL before raw text was stored; ingest the URL again"
    path = Path(head)
    if not path.is_file():
        return f"no raw text stored and its file {head} is gone"
    for item in load_path(path, options):
        if isinstance(item, SourceDoc) and item.origin[len(str(path)):] == tail:
            if not file_still_holds(row["text"], item.body):
                return f"no raw text stored and {head} has changed since; ingest it again"
            return item
    return f"no raw text stored and {head} no longer holds it"


def source_of(row: dict[str, Any], options: LoadOptions) -> SourceDoc | str:
    """The document to normalise again: from the stored raw text, else from the origin file."""
    if row["raw"] is not None:
        return doc_from_raw(row["origin"], row["raw"], row["raw_meta"] or {})
    return reread_origin(row, options)


def reads_differently(article: Article, row: dict[str, Any]) -> bool:
    """The new reading differs from what is stored (title, dateline, date, source, issuer,
    text or paragraphs)."""
    return (article.text != row["text"] or article.title != row["title"]
            or article.dateline != row["dateline"] or article.published != row["published"]
            or article.source != row["source"] or article.issuer != row["issuer"])


def renormalise_store(
    store: Store,
    keyword: KeywordIndex,
    quotes: bool = True,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    options: LoadOptions | None = None,
    every: bool = False,
) -> RenormaliseReport:
    """Read every stored article again with the current normaliser and rewrite those that come
    out different (one transaction a batch); with ``every``, rewrite those that read the same
    too, so their quotes are extracted again by the current extractor (ids stay stable).
    Canonical articles go before their duplicates so that exact-duplicate links are found
    again by hash. Indexes are left to the caller."""
    options = options or LoadOptions()
    report = RenormaliseReport()
    report.passages_before = store.passage_count()
    speakers_before = {qid: sid for qid, sid, _, _ in store.quote_sources()} if quotes else {}
    order = store.article_ids_canonical_first()
    ingestor = Ingestor(store, keyword, IngestReport(), quotes=quotes)
    for start in range(0, len(order), batch_size):
        rows = store.stored_sources(order[start:start + batch_size])
        changed: list[Article] = []
        same: list[Article] = []  # read the same, rewritten with ``every``
        raw_only: list[tuple[str, str, dict[str, str]]] = []
        for row in rows:
            report.articles += 1
            doc = source_of(row, options)
            if isinstance(doc, str):
                report.unreadable.append(Unreadable(row["id"], row["origin"], doc))
                continue
            if row["raw"] is None:
                report.from_file += 1
            article = normalise(doc)
            if article is None:
                report.unreadable.append(Unreadable(row["id"], row["origin"],
                                                    "no text left after cleaning now"))
                continue
            if row["raw"] is None and row["source"]:  # read from its file without the
                article = replace(article, source=row["source"])  # loader's options
            # its metadata issuer (not in the raw text's metadata), for the quotes' extraction
            article = keep_issuer(replace(article, id=row["id"], origin=row["origin"]),
                                  store.stored_issuer(row["id"]))
            if reads_differently(article, row):
                changed.append(article)
                continue
            report.unchanged += 1
            if every:
                same.append(article)
            elif row["raw"] is None:
                raw_only.append((row["id"], doc.body, raw_meta_of(doc)))
        if changed or same:
            redone = changed + same
            analysed = analyse_articles(redone, quotes)
            written = set(ingestor.store_prepared(
                [(a, blob, q) for a, (blob, q) in zip(redone, analysed, strict=True)],
                force=True))
            report.changed += sum(1 for a in changed if a.id in written)
            report.reextracted += sum(1 for a in same if a.id in written)
        if raw_only:
            with store.transaction():
                for article_id, raw, meta in raw_only:
                    store.put_raw(article_id, raw, meta)
        if progress:
            progress(len(rows))
    report.passages_after = store.passage_count()
    if speakers_before and (report.changed or report.reextracted):
        report.folded = len(fold_emptied_speakers(store, speakers_before))
    return report


def fold_emptied_speakers(store: Store, before: dict[int, int]) -> list[tuple[int, int]]:
    """Fold each registry entry the new extraction left without a quote into the entry most of
    its former quotes (``before``: quote id -> speaker id) went to ('Brooklyn District Eric
    Gonzalez', a name read wrong before, into 'Eric Gonzalez'): no empty entry is listed, and
    its id keeps resolving (permalinks, watches). Returns (from, to) pairs."""
    after = {qid: sid for qid, sid, _, _ in store.quote_sources()}
    quoted = set(after.values())
    went: dict[int, Counter[int]] = {}
    for qid, sid in before.items():
        if sid not in quoted and after.get(qid) is not None:
            went.setdefault(sid, Counter())[after[qid]] += 1
    folded = []
    with store.transaction():
        for sid, targets in went.items():
            target = targets.most_common(1)[0][0]
            entry = store.get_speaker(sid)
            if entry is None or not store.speaker_exists(target):
                continue
            store.fold_speaker(sid, target)
            store.record_speaker_merge(sid, target, entry.name,
                                       "its quotes went to this speaker when extracted again")
            folded.append((sid, target))
    return folded
