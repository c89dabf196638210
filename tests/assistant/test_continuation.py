"""A list cut off by the end of its passage goes on in the next passage of the same section."""
from __future__ import annotations

from assistant.answers.rendering import compose
from assistant.answers.continuation import continue_lists
from index.search import Hit
from index.units import split_units
from knowledge.documents import Chunk, Document

DOC = Document(id="brief", title="Hoofdlijnenbrief", type="kamerbrief")
FIRST = "Dit doe ik aan de hand van de volgende thema's:\n\n • Een toekomstbestendige Wmo;"
SECOND = " • Samenwerking tussen het medisch en sociaal domein;\n\n • Sociale basis en mantelzorg.\n\nDaarnaast nog iets anders."


class Source:
    def __init__(self, *chunks: Chunk) -> None:
        self.chunks = list(chunks)

    def document_chunks(self, document_id: str) -> list[Chunk]:
        return [c for c in self.chunks if c.document_id == document_id]


def chunk(n: int, text: str, section: str = "Inleiding") -> Chunk:
    return Chunk(id=f"brief:{n}", document_id="brief", text=text, section=section)


def hit(c: Chunk) -> Hit:
    return Hit(c, DOC, 1.0, 0.8, 1, 1)


def test_the_items_after_the_end_of_the_passage_follow_citing_the_next_passage():
    first, second = chunk(0, FIRST), chunk(1, SECOND)
    units = split_units(0, FIRST)
    more, hits = continue_lists(units, [hit(first)], Source(first, second))
    assert [u.rendered for u in more] == ["Dit doe ik aan de hand van de volgende thema's:", "Een toekomstbestendige Wmo;",
                                          "Samenwerking tussen het medisch en sociaal domein;", "Sociale basis en mantelzorg."]
    assert [h.chunk.id for h in hits] == ["brief:0", "brief:1"]
    answer = compose(more, hits)
    assert [c.chunk_id for c in answer.citations] == ["brief:0", "brief:1"]
    assert answer.citations[1].quote.startswith("• Samenwerking") and "Daarnaast" not in answer.citations[1].quote


def test_no_continuation_into_another_section_or_into_prose():
    first = chunk(0, FIRST)
    for following in (chunk(1, SECOND, section="Bijlage"), chunk(1, "Daarnaast nog iets anders.")):
        units = split_units(0, FIRST)
        more, hits = continue_lists(units, [hit(first)], Source(first, following))
        assert more == units and len(hits) == 1


def test_a_list_that_ends_before_its_passage_does_is_left_as_it_is():
    text = FIRST + "\n\nDaarmee ben ik klaar."
    first = chunk(0, text)
    units = split_units(0, text)[:2]  # the lead and the item, not the passage's last sentence
    more, hits = continue_lists(units, [hit(first)], Source(first, chunk(1, SECOND)))
    assert more == units and len(hits) == 1
