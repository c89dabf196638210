"""The dense weight of the convex fusion, measured by grouped cross-validation on the dev set.

    .venv/bin/python benchmarks/fusion_weight.py [QUESTIONS] [--weights 0.2 0.3 ...]

For each weight the candidates are searched again (the weight decides which 30 passages the
passage model ranks, and the fused score is one of its features), the passage model is fitted
per fold as `assistant fit` does (5 folds by question), and the cross-validated recall and MRR of
its ranking are printed beside those of the fused order alone.

Measured on the 115-question dev set: 0.4 and 0.5 tie at the top (cross-validated recall@1 .660,
MRR@10 .747 / .748); 0.2-0.3 and 0.6-0.7 rank worse (recall@1 .628-.649). A change of the
shipped weight is worth a refit only when it wins by more than one question.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="?", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--weights", nargs="+", type=float, default=[0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
    args = parser.parse_args()
    os.environ["ASSISTANT_RATE_LIMIT"] = "off"

    import index.search
    from assistant.answers.evaluation import load_questions
    from assistant.answers.ranking.figures import retrieval_figures
    from assistant.answers.ranking.fitting import FOLDS, collect, fit_passages
    from assistant.cli.main import layout, model_name_or_path
    from index.embedder import load_embedder

    searcher = index.search.HybridIndex(layout(), load_embedder(model_name_or_path()))
    items = load_questions(args.questions)
    shipped = index.search.DENSE_WEIGHT
    rows = []
    for weight in args.weights:
        index.search.DENSE_WEIGHT = weight  # read by every search: the candidates change with it
        cases = tuple(collect(searcher, items))
        models = {f: fit_passages([c for c in cases if c.fold != f]) for f in range(FOLDS)}
        cv = retrieval_figures(cases, lambda c: models[c.fold].probability(c.passage_rows))
        fused = retrieval_figures(cases, lambda c: -np.arange(len(c.ranked.hits), dtype=float))
        rows.append({"dense_weight": weight, "shipped": weight == shipped, "cross_validated": cv, "fused_search": fused})
        print(json.dumps(rows[-1]), flush=True)
    index.search.DENSE_WEIGHT = shipped
    print("\n| dense weight | CV recall@1 | @3 | @5 | @10 | CV MRR@10 | fused recall@1 | fused recall@10 |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        cv, fused = r["cross_validated"], r["fused_search"]
        mark = " (shipped)" if r["shipped"] else ""
        print(f"| {r['dense_weight']}{mark} | {cv['recall@1']} | {cv['recall@3']} | {cv['recall@5']} | {cv['recall@10']} "
              f"| {cv['mrr@10']} | {fused['recall@1']} | {fused['recall@10']} |")


if __name__ == "__main__":
    main()
