
import pytest

from index.build import build_index
from index.embedder import HashingEmbedder
from index.layout import IndexLayout
from index.search import HybridIndex, IndexNotBuilt
from index.store import open_store, write_chunks, write_documents
from knowledge.documents import Chunk, Document


def write_corpus(folder, extra: str = ""):
    folder.mkdir(exist_ok=True)
    (folder / "manifest.json").write_text('{"documents": []}')
    (folder / "parkeren.md").write_text(
        "# Parkeren Noordwaard\n\n## 1. Kosten\n\nDe gehandicaptenparkeerkaart kost in Noordwaard 75 euro inclusief medisch advies.\n\n"
        "## 2. Blauwe zone\n\nMet de kaart parkeert u onbeperkt in de blauwe zone van Noordwaard." + extra
    )
    (folder / "hulp.md").write_text("# Hulpmiddelen\n\nRolstoelen worden in Noordwaard uitgeleend via het Wmo-loket.\n")


def built(tmp_path, files: dict[str, str]) -> HybridIndex:
    """A stand-in index over a corpus of the given markdown files (name -> text)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.json").write_text('{"documents": []}')
    for name, text in files.items():
        (corpus / name).write_text(text)
    layout = IndexLayout(tmp_path / "idx")
    build_index(layout, "hashing-stand-in", HashingEmbedder, corpus, progress=False)
    return HybridIndex(layout, HashingEmbedder())


class CountingEmbedder(HashingEmbedder):
    def __init__(self):
        super().__init__()
        self.embedded = 0

    def embed_passages(self, texts, show_progress=False):
        self.embedded += len(texts)
        return super().embed_passages(texts)


def test_build_search_and_incremental_rebuild(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    layout = IndexLayout(tmp_path / "idx")
    first = CountingEmbedder()
    report = build_index(layout, first.name, lambda: first, corpus, progress=False)
    assert not report.unchanged and report.embedded == report.chunks > 0
    assert report.units_embedded >= report.chunks and first.embedded == report.chunks + report.units_embedded

    index = HybridIndex(layout, HashingEmbedder())
    hits = index.search("wat kost een gehandicaptenparkeerkaart", k=3)
    assert "75 euro" in hits[0].chunk.text
    assert hits[0].document.title == "Parkeren Noordwaard"

    loads = []
    again = build_index(layout, first.name, lambda: loads.append(1) or first, corpus, progress=False)
    assert again.unchanged and loads == []  # nothing changed: model not even loaded

    write_corpus(corpus, extra="\n\n## 3. Ontheffing\n\nEen ontheffing voor een eigen parkeerplaats vraagt u aan bij de gemeente Noordwaard.")
    second = CountingEmbedder()
    changed = build_index(layout, first.name, lambda: second, corpus, progress=False)
    assert not changed.unchanged
    assert changed.embedded == 1 and changed.units_embedded == 1  # only the new passage and its sentence
    assert second.embedded == 2


def test_crash_mid_build_leaves_previous_index_usable(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    layout = IndexLayout(tmp_path / "idx")
    build_index(layout, "hashing-stand-in", HashingEmbedder, corpus, progress=False)
    before = layout.current_build()

    class Exploding(HashingEmbedder):
        def embed_passages(self, texts, show_progress=False):
            raise RuntimeError("power cut")

    write_corpus(corpus, extra="\n\n## 4. Nieuw\n\nNieuwe regels over laadpalen voor scootmobielen in Noordwaard.")
    with pytest.raises(RuntimeError):
        build_index(layout, "hashing-stand-in", Exploding, corpus, progress=False)
    assert layout.current_build() == before
    hits = HybridIndex(layout, HashingEmbedder()).search("blauwe zone", k=1)
    assert "blauwe zone" in hits[0].chunk.text


def test_imported_rules_survive_a_corpus_rebuild(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    layout = IndexLayout(tmp_path / "idx")
    layout.root.mkdir(parents=True)
    imports = open_store(layout.imports_db)
    doc = Document(id="cvdr-1", title="Beleidsregels Zuidwaard", type="Beleidsregel", gemeente="Zuidwaard", origin="import")
    write_documents(imports, [doc])
    write_chunks(imports, [Chunk(id="cvdr-1:art-1:000", document_id="cvdr-1", text="Artikel 1. Gebruikelijke hulp is hulp van huisgenoten.", kind="article")])
    imports.close()
    build_index(layout, "hashing-stand-in", HashingEmbedder, corpus, progress=False)
    index = HybridIndex(layout, HashingEmbedder())
    assert index.chunk("cvdr-1:art-1:000") is not None
    assert index.documents["cvdr-1"].gemeente == "Zuidwaard"


def test_not_built_and_wrong_model_are_clear_errors(tmp_path):
    layout = IndexLayout(tmp_path / "empty")
    with pytest.raises(IndexNotBuilt):
        HybridIndex(layout, HashingEmbedder())
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    build_index(layout, "other-model", HashingEmbedder, corpus, progress=False)
    with pytest.raises(IndexNotBuilt, match="rebuild"):
        HybridIndex(layout, HashingEmbedder())


def test_store_schema_comes_from_migrations(tmp_path):
    db = open_store(tmp_path / "s.db")
    names = [r[0] for r in db.execute("select name from _sqlite_migrations")]
    assert "m001_documents_and_chunks" in names
    db2 = open_store(tmp_path / "s.db")  # applying again is a no-op
    assert [r[0] for r in db2.execute("select name from _sqlite_migrations")] == names


def test_filtered_search_finds_eligible_passages_beyond_the_candidates(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.json").write_text('{"documents": []}')
    for n in range(40):
        (corpus / f"doc{n:02d}.md").write_text(f"# Document {n}\n\nGebruikelijke hulp bij huishoudelijke taken in regio {n}, met koken en schoonmaken.\n")
    (corpus / "zz-rare.md").write_text("# Zeldzaam\n\nOver iets heel anders: laadpalen voor scootmobielen.\n")
    layout = IndexLayout(tmp_path / "idx")
    build_index(layout, "hashing-stand-in", HashingEmbedder, corpus, progress=False)
    index = HybridIndex(layout, HashingEmbedder())
    only_rare = index.search("gebruikelijke hulp koken", k=1, eligible=lambda d: d.id == "zz-rare", candidates=5)
    assert [h.document.id for h in only_rare] == ["zz-rare"]


def test_unit_vectors_give_each_sentence_its_own_similarity(tmp_path):
    index = built(tmp_path, {"kaart.md": "# Parkeren\n\nDe kaart kost 75 euro. Rolstoelen leent u bij het loket. "
                                         "Honden zijn welkom in het park.\n"})
    hit = index.search("rolstoelen lenen loket", k=1)[0]
    sims = index.unit_similarities(index.embed_query("rolstoelen lenen loket"), hit)
    starts = {hit.chunk.text[s:].split(".")[0]: v for s, v in sims.items()}
    assert len(sims) >= 3
    assert max(starts, key=starts.get).startswith("Rolstoelen")


def test_unit_similarities_of_several_passages_match_one_by_one(tmp_path):
    index = built(tmp_path, {
        "kaart.md": "# Parkeren\n\nDe kaart kost 75 euro. Rolstoelen leent u bij het loket.\n",
        "hulp.md": "# Hulp\n\nHuishoudelijke hulp vraagt u aan. Het loket is open op maandag.\n"})
    vector = index.embed_query("loket rolstoelen")
    hits = index.search("loket", k=5)
    assert len(hits) == 2
    together = index.unit_similarities_of(vector, hits)
    for hit, sims in zip(hits, together):
        alone = index.unit_similarities(vector, hit)
        assert sims.keys() == alone.keys() and len(sims) >= 2
        assert all(abs(sims[s] - alone[s]) < 1e-5 for s in sims)
    assert index.unit_similarities_of(vector, []) == []


def test_closest_units_ranks_passages_by_their_best_sentence(tmp_path):
    # The answering sentence stands in a long passage about something else; its own vector
    # (the whole passage) is further from the question than the short passage's.
    index = built(tmp_path, {
        "lang.md": "# Scootmobiel\n\nDe scootmobiel wordt verstrekt in bruikleen. Onderhoud regelt de leverancier. "
                   "De accu wordt vervangen na vijf jaar. Gebruik in het buitenland vraagt vooraf toestemming.\n",
        "kort.md": "# Vakantie\n\nOp vakantie gaan met een rolstoel kan overal.\n",
        "elders.md": "# Elders\n\nGebruik in het buitenland vraagt vooraf toestemming.\n"})
    vector = index.embed_query("buitenland toestemming")
    found = index.closest_units(vector, lambda d: d.id in ("lang", "kort"), 2)
    assert [h.document.id for h in found] == ["lang", "kort"]  # "elders" is not eligible
    sims = index.unit_similarities(vector, found[0])
    assert found[0].score == pytest.approx(max(sims.values()), abs=1e-4)
    assert found[0].dense_score is not None and found[0].row >= 0
    assert index.closest_units(vector, lambda d: False, 2) == []
