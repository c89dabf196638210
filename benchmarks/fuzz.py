"""Fuzz benchmark: schemathesis against `assistant serve` (gunicorn) with every check on.

Runs all operations of /api/openapi.json, admin API included (with its key, rate limits off), and
reports the cases generated, failures by kind, and the 5xx answers seen in the server's own
access log. Target: >= 1,000 cases, 0 server errors, 0 responses that contradict the document.

One exception, stated here rather than hidden: uploads to /api/admin/import are random bytes, not
CVDR/BWB XML, so that operation runs without the "schema-valid request accepted" check (the
schema cannot say what a valid regulation is; the server rightly answers 400).

    python benchmarks/fuzz.py [--max-examples 60] [--hashing] [--no-reindex]
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.server_process import free_port, stop, wait_ready  # noqa: E402

IMPORT = "/api/admin/import"


def schemathesis(url: str, key: str, max_examples: int, report: Path, *selection: str) -> dict:
    st = Path(sys.executable).with_name("st")
    subprocess.run([str(st), "run", f"{url}/api/openapi.json", "--max-examples", str(max_examples), "--no-color",
                    "--seed", "20261127", "-H", f"Authorization: Bearer {key}", "--report", "json",
                    "--report-json-path", str(report), *selection], cwd=report.parent, stdout=subprocess.DEVNULL)
    return json.loads(report.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=60, help="per operation and phase")
    parser.add_argument("--hashing", action="store_true", help="a temporary index with the hashing stand-in (fast)")
    parser.add_argument("--no-reindex", action="store_true",
                        help="leave out POST /api/admin/reindex (a real-model rebuild per case is slow)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="assistant-fuzz-"))
    key = secrets.token_urlsafe(24)
    env = {**os.environ, "ASSISTANT_RATE_LIMIT": "off", "ASSISTANT_ADMIN_KEY": key, "ASSISTANT_DATA_DIR": str(work / "data")}
    if args.hashing:
        env |= {"ASSISTANT_EMBEDDING_MODEL": "hashing-stand-in", "ASSISTANT_INDEX_DIR": str(work / "index")}
        subprocess.run([sys.executable, "-m", "assistant", "build"], env=env, cwd=ROOT, check=True, capture_output=True)
    log = work / "server.log"
    port = free_port()
    with open(log, "ab") as out:
        server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port)], env=env, cwd=ROOT,
                                  stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(server, url, log, timeout=180)
        skip = ["--exclude-path", "/api/admin/reindex"] if args.no_reindex else []
        runs = [schemathesis(url, key, args.max_examples, work / "all.json", "--exclude-path", IMPORT, *skip),
                schemathesis(url, key, args.max_examples, work / "import.json", "--include-path", IMPORT,
                             "--exclude-checks", "positive_data_acceptance")]
    finally:
        stop(server)
    cases = sum(r["test_cases"]["generated"] for r in runs)
    failures = Counter()
    for run in runs:
        for failure in run["failures"]:
            failures[f"{failure['code']} {failure['title']} ({', '.join(failure['operations'])})"] += failure["count"]
    statuses = Counter(json.loads(line)["status"] for line in log.read_text().splitlines() if '"assistant.access"' in line)
    print(f"schemathesis {runs[0]['schemathesis_version']}, {args.max_examples} examples per operation and phase")
    print(f"test cases: {cases}; failures: {sum(failures.values())}")
    for name, count in failures.most_common():
        print(f"  {count:4}  {name}")
    print(f"server answers: {dict(sorted(statuses.items()))}; 5xx: {sum(n for s, n in statuses.items() if s >= 500)}")
    print(f"tracebacks in the server log: {log.read_text().count('Traceback')}")


if __name__ == "__main__":
    main()
