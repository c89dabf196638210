"""Server text is never HTML; origins not allowed for a site key are refused; CSP-clean pages."""
from __future__ import annotations

import json

import pytest
import requests

from tests.browser.conftest import SITE_KEY
from tests.browser.helpers import QUESTION, ask, open_widget, shadow, wait_for_widget

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=\"window.__xss=1\">"


def hostile_result() -> dict:
    citation = {"n": 1, "chunk_id": "doc:x:001", "text": PAYLOAD, "quote": PAYLOAD, "section": PAYLOAD,
                "document": {"id": "doc", "title": f"Titel {PAYLOAD}", "date": None, "url": None}}
    return {"status": "answered", "answer": f"Let op {PAYLOAD} hier. [1]", "citations": [citation],
            "conversation_id": "0" * 32, "message_id": "m1"}


def sse(event: str, data) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


def no_element_created(page) -> None:
    assert shadow(page, "return root.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("window.__xss") is None
    answer = shadow(page, "return [...root.querySelectorAll('.msg.bot .bubble')].pop().textContent")
    assert PAYLOAD in answer
    assert PAYLOAD in shadow(page, "return root.querySelector('.cite').textContent")


def test_streamed_answer_with_html_renders_as_text(live, page):
    result = hostile_result()
    body = sse("citations", result["citations"]) + sse("delta", {"text": PAYLOAD}) + sse("done", result)
    page.route("**/api/chat/stream", lambda route: route.fulfill(status=200, content_type="text/event-stream", body=body))
    page.goto(f"{live.url}/widget/demo")
    open_widget(page)
    ask(page)
    no_element_created(page)


def test_answer_from_the_ask_fallback_with_html_renders_as_text(live, page):
    page.route("**/api/chat/stream", lambda route: route.abort("failed"))
    page.route("**/api/ask", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(hostile_result())))
    page.goto(f"{live.url}/widget/demo")
    open_widget(page)
    ask(page)
    no_element_created(page)


@pytest.mark.parametrize("page_path", ["/inline.html", "/launcher.html"])
def test_widget_works_on_another_allowed_origin(live, page, page_path):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    with page.expect_request("**/api/chat/stream") as sent:
        page.goto(live.allowed.origin + page_path)
        if page_path == "/launcher.html":
            open_widget(page)
        else:
            wait_for_widget(page)
        ask(page)
    headers = sent.value.all_headers()
    assert headers["x-site-key"] == SITE_KEY and headers["origin"] == live.allowed.origin
    assert page.evaluate("document.querySelector('assistant-chat').api") == live.url  # taken from the script's address
    link = shadow(page, "return root.querySelector('.cite').href")
    assert link.startswith(f"{live.url}/bronnen/")
    assert violations == []


def test_widget_on_an_origin_not_allowed_gets_no_answer(live, page):
    refused = []
    page.on("requestfailed", lambda r: refused.append(r.url))
    page.goto(live.refused.origin + "/inline.html")
    wait_for_widget(page)
    ask(page)
    assert page.locator("assistant-chat .cite").count() == 0
    assert shadow(page, "return root.querySelector('.msg.bot.error .bubble').textContent") == "Er ging iets mis. Probeer het later opnieuw."
    assert f"{live.url}/api/chat/stream" in refused and f"{live.url}/api/ask" in refused


def test_plain_http_from_an_origin_not_allowed_is_refused(live):
    body = {"question": QUESTION}
    headers = {"Origin": live.refused.origin, "X-Site-Key": SITE_KEY}
    refused = requests.post(f"{live.url}/api/ask", json=body, headers=headers, timeout=30)
    assert refused.status_code == 403
    assert refused.json()["error"] == "origin_not_allowed" and refused.json()["message"]
    assert "Access-Control-Allow-Origin" not in refused.headers
    preflight = requests.options(f"{live.url}/api/ask", timeout=30, headers={
        "Origin": live.refused.origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-site-key"})
    assert preflight.status_code == 403 and "Access-Control-Allow-Origin" not in preflight.headers

    allowed = requests.post(f"{live.url}/api/ask", json=body, headers={"Origin": live.allowed.origin, "X-Site-Key": SITE_KEY}, timeout=30)
    assert allowed.status_code == 200 and allowed.headers["Access-Control-Allow-Origin"] == live.allowed.origin
    without_origin = requests.post(f"{live.url}/api/ask", json=body, timeout=30)
    assert without_origin.status_code == 200 and "Access-Control-Allow-Origin" not in without_origin.headers


def test_pages_run_under_a_strict_content_security_policy(live, page):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live.url}/widget/demo")
    assert "script-src 'self'" in page.evaluate("() => fetch(location.href).then(r => r.headers.get('content-security-policy'))")
    open_widget(page)
    ask(page)
    page.goto(shadow(page, "return root.querySelector('.cite').href"))
    page.goto(f"{live.url}/bronnen/")
    assert violations == []
