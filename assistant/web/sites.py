"""Site keys: which websites may call the API from a browser, enforced as CORS on /api/*.

A browser request carries an `Origin` header. It is allowed when it comes from this service
itself, or when its site key (`X-Site-Key`) lists that origin. Anything else gets a 403 JSON
error and no Access-Control-Allow-Origin. Requests without `Origin` (server-to-server, CLI)
are not browser requests and pass unchanged.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request

from assistant.web.errors import error_response

SITES = "assistant.sites"
KEY_HEADER = "X-Site-Key"
ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS"
ALLOWED_HEADERS = f"Content-Type, {KEY_HEADER}"
PREFLIGHT_MAX_AGE = "600"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_.-]{1,64}")  # the same keys the rate limiter counts


class SitesFileError(ValueError):
    """The site-key file cannot be read or has the wrong shape."""


@dataclass(frozen=True)
class Site:
    key: str
    origins: frozenset[str]
    name: str = ""


@dataclass(frozen=True)
class SiteRegistry:
    sites: dict[str, Site]

    def get(self, key: str) -> Site | None:
        return self.sites.get(key)

    def allows_anywhere(self, origin: str) -> bool:
        """A preflight does not carry the key's value, only that the header will be sent."""
        return any(origin in site.origins for site in self.sites.values())


def normalise_origin(value: str) -> str:
    """`HTTP://Example.nl:443/` and `http://example.nl:443` compare equal; paths are not origins."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise ValueError(value)
    return f"{parts.scheme}://{parts.netloc}".lower()


def load_sites(path: Path) -> SiteRegistry:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sites = {}
        for key, entry in data["sites"].items():
            if not KEY_PATTERN.fullmatch(key):
                raise ValueError(f"site key {key!r}: use 1-64 letters, digits, '.', '_' or '-'")
            origins = frozenset(normalise_origin(o) for o in entry["origins"])
            sites[key] = Site(key, origins, entry.get("name", ""))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise SitesFileError(
            f"{path}: expected {{\"sites\": {{KEY: {{\"origins\": [\"https://host\", ...]}}}}}} ({error!r})"
        ) from None
    return SiteRegistry(sites)


def init_sites(app: Flask) -> None:
    app.extensions[SITES] = load_sites(Path(app.config["SITES_FILE"]))
    app.before_request(check_origin)
    app.after_request(add_cors_headers)


def check_origin():
    """Refuse a browser request to /api/* from an origin its site key does not allow."""
    origin = request.headers.get("Origin")
    if origin is None or not request.path.startswith("/api/") or origin.lower() == own_origin():
        return None
    registry: SiteRegistry = current_app.extensions[SITES]
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        if not registry.allows_anywhere(origin.lower()):
            return refusal("origin_not_allowed", "Deze website mag de assistent niet gebruiken.")
        g.cors_origin = origin
        return current_app.response_class(status=204)
    key = request.headers.get(KEY_HEADER)
    if not key:
        return refusal("site_key_required", "Deze website stuurt geen sitesleutel mee. De beheerder van de website kan dit oplossen.")
    site = registry.get(key)
    if site is None:
        return refusal("unknown_site", "Deze sitesleutel is niet bekend.")
    if origin.lower() not in site.origins:
        return refusal("origin_not_allowed", "Deze website mag de assistent niet gebruiken met deze sitesleutel.")
    g.cors_origin = origin
    return None


def own_origin() -> str:
    return request.host_url.rstrip("/").lower()


def refusal(code: str, message: str):
    return error_response(403, code, message)


def add_cors_headers(response):
    origin = g.pop("cors_origin", None)
    if origin is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.vary.add("Origin")
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    else:
        response.headers["Access-Control-Expose-Headers"] = "Retry-After"
    return response
