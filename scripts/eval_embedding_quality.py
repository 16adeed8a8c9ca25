"""Semantic retrieval quality per embedding backend on Cranfield: nDCG@10 next to float32.

Each Cranfield document (title, a blank line, abstract) and query is embedded with plain
``SentenceTransformer.encode`` in float32 (the reference) and with our ``Embedder`` for each
backend; documents are ranked by plain cosine. Prints nDCG@10 and recall@100 per backend, the
difference from the reference, the mean and minimum cosine of each backend's document vectors to
the reference's, and whether the difference is within ``--tolerance``. Speed is not measured
here (runs one after another on a shared machine say little): see ``scripts/bench_embed.py``.

    python scripts/eval_embedding_quality.py [--data ../shared/data/cranfield]
        [--backends torch,onnx,onnx-int8] [--cache DIR] [--tolerance 0.005] [--bf16]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

import numpy as np  # noqa: E402
from eval_retrieval import load_collection, score  # noqa: E402

from indexer.embeddings import (  # noqa: E402
    BACKENDS,
    Embedder,
    default_cache_dir,
    default_model_path,
    load_sentence_transformer,
    onnx_available,
)

DEPTH = 100
REFERENCE = "plain ST float32"


def document_text(doc: dict[str, str]) -> str:
    """What is embedded for a Cranfield document: its title, a blank line, its abstract."""
    return f"{doc.get('T', '')}\n\n{doc.get('W', '')}".strip()


def cosine_runs(doc_ids: list[str], doc_vectors: np.ndarray, queries: list[tuple[int, str]],
                query_vectors: np.ndarray) -> dict[int, list[str]]:
    """The top ``DEPTH`` document ids of each query by cosine of unit vectors."""
    scores = query_vectors @ doc_vectors.T
    top = np.argsort(-scores, axis=1, kind="stable")[:, :DEPTH]
    return {qid: [doc_ids[i] for i in row] for (qid, _), row in zip(queries, top, strict=True)}


def encoders(backends: list[str], cache: Path, bf16: bool = False
             ) -> dict[str, Callable[[list[str]], np.ndarray]]:
    """The reference encoder, one per backend and (``bf16``) torch bfloat16, each mapping texts
    to unit vectors."""
    plain = load_sentence_transformer(default_model_path(), "float32")
    found = {REFERENCE: lambda texts: plain.encode(texts, batch_size=32,
                                                   normalize_embeddings=True)}
    for backend in backends:
        found[f"Embedder {backend}"] = Embedder(precision="float32", backend=backend,
                                                cache_dir=cache).encode
    if bf16:
        found["Embedder torch bf16"] = Embedder(precision="bfloat16", backend="torch").encode
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "cranfield")
    default_backends = [b for b in BACKENDS[1:] if b == "torch" or onnx_available()]
    parser.add_argument("--backends", default=",".join(default_backends),
                        help="comma-separated Embedder backends to compare")
    parser.add_argument("--cache", type=Path, default=default_cache_dir(),
                        help="folder for the ONNX exports (made once, then reused)")
    parser.add_argument("--tolerance", type=float, default=0.005,
                        help="largest nDCG@10 loss against the reference that still holds quality")
    parser.add_argument("--bf16", action="store_true", help="also score torch bfloat16")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = [b for b in backends if b not in BACKENDS]
    if unknown:
        print(f"--backends: unknown {', '.join(unknown)} (choose from {', '.join(BACKENDS)})",
              file=sys.stderr)
        return 2
    if not (args.data / "cran.all.1400").is_file():
        print(f"eval_embedding_quality: no Cranfield collection at {args.data}", file=sys.stderr)
        return 2
    docs, queries, qrels = load_collection(args.data)
    doc_ids, texts = [d["I"] for d in docs], [document_text(d) for d in docs]
    print(f"Cranfield: {len(docs)} docs, {len(queries)} queries; plain cosine over whole docs")
    print(f"{'run':<22} {'nDCG@10':>8} {'delta':>8} {'R@100':>7} {'doc cos mean':>13} "
          f"{'min':>7}  holds")
    reference: tuple[float, np.ndarray] | None = None
    for name, encode in encoders(backends, args.cache, args.bf16).items():
        doc_vectors = np.asarray(encode(texts), dtype=np.float32)
        query_vectors = np.asarray(encode([text for _, text in queries]), dtype=np.float32)
        ndcg, recall = score(cosine_runs(doc_ids, doc_vectors, queries, query_vectors), qrels)
        reference = reference or (ndcg, doc_vectors)
        delta, cosines = ndcg - reference[0], np.sum(doc_vectors * reference[1], axis=1)
        holds = "yes" if delta >= -args.tolerance else "NO"
        print(f"{name:<22} {ndcg:8.4f} {delta:+8.4f} {recall:7.3f} {cosines.mean():13.4f} "
              f"{cosines.min():7.4f}  {holds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
