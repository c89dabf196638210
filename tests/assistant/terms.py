"""A stand-in for the index's term weights: real stems and compound parts, every idf 1."""
from __future__ import annotations

from index.analysis import Analyzer


class Terms:
    analyzer = Analyzer()

    def analyse(self, text: str) -> list[str]:
        return self.analyzer.analyse(text)

    def idf(self, stem: str) -> float:
        return 1.0

    def correct(self, stem: str) -> str:
        return stem

    def document_chunks(self, document_id: str) -> list:
        return []
