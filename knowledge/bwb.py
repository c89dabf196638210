"""Import a BWB `toestand` XML (a law as in force on one date) as Document + article chunks.

Rendering and chunking are shared with `knowledge.cvdr`; this module only knows
where BWB keeps its metadata and how wetten.overheid.nl builds its deep links.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from knowledge.articles import Walker, build_chunks
from knowledge.overheid_xml import find_all, first_text, iso_date, load_xml
from knowledge.documents import Chunk, Document

BWB_URL = "https://wetten.overheid.nl/{bwb_id}"


def find_bwb_id(root: etree._Element) -> str:
    """The id sits on <toestand>; fall back on any bwb-id attribute or jci reference."""
    for value in [root.get("bwb-id"), *root.xpath("//@bwb-id"), *root.xpath("//@verwijzing")]:
        if value and (m := re.search(r"BWB[A-Z]\d{7}", value)):
            return m[0]
    raise ValueError("no BWB id found in the XML")


def find_toestand_date(root: etree._Element) -> str | None:
    """The toestand's in-force date; the <wetgeving> attribute is the fallback."""
    wetgeving = next(iter(find_all(root, "wetgeving")), root)
    return iso_date(root.get("inwerkingtreding") or wetgeving.get("inwerkingtredingsdatum"))


def anchor_of(el: etree._Element) -> str | None:
    """Site anchors mirror bwb-ng-variabel-deel: /Hoofdstuk1/Artikel1.1 -> Hoofdstuk1_Artikel1.1."""
    path = (el.get("bwb-ng-variabel-deel") or "").strip("/")
    return path.replace("/", "_") or None


def parse_bwb(xml: bytes | str | Path) -> tuple[Document, list[Chunk]]:
    root = load_xml(xml)
    bwb_id = find_bwb_id(root)
    date = find_toestand_date(root)
    title = first_text(root, "citeertitel") or first_text(root, "intitule") or bwb_id
    url = BWB_URL.format(bwb_id=bwb_id) + (f"/{date}" if date else "")
    # e.g. wet, AMvB, ministeriele-regeling; publicatie elements also carry a soort (Stcrt)
    soort = next(iter(root.xpath("//*[local-name()='wetgeving']/@soort")), None)
    document = Document(
        # A toestand is one dated version of the law, so the date is part of the id.
        id=f"bwb-{bwb_id}-{date}" if date else f"bwb-{bwb_id}", title=title, type="wet",
        organisation="Rijksoverheid", date=date, reference=bwb_id, url=url, gemeente=None,
        # valid_to stays None: a toestand file states when it starts, not when it ends.
        valid_from=date, valid_to=None, origin="import")
    walker = Walker(anchor_of=anchor_of)
    walker.walk(root, [])
    meta = {"title": title, "gemeente": None, "valid_from": document.valid_from,
            "valid_to": document.valid_to, "reference": bwb_id, "regulation_type": soort}
    return document, build_chunks(walker.units, document.id, url, [title], meta)
