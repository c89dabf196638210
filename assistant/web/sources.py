"""Source documents prepared for reading: Dutch dates, headings from section paths, a passage's context."""
from __future__ import annotations

from dataclasses import dataclass

from knowledge.documents import Chunk, Document

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")
SECTION_SEPARATOR = " > "
CONTEXT = 3  # passages shown before and after a cited one, within its section


@dataclass(frozen=True)
class Heading:
    level: int  # 2..6: the document title is the page's h1
    text: str


@dataclass(frozen=True)
class Block:
    """One passage of a document, with the headings that open before it."""

    headings: tuple[Heading, ...]
    chunk: Chunk


def dutch_date(value: str | None) -> str | None:
    """"2026-06-17" -> "17 juni 2026", "2026-03" -> "maart 2026"; other text is returned as is."""
    if not value:
        return None
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return value
    if len(numbers) == 3 and 1 <= numbers[1] <= 12:
        return f"{numbers[2]} {MONTHS[numbers[1] - 1]} {numbers[0]}"
    if len(numbers) == 2 and 1 <= numbers[1] <= 12:
        return f"{MONTHS[numbers[1] - 1]} {numbers[0]}"
    return value


def section_parts(section: str | None) -> list[str]:
    return [part.strip() for part in section.split(SECTION_SEPARATOR)] if section else []


def outline(chunks: list[Chunk]) -> list[Block]:
    """Headings appear where a passage's section path first differs from the previous one's."""
    blocks: list[Block] = []
    previous: list[str] = []
    for chunk in chunks:
        path = section_parts(chunk.section)
        shared = 0
        while shared < min(len(path), len(previous)) and path[shared] == previous[shared]:
            shared += 1
        headings = tuple(Heading(min(depth + 2, 6), path[depth]) for depth in range(shared, len(path)))
        blocks.append(Block(headings, chunk))
        previous = path
    return blocks


def context_of(chunks: list[Chunk], cited: Chunk, around: int = CONTEXT) -> list[Chunk]:
    """The cited passage with its neighbours from the same section, in document order."""
    same = [c for c in chunks if c.section == cited.section]
    position = next((i for i, c in enumerate(same) if c.id == cited.id), None)
    if position is None:
        return [cited]
    return same[max(0, position - around): position + around + 1]


def official_url(document: Document, chunk: Chunk | None = None) -> str | None:
    """The article's own deep link where the import gave one, else the document's; never guessed.
    Only web addresses are linked: a stored value is data, not trusted markup."""
    for candidate in ((chunk.meta.get("url") if chunk is not None else None), document.url):
        if isinstance(candidate, str) and candidate.startswith(("https://", "http://")):
            return candidate
    return None


def in_listing_order(documents: list[Document]) -> list[Document]:
    """Newest first, undated last; same date by title (two stable sorts)."""
    by_title = sorted(documents, key=lambda d: d.title.lower())
    return sorted(by_title, key=lambda d: d.date or "", reverse=True)
