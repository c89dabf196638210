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
from typing import Callable

import numpy as np
import sqlite_utils

from index.analysis import Analyzer, vocabulary_of
from index.embedder import Embedder
from index.layout import IndexLayout
from index.store import (
    enable_keyword_search,
    get_meta,
    open_readonly,
    open_store,
    read_chunks,
    read_documents,
    set_meta,
    write_chunks,
    write_documents,
    write_vocabulary,
)
from index.unit_vectors import write_unit_vectors
from index.vectors import VectorIndex
from knowledge.chunking import chunk_document
from knowledge.corpus import DEFAULT_CORPUS, read_corpus
from knowledge.documents import Chunk, Document, content_hash

log = logging.getLogger(__name__)
EMBED_BATCH = 64
# Bump when chunk analysis or the store layout changes, so an unchanged corpus is rebuilt anyway.
INDEX_FORMAT = "5"  # 5: unit vectors


@dataclass(frozen=True)
class BuildReport:
    documents: int
    chunks: int
    embedded: int  # chunks that needed a new embedding
    unchanged: bool  # nothing changed: the current build was kept
    seconds: float
    build_dir: str
    units_embedded: int = 0  # sentences and rows that needed a new embedding


def collect(corpus_dir: Path, layout: IndexLayout) -> tuple[list[Document], list[Chunk]]:
    """Everything that should be searchable: the corpus plus imported rules."""
    documents: list[Document] = []
    chunks: list[Chunk] = []
    for source in read_corpus(corpus_dir):
        documents.append(source.document)
        chunks.extend(chunk_document(source.document, source.text))
    if layout.imports_db.exists():
        imports = open_store(layout.imports_db)
        documents.extend(read_documents(imports))
        chunks.extend(read_chunks(imports))
        imports.close()
    return documents, chunks


def fingerprint(model: str, documents: list[Document], chunks: list[Chunk]) -> str:
    digest = hashlib.sha256(f"{INDEX_FORMAT}\0{model}".encode())
    for document in sorted(documents, key=lambda d: d.id):
        digest.update(json.dumps(asdict(document), sort_keys=True).encode())
    for chunk in chunks:
        digest.update(f"{chunk.id}\0{chunk.content_hash}\0{chunk.section}\0{chunk.kind}\0".encode())
        digest.update(json.dumps(chunk.meta, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


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
    documents, chunks = collect(corpus_dir, layout)
    stamp = fingerprint(model_name, documents, chunks)
    current = layout.current_build()
    if current is not None:
        db = open_readonly(current / "store.db")
        same = get_meta(db, "fingerprint") == stamp
        db.close()
        if same:
            return BuildReport(len(documents), len(chunks), 0, True, time.perf_counter() - started, str(current))

    vectors, embedded = embed_with_cache(layout, model_name, load, chunks, progress)
    build = layout.new_build_dir()
    db = open_store(build / "store.db")
    vocabulary = vocabulary_of([c.embedding_text for c in chunks])
    with db.conn:
        write_documents(db, documents)
        write_vocabulary(db, vocabulary)
        write_chunks(db, chunks, analyzer=Analyzer(vocabulary))
        set_meta(db, model=model_name, fingerprint=stamp, dim=str(vectors.shape[1]), built_at=time.strftime("%Y-%m-%dT%H:%M:%S"))
    enable_keyword_search(db)
    db.conn.execute("vacuum")
    db.close()
    VectorIndex.build(vectors).save(build / "vectors.faiss")
    units = embed_units(layout, model_name, load, build, chunks, documents, vectors.shape[1], progress)
    layout.publish(build)
    log.info("built %d chunks of %d documents (%d embedded, %d units embedded)", len(chunks), len(documents), embedded, units)
    return BuildReport(len(documents), len(chunks), embedded, False, time.perf_counter() - started, str(build), units)


def open_cache(layout: IndexLayout) -> sqlite_utils.Database:
    cache = sqlite_utils.Database(layout.embeddings_db)
    cache["vectors"].create({"model": str, "hash": str, "vector": bytes}, pk=("model", "hash"), if_not_exists=True)
    return cache


def cached_vectors(cache: sqlite_utils.Database, model_name: str, hashes: list[str]) -> dict[str, np.ndarray]:
    known: dict[str, np.ndarray] = {}
    for start in range(0, len(hashes), 500):
        part = hashes[start : start + 500]
        marks = ",".join("?" * len(part))
        for row in cache.execute(f"select hash, vector from vectors where model = ? and hash in ({marks})", [model_name, *part]):
            known[row[0]] = np.frombuffer(row[1], dtype=np.float32)
    return known


def embed_units(
    layout: IndexLayout, model_name: str, load: Callable[[], Embedder], build: Path,
    chunks: list[Chunk], documents: list[Document], dim: int, progress: bool,
) -> int:
    """Sentence and row vectors beside the passage vectors, through the same cache."""
    cache = open_cache(layout)
    embedder: list[Embedder] = []

    def embed(texts: list[str]) -> np.ndarray:
        if not embedder:
            embedder.append(load())
        batches = range(0, len(texts), EMBED_BATCH * 2)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="zinnen inbedden", unit="batch", total=len(batches))
        out = []
        for start in batches:
            part = texts[start : start + EMBED_BATCH * 2]
            vectors = embedder[0].embed_passages(part)
            with cache.conn:
                cache["vectors"].upsert_all(
                    ({"model": model_name, "hash": content_hash("unit\0" + t), "vector": v.astype(np.float32).tobytes()}
                     for t, v in zip(part, vectors)),
                    pk=("model", "hash"),
                )
            out.append(vectors)
        return np.concatenate(out) if out else np.zeros((0, dim), dtype=np.float32)

    try:
        return write_unit_vectors(build, chunks, {d.id: d for d in documents}, embed,
                                  lambda hashes: cached_vectors(cache, model_name, hashes), dim)
    finally:
        cache.close()


def embed_with_cache(
    layout: IndexLayout, model_name: str, load: Callable[[], Embedder], chunks: list[Chunk], progress: bool
) -> tuple[np.ndarray, int]:
    cache = open_cache(layout)
    hashes = [c.content_hash for c in chunks]
    known = cached_vectors(cache, model_name, list(dict.fromkeys(hashes)))
    todo = [c for c in {c.content_hash: c for c in chunks}.values() if c.content_hash not in known]
    # Similar lengths in a batch mean less padding: about a third faster on this corpus.
    todo.sort(key=lambda c: len(c.embedding_text))
    if todo:
        embedder = load()
        batches = range(0, len(todo), EMBED_BATCH)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="embedding", unit="batch", total=len(batches))
        for start in batches:
            batch = todo[start : start + EMBED_BATCH]
            vectors = embedder.embed_passages([c.embedding_text for c in batch])
            with cache.conn:
                cache["vectors"].upsert_all(
                    ({"model": model_name, "hash": c.content_hash, "vector": v.astype(np.float32).tobytes()} for c, v in zip(batch, vectors)),
                    pk=("model", "hash"),
                )
            known.update((c.content_hash, v.astype(np.float32)) for c, v in zip(batch, vectors))
    cache.close()
    if not chunks:
        return np.zeros((0, 1), dtype=np.float32), 0
    return np.stack([known[h] for h in hashes]), len(todo)
