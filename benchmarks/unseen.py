"""Answers on the question sets the shipped models never learned from, printed, not asserted.

    .venv/bin/python benchmarks/unseen.py [--all] [--json OUT]

The sets are every `benchmarks/*.jsonl` not named in the models' `fitted_on` (see `make models`),
so a new held-out set counts as soon as it is added. Each question is asked once over /api/ask
with the shipped models; per set and in total it prints how the answerable questions fared
(answered citing a passage that holds the gold quote, answered without one, not answered) and how
many questions the sources do not answer were answered anyway, with must_include. `--all` adds
the training sets (their figures are then fitted, not unseen); `--json` writes every answer, for
comparing two versions answer by answer.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLUMNS = ("gold", "no_gold", "refused", "must", "answerable", "unanswerable_answered", "unanswerable")


def unseen_sets(include_training: bool = False) -> list[Path]:
    from assistant.answers.ranking.models import MODELS_FILE

    info = json.loads(MODELS_FILE.read_text(encoding="utf-8")).get("info", {})
    fitted = {name.strip() for name in info.get("fitted_on", "").split(",")}
    def natural(path: Path) -> list:  # held-out 9 before held-out 10
        return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.stem)]

    return sorted((p for p in (ROOT / "benchmarks").glob("*.jsonl") if include_training or p.name not in fitted), key=natural)


def outcome(item: dict, body: dict) -> Counter:
    """One question's contribution to COLUMNS."""
    from assistant.answers.evaluation import normalise

    counts: Counter = Counter()
    answered = body.get("status") == "answered"
    if not item.get("answerable"):
        counts["unanswerable"] += 1
        counts["unanswerable_answered"] += answered
        return counts
    counts["answerable"] += 1
    golds = [normalise(q) for q in item.get("gold_quotes", [])]
    cited = any(any(g in normalise(c.get("text", "")) for g in golds) for c in body.get("citations", []))
    counts["gold" if answered and cited else "no_gold" if answered else "refused"] += 1
    answer = normalise(body.get("answer", ""))
    counts["must"] += answered and all(normalise(m) in answer for m in item.get("must_include", []))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also the sets the models were fitted on")
    parser.add_argument("--json", type=Path, help="write every answer to this file")
    args = parser.parse_args()

    from assistant import create_app
    from assistant.answers.evaluation import load_questions
    from index.embedder import default_model_path, load_embedder

    app = create_app({"EMBEDDER": load_embedder(default_model_path()), "DATA_DIR": tempfile.mkdtemp(), "RATE_LIMIT": "off"})
    client = app.test_client()
    total: Counter = Counter()
    answers = {}
    print(f"| set | {' | '.join(COLUMNS)} |\n|---|{'---|' * len(COLUMNS)}")
    for path in unseen_sets(args.all):
        counts: Counter = Counter()
        for item in load_questions(path):
            body = client.post("/api/ask", json={"question": item["question"]}).get_json(silent=True) or {}
            counts += outcome(item, body)
            answers[f"{path.stem}:{item['id']}"] = {"question": item["question"], "status": body.get("status"),
                                                    "answer": body.get("answer", "")}
        total += counts
        print(f"| {path.stem} | {' | '.join(str(counts[c]) for c in COLUMNS)} |")
    print(f"| total | {' | '.join(str(total[c]) for c in COLUMNS)} |")
    if args.json:
        args.json.write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
