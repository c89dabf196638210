"""Embeddings of every sentence and table row (evidence unit) of every passage.

A question is often answered by one sentence of a passage, in other words than the passage as a
whole uses. Each unit is embedded at build time with its document title, section and (for a table
row) the table's caption as context, cached by content hash like the passages. Stored as float16
in `units.npy` and memory-mapped, so a national index does not hold them all in memory: a query
only reads the units of its candidate passages.

    units.npy          float16 [units, dim], normalised
    unit_offsets.npy   int64 [chunks + 1]: units of vector row r are offsets[r]:offsets[r+1]
    unit_starts.npy    int32 [units]: start offset of the unit in its passage text
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from index.units import split_units
from knowledge.documents import Chunk, Document, content_hash

UNITS_FILE = "units.npy"
OFFSETS_FILE = "unit_offsets.npy"
STARTS_FILE = "unit_starts.npy"


def unit_texts(chunk: Chunk, document: Document | None) -> list[tuple[int, str]]:
    """(start offset, text to embed) for every unit of a passage, with its context."""
    head = " / ".join(p for p in (document.title if document else None, chunk.section) if p)
    out = []
    for unit in split_units(0, chunk.text):
        body = f"{unit.context}: {unit.rendered}" if unit.kind == "row" and unit.context else unit.rendered
        out.append((unit.start, f"{head}\n{body}" if head else body))
    return out


def write_unit_vectors(
    build: Path,
    chunks: Sequence[Chunk],
    documents: dict[str, Document],
    embed: Callable[[list[str]], np.ndarray],
    cached: Callable[[list[str]], dict[str, np.ndarray]],
    dim: int,
) -> int:
    """Embed the units of `chunks` (in vector-row order) and write them beside the build.
    `cached` returns the known vectors of some hashes; `embed` embeds (and caches) the rest.
    Returns how many units needed a new embedding."""
    per_chunk = [unit_texts(c, documents.get(c.document_id)) for c in chunks]
    texts = [text for units in per_chunk for _, text in units]
    hashes = [content_hash("unit\0" + t) for t in texts]
    known = cached(list(dict.fromkeys(hashes)))
    todo = {h: t for h, t in zip(hashes, texts) if h not in known}
    if todo:
        order = sorted(todo, key=lambda h: len(todo[h]))  # similar lengths batch with less padding
        vectors = embed([todo[h] for h in order])
        known.update(zip(order, vectors))
    matrix = np.zeros((len(texts), dim), dtype=np.float16)
    for i, h in enumerate(hashes):
        matrix[i] = known[h]
    offsets = np.zeros(len(chunks) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(units) for units in per_chunk])
    starts = np.array([start for units in per_chunk for start, _ in units], dtype=np.int32)
    np.save(build / UNITS_FILE, matrix)
    np.save(build / OFFSETS_FILE, offsets)
    np.save(build / STARTS_FILE, starts)
    return len(todo)


class UnitVectors:
    """Read side: cosine of a query vector with the units of given passages."""

    def __init__(self, build: Path) -> None:
        self.vectors = np.load(build / UNITS_FILE, mmap_mode="r")
        self.offsets = np.load(build / OFFSETS_FILE)
        self.starts = np.load(build / STARTS_FILE, mmap_mode="r")

    @classmethod
    def load(cls, build: Path) -> "UnitVectors | None":
        return cls(build) if (build / UNITS_FILE).exists() else None

    def similarities(self, query: np.ndarray, row: int) -> dict[int, float]:
        """Start offset of each unit of passage `row` -> cosine with the query."""
        low, high = int(self.offsets[row]), int(self.offsets[row + 1])
        if high <= low:
            return {}
        scores = np.asarray(self.vectors[low:high], dtype=np.float32) @ query.astype(np.float32)
        return {int(s): float(v) for s, v in zip(self.starts[low:high], scores)}
