"""Corpus and imported rules -> chunks -> embeddings -> store + vectors, incremental and atomic.

Unchanged chunks are never embedded twice (cache by content hash), an unchanged corpus is not
rebuilt at all (fingerprint), and a new build is only made current once it is complete.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import sqlite_utils

from index.analysis import Analyzer, vocabulary_of
from index.embedder import Embedder
from index.layout import IndexLayout
from index.keywords import KeywordWriter
from index.store import (
    chunk_record,
    get_meta,
    open_readonly,
    open_store,
    read_chunks,
    read_documents,
    set_meta,
    write_documents,
    write_vocabulary,
)
from index.vectors import VectorIndex
from knowledge.chunking import chunk_document
from knowledge.corpus import DEFAULT_CORPUS, read_corpus
from knowledge.documents import Chunk, Document

log = logging.getLogger(__name__)
EMBED_BATCH = 64
# Bump when chunk analysis or the store layout changes, so an unchanged corpus is rebuilt anyway.
INDEX_FORMAT = "5"


@dataclass(frozen=True)
class BuildReport:
    documents: int
    chunks: int
    embedded: int  # chunks that needed a new embedding
    unchanged: bool  # nothing changed: the current build was kept
    seconds: float
    build_dir: str


Source = tuple[Document, list[Chunk]]


def sources(corpus_dir: Path, layout: IndexLayout) -> Iterator[Source]:
    """Everything that should be searchable, one document at a time: the corpus, then imported
    rules. Streamed, so a build never holds the whole corpus in memory."""
    for source in read_corpus(corpus_dir):
        yield source.document, chunk_document(source.document, source.text)
    if layout.imports_db.exists():
        imports = open_store(layout.imports_db)
        try:
            for document in read_documents(imports):
                yield document, sorted(read_chunks(imports, "document_id = ?", [document.id]), key=lambda c: c.ordinal)
        finally:
            imports.close()


@dataclass(frozen=True)
class Survey:
    """What a first pass over the sources learns: enough to decide and to size the build."""

    fingerprint: str
    documents: int
    chunks: int
    vocabulary: frozenset[str]


def survey(model: str, corpus_dir: Path, layout: IndexLayout) -> Survey:
    digest = hashlib.sha256(f"{INDEX_FORMAT}\0{model}".encode())
    words: set[str] = set()
    documents = chunks = 0
    for document, parts in sources(corpus_dir, layout):
        documents += 1
        digest.update(json.dumps(asdict(document), sort_keys=True).encode())
        for chunk in parts:
            chunks += 1
            digest.update(f"{chunk.id}\0{chunk.content_hash}\0{chunk.section}\0{chunk.kind}\0".encode())
            digest.update(json.dumps(chunk.meta, sort_keys=True, ensure_ascii=False).encode())
            words.update(vocabulary_of([chunk.embedding_text]))
    return Survey(digest.hexdigest(), documents, chunks, frozenset(words))


def build_index(
    layout: IndexLayout,
    model_name: str,
    load: Callable[[], Embedder],
    corpus_dir: Path = DEFAULT_CORPUS,
    progress: bool = True,
) -> BuildReport:
    """Build (or keep) the index. `load` is only called when something must be embedded."""
    started = time.perf_counter()
    layout.root.mkdir(parents=True, exist_ok=True)
    found = survey(model_name, corpus_dir, layout)
    current = layout.current_build()
    if current is not None:
        db = open_readonly(current / "store.db")
        same = get_meta(db, "fingerprint") == found.fingerprint
        db.close()
        if same:
            return BuildReport(found.documents, found.chunks, 0, True, time.perf_counter() - started, str(current))

    build = layout.new_build_dir()
    db = open_store(build / "store.db")
    # A build is published only once complete: a crash leaves an unused directory, so the
    # store needs no journal or syncs while it is written (they cost seconds per 10k passages).
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    embedding = EmbeddingStage(layout, model_name, load, found.chunks, progress)
    keywords = KeywordWriter()
    analyzer = Analyzer(found.vocabulary)
    row = 0
    spans = []
    with db.conn:
        write_vocabulary(db, found.vocabulary)
        for document, parts in sources(corpus_dir, layout):
            write_documents(db, [document])
            records = []
            for chunk in parts:
                stems = analyzer.analyse(chunk.embedding_text)
                keywords.add(row + len(records), stems)
                records.append(chunk_record(chunk, row + len(records), " ".join(stems)))
                embedding.add(chunk)
            db["chunks"].insert_all(records, pk="id", batch_size=500)
            spans.append({"document_id": document.id, "first_row": row, "count": len(parts)})
            row += len(parts)
        db["spans"].insert_all(spans, pk="document_id")
        vectors = embedding.finish()
        set_meta(db, model=model_name, fingerprint=found.fingerprint, dim=str(vectors.dim),
                 built_at=time.strftime("%Y-%m-%dT%H:%M:%S"))
    db.close()
    keywords.save(build)
    del keywords
    vectors.index.save(build / "vectors.faiss")
    layout.publish(build)
    log.info("built %d chunks of %d documents (%d embedded)", found.chunks, found.documents, embedding.embedded)
    return BuildReport(found.documents, found.chunks, embedding.embedded, False, time.perf_counter() - started, str(build))


@dataclass(frozen=True)
class BuiltVectors:
    index: VectorIndex
    dim: int


class EmbeddingStage:
    """Chunks in, vectors into faiss in the same order; cached vectors are reused by content hash.

    Works in windows of WINDOW chunks, so only one window's vectors are in memory besides the index."""

    WINDOW = 2048

    def __init__(self, layout: IndexLayout, model_name: str, load: Callable[[], Embedder], size: int, progress: bool) -> None:
        self.cache = sqlite_utils.Database(layout.embeddings_db)
        # A cache: losing the last writes in a crash only costs re-embedding them.
        self.cache.execute("pragma journal_mode = wal")
        self.cache.execute("pragma synchronous = off")
        self.cache["vectors"].create({"model": str, "hash": str, "vector": bytes}, pk=("model", "hash"), if_not_exists=True)
        self.model_name, self.load, self.size = model_name, load, size
        self.embedder: Embedder | None = None
        self.pending: list[Chunk] = []
        self.index: VectorIndex | None = None
        self.embedded = 0
        self.bar = None
        if progress and size:
            from tqdm import tqdm

            self.bar = tqdm(total=size, desc="embedding", unit="passage")

    def add(self, chunk: Chunk) -> None:
        self.pending.append(chunk)
        if len(self.pending) >= self.WINDOW:
            self.flush()

    def finish(self) -> BuiltVectors:
        self.flush()
        self.cache.close()
        if self.bar is not None:
            self.bar.close()
        index = self.index or VectorIndex.create(1, 0)
        return BuiltVectors(index, int(index.index.d))

    def flush(self) -> None:
        if not self.pending:
            return
        window, self.pending = self.pending, []
        known = self.cached({c.content_hash for c in window})
        todo = list({c.content_hash: c for c in window if c.content_hash not in known}.values())
        # Similar lengths in a batch mean less padding: about a third faster on this corpus.
        todo.sort(key=lambda c: len(c.embedding_text))
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            self.embedder = self.embedder or self.load()
            vectors = np.asarray(self.embedder.embed_passages([c.embedding_text for c in batch]), dtype=np.float32)
            self.cache["vectors"].upsert_all(
                ({"model": self.model_name, "hash": c.content_hash, "vector": v.tobytes()} for c, v in zip(batch, vectors)),
                pk=("model", "hash"),
            )
            known.update((c.content_hash, v) for c, v in zip(batch, vectors))
        self.cache.conn.commit()
        self.embedded += len(todo)
        matrix = np.stack([known[c.content_hash] for c in window])
        if self.index is None:
            self.index = VectorIndex.create(matrix.shape[1], self.size)
        self.index.add(matrix)
        if self.bar is not None:
            self.bar.update(len(window))

    def cached(self, hashes: set[str]) -> dict[str, np.ndarray]:
        known: dict[str, np.ndarray] = {}
        unique = list(hashes)
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            sql = f"select hash, vector from vectors where model = ? and hash in ({marks})"
            for digest, vector in self.cache.execute(sql, [self.model_name, *part]):
                known[digest] = np.frombuffer(vector, dtype=np.float32)
        return known
