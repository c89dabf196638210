"""Retrieval benchmark: BM25-only vs dense-only vs hybrid on the same chunks, /api/search latency
over real HTTP against the bare query-encoding time, embedding throughput and build times.

    python benchmarks/retrieval.py [--questions ../shared/eval/dev.jsonl] [--skip-build]
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answers.evaluation import evaluate_retrieval, load_questions, percentile  # noqa: E402
from assistant.answers.question import clean_query  # noqa: E402
from assistant.answers.retrieval import search  # noqa: E402
from index.build import build_index  # noqa: E402
from index.embedder import default_model_path, load_embedder, model_label  # noqa: E402
from index.layout import IndexLayout  # noqa: E402
from index.search import HybridIndex  # noqa: E402
from knowledge.chunking import chunk_document  # noqa: E402
from knowledge.corpus import read_corpus  # noqa: E402

DEFAULT_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_build(model_path: str, embedder) -> dict:
    """Full build into an empty directory (empty embedding cache), then a no-change rebuild."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-index-"))
    try:
        layout = IndexLayout(tmp)
        full = build_index(layout, model_label(model_path), lambda: embedder, progress=False)
        again = build_index(layout, model_label(model_path), lambda: embedder, progress=False)
        return {"full_build_s": round(full.seconds, 1), "rebuild_unchanged_s": round(again.seconds, 2), "chunks": full.chunks}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def measure_throughput(embedder) -> float:
    texts = [c.embedding_text for s in read_corpus() for c in chunk_document(s.document, s.text)][:256]
    started = time.perf_counter()
    embedder.embed_passages(texts)
    return len(texts) / (time.perf_counter() - started)


def bm25s_search(index: HybridIndex):
    """The bm25s library over the same stemmed passages, to compare with SQLite FTS5's BM25."""
    import bm25s

    rows = index.db.execute_returning_dicts("select row, text, stemmed from chunks order by row")
    retriever = bm25s.BM25()
    retriever.index([r["stemmed"].split() for r in rows], show_progress=False)

    def search(question: str) -> list[str]:
        terms = [t for t in index.analyzer.analyse(clean_query(question)) if t in retriever.vocab_dict]
        if not terms:
            return []
        found, _ = retriever.retrieve([terms], k=10, show_progress=False)
        return [rows[i]["text"] for i in found[0]]

    return search


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--skip-build", action="store_true", help="do not time a full build")
    parser.add_argument("--rounds", type=int, default=3, help="latency rounds over the question set")
    args = parser.parse_args()

    model_path = default_model_path()
    started = time.perf_counter()
    embedder = load_embedder(model_path)
    print(f"model: {model_label(model_path)} (loaded in {time.perf_counter() - started:.1f} s)")

    if not args.skip_build:
        print("build:", measure_build(model_path, embedder))
    print(f"embedding throughput: {measure_throughput(embedder):.1f} passages/s")

    layout = IndexLayout(Path(os.environ.get("ASSISTANT_INDEX_DIR") or ROOT / "index" / "data"))
    build_index(layout, model_label(model_path), lambda: embedder, progress=False)
    index = HybridIndex(layout, embedder)
    questions = load_questions(args.questions)
    print(f"chunks: {len(index)}, questions: {len(questions)}")
    print(f"{'mode':14} {'R@1':>6} {'R@3':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7}")
    for mode, fusion in (("keyword", "convex"), ("dense", "convex"), ("hybrid", "rrf"), ("hybrid", "convex")):
        report = evaluate_retrieval(questions, lambda q: [h.chunk.text for h in search(index, q, 10, mode=mode, fusion=fusion)])
        s = report.summary()
        label = mode if mode != "hybrid" else f"hybrid-{fusion}"
        print(f"{label:14} {s['recall@1']:6.3f} {s['recall@3']:6.3f} {s['recall@5']:6.3f} {s['recall@10']:6.3f} {s['mrr@10']:7.3f}")

    report = evaluate_retrieval(questions, bm25s_search(index))
    s = report.summary()
    print(f"{'keyword-bm25s':14} {s['recall@1']:6.3f} {s['recall@3']:6.3f} {s['recall@5']:6.3f} {s['recall@10']:6.3f} {s['mrr@10']:7.3f}")

    encode_ms = []
    for _ in range(args.rounds):
        for item in questions:
            t = time.perf_counter()
            embedder.embed_queries([clean_query(item["question"])])
            encode_ms.append((time.perf_counter() - t) * 1000)

    import requests

    # The service runs in its own process, as in production: a client in the same process
    # would compete with it for the GIL and inflate the latency (measured: +14 ms per request).
    port = free_port()
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(layout.root), "ASSISTANT_DATA_DIR": tempfile.mkdtemp(prefix="bench-data-")}
    server = subprocess.Popen(
        [sys.executable, "-c", "from assistant.cli.main import main; main()", "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    session = requests.Session()
    deadline = time.monotonic() + 120
    while True:
        try:
            if session.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("the service did not start")
        time.sleep(0.5)
    session.post(f"http://127.0.0.1:{port}/api/search", json={"query": "warm-up"}, timeout=30)
    timings: dict[str, list[float]] = {"search": [], "ask": []}
    base = f"http://127.0.0.1:{port}/api"
    for _ in range(args.rounds):
        for item in questions:
            for name, body in (("search", {"query": item["question"], "k": 10}), ("ask", {"question": item["question"]})):
                t = time.perf_counter()
                response = session.post(f"{base}/{name}", json=body, timeout=30)
                timings[name].append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, response.text
    server.terminate()
    server.wait(timeout=30)
    enc50, enc95 = statistics.median(encode_ms), percentile(encode_ms, 95)
    print(f"query encoding: p50 {enc50:.1f} ms, p95 {enc95:.1f} ms")
    for name, target in (("search", 2.5), ("ask", 3.0)):
        p50, p95 = statistics.median(timings[name]), percentile(timings[name], 95)
        print(f"/api/{name} over HTTP: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(timings[name])} requests); "
              f"p95 / encoding p50 = {p95 / enc50:.2f} (target <= {target})")


if __name__ == "__main__":
    main()
