"""Keyword search: BM25 over Dutch-stemmed text, with SQLite FTS5 as the engine."""
from __future__ import annotations

import sqlite_utils

from index.analysis import Analyzer


def fts_query(
    text: str, extra_terms: list[str] | None = None, analyzer: Analyzer | None = None, extra_stems: list[str] | None = None
) -> str | None:
    """An OR query of the stemmed terms; None when nothing searchable is left."""
    analyzer = analyzer or Analyzer()
    terms = analyzer.analyse(text) + [t for phrase in (extra_terms or []) for t in analyzer.analyse(phrase)]
    terms += extra_stems or []
    unique = list(dict.fromkeys(t for t in terms if t))
    if not unique:
        return None
    return " OR ".join(f'"{t}"' for t in unique)


def keyword_search(
    db: sqlite_utils.Database,
    text: str,
    limit: int = 50,
    extra_terms: list[str] | None = None,
    analyzer: Analyzer | None = None,
    extra_stems: list[str] | None = None,
) -> list[tuple[int, float]]:
    """(vector row, bm25 score) pairs, best first. Higher score is better."""
    query = fts_query(text, extra_terms, analyzer, extra_stems)
    if query is None:
        return []
    sql = (
        "select chunks.row as row, -bm25(chunks_fts) as score from chunks_fts "
        "join chunks on chunks.rowid = chunks_fts.rowid "
        "where chunks_fts match ? order by bm25(chunks_fts) limit ?"
    )
    return [(r[0], float(r[1])) for r in db.execute(sql, [query, limit]).fetchall()]
