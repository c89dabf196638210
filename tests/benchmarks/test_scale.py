"""The scale benchmark at ~10k passages: it runs end to end and what it measures is sound.

Timings are printed by the benchmark, not asserted here (the machine is shared)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"passages", "search_p95_ms", "filtered_p95_ms", "ask_p95_ms", "encode_p50_ms", "rss_after_load_mb",
        "build_peak_rss_mb", "load_s", "vector_recall_at_10"}


@pytest.mark.slow
def test_scale_benchmark_at_10k(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/scale.py", "--sizes", "10000", "--json", "--queries", "40", "--no-encode",
         "--workdir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    row = json.loads(result.stdout.strip().splitlines()[-1])
    assert KEYS <= row.keys()
    assert 9_000 <= row["passages"] <= 12_000 and row["gemeenten"] == 11
    assert row["vector_recall_at_10"] >= 0.95
    # A gemeente filter returns only that gemeente's rules plus national sources, and finds them.
    assert row["filtered_foreign_hits"] == 0 and row["filtered_empty"] == 0
    assert row["filtered_with_own_rules"] >= 0.9
    assert row["lapsed_documents"] > 0  # the in-force filter has something to keep out
    # Re-importing one gemeente re-embeds only its reworded passages.
    assert 0 < row["reimport_embedded"] < row["reimport_passages"] / 2
    assert row["search_p95_ms"] > 0 and row["ask_p95_ms"] > 0 and row["build_peak_rss_mb"] > 0
