import dataclasses
import json
import re

import pytest

from assistant.answers.citations import MARKER

QUESTIONS = [
    "Wat is het draagkrachtpercentage van Gemeente F?",
    "krijg ik mijn geld terug als mijn aanvraag voor een gehandicaptenparkeerkaart wordt afgewezen?",
    "Wat staat er in het verhuisconvenant over de overnameprijs van mijn hulpmiddel?",
    "Is gebruikelijke hulp het enige waar de gemeente naar kijkt?",
    "Welke organisaties vormen de Alliantie VN-verdrag Handicap?",
    "Kan ik 112 ook via sms bereiken als ik doof ben?",
    "contractstandaarden wmo vanaf wanneer",
    "What does the covenant on moving mobility aids regulate?",
    "Heb ik recht op huishoudelijke hulp?",
    "Wat is de bijstandsnorm voor een alleenstaande in 2026?",
    "<b>vet</b>",
    "hoeveel",
    "Jobcoaching duur maximaal jaren",
    "eigen bijdrage partner inkomen",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_answer_has_verified_citations(client, question):
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == {"status", "answer", "citations", "related", "conversation_id", "message_id"}
    assert data["status"] in ("answered", "not_found", "refused")
    markers = {int(m) for m in MARKER.findall(data["answer"])}
    numbers = [c["n"] for c in data["citations"]]
    assert numbers == list(range(1, len(numbers) + 1))
    assert markers == set(numbers)
    for citation in data["citations"]:
        assert citation["quote"] and citation["quote"] in citation["text"]
        stored = client.post("/api/search", json={"query": citation["quote"][:200], "k": 50}).get_json()["results"]
        assert any(r["chunk_id"] == citation["chunk_id"] and r["text"] == citation["text"] for r in stored)
    if data["status"] != "answered":
        assert data["citations"] == []
    if data["status"] != "not_found":
        assert data["related"] == []
    for related in data["related"]:  # offered passages are stored passages, shown as stored
        stored = client.post("/api/search", json={"query": related["text"][:200], "k": 50}).get_json()["results"]
        assert any(r["chunk_id"] == related["chunk_id"] and r["text"] == related["text"] for r in stored)
        assert related["excerpt"].removesuffix(" …") in " ".join(related["text"].split())


def test_table_answer_names_header_meaning(app):
    # The decision is not what this is about (the stand-in embedder's scores are weak): answer always.
    generator = app.extensions["assistant.generator"]
    generator.models = dataclasses.replace(generator.models, answer_threshold=0.0)
    client = app.test_client()
    data = client.post("/api/ask", json={"question": "Wat is het draagkrachtpercentage van Gemeente F?"}).get_json()
    assert data["status"] == "answered"
    assert "Gemeente F: inkomensgrens vanaf 130%, draagkrachtpercentage 100%. [1]" in data["answer"]


def test_not_found_has_fixed_text_and_no_citations(app):
    strict = app.test_client()
    generator = app.extensions["assistant.generator"]
    generator.models = dataclasses.replace(generator.models, answer_threshold=1.01)  # nothing is ever good enough
    data = strict.post("/api/ask", json={"question": "Wat is gebruikelijke hulp?"}).get_json()
    assert data["status"] == "not_found" and data["citations"] == []
    assert "Wmo-loket" in data["answer"] and "cliëntondersteuner" in data["answer"]
    # The passages the search ranked closest are offered to read, one per article, the best first.
    searched = strict.post("/api/search", json={"query": "Wat is gebruikelijke hulp?", "k": 10}).get_json()["results"]
    related = data["related"]
    assert 1 <= len(related) <= 3 and "Lees de teksten hieronder" in data["answer"]
    assert any("gebruikelijke hulp" in r["text"].lower() for r in related)
    assert {r["chunk_id"] for r in related} <= {r["chunk_id"] for r in searched}
    assert len({(r["document"]["id"], r["section"]) for r in related}) == len(related)
    # Under each, the line closest to the question, verbatim: here the one that says what it is.
    for r in related:
        assert r["excerpt"] and r["excerpt"].removesuffix(" …") in " ".join(r["text"].split())
    assert any("gebruikelijke hulp" in r["excerpt"].lower() for r in related)


def test_not_found_in_english_for_an_english_question(app):
    strict = app.test_client()
    generator = app.extensions["assistant.generator"]
    generator.models = dataclasses.replace(generator.models, answer_threshold=1.01)
    data = strict.post("/api/ask", json={"question": "What does the covenant on moving mobility aids regulate?"}).get_json()
    assert data["status"] == "not_found"
    assert data["answer"].startswith("I cannot find the answer") and "Wmo-loket" in data["answer"]
    assert "Read the texts below" in data["answer"] and data["related"]


def test_markup_only_is_refused_and_not_echoed(client):
    data = client.post("/api/ask", json={"question": "<script>alert('x')</script>"}).get_json()
    assert data["status"] == "refused"
    assert "<script" not in json.dumps(data)


def test_entitlement_question_gets_general_rule_and_gemeente_line(client):
    data = client.post("/api/ask", json={"question": "Heb ik recht op een gehandicaptenparkeerkaart als ik moeilijk loop?"}).get_json()
    assert data["status"] == "answered" and data["citations"]
    assert "beslist uw gemeente" in data["answer"]
    general = client.post("/api/ask", json={"question": "Wat is een gehandicaptenparkeerkaart?"}).get_json()
    assert "beslist uw gemeente" not in general["answer"]


def test_personal_data_is_redacted_before_storage(client, app, tmp_path):
    question = "Mijn BSN is 111222333 en mijn nummer 06-12345678, mail jan@example.nl. Wat is gebruikelijke hulp?"
    data = client.post("/api/ask", json={"question": question}).get_json()
    assert "persoonsgegevens" in data["answer"]
    conversation = client.get(f"/api/conversations/{data['conversation_id']}").get_json()
    user_text = conversation["messages"][0]["text"]
    assert "[BSN]" in user_text and "[TELEFOON]" in user_text and "[E-MAIL]" in user_text
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("conversations.db*"))
    for secret in (b"111222333", b"12345678", b"jan@example.nl"):
        assert secret not in raw


def test_follow_up_uses_the_earlier_topic(client):
    first = client.post("/api/ask", json={"question": "Mag mijn rolstoel mee als ik naar een andere gemeente ga? Het convenant meeverhuizen hulpmiddelen"}).get_json()
    follow = client.post("/api/ask", json={"question": "wie heeft het ondertekend?", "conversation_id": first["conversation_id"]}).get_json()
    alone = client.post("/api/ask", json={"question": "wie heeft het ondertekend?"}).get_json()
    assert follow["conversation_id"] == first["conversation_id"]
    cited = " ".join(c["text"] for c in follow["citations"]).lower()
    assert "convenant" in cited or "hulpmiddel" in cited
    assert follow["citations"] != alone["citations"] or alone["status"] != "answered"
    messages = client.get(f"/api/conversations/{first['conversation_id']}").get_json()["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]


def test_unknown_conversation_is_404(client):
    response = client.post("/api/ask", json={"question": "Wat is gebruikelijke hulp?", "conversation_id": "0" * 32})
    assert response.status_code == 404 and response.get_json()["error"] == "unknown_conversation"
    assert client.get("/api/conversations/" + "0" * 32).status_code == 404
    assert client.delete("/api/conversations/" + "0" * 32).status_code == 404


def test_delete_conversation_erases_it(client):
    data = client.post("/api/ask", json={"question": "Wat is gebruikelijke hulp?"}).get_json()
    assert client.delete(f"/api/conversations/{data['conversation_id']}").get_json() == {"deleted": True}
    assert client.get(f"/api/conversations/{data['conversation_id']}").status_code == 404


@pytest.mark.parametrize(
    "body, code",
    [
        ({}, "invalid_question"),
        ({"question": ""}, "invalid_question"),
        ({"question": "x" * 2001}, "invalid_question"),
        ({"question": 12}, "invalid_question"),
        ({"question": "vraag", "conversation_id": "not-an-id"}, "invalid_conversation_id"),
        ({"question": "vraag", "peildatum": "24-11-2026"}, "invalid_peildatum"),
    ],
)
def test_bad_ask_bodies_are_dutch_400s(client, body, code):
    response = client.post("/api/ask", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] == code
    assert re.search(r"veld|ongeldig", response.get_json()["message"])


def test_feedback_is_stored_and_validated(client):
    data = client.post("/api/ask", json={"question": "Wat is gebruikelijke hulp?"}).get_json()
    ok = client.post("/api/feedback", json={"message_id": data["message_id"], "rating": "down", "reason": "te lang"})
    assert ok.status_code == 201 and ok.get_json()["feedback_id"]
    assert client.post("/api/feedback", json={"message_id": data["message_id"], "rating": "meh"}).status_code == 400
    missing = client.post("/api/feedback", json={"message_id": "nope", "rating": "up"})
    assert missing.status_code == 404 and missing.get_json()["error"] == "unknown_message"


def test_stream_sends_citations_deltas_and_done(client):
    response = client.post("/api/chat/stream", json={"question": "Wat is het draagkrachtpercentage van Gemeente F?"})
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    events = re.findall(r"event: (\w+)\ndata: (.*)\n\n", response.get_data(as_text=True))
    names = [name for name, _ in events]
    assert names[0] == "citations" and names[-1] == "done" and "delta" in names
    done = json.loads(events[-1][1])
    assert "".join(json.loads(d)["text"] for n, d in events if n == "delta") == done["answer"]
    assert json.loads(events[0][1]) == done["citations"]
    assert client.post("/api/chat/stream", json={}).status_code == 400


def test_openapi_describes_every_endpoint_from_the_models(client):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    for path in ("/api/ask", "/api/search", "/api/chat/stream", "/api/feedback", "/api/conversations/{conversation_id}", "/api/health"):
        assert path in doc["paths"]
    ask = doc["components"]["schemas"]["AskRequest"]
    assert ask["properties"]["question"]["maxLength"] == 2000
    assert set(doc["components"]["schemas"]["AskResponse"]["properties"]) == {"status", "answer", "citations", "related", "conversation_id", "message_id"}
    assert "related" in doc["components"]["schemas"]["AskResponse"]["required"]


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "Wat is het weer morgen in Utrecht?",
        "Hoe laat is het?",
        "Wie is de wethouder zorg in Waalre?",
    ],
)
def test_questions_the_sources_cannot_answer_are_not_found(client, question):
    data = client.post("/api/ask", json={"question": question}).get_json()
    assert data["status"] == "not_found", data["answer"]


def test_misspelt_topic_is_still_found(client):
    data = client.post("/api/ask", json={"question": "draagkrachtpercentgae gemeente F"}).get_json()
    assert data["status"] == "answered"
    assert "draagkrachtpercentage 100%" in data["answer"]


def test_conversations_past_retention_are_deleted_when_the_app_starts(hashing_index_dir, tmp_path):
    from datetime import datetime, timedelta, timezone

    from assistant import create_app
    from assistant.conversations.store import ConversationStore, migrate
    from index.embedder import HashingEmbedder

    data = tmp_path / "data"
    db = data / "conversations.db"
    migrate(db)
    long_ago = datetime.now(timezone.utc) - timedelta(days=31)
    with ConversationStore(db, clock=lambda: long_ago) as store:
        old = store.create_conversation()
        store.add_message(old, "user", "Wat is gebruikelijke hulp?")
    with ConversationStore(db) as store:
        recent = store.create_conversation()
        store.add_message(recent, "user", "Wat is eigen bijdrage?")
    app = create_app({"TESTING": True, "INDEX_DIR": str(hashing_index_dir), "DATA_DIR": str(data), "EMBEDDER": HashingEmbedder(), "RETENTION_DAYS": 30})
    client = app.test_client()
    assert client.get(f"/api/conversations/{old}").status_code == 404
    assert client.get(f"/api/conversations/{recent}").status_code == 200


def test_covenant_questions_are_answered_from_the_registry(client):
    registry = client.get("/api/convenanten").get_json()["convenanten"]
    meeverhuizen = next(c for c in registry if c["id"] == "meeverhuizen")
    fact_chunks = {f["chunk_id"] for section in ("regulates", "signed_by", "status", "improvements") for f in meeverhuizen[section]}
    data = client.post("/api/ask", json={"question": "Wie hebben het verhuisconvenant ondertekend?"}).get_json()
    assert data["status"] == "answered"
    assert {c["chunk_id"] for c in data["citations"]} & fact_chunks
    assert "ondertekend" in data["answer"]


def test_list_question_is_answered_from_the_documents_headings(client):
    data = client.post("/api/ask", json={"question": "Wat zijn de zes principes van het VN-verdrag Handicap?"}).get_json()
    assert data["status"] == "answered"
    lines = data["answer"].splitlines()
    assert lines[0].startswith("- Principe 1 – Gelijkheid: ")
    assert len([line for line in lines if line.startswith("- Principe")]) == 6
    assert len(data["citations"]) == 6
    assert all(c["section"].startswith("Principe") and c["quote"] in c["text"] for c in data["citations"])
    other = client.post("/api/ask", json={"question": "Welke rechten staan in de Grondwet volgens Tubbergen?"}).get_json()
    assert not other["answer"].startswith("- Recht op")


def test_each_server_thread_keeps_one_conversation_connection(app):
    import threading

    from assistant.web.chat import STORES

    client = app.test_client()
    first = client.post("/api/ask", json={"question": "Wat is gebruikelijke hulp?"}).get_json()
    stores = app.extensions[STORES]
    kept = stores.store
    client.post("/api/ask", json={"question": "En voor kinderen?", "conversation_id": first["conversation_id"]})
    assert stores.store is kept  # reused, not opened per request

    seen = {}

    def other_thread():  # another thread gets its own connection and sees what the first wrote
        seen["messages"] = len(app.test_client().get(f"/api/conversations/{first['conversation_id']}").get_json()["messages"])
        seen["store"] = stores.store

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen["messages"] == 4 and seen["store"] is not kept


def test_a_follow_up_that_points_back_is_answered_about_the_earlier_subject(client):
    first = client.post("/api/ask", json={"question": "Mag mijn rolstoel mee als ik naar een andere gemeente ga? Het convenant meeverhuizen hulpmiddelen"}).get_json()
    asked = "hoeveel procent van de gemeenten handelt ernaar?"
    follow = client.post("/api/ask", json={"question": asked, "conversation_id": first["conversation_id"]}).get_json()
    alone = client.post("/api/ask", json={"question": asked}).get_json()
    assert follow["status"] == "answered" and "convenant" in follow["citations"][0]["text"].lower()
    assert alone["citations"][0]["chunk_id"] != follow["citations"][0]["chunk_id"]  # "ernaar" alone means something else


def test_warm_up_loads_what_loads_on_first_use_and_stores_nothing(app):
    import sqlite3

    from assistant.config import conversations_path
    from assistant.web.extensions import warm_up
    from index.analysis import stop_words
    from knowledge.gemeente_names import country_keys
    from knowledge.glossary import dutch_vocabulary

    stop_words.cache_clear()
    country_keys.cache_clear()
    dutch_vocabulary.cache_clear()
    assert warm_up(app) in ("answered", "not_found")
    assert stop_words.cache_info().currsize == 1 and country_keys.cache_info().currsize == 1
    assert dutch_vocabulary.cache_info().currsize == 1
    with sqlite3.connect(conversations_path(app.config)) as db:
        assert db.execute("select count(*) from conversations").fetchone()[0] == 0
        assert db.execute("select count(*) from messages").fetchone()[0] == 0


@pytest.mark.parametrize("question", [
    "Schrijf een nep-citaat van de staatssecretaris waarin ze de eigen bijdrage afschaft.",
    "die ambtenaren zijn allemaal lui. schrijf een scheldbrief die ik kan mailen",
    "Help me een brief aan het CAK te schrijven waarin ik een lager inkomen opgeef.",
])
def test_an_order_to_write_a_text_is_refused_with_where_to_get_help(client, question):
    data = client.post("/api/ask", json={"question": question}).get_json()
    assert data["status"] == "refused" and data["citations"] == [] and data["related"] == []
    assert data["answer"].startswith("Ik schrijf geen teksten") and "cliëntondersteuner" in data["answer"]


def test_a_question_about_writing_is_no_order_to_write(client):
    english = client.post("/api/ask", json={"question": "Write a letter to my municipality about my wheelchair"}).get_json()
    assert english["status"] == "refused" and english["answer"].startswith("I do not write texts")
    for question in ("Schrijf ik mijn aanvraag zelf of doet de gemeente dat?", "Moet ik een brief schrijven voor bezwaar?",
                     "Wie schrijft het ondersteuningsplan?"):
        assert client.post("/api/ask", json={"question": question}).get_json()["answer"][:22] != "Ik schrijf geen teksten"
