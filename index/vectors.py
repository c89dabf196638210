"""Dense vectors in faiss: inner product over normalised vectors (= cosine), optionally filtered."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

# Exact search costs ~0.05 ms per query at 655 passages here and grows linearly: ~8 ms at 100k
# passages of 384 dimensions (150 MB of float32), ~21-44 ms at 300k. Beyond 100k an inverted
# file (IVF: k-means cells, only the cells nearest the query are scanned) keeps it at a few ms.
APPROXIMATE_ABOVE = 100_000
# Measured at 300k generated passages (benchmarks/scale.py): an HNSW graph (M 32, efSearch 512)
# found only 0.80 of the exact top 10 there, as near-identical passages of many gemeenten crowd
# its neighbour lists; IVF with ~2*sqrt(n) cells, scanning 1/16 of them, found 0.98 in 2.4 ms.
CELLS_PER_SQRT = 2
SCANNED_SHARE = 16  # nprobe = cells / SCANNED_SHARE
TRAIN_PER_CELL = 50  # k-means training vectors per cell (faiss advises 30-256)
# A filter that leaves at most this many rows (one gemeente plus the national sources) is
# searched exactly over just those rows: cheaper than the cells, and never misses a row.
EXACT_FILTER_MAX = 20_000


def cells_for(size: int) -> int:
    return max(64, int(CELLS_PER_SQRT * size ** 0.5))


class VectorIndex:
    def __init__(self, index) -> None:
        self.index = index
        self._pending: list[np.ndarray] = []  # vectors waiting for the cells to be trained

    @classmethod
    def create(cls, dim: int, size: int) -> "VectorIndex":
        """An empty index of the kind that suits `size` vectors; fill it with `add`."""
        import faiss

        if size > APPROXIMATE_ABOVE:
            cells = cells_for(size)
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, cells, faiss.METRIC_INNER_PRODUCT)
            index.nprobe = max(1, cells // SCANNED_SHARE)
        else:
            index = faiss.IndexFlatIP(dim)
        return cls(index)

    @classmethod
    def build(cls, vectors: np.ndarray) -> "VectorIndex":
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        built = cls.create(vectors.shape[1], len(vectors))
        built.add(vectors)
        built.complete()
        return built

    def add(self, vectors: np.ndarray) -> None:
        """Add in row order. The cells are trained on the first vectors of a stream (TRAIN_PER_CELL
        per cell), which are held until then; `complete` trains on what came if fewer did."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self.index.is_trained:
            self.index.add(vectors)
            return
        self._pending.append(vectors)
        if sum(len(v) for v in self._pending) >= TRAIN_PER_CELL * self.index.nlist:
            self.complete()

    def complete(self) -> None:
        """Train the cells if still needed and add the held vectors (before saving or searching)."""
        import faiss

        if not self._pending:
            return
        held, self._pending = np.concatenate(self._pending), []
        if not self.index.is_trained:
            self.index.train(held)
            # Row -> vector lookups (exact search over a filter's rows) need the direct map.
            self.index.set_direct_map_type(faiss.DirectMap.Array)
        self.index.add(held)

    @classmethod
    def load(cls, path: Path) -> "VectorIndex":
        import faiss

        # One query per request thread: OpenMP threads inside a search only contend with the
        # other requests and processes (measured 20-30x slower on a busy 2-core machine).
        faiss.omp_set_num_threads(1)
        return cls(faiss.read_index(str(path)))

    def save(self, path: Path) -> None:
        import faiss

        self.complete()
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
        return hasattr(self.index, "nprobe")

    @property
    def probes(self) -> int:
        """Cells scanned per query (approximate index only); more is slower and finds more."""
        return int(self.index.nprobe) if self.approximate else 0

    @probes.setter
    def probes(self, value: int) -> None:
        self.index.nprobe = value

    def vectors_at(self, rows: np.ndarray | None = None) -> np.ndarray:
        """The stored vectors of `rows` (all when None), as a (rows, dim) array."""
        import faiss

        if not self.approximate:
            matrix = faiss.rev_swig_ptr(self.index.get_xb(), len(self) * self.index.d).reshape(len(self), self.index.d)
            return matrix if rows is None else np.ascontiguousarray(matrix[rows])
        if rows is None:
            return self.index.reconstruct_n(0, len(self))
        return self.index.reconstruct_batch(np.asarray(rows, dtype=np.int64))

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(row, cosine) pairs, best first; only rows where the boolean mask `allowed` is True."""
        if len(self) == 0 or k <= 0:
            return []
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if allowed is not None and self.approximate and np.count_nonzero(allowed) <= EXACT_FILTER_MAX:
            return self._exact(query, np.flatnonzero(allowed), k)
        return self._search(query, k, allowed)

    def exact(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Exhaustive search over every row: the reference for the recall of the graph."""
        return self._exact(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), None, k)

    def _exact(self, query: np.ndarray, rows: np.ndarray | None, k: int) -> list[tuple[int, float]]:
        import faiss

        matrix = self.vectors_at(rows)
        if len(matrix) == 0:
            return []
        scores, found = faiss.knn(query, matrix, min(k, len(matrix)), metric=faiss.METRIC_INNER_PRODUCT)
        found = found[0] if rows is None else rows[found[0]]
        return [(int(r), float(s)) for r, s in zip(found, scores[0]) if r >= 0]

    def _search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        import faiss

        k = min(k, len(self))
        params = faiss.SearchParametersIVF(nprobe=self.probes) if self.approximate else None
        if allowed is not None:
            # `bits` must outlive the search: the selector only points at it.
            bits = np.packbits(allowed.astype(np.uint8), bitorder="little")
            params = params or faiss.SearchParameters()
            params.sel = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
        scores, rows = self.index.search(query, k, params=params)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]
