"""One JSON error shape for every failure: {"error": code, "message": Dutch text}."""
from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

HTTP_MESSAGES = {
    400: ("bad_request", "Het verzoek is niet goed opgebouwd."),
    404: ("not_found", "Deze pagina of dit gegeven bestaat niet."),
    405: ("method_not_allowed", "Deze methode is hier niet toegestaan."),
    413: ("too_large", "Het verzoek is te groot."),
    415: ("unsupported_media_type", "Stuur de gegevens als JSON."),
    429: ("too_many_requests", "Te veel verzoeken. Probeer het over een minuut opnieuw."),
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str):
    response = jsonify({"error": code, "message": message})
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return error_response(error.status, error.code, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code, message = HTTP_MESSAGES.get(error.code or 500, ("http_error", "Er ging iets mis met dit verzoek."))
        return error_response(error.code or 500, code, message)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # Log the type only: exception text may contain what a user typed.
        log.error("unexpected %s", type(error).__name__, exc_info=app.debug)
        return error_response(500, "internal_error", "Er ging iets mis aan onze kant. Probeer het later opnieuw.")
