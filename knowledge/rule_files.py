"""Municipal regulations from markdown (YAML front matter), HTML or PDF, as Document + chunks.

Markdown files carry their metadata in a front matter (gemeente, cbs_code, kind, title,
identifier, version, adopted, in_force_from, url); HTML and PDF files get it from the caller
(`assistant import cvdr --gemeente ... --title ...`). The text goes through the same article
chunking as CVDR XML (`knowledge.articles`), so labels, dates and links look the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from pathlib import Path

import yaml

from knowledge.articles import build_chunks
from knowledge.cvdr import CVDR_URL, split_identifier
from knowledge.documents import Chunk, Document, slugify
from knowledge.overheid_xml import iso_date, strip_gemeente
from knowledge.rule_markdown import ARTICLE, NUMBERED, parse_markdown_units

DEFAULT_RULES = Path(__file__).parent / "rules"  # shipped regulations, loaded by every build
RULE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".pdf")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


class RuleMetadataError(ValueError):
    """The metadata needed to cite a regulation (gemeente, title) is missing or malformed."""


@dataclass(frozen=True)
class RuleMeta:
    gemeente: str | None = None
    title: str | None = None
    identifier: str | None = None  # CVDR id, "CVDR753669" or "CVDR753669_1"
    version: str | None = None
    kind: str | None = None  # verordening, nadere regels, beleidsregels, ...
    cbs_code: str | None = None
    adopted: str | None = None
    in_force_from: str | None = None
    in_force_to: str | None = None
    url: str | None = None

    def merged(self, override: RuleMeta | None) -> RuleMeta:
        """Fields given in `override` (the command line) win over the file's own."""
        if override is None:
            return self
        return replace(self, **{f.name: v for f in fields(override) if (v := getattr(override, f.name))})


def read_front_matter(text: str) -> tuple[RuleMeta, str]:
    m = FRONT_MATTER.match(text)
    if not m:
        return RuleMeta(), text
    data = yaml.safe_load(m[1]) or {}
    if not isinstance(data, dict):
        raise RuleMetadataError("de front matter is geen lijst van velden")
    known = {f.name for f in fields(RuleMeta)}
    values = {k: (str(v) if not isinstance(v, str) and v is not None else v)
              for k, v in data.items() if k in known}
    return RuleMeta(**values), text[m.end():]


def markdown_title(body: str) -> str | None:
    m = re.search(r"^#\s+(.+?)\s*$", body, re.MULTILINE)
    return m[1] if m else None


def parse_rule_markdown(text: str, override: RuleMeta | None = None) -> tuple[Document, list[Chunk]]:
    meta, body = read_front_matter(text)
    meta = meta.merged(override)
    if not meta.title:
        meta = replace(meta, title=markdown_title(body))
    return rule_document(meta, body)


def rule_document(meta: RuleMeta, body: str) -> tuple[Document, list[Chunk]]:
    gemeente = strip_gemeente(meta.gemeente)
    if not gemeente or not meta.title:
        raise RuleMetadataError("geef de gemeente en de titel van de regeling op (--gemeente, --title)")
    reference, url = identity(meta)
    valid_from, estimated = in_force_date(meta)
    document = Document(
        id=f"cvdr-{reference.replace('_', '-')}" if meta.identifier else f"regel-{reference}",
        title=meta.title, type=meta.kind or "regeling", organisation=f"Gemeente {gemeente}",
        date=iso_date(meta.adopted), reference=reference, url=url, gemeente=gemeente,
        valid_from=valid_from, valid_to=iso_date(meta.in_force_to), origin="import")
    chunk_meta = {"title": meta.title, "gemeente": gemeente, "valid_from": valid_from,
                  "valid_to": document.valid_to, "reference": reference, "regulation_type": document.type,
                  "cbs_code": meta.cbs_code, "valid_from_estimated": estimated}
    units = parse_markdown_units(body)
    if not meta.identifier:  # "#artikel_9" anchors are CVDR's; another site has its own
        units = [replace(u, anchor=None) for u in units]
    return document, build_chunks(units, document.id, url, [meta.title, f"gemeente {gemeente}"], chunk_meta)


def identity(meta: RuleMeta) -> tuple[str, str | None]:
    """(reference, url): 'CVDR753669_1' and its official page; a slug for rules outside CVDR."""
    if not meta.identifier:
        slug = slugify(f"{meta.gemeente} {meta.title}", 60)
        return slug, meta.url
    try:
        work, version = split_identifier(meta.identifier)
    except ValueError as error:
        raise RuleMetadataError(f"geen CVDR-id: {meta.identifier!r}") from error
    version = version or (str(meta.version) if meta.version else None)
    reference = f"{work}_{version}" if version else work
    return reference, meta.url or CVDR_URL.format(work=work, version=version or "").rstrip("/")


def in_force_date(meta: RuleMeta) -> tuple[str | None, bool]:
    """The in-force date; without one, the day after adoption. Beleidsregels take effect the
    day after publication, which is never before that day (so True: estimated)."""
    if given := iso_date(meta.in_force_from):
        return given, False
    if adopted := iso_date(meta.adopted):
        return (date.fromisoformat(adopted) + timedelta(days=1)).isoformat(), True
    return None, False


def html_to_markdown(source: str) -> str:
    """Headings keep their level (articles become `###`), paragraphs and list items become
    paragraphs, table rows become tab-separated lines."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(source, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "noscript", "form"]):
        tag.decompose()
    blocks: list[str] = []
    for el in (soup.body or soup).find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr"]):
        if el.name in ("p", "li") and el.find_parent(["li", "table"]) is not None:
            continue
        text = re.sub(r"\s+", " ", el.get_text(" ", strip=True))
        if el.name == "tr":
            cells = [re.sub(r"\s+", " ", c.get_text(" ", strip=True)) for c in el.find_all(["th", "td"])]
            text = "\t".join(c for c in cells if c)
        elif el.name.startswith("h"):
            text = heading_line(text, int(el.name[1]))
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


def heading_line(text: str, level: int) -> str:
    if ARTICLE.match(text):
        return f"### {text}"
    return f"{'#' if level <= 1 else '##'} {text}"


def pdf_to_markdown(path: Path) -> str:
    """pypdf gives visual lines: articles and numbered chapters become headings, a line that
    ends a sentence ends a paragraph."""
    from pypdf import PdfReader

    lines = [ln.strip() for page in PdfReader(str(path)).pages for ln in (page.extract_text() or "").splitlines()]
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        if ARTICLE.match(line) and len(line) < 120:
            out += ["", f"### {line}", ""]
        elif re.match(r"^(hoofdstuk|paragraaf|afdeling|bijlage)\b", line, re.IGNORECASE) and NUMBERED.match(line):
            out += ["", f"## {line}", ""]
        else:
            out.append(line + ("\n" if line.endswith((".", ":", ";")) else ""))
    return "\n".join(out)


def parse_rule_file(path: Path, override: RuleMeta | None = None) -> tuple[Document, list[Chunk]]:
    """A regulation file by its suffix; HTML and PDF need the metadata in `override`."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return parse_rule_markdown(path.read_text(encoding="utf-8"), override)
    if suffix in (".html", ".htm"):
        body = html_to_markdown(path.read_text(encoding="utf-8", errors="replace"))
    elif suffix == ".pdf":
        body = pdf_to_markdown(path)
    else:
        raise ValueError(f"geen regeling in een bekend formaat: {path.name}")
    meta = (override or RuleMeta()).merged(None)
    if not meta.title:
        meta = replace(meta, title=markdown_title(body))
    return rule_document(meta, body)
