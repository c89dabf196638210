"""Keyword engines compared on one built index: SQLite FTS5 (as before, and with the most common
stems dropped from the OR query) against the numpy postings index the search now uses.

    python benchmarks/keyword_engines.py /tmp/scale/300000/index [--queries 200]

FTS5 is built in a temporary copy of the stemmed passages; prints p50/p95 per engine and how many
of the postings index's top 10 each FTS5 variant returns too.
"""
from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.cvdr_generator import questions  # noqa: E402
from index.analysis import Analyzer  # noqa: E402
from index.keywords import KeywordIndex, query_terms  # noqa: E402
from index.layout import IndexLayout  # noqa: E402
from index.store import open_readonly, read_vocabulary  # noqa: E402

COMMON = 0.2  # "common": the stem occurs in more than this share of passages


def fts5_copy(store: Path, folder: Path) -> sqlite3.Connection:
    db = sqlite3.connect(folder / "fts.db")
    db.execute("create virtual table fts using fts5(stemmed)")
    db.execute(f"attach database 'file:{store}?mode=ro' as build")
    db.execute("insert into fts(rowid, stemmed) select row, stemmed from build.chunks")
    db.commit()
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    build = IndexLayout(args.index_dir).current_build()
    store = open_readonly(build / "store.db")
    analyzer = Analyzer(read_vocabulary(store))
    keywords = KeywordIndex(build)
    asked = [query_terms(q, analyzer=analyzer) for q in questions(args.queries)]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        fts = fts5_copy(build / "store.db", Path(tmp))
        print(f"FTS5 built over {keywords.passages:,} passages in {time.perf_counter() - started:.0f} s")
        runs = {
            "postings (numpy)": lambda terms: [r for r, _ in keywords.search(terms, 100)],
            "FTS5 OR, order by rank": lambda terms: fts_rows(fts, terms),
            f"FTS5 without stems in >{COMMON:.0%}": lambda terms: fts_rows(
                fts, [t for t in terms if keywords.document_frequency(t) <= COMMON * keywords.passages] or terms),
        }
        reference = [runs["postings (numpy)"](terms)[:10] for terms in asked]
        for name, run in runs.items():
            times, overlap = [], 0
            for terms, expected in zip(asked, reference):
                t = time.perf_counter()
                rows = run(terms)
                times.append((time.perf_counter() - t) * 1000)
                overlap += len(set(rows[:10]) & set(expected))
            ordered = sorted(times)
            print(f"{name:32} p50 {statistics.median(times):7.1f} ms  p95 {ordered[int(0.95 * (len(ordered) - 1))]:7.1f} ms"
                  f"  top-10 shared with postings {overlap / (10 * len(asked)):.2f}")


def fts_rows(db: sqlite3.Connection, terms: list[str]) -> list[int]:
    if not terms:
        return []
    query = " OR ".join(f'"{t}"' for t in terms)
    return [r for (r,) in db.execute("select rowid from fts where fts match ? order by rank limit 100", [query])]


if __name__ == "__main__":
    main()
