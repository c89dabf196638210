"""benchmarks/unseen.py: which sets count as unseen, and how one answer is counted."""
from __future__ import annotations

import json

from benchmarks.unseen import outcome, unseen_sets
from assistant.answers.ranking.models import MODELS_FILE


def test_the_unseen_sets_are_those_the_shipped_models_were_not_fitted_on():
    fitted = {n.strip() for n in json.loads(MODELS_FILE.read_text())["info"]["fitted_on"].split(",")}
    names = [p.name for p in unseen_sets()]
    assert names and not fitted & set(names)
    assert {p.name for p in unseen_sets(include_training=True)} >= set(names) | (fitted - {"dev.jsonl"})
    held = [n for n in names if n.startswith("rules_questions_heldout")]
    assert held == sorted(held, key=lambda n: int(n.removeprefix("rules_questions_heldout").removesuffix(".jsonl")))


def test_an_answer_counts_as_gold_only_when_a_citation_holds_the_gold_quote():
    item = {"answerable": True, "gold_quotes": ["bedraagt 125 minuten"], "must_include": ["125 minuten"]}
    right = {"status": "answered", "answer": "De norm is 125 minuten.", "citations": [{"text": "Dit bedraagt 125 minuten per week."}]}
    elsewhere = {"status": "answered", "answer": "De norm is 125 minuten.", "citations": [{"text": "Iets anders."}]}
    refused = {"status": "not_found", "answer": "", "citations": []}
    assert outcome(item, right) == {"answerable": 1, "gold": 1, "must": 1}
    assert outcome(item, elsewhere)["no_gold"] == 1 and outcome(item, refused)["refused"] == 1
    unanswerable = {"answerable": False, "category": "out_of_scope"}
    assert outcome(unanswerable, right)["unanswerable_answered"] == 1
    assert outcome(unanswerable, refused)["unanswerable_answered"] == 0
