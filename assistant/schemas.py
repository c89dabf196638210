"""Request and response models: they validate requests and generate the OpenAPI document."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)
    query: str = Field(min_length=1, max_length=2000, description="De vraag of zoekterm, in gewone taal.")
    k: int = Field(default=10, ge=1, le=50, strict=True, description="Aantal resultaten (1 tot en met 50).")


class DocumentRef(BaseModel):
    id: str
    title: str
    date: str | None
    url: str | None


class SearchResult(BaseModel):
    chunk_id: str
    text: str
    score: float
    section: str | None
    document: DocumentRef


class SearchResponse(BaseModel):
    results: list[SearchResult]


class HealthResponse(BaseModel):
    status: str
    index_size: int
    model: str
    documents: int
    corpus_documents: list[DocumentRef]


class ErrorResponse(BaseModel):
    error: str
    message: str
