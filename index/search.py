"""Hybrid search over one built index: dense (faiss) and keyword (BM25 postings) rankings, fused."""
from __future__ import annotations

import difflib
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, is_dataclass
from functools import lru_cache
from typing import Callable, TypeVar

import numpy as np
from cachetools import LRUCache

from index.embedder import Embedder
from index.fusion import convex_fusion, reciprocal_rank_fusion
from index.keywords import KeywordIndex, has_keyword_index, query_terms
from index.layout import IndexLayout
from index.analysis import Analyzer
from index.passages import Passages
from index.store import document_from_row, get_meta, open_readonly, read_vocabulary
from index.unit_vectors import UnitVectors
from index.vectors import VectorIndex
from knowledge.documents import Chunk, Document

CANDIDATES = 100
# Passages whose units closest_units() scores: over the rules question sets the passage holding
# the closest unit of a whole gemeente's rules is among its 100 closest passages every time
# (244 of 244; 242 among 50), at a third of the cost of scoring them all (0.6 against 1.6 ms for
# the 422 passages of Aa en Hunze).
UNIT_CANDIDATES = 100
# Convex fusion of min-max normalised scores beat reciprocal-rank fusion (benchmarks/retrieval.py).
# Its dense weight, cross-validated on the dev set with the passage model refitted per fold
# (benchmarks/fusion_weight.py): 0.4 and 0.5 tie at the top (recall@1 .660, MRR@10 .747/.748).
DENSE_WEIGHT = 0.4
FUSION = "convex"
CORRECTIONS_CACHED = 10_000  # spelling corrections remembered (a few MB at most)

# How close a misspelling must be to the word it stands for (difflib's ratio).
SPELLING_CUTOFF = 0.85


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    document: Document
    score: float  # fused score; higher is better
    dense_score: float | None  # cosine similarity, when the chunk was among the dense candidates
    dense_rank: int | None
    keyword_rank: int | None
    row: int = -1  # position in the vector index; -1 when not known
    keyword_score: float | None = None  # raw BM25, when the chunk was among the keyword candidates


class IndexNotBuilt(RuntimeError):
    """No index has been built yet at the configured location."""


Eligible = Callable[[Document], bool]
T = TypeVar("T")
MASKS_KEPT = 1024
ANALYSED_KEPT = 20_000  # texts (sentences, titles) whose stems are remembered: a few MB


class HybridIndex:
    def __init__(self, layout: IndexLayout, embedder: Embedder) -> None:
        build = layout.current_build()
        if build is None or not has_keyword_index(build):
            raise IndexNotBuilt(f"no index built in {layout.root}")
        self.build_dir = build
        self.db = open_readonly(build / "store.db")
        self.vectors = VectorIndex.load(build / "vectors.faiss")
        self.units = UnitVectors.load(build)
        self.embedder = embedder
        self.model_name = get_meta(self.db, "model") or "?"
        if self.model_name != embedder.name:
            raise IndexNotBuilt(f"index was built with {self.model_name}, not {embedder.name}: rebuild it")
        self.documents = {d.id: d for d in (document_from_row(r) for r in self.db["documents"].rows)}
        self.passages = Passages(self.db, self.documents)
        self.analyzer = Analyzer(read_vocabulary(self.db))
        self.keywords = KeywordIndex(build)
        # Each document's passages occupy consecutive rows: row -> document is one array.
        self._document_ids = list(self.documents)
        position = {d: i for i, d in enumerate(self._document_ids)}
        self._row_document = np.full(len(self.vectors), -1, dtype=np.int32)
        for document_id, first, count in self.db.execute("select document_id, first_row, count from spans"):
            self._row_document[first : first + count] = position[document_id]
        # Rows left dead by an update (index/update.py) belong to no document: never returned.
        self._live = None if (self._row_document >= 0).all() else self._row_document >= 0
        self._masks: OrderedDict[Eligible, np.ndarray] = OrderedDict()
        self.document_frequency = self.keywords.frequencies()
        self._by_prefix: dict[str, list[str]] = {}
        for stem in self.document_frequency:
            self._by_prefix.setdefault(stem[:2], []).append(stem)
        # Bounded: every unknown word of every query would otherwise stay in memory for good.
        self._corrections: LRUCache[str, str] = LRUCache(maxsize=CORRECTIONS_CACHED)
        self._corrections_lock = threading.Lock()
        self._derived: dict[str, object] = {}
        self._analysed = lru_cache(maxsize=ANALYSED_KEPT)(lambda text: tuple(self.analyzer.analyse(text)))

    def __len__(self) -> int:
        return len(self.vectors)

    def search(
        self,
        query: str,
        k: int = 10,
        eligible: Eligible | None = None,
        extra_terms: list[str] | None = None,
        candidates: int = CANDIDATES,
        mode: str = "hybrid",
        fusion: str = FUSION,
        english: bool = False,
        vector=None,
    ) -> list[Hit]:
        """Best `k` eligible chunks. `mode` "dense" or "keyword" uses one ranking, `fusion`
        "convex" or "rrf" picks how the two are combined (both for benchmarks).

        `eligible` selects documents; both indexes search only the rows of eligible documents,
        so a filtered query costs about what an unfiltered one does and is never widened. A
        hashable filter (a frozen dataclass) has its row mask cached. `vector`: the query's
        embedding when the caller has it already."""
        if mode in ("hybrid", "dense"):
            vector = self.embed_query(query) if vector is None else vector
        else:
            vector = None
        fixes = [] if english else [f for s in self.analyzer.analyse(query) if (f := self.correct(s)) != s]
        allowed = self._live if eligible is None else self.allowed_rows(eligible)
        candidates = max(candidates, k)
        dense: list[tuple[int, float]] = []
        keyword: list[tuple[int, float]] = []
        if vector is not None:
            dense = self.vectors.search(vector, candidates, allowed)
        if mode in ("hybrid", "keyword"):
            # A misspelt word is also searched as the corpus word it most resembles (`fixes`);
            # not in English questions, whose words would be "corrected" into unrelated Dutch.
            terms = query_terms(query, extra_terms, self.analyzer, fixes)
            keyword = self.keywords.search(terms, candidates, allowed)
        if fusion == "rrf":
            fused = reciprocal_rank_fusion([[row for row, _ in dense], [row for row, _ in keyword]])
        else:
            fused = convex_fusion(dense, keyword, DENSE_WEIGHT)
        chosen = fused[:k]
        dense_rank = {row: i for i, (row, _) in enumerate(dense, start=1)}
        keyword_rank = {row: i for i, (row, _) in enumerate(keyword, start=1)}
        dense_score, keyword_score = dict(dense), dict(keyword)
        passages = self.passages.at([row for row, _ in chosen])
        return [
            Hit(passages[row][0], passages[row][1], score,
                dense_score.get(row), dense_rank.get(row), keyword_rank.get(row), row, keyword_score.get(row))
            for row, score in chosen if row in passages
        ]

    def allowed_rows(self, eligible: Eligible) -> np.ndarray:
        """Boolean mask over rows: the passages of documents `eligible` accepts."""
        return self.accepted_documents(eligible)[self._row_document]  # row -1 (dead) picks the trailing False

    def accepted_documents(self, eligible: Eligible) -> np.ndarray:
        """Per document (and one trailing False for dead rows): does `eligible` accept it? Kept
        for the last MASKS_KEPT hashable filters: a few kB each, one per gemeente asked about."""
        cacheable = is_dataclass(eligible) and type(eligible).__hash__ is not None
        if cacheable and eligible in self._masks:
            self._masks.move_to_end(eligible)
            return self._masks[eligible]
        accepted = np.array([eligible(self.documents[d]) for d in self._document_ids] + [False], dtype=bool)
        if cacheable:
            self._masks[eligible] = accepted
            if len(self._masks) > MASKS_KEPT:
                self._masks.popitem(last=False)
        return accepted

    def derived(self, key: str, compute: Callable[[], T]) -> T:
        """A value computed once from this build (e.g. the gemeenten it knows): swapping in a
        new build means a new HybridIndex, so such caches never outlive their build."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]  # type: ignore[return-value]

    def embed_query(self, text: str):
        return self.embedder.embed_queries([text])[0]

    def unit_similarities(self, vector, hit: Hit) -> dict[int, float]:
        """Start offset of each sentence/row of the hit's passage -> cosine with the query."""
        return self.unit_similarities_of(vector, [hit])[0]

    def unit_similarities_of(self, vector, hits: list[Hit]) -> list[dict[int, float]]:
        """`unit_similarities` of several hits at once (one matrix product)."""
        if self.units is None or vector is None:
            return [{} for _ in hits]
        rows = [h.row if h.row >= 0 else self.row_of(h.chunk.id) for h in hits]
        known = [i for i, r in enumerate(rows) if r is not None and r >= 0]
        sims: list[dict[int, float]] = [{} for _ in hits]
        for i, found in zip(known, self.units.similarities_of(vector, [rows[i] for i in known])):
            sims[i] = found
        return sims

    def closest_units(self, vector, eligible: Eligible, k: int) -> list[Hit]:
        """The `k` eligible passages holding the sentences or rows closest to the query, by their
        best unit's cosine (the hit's score). A passage whose one sentence answers, in words the
        rest of it (and the question) does not share, ranks low by keywords and by its own vector.
        Units are scored for the UNIT_CANDIDATES passages closest by their own vector only."""
        if self.units is None or vector is None:
            return []
        dense = self.vectors.search(vector, UNIT_CANDIDATES, self.allowed_rows(eligible))
        if not dense:
            return []
        rows = np.array([row for row, _ in dense], dtype=np.int64)
        best = self.units.best_of(vector, rows)
        order = np.argsort(-best, kind="stable")[:k]
        passages = self.passages.at(rows[order].tolist())
        return [Hit(*passages[int(rows[i])], float(best[i]), dense[i][1], None, None, int(rows[i]))
                for i in order if int(rows[i]) in passages]

    def row_of(self, chunk_id: str) -> int | None:
        return self.passages.row_of(chunk_id)

    def analyse(self, text: str) -> list[str]:
        """Stems of `text`. Answer composition analyses the same popular passages' sentences
        question after question, so results are remembered (bounded)."""
        return list(self._analysed(text))

    def correct(self, stem: str) -> str:
        """A stem the corpus does not know, replaced by the closest one it does ("kart" typo for
        "kaart"); known stems are returned as they are."""
        if stem in self.document_frequency or len(stem) < 6 or not stem.isalpha():
            return stem
        with self._corrections_lock:
            known = self._corrections.get(stem)
        if known is None:
            candidates = [s for s in self._by_prefix.get(stem[:2], ()) if abs(len(s) - len(stem)) <= 2]
            best = difflib.get_close_matches(stem, candidates, n=1, cutoff=SPELLING_CUTOFF)
            known = best[0] if best else stem
            with self._corrections_lock:
                self._corrections[stem] = known
        return known

    def idf(self, stem: str) -> float:
        return math.log(1 + len(self.vectors) / (1 + self.document_frequency.get(stem, 0)))

    def chunk(self, chunk_id: str) -> tuple[Chunk, Document] | None:
        return self.passages.chunk(chunk_id)

    def document_chunks(self, document_id: str) -> list[Chunk]:
        return self.passages.of_document(document_id)

    def passage_counts(self) -> dict[str, int]:
        """Number of passages per document id."""
        return self.passages.counts()
