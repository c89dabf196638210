import re

import pytest

from knowledge.chunking import MAX_CHARS, MAX_TABLE_CHARS, chunk_document
from knowledge.corpus import read_corpus
from knowledge.documents import Document

DOC = Document(id="doc", title="Testdocument", type="rapport")


@pytest.fixture(scope="module")
def corpus_chunks():
    chunks = []
    for source in read_corpus():
        chunks.extend(chunk_document(source.document, source.text))
    return chunks


def test_numbered_headings_give_section_paths():
    text = "4. Resultaten\n\nInleiding op de resultaten, lang genoeg om als lopende tekst te gelden in dit voorbeeld.\n\n4.1 Gehandicaptenparkeerkaart\n\nDe kaart kost in sommige gemeenten meer dan in andere gemeenten, blijkt uit de verkenning.\n\n4.2 Hulpmiddelen\n\nGemeenten werken met een vast assortiment aan hulpmiddelen en met enkele leveranciers."
    chunks = chunk_document(DOC, text)
    sections = [c.section for c in chunks]
    assert "4. Resultaten > 4.1 Gehandicaptenparkeerkaart" in sections
    assert "4. Resultaten > 4.2 Hulpmiddelen" in sections
    kaart = next(c for c in chunks if c.section.endswith("Gehandicaptenparkeerkaart"))
    assert "De kaart kost" in kaart.text
    assert kaart.meta["title"] == "Testdocument"
    assert "Testdocument" in kaart.embedding_text and "Gehandicaptenparkeerkaart" in kaart.embedding_text


def test_a_long_paragraph_cut_to_size_stays_one_paragraph_within_a_passage():
    sentences = [f"Zin {n} over de werkkostenregeling en de zorg van werkende mantelzorgers in Nederland." for n in range(12)]
    sentences[7] = "Daarvoor moeten de schotten tussen de reguliere en de bedrijfsgezondheidszorg zoveel mogelijk weg."
    text = "1. Werk\n\n" + " ".join(sentences) + "\n\nEen nieuwe alinea over iets anders dan de vorige alinea."
    chunks = chunk_document(DOC, text)
    parts = [c.text for c in chunks if "Zin" in c.text]
    assert len(parts) > 1  # cut to size
    # No paragraph break inside the paragraph's parts; the next paragraph still starts after one.
    assert all("\n" not in part.split("\n\nEen nieuwe")[0] for part in parts)
    assert any("\n\nEen nieuwe alinea" in c.text or c.text.startswith("Een nieuwe") for c in chunks)
    # A sentence that refers back stays with the one before it.
    assert "Zin 6 " in next(part for part in parts if "Daarvoor" in part)


def test_a_sentence_that_objects_to_the_one_before_is_never_cut_off_from_it():
    # Wherever the cut to passage size falls, "... echter ..." and "Maar ..." keep what they object to.
    for objection in ("Het rapport biedt echter weinig aanknopingspunten voor verschillen tussen gemeenten.",
                      "Maar dat geldt voor de werkkostenregeling niet in alle gevallen en niet voor iedereen."):
        for at in range(1, 30):
            sentences = [f"Zin {n} over de werkkostenregeling en de zorg van werkende mantelzorgers." for n in range(30)]
            sentences[at] = objection
            parts = [c.text for c in chunk_document(DOC, "1. Werk\n\n" + " ".join(sentences))]
            assert len(parts) > 2
            assert f"Zin {at - 1} " in next(part for part in parts if objection in part)


def test_table_stays_whole_with_caption_and_header():
    rows = "\n".join(f"Gemeente {c}\tVanaf {100 + i}%\t{20 + i}%" for i, c in enumerate("ABCDEFGH"))
    text = f"Intro\n\nAls iemand bijzondere bijstand aanvraagt, wordt de draagkracht getoetst.\n\nGemeente\tInkomensgrens\tDraagkrachtpercentage\n{rows}"
    chunks = chunk_document(DOC, text)
    table = [c for c in chunks if c.kind == "table"]
    assert len(table) == 1
    assert "draagkracht getoetst" in table[0].text
    assert "Gemeente\tInkomensgrens\tDraagkrachtpercentage\nGemeente A" in table[0].text
    assert "Gemeente H\tVanaf 107%\t27%" in table[0].text


def test_large_table_is_split_by_rows_repeating_header_and_caption():
    rows = "\n".join(f"Regel {i:03d} met een lange omschrijving van de voorziening\t{i} gemeenten" for i in range(80))
    text = f"Overzicht voorzieningen per gemeente\n\nVoorziening\tAantal\n{rows}"
    pieces = [c for c in chunk_document(DOC, text) if c.kind == "table"]
    assert len(pieces) > 1
    seen = set()
    for piece in pieces:
        assert len(piece.text) <= MAX_TABLE_CHARS + 200
        assert "Voorziening\tAantal" in piece.text
        assert "Overzicht voorzieningen per gemeente" in piece.text
        seen.update(re.findall(r"Regel (\d{3})", piece.text))
    assert len(seen) == 80


def test_table_split_by_page_break_is_one_table():
    text = "Tabel bijzondere bijstand\n\nVorm\tAantal\nJaarlijks nieuwe aanvraag doen\t4 gemeenten\n\nGeen nieuwe aanvraag nodig\t2 gemeenten\nOnbekend\t2 gemeenten"
    tables = [c for c in chunk_document(DOC, text) if c.kind == "table"]
    assert len(tables) == 1 and "Geen nieuwe aanvraag nodig" in tables[0].text


def test_footnotes_become_their_own_chunk_in_the_section():
    text = "Verschillen gemeenten\n\nIn de werkagenda¹ zijn maatregelen opgenomen om verschillen tussen gemeenten in kaart te brengen, met partners.\n\n¹ Kamerstukken II 2024/45 24170, nr. 362."
    chunks = chunk_document(DOC, text)
    note = [c for c in chunks if c.kind == "footnote"]
    assert note and note[0].section == "Verschillen gemeenten > Voetnoten"
    assert "Kamerstukken II" in note[0].text


def test_chunk_ids_are_stable_and_unique(corpus_chunks):
    ids = [c.id for c in corpus_chunks]
    assert len(ids) == len(set(ids))
    again = []
    for source in read_corpus():
        again.extend(chunk_document(source.document, source.text))
    assert [c.id for c in again] == ids
    assert [c.content_hash for c in again] == [c.content_hash for c in corpus_chunks]


def test_corpus_table_rows_stay_with_their_header(corpus_chunks):
    row = next(c for c in corpus_chunks if "Gemeente F\tVanaf 130%\t100%" in c.text)
    assert "Gemeente\tInkomensgrens\tDraagkrachtpercentage" in row.text
    assert row.section.endswith("In het oog springende verschillen en overeenkomsten")
    assert "4.5 Tegemoetkoming meerkosten chronisch zieken" in row.section


def test_corpus_has_no_page_furniture_or_navigation(corpus_chunks):
    joined = "\n".join(c.text for c in corpus_chunks)
    assert "Retouradres Postbus 20350" not in joined
    assert "[kamerstukdossiers]" not in joined
    assert joined.count("Parnassusplein 5") == 0


def test_corpus_chunks_are_passage_sized(corpus_chunks):
    for chunk in corpus_chunks:
        limit = MAX_TABLE_CHARS + 1200 if chunk.kind == "table" else MAX_CHARS + 900
        assert len(chunk.text) <= limit, (chunk.id, len(chunk.text))
        assert chunk.text.strip()


def test_table_of_contents_is_not_a_chunk(corpus_chunks):
    assert not any("Samenvatting en leeswijzer\t4" in c.text for c in corpus_chunks)
