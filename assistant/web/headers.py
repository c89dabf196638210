"""Security headers on every response; a strict content policy on HTML.

HTML pages and their static files carry no inline scripts or styles, so `default-src 'self'`
holds. The widget script is loaded by the host sites' pages from another origin, so no
Cross-Origin-Resource-Policy is set on it (or on any static file).
"""
from __future__ import annotations

from flask import Flask, request

HTML_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)
# JSON and event streams are never rendered: nothing may load or frame them.
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
PRIVATE_PREFIXES = ("/api/ask", "/api/chat/", "/api/conversations", "/api/feedback", "/api/admin")


def init_security_headers(app: Flask) -> None:
    @app.after_request
    def secure(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if response.mimetype == "text/html":
            headers.setdefault("Content-Security-Policy", HTML_POLICY.format(ancestors=app.config["FRAME_ANCESTORS"]))
        elif request.path.startswith("/api/"):
            headers.setdefault("Content-Security-Policy", API_POLICY)
        if request.path.startswith(PRIVATE_PREFIXES):
            # Conversations and answers to them are personal: no browser or proxy keeps a copy.
            headers["Cache-Control"] = "no-store"
        return response
