"""Answering a question: hybrid retrieval, then the best sentences in the top passages, each
returned with its quote, resolved speaker and a citation."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer.answers import (
    Answer,
    AnswerResult,
    format_citation,
    quote_covering,
    read_intent,
    sentence_texts,
)
from indexer.keyword_index import Filters
from indexer.quotes.model import TITLE_ABBREVIATIONS
from indexer.registry import find_speaker_ids

if TYPE_CHECKING:
    from indexer.search import Hit, SearchService

PASSAGES_READ = 8  # top passages whose sentences compete for the answer
QUOTE_BONUS = 0.12  # a statement someone made beats narration of equal similarity
WHO_BONUS = 0.2  # for "who said" questions, attributed quotes beat everything else


def ask(service: SearchService, question: str, limit: int = 3,
        filters: Filters | None = None) -> AnswerResult:
    """Answer ``question`` with up to ``limit`` attributed sentences from the corpus."""
    filters = filters or Filters()
    intent = read_intent(question)
    if intent.speaker and filters.speaker is None and filters.speaker_ids is None:
        ids = find_speaker_ids(service.store, intent.speaker)
        if ids:
            filters.speaker_ids = ids
        else:
            intent.text = question  # not a known speaker: keep the words for retrieval
    if intent.asks_who:
        filters.quotes_only = True
    mode = "hybrid" if service.vectors is not None else "keyword"
    query = escape_query(intent.text)
    hits = service.passages(query, mode=mode, limit=PASSAGES_READ, filters=filters)
    candidates = _candidate_sentences(hits)
    if not candidates:
        return AnswerResult(question=question)
    scores = _similarities(service, intent.text, [c["sentence"] for c in candidates])
    for cand, sim in zip(candidates, scores, strict=True):
        bonus = 0.0
        if cand["quote"] is not None and cand["quote"]["speaker"]:
            bonus = WHO_BONUS if intent.asks_who else QUOTE_BONUS
        cand["score"] = float(sim) + bonus + 0.05 / (1 + cand["rank"])
    candidates.sort(key=lambda c: -c["score"])
    answers: list[Answer] = []
    seen_passages: set[str] = set()
    for cand in candidates:
        hit: Hit = cand["hit"]
        if hit.passage_id in seen_passages:
            continue
        seen_passages.add(hit.passage_id)
        answers.append(_answer(cand, _registry_details(service, cand["quote"])))
        if len(answers) >= limit:
            break
    return AnswerResult(question=question, answers=answers)


def escape_query(text: str) -> str:
    """Plain words for the query parser: a question's punctuation is not query syntax."""
    cleaned = "".join(ch if ch.isalnum() or ch in " '-" else " " for ch in text)
    words = [w for w in cleaned.split() if w.upper() not in ("AND", "OR", "NOT", "TO")]
    return " ".join(words) or "*"


def _candidate_sentences(hits: list[Hit]) -> list[dict[str, Any]]:
    out = []
    for rank, hit in enumerate(hits):
        for start, end in sentence_texts(hit.text):
            out.append({
                "hit": hit, "rank": rank, "start": start, "end": end,
                "sentence": hit.text[start:end].strip(),
                "quote": quote_covering(hit.quotes, start, end),
            })
    return out


def _similarities(service: SearchService, question: str, sentences: list[str]) -> np.ndarray:
    """Cosine similarity of each sentence to the question (word overlap without a model)."""
    if service.embedder is not None:
        vectors = service.embedder.encode([question, *sentences])
        return vectors[1:] @ vectors[0]
    qwords = {w.lower() for w in question.split() if len(w) > 3}
    return np.array([
        len(qwords & {w.lower() for w in s.split()}) / (len(qwords) or 1) for s in sentences
    ])


def _registry_details(service: SearchService, quote: dict[str, Any] | None) -> dict[str, Any]:
    """Title, role and organisation the registry knows for a quote's speaker."""
    if not quote or quote.get("speaker_id") is None:
        return {}
    row = service.store.conn.execute(
        "SELECT roles, orgs FROM speakers WHERE id = ?", (quote["speaker_id"],)).fetchone()
    if row is None:
        return {}
    roles, orgs = json.loads(row["roles"]), json.loads(row["orgs"])
    titles = [r for r in roles if r in TITLE_ABBREVIATIONS]
    others = [r for r in roles if r not in TITLE_ABBREVIATIONS]
    return {"title": titles[0] if titles else None, "role": others[0] if others else None,
            "org": orgs[0] if orgs else None}


def _answer(cand: dict[str, Any], known: dict[str, Any]) -> Answer:
    hit: Hit = cand["hit"]
    quote = cand["quote"]
    speaker = quote["speaker"] if quote else None
    role = (quote["speaker_role"] if quote else None) or known.get("role")
    org = (quote["speaker_org"] if quote else None) or known.get("org")
    cited = f"{known['title']} {speaker}" if speaker and known.get("title") else speaker
    return Answer(
        answer=cand["sentence"],
        passage_id=hit.passage_id,
        article_id=hit.article_id,
        speaker=speaker,
        speaker_role=role,
        speaker_org=org,
        quote=quote["text"] if quote else None,
        title=hit.title,
        source=hit.source,
        published=hit.published,
        url=hit.url,
        citation=format_citation(cited, role, org, hit.title, hit.source, hit.published),
        score=round(cand["score"], 4),
        answer_start=cand["start"],
        answer_end=cand["end"],
        passage=hit.text,
    )
