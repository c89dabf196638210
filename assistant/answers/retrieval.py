"""Question -> hits: cleaning the question, the gemeente and date it is about, hybrid search."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.rules.filters import eligible_for
from assistant.rules.gemeenten import known_gemeenten, recognise_gemeente
from assistant.answers.question import clean_query, is_english
from index.search import Hit, HybridIndex
from knowledge.glossary import dutch_terms
from knowledge.topics import canonical

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
    mention = recognise_gemeente(text, known_gemeenten(index.documents))
    if mention is None:
        return Scope(text, None, day)
    return Scope(mention.question if mention.residence else text, mention.name, day, True)


def search_scoped(index: HybridIndex, scope: Scope, k: int, **options: str) -> list[Hit]:
    """`options` pass `mode`/`fusion` to the index, for benchmarks."""
    cleaned = clean_query(scope.text)
    if not cleaned:
        return []
    english = is_english(cleaned)
    # English questions are also searched with the Dutch names of their domain terms.
    extra = canonical(cleaned) + (dutch_terms(cleaned) if english else [])
    # A topic named by its abbreviation ("GPK") is also searched by its name. Adding
    # every synonym of every topic mentioned was measured too: it lowered recall@1 from .85 to .62.
    return index.search(cleaned, k, eligible=eligible_for(scope.gemeente, scope.peildatum), extra_terms=extra, english=english, **options)


def search(
    index: HybridIndex, query: str, k: int = 10, gemeente: str | None = None, peildatum: date | None = None, **options: str
) -> list[Hit]:
    return search_scoped(index, scope_of(index, clean_query(query), gemeente, peildatum), k, **options)

