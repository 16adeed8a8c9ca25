"""JSON-ready views of store rows and results, shared by the API, the pages and the exports."""

from __future__ import annotations

from typing import Any

from flask import abort

from indexer.search import SearchService
from indexer.store_quotes import QUOTE_FIELDS as QUOTE_FIELDS  # the API's quote fields
from indexer.store_quotes import quote_json

ARTICLE_FIELDS = ("id", "title", "source", "url", "published", "published_precision", "byline",
                  "dateline", "language", "text", "content_hash", "ingested_at", "duplicate_of",
                  "reprints", "issuer")


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
    return svc.store.speaker_count(query)
