"""Extractive answers: pick the sentences and table rows that answer the question, cite each.

Behind the `Generator` protocol so an LLM generator can replace it; whatever generates, the
answer goes through `citations.citation_problems` before it is sent.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Protocol

from assistant.answers.citations import Answer
from assistant.answers.continuation import PassageSource, continue_lists
from assistant.answers.evidence import Evidence, find_evidence
from assistant.answers.question import Question, asking_part
from assistant.answers.ranking.models import Models
from assistant.answers.ranking.ranker import Ranked
from assistant.answers.relevance import (
    ORGANISATION_NAME,
    PERSON_NAME,
    PERSON_QUESTION,
    CALENDAR_UNITS,
    CLOCK_UNITS,
    QUANTITY,
    TermWeights,
    content_stems,
    matching,
    mentioned_in,
    named_entities,
    names_a_choice,
    offered_choices,
    states_figure,
    states_rate_unit,
)
from assistant.answers.reading_order import opens_list
from assistant.answers.rendering import compose
from assistant.answers.selection import is_heading
from assistant.rules.filters import same_gemeente
from index.search import Hit
from index.units import Unit


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
        return holds_what_is_asked(question, evidence.units, evidence.passages, self.terms, evidence.hits)

    def generate(self, question: Question, ranked: Ranked) -> Answer:
        evidence = self.find_evidence(question, ranked)
        if not self.sufficient(question, evidence):
            return Answer("not_found", "", ())
        units, hits = continue_lists(list(evidence.units), list(evidence.hits), self.terms)
        units = [u for u in units if not is_heading(u, hits[u.hit].chunk)] or units
        units = by_gemeente(units, hits, question.compared)
        units = without_empty_announcements(units, hits)
        units = without_repeats(units, self.terms)
        return dataclasses.replace(compose(units, hits), confidence=evidence.probability)


def without_empty_announcements(units: list[Unit], hits: list[Hit]) -> list[Unit]:
    """A sentence that announces what follows it ("Wat hiervoor nodig is:") is left out when the
    answer does not go on with what it announces: the next sentence shown would read as that
    (review 9's C5: "Wat hiervoor nodig is: Het tempo ... ligt te laag", from another passage)."""
    kept = []
    for i, unit in enumerate(units):
        after = units[i + 1] if i + 1 < len(units) else None
        announces = opens_list(unit) and i > 0
        if announces and not (after is not None and goes_on(unit, after, hits)):
            continue
        kept.append(unit)
    return kept or units


NEGATION = re.compile(r"(?i)\b(?:niet|geen|nooit|niets|zonder|not|no|never)\b")


def without_repeats(units: list[Unit], terms: TermWeights) -> list[Unit]:
    """A sentence from another passage whose every content word an earlier sentence of the answer
    already has says nothing new: letters repeat themselves ("De resultaten zijn besproken (en
    geduid) met een begeleidingsgroep ..." in two chapters). A "niet" or "geen" the earlier
    sentence lacks is something new."""
    kept: list[Unit] = []
    for unit in units:
        words = set(terms.analyse(unit.rendered))
        negated = bool(NEGATION.search(unit.rendered))
        if unit.kind == "sentence" and not unit.bullet and words and any(
            other.hit != unit.hit and other.kind == "sentence" and words <= set(terms.analyse(other.rendered))
            and (not negated or NEGATION.search(other.rendered)) for other in kept
        ):
            continue
        kept.append(unit)
    return kept


def goes_on(unit: Unit, after: Unit, hits: list[Hit]) -> bool:
    """`after` comes after `unit` in the source: later in its paragraph or the next one, an item
    further on in its passage, or in the next passage of the document (a list cut from its lead
    by the chunker)."""
    if after.hit == unit.hit:
        return after.start >= unit.end and (after.bullet or after.paragraph - unit.paragraph <= 1)
    first, second = hits[unit.hit].chunk, hits[after.hit].chunk
    return first.document_id == second.document_id and second.ordinal == first.ordinal + 1


def by_gemeente(units: list[Unit], hits: list[Hit], compared: tuple[str, ...]) -> list[Unit]:
    """A comparison reads gemeente by gemeente, in the order the question names them, and a
    question about one gemeente opens with its own rules; national context comes last. Within
    each, the order of relevance stays."""
    if not compared:
        return units

    def place(unit: Unit) -> int:
        gemeente = hits[unit.hit].document.gemeente
        return next((i for i, g in enumerate(compared) if same_gemeente(gemeente, g)), len(compared))

    return sorted(units, key=place)


# The measures a quantity question names ("hoeveel uur per week"): they say in what the figure is
# counted, not what is counted.
MEASURE_WORDS = f"{CALENDAR_UNITS}|{CLOCK_UNITS}|euro|procent|meter|kilometer|km|keer"


def topic_stems(question: str, entities: list[str], terms: TermWeights) -> set[str]:
    """The question's content stems without its measures and the names it asks about."""
    measures = set(terms.analyse(" ".join(MEASURE_WORDS.split("|"))))
    names = set(terms.analyse(" ".join(entities)))
    return content_stems(question, terms) - measures - names


def holds_what_is_asked(question: Question, units: tuple[Unit, ...] | list[Unit], passages: tuple[str, ...],
                        terms: TermWeights, hits: tuple[Hit, ...] | list[Hit] = ()) -> bool:
    """Checks by kind of question, whatever the model says: the names asked about must be in the
    sources, "how many" needs a figure about the thing named, "per month" the same period, and
    "who" a name (or one of the alternatives the question offers). `hits`: the passages `unit.hit`
    points into. A figure is about a name when its sentence, the sentences quoted with it from the
    same passage, its document's title or sender or the passage's heading name it ("volgens het
    VNG-onderzoek", "Artikel 4.4.4.1 Wmo-vervoer")."""
    text = " ".join(u.rendered for u in units)
    # Names told as background ("Ik woon in Gieten. Kan ik ...?") need not be in the sources.
    entities = [] if question.english else named_entities(asking_part(question.search_text))
    if not mentioned_in(" ".join(passages), entities):
        return False  # a place, organisation or name the question is about is not in the sources

    def about(unit: Unit) -> bool:
        hit = hits[unit.hit] if unit.hit < len(hits) else None
        source = f"{hit.document.title} {hit.document.organisation or ''} {hit.chunk.section or ''}" if hit else ""
        quoted = " ".join(f"{u.context} {u.rendered}" for u in units if u.hit == unit.hit)
        return mentioned_in(f"{source} {quoted}", entities)

    topic = topic_stems(question.search_text, entities, terms)

    def on_topic(unit: Unit) -> bool:
        """The figure's sentence (a row: with its table's caption) speaks of the thing counted,
        not only of the measure: "8 uur per week" of mantelzorg does not answer "hoeveel uur
        huishoudelijke hulp per week"."""
        if not topic:
            return True
        return bool(matching(topic, terms.analyse(f"{unit.context} {unit.rendered}")))

    if QUANTITY.search(question.search_text) and not any(
        states_figure(question.search_text, u.rendered) and about(u) and on_topic(u) for u in units
    ):
        return False  # "how many" needs a figure of the asked kind about the very thing that was named
    if not states_rate_unit(question.search_text, text):
        return False  # asked per month, the passage speaks of something else
    choices = offered_choices(question.search_text)  # "wie ..., de school of de gemeente?"
    if PERSON_QUESTION.search(question.search_text) and not any(
        (PERSON_NAME.search(u.rendered) or ORGANISATION_NAME.search(u.rendered) or names_a_choice(choices, u.rendered))
        and about(u) for u in units
    ):
        return False
    return True
