"""Keyword search: BM25 over Dutch-stemmed text, as term -> postings arrays scored with numpy.

SQLite FTS5 scores every row that matches any query term before it can sort: at 300,000
passages an OR of common Wmo stems matches nearly all of them (~170 ms). Here each term's
postings (rows and term counts) lie contiguously in memory-mapped arrays, so a query costs a
few vectorised operations per term (~1-3 ms at 300k) and a filter is a boolean mask over rows.
Scores follow FTS5's bm25() (k1 1.2, b 0.75, idf floored at 1e-6) over the same tokens, so
rankings match those of the FTS5 index it replaces. A hyphenated word, which FTS5 searched as a
phrase ("wmo-loket" = "wmo loket"), is also indexed whole (without counting towards the length).

Files in the build directory: keywords.terms.npy (sorted terms), keywords.offsets.npy,
keywords.rows.npy, keywords.counts.npy and keywords.lengths.npy (tokens per row).
"""
from __future__ import annotations

import json
import re
from array import array
from collections import Counter
from pathlib import Path
from typing import Iterable

import numpy as np

from index.analysis import Analyzer

K1 = 1.2
B = 0.75
# FTS5's unicode61 tokenizer splits on everything but letters and digits: "wmo-loket" and
# "12,5%" are two tokens each, and a query term with such a separator is a phrase.
SEPARATORS = re.compile(r"[\W_]+")


def fts_tokens(stems: Iterable[str]) -> list[str]:
    return [token for stem in stems for token in SEPARATORS.split(stem) if token]
FILES = ("terms", "offsets", "rows", "counts", "lengths")
FREQUENCY_FILE = "keywords.frequency.json"


def query_terms(
    text: str, extra_terms: list[str] | None = None, analyzer: Analyzer | None = None, extra_stems: list[str] | None = None
) -> list[str]:
    """The distinct stems of the question, its extra phrases and extra stems, in order."""
    analyzer = analyzer or Analyzer()
    terms = analyzer.analyse(text) + [t for phrase in (extra_terms or []) for t in analyzer.analyse(phrase)]
    terms += extra_stems or []
    return list(dict.fromkeys(t for t in terms if t))


class KeywordWriter:
    """Collects (term, row, count) postings row by row; `save` sorts them into term order.

    Postings are kept in compact typed arrays (10 bytes each), never as Python objects, so a
    300k-passage build holds ~20M postings in ~200 MB. Rows start at `first_row` (an update
    appends after the rows of the build it copies)."""

    def __init__(self, first_row: int = 0) -> None:
        self.first_row = first_row
        self.term_ids: dict[str, int] = {}
        self.posting_terms = array("i")
        self.posting_rows = array("i")
        self.posting_counts = array("H")
        self.lengths = array("i")
        self.stem_frequency: Counter[str] = Counter()  # passages per whole stem, for term weights

    def add(self, row: int, stems: Iterable[str]) -> None:
        while len(self.lengths) <= row - self.first_row:
            self.lengths.append(0)
        stems = list(stems)
        self.stem_frequency.update(set(stems))
        counts = Counter(fts_tokens(stems))
        self.lengths[row - self.first_row] = sum(counts.values())
        # A hyphenated word is also kept whole, under its parts joined by a space: the phrase a
        # query for it looks up (FTS5 matched "wmo-loket" as the phrase "wmo loket").
        counts.update(" ".join(parts) for stem in stems if len(parts := fts_tokens([stem])) > 1)
        for term, count in counts.items():
            self.posting_terms.append(self.term_ids.setdefault(term, len(self.term_ids)))
            self.posting_rows.append(row)
            self.posting_counts.append(min(count, 65535))

    def postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(term names, each posting's term as an index into them, rows, counts)."""
        names = np.array(list(self.term_ids), dtype=str) if self.term_ids else np.zeros(0, dtype="<U1")
        return (names, np.frombuffer(self.posting_terms, dtype=np.int32), np.frombuffer(self.posting_rows, dtype=np.int32),
                np.frombuffer(self.posting_counts, dtype=np.uint16))

    def save(self, folder: Path) -> None:
        names, terms, rows, counts = self.postings()
        write_arrays(folder, names, terms, rows, counts, np.frombuffer(self.lengths, dtype=np.int32))
        write_frequencies(folder, self.stem_frequency)


def write_frequencies(folder: Path, frequency: Counter[str]) -> None:
    (folder / FREQUENCY_FILE).write_text(json.dumps({k: v for k, v in frequency.items() if v > 0}, ensure_ascii=False))


def write_arrays(folder: Path, names: np.ndarray, terms: np.ndarray, rows: np.ndarray, counts: np.ndarray,
                 lengths: np.ndarray) -> None:
    """Postings given as parallel arrays (term index into `names`, row, count) -> the index files."""
    sorted_names, position = np.unique(names, return_inverse=True)
    terms = position[terms] if len(terms) else terms
    # Stable by term: postings stay in row order within a term, as they were added.
    order = np.argsort(terms, kind="stable")
    frequency = np.bincount(terms, minlength=len(sorted_names))
    np.save(folder / "keywords.terms.npy", sorted_names)
    np.save(folder / "keywords.offsets.npy", np.concatenate([[0], np.cumsum(frequency)]).astype(np.int64))
    np.save(folder / "keywords.rows.npy", rows[order].astype(np.int32))
    np.save(folder / "keywords.counts.npy", counts[order].astype(np.uint16))
    np.save(folder / "keywords.lengths.npy", lengths.astype(np.int32))


def save_merged(previous: Path, writer: KeywordWriter, live: np.ndarray, folder: Path, removed: Counter[str]) -> None:
    """The previous build's postings of `live` rows plus the writer's new ones, into `folder`;
    `removed` counts the stems of the passages that went."""
    frequency = Counter(json.loads((previous / FREQUENCY_FILE).read_text())) if (previous / FREQUENCY_FILE).exists() else Counter()
    frequency.subtract(removed)
    frequency.update(writer.stem_frequency)
    write_frequencies(folder, frequency)
    names = np.load(previous / "keywords.terms.npy")
    offsets = np.load(previous / "keywords.offsets.npy")
    rows = np.load(previous / "keywords.rows.npy")
    counts = np.load(previous / "keywords.counts.npy")
    lengths = np.load(previous / "keywords.lengths.npy")
    terms = np.repeat(np.arange(len(names), dtype=np.int32), np.diff(offsets))
    keep = live[rows]
    new_names, new_terms, new_rows, new_counts = writer.postings()
    new_lengths = np.frombuffer(writer.lengths, dtype=np.int32)
    lengths = np.concatenate([lengths, np.zeros(max(0, writer.first_row - len(lengths)), np.int32), new_lengths])
    lengths[: len(live)][~live[: len(lengths)]] = 0  # dead rows count no tokens
    write_arrays(folder, np.concatenate([names, new_names]), np.concatenate([terms[keep], new_terms + len(names)]),
                 np.concatenate([rows[keep], new_rows]), np.concatenate([counts[keep], new_counts]), lengths)


class KeywordIndex:
    """BM25 top-k over the postings of one build; arrays are memory-mapped, not read."""

    def __init__(self, folder: Path) -> None:
        arrays = {name: np.load(folder / f"keywords.{name}.npy", mmap_mode="r") for name in FILES if name != "terms"}
        self.folder = folder
        names = np.load(folder / "keywords.terms.npy")
        self.offsets, self.rows, self.counts = arrays["offsets"], arrays["rows"], arrays["counts"]
        lengths = np.asarray(arrays["lengths"], dtype=np.float32)
        self.size = len(lengths)
        self.term_index = {name: i for i, name in enumerate(names.tolist())}
        # Rows dropped by an update have no tokens and do not count, as in a fresh build.
        self.passages = int(np.count_nonzero(lengths)) or self.size
        average = float(lengths.sum() / self.passages) if self.size else 1.0
        # The length part of BM25's denominator, per row, computed once at load.
        self.norm = (K1 * (1 - B + B * lengths / (average or 1.0))).astype(np.float32)
        # Each posting's term-frequency part of BM25, also once at load: a query then only
        # scales and adds these (~10% of the postings' memory, a few ms less per question).
        counts = np.asarray(self.counts, dtype=np.float32)
        self.impacts = counts * (K1 + 1) / (counts + self.norm[np.asarray(self.rows)])

    def document_frequency(self, term: str) -> int:
        position = self.term_index.get(term)
        return 0 if position is None else int(self.offsets[position + 1] - self.offsets[position])

    def frequencies(self) -> dict[str, int]:
        """In how many passages each whole stem occurs (stored by the build: no scan at load)."""
        return json.loads((self.folder / FREQUENCY_FILE).read_text())

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 of every row for the OR of `terms` (0 where no term occurs)."""
        total = np.zeros(self.size, dtype=np.float32)
        for term in dict.fromkeys(terms):
            found = self.postings(fts_tokens([term]))
            if found is None:
                continue
            rows, impacts = found
            idf = max(np.log((self.passages - len(rows) + 0.5) / (len(rows) + 0.5)), 1e-6)
            total[rows] += np.float32(idf) * impacts
        return total

    def postings(self, parts: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """Rows and BM25 term-frequency parts of one token, or of a hyphenated phrase kept whole
        at build time."""
        position = self.term_index.get(" ".join(parts)) if parts else None
        if position is None:
            return None
        start, end = int(self.offsets[position]), int(self.offsets[position + 1])
        return np.asarray(self.rows[start:end]), self.impacts[start:end]

    def search(self, terms: list[str], limit: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(row, bm25) pairs, best first, among rows where `allowed` (a boolean mask) is True."""
        if not terms or self.size == 0:
            return []
        total = self.scores(terms)
        if allowed is not None:
            np.multiply(total, allowed, out=total)
        matched = np.flatnonzero(total)  # only these compete: selecting among many zeros is slow
        limit = min(limit, len(matched))
        if limit <= 0:
            return []
        top = matched[np.argpartition(-total[matched], limit - 1)[:limit]] if limit < len(matched) else matched
        # Ties keep row order, like an index scan would.
        top = top[np.lexsort((top, -total[top]))]
        return [(int(r), float(total[r])) for r in top if total[r] > 0]


def has_keyword_index(folder: Path) -> bool:
    return all((folder / f"keywords.{name}.npy").exists() for name in FILES) and (folder / FREQUENCY_FILE).exists()
