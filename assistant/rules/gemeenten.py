"""Recognise the gemeente a question is about, among the gemeenten the knowledge base knows.

Known gemeenten are those of imported rules plus those named in the seed documents. A phrase
like "ik woon in Tubbergen" also tells where the asker lives; that phrase is taken out of the
question, so it does not steer the search towards texts that merely mention the gemeente.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from assistant.rules.filters import gemeente_key, same_gemeente
from assistant.rules.mentions import CUE, GemeenteMention, bounded, name_pattern, remove_phrase
from assistant.rules.unknown_gemeenten import named_as_gemeente, unknown_gemeente
from knowledge.overheid_xml import strip_gemeente
from knowledge.documents import Document
from index.search import SPELLING_CUTOFF, HybridIndex
from knowledge.gemeente_names import adjectives, aliases, name_key
from knowledge.seed_gemeenten import seed_gemeente_names

# Gemeenten whose name is also an everyday word ("best", "buren", "goes"): in lower case they
# only count after a word such as "in" or "gemeente", never on their own.
EVERYDAY_WORDS = frozenset({"beek", "bergen", "best", "buren", "goes", "putten", "sluis", "stein", "vaals"})
RESIDENCE = (
    r"(?P<who>ik|wij|we)\s+(?:woon|wonen)\s+(?:nu\s+)?(?:in|te)\s+(?:de\s+gemeente\s+)?{name}",
    r"(?P<who>ik|wij|we)\s+(?:ben|zijn)\s+(?:een\s+)?(?:inwoner|inwoners)\s+van\s+(?:de\s+gemeente\s+)?{name}",
    r"(?:mijn|onze)\s+(?:woon)?gemeente\s+is\s+(?:de\s+gemeente\s+)?{name}",
    r"(?:in|te)\s+(?:de\s+gemeente\s+)?{name}\s+(?:woon\s+ik|wonen\s+wij|wonen\s+we)",
    r"(?P<who>ik|wij|we)\s+(?:kom|komen)\s+uit\s+(?:de\s+gemeente\s+)?{name}",
    r"woonachtig\s+(?:in|te)\s+(?:de\s+gemeente\s+)?{name}",
)


def known_gemeenten(documents: Iterable[Document] | Mapping[str, Document],
                    seed: Iterable[str] | None = None) -> list[str]:
    """Gemeenten of imported rules plus those named in the seed documents, once each."""
    docs = documents.values() if isinstance(documents, Mapping) else documents
    names = [d.gemeente for d in docs if d.gemeente] + list(seed_gemeente_names() if seed is None else seed)
    unique: dict[str, str] = {}
    for name in filter(None, map(strip_gemeente, names)):
        unique.setdefault(name.casefold(), name)
    return list(unique.values())


def known_gemeenten_of(index: HybridIndex) -> list[str]:
    """`known_gemeenten` of the index's documents, computed once per build."""
    return index.derived("known_gemeenten", lambda: known_gemeenten(index.documents))


@dataclass(frozen=True)
class Matcher:
    """All known names in one alternation, so a question is scanned once, not once per name."""

    names: dict[str, str]  # name_key -> spelling
    any_name: re.Pattern[str]
    residence: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=8)
def matcher(names: tuple[str, ...]) -> Matcher:
    # "'s-Gravenhage" and "Haagse" -> "Den Haag"
    spellings_of = {n: {*aliases(n), n, *(adjectives(n) if len(n.split()[-1]) >= 4 else ())} for n in names}
    spelled = {name_key(a): n for n, forms in spellings_of.items() for a in forms}
    ordered = sorted({a for forms in spellings_of.values() for a in forms}, key=len, reverse=True)
    # "Oude IJsselstreek" before "Oude"
    alternation = "(?P<name>" + "|".join(map(name_pattern, ordered)) + ")" if ordered else "(?P<name>(?!))"
    return Matcher(spelled, re.compile(bounded(alternation), re.IGNORECASE),
                   tuple(re.compile(bounded(t.format(name=alternation)), re.IGNORECASE) for t in RESIDENCE))


def recognise_gemeente(question: str, known: Iterable[str]) -> GemeenteMention | None:
    """The gemeente named in `question` (a residence phrase wins, then the first named)."""
    m = matcher(tuple(known))
    for pattern in m.residence:
        for match in pattern.finditer(question):
            if accepted(question, match):
                name = m.names[name_key(match["name"])]
                return GemeenteMention(name, True, remove_phrase(question, match))
    named = find_gemeenten(question, known)
    if named:
        return named_as_gemeente(question, set(m.names)) or GemeenteMention(named[0], False, question)
    corrected = misspelled_gemeente(question, known)
    if corrected:
        return recognise_gemeente(corrected, known)
    # "Geldermalsen (gemeente West Betuwe)": what the wording calls the gemeente beats the village.
    place, called = unknown_gemeente(question), named_as_gemeente(question, set(m.names))
    return called if called and (place is None or name_key(place.name) != name_key(called.name)) else place


@lru_cache(maxsize=8)
def spellings(known: tuple[str, ...]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Name keys of six letters or more -> name, and those keys by their first two letters."""
    keys = {name_key(n): n for n in known if len(name_key(n)) >= 6}
    by_start: dict[str, list[str]] = {}
    for key in keys:
        by_start.setdefault(key[:2], []).append(key)
    return keys, by_start


def misspelled_gemeente(question: str, known: Iterable[str]) -> str | None:
    """"zaltbomel": the question with a known gemeente of six letters or more spelled right, when
    it is misspelled no worse than the search corrects a word (`SPELLING_CUTOFF`). Only names that
    start with the same two letters and differ in length by two at most are compared, as in the
    search."""
    keys, by_start = spellings(tuple(known))
    words = list(re.finditer(r"[\w'’-]+", question))
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            near = by_start.get(words[i][0][:2].casefold())
            start, end = words[i].start(), words[i + size - 1].end()
            if not near or not any(abs(len(k) - (end - start)) <= 3 for k in near):
                continue  # cheap tests first: most questions hold "de", never "Den Haag" misspelled
            written = name_key(question[start:end])
            candidates = [k for k in near if abs(len(k) - len(written)) <= 2]
            close = difflib.get_close_matches(written, candidates, n=1, cutoff=SPELLING_CUTOFF) if len(written) >= 6 else []
            if close and close[0] != written:
                return question[:start] + keys[close[0]] + question[end:]
    return None


def without_names(text: str, names: Iterable[str]) -> str:
    """`text` without the gemeenten `names`, in any spelling, as adjective ("Haagse") and with a
    leading "(de) gemeente": once the search is limited to a gemeente, its name only finds the
    articles that happen to repeat it (the citation title, the repeal of old rules)."""
    for name in names:
        forms = sorted({name, *aliases(name), *adjectives(name)}, key=len, reverse=True)
        alternation = "|".join(map(name_pattern, forms))
        text = re.sub(bounded(rf"(?:de\s+)?(?:gemeente\s+)?(?:{alternation})"), " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


def spelled_as(text: str, name: str) -> str:
    """Other names of the gemeente written as `name`: the sources say "Den Haag", the question
    may say "'s-Gravenhage"."""
    for alias in aliases(name):
        text = re.sub(bounded(name_pattern(alias)), name, text, flags=re.IGNORECASE)
    return text


# A gemeente named as a landmark ("Geldermalsen, vlak bij Zaltbommel", "Rijswijk, right next to
# The Hague") is not the one asked about: its rules must not answer for the place nearby.
NEARBY = re.compile(r"(?i)\b(?:vlak\s*bij|dicht\s*bij|nabij|naast|in\s+de\s+buurt\s+van|onder\s+de\s+rook\s+van|"
                    r"near|next\s+to|close\s+to|outside(?:\s+of)?)\s+(?:the\s+(?:city|municipality)\s+of\s+|"
                    r"(?:de\s+)?gemeente\s+)?$")

# "de provincie Utrecht", "the province of Groningen": the province, not its capital's gemeente.
PROVINCE = re.compile(r"(?i)\b(?:provincie|province\s+of(?:\s+the)?)\s+$")


def find_gemeenten(question: str, known: Iterable[str]) -> list[str]:
    """Every known gemeente named in `question`, in order: "verschil tussen X en Y"; not one named
    only as a landmark of where the asker is (`NEARBY`)."""
    m = matcher(tuple(known))
    found = [m.names[name_key(x["name"])] for x in m.any_name.finditer(question)
             if accepted(question, x) and not another_place(question[:x.start("name")])]
    return list(dict.fromkeys(found))


def another_place(before: str) -> bool:
    """The words before a gemeente's name say it is not the place asked about: a landmark
    (`NEARBY`) or the province of that name (`PROVINCE`)."""
    return bool(NEARBY.search(before) or PROVINCE.search(before))


def accepted(question: str, match: re.Match[str]) -> bool:
    """An everyday word counts only as written ("Best") or after a cue ("in best")."""
    text = match["name"]
    if name_key(text) not in EVERYDAY_WORDS or text[:1].isupper():
        return True
    before = question[:match.start("name")]
    return bool(re.search(rf"(?<![\w-]){CUE}$", before, re.IGNORECASE))


def has_rules(index_documents: Iterable[Document] | Mapping[str, Document], gemeente: str) -> bool:
    """True when at least one rule of this gemeente has been imported."""
    docs = index_documents.values() if isinstance(index_documents, Mapping) else index_documents
    return any(d.origin == "import" and same_gemeente(d.gemeente, gemeente) for d in docs)


def has_rules_in(index: HybridIndex, gemeente: str) -> bool:
    """`has_rules` against the index's documents, with the gemeenten that have rules found once per build."""
    loaded = index.derived("gemeenten_with_rules", lambda: frozenset(
        key for d in index.documents.values() if d.origin == "import" and (key := gemeente_key(d.gemeente))))
    key = gemeente_key(gemeente)
    return key is not None and key in loaded


def rule_gemeenten_of(index: HybridIndex) -> list[str]:
    """The gemeenten with imported rules, as they spell themselves, computed once per build."""
    return index.derived("rule_gemeenten", lambda: known_gemeenten(index.documents, seed=()))


def no_rules_sentence(gemeente: str, answered: bool = True, english: bool = False) -> str:
    """Says that the gemeente's rules are not loaded; with an answer, also what it rests on."""
    if english:
        rests = " This answer rests on national sources." if answered else ""
        return f"The rules of the municipality of {gemeente} are not loaded yet.{rests}"
    if not answered:
        return f"Van de gemeente {gemeente} zijn nog geen regels geladen."
    return (f"Van de gemeente {gemeente} zijn nog geen regels geladen; dit antwoord steunt op "
            "landelijke bronnen.")


def searched_rules_sentence(gemeente: str, regulations: list[tuple[str, str | None]], english: bool = False) -> str:
    """Says that the gemeente's own rules were searched without an answer, naming them and where to
    read them: a refusal about a gemeente whose rules are loaded is not silent about them."""
    titles = "; ".join(title for title, _ in regulations)
    links = " ".join(url for _, url in regulations if url)
    if english:
        read = f" You can read them in full (in Dutch): {links}" if links else ""
        return f"I searched the rules of the municipality of {gemeente} ({titles}) and found no article that answers this.{read}"
    read = f" U kunt ze zelf helemaal lezen: {links}" if links else ""
    return f"Ik heb de regels van de gemeente {gemeente} doorzocht ({titles}), maar vond geen artikel dat hierop antwoord geeft.{read}"
