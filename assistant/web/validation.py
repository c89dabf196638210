"""Request bodies validated by pydantic models, with errors explained in Dutch."""
from __future__ import annotations

from typing import TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from assistant.web.errors import ApiError

M = TypeVar("M", bound=BaseModel)


def parse_body(model: type[M]) -> M:
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "invalid_json", "Stuur een JSON-object in de body van het verzoek.")
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "De body moet een JSON-object zijn, bijvoorbeeld {\"query\": \"...\"}.")
    try:
        return model.model_validate(body)
    except ValidationError as error:
        first = error.errors()[0]
        raise ApiError(400, "invalid_" + field_name(first), dutch_message(first)) from None


def field_name(error: dict) -> str:
    return str(error["loc"][0]) if error.get("loc") else "body"


def dutch_message(error: dict) -> str:
    field = field_name(error)
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"Het veld '{field}' ontbreekt."
    if kind in ("string_type",):
        return f"Het veld '{field}' moet tekst zijn."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"Het veld '{field}' moet een geheel getal zijn."
    if kind == "string_too_short":
        return f"Het veld '{field}' mag niet leeg zijn."
    if kind == "string_too_long":
        return f"Het veld '{field}' is te lang: maximaal {ctx.get('max_length')} tekens."
    if kind == "greater_than_equal":
        return f"Het veld '{field}' moet minstens {ctx.get('ge')} zijn."
    if kind == "less_than_equal":
        return f"Het veld '{field}' mag hoogstens {ctx.get('le')} zijn."
    if kind in ("list_type",):
        return f"Het veld '{field}' moet een lijst zijn."
    if kind in ("too_short", "too_long"):
        return f"Het veld '{field}' heeft te weinig of te veel onderdelen."
    if kind in ("literal_error", "enum"):
        return f"Het veld '{field}' heeft geen geldige waarde."
    if kind == "value_error":
        return f"Het veld '{field}' is ongeldig: {ctx.get('error', '')}".rstrip(": ")
    return f"Het veld '{field}' is ongeldig."
