"""Chat API: ask, streamed answers, conversations (read, erase) and feedback."""
from __future__ import annotations

import json
import re
import threading
from dataclasses import asdict
from datetime import date

from flask import Blueprint, Response, current_app, jsonify, stream_with_context

from assistant.answers.answering import answer_question
from assistant.answers.citations import Answer
from assistant.config import conversations_path
from assistant.conversations.store import ConversationStore, UnknownConversation, UnknownMessage
from assistant.web.errors import ApiError
from assistant.web.schemas import AskRequest, FeedbackRequest
from assistant.web.extensions import GENERATOR, covenant_registry, get_index
from assistant.web.validation import parse_body

bp = Blueprint("chat", __name__, url_prefix="/api")
STORES = "assistant.conversation_stores"  # one ConversationStore per thread
UNKNOWN_CONVERSATION = ApiError(404, "unknown_conversation", "Dit gesprek bestaat niet (meer).")


def store() -> ConversationStore:
    """This thread's connection to the conversations database, kept open between requests.
    Opening one per request (connect, pragmas, schema check, and a WAL checkpoint when the last
    connection closed) cost about as much CPU as storing the exchange itself."""
    stores = current_app.extensions.setdefault(STORES, threading.local())
    opened = getattr(stores, "store", None)
    if opened is None:
        opened = stores.store = ConversationStore(conversations_path(current_app.config))
    return opened


def ask(body: AskRequest) -> dict:
    conversations = store()
    history: list[str] = []
    if body.conversation_id:
        if not conversations.exists(body.conversation_id):
            raise UNKNOWN_CONVERSATION
        history = conversations.recent_user_messages(body.conversation_id, 3)
    peildatum = date.fromisoformat(body.peildatum) if body.peildatum else None
    question, answer = answer_question(
        get_index(), current_app.extensions[GENERATOR], body.question, history, body.gemeente, peildatum,
        covenant_registry(),
    )
    try:
        message = conversations.record_exchange(
            body.conversation_id, question.text, answer.answer, status=answer.status, citations=stored_citations(answer)
        )
    except UnknownConversation:  # erased while the answer was being composed
        raise UNKNOWN_CONVERSATION from None
    return payload(answer, message.conversation_id, message.id)


def payload(answer: Answer, conversation_id: str, message_id: str) -> dict:
    return {
        "status": answer.status,
        "answer": answer.answer,
        "citations": [asdict(c) for c in answer.citations],
        "related": [asdict(r) for r in answer.related],
        "conversation_id": conversation_id,
        "message_id": message_id,
    }


def stored_citations(answer: Answer) -> list[dict]:
    """What a conversation keeps of a citation: where it points, not the whole passage."""
    return [{"n": c.n, "chunk_id": c.chunk_id, "quote": c.quote, "document_id": c.document["id"]} for c in answer.citations]


@bp.post("/ask")
def ask_endpoint():
    return jsonify(ask(parse_body(AskRequest)))


@bp.post("/chat/stream")
def stream_endpoint():
    result = ask(parse_body(AskRequest))  # validated and answered before the stream opens

    def events():
        yield sse("citations", result["citations"])
        for piece in re.findall(r"\S+\s*", result["answer"]):
            yield sse("delta", {"text": piece})
        yield sse("done", result)

    return Response(stream_with_context(events()), mimetype="text/event-stream", headers={"Cache-Control": "no-cache"})


def sse(event: str, data) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@bp.post("/feedback")
def feedback_endpoint():
    body = parse_body(FeedbackRequest)
    try:
        feedback_id = store().add_feedback(body.message_id, body.rating, body.reason)
    except UnknownMessage:
        raise ApiError(404, "unknown_message", "Dit bericht bestaat niet (meer).") from None
    return jsonify({"feedback_id": feedback_id}), 201


@bp.get("/conversations/<conversation_id>")
def conversation_endpoint(conversation_id: str):
    conversations = store()
    if not conversations.exists(conversation_id):
        raise UNKNOWN_CONVERSATION
    messages = [
        {"id": m.id, "role": m.role, "text": m.text, "status": m.status, "citations": m.citations, "created_at": m.created_at}
        for m in conversations.messages(conversation_id)
    ]
    return jsonify({"conversation_id": conversation_id, "messages": messages})


@bp.delete("/conversations/<conversation_id>")
def delete_conversation_endpoint(conversation_id: str):
    if not store().delete_conversation(conversation_id):
        raise UNKNOWN_CONVERSATION
    return jsonify({"deleted": True})
