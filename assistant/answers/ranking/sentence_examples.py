"""Sentence examples from further question sets, for the sentence model only.

The dev set's passages are national letters and reports, where the answer often opens a
passage. In a regulation the asked rule is one lid among many, and a sentence model fitted on
the dev set alone often quotes a neighbouring lid. Questions about the municipal rules add what
such passages look like. Their pools are built as the service builds them: the gemeente's own
articles first (`local_rules`), the national search after, the question as the composer reads it.
Only the sentence model learns from them: the passage ranking and the answer decision stay
fitted on the dev set, whose mix of questions they are calibrated for.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from assistant.answers.answering import evidence_for
from assistant.answers.evidence import pool_of
from assistant.answers.local_rules import local_rules
from assistant.answers.question import read_question
from assistant.answers.ranking.features import question_facts
from assistant.answers.ranking.linear import LinearModel
from assistant.answers.retrieval import scope_of
from index.search import HybridIndex


@dataclass(frozen=True)
class SentenceExample:
    """One question's pool: UNIT_FEATURES rows and whether each unit is part of a gold quote."""

    question_id: str
    rows: np.ndarray
    labels: np.ndarray


def sentence_examples(index: HybridIndex, passage: LinearModel | None, items: list[dict], label) -> list[SentenceExample]:
    """Pools of the answerable questions among `items`, with the passages ranked by `passage`;
    `label(quote, item)` says whether a unit belongs to the answer."""
    examples = []
    for item in items:
        if not item.get("gold_quotes"):
            continue
        question = read_question(item["question"])
        if question.refusable or question.personal_info_request:
            continue
        scope = scope_of(index, question.search_text)
        asked = dataclasses.replace(question, search_text=scope.text)
        local = local_rules(index, asked.search_text, scope.gemeente, scope.peildatum)
        composed, ranked, _ = evidence_for(index, passage, asked, scope, (), local)
        facts = question_facts(composed.search_text, composed.english, None, index)
        pool = pool_of(ranked, facts, index)
        if pool.units and facts.stems:
            labels = np.array([label(u.quote, item) for u in pool.units], dtype=int)
            examples.append(SentenceExample(str(item.get("id", "")), pool.rows, labels))
    return examples
