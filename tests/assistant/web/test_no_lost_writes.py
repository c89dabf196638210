"""Four real server processes on one data directory, 32 writing threads: nothing is lost.

Also the start-up race: many processes migrating one fresh database at the same moment."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.server_process import REPO, server_env, servers

THREADS, ROUNDS = 32, 3


def converse(urls: list[str], worker: int) -> list[int]:
    """Per round: a new conversation, a follow-up in it (on another server) and feedback."""
    statuses: list[int] = []
    session = requests  # a new connection each time: no race with the server closing idle ones
    for round_ in range(ROUNDS):
        first = session.post(f"{urls[(worker + round_) % 4]}/api/ask", json={"question": f"Wat is een pgb? ({worker})"}, timeout=60)
        statuses.append(first.status_code)
        if first.status_code != 200:
            continue
        conversation = first.json()["conversation_id"]
        follow = session.post(f"{urls[(worker + round_ + 1) % 4]}/api/ask",
                              json={"question": "En de eigen bijdrage?", "conversation_id": conversation}, timeout=60)
        statuses.append(follow.status_code)
        feedback = session.post(f"{urls[(worker + round_ + 2) % 4]}/api/feedback",
                                json={"message_id": first.json()["message_id"], "rating": "up"}, timeout=60)
        statuses.append(feedback.status_code)
    return statuses


def test_four_servers_and_32_threads_lose_no_write(hashing_index_dir, tmp_path):
    data = tmp_path / "data"  # fresh: the four servers also race to create the schema
    env = server_env(hashing_index_dir, data)
    with servers(env, 4, "--workers", "1", "--threads", "8", log=tmp_path / "server.log") as urls:
        with ThreadPoolExecutor(THREADS) as pool:
            statuses = [s for result in pool.map(lambda w: converse(urls, w), range(THREADS)) for s in result]
    assert [s for s in statuses if s not in (200, 201)] == []
    conversations = THREADS * ROUNDS
    with sqlite3.connect(data / "conversations.db") as db:
        count = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        assert count("SELECT count(*) FROM conversations") == conversations
        assert count("SELECT count(*) FROM messages WHERE role = 'user'") == 2 * conversations
        assert count("SELECT count(*) FROM messages WHERE role = 'assistant'") == 2 * conversations
        assert count("SELECT count(*) FROM feedback") == conversations
        # Every conversation holds exactly its two questions and two answers.
        assert count("SELECT count(*) FROM conversations c WHERE "
                     "(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) != 4") == 0
    assert "Traceback" not in (tmp_path / "server.log").read_text()


MIGRATE = "import sys; from assistant.conversations.store import migrate; migrate(sys.argv[1])"


def test_processes_starting_together_all_migrate(tmp_path):
    for attempt in range(10):
        path = tmp_path / f"try{attempt}" / "conversations.db"
        processes = [subprocess.Popen([sys.executable, "-c", MIGRATE, str(path)], cwd=REPO,
                                      stderr=subprocess.PIPE) for _ in range(6)]
        errors = [p.communicate(timeout=60)[1].decode() for p in processes]
        assert [p.returncode for p in processes] == [0] * 6, errors
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == 1
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
