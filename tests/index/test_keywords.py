import random
import sqlite3

import numpy as np
import pytest

from index.keywords import KeywordIndex, KeywordWriter

WORDS = "hulp huishoud ondersteun gemeent scootmobiel wmo-loket rolstoel 12,5% bijdrag kost uur loket pgb tarief wmo".split()

def corpus(n: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    return [rng.choices(WORDS[: rng.randint(3, len(WORDS))], k=rng.randint(3, 30)) for _ in range(n)]

def built(tmp_path, texts: list[list[str]]) -> KeywordIndex:
    writer = KeywordWriter()
    for row, stems in enumerate(texts):
        writer.add(row, stems)
    writer.save(tmp_path)
    return KeywordIndex(tmp_path)

def fts5_ranking(texts: list[list[str]], terms: list[str], limit: int) -> list[tuple[int, float]]:
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table t using fts5(stemmed)")
    db.executemany("insert into t(rowid, stemmed) values (?, ?)", [(row, " ".join(s)) for row, s in enumerate(texts)])
    query = " OR ".join(f'"{t}"' for t in terms)
    sql = "select rowid, -bm25(t) from t where t match ? order by bm25(t), rowid limit ?"
    return db.execute(sql, [query, limit]).fetchall()

@pytest.mark.parametrize("terms", [["scootmobiel"], ["hulp", "kost", "tarief"], ["pgb", "onbekend"],
                                   ["wmo", "loket", "kost"], ["12,5%", "tarief"], ["wmo-loket", "hulp"]])
def test_scores_and_ranking_equal_sqlite_fts5_bm25(tmp_path, terms):
    texts = corpus(400)
    ours = built(tmp_path, texts).search(terms, 25)
    reference = fts5_ranking(texts, terms, 25)
    assert [row for row, _ in ours] == [row for row, _ in reference]
    assert [score for _, score in ours] == pytest.approx([score for _, score in reference], rel=1e-4)

def test_mask_keeps_only_allowed_rows_and_unknown_terms_match_nothing(tmp_path):
    texts = corpus(300)
    index = built(tmp_path, texts)
    allowed = [row % 7 == 0 for row in range(300)]

    hits = index.search(["hulp", "rolstoel"], 1000, np.array(allowed))
    assert hits and all(row % 7 == 0 for row, _ in hits)
    assert len(hits) == sum(1 for row, s in enumerate(texts) if allowed[row] and {"hulp", "rolstoel"} & set(s))
    assert index.search(["zzz"], 10) == [] and index.search([], 10) == []
    assert index.document_frequency("hulp") == sum("hulp" in s for s in texts)
