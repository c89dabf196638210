"""Extractive answers: pick the sentences and table rows that answer the question, cite each.

Behind the `Generator` protocol so an LLM generator can replace it; whatever generates, the
answer goes through `citations.citation_problems` before it is sent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from assistant.answers.citations import Answer, Citation
from index.units import Unit, split_units
from assistant.answers.question import Question
from assistant.answers.relevance import (
    DEFINITION_QUESTION,
    NUMBER,
    ORGANISATION_NAME,
    PER_PERIOD,
    PERSON_NAME,
    PERSON_QUESTION,
    QUANTITY,
    TermWeights,
    content_stems,
    definition_bonus,
    matching,
    mentioned_in,
    mentions,
    named_entities,
    quantity_bonus,
)
from knowledge.documents import document_ref
from assistant.answers.selection import expand_lists, expand_tables, select, with_neighbours
from index.search import Hit
from knowledge.glossary import dutch_terms

POOL = 4  # passages whose sentences compete for the answer
MAX_QUOTE = 700


@dataclass(frozen=True)
class Evidence:
    """What the composer found, with the numbers the not-found threshold is calibrated on."""

    units: tuple[Unit, ...]
    coverage: float  # share of the question's term weight found in the chosen units' passages
    best_score: float
    passages: tuple[str, ...] = ()  # title, sender, section and text of the passages used


class Generator(Protocol):
    def generate(self, question: Question, hits: list[Hit]) -> Answer: ...


class ExtractiveGenerator:
    """Answers only with sentences that stand in the retrieved passages."""

    def __init__(self, terms: TermWeights, threshold: float) -> None:
        self.terms = terms
        self.threshold = threshold

    def find_evidence(self, question: Question, hits: list[Hit]) -> Evidence:
        # English questions are weighed by the Dutch names of their domain terms: without any,
        # the sources (all Dutch) cannot be about the question.
        asked = " ".join(dutch_terms(question.search_text)) if question.english else question.search_text
        stems = content_stems(asked, self.terms)
        weights = {s: self.terms.idf(s) for s in stems}
        quantity = bool(QUANTITY.search(question.search_text))
        definition = bool(DEFINITION_QUESTION.search(question.search_text))
        total = sum(weights.values()) or 1.0
        pool = candidates(hits)
        if not pool or not stems:
            return Evidence((), 0.0, 0.0)
        scored = self.score_units(pool, stems, weights, quantity, definition)
        chosen = select(scored, weights, total)
        chosen = with_neighbours(chosen, [u for _, u, _ in scored], stems, self.terms)
        chosen = expand_tables(chosen, scored, question)
        chosen = expand_lists(chosen, [u for _, u, _ in scored], question)
        chunk_terms: set[str] = set()
        passages = []
        for hit_index in dict.fromkeys(u.hit for u in chosen):
            hit = pool[hit_index]
            passage = f"{hit.document.title} {hit.document.organisation or ''} {hit.chunk.section or ''} {hit.chunk.text}"
            passages.append(passage)
            chunk_terms |= stems & set(self.terms.analyse(passage))
        coverage = sum(weights[s] for s in chunk_terms) / total if stems else 0.0
        return Evidence(tuple(chosen), coverage, scored[0][0] if scored else 0.0, tuple(passages))

    def score_units(
        self, pool: list[Hit], stems: set[str], weights: dict[str, float], quantity: bool, definition: bool
    ) -> list[tuple[float, Unit, set[str]]]:
        """Every sentence and row of the pool, best first: the question's term weight it holds
        (0.6), that its passage's title and section hold (0.15), and the passage's rank (0.25)."""
        total = sum(weights.values()) or 1.0
        top = max(h.score for h in pool) or 1.0
        scored: list[tuple[float, Unit, set[str]]] = []
        for i, hit in enumerate(pool):
            context = set(self.terms.analyse(f"{hit.document.title} {hit.chunk.section or ''}"))
            for unit in split_units(i, hit.chunk.text):
                found = matching(stems, self.terms.analyse(f"{unit.context} {unit.rendered}"))
                lexical = sum(weights[s] for s in found) / total
                framed = sum(weights[s] for s in stems & context - found) / total
                score = 0.6 * lexical + 0.15 * framed + 0.25 * hit.score / top
                if quantity:
                    score += quantity_bonus(unit.rendered, stems, self.terms)
                if definition:
                    score += definition_bonus(unit.rendered, stems, self.terms)
                scored.append((score, unit, found))
        scored.sort(key=lambda item: -item[0])
        return scored

    def sufficient(self, question: Question, evidence: Evidence) -> bool:
        """Whether the evidence answers the question; calibrated on the dev set (see README)."""
        if not evidence.units or evidence.coverage < self.threshold:
            return False
        text = " ".join(u.rendered for u in evidence.units)
        entities = [] if question.english else named_entities(question.search_text)
        if not mentioned_in(" ".join(evidence.passages), entities):
            return False  # a place, organisation or name the question is about is not in the sources
        if QUANTITY.search(question.search_text) and not any(
            NUMBER.search(u.rendered) and mentions(u, entities) for u in evidence.units
        ):
            return False  # "how many" needs a number about the very thing that was named
        period = PER_PERIOD.search(question.search_text)
        if period and period.group(0).lower() not in text.lower():
            return False  # asked per month, the passage speaks of something else
        if PERSON_QUESTION.search(question.search_text) and not any(
            (PERSON_NAME.search(u.rendered) or ORGANISATION_NAME.search(u.rendered)) and mentions(u, entities)
            for u in evidence.units
        ):
            return False
        return True

    def generate(self, question: Question, hits: list[Hit]) -> Answer:
        evidence = self.find_evidence(question, hits)
        if not self.sufficient(question, evidence):
            return Answer("not_found", "", ())
        return compose(evidence.units, candidates(hits))


def candidates(hits: list[Hit]) -> list[Hit]:
    """The best POOL search hits, plus passages put forward by a registry (no search rank)."""
    return hits[:POOL] + [h for h in hits[POOL:] if h.dense_rank is None and h.keyword_rank is None]


def compose(units: tuple[Unit, ...] | list[Unit], hits: list[Hit]) -> Answer:
    """Sentences in order of relevance, each followed by the marker of its passage."""
    numbers: dict[int, int] = {}
    spans: dict[int, list[Unit]] = {}
    parts: list[str] = []
    units = list(units)
    for i, unit in enumerate(units):
        n = numbers.setdefault(unit.hit, len(numbers) + 1)
        spans.setdefault(unit.hit, []).append(unit)
        sentence = unit.rendered.rstrip()
        if not sentence.endswith((".", "?", "!", ":")):
            sentence += "."
        # One marker after a run of sentences from the same passage.
        last_of_run = i + 1 == len(units) or units[i + 1].hit != unit.hit
        parts.append(f"{sentence} [{n}]" if last_of_run else sentence)
    citations = []
    for hit_index, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        hit = hits[hit_index]
        citations.append(
            Citation(
                n=n,
                chunk_id=hit.chunk.id,
                text=hit.chunk.text,
                quote=quote_for(hit.chunk.text, spans[hit_index]),
                section=hit.chunk.section,
                document=document_ref(hit.document),
            )
        )
    return Answer("answered", " ".join(parts), tuple(citations))


def quote_for(text: str, units: list[Unit]) -> str:
    """The verbatim stretch of the passage from the first to the last unit used."""
    start = min(u.start for u in units)
    end = max(u.end for u in units)
    if end - start > MAX_QUOTE:
        first = min(units, key=lambda u: u.start)
        start, end = first.start, first.end
    return text[start:end]


def fallback_answer(hits: list[Hit], limit: int = 2) -> Answer:
    """Plain quoted passages: used when a generated answer fails the citation check."""
    units = []
    for i, hit in enumerate(hits[:limit]):
        first = next(iter(split_units(i, hit.chunk.text)), None)
        if first is not None:
            units.append(first)
    if not units:
        return Answer("not_found", "", ())
    answer = compose(units, hits)
    quoted = " ".join(f"“{u.quote}” [{i + 1}]" for i, u in enumerate(units))
    return Answer("answered", "Dit staat in de bronnen: " + quoted, answer.citations)

