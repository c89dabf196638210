"""Imported rules and laws in `imports.db`: add, replace older versions, list and remove.

One version per work is kept: importing a CVDR regulation or a BWB law replaces every other
version of the same work (CVDR work id = the reference before "_", e.g. CVDR112779). The next
build picks the chunks up; text that did not change keeps its embedding through the cache.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import sqlite_utils

from index.layout import IndexLayout
from index.store import (
    open_store,
    read_chunks,
    read_documents,
    write_chunks,
    write_documents,
)
from knowledge.documents import Chunk, Document
from knowledge.rule_files import DEFAULT_RULES, parse_rule_file

Pair = tuple[Document, list[Chunk]]


@dataclass(frozen=True)
class ImportReport:
    added: int  # works that were not in the store yet
    replaced: int  # works whose stored version or text was replaced
    unchanged: int  # identical to what was stored: nothing written
    chunks_written: int
    chunks_removed: int
    removed_documents: tuple[str, ...]  # ids of the older versions that were deleted


@dataclass(frozen=True)
class ImportedDocument:
    document: Document
    chunks: int


def work_of(document: Document) -> str:
    """The work a version belongs to: 'CVDR112779_2' -> 'CVDR112779'; a BWB id stays itself."""
    return (document.reference or document.id).split("_")[0]


def version_key(document: Document) -> tuple[int, str]:
    """Orders versions of one work: the version number first, then the in-force date."""
    reference = document.reference or ""
    number = reference.rsplit("_", 1)[1] if "_" in reference else ""
    return (int(number) if number.isdigit() else 0, document.valid_from or "")


def newest_per_work(pairs: Iterable[Pair]) -> list[Pair]:
    """Two versions of one work in a single import: the newest wins, as it would one by one."""
    best: dict[str, Pair] = {}
    for pair in pairs:
        work = work_of(pair[0])
        if work not in best or version_key(pair[0]) >= version_key(best[work][0]):
            best[work] = pair
    return list(best.values())


def signature(document: Document, chunks: Iterable[Chunk]) -> str:
    """What makes a stored version identical: its metadata and every chunk's text and place."""
    digest = hashlib.sha256(json.dumps(asdict(document), sort_keys=True).encode())
    for chunk in chunks:
        digest.update(f"{chunk.id}\0{chunk.content_hash}\0{chunk.section}\0{chunk.kind}\0".encode())
        digest.update(json.dumps(chunk.meta, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def stored_signature(db: sqlite_utils.Database, document: Document) -> str:
    chunks = sorted(read_chunks(db, "document_id = ?", [document.id]), key=lambda c: c.ordinal)
    return signature(document, chunks)


def import_documents(layout: IndexLayout, pairs: list[Pair]) -> ImportReport:
    """Store parsed documents with their chunks in one transaction, replacing older versions."""
    db = open_store(layout.imports_db)
    try:
        stored = read_documents(db)
        by_work: dict[str, list[Document]] = {}
        for document in stored:
            by_work.setdefault(work_of(document), []).append(document)
        added = replaced = unchanged = written = removed_chunks = 0
        removed: list[str] = []
        row = next(iter(db.execute("select coalesce(max(row), -1) + 1 from chunks")))[0]
        with db.atomic():  # one transaction: a failed import leaves the store as it was
            for document, chunks in newest_per_work(pairs):
                chunks = sorted(chunks, key=lambda c: c.ordinal)
                previous = by_work.get(work_of(document), [])
                same = [d for d in previous if d.id == document.id]
                if len(previous) == 1 and same and stored_signature(db, same[0]) == signature(document, chunks):
                    unchanged += 1
                    continue
                for old in previous:
                    removed_chunks += db.execute("delete from chunks where document_id = ?", [old.id]).rowcount
                    db.execute("delete from documents where id = ?", [old.id])
                    if old.id != document.id:
                        removed.append(old.id)
                write_documents(db, [document])
                written += write_chunks(db, chunks, first_row=row)
                row += len(chunks)
                replaced, added = (replaced + 1, added) if previous else (replaced, added + 1)
        return ImportReport(added, replaced, unchanged, written, removed_chunks, tuple(removed))
    finally:
        db.close()


def list_imported(layout: IndexLayout) -> list[ImportedDocument]:
    """Imported documents with their chunk counts, by gemeente (laws first) and title."""
    if not layout.imports_db.exists():
        return []
    db = open_store(layout.imports_db)
    try:
        counts = dict(db.execute("select document_id, count(*) from chunks group by document_id").fetchall())
        documents = read_documents(db)
    finally:
        db.close()
    documents.sort(key=lambda d: (d.gemeente or "", d.title, d.id))
    return [ImportedDocument(d, counts.get(d.id, 0)) for d in documents]


def remove_imported(layout: IndexLayout, document_id: str) -> bool:
    """Delete one imported document and its chunks; False when it was not there."""
    if not layout.imports_db.exists():
        return False
    db = open_store(layout.imports_db)
    try:
        with db.atomic():
            db.execute("delete from chunks where document_id = ?", [document_id])
            return db.execute("delete from documents where id = ?", [document_id]).rowcount > 0
    finally:
        db.close()


def import_default_rules(layout: IndexLayout, folder: Path = DEFAULT_RULES) -> ImportReport:
    """The regulations shipped in `knowledge/rules/`, so a fresh build answers for their
    gemeenten. A newer version of the same work imported by hand is kept, never downgraded;
    unchanged rules are not written again."""
    pairs = [parse_rule_file(path) for path in sorted(folder.glob("*.md")) if path.name != "SOURCES.md"]
    stored: dict[str, Document] = {}
    if layout.imports_db.exists():
        db = open_store(layout.imports_db)
        try:
            stored = {work_of(d): d for d in read_documents(db)}
        finally:
            db.close()
    wanted = [(d, c) for d, c in pairs if work_of(d) not in stored or version_key(stored[work_of(d)]) <= version_key(d)]
    return import_documents(layout, wanted)
