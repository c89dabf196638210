"""Answer and Citation values, and the check every answer passes before it leaves the server."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MARKER = re.compile(r"\[(\d{1,3})\]")


@dataclass(frozen=True)
class Citation:
    n: int
    chunk_id: str
    text: str  # the full cited passage, exactly as stored
    quote: str  # a verbatim part of `text` that supports the answer
    section: str | None
    document: dict  # {"id", "title", "date", "url"}


@dataclass(frozen=True)
class Related:
    """A passage offered to read when no answer was found: not a citation, nothing is claimed
    about it except that the search ranked it close to the question."""

    chunk_id: str
    text: str
    section: str | None
    document: dict  # {"id", "title", "date", "url"}
    excerpt: str = ""  # the sentence of `text` closest to the question, to judge the link by


@dataclass(frozen=True)
class Answer:
    status: str  # answered | not_found | refused
    answer: str
    citations: tuple[Citation, ...] = field(default_factory=tuple)
    confidence: float = 0.0  # decision model probability that the evidence answers the question
    related: tuple[Related, ...] = field(default_factory=tuple)  # only when not_found


def citation_problems(answer: Answer, stored_text: dict[str, str] | None = None) -> list[str]:
    """Everything wrong with the citations of `answer`; empty when it may be sent.

    - every quote is a verbatim substring of its citation's text,
    - the text is the stored passage itself (when `stored_text` is given),
    - every marker in the answer has a citation, and every citation is used,
    - numbers are 1..n without gaps or duplicates.
    """
    problems: list[str] = []
    numbers = [c.n for c in answer.citations]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"citation numbers are {numbers}")
    for citation in answer.citations:
        if not citation.quote.strip():
            problems.append(f"[{citation.n}] has an empty quote")
        elif citation.quote not in citation.text:
            problems.append(f"[{citation.n}] quote is not in its passage")
        if stored_text is not None and stored_text.get(citation.chunk_id) != citation.text:
            problems.append(f"[{citation.n}] text differs from stored passage {citation.chunk_id}")
    used = {int(m) for m in MARKER.findall(answer.answer)}
    known = set(numbers)
    for missing in sorted(used - known):
        problems.append(f"marker [{missing}] has no citation")
    for unused in sorted(known - used):
        problems.append(f"citation [{unused}] is not used in the answer")
    if answer.status != "answered" and answer.citations:
        problems.append(f"status {answer.status} must not carry citations")
    if answer.status != "not_found" and answer.related:
        problems.append(f"status {answer.status} must not offer related passages")
    return problems
