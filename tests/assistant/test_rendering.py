"""How chosen units read: list items under their own lead only, items left out named, quotes
that hold the items they announce."""
from __future__ import annotations

from assistant.answers.citations import citation_problems
from assistant.answers.rendering import compose, quote_for
from index.search import Hit
from index.units import split_units
from knowledge.documents import Chunk, Document

DOC = Document(id="verordening", title="Verordening Wmo", type="regeling", gemeente="Zaltbommel")
ARTICLE = (
    "1. Een compliment kan worden aangevraagd door degene die zorg ontvangt. "
    "Er moet voldaan zijn aan de volgende voorwaarden:\n"
    "a. De zorg wordt minimaal 3 maanden verleend.\n"
    "b. De zorg wordt verleend door iemand die niet betaald wordt.\n"
    "c. De zorg wordt voor minimaal 8 uur per week verleend.\n"
    "2. De gemeente heeft een formulier.\n"
    "3. Het compliment bestaat uit een bedrag van € 100,-."
)


def hits() -> list[Hit]:
    return [Hit(Chunk(id="v:1", document_id="verordening", text=ARTICLE, section="Artikel 4.5.3"), DOC, 1.0, 0.8, 1, 1)]


def unit(start: str):
    return next(u for u in split_units(0, ARTICLE) if u.rendered.startswith(start))


def test_one_item_under_its_lead_says_how_many_items_are_left_out():
    answer = compose([unit("Er moet voldaan"), unit("De zorg wordt voor minimaal 8"), unit("Het compliment")], hits())
    lines = answer.answer.split("\n")
    assert lines[1] == "- De zorg wordt voor minimaal 8 uur per week verleend."
    assert lines[2] == "(De bron noemt nog 2 andere punten.)"
    # The member after the list is no item of it: no dash, and no note of its own list.
    assert lines[3].startswith("Het compliment bestaat uit") and lines[3].endswith("[1]")
    assert citation_problems(answer) == []


def test_a_whole_list_gets_no_note():
    answer = compose([unit("Er moet voldaan"), unit("De zorg wordt minimaal 3"), unit("De zorg wordt verleend door"),
                      unit("De zorg wordt voor minimaal 8")], hits())
    assert answer.answer.count("\n- ") == 3
    assert "De bron noemt" not in answer.answer


def test_a_member_after_an_item_of_another_list_is_not_shown_as_one_of_its_items():
    answer = compose([unit("De zorg wordt voor minimaal 8"), unit("De gemeente heeft een formulier")], hits())
    assert "\n- De gemeente heeft" not in answer.answer


def test_a_long_quote_keeps_the_lead_and_the_items_that_fit():
    text = "De voorwaarden zijn:\n" + "\n".join(f"- Voorwaarde {i} " + "x" * 150 + "." for i in range(8))
    units = split_units(0, text)
    quote = quote_for(text, units)
    assert quote.startswith("De voorwaarden zijn:") and "Voorwaarde 2" in quote
    assert len(quote) <= 700 and text.startswith(quote)
