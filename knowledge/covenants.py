"""Registry of covenants that reduce differences between gemeenten, from `covenants.json`.

Every statement (what a covenant regulates, who signed, its status, plans to improve it) is a
`Fact` quoting the seed document that states it, so the registry can be cited like a passage.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge.documents import Document
from knowledge.sources import CorpusChunks, Fact, read_json
from knowledge.topics import fold

DEFAULT_COVENANTS = Path(__file__).parent / "covenants.json"
SECTIONS = ("regulates", "signed_by", "status", "improvements")


@dataclass(frozen=True)
class Covenant:
    id: str
    name: str
    aliases: tuple[str, ...]
    regulates: tuple[Fact, ...]
    signed_by: tuple[Fact, ...]
    status: tuple[Fact, ...]
    improvements: tuple[Fact, ...]

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(f for section in SECTIONS for f in getattr(self, section))

    @property
    def sources(self) -> tuple[Document, ...]:
        """The documents cited, once each, in the order they are first cited."""
        return tuple({f.document.id: f.document for f in self.facts}.values())

    def is_named_in(self, text: str) -> bool:
        folded = fold(text)
        return any(fold(name) in folded for name in (self.name, *self.aliases))


def load_covenants(path: Path = DEFAULT_COVENANTS, corpus: CorpusChunks | None = None) -> tuple[Covenant, ...]:
    """Read the registry; a quote no longer found in the seed corpus raises SourceError."""
    corpus = corpus or CorpusChunks.read()
    return tuple(
        Covenant(id=c["id"], name=c["name"], aliases=tuple(c.get("aliases", [])),
                 **{s: tuple(corpus.fact(f) for f in c.get(s, [])) for s in SECTIONS})
        for c in read_json(path)["covenants"])


def find_covenants(text: str, covenants: tuple[Covenant, ...]) -> list[Covenant]:
    """Covenants named in a question, e.g. "verhuisconvenant" or "convenant maatwerk"."""
    return [c for c in covenants if c.is_named_in(text)]
