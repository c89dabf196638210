"""HTML pages: the start page, the widget script and its demo, and the source pages citations open."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, send_from_directory

from assistant.web.extensions import INDEX
from assistant.web.sources import context_of, dutch_date, in_listing_order, official_url, outline, section_parts
from index.search import HybridIndex

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static", static_url_path="/assets")
WIDGET_MAX_AGE = 300  # seconds: embedding sites pick up a new version within minutes


@bp.record_once
def tidy_templates(state) -> None:
    state.app.jinja_env.trim_blocks = state.app.jinja_env.lstrip_blocks = True


@bp.app_template_filter("datum")
def datum_filter(value: str | None) -> str | None:
    return dutch_date(value)


def index_or_none() -> HybridIndex | None:
    return current_app.extensions.get(INDEX)


def not_found(message: str):
    return render_template("message.html", heading="Niet gevonden", message=message), 404


def no_index():
    message = "De kennisbank is nog niet opgebouwd. Voer eerst 'assistant build' uit."
    return render_template("message.html", heading="Nog geen bronnen", message=message), 503


@bp.get("/")
def home():
    return render_template("home.html", host=request.host_url.rstrip("/"))


@bp.get("/widget.js")
def widget_script():
    response = send_from_directory(bp.static_folder, "widget.js", mimetype="text/javascript", max_age=WIDGET_MAX_AGE)
    # Other websites load this script: a same-origin resource policy would block it there.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/widget/demo")
def demo():
    return render_template("demo.html")


@bp.get("/bronnen/")
def sources():
    index = index_or_none()
    if index is None:
        return no_index()
    documents = in_listing_order(list(index.documents.values()))
    size = current_app.config["SOURCES_PER_PAGE"]
    pages = max(1, -(-len(documents) // size))
    number = request.args.get("pagina", 1, type=int)
    if not 1 <= number <= pages:
        return not_found(f"Deze pagina bestaat niet. Er zijn {pages} pagina's met bronnen.")
    return render_template(
        "sources.html", documents=documents[(number - 1) * size: number * size], total=len(documents),
        counts=index.passage_counts(), page=number, pages=pages,
    )


@bp.get("/bronnen/document/<path:document_id>")
def document(document_id: str):
    index = index_or_none()
    found = index.documents.get(document_id) if index else None
    if found is None:
        return not_found("Dit document staat niet in de kennisbank.")
    return render_template(
        "document.html", document=found, blocks=outline(index.document_chunks(document_id)), official=official_url(found)
    )


@bp.get("/bronnen/<path:chunk_id>")
def passage(chunk_id: str):
    index = index_or_none()
    found = index.chunk(chunk_id) if index else None
    if found is None:
        return not_found("Deze passage staat niet (meer) in de kennisbank.")
    cited, document = found
    return render_template(
        "passage.html",
        cited=cited,
        document=document,
        section=section_parts(cited.section),
        context=context_of(index.document_chunks(document.id), cited),
        official=official_url(document, cited),
    )
