"""Conversation, message and feedback storage in one SQLite file.

Usage from the web layer: call ``migrate(path)`` once at start-up, then open a
``ConversationStore(path)`` per thread (the web layer keeps one open per server
thread). Each store owns one connection used by one thread only, which avoids
sharing a connection across Flask threads.

Privacy: every text written here goes through ``redact()`` again, even when
the caller already did so, and deletes use ``secure_delete`` plus a WAL
checkpoint so erased conversations do not linger in the file.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any
from uuid import uuid4

from sqlite_utils import Database

from assistant.conversations.records import (RATINGS, ROLES, Clock, ConversationError, Message, Rating, Role,
                                             SchemaNotReady, UnknownConversation, UnknownMessage, iso_timestamp,
                                             utc_now)
from assistant.conversations.redaction import redact
from assistant.conversations.schema import BUSY_TIMEOUT, MIGRATIONS, migrate

__all__ = ["ConversationStore", "Message", "migrate", "ConversationError", "UnknownConversation",
           "UnknownMessage", "SchemaNotReady"]

_MESSAGE_COLUMNS = "id, conversation_id, role, text, status, citations, created_at"


class ConversationStore:
    """One connection to the conversations database; open one per request or job."""

    def __init__(self, path: str | Path, *, clock: Clock = utc_now) -> None:
        self._clock = clock
        try:
            # mode=rw: never silently create an empty database next to the real one.
            # isolation_level=None: this class opens every write transaction itself, as
            # BEGIN IMMEDIATE, so the busy timeout applies (see _writing).
            conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=rw", uri=True,
                                   timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.OperationalError as exc:
            raise SchemaNotReady(f"cannot open {path}; run migrate() first") from exc
        self._db = Database(conn, execute_plugins=False, recursive_triggers=False)
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA secure_delete = ON")  # zero deleted rows on disk
            if MIGRATIONS.pending(self._db):
                raise SchemaNotReady(f"{path} has pending migrations; run migrate() first")
        except BaseException:
            conn.close()
            raise

    migrate = staticmethod(migrate)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ConversationStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction. IMMEDIATE takes the write lock at the start, so a read inside
        the transaction cannot go stale; a deferred one would fail at once with "database is
        locked" when another process commits in between, without waiting for the timeout."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- conversations -------------------------------------------------------

    def create_conversation(self) -> str:
        with self._writing():
            return self._insert_conversation()

    def _insert_conversation(self) -> str:
        conversation_id = uuid4().hex
        now = iso_timestamp(self._clock())
        self._db.execute(
            "INSERT INTO conversations (id, created_at, updated_at) VALUES (?, ?, ?)",
            [conversation_id, now, now],
        )
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        return self._scalar("SELECT 1 FROM conversations WHERE id = ?", [conversation_id]) is not None

    def delete_conversation(self, conversation_id: str) -> bool:
        """Remove a conversation with all its messages and feedback (right to erasure)."""
        deleted = self._delete_where("id = ?", [conversation_id])
        self._checkpoint()
        return deleted > 0

    def purge_older_than(self, days: int, now: datetime | None = None) -> int:
        """Delete conversations last updated more than ``days`` ago; returns how many."""
        if days < 0:
            raise ValueError("days must be >= 0")
        return self.purge_before((now or self._clock()) - timedelta(days=days))

    def purge_before(self, cutoff: datetime) -> int:
        """Delete conversations last updated before ``cutoff``; returns how many."""
        deleted = self._delete_where("updated_at < ?", [iso_timestamp(cutoff)])
        if deleted:
            self._checkpoint()
        return deleted

    def _delete_where(self, where: str, params: list[Any]) -> int:
        # Explicit deletes instead of relying on the cascade alone, so erasure
        # does not depend on PRAGMA foreign_keys being on for this connection.
        chosen = f"SELECT id FROM conversations WHERE {where}"
        with self._writing():
            self._db.execute(
                "DELETE FROM feedback WHERE message_id IN "
                f"(SELECT id FROM messages WHERE conversation_id IN ({chosen}))",
                params,
            )
            self._db.execute(f"DELETE FROM messages WHERE conversation_id IN ({chosen})", params)
            return self._db.execute(f"DELETE FROM conversations WHERE {where}", params).rowcount

    # --- messages ------------------------------------------------------------

    def add_message(
        self,
        conversation_id: str,
        role: Role,
        text: str,
        *,
        status: str | None = None,
        citations: list[dict[str, Any]] | None = None,
    ) -> Message:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {role!r}")
        with self._writing():
            self._require(conversation_id)
            message = self._insert_message(conversation_id, role, text, status, citations)
            self._touch(conversation_id, message.created_at)
            return message

    def record_exchange(
        self,
        conversation_id: str | None,
        question: str,
        answer: str,
        *,
        status: str,
        citations: list[dict[str, Any]],
    ) -> Message:
        """A question and its answer in one transaction, in a new conversation when
        ``conversation_id`` is None: a conversation never exists without its messages, nor a
        question without its answer. Returns the stored answer."""
        with self._writing():
            if conversation_id is None:
                conversation_id = self._insert_conversation()
            else:
                self._require(conversation_id)
            self._insert_message(conversation_id, "user", question, None, None)
            message = self._insert_message(conversation_id, "assistant", answer, status, citations)
            self._touch(conversation_id, message.created_at)
            return message

    def _require(self, conversation_id: str) -> None:
        if not self.exists(conversation_id):
            raise UnknownConversation(conversation_id)

    def _touch(self, conversation_id: str, moment: str) -> None:
        self._db.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", [moment, conversation_id])

    def _insert_message(
        self, conversation_id: str, role: str, text: str, status: str | None, citations: list[dict[str, Any]] | None
    ) -> Message:
        """One message row; the caller checked the role and that the conversation exists, in the
        same transaction."""
        message = Message(
            id=uuid4().hex,
            conversation_id=conversation_id,
            role=role,
            text=redact(text).text,  # defence in depth: callers should have redacted already
            status=status,
            citations=list(citations or []),
            created_at=iso_timestamp(self._clock()),
        )
        self._db.execute(
            f"INSERT INTO messages ({_MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [message.id, conversation_id, role, message.text, status,
             json.dumps(message.citations, ensure_ascii=False), message.created_at],
        )
        return message

    def messages(self, conversation_id: str) -> list[Message]:
        """All messages of a conversation, oldest first."""
        rows = self._db.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? "
            "ORDER BY created_at, rowid",  # rowid breaks ties within one clock tick
            [conversation_id],
        ).fetchall()
        return [Message(*row[:5], citations=json.loads(row[5]), created_at=row[6]) for row in rows]

    def recent_user_messages(self, conversation_id: str, limit: int = 3) -> list[str]:
        """Texts of the last ``limit`` user messages, oldest first (context for retrieval)."""
        if limit <= 0:
            return []
        rows = self._db.execute(
            "SELECT text FROM messages WHERE conversation_id = ? AND role = 'user' "
            "ORDER BY created_at DESC, rowid DESC LIMIT ?",
            [conversation_id, limit],
        ).fetchall()
        return [row[0] for row in reversed(rows)]

    def message_exists(self, message_id: str) -> bool:
        return self._scalar("SELECT 1 FROM messages WHERE id = ?", [message_id]) is not None

    # --- feedback ------------------------------------------------------------

    def add_feedback(self, message_id: str, rating: Rating, reason: str | None = None) -> str:
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
        feedback_id = uuid4().hex
        with self._writing():
            if not self.message_exists(message_id):
                raise UnknownMessage(message_id)
            self._db.execute(
                "INSERT INTO feedback (id, message_id, rating, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                [feedback_id, message_id, rating, None if reason is None else redact(reason).text,
                 iso_timestamp(self._clock())],
            )
        return feedback_id

    # --- helpers -------------------------------------------------------------

    def _scalar(self, sql: str, params: list[Any]) -> Any:
        row = self._db.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def _checkpoint(self) -> None:
        # Copy the WAL into the main file and truncate it, so old page images of
        # erased rows do not stay behind in the -wal file. Best effort: if other
        # readers keep it busy past the timeout, SQLite just reports "busy".
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
