"""Which gemeenten have rules in the index: their names, CBS codes, regulations and dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.rules.filters import is_in_force, is_rule
from index.search import HybridIndex
from knowledge.documents import Document
from knowledge.gemeente_names import aliases, canonical_key


@dataclass(frozen=True)
class Regulation:
    document: Document
    passages: int
    in_force: bool  # on the day asked about
    valid_from_estimated: bool  # the text does not state it; see knowledge.rule_files.in_force_date


@dataclass(frozen=True)
class LoadedGemeente:
    name: str
    cbs_code: str | None
    aliases: tuple[str, ...]
    regulations: tuple[Regulation, ...]


def loaded_gemeenten(index: HybridIndex, peildatum: date) -> list[LoadedGemeente]:
    """Gemeenten with at least one imported regulation, by name; CBS codes come from the
    regulations' metadata (markdown front matter) where it was given."""
    groups: dict[str, list[Document]] = {}
    for document in index.documents.values():
        if is_rule(document) and document.gemeente:
            groups.setdefault(canonical_key(document.gemeente), []).append(document)
    out: list[LoadedGemeente] = []
    for documents in groups.values():
        documents.sort(key=lambda d: (d.title, d.id))
        regulations, codes = [], []
        for document in documents:
            chunks = index.document_chunks(document.id)
            meta = chunks[0].meta if chunks else {}
            codes.append(meta.get("cbs_code"))
            regulations.append(Regulation(document, len(chunks), is_in_force(document, peildatum),
                                          bool(meta.get("valid_from_estimated"))))
        name = documents[0].gemeente or ""
        out.append(LoadedGemeente(name, next((c for c in codes if c), None), aliases(name), tuple(regulations)))
    return sorted(out, key=lambda g: g.name.casefold())


def gemeente_json(gemeente: LoadedGemeente) -> dict:
    return {
        "name": gemeente.name, "cbs_code": gemeente.cbs_code, "aliases": list(gemeente.aliases),
        "regulations": [{
            "id": r.document.id, "title": r.document.title, "type": r.document.type,
            "reference": r.document.reference, "url": r.document.url, "adopted": r.document.date,
            "valid_from": r.document.valid_from, "valid_to": r.document.valid_to,
            "valid_from_estimated": r.valid_from_estimated, "in_force": r.in_force, "passages": r.passages,
        } for r in gemeente.regulations],
    }
