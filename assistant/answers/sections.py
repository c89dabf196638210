"""List answers from a document's own headings: "Wat zijn de zes principes?" is answered by the
sections "Principe 1 – Gelijkheid" ... "Principe 6 – ...", each cited by its first sentence."""
from __future__ import annotations

import re

from assistant.answers.citations import Answer, Citation
from index.units import split_units
from assistant.answers.question import Question
from assistant.answers.relevance import NUMBER, content_stems, mentioned_in, named_entities
from knowledge.documents import document_ref
from assistant.answers.selection import LIST_QUESTION
from index.search import Hit, HybridIndex
from knowledge.documents import Chunk

MIN_SECTIONS = 3
MAX_SECTIONS = 10


def section_list(index: HybridIndex, question: Question, hits: list[Hit]) -> Answer | None:
    """An answer listing sibling sections whose heading starts with a word of the question, or
    None when the question does not ask for a list or no document has such sections."""
    if not LIST_QUESTION.search(question.search_text):
        return None
    stems = listed_stems(question.search_text, index)
    if not stems:
        return None
    for document_id in dict.fromkeys(h.document.id for h in hits[:4]):
        sections = matching_sections(index.document_chunks(document_id), stems, index)[:MAX_SECTIONS]
        document = index.documents[document_id]
        listed = " ".join([document.title, document.organisation or "", *(c.text for _, c in sections)])
        # Named things in the question ("in de Grondwet") must be what these sections are about.
        if len(sections) >= MIN_SECTIONS and mentioned_in(listed, named_entities(question.search_text)):
            return list_answer(sections, document)
    return None


def listed_stems(text: str, index: HybridIndex) -> set[str]:
    """Stems of what the question asks to be listed: the first content word after "welke" /
    "wat zijn" ("de zes principes": principes). Only sections headed by that thing form the list;
    a heading that starts with any other word of the question ("Hulp ...") is not what was asked."""
    asked = LIST_QUESTION.search(text)
    if asked is None:
        return set()
    words = [w for w in re.findall(r"[\w'-]+", text[asked.end():])
             if w.lower() not in ARTICLES and not NUMBER.fullmatch(w) and content_stems(w, index)]
    return content_stems(words[0], index) if words else set()


ARTICLES = frozenset({"de", "het", "een", "die", "deze", "dat", "dit"})


def matching_sections(chunks: list[Chunk], stems: set[str], index: HybridIndex) -> list[tuple[str, Chunk]]:
    """(heading, first passage) of each section whose own heading starts with a question word,
    among siblings: the largest group under one parent heading whose headings open with the same
    word ("Principe 1 – …", "Principe 2 – …"). Headings that only share a stem across a document
    ("3.3 Hulp-op-maat", "5.1 Hulp in natura", the glossary's "Hulpvraag") are no list."""
    groups: dict[tuple[str, str], dict[str, Chunk]] = {}
    for chunk in chunks:
        parent, _, leaf = (chunk.section or "").rpartition(" > ")
        first_word = re.sub(r"^[\d.\s]+", "", leaf).split(" ")[0] if leaf else ""
        if chunk.kind == "footnote" or not first_word or NUMBER.fullmatch(first_word):
            continue
        if any(shares_stem(word, stem) for word in index.analyse(first_word) for stem in stems):
            groups.setdefault((parent, first_word.casefold()), {}).setdefault(leaf, chunk)
    return list(max(groups.values(), key=len, default={}).items())


def shares_stem(a: str, b: str) -> bool:
    """The stemmer leaves "principes" but cuts "principe" to "princip": compare by prefix."""
    shorter = min(len(a), len(b))
    return a == b or (shorter >= 5 and a[:shorter] == b[:shorter])


def list_answer(sections: list[tuple[str, Chunk]], document) -> Answer | None:
    lines: list[str] = []
    citations: list[Citation] = []
    for heading, chunk in sections:
        # The first sentence that says something: a passage may open with its own heading.
        first = next((u for u in split_units(0, chunk.text) if u.kind == "sentence"
                      and u.rendered.strip(" .:") != heading.strip(" .:")), None)
        if first is None:
            continue
        n = len(citations) + 1
        lines.append(f"- {heading}: {first.rendered} [{n}]")
        citations.append(Citation(n, chunk.id, chunk.text, first.quote, chunk.section, document_ref(document)))
    if len(citations) < MIN_SECTIONS:
        return None
    return Answer("answered", "\n".join(lines), tuple(citations))
