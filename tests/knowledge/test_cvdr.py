"""CVDR importer: fixtures from overheid.nl plus a synthetic regulation of fictional Noordwaard."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from knowledge.cvdr import parse_cvdr

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "overheid"
EXAMPLES = ["cvdr_example1.xml", "cvdr_example2.xml", "cvdr_example3.xml"]
REQUIRED_META = {"label", "article", "lid", "gemeente", "valid_from", "valid_to", "url", "title",
                 "onderwerp", "legal_basis"}


def xpath_local(path_or_root: Path | etree._Element, name: str) -> list[etree._Element]:
    root = etree.parse(str(path_or_root)).getroot() if isinstance(path_or_root, Path) else path_or_root
    return root.xpath(f"//*[local-name()='{name}']")


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_artikel_becomes_a_chunk(name: str) -> None:
    _, chunks = parse_cvdr(FIXTURES / name)
    expected = len(xpath_local(FIXTURES / name, "artikel"))
    indexes = {c.meta["article_index"] for c in chunks if c.meta["article_index"] is not None}
    assert indexes == set(range(1, expected + 1))


@pytest.mark.parametrize("name", EXAMPLES)
def test_chunk_ids_unique_and_stable(name: str) -> None:
    _, first = parse_cvdr(FIXTURES / name)
    _, second = parse_cvdr((FIXTURES / name).read_bytes())
    assert len({c.id for c in first}) == len(first) > 0
    assert [(c.id, c.text, c.meta) for c in first] == [(c.id, c.text, c.meta) for c in second]
    assert all(REQUIRED_META <= c.meta.keys() for c in first)


def test_example1_metadata_and_table() -> None:
    doc, chunks = parse_cvdr(FIXTURES / "cvdr_example1.xml")
    assert (doc.id, doc.reference, doc.type) == ("cvdr-CVDR112779-1", "CVDR112779_1", "regeling")
    assert doc.url == "https://lokaleregelgeving.overheid.nl/CVDR112779/1"
    assert doc.title.startswith("Lijst van binnengemeentelijke afnemers met een raadpleegmogelijkheid")
    assert (doc.gemeente, doc.organisation) == ("Spijkenisse", "Gemeente Spijkenisse")
    assert (doc.date, doc.valid_from, doc.valid_to) == ("2011-09-06", "2011-09-14", "2012-04-25")
    assert doc.origin == "import"
    table = [c for c in chunks if c.meta["article_index"] == 1]
    assert len(table) > 1 and all(c.kind == "article" for c in table)
    header = ("Dienst / Afdeling\tTaak: Wettelijke grondslag\tgegevensset gba autorisatiefunctie\t"
              "gegevensset gba-v autorisatiebesluit")
    assert all(c.text.split("\n")[1] == header for c in table)  # header kept with every piece
    rows = [ln for c in table for ln in c.text.split("\n")[2:]]
    xml_rows = [r for r in xpath_local(FIXTURES / "cvdr_example1.xml", "row")
                if "".join(r.itertext()).strip()]
    assert len(rows) == len(xml_rows) - 1  # every non-empty body row, header not duplicated
    assert "Juridische Zaken\tBezwaren en klachten (AWB)\tZie functieautorisatie Juridische Zaken\tn.v.t." in rows
    meta = table[0].meta
    assert meta["article"] is None and meta["label"].startswith("Artikel (zonder nummer) 1")
    assert meta["label"].endswith(" — gemeente Spijkenisse")
    assert meta["legal_basis"] == ["Verordening persoonsinformatievoorziening Spijkenisse 2010, art. 4, 9 en 10"]
    assert meta["onderwerp"] == "automatisering en informatisering"


def test_example2_structuurtekst_lapsed_and_list() -> None:
    doc, chunks = parse_cvdr(FIXTURES / "cvdr_example2.xml")
    assert (doc.id, doc.gemeente, doc.date) == ("cvdr-CVDR100394-2", "Kampen", "2016-10-11")
    assert (doc.valid_from, doc.valid_to) == ("2016-10-27", None)
    assert doc.title == "Beleidsregels verkeersveiligheid en parkeren"
    assert [c.section for c in chunks] == ["1. Parkeren", "2. Hard rijden", "3. Bebording",
                                           "4. Diversen", "5. Gehandicaptenparkeerplaatsen"]
    assert [c.meta["lapsed"] for c in chunks] == [True] * 4 + [False]
    assert "vervallen" in chunks[0].text.lower()
    parking = chunks[-1]
    assert "- Zelf bestuurder te zijn" in parking.text.split("\n")
    assert parking.meta["onderwerp"] == "ruimtelijke ordening, verkeer en vervoer"
    assert parking.meta["legal_basis"] == ["Reglement verkeersregels en verkeertekens 1990",
                                           "Parkeerverordening gemeente Kampen"]


def test_example3_unnumbered_articles_and_sections() -> None:
    doc, chunks = parse_cvdr(FIXTURES / "cvdr_example3.xml")
    assert (doc.reference, doc.gemeente) == ("CVDR680781_1", "Someren")
    assert (doc.date, doc.valid_from) == ("2019-05-28", "2019-08-30")
    first = next(c for c in chunks if c.meta["article_index"] == 1)
    assert first.section == "Hoofdstuk 1 Inleiding" and first.meta["article"] is None
    assert first.meta["label"] == f"Hoofdstuk 1 Inleiding — {doc.title} — gemeente Someren"
    sections = {c.section for c in chunks}
    assert "Hoofdstuk 4 Beleidsuitgangspunten > C. Uitzondering" in sections
    assert any("a. uit gepleegde strafbare feiten" in c.text for c in chunks)
    assert all(len(c.text) < 1700 for c in chunks)


LONG = "Synthetische tekst over de omvang van gebruikelijke hulp in Noordwaard. " * 12
TARIFF_ROWS = "".join(f"<row><entry><al>Voorziening {i}</al></entry><entry><al>€ {i},00 per maand</al>"
                      f"</entry></row>" for i in range(1, 61))
NOORDWAARD = f"""<?xml version="1.0" encoding="UTF-8"?>
<cvdr xmlns="http://standaarden.overheid.nl/cvdr/terms/" xmlns:dcterms="http://purl.org/dc/terms/"
      xmlns:overheidrg="http://standaarden.overheid.nl/cvdr/meta/">
<meta><owmskern><dcterms:identifier>CVDR999001_3</dcterms:identifier>
<dcterms:title>Verordening maatschappelijke ondersteuning Noordwaard 2024</dcterms:title>
<dcterms:type scheme="overheid:Informatietype">regeling</dcterms:type>
<dcterms:creator scheme="overheid:Gemeente">Gemeente Noordwaard</dcterms:creator></owmskern>
<owmsmantel><dcterms:source>Wet maatschappelijke ondersteuning 2015, art. 2.1.3</dcterms:source>
<dcterms:subject>zorg en welzijn</dcterms:subject><dcterms:issued>2023-12-14</dcterms:issued></owmsmantel>
<cvdripm><overheidrg:inwerkingtredingDatum>2024-01-01</overheidrg:inwerkingtredingDatum>
<overheidrg:uitwerkingtredingDatum>2024-12-31</overheidrg:uitwerkingtredingDatum>
<overheidrg:onderwerp>zorg en welzijn</overheidrg:onderwerp></cvdripm></meta>
<body><intitule>Verordening maatschappelijke ondersteuning Noordwaard 2024</intitule><regeling><regeling-tekst>
<hoofdstuk><kop><label>Hoofdstuk</label><nr>1</nr><titel>Algemeen</titel></kop>
 <artikel id="artikel_1.1"><kop><label>Artikel</label><nr>1.1</nr><titel>Begripsbepalingen</titel></kop>
  <al>In deze verordening wordt verstaan onder:</al>
  <lijst><li nr="a."><al>cliënt: een <cursief>ingezetene</cursief> die ondersteuning vraagt;</al></li>
   <li nr="b."><al>mantelzorger: iemand die hulp geeft;</al>
    <lijst><li nr="1°"><al>binnen het huishouden, of</al></li></lijst></li></lijst></artikel>
 <artikel><kop><label>Artikel</label><nr/><titel/></kop><al>Deze verordening geldt voor alle inwoners.</al></artikel>
</hoofdstuk>
<hoofdstuk><kop><label>Hoofdstuk</label><nr>2</nr><titel>Gebruikelijke hulp</titel></kop>
 <paragraaf><kop><label>Paragraaf</label><nr>2.1</nr><titel>Omvang en tarieven</titel></kop>
  <artikel><kop><label>Artikel</label><nr>2.3</nr><titel>Omvang</titel></kop>
   <lid><lidnr>1</lidnr><al>{LONG}</al></lid>
   <lid><lidnr>2</lidnr><al>{LONG}</al></lid>
   <lid><lidnr>3</lidnr><al>Het college kan afwijken.</al></lid></artikel>
  <artikel><kop><label>Artikel</label><nr>2.4</nr></kop><al>[Vervallen]</al></artikel>
  <artikel><kop><label>Artikel</label><nr>2.5</nr><titel>Tarieven</titel></kop><al>De tarieven zijn:</al>
   <table><tgroup cols="2"><thead><row><entry><al>Voorziening</al></entry><entry><al>Tarief</al></entry></row>
   </thead><tbody>{TARIFF_ROWS}</tbody></tgroup></table></artikel>
 </paragraaf></hoofdstuk>
</regeling-tekst></regeling>
<toelichting><kop><titel>Toelichting</titel></kop><al>Algemene toelichting bij de verordening.</al>
 <paragraaf><kop><titel>Artikelsgewijs</titel></kop><al>Artikel 2.3 beschrijft de omvang.</al></paragraaf>
</toelichting></body></cvdr>"""


def by_article(chunks: list, nr: str) -> list:
    return [c for c in chunks if c.meta["article"] == nr]


def test_noordwaard_metadata_and_every_article() -> None:
    doc, chunks = parse_cvdr(NOORDWAARD)
    assert (doc.id, doc.reference) == ("cvdr-CVDR999001-3", "CVDR999001_3")
    assert doc.url == "https://lokaleregelgeving.overheid.nl/CVDR999001/3"
    assert (doc.gemeente, doc.organisation) == ("Noordwaard", "Gemeente Noordwaard")
    assert (doc.date, doc.valid_from, doc.valid_to) == ("2023-12-14", "2024-01-01", "2024-12-31")
    count = len(xpath_local(etree.fromstring(NOORDWAARD.encode()), "artikel"))
    assert {c.meta["article_index"] for c in chunks} - {None} == set(range(1, count + 1))
    assert [c for c in chunks if c.meta["article"]][0].meta["legal_basis"] == [
        "Wet maatschappelijke ondersteuning 2015, art. 2.1.3"]
    assert [c.id for c in parse_cvdr(NOORDWAARD.encode())[1]] == [c.id for c in chunks]


def test_noordwaard_lists_anchor_and_unnumbered() -> None:
    _, chunks = parse_cvdr(NOORDWAARD)
    (definitions,) = by_article(chunks, "1.1")
    lines = definitions.text.split("\n")
    assert lines[0] == "Artikel 1.1 Begripsbepalingen"
    assert "a. cliënt: een ingezetene die ondersteuning vraagt;" in lines
    assert "  1° binnen het huishouden, of" in lines  # nested list indented under b.
    assert definitions.meta["url"] == "https://lokaleregelgeving.overheid.nl/CVDR999001/3#artikel_1.1"
    unnumbered = next(c for c in chunks if c.meta["article_index"] == 2)
    assert unnumbered.meta["article"] is None and "alle inwoners" in unnumbered.text
    assert unnumbered.meta["label"].startswith("Hoofdstuk 1 Algemeen — Verordening")
    assert unnumbered.meta["url"] == "https://lokaleregelgeving.overheid.nl/CVDR999001/3"


def test_noordwaard_long_article_split_per_lid() -> None:
    _, chunks = parse_cvdr(NOORDWAARD)
    leden = by_article(chunks, "2.3")
    assert [c.meta["lid"] for c in leden] == ["1", "2", "3"]
    assert all(c.text.startswith("Artikel 2.3 Omvang\n") for c in leden)
    assert leden[1].text.split("\n")[1].startswith("2. Synthetische tekst")
    assert leden[1].section == "Hoofdstuk 2 Gebruikelijke hulp > Paragraaf 2.1 Omvang en tarieven > Artikel 2.3 Omvang"
    assert leden[1].meta["label"] == ("Artikel 2.3 lid 2 — Verordening maatschappelijke ondersteuning "
                                      "Noordwaard 2024 — gemeente Noordwaard")


def test_noordwaard_lapsed_article_is_kept() -> None:
    _, chunks = parse_cvdr(NOORDWAARD)
    (lapsed,) = by_article(chunks, "2.4")
    assert lapsed.meta["lapsed"] is True
    assert lapsed.text.startswith("Artikel 2.4\n[Vervallen]") and "vervallen en geldt niet meer" in lapsed.text
    assert not any(c.meta["lapsed"] for c in chunks if c.meta["article"] != "2.4")


def test_noordwaard_table_header_repeated() -> None:
    _, chunks = parse_cvdr(NOORDWAARD)
    parts = by_article(chunks, "2.5")
    assert len(parts) > 1
    for part in parts:
        lines = part.text.split("\n")
        assert "Voorziening\tTarief" in lines
        assert "\t€" in lines[lines.index("Voorziening\tTarief") + 1]  # header sits right above rows
    rows = [ln for c in parts for ln in c.text.split("\n") if ln.startswith("Voorziening ") and "\t€" in ln]
    assert rows == [f"Voorziening {i}\t€ {i},00 per maand" for i in range(1, 61)]


def test_noordwaard_toelichting_chunks() -> None:
    _, chunks = parse_cvdr(NOORDWAARD)
    notes = [c for c in chunks if c.section.startswith("Toelichting")]
    assert [c.section for c in notes] == ["Toelichting", "Toelichting > Artikelsgewijs"]
    assert all(c.kind == "text" and c.meta["article_index"] is None for c in notes)
    assert "Artikel 2.3 beschrijft de omvang." in notes[1].text


def test_one_huge_paragraph_is_cut_at_sentence_ends() -> None:
    sentence = "Deze zin over de Wmo in Noordwaard is bewust lang gemaakt voor de test. "
    xml = NOORDWAARD.replace("Deze verordening geldt voor alle inwoners.", sentence * 60)
    _, chunks = parse_cvdr(xml)
    parts = [c for c in chunks if c.meta["article_index"] == 2]
    assert len(parts) > 2 and all(len(c.text) <= 1600 for c in parts)
    assert all(c.text.split("\n")[1].startswith("Deze zin") for c in parts)
    assert sum(c.text.count("Deze zin") for c in parts) == 60
