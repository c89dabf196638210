"""Evidence units: the sentences and table rows of retrieved passages, with exact offsets.

A unit's `quote` is always a verbatim slice of its chunk's text, so a citation built from it can
be checked character for character. Table rows also get a `rendered` form that names the column
headers ("Gemeente F: inkomensgrens vanaf 130%, draagkrachtpercentage 100%").
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from knowledge.rule_markdown import YEAR

ABBREVIATIONS = {
    "t.a.v", "o.a", "bijv", "nr", "m.b.t", "i.s.m", "m.a.w", "jl", "a.s", "e.d", "etc", "ca", "mw", "dhr",
    "drs", "mr", "dr", "blz", "p", "vs", "d.w.z", "o.b.v", "t.o.v", "i.p.v", "z.s.m", "incl", "excl", "art", "lid",
    "resp", "zgn", "evt", "e.a", "t/m", "bv", "mevr", "ir", "ing", "prof", "rb",
}
# A sentence ends at . ! or ?, possibly followed by a footnote number ("verbeteren.22 Dit").
# Not inside a number such as an article's "3.2".
# After a year too: "de voortgangsbrief van najaar 2024.8 Daarnaast" (a year is no "3.2").
SENTENCE_END = re.compile(
    r"(?:[.!?]|(?<!\d)[.!?]\d{1,2}|(?<=\b(?:19|20)\d\d)[.!?]\d{1,2}|[.!?][¹²³⁴⁵⁶⁷⁸⁹⁰]+)"
    r"(?=[\"'”’)]*\s+[\"'“‘(]*[A-Z0-9À-Ý•-])")
FOOTNOTE_MARK = re.compile(r"([.!?])(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")
# A numbered note ("... etc. (5) Cliënten met ..."): a new unit even after an abbreviation.
NUMBERED_NOTE = re.compile(r"\s+\(\d{1,2}\)\s+[A-ZÀ-Ý]")
# A footnote number glued to the word it annotates ("zijn inmiddels 199 gemeenten bereikt20."):
# a lowercase word never ends in digits otherwise.
GLUED_FOOTNOTE = re.compile(r"(?<=[a-zà-ÿ]{3})\d{1,2}(?=[\s.,;:)]|$)")
# A converted web page's link reads as its text: "met de [ParkerenPlus](#) app".
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
# A superscript footnote mark after a word or number inside a sentence ("Werkagenda 2025-2030³
# ontbreken"); not a unit's power ("per m²", "per 5 m¹"), which follows a one-letter word.
SUPERSCRIPT_MARK = re.compile(r"(?<=\w\w)[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
BULLET = re.compile(r"^\s*(?:[-•*◆]\s*)+")
# A member or item label at the start of a line: "1.", "2a.", "a.", "b)", "1°", and the Roman
# numerals of items one level below letters ("I. Handelingsonbekwaamheid", "IV. ...").
LABEL = re.compile(r"^\s*(?:\d{1,2}[a-z]?|[a-z]|(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))(?:[.)]|°)\s+")
SENTENCE_CLOSE = re.compile(r"[.!?:;]\s*$")
# The most items an answer shows of one list with the sentence that introduces it. A longer list
# among other lines is split into its items (`bulleted_units`); read as one sentence, it was shown
# whole (review 9's Y1: some 60 items of an appendix for one asked about).
MAX_ITEMS = 8


@dataclass(frozen=True)
class Unit:
    hit: int  # index of the hit (passage) it comes from
    start: int  # offsets into the chunk text: quote == chunk.text[start:end]
    end: int
    quote: str
    rendered: str  # how it reads in an answer
    kind: str  # sentence | row
    table: int = -1  # rows of the same table share this id
    context: str = ""  # rows: the table's caption, which gives the row its meaning
    paragraph: int = 0  # units of one paragraph share this number
    bullet: bool = False  # the first sentence of a list item

    @property
    def statement(self) -> str:
        """The quote without its member or item label ("2. "): still a verbatim slice."""
        label = LABEL.match(self.quote)
        return self.quote[label.end():] if label else self.quote


def item_kind(unit: Unit) -> str:
    """What marks a list item: "number" (1.), "letter" (a.), "roman" (IV.), "bullet" (-), or ""
    for none."""
    label = LABEL.match(unit.quote)
    if label:
        mark = label.group().strip()
        return "number" if mark[0].isdigit() else "roman" if mark[0] in "IVX" else "letter"
    return "bullet" if unit.bullet else ""


def split_units(hit: int, text: str) -> list[Unit]:
    """The sentences and table rows of a passage, in order, labelled with the hit index `hit`."""
    units = _split(text)
    return list(units) if hit == 0 else [dataclasses.replace(u, hit=hit) for u in units]


@functools.lru_cache(maxsize=4096)
def _split(text: str) -> tuple[Unit, ...]:
    # Remembered: the same popular passages are split question after question.
    hit = 0
    units: list[Unit] = []
    number = -1  # the units' paragraph number: a long list's parts count as paragraphs of their own
    for index, (start, block) in enumerate(paragraphs(text)):
        number += 1
        lines = block.split("\n")
        if any("\t" in line for line in lines):
            units.extend(table_units(hit, start, lines, number, units))
        elif all(BULLET.match(line) for line in lines if line.strip()):
            offset = start
            for line in lines:
                items = sentences(hit, line, offset, number)
                if items:
                    items[0] = dataclasses.replace(items[0], bullet=True)
                units.extend(items)
                offset += len(line) + 1
        elif any(LABEL.match(line) for line in lines[1:]):
            units.extend(labelled_units(hit, block, start, number))
        elif sum(bool(BULLET.match(line)) for line in lines) > MAX_ITEMS:
            cut = heading_end(block) if index == 0 else 0
            if cut:  # the passage's heading line, as below
                units.extend(sentences(hit, block[:cut], start, number))
                block, start = block[cut + 1:], start + cut + 1
            parts = bulleted_units(hit, block, start, number)
            units.extend(parts)
            number = parts[-1].paragraph if parts else number
        elif index == 0 and (cut := heading_end(block)):
            # A passage opening with its heading ("Artikel 3.1.1 Doelgroep", "Hardheidsclausule"):
            # the heading is a unit of its own, not the start of the first sentence.
            units.extend(sentences(hit, block[:cut], start, number))
            units.extend(sentences(hit, block[cut + 1:], start + cut + 1, number))
        else:
            # Hard line breaks inside a paragraph are layout, not sentence ends.
            units.extend(sentences(hit, block, start, number))
    return tuple(units)


def heading_end(block: str) -> int:
    """Where the first line ends when it reads as a heading: no closing punctuation, and the next
    line starts anew with a capital or a number (a wrapped sentence goes on in lower case); 0 if not."""
    first, _, rest = block.partition("\n")
    if not rest.strip() or SENTENCE_CLOSE.search(first) or not re.match(r"\s*[A-Z0-9À-Ý]", rest):
        return 0
    return len(first)


def labelled_units(hit: int, block: str, start: int, number: int) -> list[Unit]:
    """Regulations number their members and items on lines of their own ("1. De cliënt ...",
    "a. persoonlijke verzorging;"): each labelled line starts a unit, a list item like a bullet,
    and a heading line above them is a unit of its own. Unlabelled lines continue the one before."""
    groups: list[tuple[int, str]] = []
    offset = 0
    for position, line in enumerate(block.split("\n")):
        if not groups or LABEL.match(line) or (position == 1 and not SENTENCE_CLOSE.search(groups[0][1])):
            groups.append((offset, line))
        else:
            first, text = groups[-1]
            groups[-1] = (first, f"{text}\n{line}")
        offset += len(line) + 1
    return marked_units(hit, start, [(offset, text, number) for offset, text in groups], LABEL)


def marked_units(hit: int, start: int, groups: list[tuple[int, str, int]], mark: re.Pattern[str]) -> list[Unit]:
    """The sentences of each (offset, text, paragraph) group; a group that opens with `mark` (a
    label or a bullet) is a list item, its first sentence marked as such."""
    units: list[Unit] = []
    for offset, text, paragraph in groups:
        items = sentences(hit, text, start + offset, paragraph)
        if items and mark.match(text):
            items[0] = dataclasses.replace(items[0], bullet=True)
        units.extend(items)
    return units


def bulleted_units(hit: int, block: str, start: int, number: int) -> list[Unit]:
    """The items of a long bulleted list among other lines ("Algemeen gebruikelijke voorzieningen"
    over "• Antislipvloer;", "• Zonwering ...", then "Huishoudelijke Hulp" over more items), each a
    unit. A line after the items that starts anew (the title of the next list) opens a paragraph of
    its own, and so do the items under it, so that lists under their own titles stay apart. A
    line in lower case after an item goes on with it; other lines go on as in prose, except a
    title between a lead and its items ("voorbeelden zijn:" / "Hulpmiddelen" / "• Tandem;")."""
    groups: list[tuple[int, str, int]] = []  # (offset, text, paragraph)
    offset, paragraph, in_item, titled = 0, number, False, False
    lines = block.split("\n")
    for position, line in enumerate(lines):
        item = bool(BULLET.match(line))
        wraps = bool(re.match(r"\s*[a-zà-ÿ]", line))
        heads_items = position + 1 < len(lines) and bool(BULLET.match(lines[position + 1]))
        title = bool(groups) and not wraps and heads_items and groups[-1][1].rstrip().endswith(":")
        if groups and not item and not title and (wraps or not in_item):
            first, text, part = groups[-1]
            groups[-1] = (first, f"{text}\n{line}", part)
        else:
            if groups and (not item or titled):  # a title after items, or the items under it
                paragraph += 1
            titled = bool(groups) and not item
            groups.append((offset, line, paragraph))
        in_item = item or (in_item and wraps)
        offset += len(line) + 1
    return marked_units(hit, start, groups, BULLET)


def paragraphs(text: str) -> list[tuple[int, str]]:
    out = []
    for match in re.finditer(r"(?:[^\n]+(?:\n(?!\s*\n)[^\n]*)*)", text):
        if match.group().strip():
            out.append((match.start(), match.group()))
    return out


def table_units(hit: int, start: int, lines: list[str], number: int, before: list[Unit]) -> list[Unit]:
    units: list[Unit] = []
    offset = start
    caption = ""
    header: list[str] | None = None
    previous_key = ""
    table_id = number + 1
    first_row = True
    for line in lines:
        line_start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        if "\t" not in line:
            caption = line.strip()
            items = sentences(hit, line, line_start, number)
            if items and BULLET.match(line):  # a list beside the table ("Bij ouderdom ... geldt:", "- tot 2 jaar ...")
                items[0] = dataclasses.replace(items[0], bullet=True)
            units.extend(items)
            first_row = True
            continue
        cells = [c.strip() for c in line.split("\t")]
        if first_row:
            first_row = False
            header = cells if is_header(cells) else None
            previous_key = ""
            if header:
                continue
        key = cells[0] or previous_key
        previous_key = key
        if not caption and before:
            caption = before[-1].rendered  # the lead sentence right above the table
        units.append(
            Unit(hit, line_start, line_start + len(line), line, render_row(key, cells[1:], header), "row", table_id, caption, number)
        )
    return units


def is_header(cells: list[str]) -> bool:
    """A first row is a header when it holds labels only, without figures other than a year
    ("Norm 2026"). The row labels' column may be unnamed when two or more others are named
    ("\tNorm 2018\tNummer")."""
    named = [c for c in cells if c]
    return (len(cells) >= 2 and (bool(cells[0]) or len(named) >= 2)
            and not any(re.search(r"\d", YEAR.sub("", c)) for c in cells))


def joint(name: str, value: str) -> str:
    """"norm 2018: 3.403", not "norm 2018 3.403": two figures never touch."""
    return ": " if name[-1:].isdigit() and value[:1].isdigit() else " "


def render_row(key: str, values: list[str], header: list[str] | None) -> str:
    if header and len(header) == len(values) + 1:
        parts = [f"{h[:1].lower() + h[1:]}{joint(h, v)}{v[:1].lower() + v[1:]}" if v else ""
                 for h, v in zip(header[1:], values)]
        return f"{key}: " + ", ".join(p for p in parts if p)
    return f"{key}: " + ", ".join(v for v in values if v)


def sentences(hit: int, block: str, base: int, paragraph: int = 0) -> list[Unit]:
    """Sentences by punctuation, not splitting after common Dutch abbreviations."""
    out: list[Unit] = []
    begin = 0
    label = LABEL.match(block)
    for match in SENTENCE_END.finditer(block):
        if label and match.start() < label.end():
            continue  # the label's own full stop
        stop = match.end()
        before = block[begin:match.start()].split()[-1:] or [""]
        word = before[0].lower()
        abbreviated = word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS or re.fullmatch(r"[a-z]", word)
        if abbreviated and not NUMBERED_NOTE.match(block, stop):
            continue
        out.extend(make_sentence(hit, block, base, begin, stop, paragraph))
        begin = stop
    out.extend(make_sentence(hit, block, base, begin, len(block), paragraph))
    return out


def make_sentence(hit: int, block: str, base: int, begin: int, stop: int, paragraph: int) -> list[Unit]:
    piece = block[begin:stop]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if len(re.sub(r"\W", "", piece)) < 3:
        return []
    start = base + begin + lead
    rendered = re.sub(r"\s+", " ", LABEL.sub("", BULLET.sub("", piece)).replace("**", "").replace("*", "")).strip()
    rendered = GLUED_FOOTNOTE.sub("", FOOTNOTE_MARK.sub(r"\1", rendered))
    rendered = SUPERSCRIPT_MARK.sub("", MARKDOWN_LINK.sub(r"\1", rendered))
    return [Unit(hit, start, start + len(piece), piece, rendered, "sentence", paragraph=paragraph)]
