"""Heavy read-only objects (embedding model, index), built once per process in app.extensions."""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from assistant.answers.answering import answer_question
from assistant.answers.composer import ExtractiveGenerator
from assistant.answers.ranking.models import load_models
from assistant.config import conversations_path
from assistant.conversations.store import ConversationStore, migrate
from assistant.web.errors import ApiError
from index.embedder import Embedder, load_embedder
from index.layout import IndexLayout
from index.search import HybridIndex, IndexNotBuilt
from knowledge.covenants import Covenant, load_covenants
from knowledge.glossary import dutch_vocabulary

log = logging.getLogger(__name__)
INDEX = "assistant.index"
EMBEDDER = "assistant.embedder"
GENERATOR = "assistant.generator"
PURGED = "assistant.purged_at"
COVENANTS = "assistant.covenants"
SWAP = "assistant.index_swap"
# Goes through the parts that load on first use (stop words, country names, the models' paths).
WARM_UP_QUESTION = "Ik woon in Duitsland. Wat is gebruikelijke hulp?"


def init_services(app: Flask) -> None:
    embedder: Embedder = app.config["EMBEDDER"] or load_embedder(app.config["EMBEDDING_MODEL"])
    app.extensions[EMBEDDER] = embedder
    app.extensions[INDEX] = app.extensions[GENERATOR] = None
    models = load_models(Path(app.config["MODELS_FILE"]))
    app.extensions[SWAP] = IndexSwap(app, IndexLayout(Path(app.config["INDEX_DIR"])), models)
    app.extensions[SWAP].load(app.extensions[SWAP].layout.current_build())
    app.before_request(lambda: app.extensions[SWAP].check())
    init_conversations(app)


class IndexSwap:
    """Serves the build `current` points at: a new build published by `assistant build`, an import
    or the admin API is loaded by the next request (checked at most once a second) and swapped
    in; requests already running finish on the build they started with."""

    def __init__(self, app: Flask, layout: IndexLayout, models) -> None:
        self.app, self.layout, self.models = app, layout, models
        self.checked = time.monotonic()
        self.lease = None
        self._loading = threading.Lock()

    def check(self) -> None:
        if time.monotonic() - self.checked < 1.0 or not self._loading.acquire(blocking=False):
            return
        try:
            self.checked = time.monotonic()
            build = self.layout.current_build()
            index = self.app.extensions[INDEX]
            if build is not None and (index is None or build != index.build_dir):
                self.load(build)
        finally:
            self._loading.release()

    def load(self, build: Path | None) -> None:
        if build is None:
            log.warning("no index built in %s", self.layout.root)
            return
        lease = None
        try:
            lease = self.layout.lease(build)
            index = HybridIndex(self.layout, self.app.extensions[EMBEDDER])
            if index.build_dir != build:  # `current` moved on while loading: hold the right one
                release(lease)
                lease = self.layout.lease(index.build_dir)
        except (IndexNotBuilt, OSError) as error:  # e.g. pruned between looking and opening
            release(lease)
            log.warning("keeping the build in use: %s", error)
            return
        generator = ExtractiveGenerator(index, self.models)
        self.app.extensions[INDEX], self.app.extensions[GENERATOR] = index, generator
        old, self.lease = self.lease, lease
        release(old)
        log.info("serving build %s", index.build_dir.name)


def release(lease) -> None:
    if lease is not None:
        lease.close()


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


def warm_up(app: Flask) -> str | None:
    """Answer one question, stored nowhere, so that a server worker's first visitor does not wait
    for what loads on first use (~0.2 s). Returns the answer's status; None without an index."""
    index, generator = app.extensions.get(INDEX), app.extensions.get(GENERATOR)
    if index is None or generator is None:
        return None
    with app.app_context():
        _, answer = answer_question(index, generator, WARM_UP_QUESTION, covenants=covenant_registry())
        dutch_vocabulary()  # what an English question needs
    return answer.status


def get_index() -> HybridIndex:
    index = current_app.extensions.get(INDEX)
    if index is None:
        raise ApiError(503, "index_not_built", "De kennisbank is nog niet opgebouwd. Voer eerst 'assistant build' uit.")
    return index
