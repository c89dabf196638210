"""Policy topics on which gemeenten differ, with their synonyms for query expansion.

The data lives in `topics.json`; each topic's facts cite the seed documents (see `sources`).
Matching ignores case and accents for words ("clientondersteuning" finds cliëntondersteuning)
but not for abbreviations, because "hh" or "cer" in lower case are not the abbreviations.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.sources import CorpusChunks, Fact, read_json

DEFAULT_TOPICS = Path(__file__).parent / "topics.json"
PLURAL = r"(?:en|s|e|n)?"  # "hulpmiddel" also finds "hulpmiddelen"


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    illustrative: bool  # one of the seven examples worked out in the verkenning
    verkenning_section: str | None
    terms: tuple[str, ...]
    abbreviations: tuple[str, ...]
    facts: tuple[Fact, ...]

    @property
    def synonyms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.terms, *self.abbreviations)))

    def first_mention(self, text: str) -> int | None:
        """Offset of the first term or abbreviation in `text`, None when not mentioned."""
        folded = fold(text)
        found = [m.start() for t in self.terms if (m := term_pattern(t).search(folded))]
        found += [m.start() for a in self.abbreviations if (m := abbreviation_pattern(a).search(text))]
        return min(found) if found else None


@dataclass(frozen=True)
class TopicCatalog:
    topics: tuple[Topic, ...]
    verkenning_document_id: str | None

    def get(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def mentioned(self, text: str) -> list[Topic]:
        """Topics named in `text`, in the order they are first named."""
        hits = [(pos, n, t) for n, t in enumerate(self.topics) if (pos := t.first_mention(text)) is not None]
        return [t for _, _, t in sorted(hits, key=lambda h: (h[0], h[1]))]

    def topic_for(self, text: str) -> Topic | None:
        """The topic a short text is about: its id or name, else the first topic it mentions."""
        key = fold(text).strip()
        exact = next((t for t in self.topics if key in (t.id, fold(t.name))), None)
        return exact or next(iter(self.mentioned(text)), None)

    def canonical(self, text: str) -> list[str]:
        """The names of topics `text` mentions by an abbreviation ("GPK", "HH")."""
        folded = fold(text)
        return [
            t.name
            for t in self.topics
            if fold(t.name) not in folded and any(abbreviation_pattern(a).search(text) for a in t.abbreviations)
        ]

    def expand(self, text: str) -> list[str]:
        """Synonyms of the topics in `text` that `text` does not contain yet, as extra keywords."""
        folded = fold(text)
        extra = [s for t in self.mentioned(text) for s in t.synonyms]
        return [s for s in dict.fromkeys(extra) if fold(s) not in folded]


class CombiningMarks(dict):
    """str.translate table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


COMBINING = CombiningMarks()


def fold(text: str) -> str:
    """Lower case without accents: users type "client" as often as "cliënt"."""
    decomposed = unicodedata.normalize("NFKD", text)
    # Per-character Python calls made this a third of a 300k-passage build; translate is C.
    stripped = decomposed if decomposed.isascii() else decomposed.translate(COMBINING)
    return stripped.casefold()


@lru_cache(maxsize=512)
def term_pattern(term: str) -> re.Pattern[str]:
    words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", fold(term)) if w)
    return re.compile(rf"(?<!\w){words}{PLURAL}(?!\w)")


@lru_cache(maxsize=128)
def abbreviation_pattern(abbreviation: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(abbreviation)}(?!\w)")


def load_topics(path: Path = DEFAULT_TOPICS, corpus: CorpusChunks | None = None) -> TopicCatalog:
    """Read the catalog; facts are resolved against the seed corpus and fail if a quote is gone."""
    data = read_json(path)
    corpus = corpus or CorpusChunks.read()
    topics = tuple(
        Topic(id=t["id"], name=t["name"], illustrative=bool(t.get("illustrative")),
              verkenning_section=t.get("verkenning_section"), terms=tuple(t["terms"]),
              abbreviations=tuple(t.get("abbreviations", [])),
              facts=tuple(corpus.fact(f) for f in t.get("facts", [])))
        for t in data["topics"])
    return TopicCatalog(topics, data.get("verkenning_document_id"))


@lru_cache(maxsize=1)
def default_catalog() -> TopicCatalog:
    """The shipped catalog, read once per process (`default_catalog.cache_clear()` in tests)."""
    return load_topics()


def expand(question: str, catalog: TopicCatalog | None = None) -> list[str]:
    return (catalog or default_catalog()).expand(question)


def canonical(question: str, catalog: TopicCatalog | None = None) -> list[str]:
    return (catalog or default_catalog()).canonical(question)


def is_topic_abbreviation(word: str, catalog: TopicCatalog | None = None) -> bool:
    return any(word.upper() == a.upper() for t in (catalog or default_catalog()).topics for a in t.abbreviations)


def topic_for(text: str, catalog: TopicCatalog | None = None) -> Topic | None:
    return (catalog or default_catalog()).topic_for(text)
