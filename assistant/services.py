"""Heavy read-only objects (embedding model, index), built once per process in app.extensions."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app

from assistant.errors import ApiError
from index.embedder import Embedder, load_embedder
from index.layout import IndexLayout
from index.search import HybridIndex, IndexNotBuilt

log = logging.getLogger(__name__)
INDEX = "assistant.index"
EMBEDDER = "assistant.embedder"


def init_services(app: Flask) -> None:
    embedder: Embedder = app.config["EMBEDDER"] or load_embedder(app.config["EMBEDDING_MODEL"])
    app.extensions[EMBEDDER] = embedder
    try:
        app.extensions[INDEX] = HybridIndex(IndexLayout(Path(app.config["INDEX_DIR"])), embedder)
    except IndexNotBuilt as error:
        log.warning("%s", error)
        app.extensions[INDEX] = None


def get_index() -> HybridIndex:
    index = current_app.extensions.get(INDEX)
    if index is None:
        raise ApiError(503, "index_not_built", "De kennisbank is nog niet opgebouwd. Voer eerst 'assistant build' uit.")
    return index
