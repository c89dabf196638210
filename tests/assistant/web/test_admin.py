"""Admin API: absent without a key, refused with a wrong one; import, rebuild and swap while
questions keep being answered; erasing conversations before a date."""
from __future__ import annotations

import shutil
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from assistant import create_app
from index.embedder import HashingEmbedder

OVERHEID = Path(__file__).resolve().parents[2] / "data" / "overheid"
KEY = "een-lange-geheime-sleutel"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture()
def admin_app(hashing_index_dir, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(hashing_index_dir, index_dir, symlinks=True)
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "DATA_DIR": str(tmp_path / "data"),
                       "EMBEDDER": HashingEmbedder(), "RATE_LIMIT": "off", "ADMIN_KEY": KEY})


def test_admin_api_is_absent_without_a_key(client):
    assert client.get("/api/admin/status").status_code == 404
    assert "/api/admin/status" not in client.get("/api/openapi.json").get_json()["paths"]


def test_wrong_or_missing_key_is_401(admin_app):
    client = admin_app.test_client()
    for headers in ({}, {"Authorization": "Bearer fout"}, {"Authorization": f"Bearer {KEY}x"}):
        response = client.get("/api/admin/status", headers=headers)
        assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    status = client.get("/api/admin/status", headers=AUTH).get_json()
    assert status["current_build"] == status["served_build"] and status["passages"] > 400
    assert "/api/admin/status" in client.get("/api/openapi.json").get_json()["paths"]


def wait_for_build(client, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get("/api/admin/status", headers=AUTH).get_json()
        if not status["building"] and status["last_build"]["state"] != "running":
            return status
        assert client.post("/api/search", json={"query": "parkeerkaart"}).status_code == 200  # no failed request
        time.sleep(0.2)
    raise AssertionError("reindex did not finish")


def test_import_rebuilds_and_the_new_build_is_served(admin_app):
    client = admin_app.test_client()
    before = client.get("/api/ready").get_json()["build"]
    with open(OVERHEID / "cvdr_example1.xml", "rb") as xml:
        response = client.post("/api/admin/import", headers=AUTH, data={"kind": "cvdr", "file": (xml, "regels.xml")},
                               content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["added"] == 1 and response.get_json()["reindex_started"] is True
    status = wait_for_build(client)
    assert status["last_build"]["state"] == "done" and status["imported_documents"] == 1
    time.sleep(1.1)  # workers look for a new build at most once a second
    after = client.get("/api/ready").get_json()["build"]
    assert after != before and after == status["current_build"]
    assert client.post("/api/admin/reindex", headers=AUTH).status_code == 202  # unchanged: kept
    assert wait_for_build(client)["last_build"]["unchanged"] is True


def test_import_refuses_what_is_not_cvdr(admin_app):
    client = admin_app.test_client()
    response = client.post("/api/admin/import", headers=AUTH, content_type="multipart/form-data",
                           data={"kind": "cvdr", "file": (__import__("io").BytesIO(b"<geen/>"), "x.xml")})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_file"


def test_delete_conversations_before_a_date(admin_app):
    client = admin_app.test_client()
    asked = client.post("/api/ask", json={"question": "Wat is een pgb?"}).get_json()
    response = client.delete(f"/api/admin/conversations?before={date.today().isoformat()}", headers=AUTH)
    assert response.get_json() == {"deleted": 0}  # started today, so not before today
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert client.delete(f"/api/admin/conversations?before={tomorrow}", headers=AUTH).get_json() == {"deleted": 1}
    assert client.get(f"/api/conversations/{asked['conversation_id']}").status_code == 404
    bad = client.delete("/api/admin/conversations?before=gisteren", headers=AUTH)
    assert bad.status_code == 400 and bad.get_json()["error"] == "invalid_before"
