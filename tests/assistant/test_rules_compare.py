"""Compare gemeenten on a topic (function, API, CLI) over a real index: seed corpus + fictional rules."""
from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from assistant import create_app
from assistant.web import rules_api
from assistant.rules.compare import compare, comparison_table
from assistant.cli.imports import compare_command
from index.build import build_index
from index.embedder import HashingEmbedder
from index.imports import import_documents
from index.layout import IndexLayout
from index.search import HybridIndex
from knowledge.cvdr import parse_cvdr
from tests.cvdr_factory import Article, cvdr_xml, wmo_rules

TODAY = date(2026, 6, 1)
LONG_HULP = ("In Zuidwaard geldt als gebruikelijke hulp de hulp die huisgenoten elkaar redelijkerwijs geven. "
             + "Dit omvat onder meer koken, wassen, strijken en boodschappen doen voor het hele huishouden. " * 18)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("rules-index")
    layout = IndexLayout(root)
    westwaard = cvdr_xml(900030, 1, "Westwaard", "Parkeerbeleid Westwaard", [
        Article("1", "Gehandicaptenparkeerkaart", ("De parkeerkaart kost in Westwaard 120 euro.",)),
        Article("2", "Hulp bij aanvraag", ("Het loket geeft hulp bij het invullen van de aanvraag.",))],
        "2023-01-01")
    import_documents(layout, [parse_cvdr(x) for x in [
        wmo_rules("Noordwaard", 900010),
        wmo_rules("Zuidwaard", 900020, hulp=LONG_HULP),
        westwaard,
        wmo_rules("Oostwaard", 900040, valid_from="2020-01-01", valid_to="2023-12-31"),
    ]])
    build_index(layout, "hashing-stand-in", HashingEmbedder, progress=False)
    return root


@pytest.fixture(scope="module")
def index(index_dir):
    return HybridIndex(IndexLayout(index_dir), HashingEmbedder())


def by_name(comparison):
    return {r.gemeente: r for r in comparison.gemeenten}


def test_two_gemeenten_with_rules_on_the_topic(index):
    result = compare(index, "gebruikelijke hulp", ["Noordwaard", "zuidwaard"], TODAY)
    assert result.topic_id == "gebruikelijke-hulp"
    rows = by_name(result)
    assert list(rows) == ["Noordwaard", "Zuidwaard"]  # spelled as the imported rules spell it
    north, south = rows["Noordwaard"], rows["Zuidwaard"]
    assert north.found and south.found
    assert [a.label for a in north.articles] == [
        "Artikel 3.2 — Beleidsregels maatschappelijke ondersteuning Noordwaard 2024 — gemeente Noordwaard"]
    assert north.articles[0].quote == ("In Noordwaard geldt als gebruikelijke hulp de hulp die huisgenoten "
                                       "elkaar redelijkerwijs geven, zoals koken en schoonmaken.")
    assert north.articles[0].url == "https://lokaleregelgeving.overheid.nl/CVDR900010/1#artikel_3.2"
    assert len(south.articles) == 1  # leden of one article count once
    label = south.articles[0].label
    assert label.startswith("Artikel 3.2 lid ") and label.endswith(
        "— Beleidsregels maatschappelijke ondersteuning Zuidwaard 2024 — gemeente Zuidwaard")
    for article in [*north.articles, *south.articles]:
        assert article.quote in article.text
        assert index.chunk(article.chunk_id)[0].text == article.text
        assert article.document.gemeente in ("Noordwaard", "Zuidwaard")
    assert result.facts and all(f.document.origin == "corpus" for f in result.facts)
    assert result.verkenning and all("gebruikelijke hulp" in p.text.lower() for p in result.verkenning)


def test_gemeenten_without_a_match_say_so(index):
    rows = by_name(compare(index, "gebruikelijke hulp", ["Westwaard", "Tubbergen", "Oostwaard", "Noordwaard"], TODAY))
    assert not rows["Westwaard"].found and rows["Westwaard"].has_rules
    assert rows["Westwaard"].message == "Geen bepaling gevonden: in de geladen regels van de gemeente Westwaard staat geen artikel over gebruikelijke hulp."
    assert rows["Tubbergen"].message == "Van de gemeente Tubbergen zijn geen regels geladen."
    assert rows["Oostwaard"].message == "Van de gemeente Oostwaard is op 1 juni 2026 geen geladen regeling van kracht."
    assert rows["Noordwaard"].found


def test_peildatum_selects_rules_in_force_then(index):
    rows = by_name(compare(index, "gebruikelijke hulp", ["Oostwaard", "Noordwaard"], date(2022, 6, 1)))
    assert rows["Oostwaard"].found and not rows["Noordwaard"].found  # Noordwaard's rules start in 2024
    assert rows["Oostwaard"].articles[0].label.startswith("Artikel 3.2 — ")


def test_synonyms_expand_the_search(index):
    rows = by_name(compare(index, "GPK", ["Noordwaard", "Westwaard"], TODAY))
    assert rows["Noordwaard"].articles[0].label.startswith("Artikel 2.1 ")
    assert rows["Westwaard"].articles[0].label.startswith("Artikel 1 ")


def test_plain_text_table(index):
    table = comparison_table(compare(index, "gebruikelijke hulp", ["Noordwaard", "Westwaard"], TODAY))
    lines = table.splitlines()
    assert lines[0] == "Gebruikelijke hulp — peildatum 1 juni 2026"
    assert lines[2].split() == ["Gemeente", "Artikel", "Citaat"]
    assert any(line.startswith("Noordwaard") and "Artikel 3.2" in line for line in lines)
    west = lines.index(next(line for line in lines if line.startswith("Westwaard")))
    message = " ".join(line[50:].strip() for line in lines[west:west + 3] if line.strip())
    assert message == "Geen bepaling gevonden: in de geladen regels van de gemeente Westwaard staat geen artikel over gebruikelijke hulp."
    assert "Wat de landelijke bronnen zeggen over verschillen:" in lines


@pytest.fixture()
def client(index_dir, tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "DATA_DIR": str(tmp_path / "data"),
                      "EMBEDDER": HashingEmbedder()})
    if "rules" not in app.blueprints:  # until create_app registers it
        app.register_blueprint(rules_api.bp)
    return app.test_client()


def test_api_compare(client):
    response = client.post("/api/compare", json={"topic": "gebruikelijke hulp", "gemeenten": ["Noordwaard", "Zuidwaard"]})
    assert response.status_code == 200
    data = response.get_json()
    assert [g["gemeente"] for g in data["gemeenten"]] == ["Noordwaard", "Zuidwaard"]
    first = data["gemeenten"][0]["articles"][0]
    assert set(first) == {"chunk_id", "label", "quote", "text", "section", "url", "document"}
    assert set(first["document"]) == {"id", "title", "date", "url"}
    assert first["label"].startswith("Artikel 3.2 — ") and first["quote"] in first["text"]
    assert data["verkenning"] and data["facts"] and data["peildatum"] == date.today().isoformat()
    rules_api.CompareResponse.model_validate(data)  # the shape the OpenAPI document promises
    old = client.post("/api/compare", json={"topic": "gebruikelijke hulp", "gemeenten": ["Oostwaard", "Noordwaard"],
                                            "peildatum": "2022-06-01"}).get_json()
    assert [g["found"] for g in old["gemeenten"]] == [True, False]
    assert old["gemeenten"][1]["message"].startswith("Van de gemeente Noordwaard is op 1 juni 2022")


@pytest.mark.parametrize("body, code, words", [
    ({"topic": "gebruikelijke hulp", "gemeenten": []}, "invalid_gemeenten", "2 tot en met 10"),
    ({"topic": "gebruikelijke hulp", "gemeenten": ["Noordwaard"]}, "invalid_gemeenten", "2 tot en met 10"),
    ({"topic": "gebruikelijke hulp", "gemeenten": [f"G{i}" for i in range(11)]}, "invalid_gemeenten", "2 tot en met 10"),
    ({"topic": "gebruikelijke hulp", "gemeenten": "Noordwaard"}, "invalid_gemeenten", "lijst"),
    ({"topic": "gebruikelijke hulp", "gemeenten": ["Noordwaard", ""]}, "invalid_gemeenten", "1 tot 100 tekens"),
    ({"topic": "", "gemeenten": ["A", "B"]}, "invalid_topic", "leeg"),
    ({"gemeenten": ["A", "B"]}, "invalid_topic", "ontbreekt"),
    ({"topic": "x", "gemeenten": ["A", "B"], "peildatum": "01-06-2026"}, "invalid_peildatum", "JJJJ-MM-DD"),
    ({"topic": "x", "gemeenten": ["A", "B"], "peildatum": "2026-02-30"}, "invalid_peildatum", "JJJJ-MM-DD"),
])
def test_api_compare_bad_input_is_a_dutch_400(client, body, code, words):
    response = client.post("/api/compare", json=body)
    assert response.status_code == 400
    data = response.get_json()
    assert data["error"] == code and words in data["message"]


def test_api_convenanten(client):
    data = client.get("/api/convenanten").get_json()
    covenants = {c["id"]: c for c in data["convenanten"]}
    assert list(covenants) == ["meeverhuizen", "maatwerkprocedure", "stevige-lokale-teams"]
    move = covenants["meeverhuizen"]
    assert {"regulates", "signed_by", "status", "improvements", "sources", "name", "aliases"} <= set(move)
    assert any("92 gemeenten" in f["quote"] for f in move["signed_by"])
    fact = move["signed_by"][0]
    assert set(fact) == {"text", "quote", "chunk_id", "document"} and ":" in fact["chunk_id"]
    assert client.get("/api/convenanten").get_json() == data  # cached registry, same answer
    rules_api.CovenantsResponse.model_validate(data)
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "/api/compare" in paths and "/api/convenanten" in paths


def test_cli_compare(index_dir):
    env = {"ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_EMBEDDING_MODEL": "hashing-stand-in"}
    result = CliRunner().invoke(compare_command, ["gebruikelijke hulp", "Noordwaard", "Zuidwaard",
                                                  "--peildatum", "2026-06-01"], env=env)
    assert result.exit_code == 0, result.output
    assert "Noordwaard" in result.output and "Artikel 3.2" in result.output
    one = CliRunner().invoke(compare_command, ["gebruikelijke hulp", "Noordwaard"], env=env)
    assert one.exit_code == 2 and "2 tot en met 10" in one.output


def test_unbuilt_index_compare_is_503_but_convenanten_work(tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none"), "EMBEDDER": HashingEmbedder()})
    if "rules" not in app.blueprints:
        app.register_blueprint(rules_api.bp)
    client = app.test_client()
    response = client.post("/api/compare", json={"topic": "gebruikelijke hulp", "gemeenten": ["A", "B"]})
    assert response.status_code == 503 and response.get_json()["error"] == "index_not_built"
    assert client.get("/api/convenanten").status_code == 200


def test_gemeenten_of_a_build_are_found_once_and_match_the_documents(index):
    from assistant.rules.gemeenten import has_rules, has_rules_in, known_gemeenten, known_gemeenten_of

    assert known_gemeenten_of(index) == known_gemeenten(index.documents)
    assert known_gemeenten_of(index) is known_gemeenten_of(index)  # computed once per build
    for name in ("Noordwaard", "gemeente zuidwaard", "Tubbergen", "Oostwaard"):
        assert has_rules_in(index, name) == has_rules(index.documents, name)
    assert has_rules_in(index, "Westwaard") and not has_rules_in(index, "Tubbergen")
    assert has_rules_in(index, "gemeente westwaard")  # spelling does not count, as in has_rules


def test_gemeente_filter_selects_inside_the_index_with_few_candidates(index):
    from assistant.rules.filters import eligible_for

    hits = index.search("gehandicaptenparkeerkaart kosten", k=10, eligible=eligible_for("Westwaard", TODAY), candidates=2)
    assert hits and all(h.document.origin != "import" or h.document.gemeente == "Westwaard" for h in hits)
    assert any(h.document.gemeente == "Westwaard" for h in hits)
    lapsed = index.search("gebruikelijke hulp", k=20, eligible=eligible_for("Oostwaard", TODAY))
    assert all(h.document.gemeente != "Oostwaard" for h in lapsed)  # its rules ended in 2023
    assert all(h.keyword_score is None or h.keyword_score > 0 for h in hits)
