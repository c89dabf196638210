"""Which question stems a text holds: whole words, and long stems inside Dutch compounds."""
from __future__ import annotations

from assistant.answers.relevance import matching


def test_whole_words_and_compound_parts_match_but_not_the_reverse():
    words = ["teruggave", "onderteken", "mantelzorg", "wmo"]
    assert matching({"wmo", "teru"}, words) == {"wmo"}  # "teru" has under 5 letters: whole words only
    assert matching({"terugg", "teken"}, words) == {"terugg", "teken"}  # start and head of a compound
    assert matching({"mantelzorgcompliment"}, words) == set()  # a longer stem is not answered by its part
    assert matching({"ggave"}, words) == {"ggave"}  # end of a word
    assert matching({"uggav"}, words) == set()  # the middle of a word is not a part


def test_no_words_no_matches():
    assert matching({"parkeerkaart"}, []) == set()
    assert matching(set(), ["parkeerkaart"]) == set()


def test_how_long_and_how_high_only_shape_the_question():
    from assistant.answers.relevance import content_stems
    from tests.assistant.test_composer import Terms

    assert content_stems("Hoe lang moet een traplift meegaan?", Terms()) == content_stems("traplift meegaan", Terms())
    assert content_stems("Hoe hoog is het mantelzorgcompliment?", Terms()) == content_stems("mantelzorgcompliment", Terms())
    assert "lang" in content_stems("een lang verblijf in het buitenland", Terms())  # only after "hoe"


def test_asking_what_a_term_means_only_shapes_the_question():
    # a passage defining the term never uses "betekent": it must not count as a missing topic word
    from assistant.answers.relevance import content_stems
    from tests.assistant.test_composer import Terms

    assert content_stems("Wat betekent gebruikelijke hulp precies?", Terms()) == content_stems("gebruikelijke hulp", Terms())
    assert content_stems("Wat is de betekenis van maatwerk?", Terms()) == content_stems("maatwerk", Terms())


def test_figures_written_in_words_count_as_figures():
    from assistant.answers.relevance import NUMBER

    for text in ("Het tegoed is tot een jaar na de uitgifte geldig.", "binnen twaalf weken", "vier weken"):
        assert NUMBER.search(text), text
    assert not NUMBER.search("Het college beslist op een aanvraag.")  # "een" alone is an article


def test_a_hyphenated_name_is_mentioned_by_its_parts():
    from assistant.answers.relevance import mentions
    from index.units import split_units

    unit = split_units(0, "Gaat het om een aanvraag in het kader van de Wmo, dan beslist de gemeente binnen 2 weken.")[0]
    assert mentions(unit, ["Wmo-aanvraag"])
    assert not mentions(unit, ["Wmo-taxi"])


def test_an_age_question_asks_for_a_figure():
    from assistant.answers.relevance import QUANTITY

    for text in ("vanaf welke leeftijd moeten kinderen helpen?", "Tot welke leeftijd geldt dit?", "hoe oud moet je zijn?",
                 "hoelang krijg je jobcoaching",
                 "From what age does it apply?"):
        assert QUANTITY.search(text), text
    assert not QUANTITY.search("Wat is de leeftijd van de minister?")


def test_a_quantity_question_needs_a_figure_of_the_kind_it_asks_for():
    from assistant.answers.relevance import states_figure

    age = "Vanaf welke leeftijd kan mijn kind een eigen parkeerkaart krijgen?"
    assert not states_figure(age, "Gemiddeld kost een parkeerkaart in 2026 137,02 euro.")  # a price is not an age
    assert states_figure(age, "Van kinderen tot 5 jaar wordt geen bijdrage gevraagd.")
    assert states_figure("Hoe lang is het tegoed geldig?", "Het tegoed is tot een jaar na de uitgifte geldig.")
    cost = "Wat kost een rit met het collectief vervoer?"
    assert states_figure(cost, "De inwoner betaalt € 1,15 per rit.") and not states_figure(cost, "Er zijn 4 vervoerders.")
    assert states_figure(cost, "De inwoner betaalt een bedrag per rit gelijk aan dat van de bus.")  # an amount named
    assert states_figure("Hoeveel aanbieders zijn er?", "Er zijn 4 aanbieders.")
    assert not states_figure("Hoeveel aanbieders zijn er?", "Sinds 2021 zijn er aanbieders.")  # a year is a date
    assert states_figure("Hoeveel betaalt de gemeente maximaal?", "Een bijdrage tot € 3000,00.")
    assert not states_figure("Hoeveel betaalt de gemeente maximaal?", "Er zijn 4 vervoerders.")  # "betaalt" asks money
    waiting = "Hoe lang moet ik wachten tot er iemand komt?"
    assert not states_figure(waiting, "De venstertijden zijn van 8.00 tot 17.00 uur.")  # a clock time is no duration
    assert states_figure(waiting, "De hulp is binnen 30 minuten ter plaatse.")
    assert not states_figure("Hoe hoog is het pgb-tarief?", "Artikel 5.1.5 De hoogte van een pgb")  # a reference
    assert states_figure("Hoe hoog is het pgb-tarief?", "Dit percentage bedraagt 90% van het tarief.")
    fare = "Hoeveel moet je in Assen betalen voor een rit?"  # "hoeveel ... betalen" asks for an amount
    assert states_figure(fare, "De reiziger betaalt het dan geldende voltarief.")  # an amount named in words
    assert not states_figure(fare, "De rit duurt 3 kwartier.")
    assert not states_figure("Hoeveel gemeenten doen mee?", "De invoering schuift naar 1 januari 2027.")  # a date
    deductible = "hoe hoog is het eigen risico van de zorgverzekering?"  # "hoe hoog" asks for an amount
    assert not states_figure(deductible, "Collectieve zorgverzekering: 8 gemeenten.")
    # The asked thing named again is no amount; a new amount in words, or the asked unit with a number, is.
    rate = "Hoe hoog is het abonnementstarief voor Wmo-ondersteuning per maand?"
    assert not states_figure(rate, "Een scherpere inkomenstoets ter vervanging van het huidige abonnementstarief.")
    assert states_figure(rate, "Het abonnementstarief is gelijk aan het voltarief.")
    assert states_figure(rate, "Het abonnementstarief bedraagt € 21,80 per maand.")
    assert states_figure("Is er een gemeente die meer dan 250 euro vraagt?  Wat kost de kaart?", "Gemiddeld kost de kaart 137,02 euro.")
    assert states_figure(deductible, "Het eigen risico is € 385.")
    walk = "Hoe ver moet ik nog kunnen lopen?"  # a distance
    assert states_figure(walk, "Wie niet circa 800 meter kan lopen, komt in aanmerking.")
    assert not states_figure(walk, "De pas is 5 jaar geldig.")
    paying = "Wat betaal ik per rit met de Wmo-taxi?"  # asks for an amount as "wat kost" does
    assert states_figure(paying, "De inwoner betaalt € 1,15 per rit.") and not states_figure(paying, "Er zijn 4 vervoerders.")



def test_a_question_that_names_its_unit_asks_for_a_figure_in_that_scale():
    from assistant.answers.relevance import states_figure

    days = "Binnen hoeveel dagen moet ik mijn plan inleveren?"
    assert states_figure(days, "Het plan wordt binnen 2 weken ingeleverd.")  # weeks answer "how many days"
    assert not states_figure(days, "Als richttijd geldt 180 minuten per week.")  # minutes do not
    hours = "Hoeveel uur huishoudelijke hulp krijg ik?"
    assert states_figure(hours, "De basis is 120 minuten per week.")
    assert not states_figure(hours, "De indicatie geldt voor 5 jaar.")
    age = "Vanaf welke leeftijd kan je een mantelzorgcompliment krijgen?"
    assert not states_figure(age, "De mantelzorg wordt over een periode van minimaal 3 maanden verleend.")  # no age
    assert states_figure(age, "De mantelzorger is 18 jaar of ouder.")
    assert states_figure(age, "Alleen meerderjarige mantelzorgers komen in aanmerking.")
    assert states_figure("Hoeveel kilometer mag ik reizen?", "Binnen een straal van 25 km.")
    assert not states_figure("Hoeveel kilometer mag ik reizen?", "U betaalt € 1,15 per rit.")


def test_a_rate_asked_per_unit_is_answered_per_that_unit():
    from assistant.answers.relevance import states_rate_unit

    asked = "Hoeveel krijg ik per kilometer als ik met de eigen auto rijd?"
    assert states_rate_unit(asked, "De vergoeding is € 0,23 per km.")
    assert states_rate_unit(asked, "U betaalt € 0,187 per gereden kilometer.")
    assert not states_rate_unit(asked, "U betaalt een bedrag per rit gelijk aan dat van de bus.")
    assert not states_rate_unit("Hoeveel is de bijdrage per maand?", "De bijdrage is € 20 per week.")
    assert states_rate_unit("Wat betaal ik per rit?", "Het instaptarief is € 1,15.")  # a ride is no rate unit
    assert states_rate_unit("Wat kost de kaart?", "De kaart kost € 50.")
    # The same rate written with a slash (review 16's g1715: "22 tot 25 uur/week").
    assert states_rate_unit("Van hoeveel uur per week school gaat de gemeente uit?", "oplopend van 22 tot 25 uur/week;")
    assert not states_rate_unit("Hoeveel uur per week?", "Een richtlijn is 1/3 van de tijd.")


def test_asking_which_organisation_asks_for_a_name():
    from assistant.answers.relevance import PERSON_QUESTION

    assert PERSON_QUESTION.search("Bij welke organisatie kan ik terecht voor cliëntondersteuning?")
    assert PERSON_QUESTION.search("Wie beslist over mijn aanvraag?")
    assert not PERSON_QUESTION.search("Welke hulp krijg ik?")

def test_a_law_abbreviation_is_mentioned_by_what_it_stands_for():
    from assistant.answers.relevance import mentioned_in

    rule = "Regeling maatschappelijke ondersteuning Den Haag 2018. De cliënt meldt een verblijf in het buitenland."
    assert mentioned_in(rule, ["Wmo-ondersteuning"])
    assert not mentioned_in(rule, ["Wlz-indicatie"])  # langdurige zorg is not there
    assert mentioned_in("De indicering in de langdurige zorg.", ["Wlz-indicatie"]) is False  # "indicatie" itself is not
    assert mentioned_in("De indicatie voor de langdurige zorg.", ["Wlz-indicatie"])
    # A publication named by its maker is found by the maker: the source calls it "verkenning".
    verkenning = "Verkenning verschillen tussen gemeenten VNG. Drie gemeenten stemmen regionaal af."
    assert mentioned_in(verkenning, ["VNG-onderzoek"]) and mentioned_in(verkenning, ["VNG-rapport"])
    assert not mentioned_in(verkenning, ["NGT-tolk"]) and not mentioned_in("Het OV wordt toegankelijker.", ["OV-begeleiderskaart"])


def test_offices_and_institutions_are_not_names_but_places_are():
    from assistant.answers.relevance import named_entities

    assert named_entities("Wanneer hoort de Tweede Kamer hoe de groeiruimte Wlz verdeeld wordt?") == ["Wlz"]
    assert named_entities("Hoeveel mensen in Nederland hebben een parkeerkaart?") == ["Nederland"]
    assert named_entities("Wie is de wethouder zorg in Waalre?") == ["Waalre"]
    assert named_entities("Met welke partijen werkt het Rijk aan een nieuwe financieringsvorm?") == []
    # a compound led by a law's abbreviation is a thing of the domain; an organisation's is a name
    assert named_entities("Ik kan niet met het Wmo-vervoer reizen, en de NGT-tolk?") == ["NGT-tolk"]
    # a closing bracket is punctuation, unless the name has its own ("Ieder(in)")
    assert named_entities("Welke gebieden hanteert Den Haag (voor de Wmo)?") == ["Den", "Haag", "Wmo"]
    assert named_entities("Wat zegt de brief (van Ieder(in))?") == ["Ieder(in)"]


def test_a_yes_no_question_is_answered_by_a_plain_ja_or_nee():
    from assistant.answers.relevance import states_asked
    from index.units import split_units

    plain, reason = split_units(0, "Nee, dat kan helaas niet. Nationale rechters oordelen alleen over nationale wetten.")
    asked = "Kan ik met het VN-verdrag naar de rechter?"
    assert states_asked(asked, plain) and not states_asked(asked, reason)
    assert not states_asked("Wat zegt het VN-verdrag over de rechter?", plain)  # not a yes/no question


def test_a_sentence_negating_the_questions_own_verb_answers_no():
    from assistant.answers.relevance import states_asked
    from index.units import split_units

    asked = "Kan ik als burger zelf bij de VN klagen?"
    no, = split_units(0, "Helaas kunnen Nederlandse burgers en organisaties geen gebruik maken van dit protocol.")
    yes, = split_units(0, "Dit protocol bepaalt dat je rechtstreeks bij het VN Comité kunt klagen.")
    assert states_asked(asked, no) and not states_asked(asked, yes)
    # a negation of another verb, or far from the asked one, is not an answer to the question
    other, = split_units(0, "Wat een partner verdient, mag niet bepalen hoeveel iemand moet betalen.")
    assert not states_asked("Moet ik een eigen bijdrage betalen?", other)
    assert states_asked("Mag de verdeling zorgen voor wachtlijsten?",
                        split_units(0, "De verdeling mag voorts niet leiden tot oplopende wachtlijsten.")[0])
    # Dutch word order: in a subordinate or "maar" clause the negation stands before the verb.
    not_yet, = split_units(0, "Elke gemeente moet een LIA opstellen, maar nog niet alle gemeenten hebben dat gedaan.")
    assert states_asked("Heeft inmiddels elke gemeente een LIA?", not_yet)
    assert not states_asked("Heeft elke gemeente een LIA?",
                            split_units(0, "Niet alle plannen zijn klaar, maar alle gemeenten hebben een LIA.")[0])


def test_a_sentence_that_reports_a_request_is_told_from_one_that_answers():
    from assistant.answers.ranking.features import REPORTED_REQUEST

    for restates in ("De Kamer heeft mij opnieuw gevraagd een aantal scenario's te schetsen.",
                     "Daarnaast vroeg u om een reactie op de brief van de VGN.",
                     "Uw Kamer heeft mij verzocht om met gemeenten in gesprek te gaan."):
        assert REPORTED_REQUEST.search(restates), restates
    for answers in ("Dit betekent dat ik er niet voor kies te werken met scenario's.",
                    "Van kinderen tot 5 jaar wordt geen bijdrage gevraagd.",  # asking for money is no request
                    "De gemeente vraagt een eigen bijdrage."):
        assert not REPORTED_REQUEST.search(answers), answers
