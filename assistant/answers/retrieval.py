"""Question -> hits: cleaning the question, the gemeente and date it is about, hybrid search."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from assistant.rules.filters import eligible_for
from assistant.rules.gemeenten import known_gemeenten_of, recognise_gemeente, spelled_as
from assistant.rules.unknown_gemeenten import named_as_gemeente
from assistant.answers.question import clean_query, is_english
from assistant.answers.ranking.features import question_facts
from assistant.answers.ranking.linear import LinearModel
from assistant.answers.ranking.models import Models
from assistant.answers.ranking.ranker import Ranked, rank_hits
from index.search import Hit, HybridIndex
from knowledge.dutch_places import everyday_places, lowercase_places
from knowledge.gemeente_names import name_key
from knowledge.glossary import dutch_terms
from knowledge.topics import canonical

# Candidates the passage model ranks. The gold passage is among 30 for 89 of the 94 dev questions
# with one. Cross-validated end to end (benchmarks/answer_settings.py), 20 rank better (recall@1
# .681 against .660) but answer worse: the answer decision, calibrated on this pool, then answered
# .862 of the answerable dev questions and left only .867 of the out-of-scope ones (30: .915, .933).
CANDIDATES = 30

@dataclass(frozen=True)
class Scope:
    """Which rules a question is about: one gemeente (or all) on one day."""

    text: str  # the question, without a "ik woon in X" phrase
    gemeente: str | None
    peildatum: date
    named_in_question: bool = False


def scope_of(index: HybridIndex, text: str, gemeente: str | None = None, peildatum: date | None = None) -> Scope:
    """An explicit gemeente wins; otherwise one named in the question is used."""
    day = peildatum or date.today()
    if gemeente:
        return Scope(text, gemeente.strip(), day)
    known = known_gemeenten_of(index)
    mention = recognise_gemeente(text, known)
    if mention is None or (is_english(text) and not mention.residence and not is_place(mention.name, known)
                           and not called_gemeente(text, mention.name)):
        # In English a capitalised word after "in" is as often an adjective ("in Dutch
        # municipalities") as an unknown village: there only known places count, and names the
        # wording calls a municipality.
        return Scope(text, None, day)
    # The question as the mention reads it: without a residence phrase, a misspelled name corrected.
    return Scope(spelled_as(mention.question, mention.name), mention.name, day, True)


def called_gemeente(text: str, name: str) -> bool:
    """The wording calls `name` a gemeente ("the municipality of Maasdriel")."""
    explicit = named_as_gemeente(text, set())
    return explicit is not None and name_key(explicit.name) == name_key(name)


def is_place(name: str, known: list[str]) -> bool:
    key = name_key(name)
    return key in lowercase_places() or key in everyday_places() or any(name_key(g) == key for g in known)


def search_scoped(index: HybridIndex, scope: Scope, k: int, vector=None, **options: str) -> list[Hit]:
    """`options` pass `mode`/`fusion` to the index, for benchmarks."""
    cleaned = clean_query(scope.text)
    if not cleaned:
        return []
    english = is_english(cleaned)
    # English questions are also searched with the Dutch names of their domain terms.
    extra = canonical(cleaned) + (dutch_terms(cleaned) if english else [])
    # A topic named by its abbreviation ("GPK") is also searched by its name. Adding
    # every synonym of every topic mentioned was measured too: it lowered recall@1 from .85 to .62.
    return index.search(cleaned, k, eligible=eligible_for(scope.gemeente, scope.peildatum), extra_terms=extra,
                        english=english, vector=vector, **options)


def retrieve(index: HybridIndex, scope: Scope, passage: LinearModel | None, candidates: int | None = None,
             vector=None) -> Ranked:
    """The fused search's candidates (CANDIDATES unless given), ranked by the passage model (in
    search order without one). `vector`: the embedding of the cleaned question, when the caller
    has it already."""
    candidates = candidates or CANDIDATES
    cleaned = clean_query(scope.text)
    if not cleaned:
        return Ranked((), (), (), None)
    vector = index.embed_query(cleaned) if vector is None else vector
    hits = search_scoped(index, scope, candidates, vector=vector)
    facts = question_facts(cleaned, is_english(cleaned), scope.gemeente, index)
    return rank_hits(index, hits, vector, facts, passage)


def search(
    index: HybridIndex, query: str, k: int = 10, gemeente: str | None = None, peildatum: date | None = None,
    models: Models | None = None, **options: str
) -> list[Hit]:
    scope = scope_of(index, clean_query(query), gemeente, peildatum)
    if options or models is None:
        return search_scoped(index, scope, k, **options)
    ranked = retrieve(index, scope, models.passage)
    # The score shown is the passage model's probability, the order it was ranked in.
    return [dataclasses.replace(h, score=p) for h, p in zip(ranked.hits[:k], ranked.scores[:k])]
