"""The ONNX backends must give the vectors the torch model gives, and name them honestly."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
pytest.importorskip("onnxruntime")

from index.e5_convert import default_model_dir  # noqa: E402
from index.embedder import HASHING_NAME, embedding_backend, load_embedder, model_label  # noqa: E402

PASSAGES = [
    "Gemeente F\tVanaf 130%\t100%",
    "Het nationale noodnummer 112 is sinds begin 2021 ook via sms bereikbaar.",
    "De gemeente verstrekt een maatwerkvoorziening als iemand niet op eigen kracht, met gebruikelijke "
    "hulp, met mantelzorg of met hulp van andere personen uit zijn sociale netwerk in staat is tot "
    "zelfredzaamheid of participatie. Het college onderzoekt binnen zes weken na de melding wat nodig is.",
    "Reünie van ex-cliënten in ’s-Hertogenbosch: 50% korting!",
]
QUERIES = ["Kan ik 112 ook via sms bereiken als ik doof ben?", "wat is het draagkrachtpercentage", "maatwerkvoorziening"]
REAL = default_model_dir()


def test_labels_change_only_with_the_vectors(tmp_path):
    folder = tmp_path / "e5-folder"
    folder.mkdir()
    assert model_label(str(folder), "torch") == "e5-folder"
    assert model_label(str(folder), "onnx") == "e5-folder"  # same weights, same float maths
    assert model_label(str(folder), "onnx-int8") == "e5-folder+int8"
    # A hub name has no local folder to export from: it runs in torch under its own name.
    assert model_label("intfloat/multilingual-e5-small", "onnx-int8") == "intfloat/multilingual-e5-small"


def test_unknown_backend_is_refused(monkeypatch):
    monkeypatch.setenv("ASSISTANT_EMBEDDING_BACKEND", "tensorrt")
    with pytest.raises(ValueError, match="ASSISTANT_EMBEDDING_BACKEND"):
        embedding_backend()
    monkeypatch.setenv("ASSISTANT_EMBEDDING_BACKEND", "torch")
    assert embedding_backend() == "torch"
    assert load_embedder(HASHING_NAME).name == HASHING_NAME


def tiny_model(folder: Path) -> Path:
    """A randomly initialised 2-layer BERT with the real tokenizer and pipeline files."""
    from transformers import BertConfig, BertModel

    config = json.loads((REAL / "config.json").read_text())
    small = BertConfig(vocab_size=config["vocab_size"], hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                       intermediate_size=64, max_position_embeddings=config["max_position_embeddings"],
                       pad_token_id=config["pad_token_id"], layer_norm_eps=config["layer_norm_eps"])
    BertModel(small).eval().save_pretrained(str(folder))
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "modules.json",
                 "sentence_bert_config.json", "config_sentence_transformers.json"):
        shutil.copy(REAL / name, folder / name)
    shutil.copytree(REAL / "2_Normalize", folder / "2_Normalize")
    pooling = json.loads((REAL / "1_Pooling" / "config.json").read_text())
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({**pooling, "word_embedding_dimension": 32}))
    return folder


@pytest.mark.slow  # an export and three model loads: half a minute of CPU
@pytest.mark.skipif(not (REAL / "tokenizer.json").exists(), reason="converted model not installed (make install)")
def test_exported_graph_matches_sentence_transformers_and_ignores_padding(tmp_path):
    from index.onnx_export import FLOAT_FILE, INT8_FILE, ensure_onnx

    folder = tiny_model(tmp_path / "tiny")
    onnx_dir = ensure_onnx(folder)
    stamp = (onnx_dir / FLOAT_FILE).stat().st_mtime_ns
    assert ensure_onnx(folder) == onnx_dir and (onnx_dir / FLOAT_FILE).stat().st_mtime_ns == stamp  # no re-export

    torch_model = load_embedder(str(folder), "torch")
    onnx_model = load_embedder(str(folder), "onnx")
    int8_model = load_embedder(str(folder), "onnx-int8")
    assert onnx_model.name == torch_model.name and int8_model.name == torch_model.name + "+int8"

    expected = torch_model.embed_passages(PASSAGES)
    got = onnx_model.embed_passages(PASSAGES)  # one batch: the short texts are padded
    assert got.shape == expected.shape
    assert np.min(np.sum(got * expected, axis=1)) > 0.9999
    alone = np.vstack([onnx_model.embed_passages([text]) for text in PASSAGES])
    np.testing.assert_allclose(alone, got, atol=1e-5)
    queries = onnx_model.embed_queries(QUERIES)
    assert np.min(np.sum(queries * torch_model.embed_queries(QUERIES), axis=1)) > 0.9999
    # The prompt matters: a query is not embedded as a passage.
    assert np.max(np.abs(queries - onnx_model.embed_passages(QUERIES))) > 1e-3
    assert (onnx_dir / INT8_FILE).stat().st_size < (onnx_dir / FLOAT_FILE).stat().st_size
    np.testing.assert_allclose(np.linalg.norm(int8_model.embed_passages(PASSAGES), axis=1), 1.0, atol=1e-4)


@pytest.mark.slow
@pytest.mark.skipif(not (REAL / "tokenizer.json").exists(), reason="converted model not installed (make install)")
def test_real_model_backends_agree_with_torch():
    reference = load_embedder(str(REAL), "torch")
    expected_p, expected_q = reference.embed_passages(PASSAGES), reference.embed_queries(QUERIES)
    for backend, floor in (("onnx", 0.9999), ("onnx-int8", 0.99)):
        model = load_embedder(str(REAL), backend)
        got_p, got_q = model.embed_passages(PASSAGES), model.embed_queries(QUERIES)
        assert np.min(np.sum(got_p * expected_p, axis=1)) >= floor, backend
        assert np.min(np.sum(got_q * expected_q, axis=1)) >= floor, backend
        # The passage each query is closest to stays the same.
        assert list(np.argmax(got_q @ got_p.T, axis=1)) == list(np.argmax(expected_q @ expected_p.T, axis=1)), backend


class CountingSession:
    """Wraps an onnxruntime session and records how many runs overlap."""

    def __init__(self, session) -> None:
        import threading

        self.session, self.running, self.most = session, 0, 0
        self.lock = threading.Lock()

    def run(self, *args):
        import time

        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.02)  # long enough for the other threads to arrive
            return self.session.run(*args)
        finally:
            with self.lock:
                self.running -= 1


@pytest.mark.skipif(not (REAL / "tokenizer.json").exists(), reason="converted model not installed (make install)")
@pytest.mark.parametrize("slots", [1, 2])
def test_one_thread_model_runs_calls_from_many_threads_within_the_shared_slots(slots, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from index import onnx_embedder

    model = load_embedder(str(REAL), "onnx", threads=1)
    expected = model.embed_queries(QUERIES)
    monkeypatch.setattr(onnx_embedder, "_slots", None)
    onnx_embedder.share_encoder_slots(slots)
    model.session = CountingSession(model.session)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda i: model.embed_queries([QUERIES[i % 3]])[0], range(12)))
    assert model.session.most == slots  # never more at once than the slots, and all of them used
    np.testing.assert_allclose(np.vstack(results[:3]), expected, atol=1e-5)
