"""Recognising the gemeente in a question, residence phrasing, and whether its rules are loaded."""
from __future__ import annotations

import pytest

from assistant.rules.gemeenten import find_gemeenten, has_rules, known_gemeenten, no_rules_sentence, recognise_gemeente
from knowledge.documents import Document

RULES = [Document(id="cvdr-1", title="Beleidsregels", type="Beleidsregel", gemeente="Noordwaard", origin="import"),
         Document(id="cvdr-2", title="Parkeren", type="Beleidsregel", gemeente="Best", origin="import"),
         Document(id="seed", title="Verkenning", type="rapport")]
KNOWN = known_gemeenten(RULES)


def test_known_gemeenten_are_imported_plus_seed_names():
    assert KNOWN[:2] == ["Noordwaard", "Best"]
    assert {"Oude IJsselstreek", "Tubbergen", "Amersfoort", "Zoetermeer"} <= set(KNOWN)
    assert known_gemeenten([*RULES, RULES[0]], seed=[]) == ["Noordwaard", "Best"]
    assert known_gemeenten({"a": RULES[0]}, seed=["gemeente Noordwaard", "Waalre"]) == ["Noordwaard", "Waalre"]


@pytest.mark.parametrize("question, name, residence, rest", [
    ("Ik woon in Tubbergen. Krijg ik huishoudelijke hulp?", "Tubbergen", True, "Krijg ik huishoudelijke hulp?"),
    ("ik woon in tubbergen en wil een GPK", "Tubbergen", True, "Ik wil een GPK"),
    ("Wij wonen in de gemeente Oude IJsselstreek, wat kost een parkeerkaart?", "Oude IJsselstreek", True,
     "Wat kost een parkeerkaart?"),
    ("Mijn gemeente is Zoetermeer. Hoe zit het met jobcoaching?", "Zoetermeer", True, "Hoe zit het met jobcoaching?"),
    ("In de gemeente Waalre woon ik. Wat is gebruikelijke hulp?", "Waalre", True, "Wat is gebruikelijke hulp?"),
    ("Ik ben inwoner van Noordwaard: hoe vraag ik een rolstoel aan?", "Noordwaard", True,
     "Hoe vraag ik een rolstoel aan?"),
    ("Hoe regelt de gemeente Oude IJsselstreek jobcoaching?", "Oude IJsselstreek", False,
     "Hoe regelt de gemeente Oude IJsselstreek jobcoaching?"),
    ("wat kost een parkeerkaart in oude ijsselstreek", "Oude IJsselstreek", False,
     "wat kost een parkeerkaart in oude ijsselstreek"),
    ("Geldt dit ook in Oude-IJsselstreek?", "Oude IJsselstreek", False, "Geldt dit ook in Oude-IJsselstreek?"),
    ("Parkeren in Best", "Best", False, "Parkeren in Best"),
    ("parkeren in best", "Best", False, "parkeren in best"),
])
def test_recognise(question, name, residence, rest):
    found = recognise_gemeente(question, KNOWN)
    assert (found.name, found.residence, found.question) == (name, residence, rest)


@pytest.mark.parametrize("question", [
    "Wat is de beste regeling voor huishoudelijke hulp?",  # "beste" is not the gemeente Best
    "best wel duur, zo'n parkeerkaart",  # everyday word without a cue
    "Wat zegt de Wmo over gebruikelijke hulp?",
])
def test_no_gemeente(question):
    assert recognise_gemeente(question, KNOWN) is None


def test_several_gemeenten_in_order():
    assert find_gemeenten("Verschilt het tussen amersfoort, Oude IJsselstreek en Rotterdam?", KNOWN) == [
        "Amersfoort", "Oude IJsselstreek", "Rotterdam"]


def test_a_gemeente_named_as_a_landmark_is_not_the_one_asked_about():
    # Rijswijk is no known gemeente here, Noordwaard has rules: where the asker lives decides.
    for question in ("Ik woon in Rijswijk, vlak bij Noordwaard. Wat is het normbedrag voor verhuiskosten?",
                     "I live in Rijswijk, right next to Noordwaard. What is the standard amount for moving?",
                     "Ik woon in Rijswijk, in de buurt van de gemeente Noordwaard. Wat kost een traplift?"):
        assert find_gemeenten(question, KNOWN) == []
        assert recognise_gemeente(question, KNOWN).name == "Rijswijk"
    # What the wording calls the gemeente beats its village, also with no known gemeente named.
    assert recognise_gemeente("Ik woon in Geldermalsen (gemeente West Betuwe), vlak bij Noordwaard.", KNOWN).name == \
        "West Betuwe"
    # "bij de gemeente" is where one applies, not a landmark; a comparison names both.
    assert find_gemeenten("Ik heb bij de gemeente Noordwaard een traplift aangevraagd.", KNOWN) == ["Noordwaard"]
    assert find_gemeenten("Wat is het verschil tussen Noordwaard en Tubbergen?", KNOWN) == ["Noordwaard", "Tubbergen"]


def test_a_province_is_no_gemeente_of_the_same_name():
    # Review 16's a1305: "in the province of Utrecht" was answered with "The rules of the
    # municipality of Utrecht are not loaded".
    for question in ("How many steunpunten are there in the province of Noordwaard?",
                     "Hoeveel steunpunten telt de provincie Noordwaard?"):
        assert find_gemeenten(question, KNOWN) == [] and recognise_gemeente(question, KNOWN) is None
    assert find_gemeenten("In de provincie Tubbergen, gemeente Noordwaard?", KNOWN) == ["Noordwaard"]


def test_has_rules_and_sentence():
    assert has_rules(RULES, "noordwaard") and has_rules({d.id: d for d in RULES}, "Gemeente Best")
    assert not has_rules(RULES, "Tubbergen")
    assert "Tubbergen" in no_rules_sentence("Tubbergen") and "landelijke bronnen" in no_rules_sentence("Tubbergen")
    # without an answer there is nothing that rests on national sources
    assert no_rules_sentence("Tubbergen", answered=False) == "Van de gemeente Tubbergen zijn nog geen regels geladen."
    # An English question reads it in English.
    assert no_rules_sentence("Tubbergen", answered=False, english=True) == \
        "The rules of the municipality of Tubbergen are not loaded yet."


@pytest.mark.parametrize("question, name, residence", [
    ("Ik woon in Zuidwaard", "Zuidwaard", True),  # not known, but the wording says it is a gemeente
    ("Geldt dit in Tubbergenveld?", "Tubbergenveld", False),  # its own name, not Tubbergen
    ("Wat regelt de gemeente Bergen op Zoom voor vervoer?", "Bergen op Zoom", False),
    ("I live in the city of Zuidwaard and use a wheelchair.", "Zuidwaard", True),
    ("What does the municipality of Zuidwaard pay for a stairlift?", "Zuidwaard", False),
    # Called a gemeente, a place without rules wins over a known gemeente named beside it.
    ("I live in Zuiddorp, in the municipality of Zuidwaard near Noordwaard. Can I get a compliment?", "Zuidwaard", False),
    ("Mijn vader woont in de gemeente Zuidwaard, vlak bij Noordwaard.", "Zuidwaard", False),
])
def test_unknown_gemeente_is_still_a_gemeente(question, name, residence):
    found = recognise_gemeente(question, KNOWN)
    assert (found.name, found.residence) == (name, residence)


@pytest.mark.parametrize("question", ["Wat is gebruikelijke hulp in Nederland?", "In Europa is dat anders.",
                                      "Op welke manieren mag een gemeente Wmo-ondersteuning inkopen?"])
def test_words_that_are_not_gemeenten(question):
    assert recognise_gemeente(question, KNOWN) is None


def test_a_country_after_in_is_not_a_gemeente_without_rules():
    from assistant.rules.unknown_gemeenten import unknown_gemeente

    assert unknown_gemeente("Moeten kinderen in Duitsland meer voor hun ouders zorgen dan hier?") is None
    assert unknown_gemeente("How does it work in Germany?") is None
    assert unknown_gemeente("Hoe is de hulp geregeld in Groningen?").name == "Groningen"


@pytest.mark.parametrize("question, name, residence, rest", [
    ("wat kost een rit met de wmo taxi in tilburg?", "Tilburg", False, "wat kost een rit met de wmo taxi in tilburg?"),
    ("ik woon in almere en wil hulp bij het huishouden", "Almere", True, "Ik wil hulp bij het huishouden"),
    ("regels van de gemeente bergen op zoom voor vervoer", "Bergen op Zoom", False, None),
    # an everyday word is the place after "ik woon in" (not after a bare "in", see below)
    ("ik woon in leiden en mijn zoon wil sporten", "Leiden", True, None),
])
def test_a_dutch_place_in_lower_case_is_a_gemeente(question, name, residence, rest):
    found = recognise_gemeente(question, KNOWN)
    assert (found.name, found.residence) == (name, residence)
    assert rest is None or found.question == rest


@pytest.mark.parametrize("question", [
    "kan ik hulp in huis krijgen?",  # not a place
    "wil je daar in leiden?",  # "leiden" is an everyday word in the sources: only "Leiden" counts
    "hoeveel kost dat in het algemeen?",
    "is er een steunpunt voor mantelzorgers in de wijk?",  # a phrase the sources use, not the village De Wijk
])
def test_lower_case_words_that_are_no_place_stay_no_gemeente(question):
    assert recognise_gemeente(question, KNOWN) is None


def test_the_place_list_leaves_out_everyday_words_and_keeps_towns():
    import json

    from knowledge.dutch_places import PLACES, lowercase_places

    data = json.loads(PLACES.read_text(encoding="utf-8"))
    assert "Leiden" in data["everyday_words_left_out"] and "leiden" not in lowercase_places()
    assert {"tilburg", "zwolle", "almere", "enschede"} <= set(lowercase_places())


@pytest.mark.parametrize("question, name, residence, rest", [
    ("noordwaart: hoeveel uur hulp krijg ik?", "Noordwaard", False, "Noordwaard: hoeveel uur hulp krijg ik?"),
    ("ik woon in noordward en wil hulp", "Noordwaard", True, "Ik wil hulp"),
])
def test_a_misspelled_known_gemeente_is_recognised_and_spelled_right(question, name, residence, rest):
    found = recognise_gemeente(question, KNOWN)
    assert (found.name, found.residence, found.question) == (name, residence, rest)


@pytest.mark.parametrize("question", ["Vraag: wat is een pgb?", "Wat is het verschil tussen zorg en hulp?",
                                      "hoe werkt de noodwacht?"])
def test_everyday_words_are_not_misspelled_gemeenten(question):
    assert recognise_gemeente(question, KNOWN) is None


def test_a_place_heading_the_question_is_a_gemeente():
    assert recognise_gemeente("nijmegen: hoe lang moet ik het budgetplan bewaren?", KNOWN).name == "Nijmegen"


def test_the_adjective_of_a_gemeente_names_it():
    known = known_gemeenten([Document(id="r", title="Regeling", type="regeling", gemeente="Den Haag", origin="import"),
                             Document(id="h", title="Beleidsregels", type="regeling", gemeente="Hilversum", origin="import")])
    assert recognise_gemeente("Aan welk keurmerk moet een Haagse aanbieder voldoen?", known).name == "Den Haag"
    assert find_gemeenten("de Hilversumse regels vergeleken met de Haagse", known) == ["Hilversum", "Den Haag"]


def test_the_names_of_a_gemeente_leave_a_question_in_every_spelling():
    from assistant.rules.gemeenten import without_names

    assert without_names("Wat doet de gemeente Den Haag met de Haagse regels in 's-Gravenhage?", ["Den Haag"]) == \
        "Wat doet met regels in ?"  # "de" goes with the adjective, a stop word either way
    assert without_names("verschil tussen Hilversum en Aa en Hunze", ["Hilversum", "Aa en Hunze"]) == "verschil tussen en"
    assert without_names("Hoe gaat de haagse hulp?", ["Den Haag"]) == "Hoe gaat hulp?"
