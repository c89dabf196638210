"""The conversation store's values and errors: what a caller gets back or catches."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

Role = Literal["user", "assistant"]
Rating = Literal["up", "down"]
Clock = Callable[[], datetime]

ROLES: tuple[str, ...] = ("user", "assistant")
RATINGS: tuple[str, ...] = ("up", "down")


class ConversationError(Exception):
    """Base class for errors raised by the conversation store."""


class UnknownConversation(ConversationError, LookupError):
    pass


class UnknownMessage(ConversationError, LookupError):
    pass


class SchemaNotReady(ConversationError):
    """The database file is missing or ``migrate(path)`` has not been run."""


@dataclass(frozen=True)
class Message:
    id: str
    conversation_id: str
    role: str
    text: str
    status: str | None
    citations: list[dict[str, Any]]
    created_at: str  # ISO 8601, UTC


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso_timestamp(moment: datetime) -> str:
    # One fixed format (UTC, microseconds) so string order equals time order in SQL.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # naive means UTC here
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
