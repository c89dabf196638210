"""Re-importing one gemeente's rules updates a copy of the current build instead of rebuilding it."""
import shutil

from index.build import build_index
from index.embedder import HashingEmbedder
from index.imports import import_documents
from index.layout import IndexLayout
from index.search import HybridIndex
from knowledge.cvdr import parse_cvdr
from tests.cvdr_factory import wmo_rules
from tests.index.test_build import CountingEmbedder, write_corpus

QUESTIONS = ["gebruikelijke hulp van huisgenoten", "wat kost een gehandicaptenparkeerkaart", "huishoudelijke ondersteuning"]


def rules(gemeente: str, work: int, hulp: str | None = None):
    return parse_cvdr(wmo_rules(gemeente, work, hulp=hulp).encode())


def test_changed_gemeente_is_updated_in_place_and_ranks_like_a_full_build(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    layout = IndexLayout(tmp_path / "idx")
    layout.root.mkdir()
    # Six gemeenten: changing one leaves less than UPDATE_AT_MOST of the rows dead.
    names = ["Noordwaard", "Zuidwaard", "Westwaard", "Oostwaard", "Hoogwaard", "Laagwaard"]
    import_documents(layout, [rules(name, 1001 + n) for n, name in enumerate(names)])
    build_index(layout, HashingEmbedder().name, HashingEmbedder, corpus, progress=False)
    before = HybridIndex(layout, HashingEmbedder())

    import_documents(layout, [rules("Zuidwaard", 1002, hulp="In Zuidwaard verzorgen huisgenoten elkaar bij ziekte tot drie maanden.")])
    counting = CountingEmbedder()
    report = build_index(layout, counting.name, lambda: counting, corpus, progress=False)
    # Only the reworded article and its one new sentence are embedded.
    assert report.embedded == 1 and report.units_embedded == 1 and counting.embedded == 2
    updated = HybridIndex(layout, HashingEmbedder())
    assert len(updated) == len(before) + 4  # the gemeente's rows appended; its old ones are dead
    assert report.chunks == len(before)

    hits = updated.search("huisgenoten verzorgen elkaar bij ziekte", k=3)
    assert "drie maanden" in hits[0].chunk.text
    sentences = updated.unit_similarities(updated.embed_query("ziekte drie maanden"), hits[0])
    best = max(sentences, key=sentences.get)
    assert "In Zuidwaard verzorgen" in hits[0].chunk.text[best:best + 30]  # new rows have their sentence vectors
    every = updated.search("Zuidwaard", k=50, mode="keyword")
    assert all("redelijkerwijs" not in h.chunk.text for h in every if h.document.gemeente == "Zuidwaard")
    assert len({h.chunk.id for h in every}) == len(every)  # no dead copy of a passage comes back

    fresh = IndexLayout(tmp_path / "fresh")
    fresh.root.mkdir()
    shutil.copy(layout.imports_db, fresh.imports_db)
    build_index(fresh, HashingEmbedder().name, HashingEmbedder, corpus, progress=False)
    full = HybridIndex(fresh, HashingEmbedder())
    assert updated.document_frequency == full.document_frequency  # term weights as after a full build
    for question in QUESTIONS:
        expected = [(h.chunk.id, round(h.score, 4)) for h in full.search(question, k=8)]
        assert [(h.chunk.id, round(h.score, 4)) for h in updated.search(question, k=8)] == expected


def test_a_changed_corpus_document_means_a_full_build(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    layout = IndexLayout(tmp_path / "idx")
    layout.root.mkdir()
    import_documents(layout, [rules("Noordwaard", 1001)])
    build_index(layout, HashingEmbedder().name, HashingEmbedder, corpus, progress=False)
    rows = len(HybridIndex(layout, HashingEmbedder()))
    write_corpus(corpus, extra="\n\n## 3. Ontheffing\n\nEen ontheffing vraagt u aan bij de gemeente.")
    build_index(layout, HashingEmbedder().name, HashingEmbedder, corpus, progress=False)
    assert len(HybridIndex(layout, HashingEmbedder())) == rows + 1  # no dead rows: built afresh
