"""Reading one build's passages from its store.db, the popular ones kept in memory.

Passages are immutable within a build (a new build is a new HybridIndex), so nothing kept here
can go stale. Answer composition, list answers and the source pages read the same passages and
documents question after question: from memory they cost a dictionary lookup, not a query.
"""
from __future__ import annotations

import threading

from cachetools import LRUCache
from sqlite_utils import Database

from index.store import chunk_from_row
from knowledge.documents import Chunk, Document

PASSAGES_CACHED = 20_000  # passages (and documents' passages) kept in memory: ~20 MB at most


class Passages:
    def __init__(self, db: Database, documents: dict[str, Document]) -> None:
        self.db = db
        self.documents = documents
        self._db_lock = threading.Lock()  # one sqlite connection shared by request threads
        self._lock = threading.Lock()  # the caches
        self._at_row: LRUCache[int, tuple[Chunk, Document]] = LRUCache(maxsize=PASSAGES_CACHED)
        self._rows_by_id: LRUCache[str, int] = LRUCache(maxsize=PASSAGES_CACHED)
        # A document's passages in order, for list answers and source pages; sized in passages.
        self._of_document: LRUCache[str, tuple[Chunk, ...]] = LRUCache(maxsize=PASSAGES_CACHED, getsizeof=len)

    def at(self, rows: list[int]) -> dict[int, tuple[Chunk, Document]]:
        """The passages at `rows` (rows without one are left out)."""
        with self._lock:
            found = {row: self._at_row[row] for row in rows if row in self._at_row}
        missing = [row for row in rows if row not in found]
        if missing:
            marks = ",".join("?" * len(missing))
            with self._db_lock:
                records = self.db.execute_returning_dicts(f"select * from chunks where row in ({marks})", missing)
            fetched = {r["row"]: (chunk_from_row(r), self.documents[r["document_id"]]) for r in records}
            with self._lock:
                self._at_row.update(fetched)
            found.update(fetched)
        return found

    def row_of(self, chunk_id: str) -> int | None:
        with self._lock:
            row = self._rows_by_id.get(chunk_id)
        if row is None:
            with self._db_lock:
                found = self.db.execute("select row from chunks where id = ?", [chunk_id]).fetchone()
            if not found:
                return None
            row = found[0]
            with self._lock:
                self._rows_by_id[chunk_id] = row
        return row

    def chunk(self, chunk_id: str) -> tuple[Chunk, Document] | None:
        row = self.row_of(chunk_id)
        return None if row is None else self.at([row]).get(row)

    def of_document(self, document_id: str) -> list[Chunk]:
        """A document's passages in reading order."""
        with self._lock:
            chunks = self._of_document.get(document_id)
        if chunks is None:
            with self._db_lock:
                records = self.db.execute_returning_dicts(
                    "select * from chunks where document_id = ? order by ordinal", [document_id]
                )
            chunks = tuple(chunk_from_row(r) for r in records)
            if len(chunks) <= PASSAGES_CACHED:
                with self._lock:
                    self._of_document[document_id] = chunks
        return list(chunks)

    def counts(self) -> dict[str, int]:
        """Number of passages per document id."""
        with self._db_lock:
            return dict(self.db.execute("select document_id, count(*) from chunks group by document_id").fetchall())
