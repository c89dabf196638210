from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from assistant.conversations.store import (
    ConversationError,
    ConversationStore,
    SchemaNotReady,
    UnknownConversation,
    UnknownMessage,
    migrate,
)

START = datetime(2026, 6, 17, 9, 0, tzinfo=timezone.utc)


class FakeClock:
    """Advances one second per call so ordering is deterministic; settable for retention tests."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "conversations.db"
    migrate(path)
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(db_path: Path, clock: FakeClock) -> Iterator[ConversationStore]:
    with ConversationStore(db_path, clock=clock) as opened:
        yield opened


def raw_bytes(db_path: Path) -> bytes:
    """Everything SQLite may have written: main file, -wal and -shm."""
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))


def count(db_path: Path, sql: str, params: tuple = ()) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchone()[0]


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "c.db"
    assert migrate(path) == ["m001_create_tables"]
    assert migrate(path) == []
    with ConversationStore(path) as first:
        conversation = first.create_conversation()
    assert ConversationStore.migrate(path) == []
    with ConversationStore(path) as second:
        assert second.exists(conversation)
    assert count(path, "SELECT count(*) FROM _sqlite_migrations") == 1


def test_wal_mode_is_on(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_opening_unmigrated_database_fails(tmp_path: Path) -> None:
    with pytest.raises(SchemaNotReady):
        ConversationStore(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(ConversationError):
        ConversationStore(tmp_path / "empty.db")


def test_add_and_list_messages_in_order(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    assert store.exists(conversation)
    assert not store.exists("nope")
    first = store.add_message(conversation, "user", "Wat is de Wmo?")
    second = store.add_message(conversation, "assistant", "De Wmo is ...", status="answered")
    third = store.add_message(conversation, "user", "En de Jeugdwet?")
    listed = store.messages(conversation)
    assert listed == [first, second, third]
    assert [m.role for m in listed] == ["user", "assistant", "user"]
    assert listed[1].status == "answered"
    assert listed[0].created_at < listed[1].created_at < listed[2].created_at
    assert listed[0].created_at.endswith("+00:00")
    assert len(first.id) == 32 and store.message_exists(first.id)
    assert store.recent_user_messages(conversation) == ["Wat is de Wmo?", "En de Jeugdwet?"]
    assert store.recent_user_messages(conversation, limit=1) == ["En de Jeugdwet?"]
    assert store.recent_user_messages(conversation, limit=0) == []


def test_same_timestamp_keeps_insertion_order(db_path: Path) -> None:
    with ConversationStore(db_path, clock=lambda: START) as store:
        conversation = store.create_conversation()
        texts = [f"vraag {i}" for i in range(5)]
        for text in texts:
            store.add_message(conversation, "user", text)
        assert [m.text for m in store.messages(conversation)] == texts


def test_bad_role_and_unknown_conversation(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    with pytest.raises(ValueError):
        store.add_message(conversation, "system", "x")  # type: ignore[arg-type]
    with pytest.raises(UnknownConversation):
        store.add_message("nope", "user", "x")
    assert store.messages(conversation) == []


def test_citations_round_trip_as_json(store: ConversationStore, db_path: Path) -> None:
    conversation = store.create_conversation()
    citations = [
        {"chunk_id": "wmo-2015#art-2.3.5", "title": "Wet maatschappelijke ondersteuning", "score": 0.82},
        {"chunk_id": "brief-17-juni", "section": "4. Resultaten > 4.1", "tags": ["één", "twee"]},
    ]
    message = store.add_message(conversation, "assistant", "Antwoord", citations=citations)
    assert message.citations == citations
    assert store.messages(conversation)[0].citations == citations
    assert store.add_message(conversation, "user", "vraag").citations == []
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("SELECT citations FROM messages WHERE id = ?", (message.id,)).fetchone()[0]
    assert '"één"' in stored


def test_pii_never_reaches_the_database_file(store: ConversationStore, db_path: Path) -> None:
    conversation = store.create_conversation()
    # Not pre-redacted on purpose: the store must redact as defence in depth.
    message = store.add_message(
        conversation, "user", "Mijn BSN is 111222333, bel 06-12345678 of mail jan@example.nl"
    )
    assert message.text == "Mijn BSN is [BSN], bel [TELEFOON] of mail [E-MAIL]"
    store.add_feedback(message.id, "down", "u vroeg om mijn bsn 1234.56.782 en NL91ABNA0417164300")
    for secret in (b"111222333", b"12345678", b"jan@example.nl", b"56.782", b"0417164300"):
        assert secret not in raw_bytes(db_path), secret
    store.close()
    for secret in (b"111222333", b"12345678", b"jan@example.nl", b"56.782", b"0417164300"):
        assert secret not in raw_bytes(db_path), secret


def test_delete_removes_only_that_conversation(store: ConversationStore, db_path: Path) -> None:
    gone = store.create_conversation()
    kept = store.create_conversation()
    m1 = store.add_message(gone, "user", "geheime-vraag-xyz")
    store.add_feedback(m1.id, "up")
    m2 = store.add_message(gone, "assistant", "antwoord")
    store.add_feedback(m2.id, "down", "te lang")
    k1 = store.add_message(kept, "user", "andere vraag")
    store.add_feedback(k1.id, "up")

    assert store.delete_conversation(gone) is True
    assert store.delete_conversation(gone) is False
    assert not store.exists(gone) and store.exists(kept)
    assert store.messages(gone) == []
    assert not store.message_exists(m1.id)
    assert count(db_path, "SELECT count(*) FROM messages WHERE conversation_id = ?", (gone,)) == 0
    assert count(db_path, "SELECT count(*) FROM feedback WHERE message_id IN (?, ?)", (m1.id, m2.id)) == 0
    assert [m.id for m in store.messages(kept)] == [k1.id]
    assert count(db_path, "SELECT count(*) FROM feedback") == 1
    # secure_delete + WAL checkpoint: erased text is not left behind in the files.
    store.close()
    assert b"geheime-vraag-xyz" not in raw_bytes(db_path)


def test_purge_with_fake_clock(db_path: Path, clock: FakeClock) -> None:
    with ConversationStore(db_path, clock=clock) as store:
        old = store.create_conversation()
        old_message = store.add_message(old, "user", "oud")
        store.add_feedback(old_message.id, "up")
        clock.now = START + timedelta(days=20)
        revived = store.create_conversation()
        clock.now = START
        store.add_message(revived, "user", "oud begonnen")  # created late, but updated_at set back below
        clock.now = START + timedelta(days=20)
        store.add_message(revived, "user", "later bijgewerkt")  # last update keeps it alive
        fresh = store.create_conversation()

        now = START + timedelta(days=40)
        assert store.purge_older_than(30, now=now) == 1
        assert not store.exists(old) and store.exists(revived) and store.exists(fresh)
        assert count(db_path, "SELECT count(*) FROM feedback") == 0
        assert count(db_path, "SELECT count(*) FROM messages") == 2
        assert store.purge_older_than(30, now=now) == 0

        clock.now = START + timedelta(days=60)  # default "now" comes from the clock
        assert store.purge_older_than(30) == 2
        with pytest.raises(ValueError):
            store.purge_older_than(-1)


def test_feedback(store: ConversationStore, db_path: Path) -> None:
    conversation = store.create_conversation()
    message = store.add_message(conversation, "assistant", "antwoord")
    feedback_id = store.add_feedback(message.id, "up")
    assert len(feedback_id) == 32
    with pytest.raises(UnknownMessage):
        store.add_feedback("bestaat-niet", "up")
    with pytest.raises(ConversationError):
        store.add_feedback("bestaat-niet", "down")
    with pytest.raises(ValueError):
        store.add_feedback(message.id, "meh")  # type: ignore[arg-type]
    assert count(db_path, "SELECT count(*) FROM feedback") == 1


def test_naive_clock_is_treated_as_utc(db_path: Path) -> None:
    with ConversationStore(db_path, clock=lambda: datetime(2026, 1, 2, 3, 4, 5)) as store:
        message = store.add_message(store.create_conversation(), "user", "hoi")
    assert message.created_at == "2026-01-02T03:04:05.000000+00:00"
