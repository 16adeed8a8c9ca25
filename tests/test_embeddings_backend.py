"""ONNX Runtime backends of the Embedder with the real packaged MiniLM and a real export."""

from __future__ import annotations

import socket

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from indexer.embeddings import (  # noqa: E402
    Embedder,
    EmbedderError,
    load_embedder,
    numerics_of,
    resolve_backend,
    resolve_precision,
)

TEXTS = [
    "Officers should not fire at moving cars.",
    "Vote.",
    "",
    "The senator announced a $4.9 million federal contract for a Virginia Beach company that "
    "will refit the kitchen, replace the vent hoods, ceiling tiles and roof membrane. " * 12,
    "Police policy on shooting at vehicles.",
    "The senate passed a farm bill.",
]


def refuse(*args, **kwargs):
    raise OSError("network access attempted")


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def embedders(cache):
    """torch, onnx and onnx-int8 embedders; the ONNX ones exported while sockets refuse."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", refuse)
        mp.setattr(socket, "create_connection", refuse)
        # float32 named: on an AMX CPU the automatic precision of torch is bfloat16
        return {b: Embedder(backend=b, precision="float32", cache_dir=cache)
                for b in ("torch", "onnx", "onnx-int8")}


def test_export_is_cached_as_one_file_per_numerics(embedders, cache):
    files = sorted(p.name for p in cache.iterdir() if p.suffix == ".onnx")
    assert len(files) == 2
    assert files[0].endswith("-float32.onnx") and files[1].endswith("-int8.onnx")
    assert files[0].split("-")[0] == files[1].split("-")[0]  # one fingerprint
    assert embedders["onnx"].onnx_path.name == files[0]
    assert embedders["onnx-int8"].onnx_path.name == files[1]
    assert not [p for p in cache.iterdir() if p.name.startswith(".export-")]


def test_reloading_reuses_the_cached_file(embedders, cache):
    path = embedders["onnx"].onnx_path
    written = path.stat().st_mtime_ns
    again = Embedder(backend="onnx", cache_dir=cache)
    assert again.onnx_path == path and path.stat().st_mtime_ns == written
    np.testing.assert_allclose(again.encode(TEXTS[:2]), embedders["onnx"].encode(TEXTS[:2]),
                               atol=1e-6)


def test_onnx_float32_matches_torch(embedders):
    torch_rows, onnx_rows = embedders["torch"].encode(TEXTS), embedders["onnx"].encode(TEXTS)
    assert onnx_rows.shape == (len(TEXTS), 384) and onnx_rows.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(onnx_rows, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(onnx_rows, torch_rows, atol=1e-4)
    for text, row in zip(TEXTS, torch_rows, strict=True):  # unpadded batches of one
        np.testing.assert_allclose(embedders["onnx"].encode([text])[0], row, atol=1e-4)


def test_onnx_queries_use_the_same_model_as_passages(embedders):
    onnx = embedders["onnx"]
    assert onnx.query_threads != onnx.threads or onnx.threads == 1
    for text, row in zip(TEXTS, onnx.encode(TEXTS), strict=True):
        assert onnx.encode_query(text).shape == (384,)
        np.testing.assert_allclose(onnx.encode_query(text), row, atol=1e-5)


def test_int8_stays_close_and_keeps_meaning(embedders):
    full, low = embedders["torch"].encode(TEXTS), embedders["onnx-int8"].encode(TEXTS)
    cosines = np.sum(full * low, axis=1)
    assert cosines.min() > 0.97
    assert cosines.max() < 0.99999  # really quantised, not the float32 file
    anchor, paraphrase, unrelated = embedders["onnx-int8"].encode(
        ["officers should not fire at moving cars", "police policy on shooting at vehicles",
         "the senate passed a farm bill"])
    assert anchor @ paraphrase > anchor @ unrelated + 0.1


def test_numerics_tell_interchangeable_vectors_apart(embedders):
    assert embedders["torch"].numerics == embedders["onnx"].numerics == "float32"
    assert embedders["onnx-int8"].numerics == "int8"
    assert numerics_of("torch", "bfloat16") == "bfloat16"


def test_backend_choice():
    assert resolve_precision("auto", "onnx") == "float32"  # whatever the CPU: ONNX is float32
    assert resolve_backend("auto", "float32") == "onnx"
    assert resolve_backend("auto", "bfloat16") == "torch"
    assert resolve_backend("onnx-int8", "float32") == "onnx-int8"
    with pytest.raises(ValueError, match="bfloat16"):
        resolve_backend("onnx", "bfloat16")
    with pytest.raises(ValueError, match="backend"):
        resolve_backend("tensorrt", "float32")


def test_a_corrupt_cached_file_is_exported_again(embedders, tmp_path):
    good = embedders["onnx"].onnx_path
    (tmp_path / good.name).write_bytes(b"not an onnx model")
    repaired = Embedder(backend="onnx", cache_dir=tmp_path)
    assert repaired.onnx_path == tmp_path / good.name
    assert repaired.onnx_path.stat().st_size > 1_000_000
    np.testing.assert_allclose(repaired.encode(TEXTS[:3]), embedders["torch"].encode(TEXTS[:3]),
                               atol=1e-4)


def test_unusable_cache_is_one_line_error_or_torch_fallback(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the cache folder should be")
    with pytest.raises(EmbedderError, match="cannot export embedding model") as caught:
        Embedder(backend="onnx", cache_dir=blocked)
    assert "\n" not in str(caught.value)
    fallback = Embedder(backend="auto", precision="float32", cache_dir=blocked)
    assert fallback.backend == "torch" and fallback.numerics == "float32"
    assert fallback.encode(["still works"]).shape == (1, 384)


def test_load_embedder_shares_one_embedder_per_choice(cache):
    first = load_embedder(None, "float32", "onnx", cache)
    assert load_embedder(None, "float32", "onnx", cache) is first
    assert first.backend == "onnx" and first.onnx_path.parent == cache
    assert load_embedder(None, "float32", "torch", cache) is not first
