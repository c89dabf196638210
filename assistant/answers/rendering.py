"""How chosen units read as an answer: who says it, list items on lines of their own, one marker
per passage, and citations that quote the exact stretch used."""
from __future__ import annotations

from assistant.answers.attribution import source_phrase
from assistant.answers.citations import Answer, Citation
from index.search import Hit
from index.units import Unit, item_kind, split_units
from knowledge.documents import document_ref

MAX_QUOTE = 700


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

