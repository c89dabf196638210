"""`assistant serve`: the Flask app under gunicorn, one process per core by default.

The master process never loads the model or the index; each worker builds the app after the fork
(`load` runs in the worker), so no torch thread pool or SQLite handle crosses a fork.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

from gunicorn import util
from gunicorn.app.base import BaseApplication

from assistant.web.logs import JsonFormatter, log_level
from index.onnx_embedder import share_encoder_slots

# Protocol errors gunicorn answers itself, before the app sees the request (Dutch, as JSON).
PROTOCOL_ERRORS = {
    400: ("bad_request", "Het verzoek is niet goed opgebouwd."),
    403: ("forbidden", "Dit verzoek is niet toegestaan."),
    414: ("uri_too_long", "Het webadres is te lang."),
    417: ("expectation_failed", "Aan de Expect-kop kan niet worden voldaan."),
    431: ("headers_too_large", "De kopregels van het verzoek zijn te groot."),
    501: ("not_implemented", "Deze manier van versturen wordt niet ondersteund."),
}


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 0  # 0: one per core
    worker_class: str = "gthread"  # or "sync"
    threads: int = 4
    timeout: int = 60  # a worker silent this long is restarted
    graceful_timeout: int = 30  # on SIGTERM, requests in flight get this long to finish

    @classmethod
    def from_environment(cls, **overrides) -> ServeOptions:
        env = os.environ.get
        values = {
            "workers": int(env("ASSISTANT_WORKERS", "0")),
            "worker_class": env("ASSISTANT_WORKER_CLASS", "gthread"),
            "threads": int(env("ASSISTANT_THREADS", "4")),
            "timeout": int(env("ASSISTANT_TIMEOUT", "60")),
            "graceful_timeout": int(env("ASSISTANT_GRACEFUL_TIMEOUT", "30")),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """Replaces gunicorn's HTML error page: the same {error, message} shape as the app."""
    code, message = PROTOCOL_ERRORS.get(status_int, ("http_error", "Er ging iets mis met dit verzoek."))
    body = json.dumps({"error": code, "message": message}, ensure_ascii=False).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


def logging_config() -> dict:
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": handler},
        "root": {"level": log_level(), "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": log_level(), "handlers": [], "propagate": True},
            "faiss.loader": {"level": "WARNING"},  # which CPU build it loaded, on every start
        },
    }


class AssistantServer(BaseApplication):
    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        o = self.options
        settings = {
            "bind": f"{o.host}:{o.port}",
            "workers": o.worker_count(),
            "worker_class": o.worker_class,
            "threads": o.threads if o.worker_class == "gthread" else 1,
            "timeout": o.timeout,
            "graceful_timeout": o.graceful_timeout,
            "keepalive": 5,
            "accesslog": None,  # the app logs each request itself, as JSON (assistant.web.logs)
            "logconfig_dict": logging_config(),
            "post_fork": share_cores,
            "control_socket_disable": True,  # one fixed path per user: several servers would clash
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self):
        from assistant import create_app
        from assistant.web.extensions import warm_up

        app = create_app()
        warm_up(app)  # the covenants, stop words and country names: now, not during the first question
        return app


def share_cores(_server, worker) -> None:
    """Workers share the cores: with as many workers as cores, each runs torch on one thread
    instead of every worker spinning a thread per core. Set before the worker imports torch."""
    per_worker = str(max(1, (os.cpu_count() or 1) // worker.cfg.workers))
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, per_worker)


def run(options: ServeOptions) -> None:
    util.write_error = write_json_error
    share_encoder_slots(os.cpu_count() or 1)  # before the workers fork: they inherit it
    AssistantServer(options).run()
