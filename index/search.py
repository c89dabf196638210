"""Hybrid search over one built index: dense (faiss) and keyword (FTS5) rankings, fused."""
from __future__ import annotations

import difflib
import math
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from index.embedder import Embedder
from index.fusion import convex_fusion, reciprocal_rank_fusion
from index.keywords import keyword_search
from index.layout import IndexLayout
from index.analysis import Analyzer
from index.store import chunk_from_row, document_from_row, get_meta, open_readonly, read_vocabulary
from index.unit_vectors import UnitVectors
from index.vectors import VectorIndex
from knowledge.documents import Chunk, Document

CANDIDATES = 100
# Measured on the dev set (benchmarks/retrieval.py): convex fusion of min-max normalised scores
# weighted 0.4 dense : 0.6 keyword beat reciprocal-rank fusion (R@1 .85 vs .62-.76).
DENSE_WEIGHT = 0.4
FUSION = "convex"


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    document: Document
    score: float  # fused score; higher is better
    dense_score: float | None  # cosine similarity, when the chunk was among the dense candidates
    dense_rank: int | None
    keyword_rank: int | None
    row: int = -1  # position in the vector index; -1 when not known


class IndexNotBuilt(RuntimeError):
    """No index has been built yet at the configured location."""


def term_frequencies(db) -> Counter[str]:
    """In how many passages each stem occurs: answer composition weighs terms by rarity."""
    counts: Counter[str] = Counter()
    for (stemmed,) in db.execute("select stemmed from chunks"):
        counts.update(set(stemmed.split()))
    return counts


class HybridIndex:
    def __init__(self, layout: IndexLayout, embedder: Embedder) -> None:
        build = layout.current_build()
        if build is None:
            raise IndexNotBuilt(f"no index built in {layout.root}")
        self.build_dir = build
        self.db = open_readonly(build / "store.db")
        self.vectors = VectorIndex.load(build / "vectors.faiss")
        self.units = UnitVectors.load(build)
        self.embedder = embedder
        self.model_name = get_meta(self.db, "model") or "?"
        if self.model_name != embedder.name:
            raise IndexNotBuilt(f"index was built with {self.model_name}, not {embedder.name}: rebuild it")
        self._lock = threading.Lock()  # one sqlite connection shared by request threads
        self.documents = {d.id: d for d in (document_from_row(r) for r in self.db["documents"].rows)}
        self.analyzer = Analyzer(read_vocabulary(self.db))
        self.document_frequency = term_frequencies(self.db)
        self._by_prefix: dict[str, list[str]] = {}
        for stem in self.document_frequency:
            self._by_prefix.setdefault(stem[:2], []).append(stem)
        self._corrections: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.vectors)

    def search(
        self,
        query: str,
        k: int = 10,
        eligible: Callable[[Document], bool] | None = None,
        extra_terms: list[str] | None = None,
        candidates: int = CANDIDATES,
        mode: str = "hybrid",
        fusion: str = FUSION,
        english: bool = False,
        vector=None,
    ) -> list[Hit]:
        """Best `k` eligible chunks. `mode` "dense" or "keyword" uses one ranking, `fusion`
        "convex" or "rrf" picks how the two are combined (both for benchmarks).

        The filter applies after fusion; when it leaves fewer than `k`, the search is widened
        (4x the candidates, up to the whole index), so one gemeente's rules are found among
        many others."""
        if mode in ("hybrid", "dense"):
            vector = self.embed_query(query) if vector is None else vector
        else:
            vector = None
        fixes = [] if english else [f for s in self.analyzer.analyse(query) if (f := self.correct(s)) != s]
        while True:
            hits = self._ranked(query, vector, k, eligible, extra_terms, candidates, mode, fusion, fixes)
            if eligible is None or len(hits) >= k or candidates >= len(self):
                return hits
            candidates *= 4

    def _ranked(
        self,
        query: str,
        vector,
        k: int,
        eligible: Callable[[Document], bool] | None,
        extra_terms: list[str] | None,
        candidates: int,
        mode: str,
        fusion: str,
        fixes: list[str],
    ) -> list[Hit]:
        dense: list[tuple[int, float]] = []
        keyword: list[tuple[int, float]] = []
        if vector is not None:
            dense = self.vectors.search(vector, candidates)
        if mode in ("hybrid", "keyword"):
            # A misspelt word is also searched as the corpus word it most resembles (`fixes`);
            # not in English questions, whose words would be "corrected" into unrelated Dutch.
            with self._lock:
                keyword = keyword_search(self.db, query, candidates, extra_terms, self.analyzer, fixes)
        if fusion == "rrf":
            fused = reciprocal_rank_fusion([[row for row, _ in dense], [row for row, _ in keyword]])
        else:
            fused = convex_fusion(dense, keyword, DENSE_WEIGHT)
        dense_rank = {row: i for i, (row, _) in enumerate(dense, start=1)}
        dense_score = dict(dense)
        keyword_rank = {row: i for i, (row, _) in enumerate(keyword, start=1)}
        # Filter on the document first; only the k passages kept are read in full.
        owners = self._owners([row for row, _ in fused])
        chosen: list[tuple[int, float]] = []
        for row, score in fused:
            document_id = owners.get(row)
            if document_id is None or (eligible is not None and not eligible(self.documents[document_id])):
                continue
            chosen.append((row, score))
            if len(chosen) == k:
                break
        records = self._rows([row for row, _ in chosen])
        return [
            Hit(chunk_from_row(records[row]), self.documents[owners[row]], score,
                dense_score.get(row), dense_rank.get(row), keyword_rank.get(row), row)
            for row, score in chosen
        ]

    def embed_query(self, text: str):
        return self.embedder.embed_queries([text])[0]

    def unit_similarities(self, vector, hit: Hit) -> dict[int, float]:
        """Start offset of each sentence/row of the hit's passage -> cosine with the query."""
        if self.units is None or vector is None:
            return {}
        row = hit.row if hit.row >= 0 else self.row_of(hit.chunk.id)
        return self.units.similarities(vector, row) if row is not None and row >= 0 else {}

    def row_of(self, chunk_id: str) -> int | None:
        with self._lock:
            found = self.db.execute("select row from chunks where id = ?", [chunk_id]).fetchone()
        return found[0] if found else None

    def _owners(self, rows: list[int]) -> dict[int, str]:
        """Vector row -> document id."""
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        with self._lock:
            pairs = self.db.execute(f"select row, document_id from chunks where row in ({marks})", rows).fetchall()
        return dict(pairs)

    def _rows(self, rows: list[int]) -> dict[int, dict]:
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        with self._lock:
            records = self.db.execute_returning_dicts(f"select * from chunks where row in ({marks})", rows)
        return {r["row"]: r for r in records}

    def analyse(self, text: str) -> list[str]:
        return self.analyzer.analyse(text)

    def correct(self, stem: str) -> str:
        """A stem the corpus does not know, replaced by the closest one it does ("kart" typo for
        "kaart"); known stems are returned as they are."""
        if stem in self.document_frequency or len(stem) < 6 or not stem.isalpha():
            return stem
        if stem not in self._corrections:
            candidates = [s for s in self._by_prefix.get(stem[:2], ()) if abs(len(s) - len(stem)) <= 2]
            best = difflib.get_close_matches(stem, candidates, n=1, cutoff=0.85)
            self._corrections[stem] = best[0] if best else stem
        return self._corrections[stem]

    def idf(self, stem: str) -> float:
        return math.log(1 + len(self.vectors) / (1 + self.document_frequency.get(stem, 0)))

    def chunk(self, chunk_id: str) -> tuple[Chunk, Document] | None:
        with self._lock:
            records = self.db.execute_returning_dicts("select * from chunks where id = ?", [chunk_id])
        if not records:
            return None
        return chunk_from_row(records[0]), self.documents[records[0]["document_id"]]

    def document_chunks(self, document_id: str) -> list[Chunk]:
        with self._lock:
            records = self.db.execute_returning_dicts(
                "select * from chunks where document_id = ? order by ordinal", [document_id]
            )
        return [chunk_from_row(r) for r in records]

    def passage_counts(self) -> dict[str, int]:
        """Number of passages per document id."""
        with self._lock:
            return dict(self.db.execute("select document_id, count(*) from chunks group by document_id").fetchall())
