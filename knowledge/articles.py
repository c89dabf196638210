"""Articles and divisions of a rule, walked in document order and turned into chunks."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from knowledge.documents import Chunk, make_chunk_id
from knowledge.overheid_xml import (
    DIVISION_WORDS,
    EXPLANATORY,
    LAPSED,
    SKIP,
    STRUCTURE,
    Piece,
    heading_of,
    local,
    render_content,
    render_element,
    split_pieces,
)


@dataclass
class Unit:
    """One citable part before chunking: an artikel or the loose text of a division."""

    path: list[str]  # section path; the last entry is this unit's own heading
    pieces: list[Piece]
    kind: str
    locator: str  # citation locator, e.g. "Artikel 3.2"
    article: str | None = None
    article_index: int | None = None  # 1-based position among all <artikel> elements
    anchor: str | None = None
    lapsed: bool = False
    titel: str | None = None  # shown after the locator in labels ("Artikel 9 lid 2 Gebruikelijke hulp")


@dataclass
class Walker:
    anchor_of: Callable[[etree._Element], str | None]
    units: list[Unit] = field(default_factory=list)
    articles: int = 0
    unnumbered: int = 0

    def walk(self, parent: etree._Element, path: list[str], kind: str = "article") -> None:
        loose: list[Piece] = []
        for el in parent:
            name = local(el)
            if not name or name in SKIP:
                continue
            if name != "artikel" and name not in DIVISION_WORDS and not el.xpath(STRUCTURE):
                loose += render_element(el)
                continue
            self.add_text(path, loose, kind)
            loose = []
            if name == "artikel":
                self.add_article(el, path, kind)
            elif name in DIVISION_WORDS:
                self.walk(el, [*path, heading_of(el)[0]], "text" if name in EXPLANATORY else kind)
            else:
                self.walk(el, path, kind)
        self.add_text(path, loose, kind)

    def add_text(self, path: list[str], pieces: list[Piece], kind: str) -> None:
        if pieces:
            path = path or ["Tekst"]
            self.units.append(Unit(path, pieces, kind, path[-1], lapsed=is_lapsed(pieces)))

    def add_article(self, el: etree._Element, path: list[str], kind: str) -> None:
        self.articles += 1
        heading, nr, titel = heading_of(el)
        own_path, locator = [*path, heading], f"Artikel {nr}"
        if nr is None:  # unnumbered: name it by titel, else by the enclosing division
            self.unnumbered += 1
            locator = titel or (path[-1] if path else f"Artikel (zonder nummer) {self.unnumbered}")
            own_path = [*path, titel] if titel else (path or [locator])
        pieces = render_content(el)
        lapsed = el.get("status") == "vervallen" or is_lapsed(pieces)
        self.units.append(Unit(own_path, pieces, kind, locator, nr, self.articles,
                               self.anchor_of(el), lapsed))


def is_lapsed(pieces: list[Piece]) -> bool:
    return bool(pieces) and bool(LAPSED.match(" ".join(p.text for p in pieces)))


def build_chunks(units: list[Unit], doc_id: str, base_url: str | None, label_tail: list[str],
                 meta: dict) -> list[Chunk]:
    """Turn units into chunks whose text starts with the unit heading."""
    chunks: list[Chunk] = []
    for unit in units:
        section, heading = " > ".join(unit.path), unit.path[-1]
        parts = split_pieces(unit.pieces) or [(None, "(geen tekst)")]
        if unit.lapsed:  # keep it, so "what does artikel X say" can answer that it lapsed
            what = "dit artikel" if unit.article_index else "dit onderdeel"
            parts = [(None, f"{parts[0][1]} — {what} is vervallen en geldt niet meer.")]
        for n, (lid, body) in enumerate(parts, 1):
            locator = f"{unit.locator} lid {lid}" if lid else unit.locator
            if lid is None and len(parts) > 1:
                locator += f" (deel {n})"
            if unit.titel:
                locator += f" {unit.titel}"
            url = f"{base_url}#{unit.anchor}" if base_url and unit.anchor else base_url
            chunks.append(Chunk(
                id=make_chunk_id(doc_id, section, len(chunks)), document_id=doc_id,
                text=f"{heading}\n{body}", section=section, ordinal=len(chunks), kind=unit.kind,
                meta={**meta, "label": " — ".join([locator, *label_tail]), "heading": heading,
                      "article": unit.article, "lid": lid, "article_index": unit.article_index,
                      "part": n, "parts": len(parts), "lapsed": unit.lapsed, "url": url}))
    return chunks
