"""Who says it: the phrase that opens the part of an answer quoted from one document.

A quoted "ik" or "wij" is only clear when the reader knows whose letter it is, and a gemeente's
own rule must read as that gemeente's, not as national policy.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.rules.filters import MONTHS, format_date
from index.search import Hit
from knowledge.documents import Document

NEUTER = {"rapport", "verslag", "convenant", "protocol", "advies", "onderzoek", "besluit", "verdrag"}


def written_on(iso: str | None) -> str | None:
    """'2026-06-17' -> '17 juni 2026', '2026-03' -> 'maart 2026'."""
    if not iso:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return format_date(iso)
    if re.fullmatch(r"\d{4}-\d{2}", iso):
        return f"{MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"
    return iso if re.fullmatch(r"\d{4}", iso) else None


def sender(document: Document) -> str | None:
    """The organisation without its explanatory brackets: 'VNG (in opdracht van VWS)' -> 'VNG'."""
    if not document.organisation:
        return None
    return re.sub(r"\s+\(.*?\)", "", document.organisation).strip() or None


def source_phrase(document: Document, locator: str = "") -> str:
    """`locator`: where in a gemeente's regulation ("Artikel 4.6 Scootmobiel"), named when the
    answer has no lead that names it (a comparison)."""
    if document.gemeente:
        return f"In {document.gemeente} geldt ({f'{locator}, ' if locator else ''}{document.title}):"
    kind = (document.type or "").strip()
    when = written_on(document.date)
    who = sender(document)
    if kind and kind.lower() not in ("bundel", "document", "regeling", "wet") and when:
        article = "het" if kind.lower() in NEUTER else "de"
        name = kind if kind[:1].isupper() else kind.lower()
        return f"Volgens {article} {name} van {when}{f' ({who})' if who else ''}:"
    return f"Volgens '{document.title}':"


def locator(hit: Hit) -> str:
    """"Artikel 9 lid 1 Gebruikelijke hulp" from the chunk label "… — title — gemeente X"."""
    label = hit.chunk.meta.get("label") or hit.chunk.section or ""
    return label.split(" — ")[0]


def without_rule_phrases(text: str, hits: Sequence[Hit]) -> str:
    """The answer without the phrases that open quotes from municipal rules."""
    for document in {h.document.id: h.document for h in hits if h.document.gemeente}.values():
        opening = re.escape(f"In {document.gemeente} geldt (")
        # The locator between the brackets never holds "): ", so one phrase is never read as two.
        text = re.sub(rf"{opening}(?:(?:(?!\): )[^\n])*?, )?{re.escape(document.title)}\):(?: |(?=\n))", "", text)
    # An answer that opens with a list item had its phrase on a line of its own.
    return text.lstrip("\n")
