"""Heavy read-only objects (embedding model, index), built once per process in app.extensions."""
from __future__ import annotations

import logging
import time
from pathlib import Path

from flask import Flask, current_app

from assistant.answers.composer import ExtractiveGenerator
from assistant.answers.ranking.models import load_models
from assistant.config import conversations_path
from assistant.conversations.store import ConversationStore, migrate
from assistant.web.errors import ApiError
from index.embedder import Embedder, load_embedder
from index.layout import IndexLayout
from index.search import HybridIndex, IndexNotBuilt
from knowledge.covenants import Covenant, load_covenants

log = logging.getLogger(__name__)
INDEX = "assistant.index"
EMBEDDER = "assistant.embedder"
GENERATOR = "assistant.generator"
PURGED = "assistant.purged_at"
COVENANTS = "assistant.covenants"


def init_services(app: Flask) -> None:
    embedder: Embedder = app.config["EMBEDDER"] or load_embedder(app.config["EMBEDDING_MODEL"])
    app.extensions[EMBEDDER] = embedder
    try:
        app.extensions[INDEX] = HybridIndex(IndexLayout(Path(app.config["INDEX_DIR"])), embedder)
    except IndexNotBuilt as error:
        log.warning("%s", error)
        app.extensions[INDEX] = None
    index = app.extensions[INDEX]
    app.extensions[GENERATOR] = ExtractiveGenerator(index, load_models(Path(app.config["MODELS_FILE"]))) if index else None
    init_conversations(app)


def init_conversations(app: Flask) -> None:
    """Schema once per process; expired conversations are removed at start and then hourly."""
    path = conversations_path(app.config)
    migrate(path)
    purge(app)
    app.extensions[PURGED] = time.monotonic()

    @app.before_request
    def purge_hourly() -> None:
        if time.monotonic() - app.extensions[PURGED] > 3600:
            app.extensions[PURGED] = time.monotonic()
            purge(app)


def purge(app: Flask) -> None:
    with ConversationStore(conversations_path(app.config)) as store:
        removed = store.purge_older_than(app.config["RETENTION_DAYS"])
    if removed:
        log.info("removed %d conversations older than %d days", removed, app.config["RETENTION_DAYS"])


def covenant_registry() -> tuple[Covenant, ...]:
    """Read on first use, once per app: resolving the facts' quotes means chunking the corpus."""
    registry = current_app.extensions.get(COVENANTS)
    if registry is None:
        registry = current_app.extensions[COVENANTS] = load_covenants()
    return registry


def get_index() -> HybridIndex:
    index = current_app.extensions.get(INDEX)
    if index is None:
        raise ApiError(503, "index_not_built", "De kennisbank is nog niet opgebouwd. Voer eerst 'assistant build' uit.")
    return index
