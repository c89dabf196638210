"""JSON-lines logging: one object per line, with an access line per request.

Request bodies are never logged: questions may hold personal data. A 500 logs its traceback
here and nowhere else (the response only says that something went wrong).
"""
from __future__ import annotations

import json
import logging
import os
import time
import uuid

from flask import Flask, g, request

from assistant.conversations.redaction import redact

ACCESS = logging.getLogger("assistant.access")
REQUEST_ID = "X-Request-ID"


def log_level() -> str:
    return os.environ.get("ASSISTANT_LOG_LEVEL", "INFO").upper()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            # Exception text can quote what someone typed: personal data is taken out.
            entry["traceback"] = redact(self.formatException(record.exc_info)).text
        return json.dumps(entry, ensure_ascii=False)


def request_id() -> str:
    return g.get("request_id", "-")


def init_access_log(app: Flask) -> None:
    @app.before_request
    def start() -> None:
        g.started = time.perf_counter()
        # A proxy's id is kept (so log lines can be matched), if it is short and plain.
        given = request.headers.get(REQUEST_ID, "")
        g.request_id = given if given.isalnum() and len(given) <= 64 else uuid.uuid4().hex

    @app.after_request
    def access(response):
        response.headers[REQUEST_ID] = request_id()
        fields = {
            "request_id": request_id(),
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "latency_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
        }
        ACCESS.info("request", extra={"fields": fields})
        return response
