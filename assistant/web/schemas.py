"""Request and response models: they validate requests and generate the OpenAPI document."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field


def existing_date(value: str | None) -> str | None:
    """JJJJ-MM-DD and a day that exists (2026-02-30 is refused)."""
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise ValueError("gebruik een bestaande datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2025-01-01") from None
    return value


# The patterns below are checked by the server and published in the OpenAPI document as they are
# (the same syntax in pydantic's regex engine and in JSON Schema). Lengths count the text as
# sent; surrounding spaces are removed after the checks.
CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # never typed; they hide text or break logs
TEXT = rf"^[^{CONTROL}]*$"
# Also at least one visible character, and no < or > (the text is echoed back in answers).
PHRASE = rf"^[^<>{CONTROL}]*[^\s<>{CONTROL}][^<>{CONTROL}]*$"
# A gemeente's name: letters (also accented), digits, spaces and . , ' ’ ( ) -
NAME = r"^[ ]*[A-Za-z0-9À-ÖØ-öø-ÿ'’][A-Za-z0-9À-ÖØ-öø-ÿ .,'’()-]*$"
OPTIONAL_NAME = r"^[ ]*(?:[A-Za-z0-9À-ÖØ-öø-ÿ'’][A-Za-z0-9À-ÖØ-öø-ÿ .,'’()-]*)?$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
Stripped = AfterValidator(str.strip)

Peildatum = Annotated[
    str | None,
    Field(default=None, pattern=DATE, json_schema_extra={"format": "date"},
          description="Regels die gelden op deze datum (JJJJ-MM-DD); standaard vandaag."),
    AfterValidator(existing_date),
]
GemeenteName = Annotated[str, Field(min_length=1, max_length=100, pattern=NAME), Stripped]
Gemeente = Annotated[
    Annotated[str, Field(max_length=100, pattern=OPTIONAL_NAME), AfterValidator(lambda v: v.strip() or None)] | None,
    Field(default=None, description="Beperk gemeentelijke regels tot deze gemeente (leeg: alle)."),
]


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    query: Annotated[str, Stripped] = Field(min_length=1, max_length=2000, pattern=PHRASE.replace("<>", ""),
                                            description="De vraag of zoekterm, in gewone taal.")
    # Strict (no "5" or true), but 5.0 is the integer 5 in JSON Schema, so it is taken as 5.
    k: Annotated[int, BeforeValidator(lambda v: int(v) if isinstance(v, float) and v.is_integer() else v)] = Field(
        default=10, ge=1, le=50, strict=True, description="Aantal resultaten (1 tot en met 50).")
    gemeente: Gemeente = None
    peildatum: Peildatum = None


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


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    question: Annotated[str, Stripped] = Field(min_length=1, max_length=2000, pattern=PHRASE.replace("<>", ""),
                                               description="De vraag, in gewone taal (Nederlands of Engels).")
    conversation_id: str | None = Field(default=None, max_length=64, pattern=r"^[0-9a-f]{32}$", description="Vervolgvraag in een bestaand gesprek.")
    gemeente: Gemeente = None
    peildatum: Peildatum = None


class CitationModel(BaseModel):
    n: int
    chunk_id: str
    text: str = Field(description="De volledige geciteerde passage.")
    quote: str = Field(description="Letterlijk deel van `text` dat het antwoord ondersteunt.")
    section: str | None
    document: DocumentRef


class RelatedModel(BaseModel):
    chunk_id: str
    text: str = Field(description="De volledige passage.")
    section: str | None
    document: DocumentRef
    excerpt: str = Field(description="De zin of tabelregel uit `text` die het dichtst bij de vraag ligt, letterlijk; "
                                     "ingekort tot 240 tekens (dan eindigend op ' …').")


class AskResponse(BaseModel):
    status: Literal["answered", "not_found", "refused"]
    answer: str
    citations: list[CitationModel]
    related: list[RelatedModel] = Field(
        description="Alleen bij `not_found`: de passages die het dichtst bij de vraag liggen, om zelf te lezen. "
                    "Geen bron voor een antwoord.")
    conversation_id: str
    message_id: str


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message_id: Annotated[str, Stripped] = Field(min_length=1, max_length=64, pattern=PHRASE)
    rating: Literal["up", "down"]
    reason: Annotated[str, Field(max_length=1000, pattern=TEXT.replace("^[^", "^[^<>")), Stripped] | None = Field(
        default=None, description="Toelichting, zonder < of >.")


class FeedbackResponse(BaseModel):
    feedback_id: str


class MessageModel(BaseModel):
    id: str
    role: Literal["user", "assistant"]
    text: str
    status: str | None
    citations: list[dict]
    created_at: str


class ConversationResponse(BaseModel):
    conversation_id: str
    messages: list[MessageModel]


class DeletedResponse(BaseModel):
    deleted: bool


class PassageModel(BaseModel):
    chunk_id: str
    section: str | None
    kind: str
    text: str


class DocumentDetail(BaseModel):
    id: str
    title: str
    type: str
    organisation: str | None
    date: str | None
    reference: str | None
    url: str | None
    gemeente: str | None
    valid_from: str | None
    valid_to: str | None


class DocumentResponse(BaseModel):
    document: DocumentDetail
    passages: list[PassageModel]


class ReadyResponse(BaseModel):
    status: Literal["ready"]
    build: str
    model: str


class StartedResponse(BaseModel):
    status: Literal["started"]


class AdminStatus(BaseModel):
    current_build: str | None
    served_build: str | None = Field(description="De build van de worker die dit antwoord gaf.")
    documents: int
    passages: int
    model: str | None
    building: bool
    last_build: dict | None
    imported_documents: int


class ImportResponse(BaseModel):
    added: int
    replaced: int
    unchanged: int
    passages_written: int
    passages_removed: int
    failed: list[str] = Field(description="Bestanden die niet gelezen konden worden.")
    reindex_started: bool


class PurgedResponse(BaseModel):
    deleted: int


IMPORT_FORM = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "array", "items": {"type": "string", "format": "binary"}, "minItems": 1, "maxItems": 50},
        "kind": {"type": "string", "enum": ["cvdr", "bwb"], "default": "cvdr"},
        "build": {"type": "string", "enum": ["true", "false"], "default": "true"},
    },
}
