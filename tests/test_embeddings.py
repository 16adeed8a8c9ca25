"""Embedder with the real packaged MiniLM model: offline loading, order, normalisation, meaning."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from indexer.embeddings import (
    Embedder,
    EmbedderError,
    cpu_has_amx,
    default_model_path,
    length_sorted_batches,
    resolve_precision,
    torch_threads,
)

TEXTS = [
    "Officers should not fire at moving cars.",
    "The senator announced a $4.9 million federal contract for a Virginia Beach company that "
    "will refit the kitchen, replace the vent hoods, ceiling tiles and roof membrane of the "
    "training centre, and install new windows in the vegetable preparation room.",
    "Vote.",
    "Police policy on shooting at vehicles.",
    "The senate passed a farm bill.",
]


def refuse(*args, **kwargs):
    raise OSError("network access attempted")


def block_network(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(socket.socket, "connect", refuse)
    mp.setattr(socket.socket, "connect_ex", refuse)
    mp.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def embedder():
    """The default model, loaded while every outgoing connection raises."""
    with pytest.MonkeyPatch.context() as mp:
        block_network(mp)
        yield Embedder()


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_default_model_is_the_packaged_minilm():
    path = Path(default_model_path())
    assert (path / "model.safetensors").is_file()
    assert (path / "modules.json").is_file()


def test_loads_and_encodes_with_sockets_blocked(embedder, monkeypatch):
    block_network(monkeypatch)
    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("127.0.0.1", 9))
    vectors = embedder.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    assert embedder.encode_query("a question").shape == (384,)


def test_encode_returns_unit_float32_rows(embedder):
    vectors = embedder.encode(TEXTS)
    assert embedder.dim == 384
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_rows_follow_input_order_despite_length_sorting(embedder):
    together = embedder.encode(TEXTS)
    for text, row in zip(TEXTS, together, strict=True):
        alone = embedder.encode_query(text)
        assert cosine(alone, row) > 0.999
    reversed_rows = embedder.encode(TEXTS[::-1])
    np.testing.assert_allclose(reversed_rows[::-1], together, atol=1e-5)


def test_duplicates_and_empty_input(embedder):
    vectors = embedder.encode(["same text", "other text", "same text"])
    np.testing.assert_array_equal(vectors[0], vectors[2])
    assert cosine(vectors[0], vectors[1]) < 0.99
    assert embedder.encode([]).shape == (0, 384)
    with pytest.raises(TypeError):
        embedder.encode("a bare string")


def test_paraphrase_is_nearer_than_unrelated_sentence(embedder):
    anchor, paraphrase, unrelated = embedder.encode(
        [
            "officers should not fire at moving cars",
            "police policy on shooting at vehicles",
            "the senate passed a farm bill",
        ]
    )
    assert anchor @ paraphrase > anchor @ unrelated + 0.1


def test_bfloat16_option_stays_close_to_float32(embedder):
    bf16 = Embedder(precision="bfloat16")
    assert bf16.precision == "bfloat16"
    low, full = bf16.encode(TEXTS[:3]), embedder.encode(TEXTS[:3])
    assert low.dtype == np.float32
    assert min(cosine(a, b) for a, b in zip(low, full, strict=True)) >= 0.99


def test_precision_choice():
    assert resolve_precision("auto") == ("bfloat16" if cpu_has_amx() else "float32")
    assert resolve_precision("float32") == "float32"
    with pytest.raises(ValueError, match="precision"):
        resolve_precision("float8")


def test_missing_model_is_a_one_line_error(tmp_path, monkeypatch):
    block_network(monkeypatch)
    with pytest.raises(EmbedderError, match="cannot load embedding model") as caught:
        Embedder(model=str(tmp_path / "no-such-model"))
    assert "\n" not in str(caught.value)


def test_length_sorted_batches_cover_every_position_once():
    batches = length_sorted_batches([3, 9, 1, 9, 5], batch_size=2)
    assert [len(b) for b in batches] == [2, 2, 1]
    assert sorted(np.concatenate(batches).tolist()) == [0, 1, 2, 3, 4]
    assert batches[0].tolist() == [1, 3] and batches[-1].tolist() == [2]


def test_query_threads_are_restored_after_encode_query(embedder):
    import torch

    before = torch.get_num_threads()
    with torch_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    embedder.encode_query("how many threads")
    assert torch.get_num_threads() == before
