"""What an answer's chosen units bring along: the items of a list they introduce."""
from __future__ import annotations

from assistant.answers.selection import with_neighbours
from tests.assistant.terms import Terms
from index.units import split_units

ARTICLE = (
    "Artikel 14 Bijdrage in de kosten\n"
    "1. De cliënt betaalt een bijdrage.\n"
    "2. Er is geen eigen bijdrage verschuldigd voor:\n"
    "a. rolstoelen;\n"
    "b. aanpassingen aan rolstoelen;\n"
    "c. voorzieningen voor kinderen.\n"
    "3. Het college stelt de hoogte vast."
)


def test_a_sentence_introducing_a_list_brings_its_items_and_not_the_next_member():
    units = split_units(0, ARTICLE)
    lead = next(u for u in units if u.rendered.endswith("verschuldigd voor:"))
    chosen = with_neighbours([lead], units, {"bijdrag"}, Terms())
    assert [u.rendered for u in chosen] == ["Er is geen eigen bijdrage verschuldigd voor:", "rolstoelen;",
                                            "aanpassingen aan rolstoelen;", "voorzieningen voor kinderen."]


def test_a_sentence_without_a_colon_brings_no_list():
    units = split_units(0, ARTICLE)
    lead = next(u for u in units if u.rendered == "De cliënt betaalt een bijdrage.")
    assert "rolstoelen;" not in [u.rendered for u in with_neighbours([lead], units, {"client"}, Terms())]


def test_a_member_goes_on_with_its_own_sentences_not_with_the_next_member():
    # Review 8's Y3: lid 4 ("niet verstrekt ... naar een instelling") was followed by leden that
    # shared the question's words, ending on when the tegemoetkoming is granted.
    text = ("Artikel 4.10 Verhuiskosten\n"
            "1. Het college verstrekt een tegemoetkoming in verhuiskosten. Dit gebeurt bij verhuiskosten na advies.\n"
            "2. Een tegemoetkoming in verhuiskosten wordt ook verstrekt bij een woningruil.\n"
            "3. De verhuiskosten worden vergoed naar een normbedrag.")
    units = split_units(0, text)
    lead = next(u for u in units if u.rendered.startswith("Het college verstrekt"))
    chosen = [u.rendered for u in with_neighbours([lead], units, {"verhuiskost"}, Terms())]
    assert chosen == ["Het college verstrekt een tegemoetkoming in verhuiskosten.",
                      "Dit gebeurt bij verhuiskosten na advies."]


def test_a_sentence_opening_with_waarbij_brings_the_one_it_continues():
    units = split_units(0, "Begeleiders mogen gratis meerijden. Waarbij voor dit laatste een indicatie nodig is.")
    condition = units[1]
    assert [u.rendered for u in with_neighbours([condition], units, {"indicatie"}, Terms())] == [
        "Begeleiders mogen gratis meerijden.", "Waarbij voor dit laatste een indicatie nodig is."]


TWO_LISTS = (
    "Artikel 5 Pgb\n"
    "1. Het pgb is bedoeld voor hulp. Het pgb kan niet besteed worden aan:\n"
    "a. kosten voor bemiddeling;\n"
    "b. kosten voor een feestdagenuitkering.\n"
    "2. De gemeente verstrekt geen pgb in de volgende situaties:\n"
    "a. De inwoner kan het pgb niet zelf beheren.\n"
    "b. Er is een collectieve voorziening."
)


def test_an_item_chosen_alone_brings_the_sentence_that_introduces_its_own_list():
    units = split_units(0, TWO_LISTS)
    item = next(u for u in units if u.rendered.startswith("De inwoner kan"))
    chosen = [u.rendered for u in with_neighbours([item], units, {"beher"}, Terms())]
    # not the first list's lead, which would make the item read as something the pgb cannot pay
    assert chosen[:2] == ["De gemeente verstrekt geen pgb in de volgende situaties:", "De inwoner kan het pgb niet zelf beheren."]
    assert "Het pgb kan niet besteed worden aan:" not in chosen


def test_a_following_sentence_that_introduces_a_list_brings_the_items():
    units = split_units(0, TWO_LISTS)
    lead = next(u for u in units if u.rendered == "Het pgb is bedoeld voor hulp.")
    chosen = [u.rendered for u in with_neighbours([lead], units, {"pgb"}, Terms())]
    assert chosen == ["Het pgb is bedoeld voor hulp.", "Het pgb kan niet besteed worden aan:", "kosten voor bemiddeling;",
                      "kosten voor een feestdagenuitkering."]


def test_a_list_set_apart_from_its_lead_still_belongs_to_it():
    text = ("Wil je meer weten, bekijk dan de e-learning. De e-learning bestaat uit drie modules:\n\n"
            "- Belang van het verdrag\n- Werken vanuit het sociaal model\n- Lokale Inclusie Agenda")
    units = split_units(0, text)
    lead = next(u for u in units if u.rendered.endswith("modules:"))
    chosen = [u.rendered for u in with_neighbours([lead], units, {"modul"}, Terms())]
    assert chosen[1:] == ["Belang van het verdrag", "Werken vanuit het sociaal model", "Lokale Inclusie Agenda"]
    item = next(u for u in units if u.rendered == "Lokale Inclusie Agenda")
    assert [u.rendered for u in with_neighbours([item], units, {"agenda"}, Terms())][0] == lead.rendered


def test_a_list_whose_items_are_paragraphs_of_their_own_is_one_list():
    text = ("Dit doe ik aan de hand van de volgende thema's:\n\n • Een toekomstbestendige Wmo;\n\n"
            " • Samenwerking tussen het medisch en sociaal domein;\n\n • Sociale basis en mantelzorg.\n\n"
            "Daarnaast informeer ik uw Kamer over lopende dossiers.")
    units = split_units(0, text)
    lead = next(u for u in units if u.rendered.endswith("thema's:"))
    items = ["Een toekomstbestendige Wmo;", "Samenwerking tussen het medisch en sociaal domein;", "Sociale basis en mantelzorg."]
    assert [u.rendered for u in with_neighbours([lead], units, {"thema"}, Terms())] == [lead.rendered, *items]
    # the last item, chosen alone, is read with the sentence that says what the list is
    last = next(u for u in units if u.rendered == items[-1])
    assert [u.rendered for u in with_neighbours([last], units, {"mantelzorg"}, Terms())] == [lead.rendered, items[-1]]


def test_a_paragraph_after_a_list_that_opens_with_another_kind_of_item_ends_it():
    text = "Er zijn twee routes:\n\n- de gemeente;\n\n- het zorgkantoor.\n\n1. Een ander punt."
    units = split_units(0, text)
    lead = next(u for u in units if u.rendered.endswith("routes:"))
    assert [u.rendered for u in with_neighbours([lead], units, {"rout"}, Terms())] == [
        lead.rendered, "de gemeente;", "het zorgkantoor."]


def test_a_list_question_gets_the_items_after_the_sentence_that_introduces_them():
    from assistant.answers.question import read_question
    from assistant.answers.selection import expand_lists

    text = "De e-learning bestaat uit drie modules:\n\n- Belang van het verdrag\n- Sociaal model\n- Lokale Inclusie Agenda"
    units = split_units(0, text)
    lead = units[0]
    chosen = [units[2], lead, units[3]]  # the model rated two items above their lead
    expanded = expand_lists(chosen, units, read_question("Welke modules heeft de e-learning?"))
    assert [u.rendered for u in expanded] == ["De e-learning bestaat uit drie modules:", "Belang van het verdrag",
                                              "Sociaal model", "Lokale Inclusie Agenda"]


def test_a_reported_request_brings_the_sentence_that_answers_it_through_a_preposition_and_demonstrative():
    # "Aan dit verzoek ..." refers back as "Dit ..." does: the "not yet" must not be left out.
    units = split_units(0, "De Kamer heeft mij gevraagd om inzicht te geven in de gevolgen. "
                           "Aan dit verzoek kan ik nog niet tegemoetkomen. Het overleg loopt nog.")
    chosen = with_neighbours([units[0]], units, {"inzicht", "gevolg"}, Terms())
    assert [u.rendered for u in chosen] == ["De Kamer heeft mij gevraagd om inzicht te geven in de gevolgen.",
                                            "Aan dit verzoek kan ik nog niet tegemoetkomen."]


def test_a_sentence_opening_with_a_preposition_and_a_date_does_not_refer_back():
    units = split_units(0, "De regeling is aangepast. Op 1 januari gaat de nieuwe regeling in.")
    assert [u.rendered for u in with_neighbours([units[0]], units, {"aangepast"}, Terms())] == [
        "De regeling is aangepast."]


def test_the_row_whose_label_the_question_covers_leads_a_small_table():
    from assistant.answers.selection import asked_row_first

    table = ("Beschrijving\tNormbedrag\nKeuken nastelbaar 270 cm\t1.865,00\nKeuken mechanisch verstelbaar 270 cm\t4.485,00\n"
             "Keuken verstelbaar 270 cm\t6.541,00\nHittebestendig werkblad\t351,00")
    rows = split_units(0, table)
    led = asked_row_first(rows, "het normbedrag voor een verstelbare keuken van 270 cm?")
    assert led[0].rendered == "Keuken verstelbaar 270 cm: normbedrag 6.541,00"
    assert [u.rendered.split(":")[0] for u in led[1:]] == [
        "Keuken nastelbaar 270 cm", "Keuken mechanisch verstelbaar 270 cm", "Hittebestendig werkblad"]
    # Two rows covered equally ("wel/niet betaald parkeren"): the table keeps its own order.
    counts = split_units(0, "Niet betaald parkeren\t3 gemeenten\nWel betaald parkeren\t1 gemeente\nGedeeltelijk\t2 gemeenten")
    assert asked_row_first(counts, "Moet ik betalen in een zone met betaald parkeren?") == counts


def test_a_list_question_gets_the_whole_list_of_the_items_chosen_not_the_members_around_it():
    from assistant.answers.question import read_question
    from assistant.answers.selection import expand_lists

    article = ("Artikel 3.7.1 Ondersteuning\n1. Het college omschrijft de ondersteuning in resultaten.\n"
               "2. Het college hanteert de volgende resultaatgebieden:\na. huishouden;\nb. sociaal functioneren;\n"
               "c. zelfzorg;\nd. dagbesteding;\ne. financiën;\nf. bereikbaarheid; en\ng. wonen.\n"
               "3. Het college hanteert de intensiteiten: start, basis en plus.\n4. Het college kan een waakvlam instellen.")
    units = split_units(0, article)
    by_text = {u.rendered: u for u in units}
    chosen = [by_text["Het college hanteert de volgende resultaatgebieden:"], by_text["huishouden;"],
              by_text["sociaal functioneren;"], by_text["Het college kan een waakvlam instellen."]]
    expanded = [u.rendered for u in expand_lists(chosen, units, read_question("Welke resultaatgebieden zijn er?"))]
    assert expanded == ["Het college hanteert de volgende resultaatgebieden:", "huishouden;", "sociaal functioneren;",
                        "zelfzorg;", "dagbesteding;", "financiën;", "bereikbaarheid; en", "wonen.",
                        "Het college kan een waakvlam instellen."]


def test_a_sentence_that_denies_the_one_before_comes_with_it():
    # Quoted after another sentence, "Maar dat klopt niet" would deny that one instead.
    text = ("In 2016 ratificeerde Nederland het VN-verdrag Handicap.\n\n"
            "De overheid zegt alle 107 aanbevelingen op te volgen. Maar dat klopt niet: 64 aanbevelingen ontbreken.")
    units = split_units(0, text)
    ratified, says, denies = units
    chosen = [u.rendered for u in with_neighbours([ratified, denies], units, {"verdrag"}, Terms())]
    assert chosen == [ratified.rendered, says.rendered, denies.rendered]
    # A plain "Maar" opens no reference: nothing is brought along.
    plain = split_units(0, "De overheid zegt veel. Maar de gemeente doet het werk.")
    assert [u.rendered for u in with_neighbours([plain[1]], plain, {"gemeent"}, Terms())] == [plain[1].rendered]


def test_the_exception_that_follows_a_rule_comes_with_it():
    text = ("Verblijf in een instelling in het kader van time out leent zich niet voor een pgb. "
            "Echter alleen als aangetoond kan worden dat de ingekochte zorg niet passend is, kan hiervan afgeweken worden. "
            "De gemeente verstrekt geen pgb voor behandeling.")
    units = split_units(0, text)
    rule, exception, other = units
    chosen = [u.rendered for u in with_neighbours([rule], units, {"instell"}, Terms())]
    assert chosen == [rule.rendered, exception.rendered]  # the next sentence on another subject stays out
    # "echter" a few words in objects just as well.
    text = ("Dit rapport geeft een indringend beeld van de barrières. Het biedt echter weinig aanknopingspunten "
            "voor verschillen tussen gemeenten. De gemeente verstrekt geen pgb voor behandeling.")
    units = split_units(0, text)
    assert [u.rendered for u in with_neighbours([units[0]], units, {"barrièr"}, Terms())] == [units[0].rendered, units[1].rendered]


def test_a_sentence_after_a_closing_quote_still_brings_the_one_it_refers_to():
    text = ("In het artikel staat: 'Iedereen wordt gelijk behandeld. Discriminatie wegens godsdienst of ras is niet "
            "toegestaan.' Aan deze opsomming worden twee grondslagen toegevoegd: 'handicap' en 'seksuele gerichtheid'.")
    units = split_units(0, text)
    added = units[-1]
    assert added.rendered.startswith("' Aan deze opsomming")
    chosen = [u.rendered for u in with_neighbours([added], units, {"handicap"}, Terms())]
    assert chosen[0].startswith("Discriminatie wegens godsdienst") and chosen[-1] == added.rendered


def test_a_list_is_the_same_from_each_of_its_items_past_sentences_that_continue_one():
    from assistant.answers.lists import list_around

    text = ("Artikel 4.5.3 Voorwaarden\n1. Een compliment wordt aangevraagd door wie zorg ontvangt.\n"
            "2. De gemeente heeft een formulier.\n3. Het is zes weken aan te vragen. De startdatum wordt bekendgemaakt.\n"
            "4. De inwoner vraagt het voor één persoon aan.\n5. Het bedrag is € 100,-.")
    units = split_units(0, text)
    items = [i for i, u in enumerate(units) if u.bullet]
    lists = {tuple(u.start for u in list_around(units, i)[0]) for i in items}
    assert lists == {tuple(units[i].start for i in items)}  # one list, five members, from every member


NESTED = ("Artikel 3.7.1 Ondersteuning\n1. Het college omschrijft de ondersteuning in resultaten.\n"
          "2. Het college hanteert de volgende resultaatgebieden:\na. huishouden;\nb. zelfzorg.\n"
          "3. Het college hanteert de intensiteiten: start, basis en plus.\n4. Het college kan een waakvlam instellen.")


def test_a_sub_list_does_not_cut_the_list_of_members_around_it():
    from assistant.answers.lists import list_around

    units = split_units(0, NESTED)
    members = [u.start for u in units if u.bullet and u.quote[0].isdigit()]
    for i, u in enumerate(units):
        if u.bullet and u.quote[0].isdigit():
            assert [m.start for m in list_around(units, i)[0]] == members  # 1 to 4 from each, past "a." and "b."
    letters = [i for i, u in enumerate(units) if u.bullet and not u.quote[0].isdigit()]
    assert [u.rendered for u in list_around(units, letters[0])[0]] == ["huishouden;", "zelfzorg."]


def test_part_of_a_list_keeps_the_best_item_first_and_leaves_out_a_member_that_announces_its_own():
    from assistant.answers.question import read_question
    from assistant.answers.selection import expand_lists

    units = split_units(0, NESTED)
    by_text = {u.rendered: u for u in units}
    chosen = [by_text["Het college hanteert de intensiteiten: start, basis en plus."],
              by_text["Het college kan een waakvlam instellen."]]
    expanded = expand_lists(chosen, units, read_question("In welke intensiteiten wordt ondersteuning gegeven?"))
    # Member 2 would stand without its resultaatgebieden; the chosen members keep their order.
    assert [u.rendered for u in expanded] == ["Het college hanteert de intensiteiten: start, basis en plus.",
                                              "Het college kan een waakvlam instellen.",
                                              "Het college omschrijft de ondersteuning in resultaten."]
