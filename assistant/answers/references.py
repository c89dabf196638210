"""Articles a question names by number ("artikel 3.1.2 lid 3"): found by number, quoted as they stand.

A client supporter who names an article and a lid wants that text, not the sentences that share
most words with the rest of the question. Imported rules carry their article number (and lid,
when a long article is split by lid) in each passage's meta, so the reference is a lookup. It is
used only when it points at one regulation: of the gemeente asked about (or named after the
reference), and among those the one whose title the question names ("verordening", "nadere
regels") or the only one with that article. Otherwise the question is answered as usual.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.answers.selection import is_heading
from assistant.rules.filters import is_in_force, is_rule, same_gemeente
from index.search import Hit, HybridIndex
from index.units import LABEL, Unit, item_kind, split_units
from knowledge.documents import Chunk, Document

ORDINALS = ("eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende")
ARTICLE = r"(?:artikel|article|art\.)\s*(?P<article>\d+(?:\.\d+)*[a-z]?)\b"
ORDINAL = "|".join(ORDINALS)
# "lid 3", "derde lid", and ordinals in a row: "het vijfde en zesde lid", "eerste, tweede en derde lid".
LID = rf"(?:(?:lid|paragraph)\s+(?P<lid>\d{{1,2}})|(?P<ordinal>(?:{ORDINAL})(?:\s*(?:,|en)\s*(?:{ORDINAL}))*)\s+(?:lid|leden))"
# "artikel 3.1.2 lid 3", "artikel 3.1.2, derde lid", "lid 3 van artikel 3.1.2", "artikel 4.9", and in
# English "article 23", "paragraph 2 of article 4.7".
REFERENCE = re.compile(rf"(?i)\b{ARTICLE}(?:,?\s+{LID})?")
LID_FIRST = re.compile(rf"(?i)\b{LID}\s+(?:van|of)\s+(?:het\s+)?{ARTICLE}")
TITLE_WORD = re.compile(r"[^\W\d_]{5,}")
MAX_QUOTED = 12  # units of an article quoted whole when no lid is named: a lead and its items


# "artikel 1 van de Grondwet", "lid 3 van artikel 3.1.2 van de Haagse regeling": the text named after it.
NAMED_TEXT = re.compile(r"(?i)^,?\s+(?:van|uit|in|of)\s+(?:de|het|the)\s+(?P<name>[\w()-]+(?:\s+[\w()-]+){0,2})")


# Further leden of the same article: "(lid 4)", "en lid 4", "leden 3 en 4", "lid 3 en 4".
MORE_LEDEN = re.compile(r"(?i)\b(?:lid|leden)\s+(\d{1,2})((?:\s*(?:,|en|and)\s*(?:lid\s+)?\d{1,2}\b)*)")


@dataclass(frozen=True)
class Reference:
    article: str
    lid: int | None  # the first lid named
    text_named: str = ""  # the law or regulation named after the reference, if any
    more: tuple[int, ...] = ()  # further leden of the same article the question names

    @property
    def leden(self) -> tuple[int, ...]:
        return () if self.lid is None else (self.lid, *self.more)


def asked_reference(text: str) -> Reference | None:
    """The first article (and lid) the question names, or None. When it names that one article
    only, every lid it names counts ("artikel 4.7 lid 3 ..., en lid 4?")."""
    match = LID_FIRST.search(text) or REFERENCE.search(text)
    if not match:
        return None
    reference = reference_at(text, match)
    more = list(reference.more)
    one_article = len({m["article"].lower() for m in REFERENCE.finditer(text)}) == 1
    if reference.lid is not None and one_article:
        for found in MORE_LEDEN.finditer(text):
            more += [int(n) for n in re.findall(r"\d{1,2}", found.group(0))]
    return dataclasses.replace(reference, more=tuple(n for n in dict.fromkeys(more) if n != reference.lid))


def reference_at(text: str, match: re.Match) -> Reference:
    """The article, lid and regulation named by one REFERENCE or LID_FIRST match in `text`."""
    lid, ordinal = match["lid"], match["ordinal"]
    ordinals = [ORDINALS.index(o.lower()) + 1 for o in re.findall(ORDINAL, ordinal or "", re.I)]
    number = int(lid) if lid else (ordinals[0] if ordinals else None)
    named = NAMED_TEXT.match(text[match.end():])
    return Reference(match["article"].lower(), number, named["name"] if named else "", tuple(ordinals[1:]))


def asked_references(text: str) -> list[tuple[Reference, str]]:
    """Every article (and lid) the question names, each with the stretch of the question it opens
    (up to the next one), where the regulation it is taken from is named: "Vergelijk artikel 2.4.1
    lid 3 van de Verordening ... Zaltbommel met artikel 11 lid 3 van de Verordening ... Aa en Hunze"."""
    found = list(REFERENCE.finditer(text))
    out: list[tuple[Reference, str]] = []
    for i, match in enumerate(found):
        stretch = text[match.start():found[i + 1].start() if i + 1 < len(found) else len(text)]
        reference = reference_at(text, match)
        if all(reference != r for r, _ in out):
            out.append((reference, stretch))
    return out


def title_words(text: str) -> set[str]:
    """The words of five letters or more, in lower case: what a question and a title can share."""
    return {w.lower() for w in TITLE_WORD.findall(text)}


def names_document(reference: Reference, document: Document) -> bool:
    """No text named after the reference, or one that shares a word with the regulation's title
    or gemeente ("de Haagse regeling", "de nadere regels", "the Aa en Hunze regulation"):
    "artikel 1 van de Grondwet" is not a gemeente's."""
    named = title_words(f"{document.title} {document.gemeente or ''}")
    return not reference.text_named or bool(title_words(reference.text_named) & named)


def referenced_passages(index: HybridIndex, reference: Reference, text: str, gemeenten: Sequence[str],
                        peildatum: date) -> list[tuple[Chunk, Document]]:
    """The passages of the one regulation in force that has this article, among the rules of
    `gemeenten` (or, when none is asked about, of the regulation named after the reference), in
    their order; empty when none or ambiguous: a bare "artikel 1" is not a gemeente's."""
    if not gemeenten and not reference.text_named:
        return []
    found: dict[str, list[tuple[Chunk, Document]]] = {}
    for chunk_id in articles_of(index).get(reference.article, ()):
        located = index.chunk(chunk_id)
        if located is None:
            continue
        chunk, document = located
        # A lapsed article stays: "artikel 3.2.2 is vervallen" is what the reader asked to see.
        if not is_rule(document) or not is_in_force(document, peildatum):
            continue
        if gemeenten and not any(same_gemeente(document.gemeente, g) for g in gemeenten):
            continue
        if not names_document(reference, document):
            continue
        found.setdefault(document.id, []).append((chunk, document))
    if len(found) > 1:  # several regulations have this article: the one whose title the question names
        asked = title_words(text)
        overlap = {d: len(asked & title_words(p[0][1].title)) for d, p in found.items()}
        best = max(overlap.values())
        found = {d: p for d, p in found.items() if overlap[d] == best}
    if len(found) != 1:
        return []
    passages = sorted(next(iter(found.values())), key=lambda p: p[0].ordinal)
    if reference.lid is not None:
        own = [p for p in passages if lid_of(p[0]) in reference.leden]
        # A lid without a passage of its own is looked for inside the unsplit ones.
        held = {lid_of(p[0]) for p in own}
        whole = [p for p in passages if p[0].meta.get("lid") is None]
        return own + whole if any(lid not in held for lid in reference.leden) else own
    return passages


def articles_of(index: HybridIndex) -> dict[str, tuple[str, ...]]:
    """Article number -> the ids of the rule passages that hold it, worked out once per build."""
    def compute() -> dict[str, tuple[str, ...]]:
        table: dict[str, list[str]] = {}
        for document in index.documents.values():
            if not is_rule(document):
                continue
            for chunk in index.document_chunks(document.id):
                if chunk.kind == "article" and chunk.meta.get("article"):
                    table.setdefault(str(chunk.meta["article"]).lower(), []).append(chunk.id)
        return {k: tuple(v) for k, v in table.items()}
    return index.derived("article_numbers", compute)


def quoted_units(passages: list[tuple[Chunk, Document]], reference: Reference) -> tuple[list[Unit], list[Hit]]:
    """The units that make up the named lid (its member and the items under it), or the whole
    article when it is short and no lid is named; empty when the lid is not found."""
    hits = [Hit(chunk, document, 1.0, None, None, None) for chunk, document in passages]
    units: list[Unit] = []
    for i, (chunk, _) in enumerate(passages):
        body = [u for u in split_units(i, chunk.text) if not is_heading(u, chunk)]
        if reference.lid is not None and lid_of(chunk) not in reference.leden:
            body = [u for lid in reference.leden for u in member(body, lid)]
        units += body
    if not units or (reference.lid is None and len(units) > MAX_QUOTED):
        return [], hits
    return units, hits


def lid_of(chunk: Chunk) -> int | None:
    """The lid a passage holds when its article was split by lid, else None."""
    lid = chunk.meta.get("lid")
    return int(lid) if lid is not None and str(lid).isdigit() else None


def member(units: list[Unit], lid: int) -> list[Unit]:
    """Member `lid` ("3. ...") and what stands under it, up to the next member."""
    start = next((i for i, u in enumerate(units) if item_kind(u) == "number" and label_number(u) == lid), None)
    if start is None:
        return []
    end = next((j for j in range(start + 1, len(units)) if item_kind(units[j]) == "number"), len(units))
    return units[start:end]


def label_number(unit: Unit) -> int | None:
    label = LABEL.match(unit.quote)
    digits = re.match(r"\s*(\d+)", label.group()) if label else None
    return int(digits.group(1)) if digits else None


def reference_lead(reference: Reference, hits: Sequence[Hit]) -> str:
    """"Artikel 3.1.2 Criteria voor maatwerkvoorzieningen, lid 3 (Regeling … Den Haag 2018):"."""
    chunk, document = hits[0].chunk, hits[0].document
    heading = str(chunk.meta.get("heading") or f"Artikel {reference.article}")
    heading = re.sub(r"\s+lid\s+\d+$", "", heading)
    leden = reference.leden
    lid = f", lid {leden[0]}" if len(leden) == 1 else \
        f", leden {', '.join(map(str, leden[:-1]))} en {leden[-1]}" if leden else ""
    named = document.gemeente and document.gemeente.lower() not in document.title.lower()
    where = f"{document.title}, gemeente {document.gemeente}" if named else document.title  # named once
    return f"{heading}{lid} ({where}):"
