"""Evidence units of regulation text: labelled members and items are units of their own."""
from __future__ import annotations

from index.units import item_kind, split_units

ARTICLE = (
    "Artikel 6 Vervoer\n"
    "1. Uitgangspunt is dat de cliënt zelf verantwoordelijk is voor het vervoer.\n"
    "2. De gemeente kan bieden:\n"
    "a. een taxipas;\n"
    "b. een vergoeding voor\n"
    "eigen vervoer;\n"
    "3. Dit geldt voor 12 maanden. Daarna beslist het college opnieuw."
)


def test_every_labelled_line_starts_a_unit_and_the_heading_stands_alone():
    units = split_units(0, ARTICLE)
    assert [u.rendered for u in units] == [
        "Artikel 6 Vervoer",
        "Uitgangspunt is dat de cliënt zelf verantwoordelijk is voor het vervoer.",
        "De gemeente kan bieden:",
        "een taxipas;",
        "een vergoeding voor eigen vervoer;",  # a line break inside an item is layout
        "Dit geldt voor 12 maanden.",
        "Daarna beslist het college opnieuw.",
    ]
    assert [u.bullet for u in units] == [False, True, True, True, True, True, False]
    assert all(ARTICLE[u.start:u.end] == u.quote for u in units)  # quotes stay verbatim, labels included
    assert units[1].quote.startswith("1. ")


def test_roman_numerals_label_items_one_level_below_letters():
    text = ("2. Een pgb wordt geweigerd als:\n"
            "a. de aanbieder ook het beheer doet;\n"
            "b. er sprake is van één of meer van de volgende omstandigheden:\n"
            "I. Handelingsonbekwaamheid\n"
            "II. Onvoldoende zicht op de eigen situatie;\n"
            "III. Schuldenproblematiek;\n"
            "IV. Verslavingsproblematiek.")
    units = split_units(0, text)
    # "III." once stayed glued to the item before it: "Schuldenproblematiek; IV."
    assert [u.rendered for u in units][3:] == ["Handelingsonbekwaamheid", "Onvoldoende zicht op de eigen situatie;",
                                               "Schuldenproblematiek;", "Verslavingsproblematiek."]
    assert [item_kind(u) for u in units] == ["number", "letter", "letter", "roman", "roman", "roman", "roman"]
    # A word of capitals or a name's initial is no label.
    assert not any(u.bullet for u in split_units(0, "De regels:\nVX. is geen label.\nIk. ook niet."))


def test_prose_with_line_breaks_is_unchanged():
    text = "De gemeente beslist binnen\nzes weken. Daarna volgt\nde uitvoering."
    assert [u.rendered for u in split_units(0, text)] == ["De gemeente beslist binnen zes weken.",
                                                          "Daarna volgt de uitvoering."]


def test_a_passage_opening_with_its_heading_reads_the_heading_apart_from_the_first_sentence():
    # "Artikel 2.2.2 Aanspraak op een mantelzorgwaardering De mantelzorger die ..." was one sentence.
    text = "Artikel 2.2.2 Aanspraak op een mantelzorgwaardering\nDe mantelzorger die 8 uur per week zorgt, kan\naanspraak maken. Dat is zo."
    units = split_units(0, text)
    assert [u.rendered for u in units] == ["Artikel 2.2.2 Aanspraak op een mantelzorgwaardering",
                                           "De mantelzorger die 8 uur per week zorgt, kan aanspraak maken.", "Dat is zo."]
    assert all(text[u.start:u.end] == u.quote for u in units)
    # A first line that wraps into lower case is a sentence going on, and only the passage's
    # first line can be its heading.
    assert len(split_units(0, "De gemeente kan in\nbijzondere gevallen afwijken.")) == 1
    assert len(split_units(0, "Inleiding.\n\nDe tekst gaat\nVerder hier.")) == 2


def test_a_footnote_mark_after_a_year_ends_the_sentence():
    units = split_units(0, "Dit is gedeeld in de brief van najaar 2024.8 Daarnaast is onderzoek gedaan.")
    assert [u.rendered for u in units] == ["Dit is gedeeld in de brief van najaar 2024.", "Daarnaast is onderzoek gedaan."]


def test_numbers_with_a_full_stop_inside_are_not_sentence_ends():
    units = split_units(0, "Artikel 3.2 Gebruikelijke hulp\n1. Het college onderzoekt.\n2. Dit moet beter.22 De kosten zijn € 100. Daarna niet.")
    assert [u.rendered for u in units] == ["Artikel 3.2 Gebruikelijke hulp", "Het college onderzoekt.", "Dit moet beter.",
                                           "De kosten zijn € 100.", "Daarna niet."]


def test_a_court_abbreviation_ends_no_sentence():
    text = "De gemeente sluit aan bij jurisprudentie (zie Rb. Den Haag, 11-02-2021, ECLI:NL:RBDHA:2021:2084). Daarna niet."
    assert [u.rendered for u in split_units(0, text)] == [
        "De gemeente sluit aan bij jurisprudentie (zie Rb. Den Haag, 11-02-2021, ECLI:NL:RBDHA:2021:2084).", "Daarna niet."]


def test_units_carry_the_hit_index_asked_for_and_callers_cannot_change_the_remembered_split():
    first = split_units(0, ARTICLE)
    first.clear()  # a caller's list is its own
    again = split_units(4, ARTICLE)
    assert len(again) == 7 and {u.hit for u in again} == {4}
    assert [u.quote for u in split_units(0, ARTICLE)] == [u.quote for u in again]


def test_a_footnote_number_glued_to_a_word_is_left_out_of_the_rendered_sentence():
    text = "Met het koplopertraject zijn inmiddels 199 gemeenten bereikt20. In 2025 volgen er 25."
    units = split_units(0, text)
    assert units[0].rendered == "Met het koplopertraject zijn inmiddels 199 gemeenten bereikt."
    assert units[0].quote == "Met het koplopertraject zijn inmiddels 199 gemeenten bereikt20."  # the quote stays verbatim
    assert units[1].rendered == "In 2025 volgen er 25."  # figures that stand apart stay


def test_a_numbered_note_after_an_abbreviation_starts_a_unit_of_its_own():
    text = ("(4) Denk aan b.v. douche-/toiletstoel, tillift, drempelhulpen etc. (5) Cliënten met een Wlz-indicatie, "
            "die in een instelling wonen, kunnen geen aanspraak maken op een Regiotaxi.")
    assert [u.rendered for u in split_units(0, text)] == [
        "(4) Denk aan b.v. douche-/toiletstoel, tillift, drempelhulpen etc.",
        "(5) Cliënten met een Wlz-indicatie, die in een instelling wonen, kunnen geen aanspraak maken op een Regiotaxi.",
    ]
    # An abbreviation followed by anything else still does not end the sentence.
    assert len(split_units(0, "Hulpmiddelen, zoals een tillift etc. (zie bijlage) worden geleend.")) == 1


def test_table_rows_read_with_their_column_names_also_when_the_row_labels_have_none():
    named = "Omschrijving\tNorm 2026\tNummer\nAangepaste raamopener\t306\t4001"
    unnamed = "\tNorm 2018\tNummer\nFietsen, ligfiets\t5.644\t627"
    assert [u.rendered for u in split_units(0, named)] == ["Aangepaste raamopener: norm 2026: 306, nummer 4001"]
    assert [u.rendered for u in split_units(0, unnamed)] == ["Fietsen, ligfiets: norm 2018: 5.644, nummer 627"]
    # A first row with figures is a row, also with an empty first cell (it continues no key).
    assert [u.rendered for u in split_units(0, "Traplift\t12 jaar\nScootmobiel\t7 jaar")][0] == "Traplift: 12 jaar"
    assert [u.kind for u in split_units(0, "\t3.403\t624\nFietsen\t5.644\t627")] == ["row", "row"]


def test_a_long_bulleted_list_among_other_lines_is_read_item_by_item_and_list_by_list():
    # Review 9's Y1: an appendix of ~60 "algemeen gebruikelijke voorzieningen" under titles read as
    # one sentence, so the whole appendix was quoted for one item.
    first = "\n".join(f"• Voorziening {i};" for i in range(9))
    second = "\n".join(f"• Dienst {i};" for i in range(3))
    text = f"Algemeen gebruikelijke voorzieningen\n{first}\nmet een vervolg\nHuishoudelijke Hulp\n{second}"
    units = split_units(0, text)
    assert [u.rendered for u in units][:2] == ["Algemeen gebruikelijke voorzieningen", "Voorziening 0;"]
    assert units[9].rendered == "Voorziening 8; met een vervolg"  # a line in lower case goes on with its item
    assert sum(u.bullet for u in units) == 12
    title = next(u for u in units if u.rendered == "Huishoudelijke Hulp")
    services = [u for u in units if u.rendered.startswith("Dienst")]
    # Each titled list is a paragraph apart, so the items of one list never run on into the next.
    assert len({units[1].paragraph, title.paragraph, services[0].paragraph}) == 3
    assert all(text[u.start:u.end] == u.quote for u in units)
    # A short list stays as it was: one sentence.
    assert len(split_units(0, "Voorbeelden\n• een;\n• twee;\nEinde")) == 1


def test_a_title_between_a_lead_and_its_items_is_a_unit_of_its_own():
    first = "\n".join(f"• Fiets {i};" for i in range(5))
    second = "\n".join(f"• Kraan {i};" for i in range(5))
    text = f"Bijlage\nVoorbeelden zijn:\nHulpmiddelen\n{first}\nWoningaanpassingen\n{second}"
    rendered = [u.rendered for u in split_units(0, text)]
    assert rendered[:4] == ["Bijlage", "Voorbeelden zijn:", "Hulpmiddelen", "Fiets 0;"]
    # Without the colon the line goes on as prose, as before.
    assert [u.rendered for u in split_units(0, text.replace("zijn:", "zijn"))][1] == "Voorbeelden zijn Hulpmiddelen"


def test_a_list_beside_a_table_is_read_as_a_list():
    text = ("Deken/dekbed\n- éénpersoons\t150 x 220\t67,70\nVloerbedekking slaapkamer\tper m²\t15,00\n"
            "Bij ouderdom van het bestaande artikel geldt:\n- tot 2 jaar 100% van het normbedrag;\n- tot 4 jaar 75% van het normbedrag.")
    units = split_units(0, text)
    assert [u.kind for u in units] == ["sentence", "row", "row", "sentence", "sentence", "sentence"]
    assert [u.bullet for u in units] == [False, False, False, False, True, True]  # the rows are no items
    assert units[2].rendered == "Vloerbedekking slaapkamer: per m², 15,00"


def test_a_sentence_reads_a_markdown_link_as_its_text_and_drops_a_superscript_mark_inside_it():
    text = ("Voor parkeerbeleid werken gemeenten met de [ParkerenPlus](#) app. "
            "In de Werkagenda 2025-2030³ ontbreken 64 aanbevelingen. Hoogte per m² tot 4 meter.")
    units = split_units(0, text)
    assert [u.rendered for u in units] == ["Voor parkeerbeleid werken gemeenten met de ParkerenPlus app.",
                                           "In de Werkagenda 2025-2030 ontbreken 64 aanbevelingen.",
                                           "Hoogte per m² tot 4 meter."]
    assert all(u.quote in text for u in units)  # the quote stays verbatim
