"""Query-time encoding without torch: the exported ONNX model run by ONNX Runtime over the
model's own fast tokenizer.

Searching embeds one query (ask: a few dozen sentences), which needs neither torch nor
sentence-transformers once the model has been exported (``indexer.embeddings``): the export
writes a small manifest beside the ONNX file, keyed by the model folder and its weight files,
recording the file, the vector size, the maximum sequence length and the model identity that
vector indexes check. ``load_query_encoder`` reads it; without one (the model was never
exported here) callers fall back to the full ``Embedder``, whose export writes it for next time.
``python -m indexer.query_encoder`` exports and writes it ahead of the first query (the set-up
script runs it).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

MANIFEST_VERSION = 1
BATCH = 8  # texts per ONNX run when encoding several (ask's answer sentences)
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "tokenizer.json", "config.json")


def manifest_path(model_dir: str | Path, cache_dir: Path) -> Path:
    """Where the manifest of ``model_dir``'s export lives: named by the folder, its weight and
    tokenizer files (size and modification time) and the export recipe, so changed weights or a
    new recipe never reuse an old export."""
    from indexer.embeddings import ONNX_RECIPE

    folder = Path(model_dir).resolve()
    digest = hashlib.sha256(f"{MANIFEST_VERSION}|{ONNX_RECIPE}|{folder}".encode())
    for name in _WEIGHT_FILES:
        path = folder / name
        if path.is_file():
            stat = path.stat()
            digest.update(f"|{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return cache_dir / f"query-{digest.hexdigest()[:20]}.json"


def write_manifest(model_dir: str | Path, cache_dir: Path, onnx_path: Path, identity: str,
                   dim: int, max_tokens: int) -> Path:
    """Record a float32 export for query-time loading (written atomically)."""
    path = manifest_path(model_dir, cache_dir)
    data = {"version": MANIFEST_VERSION, "model": str(Path(model_dir).resolve()),
            "onnx": onnx_path.name, "identity": identity, "dim": dim,
            "max_tokens": max_tokens, "numerics": "float32"}
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_manifest(model_dir: str | Path, cache_dir: Path) -> dict[str, Any] | None:
    """The manifest of ``model_dir``'s export when it and its ONNX file are present."""
    path = manifest_path(model_dir, cache_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != MANIFEST_VERSION or not (cache_dir / data.get("onnx", "")).is_file():
        return None
    return data


class QueryEncoder:
    """Encodes queries into unit vectors with the exported ONNX model; the session and the
    tokenizer load on the first query (the same interface as ``Embedder`` for reading)."""

    backend = "onnx"

    def __init__(self, manifest: dict[str, Any], cache_dir: Path, threads: int = 1) -> None:
        self.model_name: str = manifest["model"]
        self.identity: str = manifest["identity"]
        self.dim: int = int(manifest["dim"])
        self.max_tokens: int = int(manifest["max_tokens"])
        self.numerics: str = manifest["numerics"]
        self.onnx_path = cache_dir / manifest["onnx"]
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                from tokenizers import Tokenizer

                from indexer.embeddings import onnx_session

                tokenizer = Tokenizer.from_file(str(Path(self.model_name) / "tokenizer.json"))
                tokenizer.enable_truncation(max_length=self.max_tokens)
                tokenizer.no_padding()
                self._tokenizer = tokenizer
                self._session = onnx_session(self.onnx_path, self.threads)
        return self._session, self._tokenizer

    def _run(self, texts: list[str]) -> np.ndarray:
        session, tokenizer = self._load()
        encodings = tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        types = np.zeros((len(texts), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, :len(enc.ids)] = enc.ids
            mask[row, :len(enc.ids)] = enc.attention_mask
            types[row, :len(enc.ids)] = enc.type_ids
        given = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        feeds = {i.name: given[i.name] for i in session.get_inputs()}
        rows = session.run(None, feeds)[0].astype(np.float32)
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as an (n, dim) float32 array of unit vectors, rows in input order."""
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; use encode_query for one text")
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths share a run
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            out[batch] = self._run([texts[i] for i in batch])
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query as a (dim,) float32 unit vector."""
        return self._run([text])[0]


def load_query_encoder(model: str | None = None, cache_dir: str | Path | None = None
                       ) -> QueryEncoder | None:
    """A torch-free encoder for ``model`` (default: the packaged MiniLM) when its export is
    cached, else None."""
    from indexer.embeddings import default_cache_dir, default_model_path

    folder = Path(cache_dir) if cache_dir else default_cache_dir()
    manifest = read_manifest(model or default_model_path(), folder)
    return QueryEncoder(manifest, folder) if manifest is not None else None


def reading_encoder(model: str | None = None) -> Any:
    """The encoder a reader (search, ask) uses: the torch-free one when the model's export is
    cached, else the full embedder (which exports it, so the next start is light)."""
    encoder = load_query_encoder(model)
    if encoder is not None:
        return encoder
    from indexer.embeddings import load_embedder

    return load_embedder(model)


def main() -> int:
    """Export the packaged model to ONNX and record it for query-time loading."""
    from indexer.embeddings import EmbedderError, load_embedder

    ready = load_query_encoder()
    if ready is not None:
        print(f"query encoder ready: {ready.onnx_path}")
        return 0
    try:  # float32 ONNX whatever this CPU's ingest default is (bfloat16 on AMX runs torch)
        embedder = load_embedder(precision="float32", backend="onnx")
    except EmbedderError as exc:
        print(f"error: {exc}")
        return 1
    encoder = load_query_encoder()
    if encoder is None:
        print(f"no ONNX export for {embedder.model_name} (backend {embedder.backend})")
        return 1
    print(f"query encoder ready: {encoder.onnx_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
