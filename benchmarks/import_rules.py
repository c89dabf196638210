"""Import throughput: 1,000 synthetic CVDR files -> parse + store, then the build's embedding rate.

The target is that importing is never the bottleneck: articles/s for parse + store should be at
least the embedding rate of the build that follows.

    python benchmarks/import_rules.py                      # rate of the real model on a sample
    python benchmarks/import_rules.py --files 200 --articles 12
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tqdm import tqdm  # noqa: E402

from index.build import build_index  # noqa: E402
from index.embedder import HASHING_NAME, default_model_path, load_embedder, model_label  # noqa: E402
from index.imports import import_documents  # noqa: E402
from index.layout import IndexLayout  # noqa: E402
from knowledge.cvdr import parse_cvdr  # noqa: E402
from tests.cvdr_factory import Article, cvdr_xml  # noqa: E402  (the same generator the tests use)

WORDS = ("cliënt college maatwerkvoorziening gebruikelijke hulp huishoudelijke ondersteuning "
         "hulpmiddel rolstoel scootmobiel woningaanpassing parkeerkaart eigen bijdrage "
         "persoonsgebonden budget zorg in natura onderzoek melding aanvraag beschikking "
         "mantelzorger huisgenoten indicatie herindicatie termijn weken maanden kosten tarief "
         "inwoner gemeente verordening beleidsregel zelfredzaamheid participatie").split()
TOPICS = ["Gebruikelijke hulp", "Huishoudelijke ondersteuning", "Hulpmiddelen", "Woonvoorzieningen",
          "Eigen bijdrage", "Persoonsgebonden budget", "Cliëntondersteuning", "Parkeren",
          "Vervoersvoorzieningen", "Begeleiding", "Kortdurend verblijf", "Slotbepalingen"]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 24))
    return " ".join(words).capitalize() + "."


def write_files(folder: Path, files: int, articles: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for n in range(files):
        gemeente = f"Testwaard {n:04d}"
        body = [Article(f"{a + 1}.1", TOPICS[a % len(TOPICS)],
                        tuple(" ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
                              for _ in range(rng.randint(1, 3))))
                for a in range(articles)]
        path = folder / f"CVDR{800000 + n}_1.xml"
        path.write_text(cvdr_xml(800000 + n, 1, gemeente, f"Beleidsregels Wmo {gemeente}", body,
                                 "2024-01-01"), encoding="utf-8")
        paths.append(path)
    return paths


class TimedEmbedder:
    """Wraps an embedder to time only the embedding calls of the build."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.seconds, self.passages = 0.0, 0

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts, show_progress=False):
        started = time.perf_counter()
        vectors = self.inner.embed_passages(texts)
        self.seconds += time.perf_counter() - started
        self.passages += len(texts)
        return vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=10, help="articles per file")
    parser.add_argument("--model", default="default", help="embedding model for the rate: 'default' (the real one) or a path")
    parser.add_argument("--sample", type=int, default=128, help="passages embedded with the real model to measure its rate")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder, layout = Path(tmp) / "xml", IndexLayout(Path(tmp) / "index")
        folder.mkdir()
        paths = write_files(folder, args.files, args.articles)

        started = time.perf_counter()
        pairs = [parse_cvdr(p.read_bytes()) for p in tqdm(paths, desc="parse", unit="bestand")]
        parsed = time.perf_counter()
        report = import_documents(layout, pairs)
        stored = time.perf_counter()
        chunks = sum(len(c) for _, c in pairs)
        articles = sum(len({c.meta["article_index"] for c in cs if c.meta.get("article_index")}) for _, cs in pairs)
        import_rate = articles / (stored - started)

        # The real model's rate on a sample: embedding all ~10,000 passages would take ~15 minutes.
        path = default_model_path() if args.model == "default" else args.model
        loaded = time.perf_counter()
        model = load_embedder(path)
        load_seconds = time.perf_counter() - loaded
        sample = [c.embedding_text for _, cs in pairs for c in cs][: args.sample]
        timed = time.perf_counter()
        model.embed_passages(sample)
        embed_rate = len(sample) / (time.perf_counter() - timed)

        # The whole import is indexed too (stand-in vectors), to show a build of this size works.
        build = build_index(layout, HASHING_NAME, lambda: TimedEmbedder(load_embedder(HASHING_NAME)))

    print(f"files                 {args.files} ({articles} articles, {chunks} chunks; {report.added} added)")
    print(f"parse                 {parsed - started:7.2f} s  {articles / (parsed - started):9.0f} articles/s")
    print(f"store (imports.db)    {stored - parsed:7.2f} s  {articles / (stored - parsed):9.0f} articles/s")
    print(f"parse + store         {stored - started:7.2f} s  {import_rate:9.0f} articles/s")
    print(f"embedding ({model_label(path)}, loaded in {load_seconds:.1f} s) {embed_rate:9.1f} passages/s on {len(sample)} passages")
    print(f"build with stand-in   {build.seconds:7.2f} s  {build.chunks} chunks")
    verdict = "OK" if import_rate >= embed_rate else "SLOWER than embedding"
    print(f"import vs embedding   {import_rate / embed_rate:9.1f}x  {verdict}")


if __name__ == "__main__":
    main()
