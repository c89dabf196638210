"""The five shipped regulations of four real gemeenten in a real index (hashing stand-in model):
gemeente-first answers, spelling variants, GET /api/gemeenten, and compare on every topic."""
from __future__ import annotations

from datetime import date

import pytest

from assistant import create_app
from assistant.rules.compare import compare, comparison_table
from index.build import build_index
from index.embedder import HashingEmbedder
from index.imports import import_default_rules
from index.layout import IndexLayout
from index.search import HybridIndex
from knowledge.topics import default_catalog

GEMEENTEN = ("Aa en Hunze", "Den Haag", "Hilversum", "Zaltbommel")
TODAY = date(2026, 11, 1)  # all five regulations in force
TOPICS = ("gebruikelijke hulp", "huishoudelijke ondersteuning", "eigen bijdrage", "hulpmiddelen", "vervoer", "pgb")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("real-rules")
    layout = IndexLayout(root)
    report = import_default_rules(layout)
    assert report.added == 5
    assert import_default_rules(layout).unchanged == 5  # the next build writes nothing again
    build_index(layout, "hashing-stand-in", HashingEmbedder, progress=False)
    return root


@pytest.fixture(scope="module")
def index(index_dir):
    return HybridIndex(IndexLayout(index_dir), HashingEmbedder())


@pytest.fixture()
def client(index_dir, tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "DATA_DIR": str(tmp_path / "data"),
                      "EMBEDDER": HashingEmbedder()})
    return app.test_client()


def test_every_compare_row_cites_an_article_of_its_own_gemeente(index):
    topics = [*TOPICS, *(t.name for t in default_catalog().topics)]
    found = 0
    for topic in dict.fromkeys(topics):
        result = compare(index, topic, list(GEMEENTEN), TODAY)
        assert [r.gemeente for r in result.gemeenten] == list(GEMEENTEN)
        for row in result.gemeenten:
            assert row.has_rules
            if not row.found:
                assert row.message.startswith("Geen bepaling gevonden")
            for article in row.articles:
                found += 1
                assert article.document.gemeente == row.gemeente, (topic, row.gemeente, article.label)
                assert article.label.endswith(f"— gemeente {row.gemeente}")
                assert article.quote in article.text and article.url.startswith(article.document.url)
        assert all(p.document.origin == "corpus" for p in result.verkenning)
    assert found >= len(TOPICS) * len(GEMEENTEN)  # most pairs have articles; none of them misplaced


def test_compare_finds_the_articles_that_name_the_topic(index):
    rows = {r.gemeente: r for r in compare(index, "gebruikelijke hulp", ["aa en hunze", "'s-Gravenhage", "Hilversum"],
                                           TODAY).gemeenten}
    assert list(rows) == ["Aa en Hunze", "Den Haag", "Hilversum"]  # spelled as the rules spell them
    assert all(r.found for r in rows.values())
    assert any(a.label.startswith("Artikel 9 ") or a.label.startswith("Artikel 2.3.1 ")
               for a in rows["Aa en Hunze"].articles)
    table = comparison_table(compare(index, "vervoer", list(GEMEENTEN), TODAY))
    assert "Zaltbommel" in table and "Artikel" in table


def test_an_unknown_topic_never_shows_letters_as_the_verkenning(index):
    for topic in ("kinderopvang op zaterdag", "leerlingenvervoer", "respijtzorg"):
        result = compare(index, topic, ["Hilversum", "Zaltbommel"], TODAY)
        verkenning = "vng-2026-03-verkenning-verschillen-gemeenten"
        assert all(p.document.id == verkenning for p in result.verkenning)
        words = [w for w in topic.split() if len(w) > 3]
        assert all(any(w[:6] in p.text.lower() for w in words) for p in result.verkenning)


def test_gemeenten_endpoint_lists_the_loaded_gemeenten(client):
    data = client.get("/api/gemeenten").get_json()
    by_name = {g["name"]: g for g in data["gemeenten"]}
    assert list(by_name) == list(GEMEENTEN)
    assert by_name["Hilversum"]["cbs_code"] == "GM0402" and by_name["Den Haag"]["aliases"] == ["'s-Gravenhage"]
    aa = by_name["Aa en Hunze"]["regulations"]
    assert {r["reference"] for r in aa} == {"CVDR753669_1", "CVDR753666_1"}
    assert all(r["valid_from"] == "2026-01-01" and r["passages"] > 50 for r in aa)
    hilversum = by_name["Hilversum"]["regulations"][0]
    assert hilversum["valid_from"] == "2026-07-01" and hilversum["valid_from_estimated"] is True
    spec = client.get("/api/openapi.json").get_json()
    assert "/api/gemeenten" in spec["paths"]


def ask(client, question, **body):
    response = client.post("/api/ask", json={"question": question, **body})
    assert response.status_code == 200
    return response.get_json()


def cited_gemeenten(client, data):
    gemeenten = set()
    for citation in data["citations"]:
        document = client.get(f"/api/documents/{citation['document']['id']}").get_json()
        gemeenten.add((document.get("document") or document).get("gemeente"))
    return gemeenten - {None}


def test_a_question_about_a_gemeente_leads_with_its_own_rule(client):
    data = ask(client, "Ik woon in Hilversum. Hoeveel minuten huishoudelijke hulp is de basis?")
    assert data["status"] == "answered"
    assert data["answer"].startswith("In Hilversum geldt volgens de eigen regels (")
    assert "Beleidsregels maatschappelijke ondersteuning Hilversum 2026" in data["answer"].split("\n")[0]
    assert "125 minuten" in data["answer"]
    assert cited_gemeenten(client, data) == {"Hilversum"}


def test_spelling_variants_and_the_gemeente_field_name_the_same_gemeente(client):
    for body in ({"question": "Hoeveel uur per week mantelzorg is nodig voor de mantelzorgwaardering in 's-Gravenhage?"},
                 {"question": "Hoeveel uur per week mantelzorg is nodig voor de mantelzorgwaardering?",
                  "gemeente": "den haag"}):
        data = ask(client, **body)
        assert data["status"] == "answered", data
        assert data["answer"].startswith("In Den Haag geldt") and "8 uur per week" in data["answer"]
        assert cited_gemeenten(client, data) == {"Den Haag"}
    data = ask(client, "aa en hunze gebruikelijke hulp kinderen vanaf welke leeftijd")
    assert cited_gemeenten(client, data) <= {"Aa en Hunze"} and data["answer"].startswith("In Aa en Hunze geldt")


def test_a_gemeente_without_rules_never_gets_another_gemeentes_rule(client):
    data = ask(client, "Ik woon in Utrecht. Hoeveel minuten huishoudelijke hulp is de basis?")
    assert not cited_gemeenten(client, data)
    assert "Van de gemeente Utrecht zijn nog geen regels geladen" in data["answer"]  # answered or not


def test_a_question_naming_two_gemeenten_draws_on_both(client):
    data = ask(client, "Wat is het verschil tussen Hilversum en Aa en Hunze in wat kinderen tot 5 jaar in het huishouden doen?")
    assert data["status"] == "answered", data["answer"]
    assert cited_gemeenten(client, data) == {"Hilversum", "Aa en Hunze"}
    lead = data["answer"].split("\n")[0]
    assert lead.startswith("In Hilversum geldt") and "; in Aa en Hunze geldt" in lead
