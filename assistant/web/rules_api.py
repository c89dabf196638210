"""JSON endpoints on municipal rules: compare gemeenten on a topic, and the covenant registry."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from assistant.rules.compare import compare, comparison_json
from assistant.rules.loaded import gemeente_json, loaded_gemeenten
from knowledge.documents import document_ref
from assistant.web.openapi import register_operation
from assistant.web.schemas import PHRASE, DocumentRef, GemeenteName, Peildatum, Stripped
from assistant.web.extensions import covenant_registry, get_index
from assistant.web.validation import parse_body
from knowledge.covenants import SECTIONS, Covenant

bp = Blueprint("rules", __name__, url_prefix="/api")
MIN_GEMEENTEN, MAX_GEMEENTEN = 2, 10


class CompareRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    topic: Annotated[str, Stripped] = Field(min_length=1, max_length=200, pattern=PHRASE,
                                            description="Onderwerp, bv. 'gebruikelijke hulp'.")
    gemeenten: list[GemeenteName] = Field(min_length=MIN_GEMEENTEN, max_length=MAX_GEMEENTEN,
                                          description="2 tot en met 10 gemeenten.")
    peildatum: Peildatum = None


class RuleCitation(BaseModel):
    chunk_id: str
    label: str | None = Field(description="Bv. 'Artikel 3.2 lid 2 — Beleidsregels ... — gemeente X'.")
    quote: str = Field(description="Letterlijk deel van text.")
    text: str
    section: str | None
    url: str | None = Field(description="Directe link naar het artikel.")
    document: DocumentRef


class GemeenteComparison(BaseModel):
    gemeente: str
    found: bool
    has_rules: bool
    message: str | None = Field(description="Uitleg als er geen artikel is gevonden.")
    articles: list[RuleCitation]


class SourcedFact(BaseModel):
    text: str
    quote: str
    chunk_id: str
    document: DocumentRef


class CompareResponse(BaseModel):
    topic: str
    topic_id: str | None
    topic_name: str
    peildatum: str
    gemeenten: list[GemeenteComparison]
    verkenning: list[RuleCitation] = Field(description="Wat de landelijke bronnen over verschillen zeggen.")
    facts: list[SourcedFact]


class LoadedRegulation(BaseModel):
    id: str
    title: str
    type: str
    reference: str | None = Field(description="CVDR-id met versie, bv. 'CVDR753669_1'.")
    url: str | None
    adopted: str | None = Field(description="Datum van vaststelling.")
    valid_from: str | None = Field(description="In werking vanaf (JJJJ-MM-DD).")
    valid_to: str | None
    valid_from_estimated: bool = Field(description="De tekst noemt de datum niet: de dag na vaststelling.")
    in_force: bool = Field(description="Van kracht op de peildatum (standaard vandaag).")
    passages: int


class LoadedGemeenteEntry(BaseModel):
    name: str
    cbs_code: str | None = Field(description="CBS-gemeentecode, bv. 'GM0402'.")
    aliases: list[str] = Field(description="Andere namen, bv. ''s-Gravenhage' voor Den Haag.")
    regulations: list[LoadedRegulation]


class GemeentenResponse(BaseModel):
    peildatum: str
    gemeenten: list[LoadedGemeenteEntry]


class CovenantEntry(BaseModel):
    id: str
    name: str
    aliases: list[str]
    regulates: list[SourcedFact]
    signed_by: list[SourcedFact]
    status: list[SourcedFact]
    improvements: list[SourcedFact]
    sources: list[DocumentRef]


class CovenantsResponse(BaseModel):
    convenanten: list[CovenantEntry]


register_operation("post", "/api/compare", "Vergelijk gemeenten op een onderwerp, artikel naast artikel",
                   CompareRequest, 200, CompareResponse)
register_operation("get", "/api/gemeenten", "Gemeenten waarvan regels zijn geladen, met hun regelingen",
                   None, 200, GemeentenResponse)
register_operation("get", "/api/convenanten", "Convenanten tussen gemeenten en landelijke partijen",
                   None, 200, CovenantsResponse)


@bp.post("/compare")
def compare_endpoint():
    body = parse_body(CompareRequest)
    peildatum = date.fromisoformat(body.peildatum) if body.peildatum else date.today()
    return jsonify(comparison_json(compare(get_index(), body.topic, body.gemeenten, peildatum)))


@bp.get("/gemeenten")
def gemeenten_endpoint():
    day = date.today()
    return jsonify({"peildatum": day.isoformat(),
                    "gemeenten": [gemeente_json(g) for g in loaded_gemeenten(get_index(), day)]})


@bp.get("/convenanten")
def covenants_endpoint():
    return jsonify({"convenanten": [covenant_json(c) for c in covenant_registry()]})


def covenant_json(covenant: Covenant) -> dict:
    facts = {s: [{"text": f.text, "quote": f.quote, "chunk_id": f.chunk_id,
                  "document": document_ref(f.document)} for f in getattr(covenant, s)] for s in SECTIONS}
    return {"id": covenant.id, "name": covenant.name, "aliases": list(covenant.aliases), **facts,
            "sources": [document_ref(d) for d in covenant.sources]}
