"""OpenAPI 3.1 document, generated from the pydantic models that validate the requests.

Every status the server can answer is listed per operation, the streamed answer as the
text/event-stream it is, and the admin operations only when the admin API is switched on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, current_app, jsonify
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from assistant.web import schemas

bp = Blueprint("openapi", __name__, url_prefix="/api")
REF = "#/components/schemas/{model}"
JSON, SSE, MULTIPART = "application/json", "text/event-stream", "multipart/form-data"
ERRORS = {
    "400": "Ongeldig verzoek", "401": "Geen of een verkeerde beheerderssleutel",
    "403": "Deze website (Origin) mag de dienst niet gebruiken met deze sitesleutel", "404": "Niet gevonden",
    "405": "Methode niet toegestaan (de kop Allow noemt de methoden die wel mogen)",
    "409": "Er loopt al een herindexering", "413": "Verzoek groter dan 16 kB",
    "415": "Geen JSON (Content-Type: application/json)", "429": "Te veel verzoeken (zie Retry-After)",
    "503": "Kennisbank niet geladen",
}
SSE_DESCRIPTION = (
    "Server-sent events: `event: citations` met als data een JSON-lijst van Citation-objecten, "
    "daarna `event: delta` met `{\"text\": \"...\"}` per woord, en tot slot `event: done` met het "
    "volledige AskResponse-object."
)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    request: type[BaseModel] | None
    status: int
    response: type[BaseModel] | None
    content: str = JSON
    errors: tuple[str, ...] = ("400", "403", "404", "405", "413", "415", "429", "503")
    admin: bool = False
    query: tuple[dict, ...] = ()
    form: dict | None = None


PUBLIC_READ = ("403", "404", "405", "429", "503")
OPERATIONS: list[Operation] = [
    Operation("post", "/api/search", "Zoek passages bij een vraag", schemas.SearchRequest, 200, schemas.SearchResponse),
    Operation("post", "/api/ask", "Stel een vraag; antwoord met bronnen", schemas.AskRequest, 200, schemas.AskResponse),
    Operation("post", "/api/chat/stream", "Vraag met antwoord als server-sent events (citations, delta, done)",
              schemas.AskRequest, 200, None, content=SSE),
    Operation("post", "/api/feedback", "Geef een beoordeling van een antwoord", schemas.FeedbackRequest, 201, schemas.FeedbackResponse),
    Operation("get", "/api/conversations/{conversation_id}", "Berichten van een gesprek", None, 200,
              schemas.ConversationResponse, errors=PUBLIC_READ),
    Operation("delete", "/api/conversations/{conversation_id}", "Wis een gesprek (recht op vergetelheid)", None, 200,
              schemas.DeletedResponse, errors=PUBLIC_READ),
    Operation("get", "/api/health", "Leeft de dienst? (ook zonder kennisbank 200)", None, 200, schemas.HealthResponse,
              errors=("405",)),
    Operation("get", "/api/ready", "Is de dienst klaar: model en kennisbank geladen?", None, 200, schemas.ReadyResponse,
              errors=("405", "503")),
    Operation("get", "/api/documents/{document_id}", "Een brondocument met al zijn passages", None, 200,
              schemas.DocumentResponse, errors=PUBLIC_READ),
]
ADMIN = ("401", "403", "405", "429")
ADMIN_OPERATIONS: list[Operation] = [
    Operation("post", "/api/admin/reindex", "Bouw de index opnieuw op, op de achtergrond", None, 202,
              schemas.StartedResponse, errors=(*ADMIN, "409", "503"), admin=True),
    Operation("get", "/api/admin/status", "Welke index draait, en hoe ging de laatste build", None, 200,
              schemas.AdminStatus, errors=ADMIN, admin=True),
    Operation("post", "/api/admin/import", "Importeer CVDR- of BWB-XML (zoals 'assistant import')", None, 202,
              schemas.ImportResponse, errors=(*ADMIN, "400", "413"), admin=True, form=schemas.IMPORT_FORM),
    Operation("delete", "/api/admin/conversations", "Wis alle gesprekken van voor een datum", None, 200,
              schemas.PurgedResponse, errors=(*ADMIN, "400"), admin=True,
              query=({"name": "before", "in": "query", "required": True,
                      "schema": {"type": "string", "format": "date", "pattern": schemas.DATE}},)),
]
EXTRA_OPERATIONS: list[Operation] = []


def register_operation(method: str, path: str, summary: str, request: type[BaseModel] | None, status: int,
                       response: type[BaseModel], **details) -> None:
    """Blueprints of other features add their endpoints here."""
    EXTRA_OPERATIONS.append(Operation(method, path, summary, request, status, response, **details))


def build_document(admin: bool = False) -> dict:
    operations = OPERATIONS + EXTRA_OPERATIONS + (ADMIN_OPERATIONS if admin else [])
    models = {m for op in operations for m in (op.request, op.response) if m is not None}
    models |= {schemas.ErrorResponse, schemas.AskResponse, schemas.CitationModel}
    _, definitions = models_json_schema([(m, "validation") for m in sorted(models, key=lambda m: m.__name__)], ref_template=REF)
    paths: dict = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method] = operation_json(op)
    components: dict = {"schemas": definitions.get("$defs", {})}
    if admin:
        components["securitySchemes"] = {"adminKey": {"type": "http", "scheme": "bearer"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Assistent gehandicaptenbeleid",
            "version": "0.1.0",
            "description": "Antwoorden met bronvermelding over Wmo 2015, Wlz, gebruikelijke hulp, eigen bijdragen en verschillen tussen gemeenten.",
        },
        "paths": paths,
        "components": components,
    }


def operation_json(op: Operation) -> dict:
    if op.content == SSE:
        body = {SSE: {"schema": sse_event_schema(), "description": SSE_DESCRIPTION}}
    else:
        body = {JSON: {"schema": {"$ref": REF.format(model=op.response.__name__)}}}
    responses: dict = {str(op.status): {"description": "OK", "content": body}}
    for status in op.errors:
        responses[status] = {"description": ERRORS[status], "content": {JSON: {"schema": {"$ref": REF.format(model="ErrorResponse")}}}}
    if "429" in responses:
        responses["429"]["headers"] = {"Retry-After": {"description": "Seconden tot het weer mag", "schema": {"type": "string"}}}
    if "405" in responses:
        responses["405"]["headers"] = {"Allow": {"description": "Toegestane methoden", "schema": {"type": "string"}}}
    operation: dict = {"summary": op.summary, "responses": responses}
    if op.request is not None:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": {"$ref": REF.format(model=op.request.__name__)}}}}
    if op.form is not None:
        operation["requestBody"] = {"required": True, "content": {MULTIPART: {"schema": op.form}}}
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in re.findall(r"\{(\w+)\}", op.path)] + list(op.query)
    if parameters:
        operation["parameters"] = parameters
    if op.admin:
        operation["security"] = [{"adminKey": []}]
    return operation


def sse_event_schema() -> dict:
    """One event of the stream (OpenAPI 3.2 calls this itemSchema): its name, and its data as
    JSON text whose shape depends on the name."""
    def event(name: str, content: dict) -> dict:
        return {"properties": {"event": {"const": name},
                               "data": {"type": "string", "contentMediaType": JSON, "contentSchema": content}}}

    return {
        "type": "object",
        "required": ["event", "data"],
        "properties": {"event": {"type": "string", "enum": ["citations", "delta", "done"]}, "data": {"type": "string"}},
        "oneOf": [
            event("citations", {"type": "array", "items": {"$ref": REF.format(model="CitationModel")}}),
            event("delta", {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}),
            event("done", {"$ref": REF.format(model="AskResponse")}),
        ],
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document(admin=bool(current_app.config["ADMIN_KEY"])))
