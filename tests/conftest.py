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


@pytest.fixture()
def app(hashing_index_dir, tmp_path):
    from assistant import create_app

    return create_app(
        {
            "TESTING": True,
            "INDEX_DIR": str(hashing_index_dir),
            "DATA_DIR": str(tmp_path / "data"),
            "EMBEDDER": HashingEmbedder(),
            "RATE_LIMIT": "off",
        }
    )


@pytest.fixture()
def client(app):
    return app.test_client()
