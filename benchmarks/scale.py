"""Scale benchmark: generated Wmo regulations of many gemeenten, imported and built through the
project's own import and build (stand-in embedder), then searched, asked over HTTP and re-imported.

    python benchmarks/scale.py                          # 10k, 100k and 300k passages: a table
    python benchmarks/scale.py --sizes 10000 --json     # one JSON object per size
    python benchmarks/scale.py --workdir /tmp/scale     # keeps the imported sets for the next run

Each stage that is measured for memory or load time (build, load + search, re-import) runs in its
own process, so its peak RSS is its own. Search times exclude query encoding (the stand-in
embedder takes microseconds); `encode_p50_ms` is the real model's query encoding, measured once.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.cvdr_generator import gemeente_names, questions, regulations  # noqa: E402
from index.embedder import HASHING_NAME, load_embedder  # noqa: E402
from index.imports import import_documents  # noqa: E402
from index.layout import IndexLayout  # noqa: E402
from knowledge.cvdr import parse_cvdr  # noqa: E402

GEMEENTEN = 342
PASSAGES_PER_GEMEENTE = 900
SIZES = (10_000, 100_000, 300_000)
REWORDED = 0.1  # share of one gemeente's passages changed for the re-import


def gemeenten_for(size: int) -> int:
    """All 342 at full size; fewer at smaller sizes, so each keeps ~900 passages like a real one."""
    return max(2, min(GEMEENTEN, round(size / PASSAGES_PER_GEMEENTE)))


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """This process's own peak (VmHWM). Not ru_maxrss: Linux keeps that across exec, so a stage
    would report the parent's peak (the real model loaded for the encoding yardstick)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timing(prefix: str, values: list[float]) -> dict:
    return {f"{prefix}_p50_ms": round(statistics.median(values), 2), f"{prefix}_p95_ms": round(percentile(values, 95), 2),
            f"{prefix}_p99_ms": round(percentile(values, 99), 2)}


# --- stages, each run in its own process -------------------------------------------------------

def import_set(folder: Path, size: int) -> None:
    """Generate and import the set once; a marker file lets later runs reuse it."""
    marker = folder / "imported.json"
    if marker.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    layout = IndexLayout(folder / "index")
    batch: list = []
    gemeente = None
    for generated in regulations(size, gemeenten_for(size)):
        if generated.gemeente != gemeente and batch:
            import_documents(layout, batch)
            batch = []
        gemeente = generated.gemeente
        batch.append(parse_cvdr(generated.xml.encode()))
    import_documents(layout, batch)
    marker.write_text(json.dumps({"size": size, "gemeenten": gemeenten_for(size)}))


def stage_build(folder: Path) -> dict:
    """A full build from an empty index directory (imports kept, embedding cache emptied)."""
    from index.build import build_index

    layout = IndexLayout(folder / "index")
    for name in ("builds", "current", "embeddings.db"):
        path = layout.root / name
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path)
    report = build_index(layout, HASHING_NAME, lambda: load_embedder(HASHING_NAME), progress=False)
    build = Path(report.build_dir)
    disk = sum(p.stat().st_size for p in build.iterdir())
    return {"passages": report.chunks, "documents": report.documents, "build_s": round(report.seconds, 1),
            "build_peak_rss_mb": round(peak_rss_mb()), "disk_mb": round(disk / 2**20)}


def stage_measure(folder: Path, count: int) -> dict:
    """Load, then search: unfiltered, filtered by gemeente, and the graph's recall against exact."""
    from assistant.answers.retrieval import search
    from index.search import HybridIndex

    layout = IndexLayout(folder / "index")
    embedder = load_embedder(HASHING_NAME)
    started = time.perf_counter()
    index = HybridIndex(layout, embedder)
    load_s = time.perf_counter() - started
    rss_after_load = rss_mb()
    asked = questions(count)
    names = gemeente_names(json.loads((folder / "imported.json").read_text())["gemeenten"])
    rng = random.Random(5)
    places = [rng.choice(names) for _ in asked] + ["Nergenshuizen"]  # one gemeente without rules
    for question in asked[:10]:
        search(index, question, 10)  # warm-up: page in the memory-mapped arrays
    plain, filtered, foreign, empty, own = [], [], 0, 0, 0
    # CPU time of the searching thread too: on a shared machine wall time includes waiting for a core.
    plain_cpu, filtered_cpu = [], []
    for question, place in zip(asked, places):
        t, c = time.perf_counter(), time.thread_time()
        search(index, question, 10)
        plain.append((time.perf_counter() - t) * 1000)
        plain_cpu.append((time.thread_time() - c) * 1000)
        t, c = time.perf_counter(), time.thread_time()
        hits = search(index, question, 10, gemeente=place)
        filtered.append((time.perf_counter() - t) * 1000)
        filtered_cpu.append((time.thread_time() - c) * 1000)
        empty += not hits
        own += any(h.document.gemeente == place for h in hits)
        foreign += sum(1 for h in hits if h.document.origin == "import" and h.document.gemeente not in (None, place))
    t = time.perf_counter()
    search(index, asked[0], 10, gemeente=places[-1])
    filtered.append((time.perf_counter() - t) * 1000)
    vectors = embedder.embed_queries(asked)
    found = sum(len({r for r, _ in index.vectors.search(v, 10)} & {r for r, _ in index.vectors.exact(v, 10)}) for v in vectors)
    lapsed = sum(1 for d in index.documents.values() if d.valid_to and d.valid_to < date.today().isoformat())
    return {"load_s": round(load_s, 2), "rss_after_load_mb": round(rss_after_load), **timing("search", plain),
            **timing("filtered", filtered), **timing("search_cpu", plain_cpu), **timing("filtered_cpu", filtered_cpu),
            "load_average": round(os.getloadavg()[0], 1), "vector_recall_at_10": round(found / (10 * len(vectors)), 3),
            "approximate": index.vectors.approximate, "filtered_foreign_hits": foreign, "filtered_empty": empty,
            "filtered_with_own_rules": round(own / len(asked), 3),
            "lapsed_documents": lapsed, "queries": len(asked)}


def stage_reimport(folder: Path) -> dict:
    """One gemeente's regulations re-imported with REWORDED of its passages changed, then built."""
    from index.build import build_index

    layout = IndexLayout(folder / "index")
    size = json.loads((folder / "imported.json").read_text())["size"]
    gemeente = gemeente_names(json.loads((folder / "imported.json").read_text())["gemeenten"])[0]
    rng = random.Random(int(time.time()))
    pairs = []
    for generated in regulations(size, gemeenten_for(size)):
        if generated.gemeente != gemeente:
            break
        document, chunks = parse_cvdr(generated.xml.encode())
        pairs.append((document, [c if rng.random() > REWORDED else replace(c, text=f"{c.text} Gewijzigd {rng.random():.6f}.")
                                 for c in chunks]))
    embedder = TimedEmbedder(load_embedder(HASHING_NAME))
    started = time.perf_counter()
    import_documents(layout, pairs)
    report = build_index(layout, HASHING_NAME, lambda: embedder, progress=False)
    seconds = time.perf_counter() - started
    return {"reimport_s": round(seconds - embedder.seconds, 1), "reimport_embedded": report.embedded,
            "reimport_passages": sum(len(c) for _, c in pairs), "reimport_peak_rss_mb": round(peak_rss_mb())}


class TimedEmbedder:
    """Counts the seconds spent embedding, which the re-import target excludes."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim, self.seconds = inner, inner.name, inner.dim, 0.0

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts, show_progress=False):
        started = time.perf_counter()
        try:
            return self.inner.embed_passages(texts)
        finally:
            self.seconds += time.perf_counter() - started


def stage_http(folder: Path, count: int) -> dict:
    """/api/ask over HTTP against the service in its own process (`assistant serve`)."""
    import requests

    port = free_port()
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(folder / "index"), "ASSISTANT_EMBEDDING_MODEL": HASHING_NAME,
           "ASSISTANT_DATA_DIR": tempfile.mkdtemp(prefix="scale-data-"), "ASSISTANT_RATE_LIMIT": "off"}
    server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        session, base = requests.Session(), f"http://127.0.0.1:{port}/api"
        deadline = time.monotonic() + 120
        while True:
            try:
                if session.get(f"{base}/health", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the service did not start")
            time.sleep(0.3)
        names = gemeente_names(json.loads((folder / "imported.json").read_text())["gemeenten"])
        rng = random.Random(9)
        timings = []
        for n, question in enumerate(questions(count, seed=4)):
            body = {"question": question, **({"gemeente": rng.choice(names)} if n % 2 else {})}
            t = time.perf_counter()
            response = session.post(f"{base}/ask", json=body, timeout=60)
            timings.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"/api/ask failed: {response.status_code} {response.text[:200]}")
        return timing("ask", timings[5:])
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def encode_p50_ms(count: int = 50) -> float | None:
    """The real model's bare query encoding, the yardstick of the /api/ask target."""
    try:
        from index.embedder import default_model_path

        embedder = load_embedder(default_model_path())
    except Exception:  # no converted model on this machine: the yardstick is left out
        return None
    asked = questions(count)
    embedder.embed_queries(asked[:3])
    times = []
    for question in asked:
        t = time.perf_counter()
        embedder.embed_queries([question])
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


STAGES = {"build": stage_build, "measure": stage_measure, "reimport": stage_reimport, "http": stage_http}


def run_stage(name: str, folder: Path, count: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--stage", name, "--folder", str(folder), "--queries", str(count)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"stage {name} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_size(size: int, workdir: Path, count: int, encode: float | None, http: bool) -> dict:
    folder = workdir / str(size)
    started = time.perf_counter()
    import_set(folder, size)
    row = {"size": size, "gemeenten": gemeenten_for(size), "import_s": round(time.perf_counter() - started, 1)}
    row.update(run_stage("build", folder, count))
    row.update(run_stage("measure", folder, count))
    if http:
        row.update(run_stage("http", folder, min(count, 100)))
    row.update(run_stage("reimport", folder, count))
    row["encode_p50_ms"] = encode
    row["targets"] = targets(row)
    return row


def targets(row: dict) -> dict:
    """The issue's targets, each True/False (None when not measured)."""
    encode = row.get("encode_p50_ms")
    ask = row.get("ask_p95_ms")
    return {
        "search_p95<=25ms": row["search_p95_ms"] <= 25,
        "filtered<=1.5x": row["filtered_p95_ms"] <= 1.5 * row["search_p95_ms"],
        "ask<=3x_encode+25ms": None if ask is None or encode is None else ask <= 3 * encode + 25,
        "recall>=0.95": row["vector_recall_at_10"] >= 0.95,
        "rss<=1GB": row["rss_after_load_mb"] <= 1024,
        "build_peak<=2GB": row["build_peak_rss_mb"] <= 2048,
        "load<=5s": row["load_s"] <= 5,
        "reimport<=15s": row["reimport_s"] <= 15,
    }


COLUMNS = (("passages", "passages", "{:,}"), ("faiss", "approximate", "{}"), ("search p50/p95/p99 ms", "search", "{}"),
           ("filtered p50/p95/p99 ms", "filtered", "{}"), ("CPU p95 ms (search / filtered)", "cpu", "{}"),
           ("ask p95 ms", "ask_p95_ms", "{}"),
           ("recall@10", "vector_recall_at_10", "{}"), ("RSS MB", "rss_after_load_mb", "{}"), ("load s", "load_s", "{}"),
           ("disk MB", "disk_mb", "{}"), ("build s", "build_s", "{}"), ("build peak MB", "build_peak_rss_mb", "{}"),
           ("re-import s", "reimport_s", "{}"))


def cell(row: dict, key: str, pattern: str) -> str:
    if key in ("search", "filtered"):
        return " / ".join(f"{row[f'{key}_p{p}_ms']:.1f}" for p in (50, 95, 99))
    if key == "cpu":
        return f"{row['search_cpu_p95_ms']:.1f} / {row['filtered_cpu_p95_ms']:.1f}"
    if key == "approximate":
        return "IVF" if row[key] else "flat"
    value = row.get(key)
    return "-" if value is None else pattern.format(value)


def print_table(rows: list[dict]) -> None:
    print("| " + " | ".join(title for title, _, _ in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(cell(row, key, pattern) for _, key, pattern in COLUMNS) + " |")
    encode = rows[0].get("encode_p50_ms") if rows else None
    print(f"\nload average during the searches: {', '.join(str(r['load_average']) for r in rows)} (2 cores)")
    print(f"\nquery encoding (real model) p50: {encode if encode is not None else '-'} ms")
    for row in rows:
        missed = [name for name, ok in row["targets"].items() if ok is False]
        print(f"{row['passages']:,} passages: {'all targets met' if not missed else 'missed: ' + ', '.join(missed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated passage counts")
    parser.add_argument("--json", action="store_true", help="one JSON object per size instead of the table")
    parser.add_argument("--workdir", type=Path, help="keep generated sets here (default: a temporary directory)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-http", action="store_true", help="skip /api/ask over HTTP")
    parser.add_argument("--no-encode", action="store_true", help="skip the real model's encoding time")
    parser.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        result = STAGES[args.stage](args.folder) if args.stage in ("build", "reimport") else STAGES[args.stage](args.folder, args.queries)
        print(json.dumps(result))
        return

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="scale-"))
    encode = None if args.no_encode else encode_p50_ms()
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            row = measure_size(size, workdir, args.queries, encode, not args.no_http)
            rows.append(row)
            if args.json:
                print(json.dumps(row), flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if not args.json:
        print_table(rows)


if __name__ == "__main__":
    main()
