"""Ranking a question's candidate passages with the passage model."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.answers.ranking.features import QuestionFacts, passage_features
from assistant.answers.ranking.linear import LinearModel
from index.search import Hit, HybridIndex


@dataclass(frozen=True)
class Ranked:
    """Passages best first, with what the answer step needs to know about each."""

    hits: tuple[Hit, ...]
    scores: tuple[float, ...]  # passage model probability
    sims: tuple[dict[int, float], ...]  # sentence start -> cosine with the question
    vector: object  # the query vector (numpy), None for keyword-only searches

    def extended(self, index: HybridIndex, extra: list[Hit], score: float) -> "Ranked":
        """Passages put forward by another source (the covenant registry), at a given score."""
        known = {h.chunk.id for h in self.hits}
        extra = [h for h in extra if h.chunk.id not in known]
        return Ranked(self.hits + tuple(extra), self.scores + (score,) * len(extra),
                      self.sims + tuple(index.unit_similarities_of(self.vector, extra)), self.vector)


def rank_hits(index: HybridIndex, hits: list[Hit], vector, facts: QuestionFacts, model: LinearModel | None) -> Ranked:
    """All candidates, best first by the passage model (or in search order without one)."""
    sims = index.unit_similarities_of(vector, hits)
    if model is None or not hits:
        return Ranked(tuple(hits), tuple(h.score for h in hits), tuple(sims), vector)
    scores = model.probability(passage_features(facts, hits, sims, index))
    order = np.argsort(-scores, kind="stable")
    return Ranked(tuple(hits[i] for i in order), tuple(float(scores[i]) for i in order),
                  tuple(sims[i] for i in order), vector)
