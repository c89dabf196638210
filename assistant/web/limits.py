"""Rate limits (flask-limiter): per client IP and per site key, shared by all workers via Redis.

`ASSISTANT_RATE_LIMIT` (default 30/minute) counts every API request of one client IP;
`ASSISTANT_SITE_RATE_LIMIT` (default 600/minute) every request carrying one `X-Site-Key`, the key
the widget on a gemeente's site sends. `off` switches both off (evaluation runs, load tests).
The counters live in `ASSISTANT_RATE_LIMIT_STORAGE`: `memory://` counts per worker process, so
with several workers or replicas use `redis://host:6379`.
"""
from __future__ import annotations

import re

from flask import Flask, request
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.util import get_remote_address

LIMITER = "assistant.limiter"
SITE_KEY_HEADER = "X-Site-Key"
SITE_KEY = re.compile(r"[A-Za-z0-9_.-]{1,64}")
# Probes and the API description are never limited: a load balancer polls them.
UNLIMITED = frozenset({"/api/health", "/api/ready", "/api/openapi.json"})


def exempt() -> bool:
    # A CORS preflight is the browser asking, not the visitor: only the real request counts.
    return request.method == "OPTIONS" or not request.path.startswith("/api/") or request.path in UNLIMITED


def site_key() -> str:
    value = request.headers.get(SITE_KEY_HEADER, "")
    return value if SITE_KEY.fullmatch(value) else ""


def init_rate_limits(app: Flask) -> None:
    per_ip, per_site = app.config["RATE_LIMIT"], app.config["SITE_RATE_LIMIT"]
    enabled = per_ip.strip().lower() != "off"
    limits = [ApplicationLimit(per_ip, key_function=get_remote_address, exempt_when=exempt, scope="ip")]
    if per_site.strip().lower() != "off":
        limits.append(ApplicationLimit(per_site, key_function=site_key, scope="site",
                                       exempt_when=lambda: exempt() or not site_key()))
    app.extensions[LIMITER] = Limiter(
        get_remote_address,
        app=app,
        application_limits=limits if enabled else [],
        storage_uri=app.config["RATE_LIMIT_STORAGE"],
        headers_enabled=True,  # Retry-After on a 429
        key_prefix="assistant",
        enabled=enabled,
        # A storage outage must not take the service down: count in memory until it is back.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
