"""Encoder benchmark: each embedding backend's speed and its agreement with the torch model.

    python benchmarks/encoder.py [--backends torch,onnx,onnx-int8] [--passages 200] [--units 600]
                                 [--rounds 3] [--threads N]

Texts: corpus passages as the build embeds them, their sentences and table rows (with title and
section path in front, as index.unit_vectors embeds them), and the dev-set questions as queries.
Per backend it prints passages/s and units/s (wall clock, and CPU ms per text, which other load
on the machine disturbs less), query p50/p95 in ms, and the cosine of every vector against the
torch backend's vector for the same text (min and mean). Timings are medians over the rounds.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from assistant.answers.evaluation import load_questions, percentile  # noqa: E402
from index.embedder import BACKENDS, default_model_path, load_embedder  # noqa: E402
from index.unit_vectors import unit_texts  # noqa: E402
from knowledge.chunking import chunk_document  # noqa: E402
from knowledge.corpus import read_corpus  # noqa: E402

DEFAULT_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def sample_texts(passages: int, units: int, seed: int = 7) -> tuple[list[str], list[str]]:
    sources = read_corpus()
    documents = {s.document.id: s.document for s in sources}
    chunks = [c for s in sources for c in chunk_document(s.document, s.text)]
    # The units exactly as the build embeds them (index.unit_vectors).
    units_all = [text for c in chunks for _, text in unit_texts(c, documents.get(c.document_id))]
    rng = random.Random(seed)
    pick = lambda items, n: rng.sample(items, min(n, len(items)))  # noqa: E731
    return pick([c.embedding_text for c in chunks], passages), pick(units_all, units)


def measure(embedder, passages: list[str], units: list[str], queries: list[str], rounds: int) -> tuple[dict, dict]:
    """Median timings over the rounds, and the vectors of the last round."""
    timings: dict[str, list[float]] = {}
    vectors: dict[str, np.ndarray] = {}
    embedder.embed_queries(["warm-up"])
    for _ in range(rounds):
        for kind, texts in (("passages", passages), ("units", units)):
            wall, cpu = time.perf_counter(), time.process_time()
            vectors[kind] = embedder.embed_passages(texts)
            timings.setdefault(f"{kind}/s", []).append(len(texts) / (time.perf_counter() - wall))
            timings.setdefault(f"{kind} cpu ms", []).append((time.process_time() - cpu) * 1000 / len(texts))
        latencies, rows = [], []
        for query in queries:
            wall = time.perf_counter()
            rows.append(embedder.embed_queries([query])[0])
            latencies.append((time.perf_counter() - wall) * 1000)
        vectors["queries"] = np.stack(rows)
        timings.setdefault("query p50 ms", []).append(statistics.median(latencies))
        timings.setdefault("query p95 ms", []).append(percentile(latencies, 95))
    return {k: statistics.median(v) for k, v in timings.items()}, vectors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--passages", type=int, default=200)
    parser.add_argument("--units", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    args = parser.parse_args()

    passages, units = sample_texts(args.passages, args.units)
    queries = [q["question"] for q in load_questions(args.questions)]
    model = default_model_path()
    backends = args.backends.split(",")
    if "torch" not in backends:
        backends.insert(0, "torch")  # the reference for agreement
    print(f"{len(passages)} passages, {len(units)} units, {len(queries)} queries, {args.rounds} rounds; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other load skews wall times)")
    header = (f"{'backend':10} {'pass/s':>7} {'units/s':>7} {'cpu ms/pass':>11} {'cpu ms/unit':>11} "
              f"{'q p50 ms':>8} {'q p95 ms':>8} {'cos min':>7} {'cos mean':>8}")
    reference: dict[str, np.ndarray] = {}
    rows = []
    for backend in backends:
        embedder = load_embedder(model, backend)
        timings, vectors = measure(embedder, passages, units, queries, args.rounds)
        reference = reference or vectors
        cosines = np.concatenate([(vectors[k] * reference[k]).sum(axis=1) for k in vectors])
        rows.append(f"{backend:10} {timings['passages/s']:7.1f} {timings['units/s']:7.1f} "
                    f"{timings['passages cpu ms']:11.1f} {timings['units cpu ms']:11.1f} "
                    f"{timings['query p50 ms']:8.1f} {timings['query p95 ms']:8.1f} "
                    f"{cosines.min():7.4f} {cosines.mean():8.4f}")
        print(rows[-1], flush=True)
        del embedder
    print(header, *rows, sep="\n")


if __name__ == "__main__":
    main()
