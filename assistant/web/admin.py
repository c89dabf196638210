"""Admin API under /api/admin, present only when ASSISTANT_ADMIN_KEY is set.

The key comes as `Authorization: Bearer <key>` and is compared in constant time.
"""
from __future__ import annotations

import hmac
from datetime import datetime, timezone

from flask import Blueprint, current_app, jsonify, request

from assistant.config import conversations_path
from assistant.conversations.store import ConversationStore
from assistant.web.errors import ApiError
from assistant.web.schemas import existing_date
from assistant.web.extensions import EMBEDDER, INDEX, SWAP
from assistant.web.reindex import read_outcome, start_reindex
from index.imports import ImportReport, import_documents, list_imported
from knowledge.bwb import parse_bwb
from knowledge.cvdr import parse_cvdr

bp = Blueprint("admin", __name__, url_prefix="/api/admin")
PARSERS = {"cvdr": parse_cvdr, "bwb": parse_bwb}
MAX_FILES = 50


@bp.before_request
def authorise() -> None:
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    expected = current_app.config["ADMIN_KEY"]
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise ApiError(401, "unauthorized", "Deze functie is alleen voor beheerders: geef een geldige sleutel.")
    request.max_content_length = current_app.config["ADMIN_UPLOAD_LIMIT"]


@bp.after_request
def challenge(response):
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="admin"'
    return response


@bp.post("/reindex")
def reindex_endpoint():
    if not start_reindex(layout(), current_app.extensions[EMBEDDER]):
        raise ApiError(409, "build_in_progress", "Er loopt al een herindexering. Probeer het straks opnieuw.")
    return jsonify({"status": "started"}), 202


@bp.get("/status")
def status_endpoint():
    index = current_app.extensions.get(INDEX)
    where = layout()
    current = where.current_build()
    return jsonify({
        "current_build": current.name if current else None,
        "served_build": index.build_dir.name if index else None,  # by the worker that answers
        "documents": len(index.documents) if index else 0,
        "passages": len(index) if index else 0,
        "model": index.model_name if index else None,
        "building": where.is_building(),
        "last_build": read_outcome(where),
        "imported_documents": len(list_imported(where)),
    })


@bp.post("/import")
def import_endpoint():
    """CVDR or BWB XML files (multipart field `file`, `kind` cvdr|bwb), stored like `assistant
    import`, then a rebuild in the background (`build=false` skips it)."""
    kind = request.form.get("kind", "cvdr")
    if kind not in PARSERS:
        raise ApiError(400, "invalid_kind", "Kies bij 'kind' cvdr of bwb.")
    files = request.files.getlist("file")
    if not files or len(files) > MAX_FILES:
        raise ApiError(400, "invalid_file", f"Stuur 1 tot en met {MAX_FILES} XML-bestanden in het veld 'file'.")
    pairs, failed = [], []
    for upload in files:
        try:
            pairs.append(PARSERS[kind](upload.read()))
        except Exception:  # noqa: BLE001 - one broken file is reported, the others imported
            failed.append(upload.filename or "?")
    if not pairs:
        raise ApiError(400, "invalid_file", "Geen van de bestanden kon worden gelezen als " + kind.upper() + "-XML.")
    report = import_documents(layout(), pairs)
    building = request.form.get("build", "true") != "false" and start_reindex(layout(), current_app.extensions[EMBEDDER])
    return jsonify({**report_json(report), "failed": failed, "reindex_started": building}), 202


@bp.delete("/conversations")
def delete_conversations_endpoint():
    before = request.args.get("before", "")
    try:
        existing_date(before)
    except ValueError:
        raise ApiError(400, "invalid_before", "Geef 'before' als datum JJJJ-MM-DD, bijvoorbeeld 2025-01-01.") from None
    cutoff = datetime.fromisoformat(before).replace(tzinfo=timezone.utc)
    with ConversationStore(conversations_path(current_app.config)) as store:
        deleted = store.purge_before(cutoff)
    return jsonify({"deleted": deleted})


def report_json(report: ImportReport) -> dict:
    return {"added": report.added, "replaced": report.replaced, "unchanged": report.unchanged,
            "passages_written": report.chunks_written, "passages_removed": report.chunks_removed}


def layout():
    return current_app.extensions[SWAP].layout
