"""Rank fusion: combine several ranked lists of ids into one ranking. Pure functions."""
from __future__ import annotations

from collections import defaultdict
from typing import Hashable, Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Hashable]],
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
) -> list[tuple[Hashable, float]]:
    """score(id) = sum_i weight_i / (k + rank_i(id)), rank starting at 1; best first.

    Ties keep the order in which ids were first seen, so results are deterministic.
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[Hashable, float] = defaultdict(float)
    first_seen: dict[Hashable, int] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] += weight / (k + rank)
            first_seen.setdefault(item, len(first_seen))
    return sorted(scores.items(), key=lambda kv: (-kv[1], first_seen[kv[0]]))


def min_max(scores: dict[Hashable, float]) -> dict[Hashable, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    span = high - low
    return {item: (value - low) / span if span else 1.0 for item, value in scores.items()}


def convex_fusion(
    dense: Sequence[tuple[Hashable, float]],
    keyword: Sequence[tuple[Hashable, float]],
    alpha: float = 0.5,
) -> list[tuple[Hashable, float]]:
    """alpha * minmax(dense) + (1 - alpha) * minmax(keyword), best first.

    Unlike RRF this keeps the size of score gaps: a passage far ahead on BM25 stays ahead. An
    item missing from one list gets that list's lowest normalised score (0), not a penalty.
    """
    d, k = min_max(dict(dense)), min_max(dict(keyword))
    order = list(dict.fromkeys([item for item, _ in dense] + [item for item, _ in keyword]))
    scores = {item: alpha * d.get(item, 0.0) + (1 - alpha) * k.get(item, 0.0) for item in order}
    position = {item: i for i, item in enumerate(order)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], position[kv[0]]))
