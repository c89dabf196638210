"""Follow-up questions: is the last turn of each conversation answered about the right subject?

Each conversation in benchmarks/data/conversations.jsonl has two or three turns; the last one
either leans on the one before ("en wie betaalt dat?") or starts a new subject. A conversation
counts as resolved when the last answer cites a passage that holds one of its gold quotes.

    .venv/bin/python benchmarks/conversations.py [--cv-fold-free]
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import create_app  # noqa: E402
from assistant.answers.evaluation import normalise  # noqa: E402
from index.embedder import default_model_path, load_embedder  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "conversations.jsonl"


def run(app, conversations: list[dict]) -> tuple[int, list[str]]:
    client = app.test_client()
    resolved, misses = 0, []
    for conversation in conversations:
        conversation_id = None
        body: dict = {}
        for turn in conversation["turns"]:
            payload = {"question": turn, **({"conversation_id": conversation_id} if conversation_id else {})}
            body = client.post("/api/ask", json=payload).get_json()
            conversation_id = body.get("conversation_id")
        golds = [normalise(q) for q in conversation["gold_quotes"]]
        ok = body.get("status") == "answered" and any(
            any(g in normalise(c["text"]) for g in golds) for c in body.get("citations", []))
        resolved += ok
        if not ok:
            misses.append(f"{conversation['id']} status={body.get('status')} last={conversation['turns'][-1]}")
    return resolved, misses


def main() -> None:
    conversations = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    app = create_app({"EMBEDDER": load_embedder(default_model_path()), "DATA_DIR": tempfile.mkdtemp(), "RATE_LIMIT": "off"})
    resolved, misses = run(app, conversations)
    print(json.dumps({"conversations": len(conversations), "resolved": resolved,
                      "resolved_rate": round(resolved / len(conversations), 3)}))
    for miss in misses:
        print("  miss:", miss)


if __name__ == "__main__":
    main()
