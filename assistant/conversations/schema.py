"""The conversations database's schema: numbered migrations, applied safely by many processes.

Worker processes that start together take turns on a lock file beside the database, so only
the first creates the tables and the others find nothing pending.
"""
from __future__ import annotations

import fcntl
import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("assistant-conversations")
# Seconds a writer waits for another process's write transaction before giving up.
BUSY_TIMEOUT = 15.0


@MIGRATIONS()
def m001_create_tables(db: Database) -> None:
    # Plain DDL rather than table.create(): CHECK constraints and ON DELETE
    # CASCADE keep the data valid even if someone writes outside this module.
    db.execute(
        "CREATE TABLE conversations (id TEXT PRIMARY KEY, "
        "created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX conversations_updated_at ON conversations (updated_at)")
    db.execute(
        "CREATE TABLE messages (id TEXT PRIMARY KEY, "
        "conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE, "
        "role TEXT NOT NULL CHECK (role IN ('user', 'assistant')), "
        "text TEXT NOT NULL, status TEXT, citations TEXT NOT NULL DEFAULT '[]', "
        "created_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX messages_conversation ON messages (conversation_id, created_at)")
    db.execute(
        "CREATE TABLE feedback (id TEXT PRIMARY KEY, "
        "message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE, "
        "rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), "
        "reason TEXT, created_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX feedback_message ON feedback (message_id)")


def migrate(path: str | Path) -> list[str]:
    """Create or upgrade the schema and switch to WAL; returns the migrations applied.

    Safe when many worker processes start at once: they take turns on a lock file beside the
    database, so only the first creates the tables and the others find nothing pending."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if the process dies
        db = Database(sqlite3.connect(path, timeout=BUSY_TIMEOUT), execute_plugins=False)
        try:
            db.enable_wal()  # persistent in the file: readers do not block the writer
            pending = [m.name for m in MIGRATIONS.pending(db)]
            MIGRATIONS.apply(db)
            return pending
        finally:
            db.close()
