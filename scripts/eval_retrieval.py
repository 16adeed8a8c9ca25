"""Retrieval quality on Cranfield: nDCG@10 and recall@100 per search mode, next to plain baselines.

The collection goes through the project's own JSONL ingest and search service (hybrid is
printed with and without its pseudo-relevance feedback). Each document's text is fed as the
file gives it, hard-wrapped lines and all, so the normaliser's reflow is part of what is measured
(``--unwrapped`` feeds it with its lines joined instead, as before). In the same run
plain Whoosh BM25F (title+body), plain MiniLM cosine and their RRF are measured on the same
documents and queries.

    python scripts/eval_retrieval.py [--data ../shared/data/cranfield] [--keep DIR] [--unwrapped]
        [--engine milvus]

``--engine milvus`` runs every mode a second time on a copy of the data folder whose keyword
index is moved to Milvus (``reindex --engine milvus``: the same store and vectors), printed as
``milvus <mode>`` beside the embedded engine's rows.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from pathlib import Path

from indexer.ask import escape_query  # noqa: E402
from indexer.fusion import reciprocal_rank_fusion  # noqa: E402
from indexer.ingest import ingest  # noqa: E402
from indexer.search import SearchService  # noqa: E402

GAIN = {1: 4, 2: 3, 3: 2, 4: 1, -1: 0}


def parse_fields(text: str) -> list[dict[str, str]]:
    """Records of a Cranfield file: ``.I n`` starts a record, ``.X`` lines start fields.

    Each field is given twice: ``X`` with its lines joined by single spaces, and ``X_lines``
    as the file writes it (line breaks and indentation kept, trailing spaces dropped).
    """
    records: list[dict[str, list[str]]] = []
    field = None
    for line in text.splitlines():
        m = re.match(r"^\.([A-Z])(?:\s+(.*))?$", line)
        if m and m.group(1) == "I":
            records.append({"I": [m.group(2).strip()]})
            field = None
        elif m:
            field = m.group(1)
            records[-1][field] = []
        elif field and records:
            records[-1][field].append(line.rstrip())
    out = []
    for r in records:
        rec = {k: " ".join(" ".join(v).split()) for k, v in r.items()}
        rec.update({f"{k}_lines": "\n".join(v).strip("\n") for k, v in r.items() if k != "I"})
        out.append(rec)
    return out


def load_collection(folder: Path):
    docs = parse_fields((folder / "cran.all.1400").read_text(encoding="utf-8", errors="replace"))
    queries = parse_fields((folder / "cran.qry").read_text(encoding="utf-8", errors="replace"))
    qrels: dict[int, dict[str, int]] = {}
    for line in (folder / "cranqrel").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3:
            q, d, g = int(parts[0]), parts[1], int(parts[2])
            qrels.setdefault(q, {})[d] = GAIN.get(g, 0)
    # queries are numbered with gaps: judgments use their position 1..225
    return docs, [(i, q["W"]) for i, q in enumerate(queries, 1)], qrels


def ndcg_at(ranked: list[str], gains: dict[str, int], k: int = 10) -> float:
    dcg = sum(gains.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], gains: dict[str, int], k: int = 100) -> float:
    relevant = {d for d, g in gains.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def score(runs: dict[int, list[str]], qrels: dict[int, dict[str, int]]) -> tuple[float, float]:
    qs = [q for q in runs if q in qrels]
    return (sum(ndcg_at(runs[q], qrels[q]) for q in qs) / len(qs),
            sum(recall_at(runs[q], qrels[q]) for q in qs) / len(qs))


def plain_runs(docs, queries) -> dict[str, dict[int, list[str]]]:
    """Plain Whoosh BM25F over title+body and plain MiniLM cosine, no project code."""
    import numpy as np
    from sentence_transformers import SentenceTransformer
    from whoosh import index, scoring
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser, OrGroup

    from indexer.embeddings import default_model_path

    tmp = tempfile.mkdtemp()
    schema = Schema(id=ID(stored=True), title=TEXT(analyzer=StemmingAnalyzer()),
                    body=TEXT(analyzer=StemmingAnalyzer()))
    ix = index.create_in(tmp, schema)
    w = ix.writer()
    for d in docs:
        w.add_document(id=d["I"], title=d.get("T", ""), body=d.get("W", ""))
    w.commit()
    parser = MultifieldParser(["title", "body"], schema, group=OrGroup)
    keyword: dict[int, list[str]] = {}
    with ix.searcher(weighting=scoring.BM25F()) as s:
        for qid, text in queries:
            keyword[qid] = [h["id"] for h in s.search(parser.parse(escape_query(text)), limit=100)]
    model = SentenceTransformer(default_model_path(), device="cpu", local_files_only=True)
    dvec = model.encode([f"{d.get('T', '')}. {d.get('W', '')}" for d in docs], batch_size=32,
                        normalize_embeddings=True)
    qvec = model.encode([t for _, t in queries], normalize_embeddings=True)
    ids = [d["I"] for d in docs]
    semantic = {}
    for (qid, _), qv in zip(queries, qvec, strict=True):
        order = np.argsort(-(dvec @ qv))[:100]
        semantic[qid] = [ids[i] for i in order]
    rrf = {qid: [i for i, _, _ in reciprocal_rank_fusion(
        {"k": keyword[qid], "s": semantic[qid]})][:100] for qid, _ in queries}
    return {"plain whoosh bm25f": keyword, "plain minilm cosine": semantic, "plain rrf(k=60)": rrf}


def project_runs(docs, queries, data_dir: Path, wrapped: bool = True, engine: str = "whoosh"
                 ) -> tuple[dict[str, dict[int, list[str]]], dict]:
    """The project's modes over the collection; ``wrapped``: each text as the file wraps it;
    ``engine`` other than whoosh: the same modes again on a copy moved to that engine."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    jsonl = data_dir.parent / "cranfield.jsonl"
    body = "W_lines" if wrapped else "W"
    with jsonl.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"id": d["I"], "title": d.get("T", "") or f"doc {d['I']}",
                                 "text": d.get(body, "") or d.get("T", ""),
                                 "url": f"cranfield:{d['I']}"}) + "\n")
    t0 = time.perf_counter()
    report = ingest([str(jsonl)], data_dir, quotes=False)
    ingest_s = time.perf_counter() - t0
    runs = mode_runs(data_dir, queries)
    info = {"ingest_s": ingest_s, "report": report.to_dict()}
    if engine != "whoosh":
        from indexer.engines import copy_on

        other = data_dir.parent / f"{data_dir.name}-{engine}"
        if not other.exists():
            t0 = time.perf_counter()
            copy_on(data_dir, other, engine)
            info["reindex_s"] = time.perf_counter() - t0
        runs.update(mode_runs(other, queries, f"{engine} ", RUNS[:3]))
    return runs, info


RUNS = (("keyword", "keyword", True), ("semantic", "semantic", True), ("hybrid", "hybrid", True),
        ("hybrid, no feedback", "hybrid", False))  # (name, mode, pseudo-relevance feedback)


def mode_runs(data_dir: Path, queries, label: str = "", which=RUNS
              ) -> dict[str, dict[int, list[str]]]:
    """Each run's ranked document ids per query over an ingested data folder."""
    service = SearchService.open(data_dir)
    runs: dict[str, dict[int, list[str]]] = {}
    try:
        for name, mode, feedback in which:
            service.feedback = feedback
            runs[label + name] = run = {}
            for qid, text in queries:
                result = service.search(escape_query(text), mode=mode, limit=100)
                run[qid] = [h.url.split(":", 1)[1] for h in result.hits if h.url]
    finally:
        service.close()
    return runs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "cranfield"
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--keep", type=Path, help="keep the OnRecord data folder here")
    ap.add_argument("--engine", choices=("whoosh", "milvus"), default="whoosh",
                    help="milvus: also run every mode on a copy of the data folder moved to "
                         "Milvus (reindex, vectors kept), printed beside the embedded engine")
    ap.add_argument("--unwrapped", action="store_true",
                    help="feed each text with its lines joined (default: as the file wraps it)")
    args = ap.parse_args()
    if not (args.data / "cran.all.1400").exists():
        print(f"eval_retrieval: no Cranfield collection at {args.data}", file=sys.stderr)
        return 2
    docs, queries, qrels = load_collection(args.data)
    data_dir = args.keep or Path(tempfile.mkdtemp()) / "data"
    runs, info = project_runs(docs, queries, data_dir, wrapped=not args.unwrapped,
                              engine=args.engine)
    rep = info["report"]
    layout = "lines joined (--unwrapped)" if args.unwrapped else "hard-wrapped, as in the file"
    print(f"Cranfield: {len(docs)} docs ({layout}), {len(queries)} queries; "
          f"ingest {info['ingest_s']:.1f} s "
          f"({rep['added']} added, {rep['duplicates']} linked as duplicates, "
          f"{len(rep['skipped'])} skipped)")
    runs.update(plain_runs(docs, queries))
    print(f"{'run':<22} {'nDCG@10':>8} {'R@100':>8}")
    for name, run in runs.items():
        ndcg, recall = score(run, qrels)
        print(f"{name:<22} {ndcg:8.3f} {recall:8.3f}")
    if args.engine != "whoosh":
        for mode in ("keyword", "semantic", "hybrid"):
            delta = score(runs[f"{args.engine} {mode}"], qrels)[0] - score(runs[mode], qrels)[0]
            print(f"{args.engine} {mode} - embedded {mode}: nDCG@10 {delta:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
