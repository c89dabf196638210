"""Over a real gunicorn server: errors gunicorn answers itself are Dutch JSON too, a huge
Content-Length is refused without waiting for the body, and rate limits are shared through
Redis by separate processes."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import requests

from tests.server_process import free_port, server_env, servers


@pytest.fixture(scope="module")
def server(hashing_index_dir, tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("gunicorn")
    with servers(server_env(hashing_index_dir, tmp / "data"), 1, "--workers", "1", log=tmp / "server.log") as urls:
        yield urls[0]


def raw(url: str, request: bytes, timeout: float = 5) -> tuple[bytes, float]:
    host, port = url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(request)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
            if b"\r\n\r\n" in reply and reply.rstrip().endswith(b"}"):
                break
    return reply, time.monotonic() - started


def test_oversized_header_is_a_dutch_json_431(server):
    response = requests.get(f"{server}/api/health", headers={"X-Big": "a" * 20_000}, timeout=10)
    assert response.status_code == 431
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"] == "headers_too_large" and "kopregels" in response.json()["message"]


def test_huge_content_length_is_refused_without_reading_the_body(server):
    head = (b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 200000000\r\n\r\n{\"question\": ")
    reply, seconds = raw(server, head)
    assert reply.startswith(b"HTTP/1.1 413") and b'"too_large"' in reply
    assert seconds < 3  # answered at once, not after a 200 MB upload or a timeout


def test_no_server_version_banner(server):
    response = requests.get(f"{server}/api/health", timeout=10)
    assert not any(ch.isdigit() for ch in response.headers.get("Server", ""))


@pytest.fixture()
def redis_url(tmp_path) -> Iterator[str]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (scripts/system-deps.sh installs it)")
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path),
                                "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def statuses(urls: list[str], count: int, **headers: str) -> list[int]:
    """Requests alternating between the servers."""
    return [requests.post(f"{urls[n % len(urls)]}/api/search", json={"query": "parkeren"}, headers=headers,
                          timeout=30).status_code for n in range(count)]


@pytest.mark.parametrize("storage", ["redis", "memory"])
def test_two_processes_share_one_limit_only_through_redis(hashing_index_dir, tmp_path, redis_url, storage):
    env = server_env(hashing_index_dir, tmp_path / "data", ASSISTANT_RATE_LIMIT="5/minute",
                     ASSISTANT_RATE_LIMIT_STORAGE=redis_url if storage == "redis" else "memory://")
    with servers(env, 2, "--workers", "1", log=tmp_path / "server.log") as urls:
        got = statuses(urls, 10)
        if storage == "memory":
            assert got == [200] * 10  # each process counts its own 5: the reason to use Redis
            return
        assert got == [200] * 5 + [429] * 5
        refused = requests.post(f"{urls[0]}/api/search", json={"query": "parkeren"}, timeout=30)
        assert refused.status_code == 429 and refused.json()["error"] == "too_many_requests"
        assert "te veel vragen" in refused.json()["message"]
        assert 0 < int(refused.headers["Retry-After"]) <= 60
        assert requests.get(f"{urls[1]}/api/health", timeout=10).status_code == 200  # probes are never limited


def test_site_key_has_its_own_limit_across_client_ips(hashing_index_dir, tmp_path, redis_url):
    env = server_env(hashing_index_dir, tmp_path / "data", ASSISTANT_RATE_LIMIT="100/minute",
                     ASSISTANT_SITE_RATE_LIMIT="4/minute", ASSISTANT_RATE_LIMIT_STORAGE=redis_url,
                     ASSISTANT_TRUSTED_PROXIES="1")
    with servers(env, 2, "--workers", "1", log=tmp_path / "server.log") as urls:
        # Four different client IPs (as the proxy reports them) on one gemeente's site.
        got = [requests.post(f"{urls[n % 2]}/api/search", json={"query": "parkeren"}, timeout=30,
                             headers={"X-Site-Key": "gemeente-noordwaard", "X-Forwarded-For": f"10.0.0.{n}"}).status_code
               for n in range(6)]
        assert got == [200] * 4 + [429] * 2
        other = requests.post(f"{urls[0]}/api/search", json={"query": "parkeren"}, timeout=30,
                              headers={"X-Site-Key": "gemeente-zuidwaard", "X-Forwarded-For": "10.0.0.1"})
        assert other.status_code == 200
