"""One loader per source format, all producing plain text with blank-line separated blocks.

The chunker reads structure from that text: a heading is a short line of its own, a table is a
block of tab-separated rows. So every loader maps its format's structure onto those conventions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")


@dataclass(frozen=True)
class LoadedText:
    text: str
    title: str | None  # a title found in the file itself, if any


def load_file(path: Path) -> LoadedText:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return LoadedText(path.read_text(encoding="utf-8"), None)
    if suffix == ".md":
        return markdown_to_text(path.read_text(encoding="utf-8"))
    if suffix in (".html", ".htm"):
        return html_to_text(path.read_text(encoding="utf-8", errors="replace"))
    if suffix == ".pdf":
        return pdf_to_text(path)
    raise ValueError(f"unsupported source format: {path.name}")


MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def markdown_to_text(source: str) -> LoadedText:
    title = None
    out: list[str] = []
    for line in source.splitlines():
        heading = MD_HEADING.match(line)
        if heading:
            title = title or heading.group(1)
            # A heading becomes its own block so the chunker sees it as one.
            out.extend(["", heading.group(1), ""])
        elif MD_TABLE_RULE.match(line) and "-" in line:
            continue
        elif line.strip().startswith("|") and line.strip().endswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            out.append("\t".join(cells))
        else:
            out.append(line)
    return LoadedText("\n".join(out), title)


def html_to_text(source: str) -> LoadedText:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(source, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "noscript", "form"]):
        tag.decompose()
    title_tag = soup.find("title") or soup.find("h1")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    blocks: list[str] = []
    body = soup.body or soup
    for element in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "pre"]):
        if element.find_parent(["table", "li"]) is not None and element.name != "table":
            continue  # rendered as part of its table or list item
        if element.name == "table":
            if element.find_parent("table") is None:
                blocks.append(table_rows(element))
        elif element.name == "li":
            blocks.append("- " + squash(element.get_text(" ", strip=True)))
        else:
            blocks.append(squash(element.get_text(" ", strip=True)))
    return LoadedText("\n\n".join(b for b in blocks if b.strip()), title)


def table_rows(table) -> str:
    caption = table.find("caption")
    rows = []
    if caption:
        rows.append(squash(caption.get_text(" ", strip=True)))
        rows.append("")
    for row in table.find_all("tr"):
        cells = [squash(cell.get_text(" ", strip=True)) for cell in row.find_all(["th", "td"])]
        rows.append("\t".join(cells))
    return "\n".join(rows)


def pdf_to_text(path: Path) -> LoadedText:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    pages = [page.extract_text() or "" for page in reader.pages]
    meta_title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    # Page texts are joined with blank lines so repeated page headers become separate blocks that
    # the cleaning step can recognise.
    text = "\n\n".join(pages)
    return LoadedText(text, str(meta_title) if meta_title else None)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
