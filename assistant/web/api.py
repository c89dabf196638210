"""JSON API: search, documents, liveness and readiness."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, jsonify

from assistant.web.errors import ApiError
from assistant.answers.retrieval import search
from knowledge.documents import document_ref
from assistant.web.schemas import SearchRequest
from assistant.web.extensions import GENERATOR, INDEX, get_index
from assistant.web.validation import parse_body
from assistant.conversations.redaction import redact

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.post("/search")
def search_endpoint():
    body = parse_body(SearchRequest)
    peildatum = date.fromisoformat(body.peildatum) if body.peildatum else None
    # Redacted like a question: a BSN typed into the search box is not searched or kept.
    hits = search(get_index(), redact(body.query).text, body.k, body.gemeente, peildatum,
                  models=current_app.extensions[GENERATOR].models)
    return jsonify(
        {
            "results": [
                {
                    "chunk_id": hit.chunk.id,
                    "text": hit.chunk.text,
                    "score": round(hit.score, 6),
                    "section": hit.chunk.section,
                    "document": document_ref(hit.document),
                }
                for hit in hits
            ]
        }
    )


@bp.get("/health")
def health():
    """Liveness: the process answers. 200 also without an index (a restart would not help)."""
    index = current_app.extensions.get(INDEX)
    if index is None:
        return jsonify({"status": "index_not_built", "index_size": 0, "model": "", "documents": 0, "corpus_documents": []})
    corpus = [document_ref(d) for d in index.documents.values() if d.origin == "corpus"]
    return jsonify(
        {
            "status": "ok",
            "index_size": len(index),
            "model": index.model_name,
            "documents": len(index.documents),
            "corpus_documents": corpus,
        }
    )


@bp.get("/ready")
def ready():
    """Readiness: the model and an index are loaded, so questions can be answered."""
    index = current_app.extensions.get(INDEX)
    if index is None:
        raise ApiError(503, "not_ready", "De dienst is nog niet klaar: de kennisbank is niet geladen.")
    return jsonify({"status": "ready", "build": index.build_dir.name, "model": index.model_name})


@bp.get("/documents/<document_id>")
def document_endpoint(document_id: str):
    """The whole source of a citation, passage by passage, so it can be opened and read."""
    index = get_index()
    document = index.documents.get(document_id)
    if document is None:
        raise ApiError(404, "unknown_document", "Dit document staat niet in de kennisbank.")
    fields = ("id", "title", "type", "organisation", "date", "reference", "url", "gemeente", "valid_from", "valid_to")
    return jsonify(
        {
            "document": {name: getattr(document, name) for name in fields},
            "passages": [
                {"chunk_id": c.id, "section": c.section, "kind": c.kind, "text": c.text}
                for c in index.document_chunks(document_id)
            ],
        }
    )
