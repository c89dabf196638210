"""Evidence units: the sentences and table rows of retrieved passages, with exact offsets.

A unit's `quote` is always a verbatim slice of its chunk's text, so a citation built from it can
be checked character for character. Table rows also get a `rendered` form that names the column
headers ("Gemeente F: inkomensgrens vanaf 130%, draagkrachtpercentage 100%").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "t.a.v", "o.a", "bijv", "nr", "m.b.t", "i.s.m", "m.a.w", "jl", "a.s", "e.d", "etc", "ca", "mw", "dhr",
    "drs", "mr", "dr", "blz", "p", "vs", "d.w.z", "o.b.v", "t.o.v", "i.p.v", "z.s.m", "incl", "excl", "art", "lid",
    "resp", "zgn", "evt", "e.a", "t/m", "bv", "mevr", "ir", "ing", "prof",
}
SENTENCE_END = re.compile(r"[.!?](?=[\"'”’)]*\s+[\"'“‘(]*[A-Z0-9À-Ý•-])")
BULLET = re.compile(r"^\s*(?:[-•*◆]\s*)+")


@dataclass(frozen=True)
class Unit:
    hit: int  # index of the hit (passage) it comes from
    start: int  # offsets into the chunk text: quote == chunk.text[start:end]
    end: int
    quote: str
    rendered: str  # how it reads in an answer
    kind: str  # sentence | row
    table: int = -1  # rows of the same table share this id


def split_units(hit: int, text: str) -> list[Unit]:
    units: list[Unit] = []
    offset = 0
    table_id = 0
    lines = text.split("\n")
    header: list[str] | None = None
    previous_key = ""
    in_table = False
    for line in lines:
        start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if not in_table:
                in_table, table_id = True, table_id + 1
                header = cells if is_header(cells) else None
                previous_key = ""
                if header:
                    continue
            key = cells[0] or previous_key
            previous_key = key
            units.append(Unit(hit, start, start + len(line), line, render_row(key, cells[1:], header), "row", table_id))
            continue
        in_table = False
        units.extend(sentences(hit, line, start))
    return units


def is_header(cells: list[str]) -> bool:
    """A first row is a header when it holds labels only: no digits, no empty leading cell."""
    return bool(cells[0]) and not any(re.search(r"\d", c) for c in cells) and len(cells) >= 2


def render_row(key: str, values: list[str], header: list[str] | None) -> str:
    values = [v for v in values]
    if header and len(header) == len(values) + 1:
        parts = [f"{h[:1].lower() + h[1:]} {v[:1].lower() + v[1:]}" if v else "" for h, v in zip(header[1:], values)]
        return f"{key}: " + ", ".join(p for p in parts if p)
    return f"{key}: " + ", ".join(v for v in values if v)


def sentences(hit: int, line: str, base: int) -> list[Unit]:
    """Sentences of one line, by punctuation, not splitting after common Dutch abbreviations."""
    out: list[Unit] = []
    begin = 0
    for match in SENTENCE_END.finditer(line):
        stop = match.end()
        before = line[begin:match.start()].split()[-1:] or [""]
        if before[0].lower().rstrip(".") in ABBREVIATIONS or re.fullmatch(r"[A-Za-z]", before[0]):
            continue
        out.extend(make_sentence(hit, line, base, begin, stop))
        begin = stop
    out.extend(make_sentence(hit, line, base, begin, len(line)))
    return out


def make_sentence(hit: int, line: str, base: int, begin: int, stop: int) -> list[Unit]:
    piece = line[begin:stop]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if len(re.sub(r"\W", "", piece)) < 3:
        return []
    start = base + begin + lead
    rendered = BULLET.sub("", piece).replace("**", "").strip()
    return [Unit(hit, start, start + len(piece), piece, rendered, "sentence")]
