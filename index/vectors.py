"""Dense vectors in faiss: inner product over normalised vectors (= cosine), optionally filtered."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

# Exact search costs ~0.05 ms per query at 655 passages here and grows linearly: ~8 ms at 100k
# passages of 384 dimensions (150 MB of float32), ~21 ms at 300k. Beyond 100k an HNSW graph
# keeps the search at a few milliseconds.
APPROXIMATE_ABOVE = 100_000
HNSW_NEIGHBOURS = 32
# Measured at 300k generated passages (benchmarks/scale.py): efSearch 128 found only 0.74 of the
# exact top 10; a wider beam finds >= 0.95 in a few milliseconds.
EF_CONSTRUCTION = 80
EF_SEARCH = 512
# A filter that leaves at most this many rows (one gemeente plus the national sources) is
# searched exactly over just those rows: cheaper than the graph, and never misses a row.
EXACT_FILTER_MAX = 20_000


class VectorIndex:
    def __init__(self, index) -> None:
        self.index = index
        self.ef_search = EF_SEARCH

    @classmethod
    def create(cls, dim: int, size: int) -> "VectorIndex":
        """An empty index of the kind that suits `size` vectors; fill it with `add`."""
        import faiss

        if size > APPROXIMATE_ABOVE:
            index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = EF_CONSTRUCTION
        else:
            index = faiss.IndexFlatIP(dim)
        return cls(index)

    @classmethod
    def build(cls, vectors: np.ndarray) -> "VectorIndex":
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        built = cls.create(vectors.shape[1], len(vectors))
        built.add(vectors)
        return built

    def add(self, vectors: np.ndarray) -> None:
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    @classmethod
    def load(cls, path: Path) -> "VectorIndex":
        import faiss

        # One query per request thread: OpenMP threads inside a search only contend with the
        # other requests and processes (measured 20-30x slower on a busy 2-core machine).
        faiss.omp_set_num_threads(1)
        return cls(faiss.read_index(str(path)))

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    def save_last(self, build: Path) -> None:
        """The last file of a build, written aside and moved into place: a build killed at any
        point before this never looks complete (see layout.is_complete)."""
        part = build / "vectors.faiss.part"
        self.save(part)
        os.replace(part, build / "vectors.faiss")

    def __len__(self) -> int:
        return int(self.index.ntotal)

    @property
    def approximate(self) -> bool:
        return hasattr(self.index, "hnsw")

    def matrix(self) -> np.ndarray:
        """All stored vectors as one (rows, dim) array: a view of faiss's memory, not a copy."""
        import faiss

        flat = faiss.downcast_index(self.index.storage) if self.approximate else self.index
        return faiss.rev_swig_ptr(flat.get_xb(), len(self) * flat.d).reshape(len(self), flat.d)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(row, cosine) pairs, best first; only rows where the boolean mask `allowed` is True."""
        if len(self) == 0 or k <= 0:
            return []
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if allowed is not None and self.approximate:
            rows = np.flatnonzero(allowed)
            if len(rows) <= EXACT_FILTER_MAX:
                return self._exact(query, rows, k)
        return self._search(query, k, allowed)

    def exact(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Exhaustive search over every row: the reference for the recall of the graph."""
        return self._exact(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), None, k)

    def _exact(self, query: np.ndarray, rows: np.ndarray | None, k: int) -> list[tuple[int, float]]:
        import faiss

        matrix = self.matrix() if rows is None else np.ascontiguousarray(self.matrix()[rows])
        if len(matrix) == 0:
            return []
        scores, found = faiss.knn(query, matrix, min(k, len(matrix)), metric=faiss.METRIC_INNER_PRODUCT)
        found = found[0] if rows is None else rows[found[0]]
        return [(int(r), float(s)) for r, s in zip(found, scores[0]) if r >= 0]

    def _search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        import faiss

        k = min(k, len(self))
        params = faiss.SearchParametersHNSW(efSearch=max(self.ef_search, k)) if self.approximate else None
        if allowed is not None:
            # `bits` must outlive the search: the selector only points at it.
            bits = np.packbits(allowed.astype(np.uint8), bitorder="little")
            params = params or faiss.SearchParameters()
            params.sel = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
        scores, rows = self.index.search(query, k, params=params)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]
