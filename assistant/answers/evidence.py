"""Which sentences and table rows answer the question, and how sure we are that they do.

The sentence model scores every unit of the best passages; the best one leads, units the model
also rates highly join it, and then the units they lean on (the sentence a "Dit ..." refers to,
a table's rows, a list's items). The decision model turns the evidence into the probability that
it answers the question.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.answers.question import Question
from assistant.answers.ranking.features import (
    QuestionFacts,
    decision_features,
    question_facts,
    reports_request,
    unit_features,
)
from assistant.answers.ranking.models import Models
from assistant.answers.ranking.ranker import Ranked
from assistant.answers.relevance import TermWeights, matching, states_asked
from assistant.answers.selection import (
    LEANS_BACK,
    MAX_UNITS,
    QUALIFIES,
    expand_lists,
    expand_tables,
    is_footnote,
    is_heading,
    is_note,
    no_answers,
    same_paragraph,
    with_neighbours,
)
from assistant.rules.filters import same_gemeente
from index.search import Hit
from index.units import Unit, split_units

# Passages whose sentences compete for the answer. Cross-validated end to end
# (benchmarks/answer_settings.py): the largest pool that keeps out-of-scope questions unanswered (.933
# at 4, .867 at 5 and 6).
POOL = 4


@dataclass(frozen=True)
class Pool:
    """The units of the best passages, with their features."""

    hits: tuple[Hit, ...]
    units: tuple[Unit, ...]
    rows: np.ndarray  # UNIT_FEATURES per unit
    passage_scores: tuple[float, ...]
    best_cosine: float
    best_dense: float


@dataclass(frozen=True)
class Evidence:
    units: tuple[Unit, ...]
    coverage: float  # share of the question's term weight found in the chosen units' passages
    probability: float  # decision model: the evidence answers the question
    passages: tuple[str, ...] = ()  # title, sender, section and text of the passages used
    hits: tuple[Hit, ...] = ()  # the passages `units` point into (by `unit.hit`)


def pool_of(ranked: Ranked, facts: QuestionFacts, terms: TermWeights) -> Pool:
    """The best POOL passages, plus passages put forward by a registry (no search rank)."""
    keep = [i for i, h in enumerate(ranked.hits) if i < POOL or (h.dense_rank is None and h.keyword_rank is None)]
    hits = [ranked.hits[i] for i in keep]
    sims = [ranked.sims[i] for i in keep]
    scores = [ranked.scores[i] for i in keep]
    units = [u for i, h in enumerate(hits) for u in split_units(i, h.chunk.text)]
    rows = unit_features(facts, units, hits, sims, scores, terms)
    cosines = [v for s in sims for v in s.values()]
    dense = [h.dense_score for h in hits if h.dense_score is not None]
    return Pool(tuple(hits), tuple(units), rows, tuple(scores), max(cosines, default=0.0), max(dense, default=0.0))


def choose(pool: Pool, probabilities: np.ndarray, threshold: float, facts: QuestionFacts, question: Question,
           terms: TermWeights) -> tuple[int, list[Unit]]:
    """The best unit leads, never one that is itself a question (it would only repeat the asked
    one); up to MAX_UNITS units the model rates at `threshold` or more join it. A question that
    asks for a figure, date or name is led by the best such unit that states one: the answer
    starts with what was asked."""
    if not pool.units:
        return 0, []
    order = [int(i) for i in np.argsort(-probabilities, kind="stable")]
    candidates = [i for i in order if not asks(pool.units[i])] or order
    # A heading, a letter's head or a bare number must not take the place of a sentence that answers.
    never = no_answers(pool.units, pool.hits)
    answers = [i for i in candidates if i not in never] or candidates
    # The decision weighs the model's best unit, whichever leads, and a heading counts (it says what
    # the passage is about), but not a letter's head, close or a line without words: "datum Utrecht,
    # 11 december 2025" rated high for a question about the weather in Utrecht is no evidence.
    headings = {i for i in never if is_heading(pool.units[i], pool.hits[pool.units[i].hit].chunk)}
    best = next((i for i in candidates if i not in never or i in headings), candidates[0])
    # A footnote ("... nr. 691↩︎") annotates a sentence elsewhere: it may support, never lead. A
    # sentence reporting a request ("De Kamer heeft mij gevraagd scenario's te schetsen") repeats
    # the question rather than answering it: it gives way to any other sentence the model rates at
    # the threshold, unless the next sentence answers it ("Aan dit verzoek kan ik nog niet
    # tegemoetkomen"), which then comes with it.
    requests = {i for i in answers if reports_request(pool.units[i]) and not answered_next(pool.units, i)}
    demote = requests if any(probabilities[i] >= threshold for i in answers if i not in requests) else set()
    answers = sorted(answers, key=lambda i: (is_footnote(pool.units[i]), i in demote))
    stating = [i for i in answers if probabilities[i] >= threshold and states_asked(question.search_text, pool.units[i])
               and not is_footnote(pool.units[i])]  # "nr. 691" is no count
    if stating and stating[0] != answers[0]:
        answers = [stating[0]] + [i for i in answers if i != stating[0]]
    leads = gemeente_leads(pool, answers, probabilities, threshold, question)
    answers = leads + [i for i in answers if i not in leads]
    chosen = [pool.units[answers[0]]]
    for i in answers[1:]:
        if len(chosen) >= MAX_UNITS or (probabilities[i] < threshold and i not in leads):
            break
        if is_note(pool.units[i]) and all(c.hit != pool.units[i].hit for c in chosen):
            continue  # a footnote annotates a sentence of its own passage; elsewhere it only adds noise
        chosen.append(pool.units[i])
    stems = set(facts.stems)
    chosen = with_neighbours(chosen, list(pool.units), stems, terms)
    scored = [(float(probabilities[i]), pool.units[i], set()) for i in order]
    chosen = expand_tables(chosen, scored, question)
    chosen = expand_lists(chosen, list(pool.units), question)
    return best, [u for u in chosen if not asks(u) or answer_follows(u, chosen, pool.units)]


def answer_follows(question: Unit, chosen: list[Unit], units: tuple[Unit, ...]) -> bool:
    """A question in the source ("Maar wat is onevenredig?") is shown only with the sentence after
    it, which answers it; alone, at an answer's end, it asks the reader instead."""
    after = next((u for u in units if u.hit == question.hit and u.start >= question.end), None)
    return after is not None and after in chosen


def answered_next(units: tuple[Unit, ...], i: int) -> bool:
    """The sentence after `units[i]` in its paragraph refers back to it or qualifies it, and is no
    further request ("Daarnaast vroeg u om ...")."""
    after = units[i + 1] if i + 1 < len(units) else None
    return (same_paragraph(units[i], after) and after.kind == "sentence" and not reports_request(after)
            and bool(LEANS_BACK.match(after.rendered) or QUALIFIES.match(after.rendered)))


def asks(unit: Unit) -> bool:
    """A sentence that is a question, or a table row that holds one (a report's research questions
    against its methods, a questionnaire): it repeats what is asked, it does not answer."""
    text = unit.rendered.rstrip()
    return text.endswith("?") or (unit.kind == "row" and "?" in text)


def gemeente_leads(pool: Pool, answers: list[int], probabilities: np.ndarray, threshold: float,
                   question: Question) -> list[int]:
    """A comparison ("in Aa en Hunze vergeleken met Hilversum") is answered for every gemeente it
    names: each one's best unit at or above `threshold` from its own rules, the one stating the
    asked figure first. Empty for a question about one gemeente or none."""
    if len(question.compared) < 2:
        return []
    leads: list[int] = []
    for gemeente in question.compared:
        own = [i for i in answers if probabilities[i] >= threshold
               and same_gemeente(pool.hits[pool.units[i].hit].document.gemeente, gemeente)]
        stating = [i for i in own if states_asked(question.search_text, pool.units[i])]
        leads += (stating or own)[:1]
    return leads


def coverage_of(units: list[Unit], pool: Pool, facts: QuestionFacts, terms: TermWeights) -> tuple[set[str], tuple[str, ...]]:
    """The question's stems found in the passages of `units`, and those passages as text."""
    found: set[str] = set()
    passages = []
    for hit_index in dict.fromkeys(u.hit for u in units):
        hit = pool.hits[hit_index]
        passage = f"{hit.document.title} {hit.document.organisation or ''} {hit.chunk.section or ''} {hit.chunk.text}"
        passages.append(passage)
        found |= matching(set(facts.stems), terms.analyse(passage))
    return found, tuple(passages)


def find_evidence(question: Question, ranked: Ranked, models: Models, terms: TermWeights) -> Evidence:
    facts = question_facts(question.search_text, question.english, None, terms)
    pool = pool_of(ranked, facts, terms)
    if not pool.units or not facts.stems:
        return Evidence((), 0.0, 0.0)
    probabilities = models.unit.probability(pool.rows)
    lead, units = choose(pool, probabilities, models.unit_threshold, facts, question, terms)
    found, passages = coverage_of(units, pool, facts, terms)
    row = decision_features(facts, pool.passage_scores[0], float(probabilities[lead]), pool.best_cosine,
                            pool.best_dense, found, bool(question.compared))
    return Evidence(tuple(units), facts.share(found), float(models.decision.probability(row)[0]), passages, pool.hits)
