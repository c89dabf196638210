import pytest


def test_search_returns_full_chunks_with_document(client):
    response = client.post("/api/search", json={"query": "draagkrachtpercentage bijzondere bijstand", "k": 5})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert 1 <= len(results) <= 5
    first = results[0]
    assert set(first) == {"chunk_id", "text", "score", "section", "document"}
    assert set(first["document"]) == {"id", "title", "date", "url"}
    assert any("Draagkrachtpercentage" in r["text"] for r in results)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def test_default_k_is_ten(client):
    results = client.post("/api/search", json={"query": "gemeenten verschillen"}).get_json()["results"]
    assert len(results) == 10


@pytest.mark.parametrize(
    "body, code",
    [
        ({}, "invalid_query"),
        ({"query": ""}, "invalid_query"),
        ({"query": "   "}, "invalid_query"),
        ({"query": 5}, "invalid_query"),
        ({"query": "x" * 2001}, "invalid_query"),
        ({"query": "parkeren", "k": 0}, "invalid_k"),
        ({"query": "parkeren", "k": 51}, "invalid_k"),
        ({"query": "parkeren", "k": "5"}, "invalid_k"),
        ({"query": "parkeren", "k": 2.5}, "invalid_k"),
        ([], "invalid_json"),
    ],
)
def test_bad_input_is_a_dutch_400(client, body, code):
    response = client.post("/api/search", json=body)
    assert response.status_code == 400
    data = response.get_json()
    assert data["error"] == code
    assert data["message"] and "veld" in data["message"].lower() or "JSON" in data["message"]


def test_non_json_body_is_415(client):
    response = client.post("/api/search", data="query=parkeren", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and response.get_json()["error"] == "unsupported_media_type"


def test_unknown_route_and_method_are_json(client):
    assert client.get("/api/nope").get_json()["error"] == "not_found"
    response = client.get("/api/search")
    assert response.status_code == 405 and response.get_json()["error"] == "method_not_allowed"


def test_markup_in_query_is_not_searched(client):
    response = client.post("/api/search", json={"query": "<script>alert(1)</script>", "k": 3})
    assert response.status_code == 200
    assert response.get_json()["results"] == []


def test_health_reports_index_and_corpus(client):
    data = client.get("/api/health").get_json()
    assert data["status"] == "ok"
    assert data["index_size"] > 400
    assert data["model"] == "hashing-stand-in"
    assert len(data["corpus_documents"]) == 22


def test_unbuilt_index_gives_503_not_500(tmp_path):
    from assistant import create_app
    from index.embedder import HashingEmbedder

    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none"), "EMBEDDER": HashingEmbedder()})
    client = app.test_client()
    response = client.post("/api/search", json={"query": "parkeren"})
    assert response.status_code == 503 and response.get_json()["error"] == "index_not_built"
    health = client.get("/api/health")  # alive, but not ready
    assert health.status_code == 200 and health.get_json()["status"] == "index_not_built"
    ready = client.get("/api/ready")
    assert ready.status_code == 503 and ready.get_json()["error"] == "not_ready"


def test_cited_document_can_be_opened_passage_by_passage(client):
    hit = client.post("/api/search", json={"query": "draagkrachtpercentage", "k": 1}).get_json()["results"][0]
    response = client.get(f"/api/documents/{hit['document']['id']}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["document"]["title"] == hit["document"]["title"]
    assert any(p["chunk_id"] == hit["chunk_id"] and p["text"] == hit["text"] for p in data["passages"])
    assert len(data["passages"]) > 50
    missing = client.get("/api/documents/bestaat-niet")
    assert missing.status_code == 404 and missing.get_json()["error"] == "unknown_document"
