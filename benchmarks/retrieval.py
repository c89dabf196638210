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
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.evaluation import evaluate_retrieval, load_questions, percentile  # noqa: E402
from assistant.retrieval import clean_query  # noqa: E402
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
        report = evaluate_retrieval(questions, lambda q: [h.chunk.text for h in index.search(clean_query(q), 10, mode=mode, fusion=fusion)])
        s = report.summary()
        label = mode if mode != "hybrid" else f"hybrid-{fusion}"
        print(f"{label:14} {s['recall@1']:6.3f} {s['recall@3']:6.3f} {s['recall@5']:6.3f} {s['recall@10']:6.3f} {s['mrr@10']:7.3f}")

    encode_ms = []
    for _ in range(args.rounds):
        for item in questions:
            t = time.perf_counter()
            embedder.embed_queries([clean_query(item["question"])])
            encode_ms.append((time.perf_counter() - t) * 1000)

    import requests
    from waitress.server import create_server

    from assistant import create_app

    app = create_app({"INDEX_DIR": str(layout.root), "EMBEDDER": embedder})
    port = free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    session = requests.Session()
    url = f"http://127.0.0.1:{port}/api/search"
    session.post(url, json={"query": "warm-up"}, timeout=30)
    http_ms = []
    for _ in range(args.rounds):
        for item in questions:
            t = time.perf_counter()
            response = session.post(url, json={"query": item["question"], "k": 10}, timeout=30)
            http_ms.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.text
    server.close()
    enc50, enc95 = statistics.median(encode_ms), percentile(encode_ms, 95)
    p50, p95 = statistics.median(http_ms), percentile(http_ms, 95)
    print(f"query encoding: p50 {enc50:.1f} ms, p95 {enc95:.1f} ms")
    print(f"/api/search over HTTP: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(http_ms)} requests)")
    print(f"ratio p95 search / p50 encoding: {p95 / enc50:.2f} (target <= 2.5)")


if __name__ == "__main__":
    main()
