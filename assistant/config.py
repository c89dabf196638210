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
        # Larger bodies are refused from their Content-Length, before they are read.
        "MAX_CONTENT_LENGTH": 16 * 1024,
        "RATE_LIMIT": os.environ.get("ASSISTANT_RATE_LIMIT", "30/minute"),
        "SITE_RATE_LIMIT": os.environ.get("ASSISTANT_SITE_RATE_LIMIT", "600/minute"),
        "RATE_LIMIT_STORAGE": os.environ.get("ASSISTANT_RATE_LIMIT_STORAGE", "memory://"),
        # How many reverse proxies in front set X-Forwarded-For/-Proto (0: the peer is the client).
        "TRUSTED_PROXIES": int(os.environ.get("ASSISTANT_TRUSTED_PROXIES", "0")),
        # Unset: no admin API at all.
        "ADMIN_KEY": os.environ.get("ASSISTANT_ADMIN_KEY") or None,
        "ADMIN_UPLOAD_LIMIT": 20 * 1024 * 1024,  # CVDR/BWB XML uploads to /api/admin/import
        "FRAME_ANCESTORS": os.environ.get("ASSISTANT_FRAME_ANCESTORS", "'self'"),
        # Site keys and the origins that may use them from a browser (CORS); see assistant/web/sites.json.
        "SOURCES_PER_PAGE": 100,  # documents per page of /bronnen/
        "SITES_FILE": os.environ.get("ASSISTANT_SITES_FILE") or str(Path(__file__).parent / "web" / "sites.json"),
    }


def conversations_path(config: dict) -> Path:
    return Path(config["DATA_DIR"]) / "conversations.db"
