"""Extractive answers: pick the sentences and table rows that answer the question, cite each.

Behind the `Generator` protocol so an LLM generator can replace it; whatever generates, the
answer goes through `citations.citation_problems` before it is sent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Protocol

from assistant.citations import Answer, Citation
from assistant.evidence import Unit, split_units
from assistant.question import Question
from index.search import Hit

POOL = 4  # passages whose sentences compete for the answer
MAX_UNITS = 3
MAX_QUOTE = 700
QUANTITY = re.compile(r"(?i)\b(?:hoeveel|hoe\s+(?:hoog|veel|lang|vaak|duur)|wat kost|how (?:many|much|long|often))\b")
# A digit glued to a word is a footnote mark ("ingediend26"), not a number.
NUMBER = re.compile(r"(?<!\w)\d|\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig|honderd|duizend|miljoen|helft|derde|kwart|procent)\b", re.I)
YEAR = re.compile(r"(?<!\w)(?:19|20)\d\d(?!\w)")
PER_PERIOD = re.compile(r"(?i)\bper (?:maand|week|jaar|dag|uur|kwartaal)\b")
PERSON_QUESTION = re.compile(r"(?i)^\s*(?:wie|who)\b")
# Two capitalised words in a row, the second not a common title word: a person's name.
PERSON_NAME = re.compile(
    r"\b(?!(?:Gemeente|Provincie|Ministerie|Minister|Staatssecretaris|Wethouder|Burgemeester|Tweede|Eerste|Kamer|"
    r"Nederland|Nederlandse|Wet|Het|De|Een|Dit|Deze|In|Op|Voor|Van|Met)\b)[A-Z][a-zé]+(?: (?:van|de|der|den|ter|el))* [A-Z][a-zé]{2,}\b"
)
# Words that shape a question but carry no topic: they do not count towards coverage.
QUESTION_WORDS = frozenset(
    "telt tellen mee daarvan daarover daarbij vindt vinden vind gaat gaan krijg krijgt krijgen moet moeten "
    "kan kunnen mag mogen wordt worden zijn is heeft hebben staat staan zit zitten doen doet weten weet graag "
    "eigenlijk nou even precies ongeveer gewoon dus toch echt iets alles waarom wanneer waar welke hoeveel "
    "hoe wat wie nog steeds ooit elk elke iemand mijn jullie jij je u ik wij we er hier daar nu "
    "volgens stond stonden las lees gelezen gehoord zin".split()
)
ANAPHORA = re.compile(r"^(?:Dit|Dat|Deze|Die|Zij|Hij|Het|Hier\w*|Daar\w*|Zo|Ook|Wel|Dan|Op deze manier)\b")


@dataclass(frozen=True)
class Evidence:
    """What the composer found, with the numbers the not-found threshold is calibrated on."""

    units: tuple[Unit, ...]
    coverage: float  # share of the question's term weight found in the chosen units' passages
    best_score: float


class Generator(Protocol):
    def generate(self, question: Question, hits: list[Hit]) -> Answer: ...


class TermWeights(Protocol):
    def analyse(self, text: str) -> list[str]: ...

    def idf(self, stem: str) -> float: ...


class ExtractiveGenerator:
    """Answers only with sentences that stand in the retrieved passages."""

    def __init__(self, terms: TermWeights, threshold: float) -> None:
        self.terms = terms
        self.threshold = threshold

    def find_evidence(self, question: Question, hits: list[Hit]) -> Evidence:
        stems = set(self.terms.analyse(" ".join(w for w in re.findall(r"[\w()'-]+", question.search_text) if w.lower() not in QUESTION_WORDS)))
        weights = {s: self.terms.idf(s) for s in stems}
        quantity = bool(QUANTITY.search(question.search_text))
        total = sum(weights.values()) or 1.0
        pool = hits[:POOL]
        if not pool:
            return Evidence((), 0.0, 0.0)
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
                scored.append((score, unit, found))
        scored.sort(key=lambda item: -item[0])
        chosen = select(scored, weights, total)
        chosen = with_neighbours(chosen, [u for _, u, _ in scored], stems, self.terms)
        chosen = expand_tables(chosen, scored, question)
        chosen = expand_lists(chosen, [u for _, u, _ in scored])
        chunk_terms: set[str] = set()
        for unit in chosen:
            hit = pool[unit.hit]
            chunk_terms |= stems & set(self.terms.analyse(f"{hit.document.title} {hit.chunk.section or ''} {hit.chunk.text}"))
        coverage = sum(weights[s] for s in chunk_terms) / total if stems else 0.0
        return Evidence(tuple(chosen), coverage, scored[0][0] if scored else 0.0)

    def sufficient(self, question: Question, evidence: Evidence) -> bool:
        """Whether the evidence answers the question; calibrated on the dev set (see README)."""
        if not evidence.units:
            return False
        if not question.english and evidence.coverage < self.threshold:
            return False
        text = " ".join(u.rendered for u in evidence.units)
        entities = named_entities(question.search_text)
        if QUANTITY.search(question.search_text) and not any(
            NUMBER.search(u.rendered) and mentions(u, entities) for u in evidence.units
        ):
            return False  # "how many" needs a number about the very thing that was named
        period = PER_PERIOD.search(question.search_text)
        if period and period.group(0).lower() not in text.lower():
            return False  # asked per month, the passage speaks of something else
        if PERSON_QUESTION.search(question.search_text) and not any(
            PERSON_NAME.search(u.rendered) and mentions(u, entities) for u in evidence.units
        ):
            return False
        return True

    def generate(self, question: Question, hits: list[Hit]) -> Answer:
        evidence = self.find_evidence(question, hits)
        if not self.sufficient(question, evidence):
            return Answer("not_found", "", ())
        return compose(evidence.units, hits[:POOL])


def quantity_bonus(text: str, stems: set[str], terms: TermWeights) -> float:
    """A "how many" question is answered by a figure, best one that counts what was asked
    ("278 steunpunten")."""
    text = YEAR.sub(" ", text)  # a year is a date, not a count
    # The counted noun is the word after the figure, or the one after that ("2 of 3 aanbieders").
    counted = re.findall(r"(?<!\w)\d[\d.,]*%?\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?", text)
    if any(matching(stems, terms.analyse(f"{first} {second}")) for first, second in counted):
        return 0.2
    return 0.1 if re.search(r"(?<!\w)\d", text) else 0.0


def expand_lists(chosen: list[Unit], units: list[Unit]) -> list[Unit]:
    """Two items of one list chosen: the question asks for the list, so give all its items."""
    lists: dict[int, int] = {}
    for unit in chosen:
        if unit.bullet:
            lists[unit.hit] = lists.get(unit.hit, 0) + 1
    result = list(chosen)
    for hit, count in lists.items():
        if count < 2:
            continue
        items = sorted((u for u in units if u.hit == hit and u.bullet), key=lambda u: u.start)[:8]
        first = min(i for i, u in enumerate(result) if u.hit == hit)
        rest = [u for u in result if u.hit != hit or not u.bullet]
        result = rest[:first] + items + [u for u in rest[first:]]
        result = [u for i, u in enumerate(result) if all((v.hit, v.start) != (u.hit, u.start) for v in result[:i])]
    return result


def matching(stems: set[str], words: list[str]) -> set[str]:
    """Question stems found among `words`, also inside a longer word that starts with the stem
    ("terug" in "teruggave") or ends with it, as a Dutch compound's head does ("teken" in
    "onderteken"). Not the other way round: "mantelzorg" does not answer "mantelzorgcompliment"."""
    present = set(words)
    found = stems & present
    for stem in stems - found:
        if len(stem) >= 5 and any(w.startswith(stem) or w.endswith(stem) for w in present):
            found.add(stem)
    return found


def named_entities(text: str) -> list[str]:
    """Capitalised words after the first word: places, organisations, names."""
    words = re.findall(r"\b[A-Z][\w()-]{2,}", text)
    first = re.match(r"\W*(\w+)", text)
    return [w for w in words if not (first and w == first.group(1))]


def mentions(unit: Unit, entities: list[str]) -> bool:
    body = f"{unit.context} {unit.rendered}".lower()
    return all(e.lower() in body for e in entities)


def select(scored: list[tuple[float, Unit, set[str]]], weights: dict[str, float], total: float) -> list[Unit]:
    """Greedy: the best unit, then units that add question terms not yet covered."""
    if not scored:
        return []
    best_score, best, covered = scored[0]
    chosen = [best]
    covered = set(covered)
    for score, unit, found in scored[1:]:
        if len(chosen) >= MAX_UNITS or score < 0.6 * best_score:
            break
        gain = sum(weights[s] for s in found - covered) / total
        if gain >= 0.12 and unit not in chosen:
            chosen.append(unit)
            covered |= found
    return chosen


def with_neighbours(chosen: list[Unit], units: list[Unit], stems: set[str], terms: TermWeights) -> list[Unit]:
    """Add the sentence a chosen one leans on ("Dit wordt ook wel ... genoemd" needs the one before),
    the next sentence when it continues on the question's terms, and a table its lead introduces."""
    ordered = sorted(units, key=lambda u: (u.hit, u.start))
    position = {id(u): i for i, u in enumerate(ordered)}
    result: list[Unit] = []
    for unit in chosen:
        i = position.get(id(unit))
        if i is None:
            result.append(unit)
            continue
        before = ordered[i - 1] if i > 0 else None
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        if unit.kind == "sentence" and ANAPHORA.match(unit.rendered) and same_paragraph(before, unit) and before.kind == "sentence":
            add(result, before)
        add(result, unit)
        if after is None or after.hit != unit.hit:
            continue
        if after.kind == "row" and unit.kind == "sentence" and not unit.rendered.endswith("?"):
            # The sentence introduces a table: the rows are the answer.
            add(result, after)
            continue
        if unit.kind == "sentence" and any(u.kind == "row" and u.hit == unit.hit for u in ordered):
            best_table = best_matching_row(unit, ordered, stems, terms)
            if best_table is not None:
                add(result, best_table)
        for follower in ordered[i + 1 : i + 4]:
            if not same_paragraph(unit, follower) or follower.kind != "sentence":
                break
            if not (stems & set(terms.analyse(follower.rendered)) or ANAPHORA.match(follower.rendered)):
                break
            add(result, follower)
    return result[: MAX_UNITS + 4]


def best_matching_row(unit: Unit, ordered: list[Unit], stems: set[str], terms: TermWeights) -> Unit | None:
    """For a sentence of a table passage: a row of the table whose caption fits the question best."""
    rows = [u for u in ordered if u.hit == unit.hit and u.kind == "row"]
    best, best_overlap = None, 0
    for row in rows:
        overlap = len(matching(stems, terms.analyse(f"{row.context} {row.rendered}")))
        if overlap > best_overlap:
            best, best_overlap = row, overlap
    return best


def same_paragraph(a: Unit | None, b: Unit | None) -> bool:
    return a is not None and b is not None and a.hit == b.hit and a.paragraph == b.paragraph


def add(units: list[Unit], unit: Unit) -> None:
    if all(u is not unit and (u.hit, u.start) != (unit.hit, unit.start) for u in units):
        units.append(unit)


def expand_tables(chosen: list[Unit], scored: list[tuple[float, Unit, set[str]]], question: Question) -> list[Unit]:
    """A row rarely answers alone: give the whole small table, unless the question names a row."""
    result: list[Unit] = []
    all_units = [u for _, u, _ in scored]
    asked = question.search_text.lower()
    for unit in chosen:
        if unit.kind != "row":
            if unit not in result:
                result.append(unit)
            continue
        siblings = sorted((u for u in all_units if u.hit == unit.hit and u.table == unit.table), key=lambda u: u.start)
        named = [u for u in siblings if u.rendered.split(":")[0].lower() in asked]
        keep = named or (siblings if len(siblings) <= 6 else [unit])
        result.extend(u for u in keep if u not in result)
    return result


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
                document=document_dict(hit),
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


def document_dict(hit: Hit) -> dict:
    d = hit.document
    return {"id": d.id, "title": d.title, "date": d.date, "url": d.url}


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


QuestionReader = Callable[[str], Question]
