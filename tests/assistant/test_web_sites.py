"""Site keys and CORS on /api/*: which browser origins may call the API with which key."""
from __future__ import annotations

import json

import pytest

from assistant.web.sites import SitesFileError, load_sites, normalise_origin

PARTNER = "https://www.gemeente.example"
OTHER = "https://elders.example"
QUESTION = {"question": "Wat is een gehandicaptenparkeerkaart?"}


@pytest.fixture()
def sites_file(tmp_path):
    path = tmp_path / "sites.json"
    path.write_text(json.dumps({"sites": {"partner": {"origins": [PARTNER + "/"]}, "other": {"origins": [OTHER]}}}))
    return path


@pytest.fixture()
def site_client(hashing_index_dir, tmp_path, sites_file):
    from assistant import create_app
    from index.embedder import HashingEmbedder

    app = create_app({"TESTING": True, "INDEX_DIR": str(hashing_index_dir), "DATA_DIR": str(tmp_path / "data"),
                      "EMBEDDER": HashingEmbedder(), "SITES_FILE": str(sites_file)})
    return app.test_client()


def test_origins_are_compared_without_case_or_trailing_slash():
    assert normalise_origin("HTTPS://Www.Gemeente.Example/") == "https://www.gemeente.example"
    with pytest.raises(ValueError):
        normalise_origin("https://www.gemeente.example/pad")
    with pytest.raises(ValueError):
        normalise_origin("www.gemeente.example")


def test_a_broken_sites_file_is_reported_with_its_path(tmp_path):
    path = tmp_path / "sites.json"
    path.write_text(json.dumps({"sites": {"demo": {"origins": ["niet-een-origin"]}}}))
    with pytest.raises(SitesFileError, match="sites.json"):
        load_sites(path)
    path.write_text("{")
    with pytest.raises(SitesFileError):
        load_sites(path)
    path.write_text(json.dumps({"sites": {"met spatie": {"origins": [PARTNER]}}}))
    with pytest.raises(SitesFileError, match="met spatie"):
        load_sites(path)


def test_shipped_default_allows_the_demo_key_on_port_8000():
    from assistant.config import default_config

    registry = load_sites(__import__("pathlib").Path(default_config()["SITES_FILE"]))
    assert registry.get("demo").origins == {"http://127.0.0.1:8000", "http://localhost:8000"}


def test_allowed_origin_with_its_key_gets_cors_headers(site_client):
    response = site_client.post("/api/ask", json=QUESTION, headers={"Origin": PARTNER, "X-Site-Key": "partner"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == PARTNER
    assert "Origin" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({"Origin": OTHER, "X-Site-Key": "partner"}, "origin_not_allowed"),  # allowed for another key only
        ({"Origin": "https://aanvaller.example", "X-Site-Key": "partner"}, "origin_not_allowed"),
        ({"Origin": PARTNER}, "site_key_required"),
        ({"Origin": PARTNER, "X-Site-Key": "onbekend"}, "unknown_site"),
        ({"Origin": "null", "X-Site-Key": "partner"}, "origin_not_allowed"),
    ],
)
def test_other_browser_requests_are_refused_without_cors_headers(site_client, headers, code):
    response = site_client.post("/api/ask", json=QUESTION, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"] == code and response.get_json()["message"]
    assert "Access-Control-Allow-Origin" not in response.headers


def test_preflight_from_an_allowed_origin_is_answered(site_client):
    response = site_client.options("/api/chat/stream", headers={
        "Origin": PARTNER, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-site-key"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == PARTNER
    assert "X-Site-Key" in response.headers["Access-Control-Allow-Headers"]
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


def test_preflight_from_an_unknown_origin_is_refused(site_client):
    response = site_client.options("/api/chat/stream", headers={"Origin": "https://aanvaller.example", "Access-Control-Request-Method": "POST"})
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers


def test_requests_without_origin_and_same_origin_requests_pass(site_client):
    assert site_client.post("/api/ask", json=QUESTION).status_code == 200
    same = site_client.post("/api/ask", json=QUESTION, headers={"Origin": "http://localhost"})
    assert same.status_code == 200 and "Access-Control-Allow-Origin" not in same.headers


def test_pages_are_not_subject_to_site_keys(site_client):
    assert site_client.get("/bronnen/", headers={"Origin": "https://aanvaller.example"}).status_code == 200
