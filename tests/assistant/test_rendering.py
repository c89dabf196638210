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
    assert lines[1] == "c. De zorg wordt voor minimaal 8 uur per week verleend."  # its own label
    assert lines[2] == "(De bron noemt nog 2 andere punten.)"
    # The member after the list is no item of it: no dash, and no note of its own list.
    assert lines[3].startswith("Het compliment bestaat uit") and lines[3].endswith("[1]")
    assert citation_problems(answer) == []


def test_a_whole_list_gets_no_note():
    answer = compose([unit("Er moet voldaan"), unit("De zorg wordt minimaal 3"), unit("De zorg wordt verleend door"),
                      unit("De zorg wordt voor minimaal 8")], hits())
    assert [line[:3] for line in answer.answer.split("\n")[1:]] == ["a. ", "b. ", "c. "]
    assert "De bron noemt" not in answer.answer


def test_a_member_after_an_item_of_another_list_is_not_shown_as_one_of_its_items():
    answer = compose([unit("De zorg wordt voor minimaal 8"), unit("De gemeente heeft een formulier")], hits())
    assert "\n2. De gemeente heeft" not in answer.answer and "\n- De gemeente heeft" not in answer.answer


def test_a_long_quote_keeps_the_lead_and_the_items_that_fit():
    text = "De voorwaarden zijn:\n" + "\n".join(f"- Voorwaarde {i} " + "x" * 150 + "." for i in range(8))
    units = split_units(0, text)
    quote = quote_for(text, units)
    assert quote.startswith("De voorwaarden zijn:") and "Voorwaarde 2" in quote
    assert len(quote) <= 700 and text.startswith(quote)


def test_items_of_one_list_stand_together_even_when_another_sentence_was_chosen_between_them():
    answer = compose([unit("Er moet voldaan"), unit("De zorg wordt minimaal 3"), unit("Het compliment"),
                      unit("De zorg wordt voor minimaal 8")], hits())
    lines = answer.answer.split("\n")
    assert lines[1:4] == ["a. De zorg wordt minimaal 3 maanden verleend.",
                          "c. De zorg wordt voor minimaal 8 uur per week verleend.",
                          "(De bron noemt nog 1 ander punt.)"]
    assert lines[4].startswith("Het compliment bestaat uit")


def test_a_long_list_with_items_of_several_sentences_is_counted_whole():
    text = ("2. De criteria zijn als volgt:\n"
            + "".join(f"{letter}. criterium {letter} geldt;\n" for letter in "abcdef")
            + "g. criterium g geldt. Dat vraagt veel. Zo nodig wordt iets aangepast;\n"
            "h. veilig kunnen deelnemen aan het verkeer.\n"
            "3. Een scootmobiel wordt alleen verstrekt aan wie veilig rijdt.")
    found = [Hit(Chunk(id="v:2", document_id="verordening", text=text, section="Artikel 4.6"), DOC, 1.0, 0.8, 1, 1)]
    units = split_units(0, text)
    pick = [next(u for u in units if u.rendered.startswith(start)) for start in
            ("De criteria", "criterium b", "Een scootmobiel", "veilig kunnen")]
    lines = compose(pick, found).answer.split("\n")
    assert lines[1:4] == ["b. criterium b geldt;", "h. veilig kunnen deelnemen aan het verkeer.",
                          "(De bron noemt nog 6 andere punten.)"]


def test_each_rule_names_its_article_and_a_lead_that_names_them_drops_exactly_those_phrases():
    from assistant.answers.attribution import without_rule_phrases

    def rule(i: int, title: str, label: str, text: str) -> Hit:
        doc = Document(id=title, title=title, type="regeling", gemeente="Aa en Hunze", origin="import")
        return Hit(Chunk(id=f"c{i}", document_id=title, text=text, section="S",
                         meta={"label": f"{label} — {title} — gemeente Aa en Hunze"}), doc, 1.0, 0.8, i + 1, i + 1)

    found = [rule(0, "Nadere regels", "Artikel 4.4.4.1 lid 2 Wmo-vervoer", "Een rit is maximaal 30 kilometer."),
             rule(1, "Verordening", "Artikel 13 lid 3 De hoogte van een pgb", "De tegemoetkoming is € 4.189,19.")]
    answer = compose(split_units(0, found[0].chunk.text) + split_units(1, found[1].chunk.text), found)
    assert answer.answer == ("In Aa en Hunze geldt (Artikel 4.4.4.1 lid 2 Wmo-vervoer, Nadere regels): Een rit is "
                             "maximaal 30 kilometer. [1] In Aa en Hunze geldt (Artikel 13 lid 3 De hoogte van een pgb, "
                             "Verordening): De tegemoetkoming is € 4.189,19. [2]")
    for order in (found, found[::-1]):  # one phrase is never read as running on to the next
        assert without_rule_phrases(answer.answer, order) == (
            "Een rit is maximaal 30 kilometer. [1] De tegemoetkoming is € 4.189,19. [2]")


def test_the_first_item_of_an_answer_shows_its_label_too():
    answer = compose([unit("De zorg wordt minimaal 3"), unit("De zorg wordt verleend door")], hits())
    first, second = answer.answer.split("\n")[:2]
    assert first.endswith(": a. De zorg wordt minimaal 3 maanden verleend.")
    assert second == "b. De zorg wordt verleend door iemand die niet betaald wordt. [1]"
