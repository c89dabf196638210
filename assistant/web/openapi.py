"""OpenAPI 3.1 document, generated from the pydantic models that validate the requests."""
from __future__ import annotations

import re

from flask import Blueprint, jsonify
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from assistant.web import schemas

bp = Blueprint("openapi", __name__, url_prefix="/api")
REF = "#/components/schemas/{model}"

# (method, path, summary, request model, success status, response model)
OPERATIONS: list[tuple[str, str, str, type[BaseModel] | None, int, type[BaseModel]]] = [
    ("post", "/api/search", "Zoek passages bij een vraag", schemas.SearchRequest, 200, schemas.SearchResponse),
    ("post", "/api/ask", "Stel een vraag; antwoord met bronnen", schemas.AskRequest, 200, schemas.AskResponse),
    ("post", "/api/chat/stream", "Vraag met antwoord als server-sent events (citations, delta, done)", schemas.AskRequest, 200, schemas.AskResponse),
    ("post", "/api/feedback", "Geef een beoordeling van een antwoord", schemas.FeedbackRequest, 201, schemas.FeedbackResponse),
    ("get", "/api/conversations/{conversation_id}", "Berichten van een gesprek", None, 200, schemas.ConversationResponse),
    ("delete", "/api/conversations/{conversation_id}", "Wis een gesprek (recht op vergetelheid)", None, 200, schemas.DeletedResponse),
    ("get", "/api/health", "Status van de dienst en de kennisbank", None, 200, schemas.HealthResponse),
    ("get", "/api/documents/{document_id}", "Een brondocument met al zijn passages", None, 200, schemas.DocumentResponse),
]
EXTRA_OPERATIONS: list[tuple[str, str, str, type[BaseModel] | None, int, type[BaseModel]]] = []


def register_operation(method: str, path: str, summary: str, request: type[BaseModel] | None, status: int, response: type[BaseModel]) -> None:
    """Blueprints of other features add their endpoints here."""
    EXTRA_OPERATIONS.append((method, path, summary, request, status, response))


def build_document() -> dict:
    operations = OPERATIONS + EXTRA_OPERATIONS
    models = {m for op in operations for m in (op[3], op[5]) if m is not None} | {schemas.ErrorResponse}
    _, definitions = models_json_schema([(m, "validation") for m in sorted(models, key=lambda m: m.__name__)], ref_template=REF)
    error = {"content": {"application/json": {"schema": {"$ref": REF.format(model="ErrorResponse")}}}}
    paths: dict = {}
    for method, path, summary, request, status, response in operations:
        operation: dict = {
            "summary": summary,
            "responses": {
                str(status): {
                    "description": "OK",
                    "content": {
                        ("text/event-stream" if path.endswith("/stream") else "application/json"): {
                            "schema": {"$ref": REF.format(model=response.__name__)}
                        }
                    },
                },
                "400": {"description": "Ongeldig verzoek", **error},
                "404": {"description": "Niet gevonden", **error},
                "503": {"description": "Kennisbank niet beschikbaar", **error},
            },
        }
        if request is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": REF.format(model=request.__name__)}}},
            }
        for name in re.findall(r"\{(\w+)\}", path):
            operation.setdefault("parameters", []).append({"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Assistent gehandicaptenbeleid",
            "version": "0.1.0",
            "description": "Antwoorden met bronvermelding over Wmo 2015, Wlz, gebruikelijke hulp, eigen bijdragen en verschillen tussen gemeenten.",
        },
        "paths": paths,
        "components": {"schemas": definitions.get("$defs", {})},
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document())
