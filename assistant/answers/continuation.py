"""A list cut off by the end of its passage goes on in the next passage of the same section.

Passages are about one paragraph long, so a list sometimes ends a passage after its first items
and goes on in the next. An answer that gives such a list ("Dit doe ik aan de hand van de volgende
thema's: ...") would then name only the first items. The rest follow from that next passage,
which the answer cites as well.
"""
from __future__ import annotations

from typing import Protocol

from assistant.answers.relevance import TermWeights
from assistant.answers.lists import list_items
from assistant.answers.reading_order import opens_list
from index.search import Hit
from index.units import MAX_ITEMS, Unit, item_kind, split_units
from knowledge.documents import Chunk


class PassageSource(TermWeights, Protocol):
    def document_chunks(self, document_id: str) -> list[Chunk]: ...


def continue_lists(units: list[Unit], hits: list[Hit], source: PassageSource) -> tuple[list[Unit], list[Hit]]:
    """`units` with the items of a list they end a passage with taken on from the next passage,
    and `hits` with that passage added."""
    units, hits = list(units), list(hits)
    for position in range(len(units) - 1, -1, -1):
        unit = units[position]
        if not cut_off(unit, hits[unit.hit]):
            continue
        following = next_passage(hits[unit.hit], source)
        if following is None:
            continue
        more = split_units(len(hits), following.text)
        kind = item_kind(unit) if unit.bullet else None
        if not more or not more[0].bullet or (kind is not None and item_kind(more[0]) != kind):
            continue
        room = MAX_ITEMS - sum(1 for u in units if u.hit == unit.hit and u.bullet)
        items = list_items(more, 0)[: max(0, room)]
        if items:
            # Found by position, not by search: no search scores or ranks of its own.
            hits.append(Hit(following, hits[unit.hit].document, hits[unit.hit].score, None, None, None))
            units[position + 1:position + 1] = items
    return units, hits


def cut_off(unit: Unit, hit: Hit) -> bool:
    """`unit` is a list item, or the sentence introducing a list, that ends its passage."""
    return (unit.bullet or opens_list(unit)) and split_units(unit.hit, hit.chunk.text)[-1].start == unit.start


def next_passage(hit: Hit, source: PassageSource) -> Chunk | None:
    chunks = source.document_chunks(hit.document.id)
    for chunk, after in zip(chunks, chunks[1:]):
        if chunk.id == hit.chunk.id:
            return after if after.section == hit.chunk.section else None
    return None
