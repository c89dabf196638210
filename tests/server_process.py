"""Real `assistant serve` processes (gunicorn) for tests: free port, wait until live, stop."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(index_dir: Path, data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "ASSISTANT_EMBEDDING_MODEL": "hashing-stand-in", "ASSISTANT_INDEX_DIR": str(index_dir),
            "ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_RATE_LIMIT": "off", "HF_HUB_OFFLINE": "1", **extra}


def start(env: dict[str, str], *args: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with open(log, "ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port), *args],
                                   env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def wait_ready(process: subprocess.Popen, url: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/api/ready", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"server not ready after {timeout} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()  # SIGTERM: gunicorn's graceful shutdown
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def servers(env: dict[str, str], count: int, *args: str, log: Path) -> Iterator[list[str]]:
    """`count` servers started at the same moment (they race through start-up together)."""
    started = [start(env, *args, log=log) for _ in range(count)]
    try:
        for process, url in started:
            wait_ready(process, url, log)
        yield [url for _, url in started]
    finally:
        for process, _ in started:
            stop(process)
