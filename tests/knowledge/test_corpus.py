import json
from pathlib import Path

import pytest

from knowledge.corpus import DEFAULT_CORPUS, ManifestError, corpus_files, missing_manifest_entries, read_corpus

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_every_corpus_file_has_a_manifest_entry():
    assert corpus_files(DEFAULT_CORPUS), "the default corpus is empty"
    assert missing_manifest_entries(DEFAULT_CORPUS) == []


def test_missing_manifest_entry_is_reported(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": []}))
    (tmp_path / "extra.md").write_text("# Titel\n\nTekst.\n")
    assert missing_manifest_entries(tmp_path) == ["extra.md"]


@pytest.mark.skipif(not SEEDS.exists(), reason="shared seeds not beside the repo")
def test_corpus_holds_the_seed_documents_unchanged():
    for seed in SEEDS.glob("*.txt"):
        assert (DEFAULT_CORPUS / seed.name).read_bytes() == seed.read_bytes()


def test_bundle_is_split_into_letters_with_their_own_senders():
    docs = {s.document.id: s.document for s in read_corpus()}
    iederin = docs["iederin-2025-12-10-waarborg-mensenrechten"]
    assert iederin.organisation == "Ieder(in)"
    assert iederin.date == "2025-12-10"
    assert iederin.reference == "25-1002/JO"
    reply = docs["informateur-2025-12-13-antwoord-iederin"]
    assert reply.reference == "202500790"
    bundle_parts = [d for d in docs.values() if d.source_file.startswith("002_")]
    assert len(bundle_parts) == 18
    assert len({d.title for d in bundle_parts}) == 18


def test_part_text_belongs_to_its_letter():
    sources = {s.document.id: s.text for s in read_corpus()}
    assert "Deborah Lauria" in sources["iederin-2025-12-10-waarborg-mensenrechten"]
    assert "Zes belangrijke principes" in sources["iederin-2023-01-brochure-vn-verdrag"]
    assert "Zes belangrijke principes" not in sources["iederin-2025-12-10-waarborg-mensenrechten"]
    assert "112 is sinds begin 2021" in sources["iederin-2023-01-brochure-vn-verdrag"]


def test_metadata_is_taken_from_the_text():
    """Every stated date, kenmerk and title appears in the document's own text."""
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
    for source in read_corpus():
        doc = source.document
        if doc.reference:
            assert doc.reference in source.text.replace("202500 936", "202500936") or doc.reference in (DEFAULT_CORPUS / doc.source_file).read_text(), doc.id
        if doc.date and len(doc.date) == 10:
            year, month, day = doc.date.split("-")
            raw = (DEFAULT_CORPUS / doc.source_file).read_text()
            spelled = f"{int(day)} {months[int(month) - 1]} {year}"
            assert spelled in raw or doc.date in raw, (doc.id, spelled)


def test_wrong_part_boundary_is_an_error(tmp_path):
    (tmp_path / "bundle.txt").write_text("Brief A\n\nTekst A.\n\nBrief B\n\nTekst B.\n")
    manifest = {"documents": [{"file": "bundle.txt", "id": "b", "title": "B", "parts": [
        {"start_line": 1, "first_line": "Brief A", "id": "a", "title": "A"},
        {"start_line": 4, "first_line": "Brief C", "id": "c", "title": "C"},
    ]}]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ManifestError):
        read_corpus(tmp_path)


def test_dropped_in_formats_are_read(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": []}))
    (tmp_path / "regels.md").write_text("# Regels Noordwaard\n\n## 1. Hulpmiddelen\n\nDe gemeente Noordwaard leent rolstoelen uit aan inwoners die moeilijk lopen, voor maximaal zes weken per keer.\n")
    (tmp_path / "pagina.html").write_text(
        "<html><head><title>Parkeren Zuidwaard</title></head><body><nav>[home] [menu]</nav>"
        "<h1>Parkeren</h1><p>Met een gehandicaptenparkeerkaart parkeert u in Zuidwaard gratis in de blauwe zone.</p>"
        "<table><tr><th>Kaart</th><th>Kosten</th></tr><tr><td>Bestuurderskaart</td><td>€ 75</td></tr></table></body></html>"
    )
    sources = {s.document.id: s for s in read_corpus(tmp_path)}
    assert sources["regels"].document.title == "Regels Noordwaard"
    assert "rolstoelen" in sources["regels"].text
    html = sources["pagina"]
    assert html.document.title == "Parkeren Zuidwaard"
    assert "[home]" not in html.text
    assert "Kaart\tKosten\nBestuurderskaart\t€ 75" in html.text


def test_pdf_is_read_through_pypdf(tmp_path):
    pytest.importorskip("pypdf")
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, DecodedStreamObject, DictionaryObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"), NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 150 Td (Mantelzorgwaardering Noordwaard 2026) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.add_metadata({"/Title": "Mantelzorg Noordwaard"})
    with open(tmp_path / "brief.pdf", "wb") as fh:
        writer.write(fh)
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": []}))
    source = read_corpus(tmp_path)[0]
    assert source.document.title == "Mantelzorg Noordwaard"
    assert "Mantelzorgwaardering Noordwaard 2026" in source.text
