"""Rebuilding the index in the background of a running worker, for the admin API.

The build takes the index's build lock, so it never runs twice (also not beside a CLI build);
when it publishes, every worker swaps the new build in on its next request (services.IndexSwap).
The outcome is written to `<index>/last-build.json`, readable by any worker: state "running",
"done" or "failed" ("running" while no build holds the lock means the process died mid-build).
"""
from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict

from index.build import build_index
from index.embedder import Embedder
from index.layout import BuildInProgress, IndexLayout

log = logging.getLogger(__name__)
OUTCOME = "last-build.json"


def start_reindex(layout: IndexLayout, embedder: Embedder) -> bool:
    """Start a build in a background thread; False when a build is already running."""
    if layout.is_building():
        return False
    # Written before the thread starts, so a status request right after this sees the build.
    write_outcome(layout, {"state": "running", "started_at": time.strftime("%Y-%m-%dT%H:%M:%S")})
    threading.Thread(target=reindex, args=(layout, embedder), name="reindex", daemon=True).start()
    return True


def reindex(layout: IndexLayout, embedder: Embedder) -> None:
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    try:
        report = build_index(layout, embedder.name, lambda: embedder, progress=False)
    except BuildInProgress:
        return  # another build won the race; it writes its own outcome
    except Exception as error:  # noqa: BLE001 - the outcome is reported through the status endpoint
        log.exception("reindex failed")
        write_outcome(layout, {"state": "failed", "started_at": started, "error": type(error).__name__})
        return
    write_outcome(layout, {"state": "done", "started_at": started, **asdict(report)})


def write_outcome(layout: IndexLayout, outcome: dict) -> None:
    if outcome["state"] != "running":
        outcome["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    part = layout.root / (OUTCOME + ".part")
    part.write_text(json.dumps(outcome, ensure_ascii=False))
    part.replace(layout.root / OUTCOME)


def read_outcome(layout: IndexLayout) -> dict | None:
    try:
        return json.loads((layout.root / OUTCOME).read_text())
    except (FileNotFoundError, ValueError):
        return None
