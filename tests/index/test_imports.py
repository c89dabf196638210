"""Imported rules in imports.db: every article stored and indexed, versions replaced, atomic."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import index.imports as imports
from index.build import build_index
from index.embedder import HashingEmbedder
from index.imports import import_documents, list_imported, remove_imported, work_of
from index.layout import IndexLayout
from index.search import HybridIndex
from index.store import open_store, read_chunks, read_documents
from knowledge.bwb import parse_bwb
from knowledge.cvdr import parse_cvdr
from tests.cvdr_factory import OVERHEID, wmo_rules

CVDR = ["cvdr_example1.xml", "cvdr_example2.xml", "cvdr_example3.xml"]
BWB = "bwb_toestand_3.xml"


def small_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "manifest.json").write_text('{"documents": []}')
    (folder / "brief.md").write_text("# Brief\n\nGemeenten verschillen in gebruikelijke hulp en parkeren.\n")
    return folder


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.embedded = 0

    def embed_passages(self, texts, show_progress=False):
        self.embedded += len(texts)
        return super().embed_passages(texts)


def artikel_count(path: Path) -> int:
    return len(etree.parse(str(path)).getroot().xpath("//*[local-name()='artikel']"))


def article_indexes(chunks) -> set[int]:
    return {c.meta["article_index"] for c in chunks if c.meta.get("article_index")}


@pytest.fixture()
def fixture_pairs():
    return [parse_cvdr(OVERHEID / name) for name in CVDR] + [parse_bwb(OVERHEID / BWB)]


def test_real_fixtures_every_artikel_stored_and_indexed(tmp_path, fixture_pairs):
    layout = IndexLayout(tmp_path / "idx")
    report = import_documents(layout, fixture_pairs)
    assert (report.added, report.replaced, report.unchanged) == (4, 0, 0)
    assert report.chunks_written == sum(len(chunks) for _, chunks in fixture_pairs)

    build_index(layout, "hashing-stand-in", HashingEmbedder, small_corpus(tmp_path / "corpus"), progress=False)
    index = HybridIndex(layout, HashingEmbedder())
    store = open_store(layout.imports_db)
    for name, (document, chunks) in zip([*CVDR, BWB], fixture_pairs):
        expected = set(range(1, artikel_count(OVERHEID / name) + 1))
        stored = list(read_chunks(store, "document_id = ?", [document.id]))
        assert article_indexes(stored) == expected, name
        assert len(stored) == len(chunks) > 0
        indexed = index.document_chunks(document.id)
        assert article_indexes(indexed) == expected, name
        assert [c.text for c in indexed] == [c.text for c in chunks]
        assert index.documents[document.id].origin == "import"
    assert artikel_count(OVERHEID / "cvdr_example3.xml") == 6
    assert index.documents["cvdr-CVDR100394-2"].gemeente == "Kampen"


def test_reimport_unchanged_writes_nothing(tmp_path, fixture_pairs):
    layout = IndexLayout(tmp_path / "idx")
    import_documents(layout, fixture_pairs)
    again = import_documents(layout, fixture_pairs)
    assert (again.added, again.replaced, again.unchanged, again.chunks_written) == (0, 0, 4, 0)
    assert len(list_imported(layout)) == 4


def test_new_version_replaces_old_chunks_and_reembeds_only_changes(tmp_path):
    layout = IndexLayout(tmp_path / "idx")
    corpus = small_corpus(tmp_path / "corpus")
    v1 = parse_cvdr(wmo_rules("Noordwaard", 900001, version=1))
    import_documents(layout, [v1])
    first = CountingEmbedder()
    build_index(layout, first.name, lambda: first, corpus, progress=False)

    changed = "In Noordwaard is gebruikelijke hulp ook de hulp van een inwonend kind vanaf 18 jaar."
    v2 = parse_cvdr(wmo_rules("Noordwaard", 900001, version=2, valid_from="2025-01-01", hulp=changed))
    report = import_documents(layout, [v2])
    assert (report.added, report.replaced) == (0, 1)
    assert report.removed_documents == ("cvdr-CVDR900001-1",)
    assert report.chunks_removed == len(v1[1])

    store = open_store(layout.imports_db)
    assert [d.id for d in read_documents(store)] == ["cvdr-CVDR900001-2"]
    texts = [c.text for c in read_chunks(store)]
    assert len(texts) == len(v2[1]) and sum(changed in t for t in texts) == 1  # no duplicates

    second = CountingEmbedder()
    rebuilt = build_index(layout, first.name, lambda: second, corpus, progress=False)
    assert rebuilt.embedded == 1  # only the changed lid; the rest comes from the cache
    assert 1 <= rebuilt.units_embedded <= changed.count(".") + 1  # and only its sentences
    assert second.embedded == rebuilt.embedded + rebuilt.units_embedded
    index = HybridIndex(layout, HashingEmbedder())
    assert "cvdr-CVDR900001-1" not in index.documents
    hits = index.search("gebruikelijke hulp inwonend kind", k=1)
    assert changed in hits[0].chunk.text


def test_older_version_in_the_same_batch_loses(tmp_path):
    layout = IndexLayout(tmp_path / "idx")
    old = parse_cvdr(wmo_rules("Zuidwaard", 900002, version=1))
    new = parse_cvdr(wmo_rules("Zuidwaard", 900002, version=3, valid_from="2025-01-01"))
    report = import_documents(layout, [new, old])
    assert (report.added, report.replaced) == (1, 0)
    assert [i.document.id for i in list_imported(layout)] == ["cvdr-CVDR900002-3"]
    assert work_of(new[0]) == "CVDR900002" and work_of(parse_bwb(OVERHEID / BWB)[0]) == "BWBR0003984"


def test_failed_import_leaves_store_unchanged(tmp_path, monkeypatch, fixture_pairs):
    layout = IndexLayout(tmp_path / "idx")
    import_documents(layout, fixture_pairs[:1])
    real = imports.write_chunks
    calls = []

    def failing(db, chunks, first_row=0, analyzer=None):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(db, chunks, first_row=first_row, analyzer=analyzer)

    monkeypatch.setattr(imports, "write_chunks", failing)
    v2 = parse_cvdr((OVERHEID / CVDR[0]).read_text(encoding="utf-8").replace("CVDR112779_1", "CVDR112779_2"))
    with pytest.raises(RuntimeError):
        import_documents(layout, [v2, *fixture_pairs[1:]])
    assert [i.document.id for i in list_imported(layout)] == ["cvdr-CVDR112779-1"]
    store = open_store(layout.imports_db)
    assert len(list(read_chunks(store))) == len(fixture_pairs[0][1])


def test_list_and_remove(tmp_path, fixture_pairs):
    layout = IndexLayout(tmp_path / "idx")
    assert list_imported(layout) == [] and remove_imported(layout, "x") is False
    import_documents(layout, fixture_pairs)
    listed = {i.document.id: i.chunks for i in list_imported(layout)}
    assert listed["cvdr-CVDR680781-1"] == len(fixture_pairs[2][1])
    assert remove_imported(layout, "cvdr-CVDR680781-1") is True
    assert remove_imported(layout, "cvdr-CVDR680781-1") is False
    store = open_store(layout.imports_db)
    assert not list(read_chunks(store, "document_id = ?", ["cvdr-CVDR680781-1"]))
    assert len(list_imported(layout)) == 3
