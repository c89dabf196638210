"""Topics, covenants and seed gemeenten as data: every fact quotes a chunk of the seed corpus.

When chunking changes, chunk ids change but quotes are found again at load time. If a test here
fails with SourceError, a quote now spans two chunks or the text changed: run
`python -m knowledge.sources` to see which quote and the candidate chunks, then shorten the quote.
"""
from __future__ import annotations

import json

import pytest

from knowledge.covenants import DEFAULT_COVENANTS, SECTIONS, find_covenants, load_covenants
from knowledge.seed_gemeenten import DEFAULT_GEMEENTEN, load_seed_gemeenten, seed_gemeente_names
from knowledge.sources import CorpusChunks, SourceError, fact_entries, read_json
from knowledge.topics import DEFAULT_TOPICS, load_topics

ILLUSTRATIVE = ["gehandicaptenparkeerkaart", "individuele hulpmiddelen", "huishoudelijke ondersteuning",
                "jobcoaching", "tegemoetkoming meerkosten chronisch zieken", "inclusieve onderwijshuisvesting",
                "woningbeschikbaarheid en -toewijzing"]


@pytest.fixture(scope="module")
def corpus() -> CorpusChunks:
    return CorpusChunks.read()


@pytest.fixture(scope="module")
def catalog(corpus):
    return load_topics(corpus=corpus)


@pytest.mark.parametrize("path", [DEFAULT_TOPICS, DEFAULT_COVENANTS, DEFAULT_GEMEENTEN], ids=lambda p: p.name)
def test_every_quote_is_verbatim_in_its_resolved_chunk(path, corpus):
    entries = fact_entries(read_json(path))
    assert entries
    all_ids = {c.id for chunks in corpus.chunks.values() for c in chunks}
    for entry in entries:
        chunk = corpus.find(entry["document_id"], entry["quote"])  # raises SourceError when gone
        assert chunk.id in all_ids
        assert entry["quote"] in chunk.text
        assert entry["text"].strip()


def test_missing_quote_fails_loudly(tmp_path, corpus):
    data = read_json(DEFAULT_TOPICS)
    data["topics"][0]["facts"][0]["quote"] = "Deze zin staat in geen enkel document."
    broken = tmp_path / "topics.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SourceError, match="quote not found"):
        load_topics(broken, corpus)
    data["topics"][0]["facts"][0]["document_id"] = "bestaat-niet"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SourceError, match="unknown document"):
        load_topics(broken, corpus)


def test_ten_topics_with_the_seven_illustrative_examples(catalog, corpus):
    names = [t.name.lower() for t in catalog.topics]
    assert [t.name.lower() for t in catalog.topics if t.illustrative] == ILLUSTRATIVE
    assert {"gebruikelijke hulp", "eigen bijdrage", "cliëntondersteuning"} <= set(names)
    assert len(catalog.topics) == 12 and all(t.facts for t in catalog.topics)
    letter = next(c.text for c in corpus.chunks["vws-2026-06-17-werkagenda-vn-verdrag"]
                  if "zeven illustratieve voorbeelden" in c.text)
    assert all(name in letter for name in ILLUSTRATIVE)  # the list is the Kamerbrief's own
    assert catalog.verkenning_document_id in corpus.documents


@pytest.mark.parametrize("question, topic_id, expected", [
    ("Wat kost een GPK in Tubbergen?", "gehandicaptenparkeerkaart", "gehandicaptenparkeerkaart"),
    ("Mag ik met mijn parkeerkaart in de blauwe zone staan?", "gehandicaptenparkeerkaart", "GPK"),
    ("Krijg ik huishoudelijke hulp?", "huishoudelijke-ondersteuning", "huishoudelijke ondersteuning"),
    ("Hoeveel uur HH krijg ik?", "huishoudelijke-ondersteuning", "hulp bij het huishouden"),
    ("Waar vind ik onafhankelijke clientondersteuning?", "clientondersteuning", "OCO"),
    ("Kan mijn rolstoel mee bij verhuizing?", "individuele-hulpmiddelen", "hulpmiddel"),
    ("Wat is gebruikelijke hulp?", "gebruikelijke-hulp", "gebruikelijke zorg"),
    ("Hoe hoog is de eigen bijdrage Wmo?", "eigen-bijdrage", "abonnementstarief"),
])
def test_expand_and_topic_for(catalog, question, topic_id, expected):
    assert catalog.topic_for(question).id == topic_id
    extra = catalog.expand(question)
    assert expected in extra
    assert len(extra) == len(set(extra))


def test_abbreviations_are_case_sensitive_words_are_not(catalog):
    assert catalog.topic_for("hh en gpk zijn hier kleine letters") is None
    assert catalog.topic_for("CLIËNTONDERSTEUNING").id == "clientondersteuning"
    assert catalog.topic_for("jobcoaches").id == "jobcoaching"
    assert catalog.expand("iets over de zon") == []
    assert catalog.topic_for("Gebruikelijke hulp").id == "gebruikelijke-hulp"  # by name
    mentioned = [t.id for t in catalog.mentioned("jobcoaching en daarna de GPK")]
    assert mentioned == ["jobcoaching", "gehandicaptenparkeerkaart"]


def test_covenant_registry_states_numbers_and_parties_as_the_documents_do(corpus):
    covenants = {c.id: c for c in load_covenants(corpus=corpus)}
    assert set(covenants) == {"meeverhuizen", "maatwerkprocedure", "stevige-lokale-teams"}
    for covenant in covenants.values():
        assert all(getattr(covenant, s) for s in SECTIONS), covenant.id
        assert all(f.quote in next(c.text for c in corpus.chunks[f.document.id] if c.id == f.chunk_id)
                   for f in covenant.facts)
    move = covenants["meeverhuizen"]
    signed = " ".join(f.quote for f in move.signed_by)
    assert "92 gemeenten" in signed and "PerSaldo" in signed and "Ieder(In)" in signed
    assert any("5 van de 8 gemeenten" in f.quote for f in move.status)
    assert any("(83%)" in f.quote for f in move.status)
    assert any("Firevaned" in f.quote for f in move.improvements)
    teams = covenants["stevige-lokale-teams"]
    assert any("namens alle Nederlandse gemeenten" in f.quote for f in teams.signed_by)
    assert any("negen landelijke partners" in f.quote for f in teams.signed_by)
    assert {d.id for d in move.sources} == {"vws-2026-06-17-werkagenda-vn-verdrag",
                                           "vng-2026-03-verkenning-verschillen-gemeenten",
                                           "vws-2024-12-20-hoofdlijnenbrief-wmo"}
    assert [c.id for c in find_covenants("Geldt het verhuisconvenant hier?", tuple(covenants.values()))] == ["meeverhuizen"]


def test_seed_gemeenten_are_named_in_their_chunk(corpus):
    groups = load_seed_gemeenten(corpus=corpus)
    for group in groups:
        chunk = next(c for c in corpus.chunks[group.source.document.id] if c.id == group.source.chunk_id)
        assert all(name in chunk.text for name in group.names)
    names = seed_gemeente_names()
    assert {"Amersfoort", "Haarlemmermeer", "Oude IJsselstreek", "Rotterdam", "Tubbergen", "Valkenswaard",
            "Waalre", "Zoetermeer"} <= set(names)
