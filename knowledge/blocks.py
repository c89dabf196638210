"""Reading a cleaned document's paragraphs as blocks: headings with their level, tables,
footnotes, tables of contents and running text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.cleaning import FOOTNOTE_START

MAX_HEADING = 120

NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<title>[A-ZÀ-Ý‘'\"(].*)$")
ANNEX = re.compile(r"^(?:Bijlage|Hoofdstuk|Deel)\s+(?:[IVXLC]+|\d+)\b", re.IGNORECASE)
PAGE_NUMBERED = re.compile(r"^\S.{2,150}?(?:\.{2,}|\t|\s)\s*\d{1,3}$")
LIST_ITEM = re.compile(r"^\s*(?:[-•*◆]|\d{1,2}[.)])\s")
# The title of a group of list items ("Woningaanpassingen" over "• Eenhendelmengkranen;"): a few
# words without a sentence's end.
TITLE_WORDS = 6


def is_group_title(line: str) -> bool:
    return 0 < len(line.split()) <= TITLE_WORDS and not re.search(r"[.!?:;]\s*$", line)


@dataclass(frozen=True)
class Block:
    kind: str  # heading | table | footnote | toc | text
    text: str
    level: int = 0  # headings: 1.. for numbered, 99 for unnumbered sub-headings


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
