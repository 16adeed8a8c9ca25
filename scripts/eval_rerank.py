"""The learned re-ranker (``indexer/rerank.py``) against the fixed fusion, in one run.

    python scripts/eval_rerank.py [--data PATH] [--keep DIR] [--split tune|heldout|all]
                                  [--weights indexer/rerank_weights.json]
                                  [--cranfield ../shared/data/cranfield] [--cran-keep DIR]

QA: ``scripts/eval_qa.py``'s question set and definitions (its functions are imported: the
gold sentence, the target rule, passage hit@k on the shown passage, one per article, and
article recall@5). Each question's hybrid result set is built once; the fused page is what
``SearchService.search`` shows, then the same set is re-ranked by ``LearnedRanker.rerank`` and
paged again. ``--split`` defaults to ``tune``.

Cranfield (with ``--cranfield``): hybrid nDCG@10 and recall@100 with and without the
re-ranker, the documents fed as the files wrap them (``eval_retrieval``'s loader and metrics;
``--cran-keep DIR`` keeps/reuses the ingested folder). Cranfield has no quotes, so the speaker
and quote features are zero there.

The re-ranking cost (features + scoring + re-collapse, per query, on top of the result set) is
printed as mean and p95 milliseconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import eval_qa as qa  # noqa: E402
import numpy as np

from indexer.ask import escape_query  # noqa: E402
from indexer.keyword_index import QueryError  # noqa: E402
from indexer.rerank import WEIGHTS, LearnedRanker  # noqa: E402
from indexer.search import SearchService  # noqa: E402

RUNS = ("fused", "learned")


def shown(service: SearchService, found: Any, corpus: qa.Corpus | None, limit: int
          ) -> list[Any]:
    hits = service._hits(found.page(0, limit), found.terms, found.speaker_ids)
    if corpus is None:
        return hits
    return [qa.Shown(corpus.name_of.get(h.article_id, h.article_id), h.text) for h in hits]


def both(service: SearchService, ranker: LearnedRanker, query: str, corpus: qa.Corpus | None,
         limit: int, costs: list[float]) -> dict[str, list[Any]]:
    """The fused page and the re-ranked page of one result set."""
    found = service.result_set(query, "hybrid")
    out = {"fused": shown(service, found, corpus, limit)}
    t0 = time.perf_counter()
    ranker.rerank(service, found, query)
    found.total  # noqa: B018 - the re-collapse is part of the cost
    costs.append(time.perf_counter() - t0)
    out["learned"] = shown(service, found, corpus, limit)
    return out


def qa_part(args: argparse.Namespace, ranker: LearnedRanker) -> list[dict[str, Any]]:
    root = qa.polnear_root(args.data)
    items = [i for i in qa.load_items(root) if args.split == "all" or i.split == args.split]
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="qa-")) / "data"
    print(f"data folder {data_dir}: {json.dumps(qa.build(root, data_dir))}")
    corpus = qa.load_corpus(data_dir)
    targets = {i.id: qa.target_of(i, corpus)[0] for i in items}
    costs: list[float] = []
    results = []
    service = SearchService.open(data_dir)
    try:
        for item in items:
            try:
                runs = both(service, ranker, item.query, corpus, 10, costs)
            except QueryError as exc:
                print(f"QueryError for {item.id} {item.query!r}: {exc}")
                runs = {r: [] for r in RUNS}
            results.append({
                "id": item.id, "form": item.form, "split": item.split,
                **{r: {"hit": qa.hit_rank(runs[r], targets[item.id]),
                       "article": qa.article_rank(runs[r], item, corpus)} for r in RUNS}})
    finally:
        service.close()
    print(f"\nQA {args.split} split, {len(items)} questions; re-rank cost per query: "
          f"{cost_line(costs)}")
    print(f"  {'form':<8} {'n':>4}  {'hit@1 fused':>11} {'learned':>8}  {'hit@3 fused':>11} "
          f"{'learned':>8}  {'R@5 fused':>9} {'learned':>8}")
    for form in (*qa.FORMS, "all"):
        sel = [r for r in results if form == "all" or r["form"] == form]
        if not sel:
            continue
        m = {r: (qa.rate([x[r]["hit"] for x in sel], 1), qa.rate([x[r]["hit"] for x in sel], 3),
                 qa.rate([x[r]["article"] for x in sel], 5)) for r in RUNS}
        print(f"  {form:<8} {len(sel):>4}  {qa.fmt(m['fused'][0]):>11} {qa.fmt(m['learned'][0]):>8}"
              f"  {qa.fmt(m['fused'][1]):>11} {qa.fmt(m['learned'][1]):>8}"
              f"  {qa.fmt(m['fused'][2]):>9} {qa.fmt(m['learned'][2]):>8}")
    changed = [r["id"] for r in results if r["fused"]["hit"] != r["learned"]["hit"]]
    better = sum(1 for r in results if (r["learned"]["hit"] or 99) < (r["fused"]["hit"] or 99))
    print(f"  questions whose hit rank changed: {len(changed)} ({better} better, "
          f"{len(changed) - better} worse)")
    return results


def cranfield_part(args: argparse.Namespace, ranker: LearnedRanker) -> None:
    import eval_retrieval as er

    from indexer.ingest import ingest

    docs, queries, qrels = er.load_collection(args.cranfield)
    data_dir = args.cran_keep or Path(tempfile.mkdtemp()) / "data"
    if not (data_dir / "store.sqlite3").exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        jsonl = data_dir.parent / "cranfield.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"id": d["I"], "title": d.get("T", "") or f"doc {d['I']}",
                                     "text": d.get("W_lines", "") or d.get("T", ""),
                                     "url": f"cranfield:{d['I']}"}) + "\n")
        ingest([str(jsonl)], data_dir, quotes=False)
    runs: dict[str, dict[int, list[str]]] = {r: {} for r in RUNS}
    costs: list[float] = []
    service = SearchService.open(data_dir)
    try:
        for qid, text in queries:
            pages = both(service, ranker, escape_query(text), None, 100, costs)
            for r in RUNS:
                runs[r][qid] = [h.url.split(":", 1)[1] for h in pages[r] if h.url]
    finally:
        service.close()
    print(f"\nCranfield ({len(docs)} docs as the files wrap them, {len(queries)} queries), "
          f"hybrid; re-rank cost per query: {cost_line(costs)}")
    print(f"  {'run':<10} {'nDCG@10':>8} {'R@100':>8}")
    for r in RUNS:
        ndcg, recall = er.score(runs[r], qrels)
        print(f"  {r:<10} {ndcg:8.3f} {recall:8.3f}")


def cost_line(costs: list[float]) -> str:
    if not costs:
        return "–"
    ms = np.array(costs) * 1000
    return f"mean {ms.mean():.1f} ms, p95 {np.percentile(ms, 95):.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=qa.DEFAULT_DATA)
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the OnRecord data folder here")
    ap.add_argument("--split", choices=("tune", "heldout", "all"), default="tune")
    ap.add_argument("--weights", type=Path, default=WEIGHTS)
    ap.add_argument("--cranfield", type=Path, help="the Cranfield folder (cran.all.1400 …)")
    ap.add_argument("--cran-keep", type=Path, help="keep (and reuse) Cranfield's data folder")
    ap.add_argument("--no-qa", action="store_true", help="Cranfield only")
    args = ap.parse_args()
    ranker = LearnedRanker.load(args.weights)
    print(f"weights {args.weights}: depth {ranker.depth}; " + ", ".join(
        f"{n} {w:+.3f}" for n, w in zip(ranker.names, ranker.weights, strict=True)))
    if not args.no_qa:
        qa_part(args, ranker)
    if args.cranfield:
        cranfield_part(args, ranker)
    return 0


if __name__ == "__main__":
    sys.exit(main())
