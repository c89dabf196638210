"""Structure-aware chunking: headings give section paths, tables stay whole with their caption.

Input is cleaned text in blank-line separated blocks (see `cleaning` and `loaders`). Output is a
list of `Chunk`s, each small enough to be one citable passage, each carrying its document title
and section path so a citation names where it stands.
"""
from __future__ import annotations

import re

from knowledge.blocks import Block, classify
from knowledge.cleaning import clean_paragraphs
from knowledge.documents import Chunk, Document, make_chunk_id

TARGET_CHARS = 350  # about one paragraph: one point per passage, so citations are precise
MAX_CHARS = 800
MAX_TABLE_CHARS = 1600

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9À-Ý‘'\"(])")
# A sentence opening with a pronoun, a relative adverb ("Waarbij ...") or a preposition with a
# demonstrative ("Aan dit verzoek ...") continues the one before it (the answers read it so too).
REFERRING = (r"(?:Dit|Dat|Deze|Die|Zij|Hij|Hier\w*|Daar\w*|Waar(?:bij|door|mee|voor|op|in|uit|na)|Zo|"
             r"(?:Aan|Op|In|Bij|Met|Voor|Over|Van|Naar|Door|Uit|Na|Tot|Ondanks|Vanwege) (?:dit|deze|dat|die))\b")
ANAPHORA = re.compile(rf"^{REFERRING}")
# A sentence that restricts or contradicts the one before ("Het rapport biedt echter weinig ...",
# "Maar ...") stays with it too: cut off, the sentence before reads as the whole answer.
OBJECTS_INSIDE = r"^(?:[\w'’-]+\s+){1,4}echter\b"  # "Het rapport biedt echter ..."
CONTRASTING = re.compile(rf"^(?:Echter|Maar|Toch|Tenzij|Behalve)\b|{OBJECTS_INSIDE}")


def chunk_document(document: Document, text: str) -> list[Chunk]:
    blocks = classify(clean_paragraphs(text))
    pieces = assemble(blocks)
    chunks = []
    for ordinal, (section, kind, body) in enumerate(pieces):
        chunks.append(
            Chunk(
                id=make_chunk_id(document.id, section, ordinal),
                document_id=document.id,
                text=body,
                section=section,
                ordinal=ordinal,
                kind=kind,
                meta={"title": document.title},
            )
        )
    return chunks


def assemble(blocks: list[Block]) -> list[tuple[str | None, str, str]]:
    """Group blocks into (section path, kind, text) pieces."""
    stack: list[tuple[int, str]] = []
    pieces: list[tuple[str | None, str, str]] = []
    buffer: list[str] = []
    footnotes: list[str] = []

    def section() -> str | None:
        return " > ".join(title for _, title in stack) or None

    def flush() -> None:
        if buffer:
            pieces.extend((section(), "text", body) for body in pack(buffer))
            buffer.clear()
        if footnotes:
            # Footnotes follow the passages of their section, as on the page.
            pieces.extend((footnote_section(section()), "footnote", body) for body in pack(footnotes))
            footnotes.clear()

    for block in blocks:
        if block.kind == "toc":
            continue
        if block.kind == "heading":
            flush()
            stack = [(lvl, title) for lvl, title in stack if lvl < block.level]
            stack.append((block.level, block.text))
        elif block.kind == "footnote":
            footnotes.append(block.text)
        elif block.kind == "table":
            lead = take_lead(buffer)
            if buffer:
                pieces.extend((section(), "text", body) for body in pack(buffer))
                buffer.clear()
            tables = table_pieces(lead, block.text)
            if joins_previous_table(pieces, section(), lead, tables):
                # Small tables under one lead paragraph read as one table: keep them together.
                pieces[-1] = (section(), "table", pieces[-1][2] + "\n\n" + tables[0])
            else:
                pieces.extend((section(), "table", body) for body in tables)
        else:
            buffer.append(block.text)
    flush()
    return pieces


def joins_previous_table(pieces: list, section: str | None, lead: str | None, tables: list[str]) -> bool:
    if not pieces or len(tables) != 1:
        return False
    prev_section, prev_kind, prev_text = pieces[-1]
    only_caption = lead is None or (len(lead) < 150 and "\n" not in lead)
    return prev_kind == "table" and prev_section == section and only_caption and len(prev_text) + len(tables[0]) <= MAX_TABLE_CHARS


def take_lead(buffer: list[str]) -> str | None:
    """The caption and/or paragraph right before a table give its rows their meaning."""
    if not buffer:
        return None
    lead = [buffer.pop()]
    if len(lead[0]) < 150 and buffer and len(buffer[-1]) <= 900:
        lead.insert(0, buffer.pop())
    return "\n\n".join(lead)


def footnote_section(section: str | None) -> str:
    return f"{section} > Voetnoten" if section else "Voetnoten"


def pack(paragraphs: list[str]) -> list[str]:
    """Pack paragraphs into pieces of about TARGET_CHARS, splitting only over-long paragraphs. The
    parts of a split paragraph that land in one piece stay one paragraph: "Daarvoor ..." then
    still reads on from the sentence before it."""
    units: list[tuple[int, str]] = []
    for number, para in enumerate(paragraphs):
        units.extend((number, part) for part in (split_long(para) if len(para) > MAX_CHARS else [para]))
    pieces: list[str] = []
    current: list[tuple[int, str]] = []
    size = 0
    for number, unit in units:
        if current and (size + len(unit) > MAX_CHARS or size >= TARGET_CHARS) and not is_lead_in(current[-1][1]):
            pieces.append(joined(current))
            current, size = [], 0
        current.append((number, unit))
        size += len(unit) + 2
    if current:
        pieces.append(joined(current))
    return pieces


def joined(parts: list[tuple[int, str]]) -> str:
    """Parts of one paragraph joined by a space, paragraphs by a blank line."""
    text = parts[0][1]
    for (before, _), (number, part) in zip(parts, parts[1:]):
        text += (" " if number == before else "\n\n") + part
    return text


def is_lead_in(paragraph: str) -> bool:
    """A sentence ending in a colon introduces what follows; keep them together."""
    return paragraph.rstrip().endswith(":") and len(paragraph) < MAX_CHARS


def split_long(paragraph: str) -> list[str]:
    sentences = SENTENCE_SPLIT.split(paragraph)
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        # A sentence that refers back ("Dit wordt ook wel ...") or objects ("... echter ...") stays
        # with the one before it.
        leans_back = bool(ANAPHORA.match(sentence) or CONTRASTING.match(sentence)) and len(current) < MAX_CHARS
        if current and len(current) + len(sentence) + 1 > TARGET_CHARS and not leans_back:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces


def table_pieces(lead: str | None, table: str) -> list[str]:
    """A table with the text that introduces it; long tables split by rows, header repeated."""
    lines = [line for line in table.split("\n") if line.strip()]
    caption = [line for line in lines if "\t" not in line]
    rows = [line for line in lines if "\t" in line]
    header, body = rows[0], rows[1:]
    intro = "\n".join(filter(None, [lead, *caption]))
    whole = "\n".join(filter(None, [intro, header, *body]))
    if len(whole) <= MAX_TABLE_CHARS:
        return [whole]
    # Continuation pieces repeat what names the table: its caption, else a short lead.
    repeat = "\n".join(caption) or short_lead(lead)
    budget = max(MAX_TABLE_CHARS - len(intro) - len(header), 200)
    groups: list[list[str]] = [[]]
    size = 0
    for row in body:
        if groups[-1] and size + len(row) > budget:
            groups.append([])
            size = 0
        groups[-1].append(row)
        size += len(row) + 1
    return ["\n".join(filter(None, [intro if n == 0 else repeat, header, *rows])) for n, rows in enumerate(groups)]


def short_lead(lead: str | None) -> str:
    if not lead:
        return ""
    last = lead.split("\n\n")[-1]
    return last if len(last) <= 300 else SENTENCE_SPLIT.split(last)[0][:300]
