"""A regulation's text in markdown (`##` divisions, `###` articles) read into article units.

The markdown of real regulations is messy: parsers upstream flatten tables into one line per
cell (sometimes promoting a cell such as "7 jaar" to a heading), lose the titles of numbered
sections, and keep sub-headings as plain lines. The units built here are what `articles`
turns into chunks, exactly as for CVDR XML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from knowledge.articles import Unit, is_lapsed
from knowledge.overheid_xml import MAX_CHARS, Piece

HEADING = re.compile(r"^(#{1,6})[ \t]*(.*?)[ \t]*#*[ \t]*$")
ARTICLE = re.compile(r"^artikel\s+(\d+[a-z]?(?:\.\d+[a-z]?)*)\.?(?:\s+(.*))?$", re.IGNORECASE)
# "11.1 Kwaliteit": an article heading that upstream markdown wrote without the word "Artikel"
# (Zaltbommel's articles are cited as "artikel 11.1"). A dotted number only: "11. Kwaliteit"
# is a chapter.
BARE_ARTICLE = re.compile(r"^(\d+(?:\.\d+)+[a-z]?)\.?\s+([^\W\d].*)$")
# "Hoofdstuk 2", "2.4", "Paragraaf 3.1 ...", "1. Inleiding": a section with a number of its own.
NUMBERED = re.compile(r"^(?:(?:hoofdstuk|paragraaf|afdeling|titel|bijlage|deel)\s+)?[\dIVX]+(?:\.\d+)*\b",
                      re.IGNORECASE)
EXPLANATORY = ("aanhef", "toelichting", "ondertekening", "algemene toelichting", "artikelsgewijze toelichting")
# A table cell flattened to a line: a number with a unit ("7 jaar", "25 minuten per warme maaltijd").
QUANTITY_CELL = re.compile(r"^(?:tot\s+)?\d+(?:[.,]\d+)?\s*(?:%|[a-zé]+\b)[^.;:]{0,40}$")
# A table cell that is only an amount or a number ("6.541,00", "3.403", "4100"): the label line
# before it says what it is, as in Den Haag's appendices of standard amounts.
NUMBER_CELL = re.compile(r"^(?:€\s*)?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?$")
# A cell that says what an amount is counted per ("per m²", "per mtr.", "per stuk"): like a
# quantity it belongs to the label before it, and the amount after it to both.
RATE_CELL = re.compile(r"^per\s+[^\s.;:]{1,12}\.?$")
LID = re.compile(r"^(\d{1,2}[a-z]?)[.)]\s+\S")
# "Bijlage V Normbedragen vervanging woonvoorziening 2018 ...": an appendix inside a text starts
# a passage of its own, whatever follows it (often a flattened table).
APPENDIX = re.compile(r"^Bijlage\s+(?:[IVXLC]+|\d+)\b.{0,160}(?<![.;:])$")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")  # "Norm 2018": a year names a column, it is no figure of a row
SHORT = 80  # a line this short without closing punctuation is a heading or a table cell
PROSE = 100  # a line this long is running text
MIN_SEGMENT = 400
BREAK = "\0"  # marks a paragraph end while rows are joined  # a sub-heading's text shorter than this stays with the text before it


@dataclass
class Section:
    """One heading and the lines below it, before they become units."""

    path: list[str]
    heading: str
    article: str | None = None
    titel: str | None = None
    kind: str = "article"
    lines: list[str] = field(default_factory=list)


def parse_markdown_units(body: str) -> list[Unit]:
    """Units in document order: one per article, per untitled division text, per sub-heading."""
    units: list[Unit] = []
    article_index = 0
    for section in read_sections(body):
        pieces = section_pieces(section.lines)
        if not pieces:
            continue
        if section.article:
            article_index += 1
        for sub, sub_pieces in segments(section, pieces):
            path = [*section.path, section.heading] + ([sub] if sub else [])
            locator = locator_of(section, sub)
            if sub and APPENDIX.match(sub):  # an appendix belongs to the regulation, not to its last chapter
                path, locator = [sub], sub
            units.append(Unit(path, sub_pieces, section.kind, locator, section.article,
                              article_index if section.article else None,
                              f"artikel_{section.article}" if section.article else None,
                              lapsed=is_lapsed(sub_pieces), titel=section.titel))
    return units


def read_sections(body: str) -> list[Section]:
    """Split at headings. Level 1 is the regulation's title; `A > B` headings carry their path."""
    sections: list[Section] = []
    divisions: list[str] = []  # the current `##` chain
    current = Section([], "Aanhef", kind="text")
    for line in body.splitlines():
        m = HEADING.match(line)
        if m and QUANTITY_CELL.match(m[2]):
            current.lines.append(m[2])  # a table cell promoted to a heading by an upstream parser
            continue
        if not m:
            if current.article and current.kind == "article" and is_plain_article_heading(line):
                # "Artikel 5.2 Bedrijfsvoering" as a plain line after article 5.1.1's text: a
                # heading upstream markdown lost, which starts an article of its own.
                sections.append(current)
                current = article_section([d for d in divisions if d], line.strip(), "article")
                continue
            current.lines.append(line)
            continue
        level, text = len(m[1]), m[2]
        if level == 1:
            continue
        sections.append(current)
        parts = [p.strip() for p in text.split(" > ") if p.strip()] or [""]
        if level == 2:
            divisions = nest(divisions, parts[0])
            heading = divisions[-1] or "Aanhef"  # untitled text before the first heading
            current = Section(divisions[:-1], heading, kind=kind_of([*divisions[:-1], heading]))
        else:
            path = [*divisions, *parts[:-1]]
            current = article_section([p for p in path if p], parts[-1], kind_of(path))
    sections.append(current)
    return [s for s in sections if any(line.strip() for line in s.lines)]


def is_plain_article_heading(line: str) -> bool:
    """A short line "Artikel 5.2 Bedrijfsvoering": a number and a title, no sentence ("Artikel 2.3
    van de wet legt vast ..." is running text, "Artikel 1. Begripsbepalingen" in a table of
    contents stands in the preamble, which is no article)."""
    text = line.strip()
    m = ARTICLE.match(text)
    return bool(m and m[2]) and len(text) <= SHORT and not re.search(r"[.;:,]$", text)


def nest(divisions: list[str], heading: str) -> list[str]:
    """A numbered `##` starts a new chain; an unnumbered one ("Eigen kracht") after a numbered
    one is its sub-heading, because upstream markdown writes every division at one level."""
    if divisions and heading and not NUMBERED.match(heading) and NUMBERED.match(divisions[0]) \
            and not heading.lower().startswith(EXPLANATORY):
        return [divisions[0], heading]
    return [heading]


def kind_of(path: list[str]) -> str:
    return "text" if any(p.lower().startswith(EXPLANATORY) for p in path if p) else "article"


def article_section(path: list[str], heading: str, kind: str) -> Section:
    m = ARTICLE.match(heading) or BARE_ARTICLE.match(heading)
    if m and kind == "article":
        titel = (m[2] or "").strip() or None
        return Section(path, " ".join(p for p in (f"Artikel {m[1]}", titel) if p), m[1], titel, kind)
    return Section(path, heading or (path[-1] if path else "Tekst"), kind=kind)


def locator_of(section: Section, sub: str | None) -> str:
    if section.article:
        return f"Artikel {section.article}"
    parts = [p for p in [*section.path[-1:], section.heading, *([sub] if sub else [])] if p]
    # "Artikel" without a number (Zaltbommel's chapter introductions) says nothing on its own;
    # "Artikel 6" before "Artikel 6. Vervoer" (a toelichting's path) says it twice.
    parts = [p for p in parts if p.lower() != "artikel"] or parts
    parts = [p for i, p in enumerate(parts) if not any(q != p and q.startswith(p) for q in parts[i + 1:])]
    explained = section.kind == "text" and any(p.lower().startswith("toelichting") for p in section.path)
    return ("Toelichting bij " if explained else "") + ", ".join(dict.fromkeys(parts))


def section_pieces(lines: list[str]) -> list[Piece]:
    """Paragraphs become pieces (a numbered paragraph is a lid); flattened table cells are
    joined into rows, and paragraphs that are only cells stay together as one table piece."""
    paragraphs = [p.strip().split("\n") for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]
    flat = join_cells([ln.strip() for p in paragraphs for ln in [*p, BREAK]])
    pieces: list[Piece] = []
    table = False  # whether the last piece is a run of cells
    for paragraph in "\n".join(flat).split(f"\n{BREAK}"):
        rows = [ln for ln in paragraph.split("\n") if ln and ln != BREAK]
        if not rows:
            continue
        if LID.match(rows[0]) and len(starts := lid_starts(rows)) > 1:
            # leden written without blank lines between them: each numbered line starts a lid
            for a, b in zip(starts, [*starts[1:], len(rows)]):
                pieces.append(Piece("\n".join(rows[a:b]), lid=LID.match(rows[a])[1]))
            table = False
            continue
        cells = all(is_cell(ln) for ln in rows)
        if cells and table:
            pieces[-1] = replace(pieces[-1], text=pieces[-1].text + "\n" + "\n".join(rows))
        else:
            m = LID.match(rows[0])
            pieces.append(Piece("\n".join(rows), lid=m[1] if m else None))
        table = cells or (is_cell(rows[-1]) and "\t" in "".join(rows))
    return [part for piece in pieces for part in row_pieces(piece)]


COUNTED_ROW = re.compile(r"^(\d{1,2})[.)]?\s+\S")
LETTERED = re.compile(r"^[a-z][.)]\s+\S")


def lid_starts(rows: list[str]) -> list[int]:
    """The rows of a paragraph that start a lid. A list numbered from 1 again inside a lid ("a. Ter
    beoordeling gelden de volgende voorwaarden:", "1 cliënt ...", ..., "10. cliënt ...") is that
    lid's, until a row of the letters above it ("b. ...") or a number that does not go on with it
    ends it: its "4." is no lid 4."""
    starts, nested = [0], None
    for i, row in enumerate(rows[1:], start=1):
        numbered = COUNTED_ROW.match(row)
        if numbered:
            number = int(numbered[1])
            if nested is not None and number == nested + 1:
                nested = number
                continue
            nested = 1 if number == 1 else None
            if nested is None and LID.match(row):
                starts.append(i)
        elif LETTERED.match(row):
            nested = None
    return starts


def row_pieces(piece: Piece) -> list[Piece]:
    """A table under a header row is cut into its rows, each remembering the header: a long
    table is then split between rows, and every part repeats the header (`pack`)."""
    lines = piece.text.split("\n")
    at = next((i for i, ln in enumerate(lines) if is_header_row(ln)), None)
    if at is None or at + 1 >= len(lines):
        return [piece]
    before = [Piece("\n".join(lines[:at]), lid=piece.lid)] if at else []
    return before + [Piece(row, lid=None if before or i else piece.lid, header=lines[at])
                     for i, row in enumerate(lines[at + 1:])]


def join_cells(lines: list[str]) -> list[str]:
    """A quantity or number cell ("12 jaar", "6.541,00") belongs to the label just before it:
    "Traplift\t12 jaar", "Keuken verstelbaar 270 cm\t6.541,00"."""
    out: list[str] = []
    for line in tables_under_names(lines):
        previous = next((i for i in range(len(out) - 1, -1, -1) if out[i] != BREAK), None)
        cell = QUANTITY_CELL.match(line) or NUMBER_CELL.match(line) or RATE_CELL.match(line)
        if cell and previous is not None and (is_cell(out[previous]) or RATE_CELL.match(out[previous].split("\t")[-1])):
            out[previous:] = [f"{out[previous]}\t{line}"]
        else:
            out.append(line)
    return with_header_rows(out)


def tables_under_names(lines: list[str]) -> list[str]:
    """A flattened table with its column names above it, one cell per line, rebuilt row by
    row: after k names, every n lines (n = k, or k + 1 when the row labels have no name) whose
    last is a number form a row, however long the label ("Afsluitbaar kastje … voeding", "693",
    "4121"), and a text cell ("Niet leverbaar") keeps its place. The row length that gives the
    longer run of rows wins; two rows at least, else the lines are left to `join_cells`."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        names = 0
        while i + names < len(lines) and is_column_name(lines[i + names]):
            names += 1
        # The first row's label may look like one more name ("Aangepaste raamopener").
        runs = {(k, n): rows_from(lines, i + k, n) for k in range(2, names + 1) for n in (k, k + 1)}
        best = max(runs, key=lambda kn: (len(runs[kn][0]), -kn[1]), default=None)
        if best is None or len(runs[best][0]) < 2 or (i and is_column_name(lines[i - 1])):
            out.append(lines[i])
            i += 1
            continue
        (k, n), (rows, end) = best, runs[best]
        out.append("\t".join([""] * (n - k) + lines[i:i + k]))
        out.extend("\t".join(row) for row in rows)
        i = end
    return out


def rows_from(lines: list[str], start: int, n: int) -> tuple[list[list[str]], int]:
    """Rows of n cells from `start` on, and the index after the last; a paragraph break inside
    the table (a blank line in the source) is skipped as long as the rows go on."""
    cells = [(j, line) for j, line in enumerate(lines[start:], start) if line != BREAK]
    rows: list[list[str]] = []
    end = start
    for first in range(0, len(cells) - n + 1, n):
        row = [line for _, line in cells[first:first + n]]
        label, *values = row
        if (any("\t" in c for c in row) or NUMBER_CELL.match(label) or not NUMBER_CELL.match(row[-1])
                or label.endswith((".", ";", ":")) or not all(is_cell(c) for c in values)):
            break
        rows.append(row)
        end = cells[first + n - 1][0] + 1
    return rows, end


def with_header_rows(lines: list[str]) -> list[str]:
    """The column names of a flattened table, one per line right above its first row, become
    that table's header row when there is one name per column ("Beschrijving", "Normbedrag"
    above "Keuken verstelbaar 270 cm\t6.541,00"), so each row reads with its meaning."""
    out: list[str] = []
    for line in lines:
        if "\t" in line and (not out or "\t" not in out[-1]) and not is_header_row(line):
            columns = line.count("\t") + 1
            # Every column named, or (two or more) all but the row labels' ("Norm 2018",
            # "Nummer" above "Fietsen, ligfiets\t5.644\t627"); one lone line is as likely a caption.
            for named in (columns, columns - 1) if columns > 2 else (columns,):
                above = out[-named - 1] if len(out) > named else None
                # One more name-like line above the names: the count is not certain, so no header.
                if len(out) >= named and all(map(is_column_name, out[-named:])) and (
                        above is None or ("\t" not in above and not is_column_name(above))):
                    out[-named:] = ["\t".join([""] * (columns - named) + out[-named:])]
                    break
        out.append(line)
    return out


def is_header_row(line: str) -> bool:
    """A row of column names only ("Omschrijving\tNorm 2026\tNummer", "\tNorm 2018\tNummer")."""
    return "\t" in line and all(is_column_name(c) for c in line.split("\t") if c)


def is_column_name(line: str) -> bool:
    """A lone cell without figures other than a year: "Beschrijving", "Normbedrag", "Norm 2018"."""
    return line != BREAK and "\t" not in line and is_cell(line) and not re.search(r"\d", YEAR.sub("", line))


def is_cell(line: str) -> bool:
    return 0 < len(line) <= SHORT and not line.endswith((".", ";", ":", ",")) and not LID.match(line)


def segments(section: Section, pieces: list[Piece]) -> list[tuple[str | None, list[Piece]]]:
    """A long text without articles or leden is cut at its own sub-headings ("Gebruikelijke
    hulp" on a line of its own before running text) and appendices ("Bijlage V ..."), so each
    passage sits under its heading."""
    if section.article or sum(len(p.text) for p in pieces) <= MAX_CHARS or any(p.lid for p in pieces):
        return [(None, pieces)]
    out: list[tuple[str | None, list[Piece]]] = [(None, [])]
    for piece in pieces:
        lines = piece.text.split("\n")
        start = 0
        for i, line in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if (is_cell(line) and "\t" not in line and len(nxt) >= PROSE and line[:1].isupper()) or (
                    APPENDIX.match(line)):
                if i > start:
                    out[-1][1].append(replace(piece, text="\n".join(lines[start:i])))
                out.append((line, []))
                start = i + 1  # the sub-heading is the passage's heading, not its first line
        if start < len(lines):
            out[-1][1].append(replace(piece, text="\n".join(lines[start:])))
    merged: list[tuple[str | None, list[Piece]]] = []
    for sub, group in out:
        if not group:
            continue
        if merged and sum(len(p.text) for p in group) < MIN_SEGMENT and not (sub and APPENDIX.match(sub)):
            heading = [Piece(sub)] if sub else []  # too short to stand alone: keep its line
            merged[-1] = (merged[-1][0], merged[-1][1] + heading + group)
        else:
            merged.append((sub, group))
    return merged
