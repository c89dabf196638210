import numpy as np
import pytest

import index.vectors as vectors
from index.vectors import VectorIndex


def unit_rows(n: int, dim: int = 16, seed: int = 3) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("approximate_above", [10_000, 100])
def test_filtered_search_returns_only_allowed_rows_and_the_exact_best_among_them(monkeypatch, approximate_above):
    monkeypatch.setattr(vectors, "APPROXIMATE_ABOVE", approximate_above)
    x = unit_rows(2000)
    index = VectorIndex.build(x)
    assert index.approximate == (approximate_above == 100)
    allowed = np.zeros(len(x), dtype=bool)
    allowed[500:560] = True  # few rows: searched exactly even in the graph
    best = 500 + np.argsort(-(x[500:560] @ x[7]))[:5]
    assert [r for r, _ in index.search(x[7], 5, allowed)] == best.tolist()
    assert index.search(x[7], 5, np.zeros(len(x), dtype=bool)) == []


def test_graph_search_with_a_broad_filter_skips_excluded_rows(monkeypatch):
    monkeypatch.setattr(vectors, "APPROXIMATE_ABOVE", 100)
    monkeypatch.setattr(vectors, "EXACT_FILTER_MAX", 10)
    x = unit_rows(1500)
    index = VectorIndex.build(x)
    allowed = np.arange(len(x)) % 3 != 0
    found = [r for r, _ in index.search(x[9], 20, allowed)]
    assert len(found) == 20 and all(r % 3 != 0 for r in found)
    exact = [r for r, _ in index.exact(x[9], 10)]
    assert exact[0] == 9 and index.search(x[9], 1)[0][0] == 9
