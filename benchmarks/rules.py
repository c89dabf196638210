"""Figures for the shipped municipal rules (knowledge/rules/), printed, not asserted.

    .venv/bin/python benchmarks/rules.py import            # parse + store throughput, no model
    .venv/bin/python benchmarks/rules.py answers [FILE]     # over the built index (real model)

`answers` asks every question of benchmarks/rules_questions.jsonl through /api/ask and reports,
for the questions the rules cannot answer (a fact they do not state, or a gemeente without
rules), the share NOT answered with another gemeente's rule, and how many of the facts not stated
are not answered at all; and, for the answerable ones, the
share whose answer leads with the asked gemeente's own rule. Recall, answered, must_include and
cited-gold come from `python -m assistant eval benchmarks/rules_questions.jsonl`.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = ROOT / "benchmarks" / "rules_questions.jsonl"


def import_throughput(rounds: int = 10) -> None:
    from index.imports import import_documents
    from index.layout import IndexLayout
    from knowledge.rule_files import DEFAULT_RULES, parse_rule_file

    files = [p for p in sorted(DEFAULT_RULES.glob("*.md")) if p.name != "SOURCES.md"]
    started = time.perf_counter()
    pairs = [parse_rule_file(p) for _ in range(rounds) for p in files]
    parsed = time.perf_counter() - started
    passages = sum(len(c) for _, c in pairs) // rounds
    with tempfile.TemporaryDirectory() as warm:  # the first call pays for loading the stemmer
        import_documents(IndexLayout(Path(warm)), pairs[:1])
    with tempfile.TemporaryDirectory() as tmp:
        layout = IndexLayout(Path(tmp))
        started = time.perf_counter()
        import_documents(layout, pairs[: len(files)])
        stored = time.perf_counter() - started
    size = sum(p.stat().st_size for p in files)
    print(f"{len(files)} regulations, {size / 1e3:.0f} kB markdown, {passages} passages")
    print(f"parse: {parsed / rounds * 1000:.0f} ms per round ({passages * rounds / parsed:.0f} passages/s)")
    print(f"store (one transaction): {stored * 1000:.0f} ms ({passages / stored:.0f} passages/s)")


def cited_rule_gemeenten(index, citations: list[dict]) -> set[str]:
    documents = [index.documents.get(c["document"]["id"]) for c in citations]
    return {d.gemeente for d in documents if d is not None and d.origin == "import" and d.gemeente}


def answers(path: Path) -> None:
    from assistant import create_app
    from assistant.rules.filters import same_gemeente
    from assistant.rules.gemeenten import find_gemeenten, rule_gemeenten_of
    from assistant.web.extensions import get_index
    from index.embedder import default_model_path, load_embedder

    app = create_app({"EMBEDDER": load_embedder(default_model_path()), "DATA_DIR": tempfile.mkdtemp(), "RATE_LIMIT": "off"})
    client = app.test_client()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    clean = unanswerable = led = local = said_no_rules = without_rules = unstated = refused_unstated = 0
    with app.app_context():
        index = get_index()
        for row in rows:
            data = client.post("/api/ask", json={"question": row["question"]}).get_json()
            # The set's gemeente field, or (a set that gives it only where the widget would send it)
            # the gemeenten with rules that the question names.
            asked = [g.strip() for g in (row.get("gemeente") or "").split(",") if g.strip()] or [
                g for g in find_gemeenten(row["question"], rule_gemeenten_of(index))]
            cited = cited_rule_gemeenten(index, data.get("citations", []))
            foreign = {g for g in cited if not any(same_gemeente(g, a) for a in asked)}
            if not row["answerable"]:
                unanswerable += 1
                clean += not foreign
                if foreign:
                    print(f"  {row['id']} answered with the rule of {sorted(foreign)}: {row['question']}")
                if row["category"] == "niet_in_regels":  # answered at all, it quotes an article that does not say it
                    unstated += 1
                    refused_unstated += data.get("status") != "answered"
                if row["category"] == "gemeente_zonder_regels":
                    without_rules += 1
                    answer = data.get("answer", "")  # in Dutch, or in English under an English question
                    said_no_rules += "zijn nog geen regels geladen" in answer or "are not loaded yet" in answer
            elif row["category"] == "gemeente_regel":
                local += 1
                led += data.get("answer", "").startswith(f"In {asked[0]} geldt")
    print(f"unanswerable not answered with another gemeente's rule: {clean}/{unanswerable} = {clean / max(unanswerable, 1):.2f}")
    print(f"facts the rules do not state, not answered at all: {refused_unstated}/{unstated}")
    print(f"gemeente without rules, answer says so: {said_no_rules}/{without_rules}")
    print(f"one-gemeente questions whose answer leads with that gemeente's rule: {led}/{local} = {led / max(local, 1):.2f}")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "import"
    if what == "import":
        import_throughput()
    else:
        answers(Path(sys.argv[2]) if len(sys.argv) > 2 else QUESTIONS)
