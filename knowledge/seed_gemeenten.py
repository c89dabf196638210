"""Gemeenten named in the seed documents (`gemeenten.json`), each group citing its chunk.

These let a question name a gemeente before any of its own rules have been imported.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge.sources import CorpusChunks, Fact, read_json

DEFAULT_GEMEENTEN = Path(__file__).parent / "gemeenten.json"


@dataclass(frozen=True)
class GemeenteGroup:
    names: tuple[str, ...]
    source: Fact


def load_seed_gemeenten(path: Path = DEFAULT_GEMEENTEN, corpus: CorpusChunks | None = None) -> tuple[GemeenteGroup, ...]:
    corpus = corpus or CorpusChunks.read()
    return tuple(GemeenteGroup(tuple(g["names"]), corpus.fact(g)) for g in read_json(path)["groups"])


def seed_gemeente_names(path: Path = DEFAULT_GEMEENTEN) -> tuple[str, ...]:
    """Just the names: no corpus needed, so recognising a gemeente stays cheap."""
    return tuple(dict.fromkeys(n for g in read_json(path)["groups"] for n in g["names"]))
