"""BWB toestand importer: the overheid.nl fixture plus a small synthetic law with chapters and leden."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from knowledge.bwb import parse_bwb

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "overheid" / "bwb_toestand_3.xml"
TITLE = "Vaststelling nummers kandidatenlijsten centrales van overheidspersoneel"


def test_fixture_metadata() -> None:
    doc, _ = parse_bwb(FIXTURE)
    assert (doc.id, doc.reference, doc.title) == ("bwb-BWBR0003984-1986-06-26", "BWBR0003984", TITLE)
    assert (doc.type, doc.organisation, doc.gemeente, doc.origin) == ("wet", "Rijksoverheid", None, "import")
    assert (doc.date, doc.valid_from, doc.valid_to) == ("1986-06-26", "1986-06-26", None)
    assert doc.url == "https://wetten.overheid.nl/BWBR0003984/1986-06-26"


def test_fixture_every_artikel_with_its_number() -> None:
    _, chunks = parse_bwb(FIXTURE)
    root = etree.parse(str(FIXTURE)).getroot()
    numbers = [n.strip() for n in root.xpath(
        "//*[local-name()='artikel']/*[local-name()='kop']/*[local-name()='nr']/text()")]
    articles = [c for c in chunks if c.kind == "article"]
    assert [c.meta["article"] for c in articles] == numbers == ["1", "2", "3"]
    assert {c.meta["article_index"] for c in articles} == {1, 2, 3}
    first = articles[0]
    assert first.meta["label"] == f"Artikel 1 — {TITLE}"
    assert first.meta["url"] == "https://wetten.overheid.nl/BWBR0003984/1986-06-26#Artikel1"
    assert first.meta["gemeente"] is None and first.meta["title"] == TITLE
    assert "a de Algemene Centrale van Overheidspersoneel: nummer 1;" in first.text.split("\n")
    assert "jci1.3" not in first.text and "Stcrt" not in first.text  # meta-data is not body text


def test_fixture_ids_unique_and_stable() -> None:
    _, first = parse_bwb(FIXTURE)
    _, second = parse_bwb(FIXTURE.read_text(encoding="utf-8"))
    assert len({c.id for c in first}) == len(first)
    assert [(c.id, c.text) for c in first] == [(c.id, c.text) for c in second]


LONG = "Synthetische bepaling over maatschappelijke ondersteuning voor de test. " * 12
SYNTHETIC = f"""<toestand bwb-id="BWBR0035362" inwerkingtreding="2024-01-01"><wetgeving soort="wet">
<citeertitel>Wet maatschappelijke ondersteuning 2015</citeertitel><wet-besluit><wettekst>
<hoofdstuk bwb-ng-variabel-deel="/Hoofdstuk1"><kop><label>Hoofdstuk</label><nr>1</nr><titel>Algemene bepalingen</titel></kop>
 <paragraaf bwb-ng-variabel-deel="/Hoofdstuk1/Paragraaf1.1"><kop><label>§</label><nr>1.1</nr><titel>Begripsbepalingen</titel></kop>
  <artikel bwb-ng-variabel-deel="/Hoofdstuk1/Paragraaf1.1/Artikel1.1.1"><kop><label>Artikel</label><nr>1.1.1</nr></kop>
   <lid><lidnr>1</lidnr><al>{LONG}</al></lid>
   <lid><lidnr>2</lidnr><al>Korte tweede bepaling:</al>
    <lijst><li><li.nr>a.</li.nr><al>eerste onderdeel;</al></li><li><li.nr>b.</li.nr><al>tweede onderdeel.</al></li></lijst></lid>
   <lid><lidnr>3</lidnr><al>{LONG}</al></lid></artikel>
  <artikel bwb-ng-variabel-deel="/Hoofdstuk1/Paragraaf1.1/Artikel1.1.2" status="vervallen"><kop><label>Artikel</label><nr>1.1.2</nr></kop>
   <al>[Vervallen per 01-01-2020]</al></artikel>
 </paragraaf></hoofdstuk></wettekst></wet-besluit></wetgeving></toestand>"""


def test_synthetic_law_sections_leden_and_anchors() -> None:
    doc, chunks = parse_bwb(SYNTHETIC)
    assert doc.id == "bwb-BWBR0035362-2024-01-01" and doc.title == "Wet maatschappelijke ondersteuning 2015"
    leden = [c for c in chunks if c.meta["article"] == "1.1.1"]
    assert [c.meta["lid"] for c in leden] == ["1", "2", "3"]
    assert all(c.text.startswith("Artikel 1.1.1\n") for c in leden)
    assert leden[0].section == "Hoofdstuk 1 Algemene bepalingen > § 1.1 Begripsbepalingen > Artikel 1.1.1"
    assert leden[1].meta["label"] == "Artikel 1.1.1 lid 2 — Wet maatschappelijke ondersteuning 2015"
    assert leden[1].text.split("\n")[1:] == ["2. Korte tweede bepaling:", "a. eerste onderdeel;",
                                             "b. tweede onderdeel."]
    assert leden[0].meta["url"] == ("https://wetten.overheid.nl/BWBR0035362/2024-01-01"
                                    "#Hoofdstuk1_Paragraaf1.1_Artikel1.1.1")
    (lapsed,) = [c for c in chunks if c.meta["article"] == "1.1.2"]
    assert lapsed.meta["lapsed"] is True and "[Vervallen per 01-01-2020]" in lapsed.text
