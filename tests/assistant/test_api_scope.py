"""Gemeente and peildatum over HTTP: which municipal rules may be searched and cited."""
from __future__ import annotations

import pytest

from assistant import create_app
from index.build import build_index
from index.embedder import HashingEmbedder
from index.imports import import_documents
from index.layout import IndexLayout
from knowledge.cvdr import parse_cvdr
from tests.cvdr_factory import wmo_rules


@pytest.fixture(scope="module")
def scoped_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("scope-index")
    layout = IndexLayout(root)
    import_documents(layout, [parse_cvdr(x) for x in [
        wmo_rules("Noordwaard", 910010),
        wmo_rules("Zuidwaard", 910020),
        wmo_rules("Oostwaard", 910040, valid_from="2020-01-01", valid_to="2023-12-31"),
    ]])
    build_index(layout, "hashing-stand-in", HashingEmbedder, progress=False)
    return root


@pytest.fixture()
def client(scoped_index, hashing_models_file, tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(scoped_index), "DATA_DIR": str(tmp_path), "EMBEDDER": HashingEmbedder(),
                      "MODELS_FILE": str(hashing_models_file)})
    return app.test_client()


def gemeenten_of(results: list[dict]) -> set[str]:
    return {r["document"]["title"].rsplit(" ", 2)[-2] for r in results if r["document"]["id"].startswith("cvdr-")}


def test_gemeente_restricts_rules_but_keeps_national_sources(client):
    body = {"query": "gebruikelijke hulp huisgenoten koken", "k": 50, "gemeente": "Noordwaard"}
    results = client.post("/api/search", json=body).get_json()["results"]
    assert gemeenten_of(results) == {"Noordwaard"}
    assert any(not r["document"]["id"].startswith("cvdr-") for r in results)


def test_expired_rules_only_with_a_peildatum_when_they_were_in_force(client):
    query = {"query": "gebruikelijke hulp huisgenoten koken", "k": 50}
    assert "Oostwaard" not in gemeenten_of(client.post("/api/search", json=query).get_json()["results"])
    then = client.post("/api/search", json={**query, "peildatum": "2022-06-01"}).get_json()["results"]
    assert "Oostwaard" in gemeenten_of(then)
    assert "Noordwaard" not in gemeenten_of(then)  # not yet in force in 2022


def test_gemeente_named_in_the_question_scopes_the_answer(client):
    data = client.post("/api/ask", json={"question": "Ik woon in Zuidwaard. Wat geldt als gebruikelijke hulp?"}).get_json()
    assert data["status"] == "answered"
    cited = {c["document"]["id"] for c in data["citations"] if c["document"]["id"].startswith("cvdr-")}
    assert cited and all("910020" in d for d in cited)


def test_gemeente_without_rules_gets_national_answer_and_a_note(client):
    data = client.post("/api/ask", json={"question": "Wat is gebruikelijke hulp?", "gemeente": "Waalre"}).get_json()
    assert data["status"] == "answered"
    assert "Van de gemeente Waalre zijn nog geen regels geladen" in data["answer"]
    assert not any(c["document"]["id"].startswith("cvdr-") for c in data["citations"])


def test_rule_no_longer_in_force_is_flagged(client):
    body = {"question": "Wat geldt als gebruikelijke hulp bij huisgenoten?", "gemeente": "Oostwaard", "peildatum": "2022-06-01"}
    data = client.post("/api/ask", json=body).get_json()
    assert data["status"] == "answered"
    assert any("910040" in c["document"]["id"] for c in data["citations"])
    assert "gold tot en met 31 december 2023" in data["answer"] and "niet meer van kracht" in data["answer"]


@pytest.mark.parametrize("peildatum", ["2026-02-30", "1-1-2026", "gisteren"])
def test_bad_peildatum_is_a_dutch_400(client, peildatum):
    response = client.post("/api/search", json={"query": "hulp", "peildatum": peildatum})
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_peildatum"
    assert "JJJJ-MM-DD" in response.get_json()["message"]
