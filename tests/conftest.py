"""Shared fixtures: a small real index built with the hashing stand-in embedder."""
from __future__ import annotations

from pathlib import Path

import pytest

from index.build import build_index
from index.embedder import HashingEmbedder
from index.layout import IndexLayout

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def hashing_index_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hash-index")
    build_index(IndexLayout(root), "hashing-stand-in", HashingEmbedder, progress=False)
    return root


@pytest.fixture(scope="session")
def hashing_fit(hashing_index_dir):
    """The ranking and answer models fitted on the stand-in index, as `assistant fit` does: the
    shipped models are fitted on the real model's vectors and do not fit these."""
    from assistant.answers.evaluation import load_questions
    from assistant.answers.ranking.fitting import fit
    from index.search import HybridIndex

    dev = SHARED / "eval" / "dev.jsonl"
    if not dev.exists():
        pytest.skip("dev set not beside the repo")
    return fit(HybridIndex(IndexLayout(hashing_index_dir), HashingEmbedder()), load_questions(dev))


@pytest.fixture(scope="session")
def hashing_models_file(hashing_fit, tmp_path_factory) -> Path:
    """Fitted on the stand-in index, answering whenever the checks by kind of question pass: the
    stand-in's scores cannot tell answerable from out-of-scope questions, so the API tests here
    test everything but that decision (tested with the real model in test_end_to_end)."""
    import dataclasses

    from assistant.answers.ranking.models import save_models

    path = tmp_path_factory.mktemp("models") / "models.json"
    save_models(dataclasses.replace(hashing_fit.models, answer_threshold=0.0), path)
    return path


@pytest.fixture()
def app(hashing_index_dir, hashing_models_file, tmp_path):
    from assistant import create_app

    return create_app(
        {
            "TESTING": True,
            "INDEX_DIR": str(hashing_index_dir),
            "DATA_DIR": str(tmp_path / "data"),
            "EMBEDDER": HashingEmbedder(),
            "RATE_LIMIT": "off",
            "MODELS_FILE": str(hashing_models_file),
        }
    )


@pytest.fixture()
def client(app):
    return app.test_client()
