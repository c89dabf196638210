"""Regulations in markdown (front matter), HTML and PDF, read by the article pipeline."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from knowledge.rule_files import DEFAULT_RULES, RuleMeta, RuleMetadataError, parse_rule_file, parse_rule_markdown
from knowledge.rule_markdown import QUANTITY_CELL

SHIPPED = sorted(p for p in DEFAULT_RULES.glob("*.md") if p.name != "SOURCES.md")


def parsed(name: str):
    return parse_rule_file(next(p for p in SHIPPED if name in p.name))


def test_front_matter_gives_the_document_its_identity_and_dates():
    document, chunks = parsed("CVDR753669")
    assert document.id == "cvdr-CVDR753669-1" and document.reference == "CVDR753669_1"
    assert document.gemeente == "Aa en Hunze" and document.valid_from == "2026-01-01"
    assert document.date == "2025-12-11" and document.origin == "import"
    assert all(c.meta["cbs_code"] == "GM1680" for c in chunks)
    lid = next(c for c in chunks if c.meta["article"] == "9" and c.meta["lid"] == "1")
    assert lid.meta["label"] == ("Artikel 9 lid 1 Gebruikelijke hulp — Verordening maatschappelijke "
                                 "ondersteuning en Jeugdhulp 2026 — gemeente Aa en Hunze")
    assert lid.meta["url"] == "https://lokaleregelgeving.overheid.nl/CVDR753669/1#artikel_9"
    assert lid.text.startswith("Artikel 9 Gebruikelijke hulp\n1. Bij onderzoek")


def test_every_sentence_of_every_shipped_file_is_in_a_passage():
    for path in SHIPPED:
        _, chunks = parse_rule_file(path)
        text = re.sub(r"\s+", " ", "\n".join(c.text for c in chunks))
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for line in body.splitlines():
            if line.strip() and not line.startswith("#"):
                for sentence in re.split(r"(?<=[.;:])\s+", line.strip()):
                    assert re.sub(r"\s+", " ", sentence) in text, (path.name, sentence)


def test_a_long_passage_is_cut_between_a_lead_in_and_its_list_never_and_keeps_its_lines():
    _, chunks = parsed("CVDR764261")
    listed = next(c for c in chunks if "- elke suïcide van een inwoner;" in c.text)
    # The list stays one item per line, under the sentence that introduces it.
    assert "opgesomd, zoals:\n- elke suïcide van een inwoner;\n- elk onverwacht" in listed.text
    for path in SHIPPED:
        for chunk in parse_rule_file(path)[1]:
            assert not re.search(r"\b(?:zoals|volgende|onderdelen):$", chunk.text.rstrip()), (path.name, chunk.text[-80:])


def test_lead_in_moves_its_last_sentence_only():
    from knowledge.overheid_xml import lead_in

    part = ["Intro.", "Het toezicht ziet op:\n- a\nDe rol is ook. In het protocol staan voorbeelden, zoals:"]
    assert lead_in(part) == ["In het protocol staan voorbeelden, zoals:"]
    assert part == ["Intro.", "Het toezicht ziet op:\n- a\nDe rol is ook."]
    part = ["a. Eerste voorwaarde.\nh. De verklaring bevat verder de volgende onderdelen:"]
    assert lead_in(part) == ["h. De verklaring bevat verder de volgende onderdelen:"]  # "h." is no sentence end
    alone = ["Alleen dit, zoals:"]
    assert lead_in(alone) == [] and alone == ["Alleen dit, zoals:"]  # nothing would stay behind
    assert lead_in(["Geen dubbele punt."]) == []


def test_a_list_that_goes_on_in_the_next_piece_moves_on_whole_with_its_lead_in():
    from knowledge.overheid_xml import open_list

    part = ["Intro.", "Bij de vergoeding telt de afschrijving.\nHet overzicht is als volgt:\n- tot 2 jaar: 100%\n- tot 4 jaar: 75%"]
    assert open_list(part, "- tot 6 jaar: 50%") == ["Het overzicht is als volgt:\n- tot 2 jaar: 100%\n- tot 4 jaar: 75%"]
    assert part == ["Intro.", "Bij de vergoeding telt de afschrijving."]
    done = ["Intro.", "Het overzicht:\n- tot 2 jaar: 100%"]
    assert open_list(done, "De inwoner betaalt geen eigen bijdrage.") == [] and len(done[1]) > 20  # the list ended
    alone = ["Het overzicht is als volgt:\n- tot 2 jaar: 100%"]
    assert open_list(alone, "- tot 4 jaar: 75%") == []  # nothing would stay behind
    # In the shipped rules: Hilversum's depreciation list of woningsanering is one passage's.
    _, chunks = parsed("CVDR764261")
    listed = next(c for c in chunks if "gebruik tot 2 jaar" in c.text)
    assert "gebruik tot 8 jaar" in listed.text


def test_a_list_too_long_to_move_repeats_its_lead_and_group_title_in_the_next_part():
    from knowledge.overheid_xml import list_context

    # Zaltbommel's appendix: examples of what the gemeente does not provide, in titled groups; a
    # passage that opened with "• Douchezitje" read as if the gemeente provided one.
    part = ["Intro.", "Er is geen complete lijst, maar voorbeelden zijn:\nHulpmiddelen\n• Tandem;\n"
            "Woningaanpassingen\n• Eenhendelmengkranen;\n• Renovatie van verouderde\nwoonvoorzieningen;"]
    assert list_context(part, "• Antislipvloer/coating;") == ["Er is geen complete lijst, maar voorbeelden zijn:",
                                                            "Woningaanpassingen"]
    assert len(part) == 2 and part[1].startswith("Er is geen")  # copies: the part keeps its text
    assert list_context(part, "Bron") == []  # the list ended
    assert list_context(["Het overzicht.\nZo gaat het.\n• een;"], "• twee;") == []  # no lead-in line
    _, chunks = parsed("CVDR690468")
    went_on = next(c for c in chunks if "Douchezitje (in elke uitvoering)" in c.text)
    assert "maar voorbeelden zijn:\nWoningaanpassingen\n• Antislipvloer" in went_on.text


def test_flattened_table_cells_become_rows_of_one_passage():
    _, chunks = parsed("CVDR764261")
    table = [c for c in chunks if "Traplift" in c.text]
    assert len(table) == 1
    assert "Traplift\t12 jaar" in table[0].text and "Scootmobiel\t7 jaar" in table[0].text
    assert table[0].meta["label"].startswith("HOOFDSTUK 1 lid 12 — ")
    # no passage is a lone cell or a quantity promoted to a heading ("### 7 jaar")
    for chunk in chunks:
        assert len(chunk.text) > 80, chunk.text
        assert not QUANTITY_CELL.match(chunk.section.split(" > ")[-1])


def test_amount_cells_join_their_row_and_each_appendix_is_a_passage_of_its_own():
    _, chunks = parsed("CVDR619608")
    kitchens = [c for c in chunks if "Keuken verstelbaar 270 cm" in c.text]
    assert len(kitchens) == 1
    assert "Beschrijving\tNormbedrag\nKeuken nastelbaar 270 cm\t1.865,00" in kitchens[0].text
    assert "Keuken verstelbaar 270 cm\t6.541,00" in kitchens[0].text
    # An appendix belongs to the regulation, not to the chapter that happens to come last.
    assert kitchens[0].section == "Bijlage V Normbedragen vervanging woonvoorziening 2018 als bedoeld in artikel 3.5.1, derde lid"
    assert kitchens[0].meta["label"].startswith("Bijlage V Normbedragen")
    assert "Bijlage IV" not in kitchens[0].text and "Bijlage VI" not in kitchens[0].text
    sport = next(c for c in chunks if "Rolstoeltennis, sportrolstoel" in c.text)
    assert "Rolstoeltennis, sportrolstoel\t3.403\t637" in sport.text  # norm and number: three columns
    assert "Bijlage VII" in sport.section
    # The two value columns are named, the row labels' is not; a year does not make a name a figure.
    assert "\tNorm 2018\tNummer\nBadminton, sportrolstoel\t3.403\t624" in sport.text
    adaptations = [c for c in chunks if "Bijlage IV" in c.section]
    assert "Omschrijving\tNorm 2026\tNummer\nAangepaste raamopener\t306\t4001" in adaptations[0].text
    # A long label and a text cell keep their row; every part of the long table repeats the header.
    assert ("Incl. aanleggen voeding\t693\t4121" in adaptations[0].text
            and "Anti-slip coating (tot 4 m2)\tNiet leverbaar\t4002" in adaptations[0].text)
    assert len(adaptations) >= 2 and all("\nOmschrijving\tNorm 2026\tNummer\n" in c.text for c in adaptations)
    rows = [ln for c in adaptations for ln in c.text.split("\n")[2:]]
    assert len(rows) == len(set(rows)) and "Douchezitje, opklapbaar, rugleuning, kunststof\t511\t4033" in rows
    # What an amount is counted per ("per m²", "per mtr.") sits between its label and the amount
    # (review 16's g1710 read "per m²: 29,90. per m²: 15,00. Vloerbedekking slaapkamer.").
    allergy = next(c for c in chunks if "Bijlage III" in c.section)
    assert "\nVloerbedekking slaapkamer\tper m²\t15,00\nOvergordijnen breed 1.20 m\tper mtr.\t16,40\n" in allergy.text


def test_lapsed_articles_and_appendices_of_a_markdown_regulation_are_marked_lapsed():
    _, chunks = parsed("CVDR619608")
    lapsed = {c.meta["label"].split(" — ")[0] for c in chunks if c.meta["lapsed"]}
    assert {"Artikel 3.2.1 Hoogte en berekening van het pgb", "Artikel 3.2.2 Normbedragen pgb"} <= lapsed
    assert any(label.startswith("Bijlage II De maximale normbedragen") for label in lapsed)
    kept = next(c for c in chunks if c.meta["label"].startswith("Artikel 3.2.2 "))
    assert kept.text.endswith("dit artikel is vervallen en geldt niet meer.")
    assert not any(c.meta["lapsed"] for c in chunks if "Keuken verstelbaar" in c.text)


def test_unnumbered_sections_are_cut_at_their_own_subheadings():
    _, chunks = parsed("CVDR764261")
    hulp = [c for c in chunks if c.section == "2.4 > Gebruikelijke hulp"]
    assert hulp and any("Kinderen tot 5 jaar leveren geen (wezenlijke) bijdrage" in c.text for c in hulp)
    assert all(c.text.startswith("Gebruikelijke hulp\n") and "\nGebruikelijke hulp\n" not in c.text for c in hulp)
    assert any(c.meta["label"].startswith("2.4, Normering huishoudelijke hulp conform HHM model")
               and "125 minuten per week" in c.text for c in chunks)


def test_missing_in_force_date_is_the_day_after_adoption_and_marked_estimated():
    document, chunks = parsed("CVDR764261")
    assert document.valid_from == "2026-07-01" and chunks[0].meta["valid_from_estimated"] is True


def test_explanations_are_text_and_articles_are_articles():
    _, chunks = parsed("CVDR753669")
    kinds = {c.section.split(" > ")[0]: c.kind for c in chunks}
    assert kinds["Toelichting"] == "text" and kinds["Aanhef"] == "text"
    assert kinds["HOOFDSTUK 3 MAATWERKVOORZIENINGEN WMO"] == "article"



def test_an_article_heading_without_the_word_artikel_is_still_an_article():
    # Zaltbommel's markdown writes "### 11.1 Kwaliteit" where the regulation has article 11.1;
    # "## 11. Kwaliteit en aanbesteding" above it is a chapter.
    _, chunks = parsed("CVDR690468")
    quality = [c for c in chunks if c.meta.get("article") == "11.1"]
    assert quality and all(c.text.startswith("Artikel 11.1 Kwaliteit\n") for c in quality)
    assert quality[0].meta["label"].startswith("Artikel 11.1")
    assert quality[0].meta["url"].endswith("#artikel_11.1")
    assert not any(c.meta.get("article") == "11" for c in chunks)
    assert {c.meta["article"] for c in chunks if c.meta.get("article")} >= {"2.1.1", "3.4", "6.1", "12.6"}



def test_an_article_heading_left_as_a_plain_line_starts_its_own_article():
    # Den Haag's markdown writes "Artikel 5.2 Bedrijfsvoering" and "Artikel 5.3 ..." as plain lines
    # after article 5.1.1's one sentence (review 9's P4 got 5.3 with 5.2 as "Artikel 5.1.1").
    _, chunks = parsed("CVDR619608")
    by_article = {c.meta.get("article"): c for c in chunks}
    assert by_article["5.1.1"].text == "Artikel 5.1.1\nHet college stelt het plan van aanpak vast in bijlage IX."
    assert by_article["5.2"].text.startswith("Artikel 5.2 Bedrijfsvoering\nDe gemeente stelt")
    assert by_article["5.3"].text.startswith("Artikel 5.3 Inzet van personeel en vrijwilligers\n")
    assert "vrijwilligers" not in by_article["5.2"].text
    # A table of contents in the preamble lists articles as plain lines too: it stays one text.
    _, chunks = parsed("CVDR753669")
    assert not any(c.meta.get("article") for c in chunks if c.section.startswith("Aanhef"))


HTML = """<html><head><title>Beleidsregels Wmo Testdorp 2026</title></head><body><nav>menu</nav>
<h1>Beleidsregels Wmo Testdorp 2026</h1><h2>Hoofdstuk 1 Algemeen</h2>
<h3>Artikel 1 Begrippen</h3><p>1. In deze beleidsregels wordt verstaan onder cliënt: de inwoner.</p>
<p>2. Onder huisgenoot: een persoon die op hetzelfde adres woont.</p>
<h3>Artikel 2 Huishoudelijke hulp</h3><p>De basisnorm is 150 minuten per week.</p>
<table><tr><td>Traplift</td><td>12 jaar</td></tr></table></body></html>"""


def test_html_needs_the_gemeente_and_takes_the_rest_from_the_command_line(tmp_path):
    path = tmp_path / "regel.html"
    path.write_text(HTML, encoding="utf-8")
    with pytest.raises(RuleMetadataError):
        parse_rule_file(path)
    document, chunks = parse_rule_file(path, RuleMeta(gemeente="Testdorp", in_force_from="2026-02-01",
                                                      url="https://example.org/regel"))
    assert document.title == "Beleidsregels Wmo Testdorp 2026" and document.valid_from == "2026-02-01"
    assert document.id.startswith("regel-testdorp-") and document.gemeente == "Testdorp"
    labels = [c.meta["label"] for c in chunks]
    assert labels == ["Artikel 1 Begrippen — Beleidsregels Wmo Testdorp 2026 — gemeente Testdorp",
                      "Artikel 2 Huishoudelijke hulp — Beleidsregels Wmo Testdorp 2026 — gemeente Testdorp"]
    assert chunks[1].text.endswith("Traplift\t12 jaar") and "menu" not in chunks[0].text
    assert chunks[0].meta["url"] == "https://example.org/regel"  # no CVDR anchors on another site


def test_command_line_metadata_wins_over_the_front_matter():
    text = (Path(SHIPPED[0]).read_text(encoding="utf-8"))
    document, _ = parse_rule_markdown(text, RuleMeta(in_force_from="2030-01-01"))
    assert document.valid_from == "2030-01-01"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium prints the test PDF")
def test_a_pdf_regulation_is_read_by_its_article_headings(tmp_path):
    html = tmp_path / "regel.html"
    html.write_text("<html><body><p>Beleidsregels Testdorp</p><h2>Hoofdstuk 1 Algemeen</h2>"
                    "<h3>Artikel 1 Begrippen</h3><p>In deze regels wordt verstaan onder cliënt: de inwoner "
                    "die ondersteuning vraagt.</p><h3>Artikel 2 Vervoer</h3>"
                    "<p>De gemeente vergoedt ten hoogste 1500 km per jaar.</p></body></html>", encoding="utf-8")
    pdf = tmp_path / "regel.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.as_uri()], check=True, capture_output=True, timeout=120)
    document, chunks = parse_rule_file(pdf, RuleMeta(gemeente="Testdorp", title="Beleidsregels Testdorp"))
    articles = [c for c in chunks if c.meta["article"]]
    assert [c.meta["article"] for c in articles] == ["1", "2"]
    assert chunks[0].kind == "text" and "Beleidsregels Testdorp" in chunks[0].text  # before the first heading
    assert "die ondersteuning vraagt" in re.sub(r"\s+", " ", articles[0].text)
    assert articles[1].meta["label"].startswith("Artikel 2 Vervoer — Beleidsregels Testdorp")
    assert "1500 km per jaar" in articles[1].text


def test_a_list_numbered_again_inside_a_lid_is_no_run_of_leden():
    from knowledge.rule_markdown import lid_starts

    # Aa en Hunze, verordening art. 12 lid 3 (no blank lines between the rows): conditions "1 ".."10." under "a."
    rows = ["3. Een pgb wordt verstrekt indien:", "a. de cliënt in staat is; ter beoordeling gelden de voorwaarden:",
            "1 cliënt heeft overzicht.", "2 cliënt kent de regels.", "3. cliënt houdt een administratie bij.",
            "4. cliënt kan communiceren.", *(f"{n}. cliënt kan iets." for n in range(5, 10)),
            "10. cliënt weet wat hij als werkgever moet doen.",
            "b. de cliënt wil een pgb.", "4. Het college verstrekt geen pgb voor kosten vooraf.", "5. Het pgb wordt geweigerd bij schulden."]
    assert lid_starts(rows) == [0, 13, 14]  # "3." to "10." of the conditions stay in lid 3
    # Leden written without blank lines, a letter list under one of them: every numbered row a lid.
    assert lid_starts(["1. Eén.", "2. Twee:", "a. x;", "b. y.", "3. Drie."]) == [0, 1, 4]
    # Numbered again under a Roman numeral ("i. Beschermd wonen", "1. Beschermd wonen nabij"): no lid 1.
    assert lid_starts(["2. Producten:", "e. Verblijf:", "i. Beschermd wonen", "1. nabij", "2. toezicht",
                       "ii. Kamer wonen", "1. exclusief", "2. inclusief"]) == [0]
