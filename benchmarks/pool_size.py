"""How many ranked passages compete for the answer (evidence.POOL), measured end to end by
grouped cross-validation: for each size the models are fitted as `make cv` fits them and every dev
question is answered over /api/ask by the models of the fold that left it out.

    .venv/bin/python benchmarks/pool_size.py [--sizes 3 4 5 6]

Measured on the 115-question dev set (answered / must_include / cited-gold / out of scope not
answered): 3: .851 / .479 / .649 / .933; 4: .915 / .511 / .691 / .933; 5: .926 / .500 / .691 /
.867; 6: .915 / .532 / .702 / .867. Four is the largest pool that keeps out-of-scope questions
unanswered at the required .90: more passages give an off-topic question more sentences to match.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
# As `make cv`: the sentence model also learns from the rules questions, held-out 6 left out.
RULES = sorted(p for p in (ROOT / "benchmarks").glob("rules_questions*.jsonl") if "heldout6" not in p.name)
KEYS = ("answered_rate", "must_include_rate", "cited_gold_rate", "refusal_out_of_scope")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=int, default=[3, 4, 5, 6])
    args = parser.parse_args()
    os.environ["ASSISTANT_RATE_LIMIT"] = "off"

    import assistant.answers.evidence as evidence
    from assistant.cli.main import main as cli

    shipped = evidence.POOL
    print("| passages in the pool | answered | must_include | cited-gold | out of scope not answered |")
    print("|---|---|---|---|---|")
    for size in args.sizes:
        evidence.POOL = size  # read by every answer and by the fitting
        out = io.StringIO()
        sentence_sets = [arg for path in RULES for arg in ("--sentences-from", str(path))]
        with contextlib.redirect_stdout(out):
            cli(["eval", "--json-output", "--cv", str(DEV), *sentence_sets], standalone_mode=False)
        answers = json.loads(out.getvalue())["answers"]
        mark = " (shipped)" if size == shipped else ""
        print(f"| {size}{mark} | " + " | ".join(f"{answers[k]:.3f}" for k in KEYS) + " |", flush=True)
    evidence.POOL = shipped


if __name__ == "__main__":
    main()
