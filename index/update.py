"""A small change applied to a copy of the current build instead of building everything again.

Documents whose signature changed lose their rows in the store and the keyword postings; their
vectors stay in faiss as dead rows, which no search selects (no row maps to a document). Their
new passages are appended after the last row. A full build compacts the dead rows away once they
pass a share of the index, and recomputes compound splitting for words new to the corpus.
"""
from __future__ import annotations

import shutil
from collections import Counter
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from index.analysis import Analyzer, vocabulary_of
from index.embedder import Embedder
from index.keywords import KeywordWriter, save_merged
from index.layout import IndexLayout
from index.unit_vectors import UnitWriter
from index.store import get_meta, open_readonly, open_store, read_vocabulary, set_meta, write_vocabulary
from index.vectors import VectorIndex
from index.writing import EmbeddingStage, write_document
from knowledge.documents import Chunk, Document

if TYPE_CHECKING:
    from index.build import Survey


@dataclass(frozen=True)
class UpdatePlan:
    current: Path
    removed: tuple[str, ...]  # documents whose rows go (gone, or changed)
    added: tuple[str, ...]  # documents written anew (new, or changed)
    rows: int  # rows of the current build, dead ones included: new rows start here


def plan_update(current: Path, model_name: str, index_format: str, found: "Survey", at_most: float) -> UpdatePlan | None:
    """What to change, or None when a full build is due: another model or format, a changed
    corpus document, or more than `at_most` of the rows dead afterwards."""
    db = open_readonly(current / "store.db")
    try:
        if get_meta(db, "model") != model_name or get_meta(db, "format") != index_format:
            return None
        spans = {d: (count, sig) for d, count, sig in db.execute("select document_id, count, signature from spans")}
    finally:
        db.close()
    rows = len(np.load(current / "keywords.lengths.npy", mmap_mode="r"))
    removed = tuple(d for d, (_, sig) in spans.items() if found.signatures.get(d) != sig)
    added = tuple(d for d, sig in found.signatures.items() if d not in spans or spans[d][1] != sig)
    if any(d in found.corpus for d in removed + added):
        return None
    live = sum(count for d, (count, _) in spans.items() if d not in removed)
    if rows == 0 or rows - live > at_most * rows:
        return None
    return UpdatePlan(current, removed, added, rows)


def apply_update(
    plan: UpdatePlan, build: Path, layout: IndexLayout, changed: list[tuple[Document, list[Chunk]]],
    model_name: str, load: Callable[[], Embedder], found: "Survey",
) -> tuple[int, int, int]:
    """Write the updated build into `build`; returns (chunks embedded, units embedded, live chunks)."""
    shutil.copyfile(plan.current / "store.db", build / "store.db")
    db = open_store(build / "store.db")
    db.execute("pragma journal_mode = off")  # `build` is published only once complete
    db.execute("pragma synchronous = off")
    embedding = EmbeddingStage(layout, model_name, load, None, False, index=VectorIndex.load(plan.current / "vectors.faiss"))
    known = read_vocabulary(db)
    words = {w for _, parts in changed for c in parts for w in vocabulary_of([c.embedding_text])} - known
    analyzer = Analyzer(known | words)
    keywords = KeywordWriter(first_row=plan.rows)
    units = UnitWriter(build, embedding, previous=plan.current)
    removed = Counter()
    with db.conn:
        for document_id in plan.removed:
            for (stemmed,) in db.execute("select stemmed from chunks where document_id = ?", [document_id]):
                removed.update(set(stemmed.split()))
            db.execute("delete from chunks where document_id = ?", [document_id])
            db.execute("delete from spans where document_id = ?", [document_id])
            db.execute("delete from documents where id = ?", [document_id])
        write_vocabulary(db, words)
        row = plan.rows
        for document, parts in changed:
            row = write_document(db, document, parts, row, analyzer, keywords, embedding, found.signatures[document.id])
            units.add_document(document, parts)
        units_embedded = units.finish()
        vectors = embedding.finish()
        set_meta(db, fingerprint=found.fingerprint, built_at=time.strftime("%Y-%m-%dT%H:%M:%S"))
        live = np.zeros(row, dtype=bool)
        for first, count in db.execute("select first_row, count from spans"):
            live[first : first + count] = True
    db.close()
    save_merged(plan.current, keywords, live, build, removed)
    vectors.index.save_last(build)
    return embedding.embedded, units_embedded, int(live.sum())
