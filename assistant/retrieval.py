"""Question -> hits: cleaning the question, then hybrid search over the index."""
from __future__ import annotations

import re

from index.search import Hit, HybridIndex
from knowledge.documents import Document

MARKUP = re.compile(r"<[^>]{0,500}>")
ACTIVE_CONTENT = re.compile(r"<(script|style|iframe|object|embed)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)


def clean_query(text: str) -> str:
    """Markup is never a search term: active content and tags are removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", MARKUP.sub(" ", ACTIVE_CONTENT.sub(" ", text))).strip()


def search(index: HybridIndex, query: str, k: int = 10) -> list[Hit]:
    cleaned = clean_query(query)
    if not cleaned:
        return []
    return index.search(cleaned, k)


def document_ref(document: Document) -> dict:
    return {"id": document.id, "title": document.title, "date": document.date, "url": document.url}
