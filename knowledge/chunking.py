"""Structure-aware chunking: headings give section paths, tables stay whole with their caption.

Input is cleaned text in blank-line separated blocks (see `cleaning` and `loaders`). Output is a
list of `Chunk`s, each small enough to be one citable passage, each carrying its document title
and section path so a citation names where it stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.cleaning import FOOTNOTE_START, clean_paragraphs
from knowledge.documents import Chunk, Document, make_chunk_id

TARGET_CHARS = 350  # about one paragraph: one point per passage, so citations are precise
MAX_CHARS = 800
MAX_TABLE_CHARS = 1600
MAX_HEADING = 120

NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<title>[A-ZÀ-Ý‘'\"(].*)$")
ANNEX = re.compile(r"^(?:Bijlage|Hoofdstuk|Deel)\s+(?:[IVXLC]+|\d+)\b", re.IGNORECASE)
PAGE_NUMBERED = re.compile(r"^\S.{2,150}?(?:\.{2,}|\t|\s)\s*\d{1,3}$")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9À-Ý‘'\"(])")
ANAPHORA = re.compile(r"^(?:Dit|Dat|Deze|Die|Hierin|Hierbij|Daarin|Daarbij|Daarom|Zo)\b")
LIST_ITEM = re.compile(r"^\s*(?:[-•*◆]|\d{1,2}[.)])\s")


@dataclass(frozen=True)
class Block:
    kind: str  # heading | table | footnote | toc | text
    text: str
    level: int = 0  # headings: 1.. for numbered, 99 for unnumbered sub-headings


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


def classify(paragraphs: list[str]) -> list[Block]:
    toc = table_of_contents_positions(paragraphs)
    blocks: list[Block] = []
    for i, para in enumerate(paragraphs):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        if i in toc:
            blocks.append(Block("toc", para))
        elif FOOTNOTE_START.match(para):
            blocks.append(Block("footnote", para.strip()))
        elif is_table(para):
            if blocks and blocks[-1].kind == "table":
                # A page break split the table: the rows continue the same table.
                blocks[-1] = Block("table", blocks[-1].text + "\n" + para)
            else:
                blocks.append(Block("table", para))
        elif (level := heading_level(para, following)) is not None:
            blocks.append(Block("heading", plain_heading(para), level))
        elif (split := split_run_in_heading(para)) is not None:
            # A heading printed directly above its paragraph, without a blank line between.
            blocks.extend(split)
        else:
            blocks.append(Block("text", para))
    return blocks


def split_run_in_heading(paragraph: str) -> list[Block] | None:
    first, _, rest = paragraph.partition("\n")
    rest = rest.strip()
    if not rest or is_table(rest) or LIST_ITEM.match(first):
        return None
    level = heading_level(first, rest)
    if level is None:
        return None
    return [Block("heading", plain_heading(first), level), Block("text", rest)]


def table_of_contents_positions(paragraphs: list[str]) -> set[int]:
    """Tables of contents: multi-line blocks of page-numbered lines, or runs of three or more
    single-line page-numbered blocks. They repeat the headings and would confuse the chunker."""
    marks = [is_page_numbered(p) for p in paragraphs]
    positions = {i for i, p in enumerate(paragraphs) if "\n" in p and marks[i]}
    run: list[int] = []
    for i, marked in enumerate(marks + [False]):
        if marked and "\n" not in paragraphs[i]:
            run.append(i)
            continue
        if len(run) >= 3:
            positions.update(run)
        run = []
    return positions


def is_page_numbered(paragraph: str) -> bool:
    lines = [line for line in paragraph.split("\n") if line.strip()]
    hits = sum(1 for line in lines if PAGE_NUMBERED.match(line.strip()) and not line.strip()[-4:].isdigit())
    return bool(lines) and hits / len(lines) >= 0.6


def is_table(paragraph: str) -> bool:
    lines = [line for line in paragraph.split("\n") if line.strip()]
    tabbed = sum(1 for line in lines if "\t" in line)
    return len(lines) >= 2 and tabbed / len(lines) >= 0.5


def plain_heading(paragraph: str) -> str:
    return paragraph.strip().strip("*_# ").strip()


def heading_level(paragraph: str, following: str) -> int | None:
    """Level of a heading block, or None when the block is not a heading."""
    if "\n" in paragraph.strip() or "\t" in paragraph:
        return None
    line = plain_heading(paragraph)
    if not 2 <= len(line) <= MAX_HEADING or line[-1] in ".,;:" or line.count(": ") > 1:
        return None
    if line[0] in "-•*◆>([<\"“'‘" or line[0].islower() or FOOTNOTE_START.match(line):
        return None
    if ANNEX.match(line):
        return 1
    numbered = NUMBERED.match(line)
    if numbered:
        return numbered.group("num").count(".") + 1
    if line[0].isdigit():
        return None
    # An unnumbered short line is a heading only when prose or a list follows it; otherwise it
    # is an address line, a signature, or the caption of a table.
    if is_table(following) or FOOTNOTE_START.match(following):
        return None
    if len(following) >= 100 or LIST_ITEM.match(following):
        return 99
    return None


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
    """Pack paragraphs into pieces of about TARGET_CHARS, splitting only over-long paragraphs."""
    units: list[str] = []
    for para in paragraphs:
        units.extend(split_long(para) if len(para) > MAX_CHARS else [para])
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for unit in units:
        if current and (size + len(unit) > MAX_CHARS or size >= TARGET_CHARS) and not is_lead_in(current[-1]):
            pieces.append("\n\n".join(current))
            current, size = [], 0
        current.append(unit)
        size += len(unit) + 2
    if current:
        pieces.append("\n\n".join(current))
    return pieces


def is_lead_in(paragraph: str) -> bool:
    """A sentence ending in a colon introduces what follows; keep them together."""
    return paragraph.rstrip().endswith(":") and len(paragraph) < MAX_CHARS


def split_long(paragraph: str) -> list[str]:
    sentences = SENTENCE_SPLIT.split(paragraph)
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        # A sentence that refers back ("Dit wordt ook wel ...") stays with the one before it.
        leans_back = bool(ANAPHORA.match(sentence)) and len(current) < MAX_CHARS
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
