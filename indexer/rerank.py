"""Learned re-ranking of a result set's top passages: a linear model over the signals we have.

No packaged cross-encoder with its weights exists in the package registry (they all download
weights at run time), so the re-ranker is a learned combination of cheap per-candidate
features: the fused score, the keyword (BM25F) and cosine legs, whether the passage quotes a
speaker the query names, whether it holds attributed quotes and how many, the best cosine of
the query with a quote in it, its position in the article and its length.

``LearnedRanker`` reads its weights from ``indexer/rerank_weights.json`` (written by
``scripts/train_rerank.py`` from PolNeAR train questions) and re-orders the ``depth`` best
passages of a :class:`~indexer.resultset.ResultSet` in place: they keep their place above the
rest of the set, in the model's order. Nothing else in the set changes (members, total,
facets). Numpy only: importing this module imports no torch (the service's vector indexes,
already loaded, are read through their public ``vector`` lookups).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTS = Path(__file__).with_name("rerank_weights.json")
DEPTH = 50  # passages of the fused ranking that are re-ranked

FEATURES = (
    "fused_z",  # the fused score, standardised over the candidates
    "log_rank",  # log(1 + rank) in the fused ranking
    "keyword_z",  # BM25F of the query at the passage, standardised over the candidates
    "keyword_match",  # 1 when the passage matches the query's words
    "cosine_z",  # MiniLM cosine of query and passage, standardised over the candidates
    "cosine",  # the raw cosine
    "quote_cosine",  # best cosine of the query with a quote the passage holds (0 without)
    "speaker_match",  # the passage quotes a speaker the query names
    "attributed",  # the passage holds a quote with a resolved speaker
    "log_quotes",  # log(1 + number of quotes in the passage)
    "question_x_attributed",  # a question (who/what/which/how …) and an attributed quote
    "lead",  # the passage is its article's first
    "log_position",  # log(1 + ordinal in its article)
    "log_length",  # log of the passage length in characters, standardised over the candidates
    "first_in_article",  # the article's best passage among the candidates (fused order)
    "article_support",  # log of the number of candidates from the same article
)

QUESTION = re.compile(r"^\s*(who|whom|whose|which|what|how|when|where|why|did|does|is|was)\b",
                      re.IGNORECASE)


def _z(values: np.ndarray) -> np.ndarray:
    std = float(values.std())
    return (values - values.mean()) / std if std > 1e-9 else np.zeros(len(values))


def _vectors(index: Any, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(found mask, float32 unit vectors) of ``keys`` in a vector index: one gather from the
    loaded snapshot when the index exposes it, else one ``vector`` lookup per key."""
    found = np.zeros(len(keys), dtype=bool)
    if index is None or not keys:
        return found, np.zeros((len(keys), 0), dtype=np.float32)
    state = getattr(index, "_state", None)
    if state is not None and hasattr(state, "row_vectors") and hasattr(state, "rows"):
        rows = np.fromiter((state.rows.get(k, -1) for k in keys), dtype=np.int64,
                           count=len(keys))
        found = rows >= 0
        if not found.any():
            return found, np.zeros((len(keys), 0), dtype=np.float32)
        got = np.asarray(state.row_vectors(rows[found]), dtype=np.float32)
        mat = np.zeros((len(keys), got.shape[1]), dtype=np.float32)
        mat[found] = got
        return found, mat
    out: list[np.ndarray] = []
    for i, key in enumerate(keys):
        v = index.vector(key)
        if v is not None:
            found[i] = True
            out.append(np.asarray(v, dtype=np.float32))
    mat = np.zeros((len(keys), len(out[0]) if out else 0), dtype=np.float32)
    if out:
        mat[found] = np.stack(out)
    return found, mat


@dataclass
class Candidates:
    """The re-ranked slice of a result set: positions into it, passage ids and features."""

    positions: np.ndarray
    passage_ids: list[str]
    features: np.ndarray  # (candidates, len(FEATURES))


def candidate_positions(found: Any, depth: int = DEPTH) -> np.ndarray:
    """Positions (into ``found.docs``) of the set's ``depth`` best passages, best first."""
    return found._ordered()[:depth]


def features(service: Any, found: Any, query: str, depth: int = DEPTH, parsed: Any = None
             ) -> Candidates:
    """The feature matrix of the ``depth`` best passages of ``found`` for ``query``
    (``parsed``: the query as ``service.keyword.parse`` gives it, when the caller has it)."""
    from indexer.keyword_scoring import scorable
    from indexer.querymodel import split_query
    from indexer.quote_index import quote_key

    pos = candidate_positions(found, depth)
    n = len(pos)
    f = np.zeros((n, len(FEATURES)))
    docs = found.docs[pos]
    t = found.tables
    pids = [t.passage_ids[d] for d in docs]
    if not n:
        return Candidates(pos, pids, f)
    col = {name: i for i, name in enumerate(FEATURES)}

    fused = np.asarray(found.scores[pos], dtype=float)
    f[:, col["fused_z"]] = _z(fused)
    f[:, col["log_rank"]] = np.log1p(np.arange(n))

    try:
        q = parsed if parsed is not None else service.keyword.parse(query)
        kw = t.scorer.score_at(q, docs) if scorable(q) else \
            np.where(np.asarray(found.found[pos]) & 1, 1.0, 0.0)
    except Exception:  # noqa: BLE001 - a query the keyword scorer cannot score: no signal
        kw = np.zeros(n)
    f[:, col["keyword_z"]] = _z(kw)
    f[:, col["keyword_match"]] = kw > 0

    text = split_query(query).semantic_text
    vector = None
    if service.vectors is not None and text:
        vector = service._query_vectors.get(text) if hasattr(service, "_query_vectors") \
            else None
        if vector is None:
            vector = service.embedder.encode_query(text)
        vector = np.asarray(vector, dtype=np.float32)
        has, mat = _vectors(service.vectors, pids)
        cos = np.where(has, mat @ vector if mat.shape[1] else 0.0, 0.0)
        f[:, col["cosine_z"]] = _z(cos)
        f[:, col["cosine"]] = cos

    quotes = service.store.quotes_in_passages(pids)
    named = set(found.speaker_ids or ())
    question = 1.0 if QUESTION.match(query) else 0.0
    keys: list[str] = []
    owner: list[int] = []
    for i, pid in enumerate(pids):
        qs = quotes.get(pid, [])
        f[i, col["log_quotes"]] = np.log1p(len(qs))
        attributed = any(x["speaker_id"] is not None or x["speaker"] for x in qs)
        f[i, col["attributed"]] = attributed
        f[i, col["question_x_attributed"]] = question * attributed
        f[i, col["speaker_match"]] = any(x["speaker_id"] in named for x in qs) if named else 0
        for x in qs:
            keys.append(quote_key(x["article_id"], x["id"]))
            owner.append(i)
    if vector is not None and keys:
        index = service._open_quote_vectors() if hasattr(service, "_open_quote_vectors") \
            else None
        if index is not None:
            has, mat = _vectors(index, keys)
            if has.any():
                sims = np.where(has, mat @ vector, 0.0)
                best = np.zeros(n)
                np.maximum.at(best, np.asarray(owner), np.maximum(sims, 0.0))
                f[:, col["quote_cosine"]] = best

    rows = {p: (passage.ordinal, len(passage.text)) for p in pids
            if (passage := service.store.get_passage(p)) is not None}
    ordinal = np.array([rows.get(p, (0, 1))[0] for p in pids], dtype=float)
    length = np.array([rows.get(p, (0, 1))[1] for p in pids], dtype=float)
    f[:, col["lead"]] = ordinal == 0
    f[:, col["log_position"]] = np.log1p(ordinal)
    f[:, col["log_length"]] = _z(np.log(np.maximum(length, 1.0)))

    codes = t.article_code[docs]
    _, first, inverse, counts = np.unique(codes, return_index=True, return_inverse=True,
                                          return_counts=True)
    f[first, col["first_in_article"]] = 1.0
    f[:, col["article_support"]] = np.log(counts[inverse])
    return Candidates(pos, pids, f)


@dataclass
class LearnedRanker:
    """A linear scoring of the candidate features; weights from ``rerank_weights.json``."""

    weights: np.ndarray
    names: tuple[str, ...] = FEATURES
    depth: int = DEPTH
    info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> LearnedRanker:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        by_name = dict(zip(data["features"], data["weights"], strict=True))
        unknown = set(by_name) - set(FEATURES)
        if unknown:
            raise ValueError(f"{path}: unknown features {sorted(unknown)}")
        w = np.array([float(by_name.get(name, 0.0)) for name in FEATURES])
        return cls(w, FEATURES, int(data.get("depth", DEPTH)), data)

    def score(self, x: np.ndarray) -> np.ndarray:
        return x @ self.weights if len(x) else np.zeros(0)

    def rerank(self, service: Any, found: Any, query: str, parsed: Any = None) -> Any:
        """Re-order the ``depth`` best passages of ``found`` by the model, in place: they stay
        above the rest of the set (their scores become the rest's best plus 1 plus the model's
        score above its lowest), so each article's shown passage and the article order change
        only within them. Returns ``found``."""
        if len(found.docs) < 2:
            return found
        cand = features(service, found, query, self.depth, parsed)
        return apply(found, cand, self.score(cand.features))


def apply(found: Any, cand: Candidates, learned: np.ndarray) -> Any:
    """Give ``cand``'s passages new scores in ``found`` from ``learned`` (above the rest)."""
    if not len(cand.positions):
        return found
    scores = np.array(found.scores, dtype=float)
    tiebreak = np.array(found.tiebreak, dtype=float)
    rest = np.ones(len(scores), dtype=bool)
    rest[cand.positions] = False
    floor = float(scores[rest].max()) if rest.any() else 0.0
    new = floor + 1.0 + (learned - learned.min())
    scores[cand.positions] = new
    tiebreak[cand.positions] = new
    found.scores, found.tiebreak = scores, tiebreak
    found._best = found._counts = None
    return found
