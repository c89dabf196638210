"""Parse CVDR SRU search responses and build CQL queries; pure, no network.

Field names follow the `gzd` record format of zoekservice.overheid.nl: owmskern /
owmsmantel / cvdripm under originalData, download links under enrichedData.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from knowledge.overheid_xml import (find_all, first_text, inline_text, iso_date, load_xml, local,
                            strip_gemeente)


@dataclass(frozen=True)
class SruRecord:
    identifier: str  # e.g. "CVDR100394_2": work id plus version
    title: str | None
    creator: str | None  # bare gemeente name, "Gemeente " stripped
    type: str | None
    issued: str | None
    valid_from: str | None
    valid_to: str | None
    xml_url: str | None
    url: str | None = None  # human-readable page (preferred_url)
    position: int | None = None  # recordPosition within the whole result set

    @property
    def work_id(self) -> str:
        return split_version(self.identifier)[0]

    @property
    def version(self) -> int | None:
        return split_version(self.identifier)[1]


@dataclass(frozen=True)
class SruPage:
    records: tuple[SruRecord, ...]
    total: int | None  # numberOfRecords, when the response states it
    next_position: int | None  # nextRecordPosition; None on the last page


def split_version(identifier: str) -> tuple[str, int | None]:
    """'CVDR100394_2' -> ('CVDR100394', 2); identifiers without '_N' have no version."""
    m = re.fullmatch(r"(.+)_(\d+)", identifier)
    return (m[1], int(m[2])) if m else (identifier, None)


def parse_search_response(xml: bytes | str | Path) -> list[SruRecord]:
    return list(parse_search_page(xml).records)


def parse_search_page(xml: bytes | str | Path) -> SruPage:
    """Records plus paging info; accepts a full searchRetrieveResponse or one bare <record>."""
    root = load_xml(xml)
    raise_on_diagnostic(root)
    records = [root] if local(root) == "record" else find_all(root, "record")
    parsed = tuple(r for r in map(parse_record, records) if r is not None)
    return SruPage(parsed, to_int(direct_text(root, "numberOfRecords")),
                   to_int(direct_text(root, "nextRecordPosition")))


def raise_on_diagnostic(root: etree._Element) -> None:
    # An SRU error still comes back as HTTP 200, so a silent empty list would hide it.
    for diagnostic in find_all(root, "diagnostic"):
        raise ValueError(f"SRU diagnostic: {inline_text(diagnostic)}")


def direct_text(root: etree._Element, name: str) -> str | None:
    """Text of a response-level element, not one nested inside a record."""
    hits = root.xpath("./*[local-name()=$n] | ./*/*[local-name()=$n]", n=name)
    return inline_text(hits[0]) if hits else None


def to_int(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def parse_record(record: etree._Element) -> SruRecord | None:
    data = next(iter(find_all(record, "originalData")), record)
    enriched = next(iter(find_all(record, "enrichedData")), record)
    identifier = first_text(data, "identifier")
    if not identifier:
        return None
    return SruRecord(
        identifier=identifier, title=first_text(data, "title"),
        creator=strip_gemeente(first_text(data, "creator")), type=pick_record_type(data),
        # Official publications (gmb, stcrt) carry dcterms:date instead of issued.
        issued=iso_date(first_text(data, "issued") or first_text(data, "date")),
        valid_from=iso_date(first_text(data, "inwerkingtredingDatum")),
        valid_to=iso_date(first_text(data, "uitwerkingtredingDatum")),
        xml_url=find_xml_url(enriched),
        url=first_text(enriched, "preferred_url") or first_text(enriched, "preferredUrl"),
        position=to_int(direct_text(record, "recordPosition")))


def pick_record_type(data: etree._Element) -> str | None:
    """Prefer the specific Rubriek type (Beleidsregel, ...) over the generic 'regeling'."""
    types = [(t.get("scheme") or "", inline_text(t)) for t in find_all(data, "type")]
    specific = [v for s, v in types if "rubriek" in s.lower() and v]
    return next(iter(specific or [v for _, v in types if v]), None)


def find_xml_url(enriched: etree._Element) -> str | None:
    """CVDR names it publicatieurl_xml; other KOOP collections use url / itemUrl[xml]."""
    items = enriched.xpath(".//*[local-name()='itemUrl'][@manifestation='xml']")
    candidates = [first_text(enriched, "publicatieurl_xml"),
                  *(inline_text(i) for i in items), first_text(enriched, "url")]
    return next((c for c in candidates if c and c.lower().endswith(".xml")), None)


def quote_cql(text: str) -> str:
    """Quote a user term; escaping also stops * ? ^ from acting as CQL wildcards."""
    return '"' + re.sub(r'([\\"*?^])', r"\\\1", " ".join(text.split())) + '"'


def build_cvdr_query(gemeente: str | None, text: str | None) -> str:
    """CQL for the CVDR SRU endpoint, e.g. dcterms.creator="Utrecht" AND keyword all "wmo"."""
    clauses = []
    if name := strip_gemeente(gemeente):
        clauses.append(f"dcterms.creator={quote_cql(name)}")
    if text and text.strip():
        clauses.append(f"keyword all {quote_cql(text)}")
    if not clauses:
        raise ValueError("build_cvdr_query needs a gemeente or a search text")
    return " AND ".join(clauses)


def is_in_force(record: SruRecord, on: date) -> bool:
    """valid_to is treated as inclusive; a missing start date counts as always started."""
    start, end = record.valid_from, record.valid_to
    return (start is None or start <= on.isoformat()) and (end is None or on.isoformat() <= end)


def select_in_force(records: Iterable[SruRecord], on: date) -> list[SruRecord]:
    """Per work id, the version in force on `on`; on a boundary day the later version wins."""
    best: dict[str, SruRecord] = {}
    for record in records:
        current = best.get(record.work_id)
        if is_in_force(record, on) and (current is None or rank(record) > rank(current)):
            best[record.work_id] = record
    return list(best.values())


def rank(record: SruRecord) -> tuple[str, int]:
    return record.valid_from or "", record.version or 0
