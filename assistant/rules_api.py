"""JSON endpoints on municipal rules: compare gemeenten on a topic, and the covenant registry."""
from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, current_app, jsonify
from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.compare import compare, comparison_json, document_json
from assistant.services import get_index
from assistant.validation import parse_body
from knowledge.covenants import SECTIONS, Covenant, load_covenants

bp = Blueprint("rules", __name__, url_prefix="/api")
COVENANTS = "assistant.covenants"
MIN_GEMEENTEN, MAX_GEMEENTEN = 2, 10


class CompareRequest(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)
    topic: str = Field(min_length=1, max_length=200, description="Onderwerp, bv. 'gebruikelijke hulp'.")
    gemeenten: list[str] = Field(description="2 tot en met 10 gemeenten.")
    peildatum: str | None = Field(default=None, description="Datum JJJJ-MM-DD; standaard vandaag.")

    @field_validator("gemeenten")
    @classmethod
    def two_to_ten(cls, value: list[str]) -> list[str]:
        names = [v.strip() for v in value]
        if not MIN_GEMEENTEN <= len(names) <= MAX_GEMEENTEN:
            raise ValueError(f"geef {MIN_GEMEENTEN} tot en met {MAX_GEMEENTEN} gemeenten op")
        if any(not n or len(n) > 100 for n in names):
            raise ValueError("elke gemeente is een naam van 1 tot 100 tekens")
        return names

    @field_validator("peildatum")
    @classmethod
    def iso_date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            raise ValueError("gebruik een bestaande datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2025-01-01") from None
        return value


@bp.post("/compare")
def compare_endpoint():
    body = parse_body(CompareRequest)
    peildatum = date.fromisoformat(body.peildatum) if body.peildatum else date.today()
    return jsonify(comparison_json(compare(get_index(), body.topic, body.gemeenten, peildatum)))


@bp.get("/convenanten")
def covenants_endpoint():
    # Read once per app: resolving the quotes means chunking the seed corpus.
    registry = current_app.extensions.get(COVENANTS)
    if registry is None:
        registry = current_app.extensions[COVENANTS] = load_covenants()
    return jsonify({"convenanten": [covenant_json(c) for c in registry]})


def covenant_json(covenant: Covenant) -> dict:
    facts = {s: [{"text": f.text, "quote": f.quote, "chunk_id": f.chunk_id,
                  "document": document_json(f.document)} for f in getattr(covenant, s)] for s in SECTIONS}
    return {"id": covenant.id, "name": covenant.name, "aliases": list(covenant.aliases), **facts,
            "sources": [document_json(d) for d in covenant.sources]}
