"""Fit the passage, sentence and decision models on a question set, with grouped k-fold CV.

Folds are by question: every question is scored by models fitted without it. The three models
are fitted in order (passages, then sentences of the passages ranked out of fold, then the answer
decision on the evidence chosen out of fold), so each stage sees what it will see in service.
The operating points are fitted too: the sentence threshold is the highest at which the chosen
sentences hold all the facts a question asks for about as often as at the best one; the answer threshold is the lowest at which at most MAX_OUT_OF_SCOPE of the training folds'
out-of-scope questions would be answered.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from assistant.answers.answering import SEARCH_K, with_topic_names, without_gemeente
from assistant.answers.evaluation import normalise
from assistant.answers.composer import holds_what_is_asked
from assistant.answers.local_rules import LocalRules, first, local_rules
from assistant.answers.evidence import Pool, choose, coverage_of, pool_of
from assistant.answers.question import Question, read_question
from assistant.answers.ranking.features import (
    DECISION_FEATURES,
    PASSAGE_FEATURES,
    UNIT_FEATURES,
    QuestionFacts,
    decision_features,
    passage_features,
    question_facts,
)
from assistant.answers.ranking.linear import LinearModel, fit_linear
from assistant.answers.ranking.models import Models
from assistant.answers.ranking.ranker import Ranked
from assistant.answers.ranking.sentence_examples import SentenceExample, sentence_examples
from assistant.answers.question import clean_query
from assistant.rules.gemeenten import has_rules_in
from assistant.answers.retrieval import retrieve, scope_of
from index.search import HybridIndex

# Questions the sources do not answer: out of scope, or a fact a loaded gemeente's rules do not
# state. Their evidence is the decision's negative class and they set its operating point. (A
# gemeente without loaded rules is answered nationally, as designed: not one of them.)
UNANSWERED = ("out_of_scope", "niet_in_regels")
FOLDS = 5
SEED = 0
MAX_OUT_OF_SCOPE = 0.10
THRESHOLDS = np.round(np.arange(0.1, 0.95, 0.1), 2)


@dataclass
class Case:
    """One question with its candidates, features and labels."""

    item: dict
    question: Question
    composed: Question
    ranked: Ranked  # candidates in fused order
    passage_rows: np.ndarray
    passage_labels: np.ndarray
    unit_facts: QuestionFacts
    local: LocalRules | None = None  # the gemeente's own articles, which lead the pool in service
    fold: int = 0
    passage_scores: np.ndarray = field(default_factory=lambda: np.zeros(0))  # out of fold
    pool: Pool | None = None
    service_pool: Pool | None = None  # `pool` with the gemeente's own articles first, as the service answers
    unit_labels: np.ndarray = field(default_factory=lambda: np.zeros(0))
    unit_scores: np.ndarray = field(default_factory=lambda: np.zeros(0))  # out of fold
    decision_row: np.ndarray | None = None
    checks_pass: bool = False  # the evidence holds what this kind of question asks for
    decision_score: float = 0.0  # out of fold

    @property
    def has_gold(self) -> bool:
        return bool(self.item.get("gold_quotes"))

    @property
    def decision_label(self) -> int | None:
        """1: answerable and the evidence holds a gold passage; 0: not answered by the sources; else unused."""
        if self.item.get("category") in UNANSWERED:
            return 0
        if self.item.get("answerable") and self.item.get("category") != "adversarial" and self.service_pool is not None:
            return int(any(holds_gold(h.chunk.text, self.item) for h in self.service_pool.hits))
        return None


def holds_gold(text: str, item: dict) -> bool:
    body = normalise(text)
    return any(normalise(q) in body for q in item.get("gold_quotes", []))


def unit_label(quote: str, item: dict) -> int:
    unit = normalise(quote)
    return int(len(unit) > 3 and any(unit in (g := normalise(q)) or g in unit for q in item.get("gold_quotes", [])))


def collect(index: HybridIndex, items: list[dict]) -> list[Case]:
    """Candidates and passage features of every question the service would search for."""
    cases = []
    for item in items:
        question = read_question(item["question"])
        if question.refusable or question.personal_info_request:
            continue
        scope = scope_of(index, question.search_text)
        ranked = retrieve(index, scope, None)
        if not ranked.hits:
            continue
        cleaned = clean_query(scope.text)
        facts = question_facts(cleaned, question.english, scope.gemeente, index)
        rows = passage_features(facts, list(ranked.hits), list(ranked.sims), index)
        labels = np.array([holds_gold(h.chunk.text, item) for h in ranked.hits], dtype=int)
        # As `answering.evidence_for` reads it: the sentence and decision models learn from the
        # pools the service answers from, where a gemeente's own articles lead.
        local = local_rules(index, scope.text, scope.gemeente, scope.peildatum, ranked.vector, scope.named_in_question)
        composed = dataclasses.replace(question, search_text=scope.text)
        for name in local.gemeenten or (scope.gemeente,):
            composed = without_gemeente(composed, name, bool(name and has_rules_in(index, name)), scope.named_in_question)
        composed = with_topic_names(composed)
        if local.gemeenten:
            composed = dataclasses.replace(composed, compared=local.gemeenten)
        unit_facts = question_facts(composed.search_text, composed.english, None, index)
        cases.append(Case(item, question, composed, ranked, rows, labels, unit_facts, local))
    assign_folds(cases)
    return cases


def assign_folds(cases: list[Case]) -> None:
    order = np.random.default_rng(SEED).permutation(len(cases))
    for position, i in enumerate(order):
        cases[i].fold = position % FOLDS


def reorder(case: Case, scores: np.ndarray) -> Ranked:
    order = np.argsort(-scores, kind="stable")[:SEARCH_K]
    r = case.ranked
    return Ranked(tuple(r.hits[i] for i in order), tuple(float(scores[i]) for i in order),
                  tuple(r.sims[i] for i in order), r.vector)


def fit_passages(cases: list[Case]) -> LinearModel:
    return fit_linear(np.vstack([c.passage_rows for c in cases]), np.concatenate([c.passage_labels for c in cases]),
                      PASSAGE_FEATURES)


def fit_units(cases: list[Case], extra: list[SentenceExample] = ()) -> LinearModel:
    usable = [c for c in cases if c.pool is not None and len(c.unit_labels)]
    rows = [c.pool.rows for c in usable] + [e.rows for e in extra]
    return fit_linear(np.vstack(rows), np.concatenate([c.unit_labels for c in usable] + [e.labels for e in extra]),
                      UNIT_FEATURES)


def sentence_threshold(cases: list[Case], index: HybridIndex) -> float:
    """The highest threshold whose chosen sentences (out-of-fold scores) hold every fact the
    question asks for within one standard error of the best threshold's share (the one-standard-
    error rule): a lower threshold that holds one more question's facts adds sentences to every
    answer, and over a few hundred questions that one question is noise."""
    usable = [c for c in cases if c.item.get("answerable") and c.item.get("must_include") and c.pool is not None
              and c.pool.units and c.unit_facts.stems]
    if not usable:
        return 0.5
    shares = {}
    for t in THRESHOLDS:
        held = 0
        for c in usable:
            _, units = choose(c.pool, c.unit_scores, float(t), c.unit_facts, c.composed, index)
            text = normalise(" ".join(u.rendered for u in units))
            held += all(normalise(m) in text for m in c.item["must_include"])
        shares[float(t)] = held / len(usable)
    return parsimonious_threshold(shares, len(usable))


def parsimonious_threshold(shares: dict[float, float], questions: int) -> float:
    """The highest threshold whose share is within one standard error (binomial, over
    `questions`) of the best share."""
    best = max(shares.values())
    floor = best - math.sqrt(best * (1 - best) / max(1, questions))
    return max(t for t, share in shares.items() if share >= floor - 1e-12)


def fit_decision(cases: list[Case]) -> tuple[LinearModel, float]:
    usable = [c for c in cases if c.decision_label is not None and c.decision_row is not None]
    model = fit_linear(np.vstack([c.decision_row for c in usable]), np.array([c.decision_label for c in usable]),
                       DECISION_FEATURES)
    return model, operating_point(usable)


def operating_point(cases: list[Case]) -> float:
    """The answer threshold for the whole decision: model probability and checks together."""
    out_of_scope = [c for c in cases if c.item.get("category") in UNANSWERED]
    return answer_threshold([c.decision_score for c in out_of_scope if c.checks_pass], len(out_of_scope),
                            prior_floor(cases))


def answer_threshold(out_of_scope_scores: list[float], total: int | None = None, floor: float = 0.0) -> float:
    """Lowest threshold at which at most MAX_OUT_OF_SCOPE of `total` out-of-scope questions
    would be answered; `out_of_scope_scores` are those the checks by kind of question let through.
    Never below `floor` (see `prior_floor`)."""
    ordered = sorted(out_of_scope_scores, reverse=True)
    allowed = math.floor(MAX_OUT_OF_SCOPE * (len(ordered) if total is None else total))
    point = ordered[allowed] + 1e-6 if len(ordered) > allowed else 0.0
    return max(point, floor)


def prior_floor(cases: list[Case]) -> float:
    """The probability below which the evidence more likely does not answer the question than does,
    given how often each happens among the training questions (out of scope, or the gold passage
    not retrieved: label 0). The decision model is fitted with balanced classes, so that point is
    the share of label 0, not 0.5. Without it, when the checks stop most of the 15 out-of-scope
    questions, the operating point fell to 0.05 and "Wat is de bijstandsnorm ...?" was answered
    at 0.065 with an unrelated passage."""
    labels = [c.decision_label for c in cases if c.decision_label is not None and c.decision_row is not None]
    return labels.count(0) / max(1, len(labels))


def build_decision(case: Case, unit_scores: np.ndarray, unit_threshold: float, index: HybridIndex) -> None:
    pool = case.service_pool
    if pool is None or not pool.units or not case.unit_facts.stems:
        case.decision_row = None
        return
    lead, units = choose(pool, unit_scores, unit_threshold, case.unit_facts, case.composed, index)
    found, passages = coverage_of(units, pool, case.unit_facts, index)
    case.checks_pass = holds_what_is_asked(case.composed, units, passages, index, pool.hits)
    case.decision_row = decision_features(case.unit_facts, pool.passage_scores[0], float(unit_scores[lead]),
                                          pool.best_cosine, pool.best_dense, found, bool(case.composed.compared))[0]


@dataclass(frozen=True)
class FitResult:
    models: Models  # fitted on every question
    fold_models: tuple[Models, ...]  # fold f: fitted without the questions of fold f
    cases: tuple[Case, ...]


def fit(index: HybridIndex, items: list[dict], sentence_items: list[dict] = ()) -> FitResult:
    """`sentence_items`: further questions whose sentences the sentence model also learns from
    (see sentence_examples); they are never scored, so the figures stay the dev set's."""
    cases = collect(index, items)
    folds = range(FOLDS)
    passage = {f: fit_passages([c for c in cases if c.fold != f]) for f in folds}
    for c in cases:
        c.passage_scores = passage[c.fold].probability(c.passage_rows)
        ranked = reorder(c, c.passage_scores)
        c.pool = pool_of(ranked, c.unit_facts, index)
        c.service_pool = pool_of(first(index, c.local, ranked), c.unit_facts, index) if c.local and c.local.hits \
            else c.pool
        c.unit_labels = np.array([unit_label(u.quote, c.item) for u in c.pool.units], dtype=int)
    # Each fold's extra pools are ranked by that fold's passage model: nothing of the held-out
    # questions reaches their sentence model, not even through the passage scores.
    extra = {f: sentence_examples(index, passage[f], list(sentence_items), unit_label) for f in folds}
    units = {f: fit_units([c for c in cases if c.fold != f], extra[f]) for f in folds}
    for c in cases:
        c.unit_scores = units[c.fold].probability(c.pool.rows)
    thresholds = {f: sentence_threshold([c for c in cases if c.fold != f], index) for f in folds}
    for c in cases:
        build_decision(c, units[c.fold].probability(c.service_pool.rows), thresholds[c.fold], index)
    decision = {}
    for f in folds:
        train = [c for c in cases if c.fold != f and c.decision_label is not None and c.decision_row is not None]
        model = fit_linear(np.vstack([c.decision_row for c in train]), np.array([c.decision_label for c in train]),
                           DECISION_FEATURES)
        decision[f] = model
    for c in cases:
        if c.decision_row is not None:
            c.decision_score = float(decision[c.fold].probability(c.decision_row[None, :])[0])
    fold_models = []
    for f in folds:
        train = [c for c in cases if c.fold != f and c.decision_row is not None]
        fold_models.append(Models(passage[f], units[f], decision[f], operating_point(train), thresholds[f]))
    passage_model = fit_passages(cases)
    unit_model = fit_units(cases, sentence_examples(index, passage_model, list(sentence_items), unit_label))
    unit_threshold = sentence_threshold(cases, index)
    decision_model, threshold = fit_decision(cases)
    final = Models(passage_model, unit_model, decision_model, threshold, unit_threshold)
    return FitResult(final, tuple(fold_models), tuple(cases))
