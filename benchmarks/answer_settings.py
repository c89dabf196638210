"""Two sizes of the answer pipeline, measured end to end by grouped cross-validation: for each
value the models are fitted as `make cv` fits them and every dev question is answered over
/api/ask by the models of the fold that left it out.

    .venv/bin/python benchmarks/answer_settings.py [--pool 3 4 5 6] [--candidates 20 30]

`--pool`: passages whose sentences compete for the answer (evidence.POOL). `--candidates`:
passages the passage model ranks (retrieval.CANDIDATES). Measured on the 115-question dev set
(answered / must_include / cited-gold / out of scope not answered):

| setting | answered | must | cited | out of scope |
|---|---|---|---|---|
| pool 3 | .851 | .479 | .649 | .933 |
| **pool 4, 30 candidates (shipped)** | .915 | .511 | .691 | .933 |
| pool 5 | .926 | .500 | .691 | .867 |
| pool 6 | .915 | .532 | .702 | .867 |
| 20 candidates | .862 | .479 | .649 | .867 |

More passages in the pool give an off-topic question more sentences to match; four is the
largest pool that keeps out-of-scope questions unanswered at the required .90. Twenty candidates
rank the gold passage first more often (passage model alone, recall@1 .681 against .660) but the
answer decision, calibrated on the candidates it sees, then answers worse.
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


def cross_validated_answers() -> dict:
    from assistant.cli.main import main as cli

    out = io.StringIO()
    sentence_sets = [arg for path in RULES for arg in ("--sentences-from", str(path))]
    with contextlib.redirect_stdout(out):
        cli(["eval", "--json-output", "--cv", str(DEV), *sentence_sets], standalone_mode=False)
    return json.loads(out.getvalue())["answers"]


def sweep(module, name: str, values: list[int], label: str) -> None:
    """Each value set on `module.name` (read at every call) for one cross-validated run."""
    shipped = getattr(module, name)
    for value in values:
        setattr(module, name, value)
        answers = cross_validated_answers()
        mark = " (shipped)" if value == shipped else ""
        print(f"| {label} {value}{mark} | " + " | ".join(f"{answers[k]:.3f}" for k in KEYS) + " |", flush=True)
    setattr(module, name, shipped)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pool", nargs="*", type=int, default=[3, 4, 5, 6])
    parser.add_argument("--candidates", nargs="*", type=int, default=[20, 30])
    args = parser.parse_args()
    os.environ["ASSISTANT_RATE_LIMIT"] = "off"

    import assistant.answers.evidence as evidence
    import assistant.answers.retrieval as retrieval

    print("| setting | answered | must_include | cited-gold | out of scope not answered |")
    print("|---|---|---|---|---|")
    sweep(evidence, "POOL", args.pool, "pool")
    sweep(retrieval, "CANDIDATES", args.candidates, "candidates")


if __name__ == "__main__":
    main()
