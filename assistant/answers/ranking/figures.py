"""What a fit measured: recall and MRR of the passage ranking, and how often the answer decision
answers, each cross-validated (every question scored by models fitted without it) beside the
fitted models' and the fused search's own figures."""
from __future__ import annotations

import numpy as np

from assistant.answers.ranking.fitting import Case, FitResult


def retrieval_figures(cases: tuple[Case, ...], scores_of) -> dict:
    """recall@k and MRR@10 of the order given by `scores_of(case)`."""
    ranks = []
    for c in cases:
        if not c.has_gold:
            continue
        order = np.argsort(-scores_of(c), kind="stable")
        gold = [position for position, i in enumerate(order[:10], start=1) if c.passage_labels[i]]
        ranks.append(gold[0] if gold else None)
    n = max(1, len(ranks))
    out = {f"recall@{k}": round(sum(1 for r in ranks if r and r <= k) / n, 3) for k in (1, 3, 5, 10)}
    out["mrr@10"] = round(sum(1 / r for r in ranks if r) / n, 3)
    out["questions"] = len(ranks)
    return out


def decision_figures(result: FitResult) -> dict:
    """Out of fold: how often the decision (model at its fold's threshold, and the checks)
    answers answerable questions whose evidence holds the gold passage, and out-of-scope ones."""
    def answers(c: Case) -> bool:
        return c.decision_row is not None and c.checks_pass and \
            c.decision_score >= result.fold_models[c.fold].answer_threshold
    answerable = [c for c in result.cases if c.item.get("answerable") and c.item.get("category") != "adversarial"]
    out = [c for c in result.cases if c.item.get("category") == "out_of_scope"]
    return {"answered_of_answerable": round(sum(map(answers, answerable)) / max(1, len(answerable)), 3),
            "out_of_scope_not_answered": round(1 - sum(map(answers, out)) / max(1, len(out)), 3)}


def figures(result: FitResult) -> dict:
    """Cross-validated (each question by models fitted without it), fitted (in-sample) and the
    index's fused order, side by side."""
    cases = result.cases
    return {
        "cross_validated": retrieval_figures(cases, lambda c: c.passage_scores),
        "fitted": retrieval_figures(cases, lambda c: result.models.passage.probability(c.passage_rows)),
        "fused_search": retrieval_figures(cases, lambda c: -np.arange(len(c.ranked.hits), dtype=float)),
        "decision_cross_validated": decision_figures(result),
    }
