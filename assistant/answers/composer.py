"""Extractive answers: pick the sentences and table rows that answer the question, cite each.

Behind the `Generator` protocol so an LLM generator can replace it; whatever generates, the
answer goes through `citations.citation_problems` before it is sent.
"""
from __future__ import annotations

import dataclasses
from typing import Protocol

from assistant.answers.citations import Answer, Citation
from assistant.answers.continuation import PassageSource, continue_lists
from assistant.answers.evidence import Evidence, find_evidence
from assistant.answers.question import Question
from assistant.answers.ranking.models import Models
from assistant.answers.ranking.ranker import Ranked
from assistant.answers.relevance import (
    ORGANISATION_NAME,
    PERSON_NAME,
    PERSON_QUESTION,
    QUANTITY,
    mentioned_in,
    mentions,
    named_entities,
    states_figure,
    states_rate_unit,
)
from assistant.answers.attribution import source_phrase
from index.search import Hit
from index.units import Unit, item_kind, split_units
from knowledge.documents import document_ref

MAX_QUOTE = 700


class Generator(Protocol):
    models: Models

    def generate(self, question: Question, ranked: Ranked) -> Answer: ...


class ExtractiveGenerator:
    """Answers only with sentences that stand in the retrieved passages."""

    def __init__(self, terms: PassageSource, models: Models) -> None:
        self.terms = terms
        self.models = models

    def find_evidence(self, question: Question, ranked: Ranked) -> Evidence:
        return find_evidence(question, ranked, self.models, self.terms)

    def sufficient(self, question: Question, evidence: Evidence) -> bool:
        """The decision model's probability at the fitted operating point, and the checks that
        name what an answer to a kind of question must hold."""
        if not evidence.units or evidence.probability < self.models.answer_threshold:
            return False
        return holds_what_is_asked(question, evidence.units, evidence.passages, evidence.hits)

    def generate(self, question: Question, ranked: Ranked) -> Answer:
        evidence = self.find_evidence(question, ranked)
        if not self.sufficient(question, evidence):
            return Answer("not_found", "", ())
        units, hits = continue_lists(list(evidence.units), list(evidence.hits), self.terms)
        return dataclasses.replace(compose(units, hits), confidence=evidence.probability)


def holds_what_is_asked(question: Question, units: tuple[Unit, ...] | list[Unit], passages: tuple[str, ...],
                        hits: tuple[Hit, ...] | list[Hit] = ()) -> bool:
    """Checks by kind of question, whatever the model says: the names asked about must be in the
    sources, "how many" needs a figure about the thing named, "per month" the same period, and
    "who" a name. `hits`: the passages `unit.hit` points into; a name that is the unit's source
    ("volgens het VNG-onderzoek") or the subject of its passage ("Artikel 4.4.4.1 Wmo-vervoer") is
    met by its document's title or sender, or the passage's heading."""
    text = " ".join(u.rendered for u in units)
    entities = [] if question.english else named_entities(question.search_text)
    if not mentioned_in(" ".join(passages), entities):
        return False  # a place, organisation or name the question is about is not in the sources

    def about(unit: Unit) -> bool:
        hit = hits[unit.hit] if unit.hit < len(hits) else None
        source = f"{hit.document.title} {hit.document.organisation or ''} {hit.chunk.section or ''}" if hit else ""
        return mentions(unit, [e for e in entities if not (source and mentioned_in(source, [e]))])

    if QUANTITY.search(question.search_text) and not any(
        states_figure(question.search_text, u.rendered) and about(u) for u in units
    ):
        return False  # "how many" needs a figure of the asked kind about the very thing that was named
    if not states_rate_unit(question.search_text, text):
        return False  # asked per month, the passage speaks of something else
    if PERSON_QUESTION.search(question.search_text) and not any(
        (PERSON_NAME.search(u.rendered) or ORGANISATION_NAME.search(u.rendered)) and about(u) for u in units
    ):
        return False
    return True


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
        if not sentence.endswith((".", "?", "!", ":", ";")):
            sentence += "."
        # Say who says it whenever the answer moves on to another document.
        document = hits[unit.hit].document
        if i == 0 or hits[units[i - 1].hit].document.id != document.id:
            sentence = f"{source_phrase(document)} {sentence}"
        # One marker after a run of sentences from the same passage.
        last_of_run = i + 1 == len(units) or units[i + 1].hit != unit.hit
        # List items each on a line of their own (the widget keeps line breaks); what follows a
        # list starts on a new line too.
        listed = bool(unit.bullet and item_kind(unit))
        after_list = bool(i and units[i - 1].bullet and item_kind(units[i - 1]))
        separator = "" if i == 0 else "\n- " if listed else "\n" if after_list else " "
        parts.append(f"{separator}{sentence} [{n}]" if last_of_run else f"{separator}{sentence}")
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
    return Answer("answered", "".join(parts), tuple(citations))


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

