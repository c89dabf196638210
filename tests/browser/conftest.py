"""Browser test rig: the real app over HTTP, host pages on other local ports, headless Chromium.

The app runs in a thread on 127.0.0.1 with the hashing stand-in index and a strict
Content-Security-Policy like the one the production server sends. Two small "other websites"
run on their own ports: one whose origin the site-key file allows, one it does not.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from index.embedder import HashingEmbedder

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = HERE.parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
APP_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
           "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Milliseconds from a click on the launcher to the question field having focus (next frame):
# measured by tests/browser/test_measurements.py and benchmarks/widget.py.
OPEN_TO_FOCUS = """() => new Promise((done) => {
  const root = document.querySelector('assistant-chat').shadowRoot;
  const input = root.querySelector('.question');
  let start;
  input.addEventListener('focus', () => requestAnimationFrame(() => done(performance.now() - start)), {once: true});
  start = performance.now();
  root.querySelector('.launcher').click();
})"""
SITE_KEY = "partner"
METRICS: dict[str, str] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class HostSite:
    """A plain web page on another port that embeds the widget from the app."""

    origin: str
    pages: dict[str, str]


def host_page(app_origin: str, body: str) -> str:
    return (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>Gastsite</title></head><body><main>'
            f"<h1>Website van een gemeente</h1>{body}</main></body></html>")


def host_pages(app_origin: str) -> dict[str, str]:
    script = f'<script src="{app_origin}/widget.js" async></script>'
    return {
        "/launcher.html": host_page(app_origin, f'<p>Tekst.</p><script src="{app_origin}/widget.js" data-site="{SITE_KEY}" async></script>'),
        "/inline.html": host_page(app_origin, f'<assistant-chat site="{SITE_KEY}" mode="inline"></assistant-chat>{script}'),
    }


def serve_host_site(port: int, pages: dict[str, str], app_origin: str) -> ThreadingHTTPServer:
    # The host site's own strict policy: the widget must work with only its origin allowed.
    csp = f"default-src 'self'; script-src {app_origin}; connect-src {app_origin}; style-src 'self'"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            page = pages.get(self.path.split("?")[0])
            body = (page or "niet gevonden").encode()
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", csp)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@dataclass(frozen=True)
class LiveApp:
    url: str
    app: object
    allowed: HostSite
    refused: HostSite


@pytest.fixture(scope="session")
def live(hashing_index_dir, hashing_models_file, tmp_path_factory):
    app_port, allowed_port, refused_port = free_port(), free_port(), free_port()
    app_origin = f"http://127.0.0.1:{app_port}"
    allowed = HostSite(f"http://127.0.0.1:{allowed_port}", host_pages(app_origin))
    refused = HostSite(f"http://127.0.0.1:{refused_port}", host_pages(app_origin))
    root = tmp_path_factory.mktemp("browser")
    sites = root / "sites.json"
    sites.write_text(json.dumps({"sites": {
        "demo": {"origins": [app_origin]},
        SITE_KEY: {"name": "Gastsite", "origins": [allowed.origin]},
    }}))
    from assistant import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(hashing_index_dir), "DATA_DIR": str(root / "data"),
                      "EMBEDDER": HashingEmbedder(), "SITES_FILE": str(sites),
                      "MODELS_FILE": str(hashing_models_file), "RATE_LIMIT": "off"})

    @app.after_request
    def strict_policy(response):
        response.headers.setdefault("Content-Security-Policy", APP_CSP)
        return response

    server = make_server("127.0.0.1", app_port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hosts = [serve_host_site(allowed_port, allowed.pages, app_origin), serve_host_site(refused_port, refused.pages, app_origin)]
    yield LiveApp(app_origin, app, allowed, refused)
    server.shutdown()
    for host in hosts:
        host.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make system-deps)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000)
        yield chromium
        chromium.close()


@pytest.fixture()
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from tests/browser/node_modules; installed here with `npm ci` when missing."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is missing and npm is not installed: run `npm ci --prefix tests/browser`")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=300, capture_output=True)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pytest_terminal_summary(terminalreporter):
    if METRICS:
        terminalreporter.section("widget measurements")
        for name, value in METRICS.items():
            terminalreporter.write_line(f"{name}: {value}")
