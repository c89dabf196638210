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
    allowed[500:560] = True  # few rows: searched exactly even in the approximate index
    best = 500 + np.argsort(-(x[500:560] @ x[7]))[:5]
    assert [r for r, _ in index.search(x[7], 5, allowed)] == best.tolist()
    assert index.search(x[7], 5, np.zeros(len(x), dtype=bool)) == []


def test_approximate_search_with_a_broad_filter_skips_excluded_rows(monkeypatch):
    monkeypatch.setattr(vectors, "APPROXIMATE_ABOVE", 100)
    monkeypatch.setattr(vectors, "EXACT_FILTER_MAX", 10)
    x = unit_rows(1500)
    index = VectorIndex.build(x)
    allowed = np.arange(len(x)) % 3 != 0
    found = [r for r, _ in index.search(x[9], 20, allowed)]
    assert len(found) == 20 and all(r % 3 != 0 for r in found)
    exact = [r for r, _ in index.exact(x[9], 10)]
    assert exact[0] == 9 and index.search(x[9], 1)[0][0] == 9


def test_streamed_approximate_index_keeps_row_order_and_finds_most_of_the_exact_top_10(monkeypatch, tmp_path):
    monkeypatch.setattr(vectors, "APPROXIMATE_ABOVE", 100)
    monkeypatch.setattr(vectors, "TRAIN_PER_CELL", 10)
    rng = np.random.default_rng(4)  # texts form topics: clustered vectors, as embeddings are
    x = unit_rows(40, dim=32)[rng.integers(0, 40, 3000)] + 0.15 * rng.normal(size=(3000, 32)).astype(np.float32)
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    index = VectorIndex.create(32, len(x))
    for start in range(0, len(x), 250):  # windows, as a build adds them; cells trained after 1,090
        index.add(x[start : start + 250])
    index.save(tmp_path / "v.faiss")
    loaded = VectorIndex.load(tmp_path / "v.faiss")
    assert loaded.approximate and len(loaded) == len(x)
    assert np.allclose(loaded.vectors_at(np.array([5, 2999])), x[[5, 2999]])  # row order kept
    assert all(loaded.search(x[i], 1)[0][0] == i for i in range(0, 3000, 97))
    found = sum(len({r for r, _ in loaded.search(x[i], 10)} & {r for r, _ in loaded.exact(x[i], 10)})
                for i in range(0, 3000, 30))
    assert found / (10 * 100) >= 0.9
