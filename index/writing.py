"""Writing documents into a build: store rows, keyword postings and vectors, row by row.

Vectors come from the embedding cache by content hash when known, so unchanged text is never
embedded twice; the rest is embedded in windows and added to faiss as it comes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sqlite_utils

from index.analysis import Analyzer
from index.embedder import Embedder
from index.keywords import KeywordWriter
from index.layout import IndexLayout
from index.store import chunk_record, write_documents
from index.vectors import VectorIndex
from knowledge.documents import Chunk, Document

EMBED_BATCH = 64


def write_document(
    db: sqlite_utils.Database, document: Document, parts: list[Chunk], row: int, analyzer: Analyzer,
    keywords: KeywordWriter, embedding: EmbeddingStage, document_signature: str,
) -> int:
    """One document's passages into store, keyword postings and vectors, from `row` on; returns the next row."""
    write_documents(db, [document])
    records = []
    for offset, chunk in enumerate(parts):
        stems = analyzer.analyse(chunk.embedding_text)
        keywords.add(row + offset, stems)
        records.append(chunk_record(chunk, row + offset, " ".join(stems)))
        embedding.add(chunk)
    db["chunks"].insert_all(records, pk="id", batch_size=500)
    db["spans"].insert({"document_id": document.id, "first_row": row, "count": len(parts), "signature": document_signature},
                       pk="document_id", replace=True)
    return row + len(parts)


@dataclass(frozen=True)
class BuiltVectors:
    index: VectorIndex
    dim: int


class EmbeddingStage:
    """Chunks in, vectors into faiss in the same order; cached vectors are reused by content hash.

    Works in windows of WINDOW chunks, so only one window's vectors are in memory besides the index."""

    WINDOW = 2048

    def __init__(self, layout: IndexLayout, model_name: str, load: Callable[[], Embedder], size: int | None,
                 progress: bool, index: VectorIndex | None = None) -> None:
        self.cache = sqlite_utils.Database(layout.embeddings_db)
        # A cache: losing the last writes in a crash only costs re-embedding them.
        self.cache.execute("pragma journal_mode = wal")
        self.cache.execute("pragma synchronous = off")
        self.cache["vectors"].create({"model": str, "hash": str, "vector": bytes}, pk=("model", "hash"), if_not_exists=True)
        self.model_name, self.load, self.size = model_name, load, size
        self.embedder: Embedder | None = None
        self.pending: list[Chunk] = []
        self.index = index  # an existing index to append to, or None: created for `size` vectors
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
        known, new = self.vectors({c.content_hash: c.embedding_text for c in window})
        self.embedded += new
        matrix = np.stack([known[c.content_hash] for c in window])
        if self.index is None:
            self.index = VectorIndex.create(matrix.shape[1], self.size or 0)
        self.index.add(matrix)
        if self.bar is not None:
            self.bar.update(len(window))

    def vectors(self, texts: dict[str, str]) -> tuple[dict[str, np.ndarray], int]:
        """Vectors of texts keyed by content hash: cached ones read, the rest embedded and cached.
        Returns them with the number that needed embedding."""
        known = self.cached(set(texts))
        # Similar lengths in a batch mean less padding: about a third faster on this corpus.
        todo = sorted((h for h in texts if h not in known), key=lambda h: len(texts[h]))
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            self.embedder = self.embedder or self.load()
            vectors = np.asarray(self.embedder.embed_passages([texts[h] for h in batch]), dtype=np.float32)
            self.cache["vectors"].upsert_all(
                ({"model": self.model_name, "hash": h, "vector": v.tobytes()} for h, v in zip(batch, vectors)),
                pk=("model", "hash"),
            )
            known.update(zip(batch, vectors))
        self.cache.conn.commit()
        return known, len(todo)

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
