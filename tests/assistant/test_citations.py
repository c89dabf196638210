from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answers.citations import Answer, Citation, citation_problems
from assistant.answers.rendering import compose
from index.units import split_units
from index.search import Hit
from knowledge.documents import Chunk, Document

DOC = {"id": "d", "title": "T", "date": None, "url": None}


def cite(n, text, quote, chunk_id="c"):
    return Citation(n=n, chunk_id=chunk_id, text=text, quote=quote, section=None, document=DOC)


def test_valid_answer_has_no_problems():
    answer = Answer("answered", "A is waar. [1] B ook. [2]", (cite(1, "A is waar. C.", "A is waar."), cite(2, "B ook.", "B ook.", "c2")))
    assert citation_problems(answer) == []


def test_quote_not_in_passage_is_caught():
    answer = Answer("answered", "Gemeenten betalen alles. [1]", (cite(1, "Gemeenten betalen niets.", "Gemeenten betalen alles."),))
    assert any("not in its passage" in p for p in citation_problems(answer))


def test_near_miss_quote_with_changed_number_is_caught():
    text = "Wel teruggave bij afwijzing\t2 gemeenten"
    answer = Answer("answered", "2 gemeenten. [1]", (cite(1, text, "Wel teruggave bij afwijzing\t3 gemeenten"),))
    assert citation_problems(answer)


def test_marker_without_citation_and_unused_citation_are_caught():
    answer = Answer("answered", "Zin. [2]", (cite(1, "Zin.", "Zin."),))
    problems = citation_problems(answer)
    assert any("[2] has no citation" in p for p in problems)
    assert any("[1] is not used" in p for p in problems)


def test_numbering_gaps_and_stale_text_are_caught():
    answer = Answer("answered", "Zin. [1] Nog een. [3]", (cite(1, "Zin.", "Zin."), cite(3, "Nog een.", "Nog een.", "c3")))
    assert any("numbers" in p for p in citation_problems(answer))
    fresh = Answer("answered", "Zin. [1]", (cite(1, "Zin.", "Zin."),))
    assert citation_problems(fresh, {"c": "Zin, maar anders."})


def test_not_found_must_not_carry_citations():
    assert citation_problems(Answer("not_found", "Niet gevonden.", (cite(1, "Zin.", "Zin."),)))


def hit_for(i: int, text: str) -> Hit:
    chunk = Chunk(id=f"c{i}", document_id="d", text=text, section="S")
    return Hit(chunk, Document(id="d", title="T", type="rapport"), 1.0, 0.9, 1, 1)


SENTENCE = st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{1,8}){2,8}[.!?]", fullmatch=True)
ROW = st.from_regex(r"[A-Z][a-z]{2,10}\t[0-9]{1,2} gemeenten", fullmatch=True)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
PASSAGE = st.lists(st.one_of(PARAGRAPH, st.lists(ROW, min_size=2, max_size=4).map("\n".join)), min_size=1, max_size=3).map("\n\n".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(PASSAGE, min_size=1, max_size=3), st.data())
def test_any_composed_answer_passes_the_check(passages, data):
    hits = [hit_for(i, text) for i, text in enumerate(passages)]
    units = [u for i, h in enumerate(hits) for u in split_units(i, h.chunk.text)]
    chosen = data.draw(st.lists(st.sampled_from(units), min_size=1, max_size=4, unique_by=lambda u: (u.hit, u.start)))
    answer = compose(chosen, hits)
    assert citation_problems(answer, {h.chunk.id: h.chunk.text for h in hits}) == []
    for unit in chosen:
        assert hits[unit.hit].chunk.text[unit.start : unit.end] == unit.quote
