"""Configuration defaults; every value can be overridden by the environment or `test_config`."""
from __future__ import annotations

import os
from pathlib import Path

from assistant.answers.ranking.models import MODELS_FILE
from index.layout import REPO_ROOT, default_index_dir


def default_config() -> dict:
    return {
        "INDEX_DIR": str(default_index_dir()),
        "DATA_DIR": os.environ.get("ASSISTANT_DATA_DIR") or str(REPO_ROOT / "data"),
        # None: the converted multilingual-e5-small, or ASSISTANT_EMBEDDING_MODEL when set.
        "EMBEDDING_MODEL": os.environ.get("ASSISTANT_EMBEDDING_MODEL"),
        "EMBEDDER": None,  # a ready Embedder object (tests); wins over EMBEDDING_MODEL
        "RETENTION_DAYS": int(os.environ.get("ASSISTANT_RETENTION_DAYS", "30")),
        # The fitted ranking and answer models (`assistant fit`); the answer threshold is in them.
        "MODELS_FILE": os.environ.get("ASSISTANT_MODELS_FILE") or str(MODELS_FILE),
        "JSON_AS_ASCII": False,
        "MAX_CONTENT_LENGTH": 64 * 1024,
        # Site keys and the origins that may use them from a browser (CORS); see assistant/web/sites.json.
        "SOURCES_PER_PAGE": 100,  # documents per page of /bronnen/
        "SITES_FILE": os.environ.get("ASSISTANT_SITES_FILE") or str(Path(__file__).parent / "web" / "sites.json"),
    }


def conversations_path(config: dict) -> Path:
    return Path(config["DATA_DIR"]) / "conversations.db"
