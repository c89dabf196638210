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
    413: ("too_large", "Het verzoek is te groot: stuur hoogstens 16 kB."),
    415: ("unsupported_media_type", "Stuur de gegevens als JSON (Content-Type: application/json)."),
    429: ("too_many_requests", "U heeft te veel vragen achter elkaar gesteld. Wacht even en probeer het dan opnieuw."),
    431: ("headers_too_large", "De kopregels van het verzoek zijn te groot."),
}
# Headers of an HTTP error that belong in the JSON answer too (Allow on 405, Retry-After on 429).
KEPT_HEADERS = ("Allow", "Retry-After")


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
        response = error_response(error.code or 500, code, message)
        for name, value in error.get_headers():
            if name in KEPT_HEADERS:
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # The traceback goes to the log only, never into the response.
        log.error("unexpected %s", type(error).__name__, exc_info=error)
        return error_response(500, "internal_error", "Er ging iets mis aan onze kant. Probeer het later opnieuw.")
