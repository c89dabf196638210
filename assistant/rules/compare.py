"""Compare gemeenten on one topic: each gemeente's best articles side by side, plus the verkenning.

For every gemeente only its own imported rules in force on the peildatum are searched, with the
topic's synonyms as extra keywords. An article must name the topic (or a synonym) to count: the
dense ranking alone always returns something, also for a gemeente whose rules say nothing about
the topic, and then "no match" is the honest answer.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

from index.units import split_units
from assistant.rules.filters import format_date, municipal_rules_of, same_gemeente
from assistant.rules.gemeenten import has_rules_in
from knowledge.documents import document_ref
from index.analysis import Analyzer
from index.search import Hit, HybridIndex
from knowledge.documents import Chunk, Document
from knowledge.overheid_xml import strip_gemeente
from knowledge.sources import Fact
from knowledge.topics import Topic, TopicCatalog, default_catalog

MAX_ARTICLES = 3
MAX_PASSAGES = 3
# The filter selects rows inside both indexes; a wide net of candidates from the gemeente's own
# articles lets the topic match pick among all of them (cheap: one gemeente's rows are few).
CANDIDATES = 2000


@dataclass(frozen=True)
class Citation:
    chunk_id: str
    text: str
    quote: str  # verbatim part of `text`: the sentence that best matches the topic
    section: str | None
    label: str | None  # e.g. "Artikel 3.2 lid 2 — Beleidsregels ... — gemeente Noordwaard"
    url: str | None  # deep link to the article when the source has one
    document: Document


@dataclass(frozen=True)
class GemeenteResult:
    gemeente: str
    found: bool
    has_rules: bool
    articles: tuple[Citation, ...]
    message: str | None  # Dutch sentence when nothing was found


@dataclass(frozen=True)
class Comparison:
    topic: str
    topic_id: str | None
    topic_name: str
    peildatum: date
    gemeenten: tuple[GemeenteResult, ...]
    verkenning: tuple[Citation, ...]  # what the national sources say about differences
    facts: tuple[Fact, ...]  # the topic's facts from the seed documents


def compare(index: HybridIndex, topic: str, gemeenten: list[str], peildatum: date,
            catalog: TopicCatalog | None = None) -> Comparison:
    catalog = catalog or default_catalog()
    found_topic = catalog.topic_for(topic)
    extra = catalog.expand(topic)
    analyzer = getattr(index, "analyzer", None) or Analyzer()
    terms = set(analyzer.analyse(" ".join([topic, *extra])))
    results = tuple(compare_one(index, name, topic, extra, terms, analyzer, peildatum, found_topic)
                    for name in unique_names(index, gemeenten))
    facts = found_topic.facts if found_topic else ()
    # A passage that only repeats a fact's quote adds nothing next to that fact.
    passages = tuple(p for p in verkenning_passages(index, topic, extra, terms, analyzer, catalog)
                     if not any(p.quote in f.quote or f.quote in p.quote for f in facts))
    return Comparison(topic, found_topic.id if found_topic else None,
                      found_topic.name if found_topic else topic, peildatum, results, passages, facts)


def unique_names(index: HybridIndex, gemeenten: list[str]) -> list[str]:
    """Spelled as the imported rules spell them; the same gemeente twice counts once."""
    known = {d.gemeente for d in index.documents.values() if d.gemeente}
    names: list[str] = []
    for raw in gemeenten:
        name = next((k for k in known if same_gemeente(k, raw)), strip_gemeente(raw) or "")
        if name and not any(same_gemeente(name, n) for n in names):
            names.append(name)
    return names


def compare_one(index: HybridIndex, gemeente: str, topic: str, extra: list[str], terms: set[str],
                analyzer: Analyzer, peildatum: date, found_topic: Topic | None) -> GemeenteResult:
    loaded = has_rules_in(index, gemeente)
    hits = index.search(topic, k=MAX_ARTICLES * 5, eligible=municipal_rules_of(gemeente, peildatum),
                        extra_terms=extra, candidates=min(CANDIDATES, max(len(index), 1)))
    articles = best_articles([h for h in hits if is_about(h, found_topic, own_terms(topic, analyzer), analyzer)])
    if articles:
        return GemeenteResult(gemeente, True, loaded, tuple(cite(h.chunk, h.document, terms, analyzer)
                                                            for h in articles), None)
    subject = found_topic.name.lower() if found_topic else topic
    if not loaded:
        message = f"Van de gemeente {gemeente} zijn geen regels geladen."
    elif not any(municipal_rules_of(gemeente, peildatum)(d) for d in index.documents.values()):
        message = f"Van de gemeente {gemeente} is op {format_date(peildatum)} geen geladen regeling van kracht."
    else:
        message = f"Geen bepaling gevonden: in de geladen regels van de gemeente {gemeente} staat geen artikel over {subject}."
    return GemeenteResult(gemeente, False, loaded, (), message)


def is_about(hit: Hit, topic: Topic | None, terms: set[str] | None = None,
             analyzer: Analyzer | None = None) -> bool:
    """A known topic must be named (or a synonym) in the passage or its heading. An unknown
    topic's words must all occur in it: the dense ranking alone always finds something, and a
    passage sharing one word ("hulp") is not about "hulp bij het vervoer naar school"."""
    text = f"{hit.chunk.section or ''}\n{hit.chunk.text}"
    if topic is not None:
        return topic.first_mention(text) is not None
    if hit.keyword_rank is None:
        return False
    if not terms or analyzer is None:
        return True
    return terms <= set(analyzer.analyse(text))


def best_articles(hits: list[Hit]) -> list[Hit]:
    """Article chunks that still apply; one chunk per article, best first."""
    seen: set[tuple[str, object]] = set()
    chosen: list[Hit] = []
    for hit in hits:
        chunk = hit.chunk
        if chunk.kind != "article" or chunk.meta.get("lapsed"):
            continue
        key = (chunk.document_id, chunk.meta.get("article_index") or chunk.id)
        if key not in seen:
            seen.add(key)
            chosen.append(hit)
        if len(chosen) == MAX_ARTICLES:
            break
    return chosen


def verkenning_passages(index: HybridIndex, topic: str, extra: list[str], terms: set[str],
                        analyzer: Analyzer, catalog: TopicCatalog) -> tuple[Citation, ...]:
    """Passages of the verkenning on the topic. For a known topic, other seed documents that
    name it when the verkenning does not; an unknown topic is looked up in the verkenning only,
    so a letter that merely shares a word is never shown as what the verkenning says."""
    found_topic = catalog.topic_for(topic)
    wanted = catalog.verkenning_document_id
    scopes = [lambda d: d.id == wanted] if wanted in index.documents else []
    if found_topic is not None:
        scopes.append(lambda d: True)
    for scope in scopes:
        hits = index.search(topic, k=MAX_PASSAGES * 4, extra_terms=extra,
                            candidates=min(CANDIDATES, max(len(index), 1)),
                            eligible=lambda d, scope=scope: d.origin == "corpus" and scope(d))
        relevant = [h for h in hits if is_about(h, found_topic, own_terms(topic, analyzer), analyzer)]
        if relevant:
            return tuple(cite(h.chunk, h.document, terms, analyzer) for h in relevant[:MAX_PASSAGES])
    return ()


def own_terms(topic: str, analyzer: Analyzer) -> set[str]:
    """The stems of the topic as typed, without its synonyms."""
    return set(analyzer.analyse(topic))


def cite(chunk: Chunk, document: Document, terms: set[str], analyzer: Analyzer) -> Citation:
    return Citation(chunk.id, chunk.text, best_sentence(chunk, terms, analyzer), chunk.section,
                    chunk.meta.get("label"), chunk.meta.get("url") or document.url, document)


def sentences(chunk: Chunk) -> list[str]:
    """Verbatim sentences and rows of a chunk; an article's first line is its heading."""
    skip = chunk.text.find("\n") + 1 if chunk.kind == "article" and "\n" in chunk.text else 0
    return [u.statement for u in split_units(0, chunk.text) if u.start >= skip]


def best_sentence(chunk: Chunk, terms: set[str], analyzer: Analyzer) -> str:
    """The sentence sharing most topic terms; the first sentence when none shares any."""
    options = sentences(chunk) or [chunk.text.strip()]
    scores = [len(terms & set(analyzer.analyse(s))) for s in options]
    return options[scores.index(max(scores))]


def citation_json(citation: Citation) -> dict:
    return {"chunk_id": citation.chunk_id, "label": citation.label, "quote": citation.quote,
            "text": citation.text, "section": citation.section, "url": citation.url,
            "document": document_ref(citation.document)}


def comparison_json(comparison: Comparison) -> dict:
    return {
        "topic": comparison.topic, "topic_id": comparison.topic_id, "topic_name": comparison.topic_name,
        "peildatum": comparison.peildatum.isoformat(),
        "gemeenten": [{"gemeente": r.gemeente, "found": r.found, "has_rules": r.has_rules,
                       "message": r.message, "articles": [citation_json(a) for a in r.articles]}
                      for r in comparison.gemeenten],
        "verkenning": [citation_json(p) for p in comparison.verkenning],
        "facts": [{"text": f.text, "quote": f.quote, "chunk_id": f.chunk_id,
                   "document": document_ref(f.document)} for f in comparison.facts],
    }


def comparison_table(comparison: Comparison, width: int = 100) -> str:
    """Plain text: one row per article, gemeenten below each other, then the verkenning."""
    left, middle = 18, 30
    right = max(20, width - left - middle - 4)
    head = f"{'Gemeente':<{left}}  {'Artikel':<{middle}}  Citaat"
    lines = [f"{comparison.topic_name} — peildatum {format_date(comparison.peildatum)}", "", head,
             "-" * min(width, len(head) + right)]
    for result in comparison.gemeenten:
        rows = [(a.label.split(" — ")[0] if a.label else a.section or "", a.quote) for a in result.articles]
        for n, (article, quote) in enumerate(rows or [("—", result.message or "")]):
            cells = [textwrap.wrap(result.gemeente if n == 0 else "", left) or [""],
                     textwrap.wrap(article, middle) or [""], textwrap.wrap(quote, right) or [""]]
            for i in range(max(map(len, cells))):
                parts = [c[i] if i < len(c) else "" for c in cells]
                lines.append(f"{parts[0]:<{left}}  {parts[1]:<{middle}}  {parts[2]}".rstrip())
        lines.append("")
    if comparison.verkenning or comparison.facts:
        lines.append("Wat de landelijke bronnen zeggen over verschillen:")
        for fact in comparison.facts:
            lines.extend(textwrap.wrap(f"- {fact.text} ({fact.document.title})", width, subsequent_indent="  "))
        for passage in comparison.verkenning:
            lines.extend(textwrap.wrap(f"- “{passage.quote}” ({passage.document.title}, {passage.section or ''})",
                                       width, subsequent_indent="  "))
    return "\n".join(lines).rstrip() + "\n"
