"""Widget benchmark: size of /widget.js (raw and gzip) and the time from a click on the launcher
to a focused question field, in headless Chromium against the app over real HTTP.

    python benchmarks/widget.py [--runs 30]

The demo page needs no index, so the app runs with an empty index directory and the hashing
stand-in embedder; nothing is built or loaded.
"""
from __future__ import annotations

import argparse
import gzip
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from assistant import create_app  # noqa: E402
from index.embedder import HashingEmbedder  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, OPEN_TO_FOCUS, free_port  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INDEX_DIR": tmp, "DATA_DIR": tmp, "EMBEDDER": HashingEmbedder()})
        port = free_port()
        server = make_server("127.0.0.1", port, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{port}"
        script = urlopen(f"{url}/widget.js").read()
        print(f"widget.js: {len(script)} bytes, {len(gzip.compress(script, 9))} bytes gzip (level 9)")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            times, loads = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                page.goto(f"{url}/widget/demo")
                page.wait_for_function("() => document.querySelector('assistant-chat')?.shadowRoot")
                loads.append((time.perf_counter() - start) * 1000)
                times.append(page.evaluate(OPEN_TO_FOCUS))
            browser.close()
        server.shutdown()
    times.sort()
    print(f"launcher click -> focused input (next frame), {args.runs} runs: median {statistics.median(times):.1f} ms, "
          f"max {times[-1]:.1f} ms")
    print(f"demo page load -> widget ready: median {statistics.median(loads):.0f} ms")


if __name__ == "__main__":
    main()
