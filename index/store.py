"""Chunks, documents and build metadata in SQLite (sqlite-utils); keyword postings live beside it (index/keywords.py).

One schema serves two files: the searchable store inside each build, and `imports.db`, where
imported municipal rules and laws persist between builds.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Iterable, Iterator

import sqlite_utils
from sqlite_utils import Migrations

from index.analysis import Analyzer
from knowledge.documents import Chunk, Document

migrations = Migrations("assistant-index")


@migrations()
def m001_documents_and_chunks(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {f.name: str for f in fields(Document)}, pk="id", not_null={"title"}, if_not_exists=True
    )
    db["chunks"].create(
        {
            "row": int,  # position in the vector index
            "id": str,
            "document_id": str,
            "section": str,
            "ordinal": int,
            "kind": str,
            "text": str,
            "content_hash": str,
            "meta": str,
            "stemmed": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        if_not_exists=True,
    )
    db["chunks"].create_index(["document_id"], if_not_exists=True)
    db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)


@migrations()
def m002_vocabulary(db: sqlite_utils.Database) -> None:
    # Words of the corpus, used to split compounds the same way at build and at query time.
    db["vocabulary"].create({"word": str}, pk="word", if_not_exists=True)


@migrations()
def m003_row_lookup(db: sqlite_utils.Database) -> None:
    # Search reads passages by vector row: without this index every lookup scans all chunks.
    db["chunks"].create_index(["row"], if_not_exists=True)


@migrations()
def m004_signatures(db: sqlite_utils.Database) -> None:
    # What each stored document looks like (metadata, every chunk's text and place), so a build
    # can tell which documents changed without reading their chunks.
    db["signatures"].create({"document_id": str, "signature": str}, pk="document_id", if_not_exists=True)


def signature(document: Document, chunks: Iterable[Chunk]) -> str:
    """What makes a stored version identical: its metadata and every chunk's text and place."""
    digest = hashlib.sha256(json.dumps(asdict(document), sort_keys=True).encode())
    for chunk in chunks:
        digest.update(f"{chunk.id}\0{chunk.content_hash}\0{chunk.section}\0{chunk.kind}\0".encode())
        digest.update(json.dumps(chunk.meta, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def read_signatures(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.execute("select document_id, signature from signatures").fetchall())


def open_store(path: Path) -> sqlite_utils.Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    migrations.apply(db)
    return db


def open_readonly(path: Path) -> sqlite_utils.Database:
    import sqlite3

    # check_same_thread=False: the store is read-only once built and shared by request threads.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return sqlite_utils.Database(conn)


def write_documents(db: sqlite_utils.Database, documents: Iterable[Document]) -> None:
    db["documents"].upsert_all((asdict(d) for d in documents), pk="id")


def write_chunks(
    db: sqlite_utils.Database, chunks: Iterable[Chunk], first_row: int = 0, analyzer: Analyzer | None = None
) -> int:
    """Stream `chunks` into the store in batches, rows numbered from `first_row`; returns the count."""
    analyzer = analyzer or Analyzer()
    written = 0

    def records() -> Iterator[dict]:
        nonlocal written
        for row, chunk in enumerate(chunks, start=first_row):
            written += 1
            yield chunk_record(chunk, row, " ".join(analyzer.analyse(chunk.embedding_text)))

    db["chunks"].upsert_all(records(), pk="id", batch_size=500)
    return written


def chunk_record(chunk: Chunk, row: int, stemmed: str) -> dict:
    return {
        "row": row,
        "id": chunk.id,
        "document_id": chunk.document_id,
        "section": chunk.section,
        "ordinal": chunk.ordinal,
        "kind": chunk.kind,
        "text": chunk.text,
        "content_hash": chunk.content_hash,
        "meta": json.dumps(chunk.meta, ensure_ascii=False),
        "stemmed": stemmed,
    }


def read_documents(db: sqlite_utils.Database, where: str | None = None, params: Iterable = ()) -> list[Document]:
    return [document_from_row(r) for r in db["documents"].rows_where(where, list(params))]


def read_chunks(db: sqlite_utils.Database, where: str | None = None, params: Iterable = ()) -> Iterator[Chunk]:
    for r in db["chunks"].rows_where(where, list(params), order_by="row, document_id, ordinal"):
        yield chunk_from_row(r)


def document_from_row(row: dict) -> Document:
    names = {f.name for f in fields(Document)}
    return Document(**{k: v for k, v in row.items() if k in names})


def chunk_from_row(row: dict) -> Chunk:
    return Chunk(
        id=row["id"],
        document_id=row["document_id"],
        text=row["text"],
        section=row["section"],
        ordinal=row["ordinal"],
        kind=row["kind"],
        meta=json.loads(row["meta"] or "{}"),
    )


def write_vocabulary(db: sqlite_utils.Database, words: Iterable[str]) -> None:
    db["vocabulary"].insert_all(({"word": w} for w in sorted(words)), pk="word", ignore=True, batch_size=2000)


def read_vocabulary(db: sqlite_utils.Database) -> frozenset[str]:
    if "vocabulary" not in db.table_names():
        return frozenset()
    return frozenset(r[0] for r in db.execute("select word from vocabulary"))


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    rows = list(db["meta"].rows_where("key = ?", [key])) if "meta" in db.table_names() else []
    return rows[0]["value"] if rows else None


def set_meta(db: sqlite_utils.Database, **values: str) -> None:
    db["meta"].upsert_all(({"key": k, "value": str(v)} for k, v in values.items()), pk="key")
