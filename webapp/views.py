"""JSON-ready views of store rows and results, shared by the API, the pages and the exports."""

from __future__ import annotations

from typing import Any

from flask import abort

from indexer.search import SearchService

QUOTE_FIELDS = ("id", "article_id", "passage_id", "start", "end", "text", "kind", "cue",
                "mention", "speaker", "speaker_id", "speaker_as_written", "speaker_role",
                "speaker_org", "confidence")
ARTICLE_FIELDS = ("id", "title", "source", "url", "published", "published_precision", "byline",
                  "dateline", "language", "text", "content_hash", "ingested_at", "duplicate_of",
                  "reprints", "issuer")


def quote_json(row: dict[str, Any], with_article: bool = False) -> dict[str, Any]:
    """A stored quote (offsets relative to the article text)."""
    out = {k: row.get(k) for k in QUOTE_FIELDS}
    if with_article:
        out.update({k: row.get(k) for k in ("title", "source", "published", "url")})
    return out


def passage_json(svc: SearchService, passage_id: str) -> dict[str, Any]:
    """A passage with its article's metadata and its quotes; 404 when unknown."""
    passage = svc.store.get_passage(passage_id)
    if passage is None:
        abort(404, f"no passage {passage_id!r}")
    meta = svc.store.articles_meta([passage.article_id]).get(passage.article_id, {})
    quotes = svc.store.quotes_in_passages([passage_id]).get(passage_id, [])
    return {
        "id": passage.id, "article_id": passage.article_id, "ordinal": passage.ordinal,
        "start": passage.start, "end": passage.end, "text": passage.text,
        "title": meta.get("title"), "source": meta.get("source"),
        "published": meta.get("published"), "url": meta.get("url"),
        "issuer": meta.get("issuer"),
        "quotes": [quote_json(q) for q in quotes],
    }


def article_json(svc: SearchService, article_id: str) -> dict[str, Any]:
    """An article with its passages and quotes; 404 when unknown."""
    article = svc.store.get_article(article_id)
    if article is None:
        abort(404, f"no article {article_id!r}")
    out = {k: article.get(k) for k in ARTICLE_FIELDS}
    out["passages"] = [
        {"id": p.id, "ordinal": p.ordinal, "start": p.start, "end": p.end, "text": p.text}
        for p in svc.store.passages_for(article_id)
    ]
    out["quotes"] = [quote_json(q) for q in svc.store.quotes_of_article(article_id)]
    return out


def count_speakers(svc: SearchService, query: str | None) -> int:
    """How many registry speakers ``speaker_summaries`` would page through for ``query``."""
    if not query:
        return svc.store.conn.execute("SELECT COUNT(*) FROM speakers").fetchone()[0]
    return svc.store.conn.execute(
        "SELECT COUNT(*) FROM speakers WHERE name LIKE ? OR aliases LIKE ?",
        (f"%{query}%", f"%{query}%")).fetchone()[0]
