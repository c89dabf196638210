"""Bad, big or hostile requests get a Dutch JSON 4xx, never a 500 or an echo of markup."""
from __future__ import annotations

import pytest


def error_of(response) -> str:
    data = response.get_json()
    assert set(data) == {"error", "message"} and data["message"]
    return data["error"]


def test_large_body_refused_from_content_length_alone(client):
    # The header claims 200 MB; the refusal must come before any body is read.
    response = client.post("/api/ask", data=b"{}", content_type="application/json",
                           environ_overrides={"CONTENT_LENGTH": str(200 * 1024 * 1024)})
    assert response.status_code == 413 and error_of(response) == "too_large"


def test_body_just_over_16_kb_is_refused_and_under_is_read(client):
    question = "parkeerkaart " * 150
    over = {"question": question, "padding": "x" * 16 * 1024}
    assert client.post("/api/ask", json=over).status_code == 413
    assert client.post("/api/ask", json={"question": question[:1990]}).status_code == 200


@pytest.mark.parametrize("depth", [9, 1000, 5000])
def test_deep_json_is_a_400(client, depth):
    body = '{"question": "x", "a": ' + "[" * depth + "]" * depth + "}"
    response = client.post("/api/ask", data=body, content_type="application/json")
    assert response.status_code == 400 and error_of(response) == "too_deep"


def test_brackets_inside_strings_do_not_count_as_depth(client):
    response = client.post("/api/search", json={"query": "[[[[[[[[[[[[ parkeren ]]]]]]]]]]]]"})
    assert response.status_code == 200


def test_invalid_utf8_and_control_characters_are_refused(client):
    response = client.post("/api/ask", data=b'{"question": "caf\xe9"}', content_type="application/json")
    assert response.status_code == 400 and error_of(response) == "invalid_encoding"
    for question in ("wat is\x00 een pgb", "pgb\x1b[31m", "pgb\u0085"):
        response = client.post("/api/ask", json={"question": question})
        assert response.status_code == 400 and error_of(response) == "invalid_question"


def test_question_longer_than_2000_characters_is_refused(client):
    response = client.post("/api/ask", json={"question": "a" * 2001})
    assert response.status_code == 400 and "2000" in response.get_json()["message"]


def test_wrong_content_type_is_415_and_wrong_method_405_with_allow(client):
    response = client.post("/api/ask", data="question=pgb", content_type="text/plain")
    assert response.status_code == 415 and error_of(response) == "unsupported_media_type"
    response = client.put("/api/ask", json={"question": "pgb"})
    assert response.status_code == 405 and error_of(response) == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


MARKUP = '<img src=x onerror="alert(1)">'


def test_markup_in_free_text_fields_is_refused_not_echoed(client):
    for path, body, field in [
        ("/api/ask", {"question": "Wat is een pgb?", "gemeente": MARKUP}, "gemeente"),
        ("/api/search", {"query": "pgb", "gemeente": MARKUP}, "gemeente"),
        ("/api/compare", {"topic": MARKUP, "gemeenten": ["Noordwaard", "Zuidwaard"]}, "topic"),
        ("/api/compare", {"topic": "hulp", "gemeenten": ["Noordwaard", MARKUP]}, "gemeenten"),
    ]:
        response = client.post(path, json=body)
        assert response.status_code == 400 and error_of(response) == f"invalid_{field}"
        assert "<img" not in response.get_data(as_text=True)
    asked = client.post("/api/ask", json={"question": "Wat is een pgb?"}).get_json()
    response = client.post("/api/feedback", json={"message_id": asked["message_id"], "rating": "down", "reason": MARKUP})
    assert response.status_code == 400 and error_of(response) == "invalid_reason"


def test_real_gemeente_names_pass(client):
    for name in ("'s-Hertogenbosch", "Súdwest-Fryslân", "Bergen (NH)", "  Utrecht ", ""):
        assert client.post("/api/search", json={"query": "parkeren", "gemeente": name}).status_code == 200, name


def test_security_headers(client):
    asked = client.post("/api/ask", json={"question": "Wat is een pgb?"})
    assert asked.headers["X-Content-Type-Options"] == "nosniff"
    assert asked.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert asked.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in asked.headers["Content-Security-Policy"]
    conversation = client.get(f"/api/conversations/{asked.get_json()['conversation_id']}")
    assert conversation.headers["Cache-Control"] == "no-store"
    assert len(asked.headers["X-Request-ID"]) == 32


def test_html_gets_a_strict_content_security_policy(app):
    @app.get("/probe.html")
    def probe():
        return "<!doctype html><p>hallo</p>"

    response = app.test_client().get("/probe.html")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy and "unsafe-inline" not in policy
    assert "Cross-Origin-Resource-Policy" not in response.headers  # the widget script is loaded cross-origin


def test_a_crash_is_a_dutch_500_with_the_traceback_only_in_the_log(app, caplog):
    @app.get("/api/boom")
    def boom():
        raise RuntimeError("mijn bsn is 111222333")

    response = app.test_client().get("/api/boom")
    assert response.status_code == 500 and error_of(response) == "internal_error"
    assert "Traceback" not in response.get_data(as_text=True)
    record = next(r for r in caplog.records if r.exc_info)
    from assistant.web.logs import JsonFormatter
    import json

    line = json.loads(JsonFormatter().format(record))
    assert "RuntimeError" in line["traceback"] and "111222333" not in line["traceback"]
