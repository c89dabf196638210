"""Features of a question's candidate passages and of their sentences and table rows.

Every feature is general: it says how well a passage or sentence matches any question, never
which passage answers a particular one. The models in `linear.py` weigh them.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

import numpy as np

from assistant.answers.relevance import (
    DEFINITION_QUESTION,
    NUMBER,
    QUANTITY,
    TermWeights,
    content_stems,
    definition_bonus,
    matching,
    named_entities,
    quantity_bonus,
)
from assistant.answers.selection import ANAPHORA

# A letter repeats the request before it answers: "Uw Kamer heeft mij verzocht ...", "U vroeg om
# ...". Not "er wordt een bijdrage gevraagd": asking for money is no request to the writer.
REPORTED_REQUEST = re.compile(
    r"(?i)\b(?:mij|ons|het kabinet|de regering)\b[^.]{0,80}\b(?:gevraagd|verzocht)\b"
    r"|\b(?:vroeg|vroegen|verzocht|verzoekt)\s+(?:u|uw kamer|de kamer|mij|ons|het kabinet|de regering)\b"
    r"|\bu\s+(?:heeft|hebt)\b[^.]{0,60}\b(?:gevraagd|verzocht)\b")

from assistant.rules.filters import same_gemeente
from index.search import Hit
from index.units import Unit
from knowledge.glossary import dutch_terms, dutch_words


def reports_request(unit: Unit) -> bool:
    """The sentence reports what someone asked the writer ("Uw Kamer heeft mij verzocht ...")."""
    return bool(REPORTED_REQUEST.search(unit.rendered))


# The laws a text can be about. Gemeenten write one regulation for the Wmo and the Jeugdwet with
# a chapter for each that says nearly the same (a decision term of 2 weeks under the Wmo, 8 under
# the Jeugdwet): which law a passage is under is what tells them apart.
LAWS = {
    "wmo": re.compile(r"(?i)\bwmo\b|maatschappelijke ondersteuning"),
    "jeugdwet": re.compile(r"(?i)\bjeugd(?:wet|hulp|ige)?\b"),
    "wlz": re.compile(r"(?i)\bwlz\b|wet langdurige zorg"),
    "zvw": re.compile(r"(?i)\bzvw\b|zorgverzekeringswet"),
    "participatiewet": re.compile(r"(?i)participatiewet|bijstand"),
}


def laws_named(text: str) -> frozenset[str]:
    return frozenset(law for law, pattern in LAWS.items() if pattern.search(text))


@functools.lru_cache(maxsize=8192)
def passage_laws(section: str, text: str) -> frozenset[str]:
    """The laws a passage (section and text) is about. Remembered: five searches over every
    candidate's whole text were a fifth of a question's CPU, for the same passages each time."""
    return laws_named(f"{section} {text}")


PASSAGE_FEATURES = (
    "dense",  # cosine of the question with the whole passage (the lowest seen when not among the dense hits)
    "dense_gap",  # that cosine minus the best one among the candidates
    "dense_rr",  # 1 / rank in the dense ranking (0 when not ranked)
    "keyword_rr",  # 1 / rank in the BM25 ranking over stems (0 when not ranked)
    "fused",  # the index's convex fusion score (min-max scaled per query)
    "unit_max",  # best cosine of the question with one sentence or row of the passage
    "unit_gap",  # that cosine minus the best one among all candidates' sentences
    "unit_top2",  # mean cosine of the passage's two best sentences
    "coverage_text",  # share of the question's idf weight found in the passage text
    "coverage_frame",  # share found only in the document title and section path
    "quantity_number",  # a "how many/how much" question and the passage holds a figure
    "gemeente_own",  # the passage is a rule of the gemeente the question is about
    "municipal_unasked",  # the passage is one gemeente's rule and the question names no gemeente
    "log_length",  # log of the passage length in characters
    "other_law",  # the question names a law, the passage (text and section) only other ones
)
UNIT_FEATURES = (
    "unit_cos",  # cosine of the question with the sentence/row (with its title and section)
    "unit_cos_gap",  # that cosine minus the best one in the answer pool
    "lexical",  # share of the question's idf weight in the sentence (and a row's caption)
    "framed",  # share found only in the passage's title and section
    "passage",  # the passage model's probability for the sentence's passage
    "passage_rr",  # 1 / rank of the passage after ranking
    "quantity",  # figure that counts what a quantity question asks (0.2), any figure (0.1)
    "definition",  # "wat is X": the sentence starts with X and says what it is
    "is_question",  # the sentence is itself a question (it repeats, rather than answers)
    "is_row",  # a table row
    "anaphoric",  # starts with a word that refers back (Dit, Deze, Daarom, ...)
    "reports_request",  # reports what someone asked ("De Kamer heeft mij gevraagd ..."): it restates, not answers
    "position",  # place of the sentence in its passage, 0 = first, 1 = last
    "log_length",  # log of the sentence length in characters
)
DECISION_FEATURES = (
    "top_passage",  # passage model probability of the best passage
    "top_unit",  # sentence model probability of the best sentence
    "unit_cos_max",  # best question-sentence cosine in the pool
    "dense_max",  # best question-passage cosine
    "coverage",  # share of the question's idf weight in the passages the answer cites
    "rarest_missing",  # idf of the rarest question word missing from them, over the rarest word's idf
    "english",  # the question is in English
    "local",  # the question is about a gemeente with loaded rules: its own articles lead the pool
)


@dataclass(frozen=True)
class QuestionFacts:
    """What the features need to know about a question, computed once."""

    stems: frozenset[str]
    weights: dict[str, float] = field(hash=False)
    quantity: bool
    definition: bool
    english: bool
    entities: tuple[str, ...]
    gemeente: str | None
    laws: frozenset[str] = frozenset()

    @property
    def total(self) -> float:
        return sum(self.weights.values()) or 1.0

    def share(self, found: set[str]) -> float:
        return sum(self.weights[s] for s in found if s in self.weights) / self.total


def question_facts(search_text: str, english: bool, gemeente: str | None, terms: TermWeights) -> QuestionFacts:
    # English questions are weighed by the Dutch names of their domain terms and by the Dutch
    # words they use as they are ("huurtoeslag").
    asked = " ".join(dutch_terms(search_text) + dutch_words(search_text)) if english else search_text
    stems = frozenset(content_stems(asked, terms))
    return QuestionFacts(
        stems=stems,
        weights={s: terms.idf(s) for s in stems},
        quantity=bool(QUANTITY.search(search_text)),
        definition=bool(DEFINITION_QUESTION.search(search_text)),
        english=english,
        entities=tuple([] if english else named_entities(search_text)),
        gemeente=gemeente,
        laws=laws_named(search_text),
    )


def passage_features(facts: QuestionFacts, hits: list[Hit], sims: list[dict[int, float]], terms: TermWeights) -> np.ndarray:
    """One row of PASSAGE_FEATURES per hit; `sims` are the hits' sentence cosines."""
    if not hits:
        return np.zeros((0, len(PASSAGE_FEATURES)))
    dense_seen = [h.dense_score for h in hits if h.dense_score is not None]
    dense_floor = min(dense_seen, default=0.0)
    dense = [h.dense_score if h.dense_score is not None else dense_floor for h in hits]
    unit_best = [max(s.values(), default=dense[i]) for i, s in enumerate(sims)]
    rows = []
    for i, hit in enumerate(hits):
        text_found = matching(set(facts.stems), terms.analyse(hit.chunk.text))
        frame_found = matching(set(facts.stems), terms.analyse(f"{hit.document.title} {hit.chunk.section or ''}")) - text_found
        top2 = sorted(sims[i].values(), reverse=True)[:2] or [dense[i]]
        own = bool(facts.gemeente and hit.document.gemeente and same_gemeente(hit.document.gemeente, facts.gemeente))
        rows.append([
            dense[i],
            dense[i] - max(dense),
            1 / hit.dense_rank if hit.dense_rank else 0.0,
            1 / hit.keyword_rank if hit.keyword_rank else 0.0,
            hit.score,
            unit_best[i],
            unit_best[i] - max(unit_best),
            sum(top2) / len(top2),
            facts.share(text_found),
            facts.share(frame_found),
            float(facts.quantity and bool(NUMBER.search(hit.chunk.text))),
            float(own),
            float(bool(hit.document.gemeente) and not facts.gemeente),
            math.log(1 + len(hit.chunk.text)),
            float(bool(facts.laws) and other_law(facts.laws, passage_laws(hit.chunk.section or "", hit.chunk.text))),
        ])
    return np.array(rows, dtype=np.float64)


def other_law(asked: frozenset[str], passage: frozenset[str]) -> bool:
    return bool(asked and passage and not asked & passage)


def unit_features(
    facts: QuestionFacts,
    units: list[Unit],
    hits: list[Hit],
    sims: list[dict[int, float]],
    passage_scores: list[float],
    terms: TermWeights,
) -> np.ndarray:
    """One row of UNIT_FEATURES per unit; `unit.hit` indexes `hits`, `sims` and `passage_scores`."""
    if not units:
        return np.zeros((0, len(UNIT_FEATURES)))
    cos = [sims[u.hit].get(u.start, 0.0) for u in units]
    best = max(cos)
    per_passage: dict[int, list[Unit]] = {}
    for u in units:
        per_passage.setdefault(u.hit, []).append(u)
    rows = []
    for u, c in zip(units, cos):
        hit = hits[u.hit]
        found = matching(set(facts.stems), terms.analyse(f"{u.context} {u.rendered}"))
        frame = matching(set(facts.stems), terms.analyse(f"{hit.document.title} {hit.chunk.section or ''}")) - found
        siblings = per_passage[u.hit]
        rows.append([
            c,
            c - best,
            facts.share(found),
            facts.share(frame),
            passage_scores[u.hit],
            1 / (u.hit + 1),
            quantity_bonus(u.rendered, set(facts.stems), terms) if facts.quantity else 0.0,
            definition_bonus(u.rendered, set(facts.stems), terms) if facts.definition else 0.0,
            float(u.rendered.rstrip().endswith("?")),
            float(u.kind == "row"),
            float(bool(ANAPHORA.match(u.rendered))),
            float(reports_request(u)),
            siblings.index(u) / max(1, len(siblings) - 1),
            math.log(1 + len(u.rendered)),
        ])
    return np.array(rows, dtype=np.float64)


def decision_features(
    facts: QuestionFacts, top_passage: float, top_unit: float, unit_cos_max: float, dense_max: float,
    found: set[str], local: bool = False,
) -> np.ndarray:
    """`found`: the question's stems that the cited passages hold."""
    missing = [w for s, w in facts.weights.items() if s not in found]
    rarest = max(facts.weights.values(), default=1.0) or 1.0
    return np.array([[top_passage, top_unit, unit_cos_max, dense_max, facts.share(found),
                      max(missing, default=0.0) / rarest, float(facts.english), float(local)]])
