"""Conversation behaviour: kept per browser tab, follow-ups, Nieuw gesprek, feedback, gemeente, fallback."""
from __future__ import annotations

import json

import pytest

from tests.browser.helpers import ask, open_widget, shadow

pytestmark = pytest.mark.browser

STORED = "() => JSON.parse(sessionStorage.getItem('assistant-chat:demo'))"


def test_conversation_survives_a_page_load_and_continues(live, page):
    page.goto(f"{live.url}/widget/demo")
    open_widget(page)
    ask(page)
    stored = page.evaluate(STORED)
    assert len(stored["conversation"]) == 32 and [m["role"] for m in stored["messages"]] == ["user", "assistant"]

    page.reload()
    open_widget(page)
    assert shadow(page, "return root.querySelectorAll('.msg.user').length") == 1
    assert page.locator("assistant-chat .cite").count() >= 1
    with page.expect_request("**/api/chat/stream") as sent:
        ask(page, "En wat kost die kaart?")
    assert sent.value.post_data_json["conversation_id"] == stored["conversation"]


def test_new_conversation_clears_the_log_and_the_stored_id(live, page):
    page.goto(f"{live.url}/widget/demo")
    open_widget(page)
    ask(page)
    page.locator("assistant-chat button", has_text="Nieuw gesprek").click()
    assert shadow(page, "return root.querySelectorAll('.msg').length") == 1  # the greeting
    assert page.evaluate(STORED) is None
    assert shadow(page, "return root.activeElement.className") == "question"
    with page.expect_request("**/api/chat/stream") as sent:
        ask(page)
    assert "conversation_id" not in sent.value.post_data_json


def test_feedback_is_posted_and_thanked(live, page):
    page.goto(f"{live.url}/widget/demo")
    open_widget(page)
    ask(page)
    with page.expect_response("**/api/feedback") as answered:
        page.locator("assistant-chat .feedback button", has_text="Ja").click()
    assert answered.value.status == 201
    assert answered.value.request.post_data_json["rating"] == "up"
    page.locator("assistant-chat .feedback", has_text="Bedankt voor uw reactie.").wait_for()
    assert page.evaluate(STORED)["messages"][-1]["rating"] == "up"


def test_gemeente_option_fills_the_filter_and_is_sent(live, page):
    page.goto(f"{live.url}/widget/demo")
    page.evaluate("""() => {
      document.querySelector('assistant-chat')?.remove();
      const chat = document.createElement('assistant-chat');
      chat.setAttribute('site', 'demo');
      chat.setAttribute('gemeente', 'Hilversum');
      document.body.append(chat);
    }""")
    open_widget(page)
    assert page.locator("assistant-chat .gemeente").input_value() == "Hilversum"
    with page.expect_request("**/api/chat/stream") as sent:
        ask(page)
    assert sent.value.post_data_json["gemeente"] == "Hilversum"


def test_without_streaming_the_answer_comes_from_api_ask(live, page):
    page.route("**/api/chat/stream", lambda route: route.abort("failed"))
    page.goto(f"{live.url}/widget/demo")
    open_widget(page)
    with page.expect_response("**/api/ask") as answered:
        ask(page)
    assert answered.value.status == 200
    answer = answered.value.json()["answer"]
    shown = shadow(page, "const b = [...root.querySelectorAll('.msg.bot .bubble')].pop().cloneNode(true);"
                         " b.querySelectorAll('.sr').forEach((n) => n.remove()); return b.textContent")
    assert shown == answer
    assert page.locator("assistant-chat .cite").count() == len(answered.value.json()["citations"])


def test_every_text_can_be_replaced(live, page):
    page.goto(f"{live.url}/widget/demo")
    page.evaluate("""() => {
      document.querySelector('assistant-chat')?.remove();
      const chat = document.createElement('assistant-chat');
      for (const [name, value] of [['text-launcher', 'Vraag maar'], ['text-send', 'Stuur'], ['chat-title', 'Hulplijn'],
                                   ['greeting', 'Welkom bij de hulplijn.'], ['text-question-label', 'Jouw vraag']]) chat.setAttribute(name, value);
      document.body.append(chat);
    }""")
    assert page.locator("assistant-chat .launcher").inner_text() == "Vraag maar"
    open_widget(page)
    assert page.get_by_role("dialog", name="Hulplijn").is_visible()
    assert page.get_by_label("Jouw vraag").is_visible()
    assert page.locator("assistant-chat .send").inner_text() == "Stuur"
    assert "Welkom bij de hulplijn." in page.locator("assistant-chat .log").inner_text()


def test_a_forgotten_conversation_starts_a_new_one(live, page):
    page.goto(f"{live.url}/widget/demo")
    page.evaluate("() => sessionStorage.setItem('assistant-chat:demo', JSON.stringify({conversation: 'f'.repeat(32), messages: []}))")
    page.reload()
    open_widget(page)
    ask(page)
    assert page.locator("assistant-chat .cite").count() >= 1
    conversation = page.evaluate(STORED)["conversation"]
    assert len(conversation) == 32 and conversation != "f" * 32


def test_server_error_message_is_shown_without_asking_again(live, page):
    asked = []
    message = "Te veel verzoeken. Probeer het over een minuut opnieuw."
    page.route("**/api/chat/stream", lambda route: route.fulfill(
        status=429, content_type="application/json", body=json.dumps({"error": "too_many_requests", "message": message})))
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/api/ask") else None)
    page.goto(f"{live.url}/widget/demo")
    open_widget(page)
    ask(page)
    assert shadow(page, "return root.querySelector('.msg.bot.error .bubble').textContent") == message
    assert asked == []


def test_new_conversation_while_waiting_drops_the_late_answer(live, page):
    held = []
    page.route("**/api/chat/stream", lambda route: held.append(route))
    page.goto(f"{live.url}/widget/demo")
    open_widget(page)
    page.locator("assistant-chat .question").fill("Wat is een gehandicaptenparkeerkaart?")
    page.locator("assistant-chat .question").press("Enter")
    page.wait_for_function("() => document.querySelector('assistant-chat').shadowRoot.querySelector('.log[aria-busy]')")
    while not held:
        page.wait_for_timeout(50)
    page.locator("assistant-chat button", has_text="Nieuw gesprek").click()
    held[0].continue_()
    page.wait_for_function("() => !document.querySelector('assistant-chat').shadowRoot.querySelector('.log[aria-busy]')")
    assert shadow(page, "return root.querySelectorAll('.msg').length") == 1
    assert page.evaluate(STORED) is None
    assert shadow(page, "return root.querySelector('.send').disabled") is False
