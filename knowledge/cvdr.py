"""Import CVDR (lokale regelgeving) XML as one Document plus article chunks.

Reading the XML is shared with `knowledge.bwb` (see `overheid_xml` and `articles`); this module
knows where CVDR keeps its metadata and how lokaleregelgeving.overheid.nl builds its links.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from knowledge.articles import Walker, build_chunks
from knowledge.documents import Chunk, Document
from knowledge.overheid_xml import (
    find_all,
    first_text,
    inline_text,
    iso_date,
    load_xml,
    strip_gemeente,
)

CVDR_URL = "https://lokaleregelgeving.overheid.nl/{work}/{version}"


def split_identifier(identifier: str) -> tuple[str, str | None]:
    """'112779_1' or 'CVDR112779_1' -> ('CVDR112779', '1')."""
    m = re.fullmatch(r"\s*(?:CVDR)?(\d+)(?:_(\d+))?\s*", identifier, re.IGNORECASE)
    if not m:
        raise ValueError(f"not a CVDR identifier: {identifier!r}")
    return f"CVDR{m[1]}", m[2]


def pick_type(meta: etree._Element) -> str | None:
    """Prefer the specific 'Rubriek' type (Beleidsregel, ...) over the generic 'regeling'."""
    types = [(t.get("scheme") or "", inline_text(t)) for t in find_all(meta, "type")]
    return next((v for s, v in types if "rubriek" in s.lower() and v), None) or next(
        (v for _, v in types if v), None)


def find_creator(meta: etree._Element) -> tuple[str | None, str | None]:
    """(gemeente, creator); provinces and water boards are creators but not a gemeente."""
    el = next(iter(find_all(meta, "creator")), None)
    if el is None:
        return None, None
    creator = inline_text(el) or None
    is_gemeente = "gemeente" in (el.get("scheme") or "gemeente").lower()
    return (strip_gemeente(creator) if is_gemeente else None), creator


def parse_cvdr(xml: bytes | str | Path) -> tuple[Document, list[Chunk]]:
    root = load_xml(xml)
    meta_el = next(iter(find_all(root, "meta")), root)
    work, version = split_identifier(first_text(meta_el, "identifier") or "")
    title = first_text(meta_el, "title") or first_text(root, "intitule") or work
    gemeente, creator = find_creator(meta_el)
    url = CVDR_URL.format(work=work, version=version or "").rstrip("/")
    subjects = find_all(meta_el, "onderwerp") or find_all(meta_el, "subject")
    document = Document(
        id=f"cvdr-{work}-{version}" if version else f"cvdr-{work}", title=title,
        type=pick_type(meta_el) or "regeling",
        organisation=f"Gemeente {gemeente}" if gemeente else creator,
        date=iso_date(first_text(meta_el, "issued")),
        reference=f"{work}_{version}" if version else work, url=url, gemeente=gemeente,
        valid_from=iso_date(first_text(meta_el, "inwerkingtredingDatum")),
        valid_to=iso_date(first_text(meta_el, "uitwerkingtredingDatum")), origin="import")
    walker = Walker(anchor_of=lambda el: el.get("id") or el.get("anchor"))
    walker.walk(root, [])
    meta = {"title": title, "gemeente": gemeente, "valid_from": document.valid_from,
            "valid_to": document.valid_to, "reference": document.reference,
            "regulation_type": document.type,
            "onderwerp": "; ".join(t for t in map(inline_text, subjects) if t) or None,
            "legal_basis": [t for t in map(inline_text, find_all(meta_el, "source")) if t]}
    tail = [title, f"gemeente {gemeente}"] if gemeente else [title]
    return document, build_chunks(walker.units, document.id, url, tail, meta)
