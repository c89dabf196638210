"""The spelling-correction cache is bounded, and still corrects."""
from __future__ import annotations

import random

from index import search
from index.embedder import HashingEmbedder
from index.layout import IndexLayout
from index.search import HybridIndex


def test_corrections_cache_stays_bounded(hashing_index_dir, monkeypatch):
    monkeypatch.setattr(search, "CORRECTIONS_CACHED", 50)
    index = HybridIndex(IndexLayout(hashing_index_dir), HashingEmbedder())
    rng = random.Random(7)
    for _ in range(500):
        index.correct("".join(rng.choices("bcdfghklmnprst", k=14)))
    assert len(index._corrections) == 50
    assert index.correct("parkeerkart") == "parkeerkaart"  # the typo in the README example
