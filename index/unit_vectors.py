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

import shutil
from array import array
from pathlib import Path
from typing import Sequence

import numpy as np

from index.units import split_units
from knowledge.documents import Chunk, Document, content_hash

UNITS_FILE = "units.npy"
OFFSETS_FILE = "unit_offsets.npy"
STARTS_FILE = "unit_starts.npy"
COPY_BUFFER = 16 * 2**20


def unit_texts(chunk: Chunk, document: Document | None) -> list[tuple[int, str]]:
    """(start offset, text to embed) for every unit of a passage, with its context."""
    head = " / ".join(p for p in (document.title if document else None, chunk.section) if p)
    out = []
    for unit in split_units(0, chunk.text):
        body = f"{unit.context}: {unit.rendered}" if unit.kind == "row" and unit.context else unit.rendered
        out.append((unit.start, f"{head}\n{body}" if head else body))
    return out


def read_header(handle) -> tuple[int, int]:
    """Shape of the .npy array in `handle`, leaving it at the start of the data."""
    version = np.lib.format.read_magic(handle)
    shape, _, _ = (np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0)(handle)
    return int(shape[0]), int(shape[1])


class UnitWriter:
    """Writes the unit vectors of passages given in vector-row order, a window at a time, so a
    300k-passage build never holds all units (or their texts) in memory. `vectors` (the build's
    EmbeddingStage) returns vectors by content hash, from the cache or newly embedded.

    With `previous` (an update), the previous build's units are kept for its rows and new
    rows' units follow."""

    WINDOW = 4096

    def __init__(self, build: Path, stage, previous: Path | None = None) -> None:
        self.build, self.stage = build, stage
        self.raw = open(build / "units.raw", "wb")
        self.counts = array("q")
        self.starts = array("i")
        self.pending: list[tuple[str, str]] = []  # (hash, text)
        self.total = self.embedded = 0
        self.dim: int | None = None
        if previous is not None and (previous / UNITS_FILE).exists():
            with open(previous / UNITS_FILE, "rb") as old:
                shape = read_header(old)
                shutil.copyfileobj(old, self.raw, COPY_BUFFER)
            self.total, self.dim = shape
            self.counts.extend(np.diff(np.load(previous / OFFSETS_FILE)).tolist())
            self.starts.extend(np.load(previous / STARTS_FILE).tolist())

    def add_document(self, document: Document, chunks: Sequence[Chunk]) -> None:
        for chunk in chunks:
            units = unit_texts(chunk, document)
            self.counts.append(len(units))
            self.starts.extend(start for start, _ in units)
            self.pending.extend((content_hash("unit\0" + text), text) for _, text in units)
        if len(self.pending) >= self.WINDOW:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        window, self.pending = self.pending, []
        known, new = self.stage.vectors(dict(window))
        self.embedded += new
        matrix = np.stack([known[h] for h, _ in window]).astype(np.float16)
        self.dim = matrix.shape[1]
        self.raw.write(matrix.tobytes())
        self.total += len(window)

    def finish(self) -> int:
        """Write the arrays; returns how many units needed a new embedding."""
        self.flush()
        self.raw.close()
        raw_path = self.build / "units.raw"
        header = {"descr": np.lib.format.dtype_to_descr(np.dtype(np.float16)), "fortran_order": False,
                  "shape": (self.total, self.dim or 1)}
        # Plain file copies, no memory maps: mapped pages count as the build's memory, and at
        # 300k passages the units alone are ~0.9 GB.
        with open(self.build / UNITS_FILE, "wb") as out, open(raw_path, "rb") as raw:
            np.lib.format.write_array_header_1_0(out, header)
            shutil.copyfileobj(raw, out, COPY_BUFFER)
        raw_path.unlink()
        offsets = np.zeros(len(self.counts) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum(np.frombuffer(self.counts, dtype=np.int64))
        np.save(self.build / OFFSETS_FILE, offsets)
        np.save(self.build / STARTS_FILE, np.frombuffer(self.starts, dtype=np.int32))
        return self.embedded


class UnitVectors:
    """Read side: cosine of a query vector with the units of given passages."""

    def __init__(self, build: Path) -> None:
        # Plain arrays over the maps: numpy's memmap subclass costs more per slice than the
        # few-row products done with them.
        self.vectors = np.load(build / UNITS_FILE, mmap_mode="r").view(np.ndarray)
        self.offsets = np.load(build / OFFSETS_FILE)
        self.starts = np.load(build / STARTS_FILE, mmap_mode="r").view(np.ndarray)

    @classmethod
    def load(cls, build: Path) -> "UnitVectors | None":
        return cls(build) if (build / UNITS_FILE).exists() else None

    def similarities_of(self, query: np.ndarray, rows: list[int]) -> list[dict[int, float]]:
        """Per passage row: start offset of each of its units -> cosine with the query. One matrix
        product for all rows: a question's 30 candidates one by one cost 30 small products."""
        bounds = [(int(self.offsets[r]), int(self.offsets[r + 1])) for r in rows]
        picked = np.concatenate([np.arange(low, high) for low, high in bounds] or [np.zeros(0, dtype=np.int64)])
        if not len(picked):
            return [{} for _ in rows]
        scores = (self.vectors[picked].astype(np.float32, copy=False) @ query.astype(np.float32)).tolist()
        starts = self.starts[picked].tolist()
        out, at = [], 0
        for low, high in bounds:
            size = max(0, high - low)
            out.append(dict(zip(starts[at : at + size], scores[at : at + size])))
            at += size
        return out

    def best_of(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Per passage row: the highest cosine of one of its units with the query (-1 without units)."""
        low = self.offsets[rows]
        sizes = self.offsets[rows + 1] - low
        best = np.full(len(rows), -1.0, dtype=np.float32)
        has = sizes > 0
        if not has.any():
            return best
        low, sizes = low[has], sizes[has]
        # The units of each row, as one index array: row i's run starts at firsts[i].
        firsts = np.cumsum(sizes) - sizes
        picked = np.arange(int(sizes.sum())) + np.repeat(low - firsts, sizes)
        scores = self.vectors[picked].astype(np.float32, copy=False) @ query.astype(np.float32)
        best[has] = np.maximum.reduceat(scores, firsts)
        return best
