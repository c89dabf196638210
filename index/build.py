"""Corpus and imported rules -> chunks -> embeddings -> store + vectors, incremental and atomic.

Unchanged chunks are never embedded twice (cache by content hash), an unchanged corpus is not
rebuilt at all (fingerprint), and a new build is only made current once it is complete.
"""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator


from index.analysis import Analyzer, vocabulary_of
from index.embedder import Embedder
from index.layout import IndexLayout
from index.keywords import KeywordWriter
from index.store import (
    get_meta,
    open_readonly,
    open_store,
    read_chunks,
    read_documents,
    read_signatures,
    set_meta,
    signature,
    write_vocabulary,
)
from index.unit_vectors import UnitWriter
from index.update import apply_update, plan_update
from index.writing import EmbeddingStage, write_document
from knowledge.chunking import chunk_document
from knowledge.corpus import DEFAULT_CORPUS, read_corpus
from knowledge.documents import Chunk, Document

log = logging.getLogger(__name__)
EMBED_BATCH = 64
# Bump when chunk analysis or the store layout changes, so an unchanged corpus is rebuilt anyway.
INDEX_FORMAT = "30"  # 5: unit vectors; 6: keyword postings, spans, streaming; 7: labelled lines are units; 8: "3.2" no sentence end; 9: IVF instead of HNSW above 100k; 10: no footnote numbers glued to words in units; 11: number cells of flattened tables joined to their row; 12: a numbered note "(5) ..." starts a unit after an abbreviation; 13: lapsed articles and appendices of markdown rules marked as such; 14: a table header row may leave the row labels unnamed and name a year; 15: "Rb." (rechtbank) ends no sentence; 16: a long rule paragraph cut at sentence ends keeps its line breaks, and a lead-in ending in ":" goes to the part with what it introduces; 17: Roman numerals ("IV.") label items; 18: a list numbered from 1 again inside a lid is no run of leden; 19: a markdown article heading may leave out the word "Artikel" ("### 11.1 Kwaliteit"); 20: a passage's opening heading line is a unit of its own; 21: a plain line "Artikel 5.2 Bedrijfsvoering" inside an article starts the next one; 22: a footnote mark after a year ends a sentence ("najaar 2024.8 Daarnaast"); 23: the items of a long bulleted list among other lines are units of their own, each titled list apart; 24: a sentence reads a markdown link as its text and drops a superscript footnote mark inside it; 25: the parts of a long paragraph cut to size that land in one passage stay one paragraph; 26: an objecting "echter" sentence stays with the one before; 27: a rule passage is not closed inside a list that goes on; 28: a number's leading zeros do not count; 29: a list too long for one rule passage repeats its lead (and group title) in the next, and the titles of a grouped list are units of their own; 30: a flattened table's "per m²" cell joins its row


@dataclass(frozen=True)
class BuildReport:
    documents: int
    chunks: int
    embedded: int  # chunks that needed a new embedding
    unchanged: bool  # nothing changed: the current build was kept
    seconds: float
    build_dir: str
    units_embedded: int = 0  # sentences and rows that needed a new embedding


Source = tuple[Document, list[Chunk]]
# Above this share of rows changed (or dead after earlier updates) a full build is cheaper
# and leaves no dead rows behind.
UPDATE_AT_MOST = 0.2


def sources(corpus_dir: Path, layout: IndexLayout, only: set[str] | None = None) -> Iterator[Source]:
    """Everything that should be searchable, one document at a time: the corpus, then imported
    rules (only the ids in `only`, when given). Streamed: a build never holds the whole corpus."""
    for source in read_corpus(corpus_dir):
        if only is None or source.document.id in only:
            yield source.document, chunk_document(source.document, source.text)
    if layout.imports_db.exists():
        imports = open_store(layout.imports_db)
        try:
            for document in read_documents(imports):
                if only is None or document.id in only:
                    yield document, sorted(read_chunks(imports, "document_id = ?", [document.id]), key=lambda c: c.ordinal)
        finally:
            imports.close()


@dataclass(frozen=True)
class Survey:
    """What the build should contain, known without reading imported chunks: each document's
    signature (stored at import), and from those one fingerprint."""

    fingerprint: str
    signatures: dict[str, str]  # document id -> signature
    corpus: frozenset[str]  # ids of the corpus documents (not imported)


def survey(model: str, corpus_dir: Path, layout: IndexLayout) -> Survey:
    signatures: dict[str, str] = {}
    for source in read_corpus(corpus_dir):
        signatures[source.document.id] = signature(source.document, chunk_document(source.document, source.text))
    corpus = frozenset(signatures)
    if layout.imports_db.exists():
        imports = open_store(layout.imports_db)
        try:
            stored = read_signatures(imports)
            for document in read_documents(imports):
                if document.id not in stored:  # imported before signatures were kept
                    chunks = sorted(read_chunks(imports, "document_id = ?", [document.id]), key=lambda c: c.ordinal)
                    stored[document.id] = signature(document, chunks)
                    with imports.conn:
                        imports["signatures"].upsert({"document_id": document.id, "signature": stored[document.id]}, pk="document_id")
                signatures[document.id] = stored[document.id]
        finally:
            imports.close()
    digest = hashlib.sha256(f"{INDEX_FORMAT}\0{model}".encode())
    for document_id in sorted(signatures):
        digest.update(f"{document_id}\0{signatures[document_id]}\0".encode())
    return Survey(digest.hexdigest(), signatures, corpus)


def build_index(
    layout: IndexLayout,
    model_name: str,
    load: Callable[[], Embedder],
    corpus_dir: Path = DEFAULT_CORPUS,
    progress: bool = True,
) -> BuildReport:
    """Build (or keep, or update) the index. `load` is only called when something must be embedded.
    One build at a time per index: another one running raises BuildInProgress.

    When only a few imported documents changed, the current build is copied and updated: their
    old rows are dropped from the store, their new passages appended (see index/update.py)."""
    with layout.build_lock():
        return _build(layout, model_name, load, corpus_dir, progress)


def _build(layout: IndexLayout, model_name: str, load: Callable[[], Embedder], corpus_dir: Path,
           progress: bool) -> BuildReport:
    started = time.perf_counter()
    layout.root.mkdir(parents=True, exist_ok=True)
    found = survey(model_name, corpus_dir, layout)
    current = layout.current_build()
    if current is not None:
        db = open_readonly(current / "store.db")
        same = get_meta(db, "fingerprint") == found.fingerprint
        chunks = db.execute("select count(*) from chunks").fetchone()[0] if same else 0
        db.close()
        if same:
            return BuildReport(len(found.signatures), chunks, 0, True, time.perf_counter() - started, str(current))
        plan = plan_update(current, model_name, INDEX_FORMAT, found, UPDATE_AT_MOST)
        if plan is not None:
            build = layout.new_build_dir()
            changed = list(sources(corpus_dir, layout, only=set(plan.added)))
            embedded, units_embedded, chunks = apply_update(plan, build, layout, changed, model_name, load, found)
            layout.publish(build)
            log.info("updated %d documents (%d chunks embedded)", len(plan.added), embedded)
            return BuildReport(len(found.signatures), chunks, embedded, False, time.perf_counter() - started, str(build),
                               units_embedded)
    return full_build(layout, model_name, load, corpus_dir, found, progress, started)


def full_build(
    layout: IndexLayout, model_name: str, load: Callable[[], Embedder], corpus_dir: Path, found: Survey,
    progress: bool, started: float,
) -> BuildReport:
    words: set[str] = set()
    size = 0
    for _, parts in sources(corpus_dir, layout):  # first pass: the words compounds are split into
        size += len(parts)
        for chunk in parts:
            words.update(vocabulary_of([chunk.embedding_text]))
    vocabulary = frozenset(words)
    build = layout.new_build_dir()
    db = open_store(build / "store.db")
    # A build is published only once complete: a crash leaves an unused directory, so the
    # store needs no journal or syncs while it is written (they cost seconds per 10k passages).
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    embedding = EmbeddingStage(layout, model_name, load, size, progress)
    units = UnitWriter(build, embedding)
    keywords = KeywordWriter()
    analyzer = Analyzer(vocabulary)
    row = 0
    with db.conn:
        db["spans"].create({"document_id": str, "first_row": int, "count": int, "signature": str},
                           pk="document_id", if_not_exists=True)
        write_vocabulary(db, vocabulary)
        for document, parts in sources(corpus_dir, layout):
            row = write_document(db, document, parts, row, analyzer, keywords, embedding, found.signatures[document.id])
            units.add_document(document, parts)
        units_embedded = units.finish()
        vectors = embedding.finish()
        set_meta(db, model=model_name, fingerprint=found.fingerprint, dim=str(vectors.dim), format=INDEX_FORMAT,
                 built_at=time.strftime("%Y-%m-%dT%H:%M:%S"))
    db.close()
    keywords.save(build)
    del keywords
    vectors.index.save_last(build)
    layout.publish(build)
    log.info("built %d chunks of %d documents (%d embedded, %d units embedded)", row, len(found.signatures),
             embedding.embedded, units_embedded)
    return BuildReport(len(found.signatures), row, embedding.embedded, False, time.perf_counter() - started, str(build),
                       units_embedded)
