"""Gemeente first: for a question about a gemeente with loaded rules, its own best articles.

The general search ranks the gemeente's articles among national letters and reports, and a
national passage that repeats the question's words often wins. A resident asking what
Hilversum does wants Hilversum's rule first, then the national context. This module finds
those articles (searched among that gemeente's rules in force only) and writes the sentence
that introduces them; `answering` puts them first and the composer quotes them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answers.attribution import locator
from assistant.answers.citations import Answer
from assistant.answers.question import clean_query
from assistant.answers.ranking.features import laws_named, other_law
from assistant.answers.ranking.ranker import Ranked
from assistant.rules.filters import is_rule, municipal_rules_of, same_gemeente
from assistant.rules.gemeenten import find_gemeenten, has_rules_in, rule_gemeenten_of, without_names
from index.search import Hit, HybridIndex
from knowledge.topics import canonical

# The words that make a question a comparison ("het verschil tussen X en Y"). They ask how two
# gemeenten differ, not what one gemeente's article says: searched within one gemeente's rules,
# they find the article that happens to say "verschil" instead of the compared subject.
COMPARING = re.compile(r"\b(?:verschil\w*|vergelijk\w*|vergeleken|tussen|anders|differ\w*|compar\w*|between)\b",
                       re.IGNORECASE)
MAX_LOCAL = 3  # the composer reads the first 4 passages: one place stays for national context
CANDIDATES = 2000  # the filter runs after fusion (see compare.CANDIDATES)


@dataclass(frozen=True)
class LocalRules:
    gemeenten: tuple[str, ...]  # asked about and with loaded rules; empty: answer nationally
    hits: tuple[Hit, ...]
    named: tuple[str, ...] = ()  # those the question itself names (not only the widget's gemeente)

    @property
    def gemeente(self) -> str | None:
        return self.gemeenten[0] if self.gemeenten else None


def local_rules(
    index: HybridIndex, text: str, gemeente: str | None, peildatum, vector=None, gemeente_named: bool = False,
) -> LocalRules:
    """The best articles in force on `peildatum` of the gemeente asked about, and of every other
    gemeente with loaded rules the question names ("verschil tussen Hilversum en Aa en Hunze").

    A keyword match is required: the dense ranking alone always returns some article, also
    when the gemeente's rules say nothing about the question. `vector`: the embedding of the
    cleaned `text`, when the caller has it already (one encoding for every gemeente; a comparison
    adds one for its subject).
    `gemeente_named`: the question itself named `gemeente` (in a phrase `text` no longer holds)."""
    cleaned = clean_query(text)
    named = find_gemeenten(cleaned, rule_gemeenten_of(index)) if cleaned else []
    asked = [g for g in dict.fromkeys([*([gemeente] if gemeente else []), *named]) if has_rules_in(index, g)]
    asked = [g for i, g in enumerate(asked) if not any(same_gemeente(g, h) for h in asked[:i])]
    spoken = [*named, *([gemeente] if gemeente_named else [])]
    in_question = [g for g in asked if any(same_gemeente(g, h) for h in spoken)]
    if not asked or not cleaned:
        return LocalRules(tuple(asked), (), tuple(in_question))
    each = MAX_LOCAL if len(asked) == 1 else max(1, (MAX_LOCAL + 1) // len(asked))
    # Among one gemeente's own rules its name is no search term (the vector keeps the whole question).
    words = without_names(cleaned, [*asked, *named]) or cleaned
    if len(asked) > 1:
        words = " ".join(COMPARING.sub(" ", words).split()) or words
    vector = index.embed_query(cleaned) if vector is None else vector
    # A comparison's sentences are looked for with its subject alone: the whole question's vector
    # also holds the other gemeente and the comparing words, and the sentences closest to it are
    # about those ("Waarom deze regels?"). One more encoding, for comparisons of two only: with
    # one place per gemeente there is no place to give.
    subject = vector if len(asked) == 1 else index.embed_query(words) if each > 1 else None
    hits: list[Hit] = []
    for name in asked:
        own = municipal_rules_of(name, peildatum)
        found = index.search(words, k=each * 4, eligible=own, extra_terms=canonical(words),
                             candidates=min(CANDIDATES, max(len(index), 1)), vector=vector)
        chosen = by_coverage(index, words, [h for h in found if h.keyword_rank is not None and usable(h)])
        hits += with_closest_unit(chosen, index.closest_units(subject, own, 4), each)  # [] without a subject
    return LocalRules(tuple(asked), tuple(hits), tuple(in_question))


def usable(hit: Hit) -> bool:
    return hit.chunk.kind == "article" and not hit.chunk.meta.get("lapsed")


def with_closest_unit(chosen: list[Hit], closest: list[Hit], each: int) -> list[Hit]:
    """The best `each` of `chosen`, the last place going to the article holding the sentence the
    model finds closest to the question when `chosen` lacks it. An own-situation question ("mag
    ik de scootmobiel meenemen naar Spanje?") is often answered by one clause of an article
    about something else (use abroad needs permission), in words the question does not use."""
    unit = next((h for h in closest if usable(h)), None)
    if each < 2 or unit is None or any(h.chunk.id == unit.chunk.id for h in chosen[:each - 1]):
        return chosen[:each]
    return chosen[:each - 1] + [unit]


def by_coverage(index: HybridIndex, text: str, hits: list[Hit]) -> list[Hit]:
    """Within one gemeente's rules, the article holding most of the question's rare words wins:
    long regulations repeat their common words ("hulp", "minuten") in many articles, and the
    fused rank alone then prefers the article that repeats them most. An article in a chapter of
    another law than the one the question names comes last: one regulation often has a Wmo and a
    Jeugdwet chapter that say nearly the same (a decision term of 2 weeks, or of 8)."""
    laws = laws_named(text)
    asked = set(index.analyse(text))
    total = sum(index.idf(s) for s in asked) or 1.0
    top = max((h.score for h in hits), default=0.0) or 1.0

    def score(hit: Hit) -> float:
        words = set(index.analyse(f"{hit.chunk.section or ''} {hit.chunk.text}"))
        return 0.5 * sum(index.idf(s) for s in asked & words) / total + 0.5 * hit.score / top

    return sorted(hits, key=lambda h: (not other_law(laws, laws_named(h.chunk.section or "")), score(h)), reverse=True)


def first(index: HybridIndex, local: LocalRules, ranked: Ranked) -> Ranked:
    """The gemeente's own articles lead, at the top score; national context follows."""
    if not local.hits:
        return ranked
    own = {h.chunk.id for h in local.hits}
    top = max(ranked.scores, default=1.0)
    rest = [i for i, h in enumerate(ranked.hits) if h.chunk.id not in own]
    sims = {h.chunk.id: s for h, s in zip(ranked.hits, ranked.sims)}
    return Ranked(
        tuple(local.hits) + tuple(ranked.hits[i] for i in rest),
        (top,) * len(local.hits) + tuple(ranked.scores[i] for i in rest),
        tuple(sims.get(h.chunk.id) or index.unit_similarities(ranked.vector, h) for h in local.hits)
        + tuple(ranked.sims[i] for i in rest),
        ranked.vector)


def lead_sentence(local: LocalRules, answer: Answer, hits: Sequence[Hit]) -> str | None:
    """"In Hilversum geldt volgens de eigen regels (2.4, Gebruikelijke hulp, Beleidsregels …):"
    when the answer opens with the rules of a gemeente asked about; None when it quotes none (then
    nothing local is claimed) or opens with another source."""
    if not local.gemeenten or answer.status != "answered":
        return None
    cited = cited_hits(answer, hits)
    first = cited[0].document if cited else None
    if first is None or not (is_rule(first) and any(same_gemeente(first.gemeente, g) for g in local.gemeenten)):
        return None  # the answer opens with national text: each quote keeps saying whose it is
    parts = []
    for gemeente in local.gemeenten:
        own = [h for h in cited if is_rule(h.document) and same_gemeente(h.document.gemeente, gemeente)]
        if own:
            where = "; ".join(dict.fromkeys(f"{locator(h)}, {h.document.title}" for h in own))
            parts.append(f"{own[0].document.gemeente} geldt volgens de eigen regels ({where})")
    return f"In {'; in '.join(parts)}:" if parts else None


def silent_rules_sentence(local: LocalRules, answer: Answer, hits: Sequence[Hit]) -> str | None:
    """"In de regels van de gemeente Den Haag heb ik geen antwoord op deze vraag gevonden. …" when the
    question names a gemeente with loaded rules and the answer quotes none of them: a national
    figure must not read as that gemeente's own, nor the half of a comparison that was answered
    as the whole. It says what was found, not that the rules are silent."""
    if answer.status != "answered":
        return None
    cited = [h.document for h in cited_hits(answer, hits)]
    silent = [g for g in local.named
              if not any(is_rule(d) and same_gemeente(d.gemeente, g) for d in cited)]
    if not silent:
        return None
    which = f"de gemeente {silent[0]}" if len(silent) == 1 else \
        f"de gemeenten {', '.join(silent[:-1])} en {silent[-1]}"
    # Says what was found, not that the rules are silent: the search can miss an article.
    return (f"In de regels van {which} heb ik geen antwoord op deze vraag gevonden. "
            "Dat wil niet zeggen dat het er niet in staat.")


def cited_hits(answer: Answer, hits: Sequence[Hit]) -> list[Hit]:
    """The passages among `hits` that the answer cites, in citation order."""
    by_id = {h.chunk.id: h for h in hits}
    return [by_id[c.chunk_id] for c in answer.citations if c.chunk_id in by_id]

