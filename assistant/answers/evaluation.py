"""Retrieval evaluation on a question set with gold quotes: recall@k and MRR@10."""
from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

MARKDOWN_PUNCTUATION = re.compile(r"[*_`#>|]")
CUTOFFS = (1, 3, 5, 10)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", MARKDOWN_PUNCTUATION.sub("", text.lower())).strip()


def load_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_all(paths: Iterable[Path]) -> list[dict]:
    """The questions of several sets, one list."""
    return [q for path in paths for q in load_questions(path)]


def first_gold_rank(texts: Sequence[str], gold_quotes: Sequence[str]) -> int | None:
    """1-based rank of the first text containing any gold quote."""
    golds = [normalise(q) for q in gold_quotes]
    for rank, text in enumerate(texts, start=1):
        body = normalise(text)
        if any(g in body for g in golds):
            return rank
    return None


@dataclass
class RetrievalReport:
    questions: int = 0
    ranks: list[int | None] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / max(1, len(self.ranks))

    def mrr(self, k: int = 10) -> float:
        return sum(1 / r for r in self.ranks if r is not None and r <= k) / max(1, len(self.ranks))

    def summary(self) -> dict:
        out = {f"recall@{k}": round(self.recall(k), 3) for k in CUTOFFS}
        out["mrr@10"] = round(self.mrr(10), 3)
        out["questions"] = len(self.ranks)
        if self.latencies_ms:
            out["latency_p50_ms"] = round(statistics.median(self.latencies_ms), 1)
            out["latency_p95_ms"] = round(percentile(self.latencies_ms, 95), 1)
        return out


def evaluate_retrieval(questions: list[dict], search: Callable[[str], Sequence[str]]) -> RetrievalReport:
    """`search` maps a question to ranked chunk texts (at least 10)."""
    report = RetrievalReport()
    for item in questions:
        if not item.get("gold_quotes"):
            continue
        started = time.perf_counter()
        texts = search(item["question"])
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        rank = first_gold_rank(texts, item["gold_quotes"])
        report.ranks.append(rank)
        if rank is None or rank > 1:
            report.misses.append(f"{item['id']} rank={rank} {item['question'][:70]}")
    return report


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * pct / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class AnswerReport:
    answerable: int = 0
    answered: int = 0
    must_include_hits: int = 0
    cited_gold: int = 0
    out_of_scope: int = 0
    refused_correctly: int = 0
    adversarial: int = 0
    adversarial_ok: int = 0
    refused_answerable: int = 0  # answerable but not answered
    related_gold: int = 0  # ... and a passage offered to read instead holds the answer
    excerpt_gold: int = 0  # ... and the line shown under one of those links is (part of) the answer
    server_errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        def rate(part: int, whole: int) -> float:
            return round(part / whole, 3) if whole else 1.0

        return {
            "answered_rate": rate(self.answered, self.answerable),
            "must_include_rate": rate(self.must_include_hits, self.answerable),
            "cited_gold_rate": rate(self.cited_gold, self.answerable),
            "refusal_out_of_scope": rate(self.refused_correctly, self.out_of_scope),
            "adversarial_handled": rate(self.adversarial_ok, self.adversarial),
            "related_gold_when_refused": rate(self.related_gold, self.refused_answerable),
            "excerpt_gold_when_refused": rate(self.excerpt_gold, self.refused_answerable),
            "server_errors": self.server_errors,
            "ask_p50_ms": round(statistics.median(self.latencies_ms), 1) if self.latencies_ms else 0.0,
            "ask_p95_ms": round(percentile(self.latencies_ms, 95), 1),
        }


BSN_LIKE = re.compile(r"\b\d{9}\b")


def evaluate_answers(questions: list[dict], ask: Callable[[str], tuple[int, dict]], stored_bytes: Callable[[], bytes]) -> AnswerReport:
    """`ask` posts a question to /api/ask and returns (status code, JSON body)."""
    report = AnswerReport()
    for item in questions:
        started = time.perf_counter()
        code, body = ask(item["question"])
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        if code >= 500:
            report.server_errors += 1
        status = body.get("status")
        answer = body.get("answer", "")
        citations = body.get("citations", [])
        if item.get("category") == "adversarial":
            report.adversarial += 1
            ok = code < 500 and "<script" not in answer.lower() and "<iframe" not in answer.lower()
            numbers = BSN_LIKE.findall(item["question"])
            ok = ok and not any(n.encode() in stored_bytes() or n in answer for n in numbers)
            report.adversarial_ok += ok
            if not ok:
                report.failures.append(f"{item['id']} adversarial not handled")
        if item.get("answerable"):
            report.answerable += 1
            if status == "answered":
                report.answered += 1
            included = all(normalise(term) in normalise(answer) for term in item.get("must_include", []))
            report.must_include_hits += included and status == "answered"
            golds = [normalise(q) for q in item.get("gold_quotes", [])]
            cited = any(any(g in normalise(c["text"]) for g in golds) for c in citations)
            report.cited_gold += cited
            if status != "answered":
                report.refused_answerable += 1
                report.related_gold += any(any(g in normalise(r["text"]) for g in golds) for r in body.get("related", []))
                report.excerpt_gold += any(excerpt_holds(r.get("excerpt", ""), golds) for r in body.get("related", []))
            if status != "answered" or not included or not cited:
                report.failures.append(f"{item['id']} status={status} include={included} gold={cited}")
        elif item.get("category") == "out_of_scope":
            report.out_of_scope += 1
            correct = status in ("not_found", "refused")
            report.refused_correctly += correct
            if not correct:
                report.failures.append(f"{item['id']} out of scope but answered")
    return report


def excerpt_holds(excerpt: str, golds: list[str]) -> bool:
    """A gold quote stands in the excerpt, or the excerpt (cut or not) in a gold quote."""
    line = normalise(excerpt.removesuffix(" …"))
    return len(line) > 3 and any(g in line or line in g for g in golds)


def merge_reports(reports: Sequence[AnswerReport]) -> AnswerReport:
    """One report over several parts (the folds of a cross-validated evaluation)."""
    merged = AnswerReport()
    for report in reports:
        for name, value in vars(report).items():
            setattr(merged, name, getattr(merged, name) + value)
    return merged
