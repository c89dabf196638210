"""Document and Chunk values with stable ids and content hashes."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One citable source: a letter, a report, a regulation or a law."""

    id: str
    title: str
    type: str  # Kamerbrief, rapport, brief, brochure, regeling, wet, ...
    organisation: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd where the text states it
    reference: str | None = None  # kenmerk / referentie / CVDR id
    url: str | None = None
    source_file: str | None = None
    gemeente: str | None = None  # set for municipal rules only
    valid_from: str | None = None  # in-force dates (rules only)
    valid_to: str | None = None
    origin: str = "corpus"  # corpus | import


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage. `text` is exactly what is cited."""

    id: str
    document_id: str
    text: str
    section: str | None = None  # section path, e.g. "4. Resultaten > 4.1 Gehandicaptenparkeerkaart"
    ordinal: int = 0
    kind: str = "text"  # text | table | footnote | article
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def content_hash(self) -> str:
        return content_hash(self.embedding_text)

    @property
    def embedding_text(self) -> str:
        """Text that is embedded and keyword-indexed: title and section give context."""
        head = " / ".join(p for p in (self.meta.get("title"), self.section) if p)
        return f"{head}\n{self.text}" if head else self.text


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def slugify(text: str, max_len: int = 40) -> str:
    """Lower-case ascii-ish slug used in stable chunk ids."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "x"


def make_chunk_id(document_id: str, section: str | None, ordinal: int) -> str:
    """Stable id: document + last section segment + ordinal within the document."""
    leaf = (section or "").split(" > ")[-1]
    return f"{document_id}:{slugify(leaf) if leaf else 'intro'}:{ordinal:03d}"


def document_ref(document: Document) -> dict:
    """How an answer or API response names a document."""
    return {"id": document.id, "title": document.title, "date": document.date, "url": document.url}
