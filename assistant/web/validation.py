"""Request bodies: size, encoding, nesting and characters checked, then validated by pydantic
models, with errors explained in Dutch."""
from __future__ import annotations

import json
import re
from typing import TypeVar

from flask import Flask, current_app, request
from pydantic import BaseModel, ValidationError

from assistant.web.errors import ApiError

M = TypeVar("M", bound=BaseModel)
MAX_DEPTH = 8  # the deepest request model nests 3 levels; more is never a real request
STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
BRACKET = re.compile(r"[\[\]{}]")


def init_body_limit(app: Flask) -> None:
    @app.before_request
    def refuse_large_body() -> None:
        """Refused from the Content-Length header alone: a large body is never read or buffered."""
        length = request.content_length
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if request.path == "/api/admin/import" and current_app.config["ADMIN_KEY"]:
            limit = current_app.config["ADMIN_UPLOAD_LIMIT"]  # XML files; the key is checked next
        if length is not None and length > limit:
            raise ApiError(413, "too_large", "Het verzoek is te groot: stuur hoogstens 16 kB.")


def parse_body(model: type[M]) -> M:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Stuur de gegevens als JSON (Content-Type: application/json).")
    try:
        text = request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_encoding", "De tekst is geen geldige UTF-8.") from None
    if depth(text) > MAX_DEPTH:
        raise ApiError(400, "too_deep", "De JSON is te diep genest.")
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if body is None:
        raise ApiError(400, "invalid_json", "Stuur een JSON-object in de body van het verzoek.")
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "De body moet een JSON-object zijn, bijvoorbeeld {\"query\": \"...\"}.")
    try:
        return model.model_validate(body)
    except ValidationError as error:
        first = error.errors()[0]
        raise ApiError(400, "invalid_" + field_name(first), dutch_message(first, model)) from None


def depth(text: str) -> int:
    """How deep the JSON text nests, counted before parsing (a parser would recurse)."""
    deepest = level = 0
    for bracket in BRACKET.findall(STRING.sub("", text)):
        level += 1 if bracket in "[{" else -1
        deepest = max(deepest, level)
    return deepest


def field_name(error: dict) -> str:
    return str(error["loc"][0]) if error.get("loc") else "body"


def item_bounds(model: type[BaseModel] | None, field: str) -> tuple[int | None, int | None]:
    """min_length and max_length declared on a model's field (for the message on a list)."""
    info = model.model_fields.get(field) if model else None
    bounds = {name: getattr(m, name) for m in (info.metadata if info else ()) for name in ("min_length", "max_length") if hasattr(m, name)}
    return bounds.get("min_length"), bounds.get("max_length")


def dutch_message(error: dict, model: type[BaseModel] | None = None) -> str:
    field = field_name(error)
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if len(error.get("loc", ())) > 1 and kind in ("string_too_short", "string_too_long", "string_pattern_mismatch"):
        return f"Elk onderdeel van het veld '{field}' is een naam van 1 tot 100 tekens, zonder bijzondere tekens."
    if field == "peildatum" and kind == "string_pattern_mismatch":
        return f"Het veld '{field}' is ongeldig: gebruik een bestaande datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2025-01-01"
    if kind == "missing":
        return f"Het veld '{field}' ontbreekt."
    if kind in ("string_type",):
        return f"Het veld '{field}' moet tekst zijn."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"Het veld '{field}' moet een geheel getal zijn."
    if kind == "string_too_short":
        return f"Het veld '{field}' mag niet leeg zijn."
    if kind == "string_pattern_mismatch":
        if field in ("gemeente", "gemeenten"):
            return f"Het veld '{field}' bevat tekens die niet in een gemeentenaam voorkomen."
        return (f"Het veld '{field}' bevat tekens die hier niet zijn toegestaan (onzichtbare stuurtekens"
                " of < >), of alleen spaties.")
    if kind == "string_too_long":
        return f"Het veld '{field}' is te lang: maximaal {ctx.get('max_length')} tekens."
    if kind == "greater_than_equal":
        return f"Het veld '{field}' moet minstens {ctx.get('ge')} zijn."
    if kind == "less_than_equal":
        return f"Het veld '{field}' mag hoogstens {ctx.get('le')} zijn."
    if kind in ("list_type",):
        return f"Het veld '{field}' moet een lijst zijn."
    if kind in ("too_short", "too_long"):
        low, high = item_bounds(model, field)
        if low is not None and high is not None:
            return f"Het veld '{field}' moet {low} tot en met {high} onderdelen hebben."
        return f"Het veld '{field}' heeft te weinig of te veel onderdelen."
    if kind in ("literal_error", "enum"):
        return f"Het veld '{field}' heeft geen geldige waarde."
    if kind == "value_error":
        return f"Het veld '{field}' is ongeldig: {ctx.get('error', '')}".rstrip(": ")
    return f"Het veld '{field}' is ongeldig."
