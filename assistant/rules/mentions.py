"""A gemeente named in a question, and the question without the phrase that names it.

"Ik woon in Tubbergen en ..." tells where the asker lives; that phrase is taken out of the
question, so it does not steer the search towards texts that merely mention the gemeente.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CUE = r"(?:in|uit|gemeente|naar|bij|te|van)\s+(?:de\s+gemeente\s+)?"


@dataclass(frozen=True)
class GemeenteMention:
    name: str  # spelled as the knowledge base knows it
    residence: bool  # the asker says they live there
    question: str  # the question without the residence phrase


def name_pattern(name: str) -> str:
    """Any spacing or hyphenation between the words of a multi-word name, either apostrophe."""
    words = (re.escape(w).replace("'", "['’]?").replace("’", "['’]?") for w in re.split(r"[\s-]+", name.strip()))
    return r"[\s-]+".join(words)


def bounded(pattern: str) -> str:
    return rf"(?<![\w-]){pattern}(?![\w-])"


def remove_phrase(question: str, match: re.Match[str]) -> str:
    """Drop the phrase and the joining word after it; "ik woon in X en wil ..." keeps "ik"."""
    return drop_span(question, match.start(), match.end(), match.groupdict().get("who"))


def drop_span(question: str, start: int, end: int, who: str | None) -> str:
    before, after = question[:start], question[end:]
    joined = re.match(r"\s+(?:en|maar)\s+", after)
    if joined:
        after = (f"{who} " if who else "") + after[joined.end():]
    else:
        after = re.sub(r"^\s*[,.;:!]?\s*", "", after, count=1)
    rest = re.sub(r"\s+", " ", f"{before.rstrip(' ,')} {after}").strip(" ,")
    rest = re.sub(r"\s+([,.?!])", r"\1", rest)
    return rest[:1].upper() + rest[1:] if rest else question
