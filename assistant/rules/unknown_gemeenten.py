"""Gemeenten the knowledge base does not know, named where the wording says they are one.

A gemeente without loaded rules is still a gemeente: its name keeps other gemeenten' rules out
of the answer, which then says that its rules are not loaded.
"""
from __future__ import annotations

import re

from assistant.rules.mentions import GemeenteMention, drop_span, remove_phrase
from knowledge.dutch_places import everyday_places, lowercase_places
from knowledge.gemeente_names import country_keys, name_key

# Where the wording says a place is a gemeente: "ik woon in" ("I live in the city of"), "(de)
# gemeente" ("municipality of"), and "in", "te" or "bij" after the first word.
CUES = (r"(?P<who>\b(?:ik|wij|we|i))\s+(?:woon|wonen|live)\s+(?:nu\s+|now\s+)?(?:in|te)\s+"
        r"(?:the\s+(?:city|town|municipality)\s+of\s+)?",
        r"\bgemeente\s+|\b(?:municipality|city|town)\s+of\s+", r"(?<=\S)\s(?:in|te|bij)\s+")
THE_GEMEENTE = r"(?:de\s+gemeente\s+)?"
# A capitalised place name after a cue: "ik woon in Utrecht", "de gemeente Utrecht".
PLACE = r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:aan|op|en|de|den|der)){0,2}(?:\s+[A-Z][\w'’-]+)*)"
UNKNOWN = tuple(re.compile(rf"(?i:{cue}{THE_GEMEENTE})" + PLACE) for cue in CUES)
NOT_A_GEMEENTE = frozenset({"nederland", "europa", "caribisch nederland", "vn", "wmo", "wlz", "jeugdwet"})


def named_as_gemeente(question: str, known: set[str]) -> GemeenteMention | None:
    """A place the wording calls a gemeente ("de gemeente Maasdriel", "the municipality of
    Maasdriel") whose name is not among `known` (name keys): the question is about it even when it
    also names a known gemeente nearby ("Hedel, in the municipality of Maasdriel near Zaltbommel")."""
    for match in UNKNOWN[1].finditer(question):
        name = place_name(match)
        if name is not None and name_key(name) not in known:
            return GemeenteMention(name, False, question)
    return None


def unknown_gemeente(question: str) -> GemeenteMention | None:
    """A capitalised place name after a cue, else a known Dutch place in any case."""
    for pattern in UNKNOWN:
        for match in pattern.finditer(question):
            name = place_name(match)
            if name is not None:
                residence = match.groupdict().get("who") is not None
                return GemeenteMention(name, residence, remove_phrase(question, match) if residence else question)
    return lowercase_place(question)


def place_name(match: re.Match[str]) -> str | None:
    """The name a cue is followed by, unless it is no place: a country, an abbreviation, a law
    ("de gemeente Wmo-ondersteuning": a compound led by a law's name is no place either)."""
    name = re.sub(r"\s+(?:aan|op|en|de|den|der)$", "", match["name"]).strip()
    key = name_key(name)
    if key in NOT_A_GEMEENTE or name_key(name.split("-")[0]) in NOT_A_GEMEENTE or key in country_keys() \
            or re.fullmatch(r"[A-Z]{2,}", name):
        return None
    return name


# The same cues in any case, followed by up to four words that may hold a place name.
ANY_CASE = re.compile(rf"(?i)(?:{'|'.join(CUES)}){THE_GEMEENTE}(?P<words>[\w'’-]+(?:\s+[\w'’-]+){{0,3}})")


def lowercase_place(question: str) -> GemeenteMention | None:
    """"wat kost de wmo taxi in tilburg?", "nijmegen: ...": a Dutch place name after a cue or
    heading the question, in any case (`knowledge.dutch_places`), the longest that fits; after
    "ik woon in" also a place whose name is an everyday word ("leiden", "huizen")."""
    places = lowercase_places()
    heading = re.match(r"\s*([^\W\d_][\w'’ -]{1,40}?)\s*:", question)  # "nijmegen: hoe lang ...?"
    if heading and name_key(heading[1]) in places:
        return GemeenteMention(places[name_key(heading[1])], False, question)
    for match in ANY_CASE.finditer(question):
        words = list(re.finditer(r"[\w'’-]+", match["words"]))
        for n in range(len(words), 0, -1):
            key = name_key(match["words"][:words[n - 1].end()])
            residence = match["who"] is not None
            # "ik woon in leiden": after a residence phrase an everyday word is the place.
            name = places.get(key) or (everyday_places().get(key) if residence else None)
            if name is None:
                continue
            end = match.start("words") + words[n - 1].end()
            return GemeenteMention(name, residence, drop_span(question, match.start(), end, match["who"]) if residence else question)
    return None
