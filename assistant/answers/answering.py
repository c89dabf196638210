"""Question -> verified answer: reading, retrieval with conversation context, generation, checks."""
from __future__ import annotations

import dataclasses
import logging
from datetime import date

from assistant.answers.citations import Answer, citation_problems
from assistant.answers.composer import Generator
from assistant.answers.references import (asked_reference, asked_references, quoted_units, reference_lead,
                                          referenced_passages)
from assistant.answers.refusal import not_found, writing_refused
from assistant.answers.rendering import compose, fallback_answer
from assistant.rules.filters import in_force_note, is_in_force, is_rule, same_gemeente
from assistant.rules.gemeenten import has_rules_in, no_rules_sentence, searched_rules_sentence, without_names
from assistant.answers.question import REFERRING, Question, clean_query, read_question
from assistant.conversations.redaction import notice
from assistant.answers.relevance import PERSON_QUESTION, QUANTITY
from assistant.answers.ranking.linear import LinearModel
from assistant.answers.ranking.ranker import Ranked
from assistant.answers.retrieval import Scope, retrieve, scope_of
from assistant.answers.sections import section_list
from assistant.answers.attribution import without_rule_phrases
from assistant.answers.local_rules import LocalRules, first, lead_sentence, local_rules, silent_rules_sentence
from knowledge.covenants import Covenant, find_covenants
from knowledge.topics import canonical
from index.search import Hit, HybridIndex

log = logging.getLogger(__name__)
SEARCH_K = 8

NOT_UNDERSTOOD = (
    "Ik begrijp uw vraag niet. Stel een vraag over zorg en ondersteuning, "
    "bijvoorbeeld: 'Wat is gebruikelijke hulp?' of 'Mag mijn hulpmiddel mee als ik verhuis?'"
)
NO_PERSONAL_INFO = (
    "Ik geef geen persoonlijke gegevens van mensen, zoals een adres of telefoonnummer. "
    "Contactgegevens van een organisatie vindt u op haar eigen website."
)
ENTITLEMENT = (
    "Of u hier recht op heeft, beslist uw gemeente. Dat hangt af van uw eigen situatie. "
    "Vraag het Wmo-loket of een onafhankelijke cliëntondersteuner om hulp."
)
ENGLISH_LEAD = "The sources are in Dutch. This is what they say:"
INJECTION = "Ik antwoord alleen met informatie uit de documenten, met bronvermelding."


def answer_question(
    index: HybridIndex,
    generator: Generator,
    raw: str,
    history: list[str] | None = None,
    gemeente: str | None = None,
    peildatum: date | None = None,
    covenants: tuple[Covenant, ...] = (),
) -> tuple[Question, Answer]:
    question = read_question(raw)
    if question.refusable:
        return question, Answer("refused", NOT_UNDERSTOOD)
    if question.personal_info_request:
        return question, Answer("refused", NO_PERSONAL_INFO)
    if question.writing_request:
        return question, writing_refused(question.english)
    scope = scope_of(index, question.search_text, gemeente, peildatum)
    readings = [with_context(dataclasses.replace(question, search_text=scope.text), history or [])]
    if readings[0].search_text != scope.text:
        # A question that may lean on the previous one is also read on its own: a new subject
        # then starts a new search. The reading whose evidence is stronger is answered.
        readings.append(dataclasses.replace(question, search_text=scope.text))
    # The first reading is encoded once, for the gemeente's own rules and the general search alike.
    searched = clean_query(readings[0].search_text)
    vector = index.embed_query(searched) if searched else None
    local = local_rules(index, readings[0].search_text, scope.gemeente, scope.peildatum, vector,
                        scope.named_in_question)
    quoted = quoted_reference(index, question, scope, local)
    if quoted is not None:
        return question, quoted
    drafts = [draft_answer(index, generator, asked, scope, covenants, local, vector if i == 0 else None)
              for i, asked in enumerate(readings)]
    answered = [d for d in drafts if d[0].status == "answered"]
    if not answered:  # still say when the gemeente's rules are not loaded
        missing = not_found(drafts[0][1], question.english,
                            lambda hit: index.unit_similarities(vector, hit) if vector is not None else {})
        return question, add_notes(question, missing, rule_notes(index, scope, missing, question.english))
    # A question that points back ("daarin", "dat") is answered about the earlier subject when
    # that reading is answered at all; otherwise the stronger reading wins.
    points_back = len(drafts) > 1 and bool(REFERRING.search(question.search_text))
    if points_back and drafts[0][0].status == "answered":
        draft, hits = drafts[0]
    else:
        draft, hits = max(answered, key=lambda d: d[0].confidence)
    answer = verified(draft, index, hits)
    # A comparison keeps "In Hilversum geldt (…):" before each gemeente's paragraph instead of one lead.
    lead = lead_sentence(local, answer, hits) if len(local.gemeenten) < 2 else None
    if lead:  # the lead already says whose rules these are, article by article
        answer = dataclasses.replace(answer, answer=without_rule_phrases(answer.answer, hits))
    lead = "\n\n".join(s for s in (silent_rules_sentence(local, answer, hits), lead) if s) or None
    return question, add_notes(question, answer, rule_notes(index, scope, answer, question.english), lead)


def quoted_reference(index: HybridIndex, question: Question, scope: Scope, local: LocalRules) -> Answer | None:
    """The article (and lid) the question names by number, quoted whole, when it points at one
    regulation of the gemeente asked about (`references`); None to answer as usual."""
    gemeenten = local.gemeenten or ((scope.gemeente,) if scope.gemeente else ())
    if len(gemeenten) > 1 and len(named := asked_references(question.search_text)) > 1:
        return quoted_side_by_side(index, question, scope, gemeenten, named)
    reference = asked_reference(question.search_text)
    if reference is None:
        return None
    passages = referenced_passages(index, reference, question.search_text, gemeenten, scope.peildatum)
    units, hits = quoted_units(passages, reference) if passages else ([], [])
    if not units:
        return None
    answer = verified(compose(units, hits), index, hits)
    if answer.status != "answered":
        return None
    answer = dataclasses.replace(answer, answer=without_rule_phrases(answer.answer, hits), confidence=1.0)
    # One article named in a comparison is one gemeente's half: the others are said not to be
    # answered, not left out without a word (review 9's P8).
    lead = "\n\n".join(s for s in (silent_rules_sentence(local, answer, hits), reference_lead(reference, hits)) if s)
    return add_notes(question, answer, rule_notes(index, scope, answer, question.english), lead)


def quoted_side_by_side(index: HybridIndex, question: Question, scope: Scope, gemeenten: tuple[str, ...],
                        named: list) -> Answer | None:
    """A comparison that names an article of each gemeente ("vergelijk artikel 2.4.1 lid 3 van ...
    Zaltbommel met artikel 11 lid 3 van ... Aa en Hunze") quotes each one, each under its own
    gemeente's opening; None (answer as usual) unless every one is found."""
    units: list = []
    hits: list[Hit] = []
    for reference, stretch in named:
        passages = referenced_passages(index, reference, stretch, gemeenten, scope.peildatum)
        found, their_hits = quoted_units(passages, reference) if passages else ([], [])
        if not found:
            return None
        units += [dataclasses.replace(u, hit=u.hit + len(hits)) for u in found]
        hits += their_hits
    answer = verified(compose(units, hits), index, hits)
    if answer.status != "answered":
        return None
    return add_notes(question, dataclasses.replace(answer, confidence=1.0), rule_notes(index, scope, answer, question.english))


def draft_answer(
    index: HybridIndex, generator: Generator, asked: Question, scope: Scope, covenants: tuple[Covenant, ...],
    local: LocalRules | None = None, vector=None,
) -> tuple[Answer, list[Hit]]:
    """`vector`: the embedding of `asked.search_text`, when the caller has it already."""
    composed, ranked, hits = evidence_for(index, generator.models.passage, asked, scope, covenants, local, vector)
    listed = section_list(index, composed, hits)
    if listed is not None:
        return dataclasses.replace(listed, confidence=1.0), list(ranked.hits)
    return generator.generate(composed, ranked), list(ranked.hits)


def evidence_for(
    index: HybridIndex, passage: LinearModel | None, asked: Question, scope: Scope, covenants: tuple[Covenant, ...],
    local: LocalRules | None = None, vector=None,
) -> tuple[Question, Ranked, list[Hit]]:
    """The question as the composer reads it, the passages its answer is chosen from (best first,
    registry passages included), and the searched passages alone."""
    ranked = retrieve(index, dataclasses.replace(scope, text=asked.search_text), passage, vector=vector)
    ranked = Ranked(ranked.hits[:SEARCH_K], ranked.scores[:SEARCH_K], ranked.sims[:SEARCH_K], ranked.vector)
    if local is not None:
        ranked = first(index, local, ranked)  # the gemeente's own articles lead, national context follows
    # Registry passages are extra candidates after the search hits, at the lowest score among
    # the first ones: the sentence model weighs them by their content, without a head start.
    floor = min(ranked.scores[:4], default=0.0)
    hits = list(ranked.hits)
    ranked = ranked.extended(index, covenant_hits(index, asked.search_text, covenants, floor), floor)
    composed = asked
    for name in (local.gemeenten if local else ()) or (scope.gemeente,):  # a comparison names more than one
        composed = without_gemeente(composed, name, bool(name and has_rules_in(index, name)), scope.named_in_question)
    composed = with_topic_names(composed)
    if local is not None and local.gemeenten:
        composed = dataclasses.replace(composed, compared=local.gemeenten)
    return composed, ranked, hits


def without_gemeente(question: Question, gemeente: str | None, loaded: bool = False, named: bool = False) -> Question:
    """The gemeente is the scope of the search, not a term the passages must contain: national
    passages answer for a gemeente without loaded rules. Not so for "how many" and "who"
    questions, nor when the question itself asks about the gemeente ("de vermogensgrens in
    Rotterdam", `named`, not a residence phrase): then the figure, person or rule must be that
    gemeente's own, and national text that does not name it does not answer. Unless the
    gemeente's rules are loaded: then its own articles are searched apart and lead
    (`local_rules`), and they rarely repeat the gemeente's name."""
    specific = QUANTITY.search(question.search_text) or PERSON_QUESTION.search(question.search_text)
    if not gemeente or ((specific or named) and not loaded):
        return question
    return dataclasses.replace(question, search_text=without_names(question.search_text, [gemeente]))


def unique(hits: list[Hit]) -> list[Hit]:
    seen: set[str] = set()
    return [h for h in hits if not (h.chunk.id in seen or seen.add(h.chunk.id))]


def covenant_hits(
    index: HybridIndex, text: str, covenants: tuple[Covenant, ...], score: float, limit: int = 3
) -> list[Hit]:
    """For a question naming a covenant: the passages of the registry's facts about it, those
    whose quote shares most words with the question first."""
    named = find_covenants(text, covenants)
    if not named:
        return []
    asked = set(index.analyse(text))
    facts = [f for c in named for f in c.facts]
    ranked = sorted(facts, key=lambda f: -len(asked & set(index.analyse(f.quote))))
    hits: list[Hit] = []
    for fact in ranked:
        found = index.chunk(fact.chunk_id)
        if found is None or any(h.chunk.id == fact.chunk_id for h in hits):
            continue
        chunk, document = found
        hits.append(Hit(chunk, document, score, None, None, None))
        if len(hits) == limit:
            break
    return hits


def with_topic_names(question: Question) -> Question:
    """"GPK" is answered by passages on the gehandicaptenparkeerkaart: weigh the full name."""
    names = canonical(question.search_text)
    return dataclasses.replace(question, search_text=" ".join([question.search_text, *names])) if names else question


def rule_notes(index: HybridIndex, scope: Scope, answer: Answer, english: bool = False) -> list[str]:
    """Which gemeente's rules were (not) available (in the question's language), and cited rules
    that are not in force today."""
    notes: list[str] = []
    if scope.gemeente and not has_rules_in(index, scope.gemeente):
        notes.append(no_rules_sentence(scope.gemeente, answer.status == "answered", english))
    elif scope.gemeente and answer.status == "not_found":
        regulations = sorted((d.title, d.url) for d in index.documents.values() if is_rule(d)
                             and same_gemeente(d.gemeente, scope.gemeente) and is_in_force(d, scope.peildatum))
        if regulations:
            notes.append(searched_rules_sentence(scope.gemeente, regulations, english))
    today = date.today()
    for citation in answer.citations:
        document = index.documents.get(citation.document["id"])
        note = in_force_note(document, today) if document is not None else None
        if note and note not in notes:
            notes.append(note)
    return notes


def with_context(question: Question, history: list[str]) -> Question:
    """A short follow-up ("en als ik verhuis?") is searched together with the previous question."""
    if not question.follow_up or not history:
        return question
    previous = read_question(history[-1]).search_text
    return dataclasses.replace(question, search_text=f"{previous} {question.search_text}")


def verified(draft: Answer, index: HybridIndex, hits: list[Hit]) -> Answer:
    """The check before an answer leaves: citations against the passages as stored in the index."""
    stored = {c.chunk_id: found[0].text for c in draft.citations if (found := index.chunk(c.chunk_id))}
    stored.update({h.chunk.id: h.chunk.text for h in hits if h.chunk.id not in stored})
    problems = citation_problems(draft, stored)
    if not problems:
        return draft
    log.error("citation check failed: %s", "; ".join(problems))
    fallback = fallback_answer(hits)
    if fallback.status == "answered" and not citation_problems(fallback, stored):
        return fallback
    return not_found()


def add_notes(question: Question, answer: Answer, notes: list[str] | None = None, lead: str | None = None) -> Answer:
    """Fixed guidance around the cited text; notes never carry citation markers."""
    before: list[str] = [lead] if lead else []
    after: list[str] = list(notes or [])
    if question.english and answer.status == "answered":
        before.insert(0, ENGLISH_LEAD)  # the one English line first, then all that is Dutch
    if question.entitlement and answer.status == "answered":
        after.append(ENTITLEMENT)
    if question.injection:
        after.append(INJECTION)
    if question.personal_data:
        after.append(notice(question.personal_data))
    text = "\n\n".join([*before, answer.answer, *after]).strip()
    return dataclasses.replace(answer, answer=text)
