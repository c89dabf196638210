"""HTML pages: start page, widget script, source list, document and passage pages."""
from __future__ import annotations

import html5lib
import pytest
from flask import render_template

from assistant.web.extensions import INDEX
from assistant.web.sources import context_of, dutch_date, in_listing_order, official_url, outline
from knowledge.documents import Chunk, Document

HOSTILE = '<img src=x onerror="alert(1)">'


def parse(html: str):
    """Strict HTML5 parse: raises on any parse error (unclosed tags, bad nesting, stray end tags)."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)


def page_tree(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    tree = parse(response.get_data(as_text=True))
    assert tree.get("lang") == "nl"
    # The serving layer sends a strict CSP: no inline script or style may be needed.
    assert all(s.get("src") for s in tree.iter("script")), path
    assert not list(tree.iter("style")) and not [e for e in tree.iter() if e.get("style") is not None], path
    assert len(list(tree.iter("h1"))) == 1, path
    return tree


def text_of(element) -> str:
    return "".join(element.itertext())


def test_start_page_links_to_demo_sources_and_api(client):
    tree = page_tree(client, "/")
    links = {a.get("href") for a in tree.iter("a")}
    assert {"/widget/demo", "/bronnen/", "/api/openapi.json"} <= links


def test_widget_script_is_served_as_javascript_and_never_writes_html(client):
    response = client.get("/widget.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    script = response.get_data(as_text=True)
    assert 'customElements.define("assistant-chat"' in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_demo_page_embeds_the_widget_with_the_demo_key(client):
    scripts = list(page_tree(client, "/widget/demo").iter("script"))
    assert [(s.get("src"), s.get("data-site")) for s in scripts] == [("/widget.js", "demo")]


def test_source_list_shows_every_document_with_its_passage_count(app, client):
    index = app.extensions[INDEX]
    tree = page_tree(client, "/bronnen/")
    items = tree.find(".//ul[@class='documents']").findall("li")
    assert len(items) == len(index.documents)
    for item in items:
        link = item.find(".//h2/a")
        document_id = link.get("href").removeprefix("/bronnen/document/")
        assert text_of(link) == index.documents[document_id].title
        counts = [dd for div in item.iter("div") if text_of(div.find("dt")) == "Passages" for dd in div.iter("dd")]
        assert text_of(counts[0]) == str(len(index.document_chunks(document_id)))


def test_document_page_has_an_anchor_per_passage_and_section_headings(app, client):
    index = app.extensions[INDEX]
    document_id = max(index.documents, key=lambda d: len(index.document_chunks(d)))
    chunks = index.document_chunks(document_id)
    tree = page_tree(client, f"/bronnen/document/{document_id}")
    anchors = [div.get("id") for div in tree.iter("div") if div.get("class") == "passage"]
    assert anchors == [c.id for c in chunks]
    headings = {text_of(h) for level in range(2, 7) for h in tree.iter(f"h{level}")}
    assert {c.section.split(" > ")[-1].strip() for c in chunks if c.section} <= headings


def test_passage_page_highlights_the_passage_within_its_section(app, client):
    index = app.extensions[INDEX]
    document_id = next(d for d in index.documents if len(index.document_chunks(d)) > 5)
    cited = next(c for c in index.document_chunks(document_id) if c.section)
    tree = page_tree(client, f"/bronnen/{cited.id}")
    marks = list(tree.iter("mark"))
    assert [text_of(m) for m in marks] == [cited.text]
    assert text_of(tree.find(".//h1")) == index.documents[document_id].title
    assert [text_of(li) for li in tree.find(".//div[@class='section-path']/ol")] == [p.strip() for p in cited.section.split(" > ")]
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert f"/bronnen/document/{document_id}#{cited.id}" in hrefs


def test_unknown_passage_and_document_get_an_html_404(client):
    for path in ("/bronnen/bestaat-niet:x:001", "/bronnen/document/bestaat-niet"):
        response = client.get(path)
        assert response.status_code == 404 and response.mimetype == "text/html"
        parse(response.get_data(as_text=True))


def test_server_text_in_pages_is_escaped(app):
    document = Document(id="d", title=f"Titel {HOSTILE}", type="brief", organisation=HOSTILE, url="javascript:alert(1)")
    chunk = Chunk(id="d:x:001", document_id="d", text=HOSTILE, section=f"Deel > {HOSTILE}")
    with app.test_request_context():
        html = render_template("passage.html", cited=chunk, document=document, section=chunk.section.split(" > "),
                               context=[chunk], official=None)
    assert "<img" not in html and "&lt;img" in html
    parse(html)


def test_official_link_only_where_known():
    law = Document(id="bwb", title="Wet", type="wet", url="https://wetten.overheid.nl/BWBR0035362")
    article = Chunk(id="bwb:art-1:001", document_id="bwb", text="t", meta={"url": "https://wetten.overheid.nl/BWBR0035362#Artikel1"})
    assert official_url(law, article) == "https://wetten.overheid.nl/BWBR0035362#Artikel1"
    assert official_url(law, Chunk(id="bwb:x:002", document_id="bwb", text="t")) == law.url
    assert official_url(Document(id="brief", title="Brief", type="brief"), None) is None
    assert official_url(Document(id="x", title="X", type="brief", url="javascript:alert(1)"), None) is None


@pytest.mark.parametrize(("value", "shown"), [("2026-06-17", "17 juni 2026"), ("2026-03", "maart 2026"), ("2026", "2026"),
                                              ("onbekend", "onbekend"), (None, None), ("2026-13", "2026-13")])
def test_dates_are_written_in_dutch(value, shown):
    assert dutch_date(value) == shown


def test_outline_opens_only_the_headings_that_change():
    chunks = [Chunk(id=f"d:{i}", document_id="d", text=str(i), section=s)
              for i, s in enumerate(["A > B", "A > B", "A > C", None, "D"])]
    assert [[(h.level, h.text) for h in block.headings] for block in outline(chunks)] == [
        [(2, "A"), (3, "B")], [], [(3, "C")], [], [(2, "D")]]


def test_context_is_the_cited_passage_with_neighbours_from_its_section():
    chunks = [Chunk(id=f"d:{i}", document_id="d", text=str(i), section="S" if 2 <= i <= 12 else "T") for i in range(15)]
    assert [c.id for c in context_of(chunks, chunks[3], around=2)] == ["d:2", "d:3", "d:4", "d:5"]


def test_listing_is_newest_first_with_undated_last():
    docs = [Document(id=i, title=t, type="x", date=d) for i, t, d in [("a", "B", "2025-01"), ("b", "A", None), ("c", "C", "2026-02-01"), ("d", "A", "2025-01")]]
    assert [d.id for d in in_listing_order(docs)] == ["c", "d", "a", "b"]


def test_pages_without_an_index_say_so(tmp_path):
    from assistant import create_app
    from index.embedder import HashingEmbedder

    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "geen-index"), "DATA_DIR": str(tmp_path / "data"),
                         "EMBEDDER": HashingEmbedder()}).test_client()
    assert client.get("/").status_code == 200 and client.get("/widget/demo").status_code == 200
    response = client.get("/bronnen/")
    assert response.status_code == 503 and "nog niet opgebouwd" in response.get_data(as_text=True)
    assert client.get("/bronnen/document/x").status_code == 404


def test_source_list_is_paged(app, client):
    app.config["SOURCES_PER_PAGE"] = 4
    total = len(app.extensions[INDEX].documents)
    pages = -(-total // 4)
    seen = []
    for number in range(1, pages + 1):
        tree = page_tree(client, f"/bronnen/?pagina={number}")
        seen += [a.get("href") for a in tree.iterfind(".//ul[@class='documents']/li/h2/a")]
        pager = {text_of(a): a.get("href") for a in tree.iterfind(".//nav[@class='pager']//a")}
        assert ("Vorige pagina" in pager) == (number > 1) and ("Volgende pagina" in pager) == (number < pages)
    assert len(seen) == len(set(seen)) == total
    assert client.get(f"/bronnen/?pagina={pages + 1}").status_code == 404
    assert client.get("/bronnen/?pagina=0").status_code == 404


def test_imported_rules_link_to_their_official_article(tmp_path):
    """Real CVDR and BWB exports: the passage page links the article's own address from the import."""
    from assistant import create_app
    from index.build import build_index
    from index.embedder import HashingEmbedder
    from index.imports import import_documents
    from index.layout import IndexLayout
    from knowledge.bwb import parse_bwb
    from knowledge.cvdr import parse_cvdr
    from tests.cvdr_factory import OVERHEID

    layout = IndexLayout(tmp_path / "idx")
    pairs = [parse_cvdr(OVERHEID / "cvdr_example1.xml"), parse_bwb(OVERHEID / "bwb_toestand_3.xml")]
    import_documents(layout, pairs)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.json").write_text('{"documents": []}')
    (corpus / "brief.md").write_text("# Brief\n\nGemeenten verschillen in gebruikelijke hulp.\n")
    build_index(layout, "hashing-stand-in", HashingEmbedder, corpus, progress=False)
    app = create_app({"TESTING": True, "INDEX_DIR": str(layout.root), "DATA_DIR": str(tmp_path / "data"),
                      "EMBEDDER": HashingEmbedder()})
    client = app.test_client()
    for document, chunks in pairs:
        chunk = next(c for c in chunks if c.meta.get("url"))
        tree = page_tree(client, f"/bronnen/{chunk.id}")
        assert {a.get("href"): text_of(a) for a in tree.iter("a")}.get(chunk.meta["url"]) == "Officiële versie"
        whole = page_tree(client, f"/bronnen/document/{document.id}")
        assert document.url in {a.get("href") for a in whole.iter("a")}
    index = app.extensions[INDEX]
    letter = next(d for d in index.documents.values() if d.origin == "corpus")
    page = page_tree(client, f"/bronnen/{index.document_chunks(letter.id)[0].id}")
    assert "Officiële" not in text_of(page.find(".//main"))  # no address in its text: none guessed
