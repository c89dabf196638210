"""The same e5 model run by onnxruntime: mean pooling and normalisation are inside the graph.

The ONNX files are exported at install time from the local sentence-transformers folder
(`python -m index.onnx_export`); nothing is fetched. Tokenisation uses the folder's own
tokenizer.json with the truncation length and e5 prompts that sentence-transformers would use.
"""
from __future__ import annotations

import contextlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Sequence

import numpy as np

QUERY_BATCH = 32
PASSAGE_BATCH = 16
# Encodings allowed to run at once across all processes that share it (see share_encoder_slots).
_slots = None


def share_encoder_slots(count: int) -> None:
    """Let at most `count` encodings run at once in this process and the processes it forks
    later: a server's workers then share the cores instead of each running its own encodings
    alongside the others' (more at once than cores only adds switching)."""
    import multiprocessing

    global _slots
    _slots = multiprocessing.get_context("fork").BoundedSemaphore(count)


class OnnxEmbedder:
    """Embedder protocol over an exported graph (input_ids, attention_mask -> unit vectors)."""

    def __init__(self, model_dir: str | Path, graph: Path, name: str, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        self.name = name
        options = ort.SessionOptions()
        # OMP_NUM_THREADS is how the server shares the cores between its workers (one each).
        intra = threads or int(os.environ.get("OMP_NUM_THREADS") or 0) or min(os.cpu_count() or 1, 2)
        options.intra_op_num_threads = intra
        options.inter_op_num_threads = 1
        # Spinning threads wait for work by burning a core; on a 2-core machine shared with the
        # web server and other processes that only steals time from the thread doing the work.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        max_length = json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"]
        self.tokenizer.enable_truncation(max_length=max_length)
        pad = json.loads((model_dir / "config.json").read_text())["pad_token_id"]
        self.tokenizer.enable_padding(pad_id=pad, pad_token=self.tokenizer.id_to_token(pad))
        prompts = _prompts(model_dir)
        self._query_prompt = prompts.get("query", "")
        self._passage_prompt = prompts.get("passage", prompts.get("document", ""))
        # A model on several threads runs one call at a time on its own thread: many web-server
        # threads each running it at once on the same two cores only slowed every query. A model
        # on one thread (a server worker) runs in the caller's thread, gated by the encoder slots
        # shared by all workers (share_encoder_slots): a keep-alive client stays with the worker
        # that accepted it, and under load one worker was seen holding all 16 connections while
        # the other idled, so each worker must be able to use every core.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedder") if intra > 1 else None

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self._query_prompt + t for t in texts], QUERY_BATCH)

    def embed_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        return self._encode([self._passage_prompt + t for t in texts], PASSAGE_BATCH)

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        if self._worker is None:
            return self._encode_here(texts, batch_size)
        return self._worker.submit(self._encode_here, texts, batch_size).result()

    def _encode_here(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        # Batches of similar length waste little on padding (sentence-transformers does the same).
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            with _slots or contextlib.nullcontext():
                out[rows] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out


def _prompts(model_dir: Path) -> dict[str, str]:
    path = model_dir / "config_sentence_transformers.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("prompts") or {}
