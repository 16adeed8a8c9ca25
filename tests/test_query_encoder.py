"""The torch-free query encoder: the real packaged MiniLM exported to ONNX, read back through
its manifest, giving the vectors the full embedder gives, in a process that never loads torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from indexer.embeddings import Embedder  # noqa: E402
from indexer.query_encoder import (  # noqa: E402
    QueryEncoder,
    load_query_encoder,
    manifest_path,
    read_manifest,
)

TEXTS = ["Officers should not fire at moving cars.", "Vote.",
         "The senator announced a federal contract for a shipyard. " * 40]
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """(cache folder, the full ONNX embedder whose export wrote the manifest there)."""
    cache = tmp_path_factory.mktemp("query-cache")
    return cache, Embedder(backend="onnx", cache_dir=cache)


def test_export_writes_a_manifest_the_encoder_reads(exported):
    cache, embedder = exported
    manifest = read_manifest(embedder.model_name, cache)
    assert manifest is not None
    assert manifest["identity"] == embedder.identity and manifest["dim"] == embedder.dim
    encoder = load_query_encoder(embedder.model_name, cache)
    assert isinstance(encoder, QueryEncoder) and encoder.identity == embedder.identity


def test_query_vectors_equal_the_full_embedders(exported):
    cache, embedder = exported
    encoder = load_query_encoder(embedder.model_name, cache)
    assert np.allclose(encoder.encode(TEXTS), embedder.encode(TEXTS), atol=1e-5)
    for text in TEXTS:
        assert np.allclose(encoder.encode_query(text), embedder.encode_query(text), atol=1e-5)


def test_no_manifest_means_no_encoder(exported, tmp_path):
    _, embedder = exported
    assert load_query_encoder(embedder.model_name, tmp_path) is None


def test_a_manifest_whose_file_is_gone_is_ignored(exported, tmp_path):
    cache, embedder = exported
    data = json.loads(manifest_path(embedder.model_name, cache).read_text())
    data["onnx"] = "missing.onnx"
    manifest_path(embedder.model_name, tmp_path).write_text(json.dumps(data))
    assert read_manifest(embedder.model_name, tmp_path) is None


def test_a_search_encodes_its_query_without_torch(exported, tmp_path):
    """A fresh process searches semantically through the cached export: torch and
    sentence-transformers are never imported."""
    cache, _ = exported
    data = tmp_path / "data"
    ingest = (f"from indexer.ingest import ingest; from indexer.embeddings import load_embedder;"
              f"load_embedder.cache_clear();"
              f"ingest([{str(REPO / 'corpus')!r}], __import__('pathlib').Path({str(data)!r}))")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent / "xdg")}
    xdg = Path(env["XDG_CACHE_HOME"]) / "onrecord" / "onnx"
    xdg.mkdir(parents=True, exist_ok=True)
    for path in cache.iterdir():  # the export above, where the default cache folder looks
        if path.is_file():
            (xdg / path.name).write_bytes(path.read_bytes())
    subprocess.run([sys.executable, "-c", ingest], check=True, env=env, cwd=REPO)
    probe = ("import sys; from pathlib import Path; from indexer.search import SearchService;"
             f"s = SearchService.open(Path({str(data)!r}));"
             "r = s.search('officers firing at a moving car', mode='hybrid');"
             "print(r.total > 0, [m for m in ('torch', 'sentence_transformers') "
             "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], check=True, env=env, cwd=REPO,
                         capture_output=True, text=True).stdout.split("\n")[-2]
    assert out == "True []"


def test_the_read_path_imports_no_nlp_stack():
    """Importing the search service, the CLI and the web app loads neither spaCy, torch,
    sentence-transformers nor ONNX Runtime: those load when extracting or on the first query."""
    probe = ("import sys, indexer.search, indexer.cli, indexer.ask, webapp.app;"
             "print(sorted(m for m in ('spacy', 'thinc', 'torch', 'sentence_transformers', "
             "'transformers', 'onnxruntime') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], check=True, cwd=REPO,
                         capture_output=True, text=True).stdout.strip()
    assert out == "[]"
