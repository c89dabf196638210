"""Facts written from the seed documents, each tied to the corpus chunk that states it.

Data files store a verbatim `quote` and the `document_id`, never a chunk id: chunk ids change
whenever chunking changes, so they are looked up here, at load time, by finding the quote in
that document's chunks. A quote that is no longer found raises `SourceError`, so a stale fact
fails loudly instead of citing the wrong passage.

    python -m knowledge.sources      # show every fact's chunk, or what to fix when it is missing
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from knowledge.chunking import chunk_document
from knowledge.corpus import DEFAULT_CORPUS, read_corpus
from knowledge.documents import Chunk, Document


class SourceError(ValueError):
    """A fact's quote is not (or no longer) found in its source document."""


@dataclass(frozen=True)
class Fact:
    """One statement, with the exact words of the source that support it."""

    text: str  # the fact in plain Dutch (B1)
    quote: str  # verbatim substring of the chunk text
    chunk_id: str
    document: Document


@dataclass(frozen=True)
class CorpusChunks:
    """The corpus documents and their chunks, read once for resolving many quotes."""

    documents: dict[str, Document]
    chunks: dict[str, list[Chunk]]  # by document id, in document order

    @classmethod
    def read(cls, corpus_dir: Path = DEFAULT_CORPUS) -> CorpusChunks:
        sources = read_corpus(corpus_dir)
        return cls({s.document.id: s.document for s in sources},
                   {s.document.id: chunk_document(s.document, s.text) for s in sources})

    def find(self, document_id: str, quote: str) -> Chunk:
        """The first chunk of `document_id` whose text contains `quote`."""
        if document_id not in self.documents:
            raise SourceError(f"unknown document {document_id!r} for quote {quote[:60]!r}")
        for chunk in self.chunks[document_id]:
            if quote in chunk.text:
                return chunk
        raise SourceError(f"quote not found in {document_id}: {quote[:80]!r}")

    def fact(self, entry: dict) -> Fact:
        """A Fact from a data entry {"text", "document_id", "quote"}."""
        chunk = self.find(entry["document_id"], entry["quote"])
        return Fact(entry["text"], entry["quote"], chunk.id, self.documents[entry["document_id"]])


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def fact_entries(data: object) -> list[dict]:
    """Every {"document_id", "quote"} entry anywhere in a data file, for checking them all."""
    if isinstance(data, dict):
        own = [data] if "quote" in data and "document_id" in data else []
        return own + [e for value in data.values() for e in fact_entries(value)]
    if isinstance(data, list):
        return [e for value in data for e in fact_entries(value)]
    return []


def report(paths: list[Path], corpus: CorpusChunks) -> int:
    """Print each fact's current chunk id; for a missing quote, the chunks sharing its start."""
    missing = 0
    for path in paths:
        for entry in fact_entries(read_json(path)):
            try:
                chunk = corpus.find(entry["document_id"], entry["quote"])
                print(f"ok       {chunk.id}  {entry['quote'][:60]!r}")
            except SourceError as error:
                missing += 1
                print(f"MISSING  {path.name}: {error}")
                head = entry["quote"][:25]
                for chunk in corpus.chunks.get(entry["document_id"], []):
                    if head in chunk.text:
                        print(f"         candidate {chunk.id}: {chunk.text[:120]!r}")
    return missing


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    paths = [Path(a) for a in argv] or sorted(p for p in here.glob("*.json"))
    return 1 if report(paths, CorpusChunks.read()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
