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
    # The member after the list is no item of it: it keeps its own label, and its own list's note
    # counts the members (1 and 2) that are not shown.
    assert lines[3] == "3. Het compliment bestaat uit een bedrag van € 100,-. [1]"
    assert lines[4] == "(De bron noemt nog 2 andere punten.)"
    assert citation_problems(answer) == []


def test_a_whole_list_gets_no_note():
    answer = compose([unit("Er moet voldaan"), unit("De zorg wordt minimaal 3"), unit("De zorg wordt verleend door"),
                      unit("De zorg wordt voor minimaal 8")], hits())
    assert [line[:3] for line in answer.answer.split("\n")[1:]] == ["a. ", "b. ", "c. "]
    assert "De bron noemt" not in answer.answer


def test_a_member_after_an_item_of_another_list_is_not_shown_as_one_of_its_items():
    answer = compose([unit("De zorg wordt voor minimaal 8"), unit("De gemeente heeft een formulier")], hits())
    # Its own label says it is member 2, not a fourth condition under "c."; never a dash.
    assert "\n2. De gemeente heeft" in answer.answer and "\n- De gemeente heeft" not in answer.answer


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
    assert lines[4].startswith("3. Het compliment bestaat uit")


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


COMPLAINTS = (
    "Artikel 10.3 Klachten\n"
    "1. Wie een klacht heeft over een ingehuurde organisatie, dient die eerst daar in. "
    "Die organisatie moet een klachtenregeling hebben.\n"
    "2. De gemeente controleert of de klachtenregeling wordt nageleefd.\n"
    "3. Wie niet tevreden is over de afhandeling, kan een klacht indienen bij de gemeente.\n"
    "4. Wie geraakt is door geweld van een ingehuurde organisatie, kan dit melden bij de gemeente. "
    "De gemeente regelt hoe die melding wordt behandeld.\n"
    "5. Een klacht wordt binnen zes weken afgehandeld."
)


def composed(text: str, *starts: str) -> str:
    """The answer composed of the units of one rule passage `text` that start with `starts`, in that order."""
    found = [Hit(Chunk(id="v:1", document_id="verordening", text=text, section="Artikel"), DOC, 1.0, 0.8, 1, 1)]
    units = split_units(0, text)
    return compose([next(u for u in units if u.rendered.startswith(s)) for s in starts], found).answer


def complaints(*starts: str) -> str:
    return composed(COMPLAINTS, *starts)


def test_members_follow_the_one_that_answers_in_the_order_of_the_source():
    # Chosen by relevance as 4, 5, 2, 3: the answering member leads, the rest read 2, 3, 5.
    lines = complaints("Wie geraakt", "Een klacht wordt", "De gemeente controleert", "Wie niet tevreden").split("\n")
    assert [line[:2] for line in lines[1:4]] == ["2.", "3.", "5."]
    assert lines[0].endswith(": 4. Wie geraakt is door geweld van een ingehuurde organisatie, kan dit melden bij de gemeente.")


def test_a_sentence_that_goes_on_with_a_member_stays_on_that_member_s_line():
    # Scored below member 1, member 4's second sentence once stood under member 1 and read as part of it.
    answer = complaints("Wie niet tevreden", "Wie geraakt", "Wie een klacht", "De gemeente regelt", "Die organisatie moet")
    lines = answer.split("\n")
    assert lines[1] == ("1. Wie een klacht heeft over een ingehuurde organisatie, dient die eerst daar in. "
                        "Die organisatie moet een klachtenregeling hebben.")
    assert lines[2] == ("4. Wie geraakt is door geweld van een ingehuurde organisatie, kan dit melden bij de gemeente. "
                        "De gemeente regelt hoe die melding wordt behandeld. [1]")
    assert lines[3] == "(De bron noemt nog 2 andere punten.)"


def test_members_left_out_are_named_after_the_items_of_the_last_member_shown():
    text = ("1. Een auto-aanpassing wordt eenmalig verstrekt.\n2. Het college vraagt een offerte.\n"
            "3. De inwoner kan na 7 jaar opnieuw een aanpassing krijgen, wanneer:\n"
            "a. de auto technisch is afgeschreven;\nb. overzetten niet mogelijk is.")
    lines = composed(text, "Een auto", "De inwoner", "de auto", "overzetten").split("\n")
    assert [line[:3] for line in lines[1:4]] == ["3. ", "a. ", "b. "]
    assert lines[4] == "(De bron noemt nog 1 ander punt.)"


def test_who_says_it_comes_before_a_member_s_label():
    other = Document(id="haag", title="Regeling Den Haag", type="regeling", gemeente="Den Haag")
    found = [Hit(Chunk(id="h:1", document_id="haag", text="Het college beslist binnen acht weken.", section="Artikel 1",
                       meta={"label": "Artikel 1 Beslissen — Regeling Den Haag — gemeente Den Haag"}), other, 1.0, 0.8, 1, 1),
             Hit(Chunk(id="v:3", document_id="verordening", text=COMPLAINTS, section="Artikel 10.3",
                       meta={"label": "Artikel 10.3 Klachten — Verordening Wmo — gemeente Zaltbommel"}), DOC, 0.9, 0.7, 2, 2)]
    units = split_units(0, found[0].chunk.text) + [u for u in split_units(1, COMPLAINTS)
                                                   if u.rendered.startswith(("Wie niet tevreden", "Wie geraakt"))]
    paragraphs = compose(units, found).answer.split("\n\n")
    assert paragraphs[1].split("\n")[0].startswith("In Zaltbommel geldt (Artikel 10.3 Klachten")
    assert paragraphs[1].split("\n")[1].startswith("3. Wie niet tevreden")


def test_an_item_without_a_stop_that_holds_items_of_its_own_announces_them():
    text = ("De hoogte van het pgb wordt bepaald:\na. voor diensten\nI. voor een professional op 90% van het tarief;\n"
            "II. voor het sociale netwerk op het minimumloon;\nb. voor hulpmiddelen op de kostprijs.")
    found = [Hit(Chunk(id="v:5", document_id="verordening", text=text, section="Artikel 13"), DOC, 1.0, 0.8, 1, 1)]
    units = split_units(0, text)
    pick = [next(u for u in units if u.rendered.startswith(s)) for s in ("De hoogte", "voor diensten", "voor een", "voor het")]
    lines = compose(pick, found).answer.split("\n")
    assert lines[1:4] == ["a. voor diensten:", "I. voor een professional op 90% van het tarief;",
                          "II. voor het sociale netwerk op het minimumloon; [1]"]
    # Alone, the same item ends as a sentence.
    assert compose([pick[1]], found).answer.endswith("voor diensten. [1]")


def test_a_sentence_of_a_member_shown_after_another_member_comes_with_its_own_label():
    # Alone, member 1's second sentence read as part of member 3 before it.
    lines = complaints("Wie niet tevreden", "Die organisatie moet").split("\n")
    assert lines[0].endswith(": 3. Wie niet tevreden is over de afhandeling, kan een klacht indienen bij de gemeente.")
    assert lines[1] == ("1. Wie een klacht heeft over een ingehuurde organisatie, dient die eerst daar in. "
                        "Die organisatie moet een klachtenregeling hebben. [1]")


def test_the_first_member_keeps_its_label_when_its_own_items_come_before_the_next_member():
    text = ("1. Een auto-aanpassing wordt eenmalig verstrekt.\n"
            "2. De inwoner kan na 7 jaar opnieuw een aanpassing krijgen, wanneer:\n"
            "a. de auto technisch is afgeschreven;\nb. overzetten niet mogelijk is.\n3. Het college vraagt een offerte.")
    lines = composed(text, "De inwoner", "de auto", "overzetten", "Het college").split("\n")
    assert lines[0].endswith(": 2. De inwoner kan na 7 jaar opnieuw een aanpassing krijgen, wanneer:")
    assert [line[:3] for line in lines[1:4]] == ["a. ", "b. ", "3. "]
    # Notes that fall at one place are one line: member 1 of the list above.
    assert lines[4:] == ["(De bron noemt nog 1 ander punt.)"]


def test_notes_of_a_sub_list_and_its_list_at_one_place_are_summed():
    text = "1. Er gelden voorwaarden:\na. eerste;\nb. tweede;\nc. derde.\n2. Het compliment is € 100,-.\n3. Het geldt een jaar."
    lines = composed(text, "Het compliment", "Er gelden", "eerste").split("\n")
    assert [line[:3] for line in lines[:3]] == [lines[0][:3], "1. ", "a. "] and lines[0].endswith("2. Het compliment is € 100,-.")
    assert lines[3:] == ["(De bron noemt nog 3 andere punten.)"]  # b and c, and member 3


def test_a_member_on_its_own_after_other_lines_of_its_passage_starts_a_line_with_its_label():
    text = ("2. De gemeente volgt deze stappen. Stap 4: De gemeente onderzoekt de eigen kracht.\n"
            "Stap 5: De gemeente bepaalt de hulp.\n3. Voor iedere stap zet de gemeente de nodige deskundigheid in.")
    lines = composed(text, "Stap 4", "Stap 5", "Voor iedere").split("\n")
    # Run on, lid 3 read as part of "Stap 5".
    assert lines[-1] == "3. Voor iedere stap zet de gemeente de nodige deskundigheid in. [1]"
    assert lines[-2].endswith("Stap 5: De gemeente bepaalt de hulp.")


def test_a_line_announcing_a_member_s_items_stays_right_above_them():
    text = ("1. De gemeente heeft een klachtenfunctionaris. De inwoner kan bij deze medewerker een klacht indienen over:\n"
            "a. het gedrag van medewerkers;\nb. de afhandeling van meldingen.\n2. De gemeente regelt de procedure.")
    lines = composed(text, "De inwoner kan", "De gemeente heeft een", "het gedrag", "de afhandeling").split("\n")
    # Shown first, it once stood above "1. De gemeente heeft een klachtenfunctionaris." and apart from its items.
    assert lines[0].endswith(": De gemeente heeft een klachtenfunctionaris. "
                             "De inwoner kan bij deze medewerker een klacht indienen over:")
    assert [line[:3] for line in lines[1:3]] == ["a. ", "b. "]


def test_an_item_or_line_that_ends_with_a_conjunction_gets_no_full_stop():
    # "a. De auto technisch afgeschreven is én" read "én." in review 8's E1.
    text = "Opnieuw in aanmerking als:\na. De auto technisch afgeschreven is én\nb. Het overzetten niet mogelijk is."
    hit = [Hit(Chunk(id="a:1", document_id="verordening", text=text, section="Artikel 4.7"), DOC, 1.0, 0.8, 1, 1)]
    units = split_units(0, text)
    lines = compose(units, hit).answer.split("\n")
    assert lines[1] == "a. De auto technisch afgeschreven is én"
    assert lines[2].startswith("b. Het overzetten niet mogelijk is.")


def test_an_answer_that_opens_with_a_list_item_loses_its_rule_phrase_too():
    from assistant.answers.attribution import without_rule_phrases

    text = "\nIn Zaltbommel geldt (Bijlage, Verordening Wmo):\n- kunnen niet zonder toezicht; [1]"
    assert without_rule_phrases(text, hits()) == "- kunnen niet zonder toezicht; [1]"
    assert without_rule_phrases("In Zaltbommel geldt (Artikel 4, Verordening Wmo): Zo is het.", hits()) == "Zo is het."


def test_an_item_ending_in_a_comma_gets_no_full_stop_after_it():
    text = ("De gemeente komt in aanmerking als deze:\n"
            "a. feitelijk dakloos is,\n"
            "b. al twee jaar in de regio woont,\n"
            "c. zich meldt bij het loket.")
    shown = [Hit(Chunk(id="v:2", document_id="verordening", text=text, section="Artikel 2.1.1"), DOC, 1.0, 0.8, 1, 1)]
    items = split_units(0, text)
    answer = compose(items[:3], shown).answer
    assert ",." not in answer
    assert "a. feitelijk dakloos is," in answer  # the list goes on in the next item shown
    assert "b. al twee jaar in de regio woont." in answer  # shown last, it ends the sentence
