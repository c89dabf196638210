"""The five shipped regulations of four real gemeenten in a real index (hashing stand-in model):
gemeente-first answers, spelling variants, GET /api/gemeenten, and compare on every topic."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from assistant import create_app
from assistant.answers.citations import Answer, Citation
from assistant.answers.local_rules import lead_sentence, local_rules, silent_rules_sentence, with_closest_unit
from assistant.answers.retrieval import scope_of
from assistant.rules.compare import compare, comparison_table
from knowledge.documents import document_ref
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
    assert by_name["Hilversum"]["cbs_code"] == "GM0402" and by_name["Den Haag"]["aliases"] == ["'s-Gravenhage", "The Hague"]
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


def test_a_question_about_a_gemeente_gets_its_own_articles_and_lead(index):
    question = "Hoeveel minuten huishoudelijke hulp per week is de basis?"
    local = local_rules(index, question, "hilversum", TODAY)
    assert local.gemeenten == ("hilversum",) and local.hits
    assert all(h.document.gemeente == "Hilversum" and h.chunk.kind == "article" for h in local.hits)
    assert any("125 minuten per week" in h.chunk.text for h in local.hits)
    hit = next(h for h in local.hits if "125 minuten per week" in h.chunk.text)
    answer = Answer("answered", "De basisnorm … bedraagt 125 minuten per week. [1]", (
        Citation(1, hit.chunk.id, hit.chunk.text, "125 minuten per week", hit.chunk.section,
                 document_ref(hit.document)),))
    lead = lead_sentence(local, answer, list(local.hits))
    assert lead == ("In Hilversum geldt volgens de eigen regels (2.4, Normering huishoudelijke hulp conform "
                    "HHM model (deel 1), Beleidsregels maatschappelijke ondersteuning Hilversum 2026):")
    national = Answer("answered", "…", ())
    assert lead_sentence(local, national, list(local.hits)) is None  # nothing local claimed
    # An answer that opens with a national passage gets no lead: the lead would claim that passage.
    other = next(h for h in index.search("gehandicaptenparkeerkaart kosten", k=5) if not h.document.gemeente)
    mixed = Answer("answered", "Landelijk … [1] De basisnorm … [2]", (
        Citation(1, other.chunk.id, other.chunk.text, other.chunk.text[:20], other.chunk.section,
                 document_ref(other.document)),
        dataclasses.replace(answer.citations[0], n=2)))
    assert lead_sentence(local, mixed, [other, *local.hits]) is None
    assert lead_sentence(local, dataclasses.replace(mixed, citations=mixed.citations[::-1]), [other, *local.hits])
    assert local_rules(index, question, "Utrecht", TODAY).hits == ()  # no rules loaded


def test_the_last_place_of_a_gemeente_goes_to_the_article_with_the_closest_sentence(index):
    from assistant.rules.filters import municipal_rules_of

    question = "Mag ik met mijn scootmobiel op vakantie naar het buitenland?"
    closest = index.closest_units(index.embed_query(question), municipal_rules_of("Aa en Hunze", TODAY), 4)
    unit = next(h for h in closest if h.chunk.kind == "article" and not h.chunk.meta.get("lapsed"))
    local = local_rules(index, question, "Aa en Hunze", TODAY)
    assert len(local.hits) == 3 and unit.chunk.id in {h.chunk.id for h in local.hits}
    # As a pure choice: the keyword-ranked articles keep their places but the last one.
    keyword = [h for h in index.search("scootmobiel", k=30) if h.document.gemeente == "Aa en Hunze"
               and h.chunk.id != unit.chunk.id][:3]
    assert [h.chunk.id for h in with_closest_unit(keyword, [unit], 3)] == [
        *(h.chunk.id for h in keyword[:2]), unit.chunk.id]
    assert with_closest_unit(keyword, [unit], 1) == keyword[:1]  # one place: the keyword ranking's
    assert with_closest_unit(keyword[:2] + [unit], [unit], 3) == keyword[:2] + [unit]
    assert with_closest_unit([unit, *keyword], [unit], 3) == [unit, *keyword[:2]]  # already in


def test_a_named_gemeente_whose_rules_the_answer_does_not_quote_is_said_so(index):
    question = "Hoeveel minuten huishoudelijke hulp is de basis in Hilversum?"
    local = local_rules(index, question, None, TODAY)
    assert local.named == ("Hilversum",)
    hit = local.hits[0]
    own = Answer("answered", "… [1]", (Citation(1, hit.chunk.id, hit.chunk.text, hit.chunk.text[:40],
                                                 hit.chunk.section, document_ref(hit.document)),))
    national = Answer("answered", "…", ())
    assert silent_rules_sentence(local, own, list(local.hits)) is None
    assert silent_rules_sentence(local, national, list(local.hits)) == (
        "In de regels van de gemeente Hilversum heb ik geen antwoord op deze vraag gevonden. "
        "Dat wil niet zeggen dat het er niet in staat.")
    assert silent_rules_sentence(local, Answer("not_found", "…"), list(local.hits)) is None
    # The widget's gemeente alone is a scope, not a question about that gemeente's rules.
    from_field = local_rules(index, "Hoeveel minuten huishoudelijke hulp is de basis?", "Hilversum", TODAY)
    assert from_field.named == () and silent_rules_sentence(from_field, national, []) is None
    # A residence phrase the scope removed still counts as named.
    assert local_rules(index, "Hoeveel minuten is de basis?", "Hilversum", TODAY, gemeente_named=True).named


def test_a_comparison_searches_each_gemeente_for_its_subject_not_for_the_word_verschil(index):
    local = local_rules(index, "Wat is het verschil tussen Hilversum en Zaltbommel bij gebruikelijke hulp?", None, TODAY)
    assert set(local.named) == {"Hilversum", "Zaltbommel"}
    assert {h.document.gemeente for h in local.hits} == {"Hilversum", "Zaltbommel"}
    # Each gemeente's first article holds the subject; its last place goes to the article with the
    # sentence closest to the subject (for the stand-in model: sharing its words), never "verschil".
    firsts = [next(h for h in local.hits if h.document.gemeente == g) for g in ("Hilversum", "Zaltbommel")]
    assert all("ebruikelijke hulp" in f"{h.chunk.section} {h.chunk.text}" for h in firsts)
    assert all("ebruikelijk" in f"{h.chunk.section} {h.chunk.text}" for h in local.hits)


def test_spelling_variants_and_the_gemeente_field_name_the_same_gemeente(index, client):
    scope = scope_of(index, "Hoeveel uur per week mantelzorg is nodig voor de mantelzorgwaardering in 's-Gravenhage?")
    assert scope.gemeente == "Den Haag" and "in Den Haag?" in scope.text
    for text, gemeente in ((scope.text, scope.gemeente), ("Hoeveel uur per week mantelzorg is nodig?", "den haag")):
        local = local_rules(index, text, gemeente, TODAY)
        assert {h.document.gemeente for h in local.hits} == {"Den Haag"}
        assert any("minimaal 8 uur per week" in h.chunk.text for h in local.hits)
    assert scope_of(index, "aa en hunze gebruikelijke hulp kinderen vanaf welke leeftijd").gemeente == "Aa en Hunze"
    for body in ({"question": "Hoeveel uur per week mantelzorg is nodig voor de mantelzorgwaardering in 's-Gravenhage?"},
                 {"question": "Hoeveel uur per week mantelzorg is nodig voor de mantelzorgwaardering?",
                  "gemeente": "den haag"}):
        assert cited_gemeenten(client, ask(client, **body)) <= {"Den Haag"}


def test_a_gemeente_without_rules_never_gets_another_gemeentes_rule(client):
    data = ask(client, "Ik woon in Utrecht. Hoeveel minuten huishoudelijke hulp is de basis?")
    assert not cited_gemeenten(client, data)
    assert "Van de gemeente Utrecht zijn nog geen regels geladen" in data["answer"]  # answered or not
    refused = ask(client, "Wat kost een gehandicaptenparkeerkaart in Utrecht?")
    assert refused["status"] == "not_found" and "Van de gemeente Utrecht zijn nog geen regels geladen." in refused["answer"]
    assert "dit antwoord steunt" not in refused["answer"]  # no answer to rest on anything
    english = ask(client, "I live in the city of Utrecht. What does a disabled parking card cost?")
    assert not cited_gemeenten(client, english)
    assert "The rules of the municipality of Utrecht are not loaded yet." in english["answer"]


def test_a_refusal_about_a_gemeente_with_rules_says_they_were_searched_and_where_to_read_them(client):
    refused = ask(client, "Hoeveel kost een abonnement op de bibliotheek in Zaltbommel?")
    assert refused["status"] == "not_found"
    assert "Ik heb de regels van de gemeente Zaltbommel doorzocht (Verordening Wmo en Jeugd Zaltbommel 2023)" in refused["answer"]
    assert "https://lokaleregelgeving.overheid.nl/CVDR690468/1" in refused["answer"]
    english = ask(client, "How much is a library subscription in Zaltbommel?")
    assert english["status"] == "not_found" and "I searched the rules of the municipality of Zaltbommel" in english["answer"]
    # Without a gemeente there are no rules to have searched.
    assert "doorzocht" not in ask(client, "Hoeveel kost een abonnement op de bibliotheek?")["answer"]


def test_an_english_adjective_after_in_is_no_gemeente(index):
    # "Van de gemeente Dutch zijn nog geen regels geladen" stood under an English answer.
    for question in ("Why has the transition in Dutch disability care become more urgent?",
                     "Is support better in Dutch municipalities?"):
        assert scope_of(index, question).gemeente is None
    assert scope_of(index, "How is care arranged in Tilburg?").gemeente == "Tilburg"  # a known place still counts
    assert scope_of(index, "I live in The Hague. Who pays?").gemeente == "Den Haag"
    # Called a municipality, a name without rules counts, also beside a gemeente with rules.
    assert scope_of(index, "I live in Hedel, in the municipality of Maasdriel near Zaltbommel. Who pays?").gemeente == "Maasdriel"
    assert scope_of(index, "Geldt dit in Tubbergenveld?").gemeente == "Tubbergenveld"  # in Dutch any name after "in"


def test_a_question_naming_two_gemeenten_draws_on_both(index):
    question = "Wat is het verschil tussen Hilversum en Aa en Hunze in wat kinderen tot 5 jaar in het huishouden doen?"
    scope = scope_of(index, question)
    local = local_rules(index, scope.text, scope.gemeente, TODAY)
    assert local.gemeenten == ("Hilversum", "Aa en Hunze")
    assert {h.document.gemeente for h in local.hits} == {"Hilversum", "Aa en Hunze"}
    assert any("Kinderen tot 5 jaar" in h.chunk.text for h in local.hits)


class CountingEmbedder(HashingEmbedder):
    """Counts the query texts it encodes."""

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_queries(self, texts):
        self.queries += list(texts)
        return super().embed_queries(texts)


def test_a_comparison_is_encoded_once_for_both_gemeenten_and_once_for_its_subject(index_dir, tmp_path):
    embedder = CountingEmbedder()
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "DATA_DIR": str(tmp_path / "data"), "EMBEDDER": embedder})
    embedder.queries.clear()  # start-up may warm the model
    ask(app.test_client(), "Hoeveel minuten huishoudelijke hulp krijg je in Hilversum vergeleken met Zaltbommel?")
    # The question for the rules of both gemeenten and the general search; its subject, without the
    # gemeenten and the comparing words, for the sentences closest to it.
    assert len(embedder.queries) == 2
    assert not any(name in embedder.queries[-1] for name in ("Hilversum", "Zaltbommel", "vergeleken"))
    embedder.queries.clear()
    ask(app.test_client(), "Hoeveel minuten huishoudelijke hulp krijg je in Hilversum?")
    assert len(embedder.queries) == 1  # one gemeente: one encoding for everything
    embedder.queries.clear()
    ask(app.test_client(), "Hoeveel minuten huishoudelijke hulp krijg je in Hilversum, Zaltbommel en Den Haag?")
    assert len(embedder.queries) == 1  # three: one place each, none left for the closest sentence


def test_the_gemeentes_name_does_not_pull_its_citation_articles_into_the_answer(index):
    local = local_rules(index, "In welke intensiteiten kan de gemeente Den Haag ondersteuning toekennen?", None, TODAY)
    assert local.gemeenten == ("Den Haag",) and local.hits
    titles = [h.chunk.meta.get("label", "") for h in local.hits]
    assert not any("Inwerkingtreding en citeertitel" in t or "Intrekking oude regeling" in t for t in titles), titles


def test_rules_questions_teach_the_sentence_model_only(index):
    """`assistant fit --sentences-from`: questions about the shipped regulations add pools built as
    the service builds them (the gemeente's own articles first). The passage model and the dev
    set's cross-validated figures stay as they were; the extra questions are never scored."""
    from pathlib import Path

    from assistant.answers.evaluation import load_questions
    from assistant.answers.ranking.figures import figures
    from assistant.answers.ranking.fitting import fit, unit_label
    from assistant.answers.ranking.sentence_examples import sentence_examples
    from tests.conftest import SHARED

    dev_file = SHARED / "eval" / "dev.jsonl"
    if not dev_file.exists():
        pytest.skip("dev set not beside the repo")
    rules = load_questions(Path(__file__).resolve().parents[2] / "benchmarks" / "rules_questions.jsonl")
    examples = sentence_examples(index, None, rules, unit_label)
    answerable = [q for q in rules if q.get("gold_quotes")]
    assert len(examples) >= len(answerable) * 0.8
    assert all(len(e.rows) == len(e.labels) for e in examples)
    assert sum(e.labels.any() for e in examples) >= len(examples) // 2  # the gemeente's gold article is pooled

    dev = load_questions(dev_file)
    alone, both = fit(index, dev), fit(index, dev, rules)
    assert both.models.passage == alone.models.passage
    assert both.models.unit != alone.models.unit
    assert figures(both)["cross_validated"] == figures(alone)["cross_validated"]
    assert len(both.cases) == len(alone.cases)


def test_an_article_and_lid_named_by_number_are_quoted_as_they_stand(client):
    asked = ("Welke onderdelen moet het college volgens artikel 3.1.2 lid 3 van de Haagse regeling ten minste "
             "onderzoeken voordat het beslist op een aanvraag?")
    data = client.post("/api/ask", json={"question": asked}).get_json()
    assert data["status"] == "answered"
    assert data["answer"].startswith("Artikel 3.1.2 Criteria voor maatwerkvoorzieningen, lid 3 (Regeling "
                                      "maatschappelijke ondersteuning Den Haag 2018")
    for item in ("regelvermogen", "mate van participatie", "zelfredzaamheid", "sociale netwerk", "multi-problematiek"):
        assert item in data["answer"]
    assert "tijdig en compleet" not in data["answer"]  # lid 1 was not asked for
    assert len(data["citations"]) == 1 and ":artikel-3-1-2-" in data["citations"][0]["chunk_id"]
    # An article split by lid: the lid's own passage, the widget's gemeente as scope, "vierde lid" spelled out.
    data = client.post("/api/ask", json={"question": "Wat staat in het vierde lid van artikel 2.3.1 van de nadere regels?",
                                         "gemeente": "Aa en Hunze"}).get_json()
    assert "Van kinderen tot 5 jaar wordt geen bijdrage in het huishouden gevraagd." in data["answer"]
    assert "Niet-inwonende kinderen" not in data["answer"]
    assert data["answer"].split("\n")[0].count("Aa en Hunze") == 1  # the title names the gemeente already
    # Two leden of the one article named: both quoted, the first named first.
    data = client.post("/api/ask", json={
        "question": "Wat is volgens artikel 4.7 lid 3 van de nadere regels een restreint, en voor welke periode wordt "
                    "een auto-aanpassing verstrekt (lid 4)?", "gemeente": "Aa en Hunze"}).get_json()
    assert data["answer"].startswith("Artikel 4.7 Auto-aanpassing, leden 3 en 4 (")
    assert "Zo'n restreint is een beperkende voorwaarde" in data["answer"]
    assert "in de vorm van een pgb voor een periode van minimaal 7 jaar" in data["answer"]


def test_one_article_named_in_a_comparison_says_the_other_gemeente_is_not_answered(client):
    # Review 9's P8: only Aa en Hunze's article 30 lid 3 was quoted, Hilversum left out without a word.
    data = client.post("/api/ask", json={"question": (
        "Hoe houden Hilversum en Aa en Hunze (Verordening 2026, artikel 30 lid 3) toezicht op de kwaliteit "
        "van de voorzieningen van aanbieders?")}).get_json()
    first, quoted = data["answer"].split("\n\n")[:2]
    assert first.startswith("In de regels van de gemeente Hilversum heb ik geen antwoord op deze vraag gevonden.")
    assert quoted.startswith("Artikel 30 Kwaliteit, lid 3 (")


def test_a_comparison_that_names_an_article_of_each_gemeente_quotes_both(client):
    # Review 8's P8: Zaltbommel's "11.1" is an article without the word in its heading.
    data = client.post("/api/ask", json={"question": (
        "Aan welke kwaliteitseisen moeten diensten voldoen volgens artikel 11.1 van de Verordening Wmo en Jeugd "
        "Zaltbommel 2023 en volgens artikel 30 lid 1 van de verordening van Aa en Hunze?")}).get_json()
    zaltbommel, aa_en_hunze = data["answer"].split("\n\n")[:2]
    assert zaltbommel.startswith("In Zaltbommel geldt (Artikel 11.1 Kwaliteit") and "passen bij de behoefte" in zaltbommel
    assert aa_en_hunze.startswith("In Aa en Hunze geldt (Artikel 30") and "Toetsingskader" in aa_en_hunze
    # Review 8's P7: only the Zaltbommel half was quoted, and nothing said the other half was missing.
    data = client.post("/api/ask", json={"question": (
        "Wat moet een besluit over een pgb minimaal vermelden? Vergelijk artikel 2.4.1 lid 3 van de Verordening Wmo "
        "en Jeugd Zaltbommel 2023 met artikel 11 lid 3 van de Verordening maatschappelijke ondersteuning en Jeugdhulp "
        "2026 van Aa en Hunze.")}).get_json()
    assert data["status"] == "answered"
    zaltbommel, aa_en_hunze = data["answer"].split("\n\n")[:2]
    assert zaltbommel.startswith("In Zaltbommel geldt (Artikel 2.4.1 lid 3") and "hoe hoog het pgb is" in zaltbommel
    assert aa_en_hunze.startswith("In Aa en Hunze geldt (Artikel 11") and "welke kwaliteitseisen gelden" in aa_en_hunze
    assert ["zaltbommel" in c["document"]["title"].lower() for c in data["citations"]] == [True, False]


def test_an_article_reference_that_does_not_point_at_one_regulation_is_no_lookup(index):
    from assistant.answers.references import asked_reference, referenced_passages

    assert asked_reference("Wat staat er in artikel 3.1.2?") == asked_reference("artikel 3.1.2")
    # Den Haag's regeling and Aa en Hunze's nadere regels both have an article 3.1.2.
    assert referenced_passages(index, asked_reference("artikel 3.1.2"), "artikel 3.1.2", (), TODAY) == []
    assert len(referenced_passages(index, asked_reference("artikel 3.1.2"), "", ("Den Haag",), TODAY)) == 1
    # Another text named after the number: not a gemeente's article, whichever gemeente is asked about.
    grondwet = asked_reference("Staat handicap nu in artikel 1 van de Grondwet?")
    assert grondwet.text_named == "Grondwet"
    assert referenced_passages(index, grondwet, "", ("Aa en Hunze",), TODAY) == []
    assert referenced_passages(index, asked_reference("artikel 1"), "", ("Aa en Hunze",), TODAY)
    assert asked_reference("Hoe vraag ik hulp aan?") is None
    # Further leden count for the one article named, not across two articles.
    assert asked_reference("artikel 2.3.1 lid 3 en 4 van de regels").leden == (3, 4)
    assert asked_reference("Wat regelt artikel 4.7 lid 3, en wat zegt lid 5?").leden == (3, 5)
    assert asked_reference("lid 2 van artikel 5 en artikel 6 lid 3").leden == (2,)
    assert asked_reference("artikel 4.9").leden == ()
    # In English: "article 23 of the Aa en Hunze regulation" names the gemeente, not another text.
    english = asked_reference("Under article 23 of the Aa en Hunze regulation, when can a young person get money?")
    assert (english.article, english.text_named) == ("23", "Aa en Hunze")
    assert referenced_passages(index, english, "", ("Aa en Hunze",), TODAY)
    assert asked_reference("What does paragraph 3 of article 4.7 say?") == asked_reference("artikel 4.7 lid 3")
    # Ordinals in a row name every lid (review 9's P2 got lid 6 only).
    assert asked_reference("Wat bepalen het vijfde en zesde lid van artikel 3.7.1?").leden == (5, 6)
    assert asked_reference("artikel 3.1.2, eerste, tweede en derde lid").leden == (1, 2, 3)


def test_a_gemeente_with_rules_is_scope_not_a_search_term_for_national_sources(tmp_path, index_dir, hashing_models_file):
    # Every ministry letter is dated and addressed "Den Haag": searched as a term, the name found
    # letterheads ("Postbus 20018 2500 EA DEN HAAG") for a question the sources do not answer.
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "DATA_DIR": str(tmp_path / "data"),
                      "EMBEDDER": HashingEmbedder(), "RATE_LIMIT": "off", "MODELS_FILE": str(hashing_models_file)})
    client = app.test_client()
    for question in ("Does Den Haag pay for a stairlift?", "Does The Hague pay for a stairlift?"):
        data = client.post("/api/ask", json={"question": question}).get_json()
        assert not any("Postbus" in c["quote"] or "DEN HAAG" in c["quote"] for c in data["citations"]), data["answer"]


def test_a_lapsed_article_asked_for_by_number_is_said_to_have_lapsed(client):
    data = client.post("/api/ask", json={"question": "Wat staat er in artikel 3.2.2 van de Haagse regeling?"}).get_json()
    assert data["answer"].startswith("Artikel 3.2.2 Normbedragen pgb (Regeling maatschappelijke ondersteuning Den Haag")
    assert "dit artikel is vervallen en geldt niet meer" in data["answer"]


def test_an_article_in_another_laws_chapter_comes_after_the_one_under_the_law_asked(index):
    # Aa en Hunze's nadere regels have a Wmo and a Jeugdwet paragraph on applications: 2 weeks
    # for a Wmo decision, 8 under the Jeugdwet. A jeugdhulp question must lead with the latter.
    for question, law in (("Binnen hoeveel weken beslist de gemeente op een aanvraag voor jeugdhulp?", "jeugd"),
                          ("Binnen hoeveel weken beslist de gemeente op een aanvraag voor Wmo-ondersteuning?",
                           "maatschappelijke ondersteuning")):
        local = local_rules(index, question, "Aa en Hunze", TODAY)
        assert law in (local.hits[0].chunk.section or "").lower(), local.hits[0].chunk.section


def test_the_decision_learns_from_the_pools_the_service_answers_from(index):
    """A question about a gemeente with loaded rules is answered from a pool its own articles
    lead (`local_rules.first`); the decision model learns from that pool too, and a fact those
    rules do not state is one of its negatives."""
    from pathlib import Path

    from assistant.answers.evaluation import load_questions
    from assistant.answers.ranking.features import DECISION_FEATURES
    from assistant.answers.ranking.fitting import fit

    rules = load_questions(Path(__file__).resolve().parents[2] / "benchmarks" / "rules_questions.jsonl")
    cases = fit(index, rules).cases
    local = [c for c in cases if c.local is not None and c.local.hits]
    assert len(local) >= len(cases) // 2
    assert all(c.service_pool.hits[0].chunk.id == c.local.hits[0].chunk.id for c in local)
    flag = DECISION_FEATURES.index("local")
    assert all(c.decision_row[flag] == 1.0 for c in local if c.decision_row is not None)
    unstated = [c for c in cases if c.item.get("category") == "niet_in_regels"]
    assert unstated and all(c.decision_label == 0 for c in unstated)
