"""A build killed (SIGKILL) at any point leaves the running service answering, and the next build
succeeds; a finished build is picked up by every worker without a failed request."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from index.embedder import HashingEmbedder
from index.layout import IndexLayout, is_complete
from index.search import HybridIndex
from knowledge.corpus import DEFAULT_CORPUS
from tests.server_process import REPO, server_env, servers

KILL_AFTER = (0.3, 0.8, 1.5, 2.5, 4.0)  # seconds into a build of about 5 s


def build(env: dict[str, str], corpus: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "assistant", "build", "--corpus", str(corpus)], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def change(corpus: Path, n: int) -> None:
    """A new sentence, so the next build cannot keep the current one."""
    first = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[0]
    first.write_text(first.read_text() + f"\n\nAanvulling {n}: de gemeente beslist over de aanvraag.\n")


def test_killed_builds_never_break_the_service(hashing_index_dir, tmp_path):
    index_dir, corpus = tmp_path / "index", tmp_path / "corpus"
    shutil.copytree(hashing_index_dir, index_dir, symlinks=True)
    shutil.copytree(DEFAULT_CORPUS, corpus)
    layout = IndexLayout(index_dir)
    first = layout.current_build()
    env = server_env(index_dir, tmp_path / "data")
    with servers(env, 1, "--workers", "2", log=tmp_path / "server.log") as (url,):
        for n, delay in enumerate(KILL_AFTER):
            change(corpus, n)
            process = build(env, corpus)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
            assert requests.get(f"{url}/api/ready", timeout=10).status_code == 200
            assert requests.post(f"{url}/api/search", json={"query": "eigen bijdrage"}, timeout=30).status_code == 200
            current = layout.current_build()
            assert current is not None and is_complete(current)
            HybridIndex(layout, HashingEmbedder())  # what is current can be opened

        failures: list[int] = []
        stop = threading.Event()

        def keep_asking() -> None:
            while not stop.is_set():
                response = requests.post(f"{url}/api/search", json={"query": "parkeerkaart"}, timeout=30)
                if response.status_code != 200:
                    failures.append(response.status_code)

        asker = threading.Thread(target=keep_asking)
        asker.start()
        try:
            change(corpus, len(KILL_AFTER))
            assert build(env, corpus).wait(timeout=300) == 0
            newest = layout.current_build()
            assert newest is not None and newest != first
            deadline = time.monotonic() + 20
            served: set[str] = set()
            while time.monotonic() < deadline:
                served = {requests.get(f"{url}/api/ready", timeout=10).json()["build"] for _ in range(8)}
                if served == {newest.name}:
                    break
                time.sleep(0.3)
            assert served == {newest.name}  # both workers moved to the new build
        finally:
            stop.set()
            asker.join()
        assert failures == []
    # Left on disk: the new build and the newest complete one before it; no half-built ones.
    kept = sorted(p.name for p in layout.builds.iterdir())
    assert newest.name in kept and len(kept) <= 2 and all(is_complete(layout.builds / name) for name in kept)
