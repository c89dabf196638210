"""How well a sentence matches a question: term weights, compound-aware matching, answer types."""
from __future__ import annotations

import re
from typing import Protocol

from index.units import Unit
from knowledge.glossary import ABBREVIATIONS
from knowledge.topics import is_topic_abbreviation

# "Wat betaal ik ...?" asks for an amount as "wat kost ...?" does.
PAYING = r"wat (?:betaal|betalen) (?:ik|je|u|we|wij)|wat (?:moet|moeten) (?:ik|je|u|we|wij) betalen"
QUANTITY = re.compile(rf"(?i)\b(?:hoeveel|hoe\s*(?:hoog|veel|lang|vaak|duur|oud|ver)|welke afstand|how far|wat kost|{PAYING}|(?:vanaf|tot) welke leeftijd|how (?:many|much|long|often|old)|(?:from )?what age)\b")
# A digit glued to a word is a footnote mark ("ingediend26"), not a number.
NUMBER_WORDS = "twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig"
# Figures also in words; rules write "een jaar", "binnen vier weken".
NUMBER = re.compile(rf"(?<!\w)\d|\b(?:{NUMBER_WORDS}|honderd|duizend|miljoen|"
                    r"helft|derde|kwart|procent|een (?:jaar|maand|week|dag|uur|keer|kwartaal)|"
                    # A count in words of proportion: "bijna alle gemeenten", "de meeste", "een minderheid".
                    r"(?:bijna|vrijwel|nagenoeg) alle|meeste|meerderheid|minderheid)\b", re.I)
# "Hoe lang", "hoe hoog": the adjective only shapes the question; the figure asked for is
# checked apart (QUANTITY), and the passage that holds it rarely repeats the adjective.
QUESTION_PHRASE = re.compile(r"(?i)\bhoe\s*(?:hoog|lang|veel|vaak|duur|groot|oud|ver)\b")
WHEN_QUESTION = re.compile(r"(?i)\b(?:wanneer|when|per welke datum|in welk jaar)\b")
YEAR = re.compile(r"(?<!\w)(?:19|20)\d\d(?!\w)")
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DATE = re.compile(rf"(?i){YEAR.pattern}|\b(?:{MONTHS}|voorjaar|zomer|najaar|winter|kwartaal)\b")
DEFINITION_QUESTION = re.compile(r"(?i)^\s*(?:wat (?:is|zijn|betekent|betekenen|doet|doen|regelt|regelen)|what (?:is|are|does))\b")
# A day of a month ("1 januari 2027", "op 18 mei") is a date, not a count.
DAY_OF_MONTH = re.compile(rf"(?i)(?<!\w)\d{{1,2}}\s+(?:{MONTHS})\b")
# A reference to a part of a text ("Artikel 5.1.5", "lid 3", "2.3 Bij de toekenning") names where,
# not how much.
TEXT_REFERENCE = re.compile(r"(?i)\b(?:artikel|art\.|lid|hoofdstuk|paragraaf|bijlage|onderdeel)\s+[\dIVX][\d.]*[a-z]?\b|"
                            r"^\s*\d+(?:\.\d+)+\.?(?=\s)")
# "Per maand", "per kilometer": a rate asked per some unit of time or distance is answered by a
# rate per that unit ("per gereden kilometer" too).
# "per maand", "per gereden kilometer", and the same written with a slash ("22 tot 25 uur/week").
PER_UNIT = re.compile(r"(?i)(?:\bper (?:[^\W\d_]+ )?|(?<=\w)/\s?)(maand|week|jaar|dag|uur|kwartaal|kilometer|km)\b")
SAME_UNIT = {"km": "kilometer"}
# "Wie", and "bij welke organisatie": the answer names someone.
PERSON_QUESTION = re.compile(r"(?i)^\s*(?:wie|who)\b|\bwelke (?:organisatie|instantie|instelling)s?\b")
# Offices and institutions are written with a capital but name no one: a letter to "de Tweede
# Kamer" says "uw Kamer", the minister is "ik".
TITLE_WORDS = "Gemeente|Provincie|Ministerie|Minister|Staatssecretaris|Wethouder|Burgemeester|Tweede|Eerste|Kamer|Rijk|Kabinet|Regering"
TITLE = re.compile(TITLE_WORDS)
# Two capitalised words in a row, the second not a common title word: a person's name.
PERSON_NAME = re.compile(
    rf"\b(?!(?:{TITLE_WORDS}|Nederland|Nederlandse|Wet|Het|De|Een|Dit|Deze|In|Op|Voor|Van|Met)\b)[A-Z][a-zé]+(?: (?:van|de|der|den|ter|el))* [A-Z][a-zé]{{2,}}\b"
)
# "Wie" may ask for an organisation: VNG, PerSaldo, Ieder(in), Zorgverzekeraars Nederland.
ORGANISATION_NAME = re.compile(r"\b(?:[A-Z]{2,}\w*|[A-Z][a-z]+[A-Z]\w*|\w+\(in\)|[A-Z][a-z]+ Nederland)\b")
# A question that offers its own answers ("Wie regelt dat, de school of de gemeente?"): the last
# clause before the question mark, two short alternatives joined by "of".
CHOICE = re.compile(r"(?i)[,:;]\s*((?:\S+\s+){0,4}?\S+)\s+(?:of|or)\s+((?:\S+\s+){0,4}?\S+?)\s*\?\s*$")
CHOICE_STEM = 6  # letters of a word that must recur: "gemeente" is met by "gemeenten"


def offered_choices(question: str) -> list[list[str]]:
    """The alternatives a question names itself, each as its words of five letters or more."""
    first = question.split("?")[0] + "?"
    match = CHOICE.search(first)
    if not match:
        return []
    sides = [[w.lower() for w in re.findall(r"[^\W\d_]{5,}", side)] for side in match.groups()]
    return sides if all(sides) else []


def names_a_choice(choices: list[list[str]], text: str) -> bool:
    """`text` names one of the question's own alternatives."""
    lowered = text.lower()
    return any(any(word[:CHOICE_STEM] in lowered for word in side) for side in choices)


# Words that shape a question but carry no topic: they do not count towards coverage.
QUESTION_WORDS = frozenset(
    "telt tellen mee daarvan daarover daarbij vindt vinden vind gaat gaan krijg krijgt krijgen moet moeten "
    "kan kunnen mag mogen wordt worden zijn is heeft hebben staat staan zit zitten doen doet weten weet graag "
    "eigenlijk nou even precies ongeveer gewoon dus toch echt iets alles waarom wanneer waar welke hoeveel "
    "hoe wat wie nog steeds ooit elk elke iemand mijn jullie jij je u ik wij we er hier daar nu "
    "volgens stond stonden las lees gelezen gehoord zin laat "
    "deden deed gedaan geeft geven gaf komt komen kwam zei zegt zeggen wil willen wilde zou zouden kon konden "
    "moest moesten heb had hadden was waren ben bent word werd werden "
    "weer morgen vandaag gisteren straks later vaak altijd nooit soms al alleen ook meer minder veel weinig "
    "heel erg zeer betekent betekenen betekenis".split()
)


class TermWeights(Protocol):
    def analyse(self, text: str) -> list[str]: ...

    def idf(self, stem: str) -> float: ...

    def correct(self, stem: str) -> str: ...


def content_stems(text: str, terms: TermWeights) -> set[str]:
    """Stems of the question's topic words (question phrasing left out), misspellings corrected."""
    words = re.findall(r"[\w()'-]+", QUESTION_PHRASE.sub(" ", text))
    return {terms.correct(s) for s in terms.analyse(" ".join(w for w in words if w.lower() not in QUESTION_WORDS))}


def quantity_bonus(text: str, stems: set[str], terms: TermWeights) -> float:
    """A "how many" question is answered by a figure, best one that counts what was asked
    ("278 steunpunten")."""
    text = YEAR.sub(" ", text)  # a year is a date, not a count
    # The counted noun is the word after the figure, or the one after that ("2 of 3 aanbieders").
    counted = re.findall(r"(?<!\w)\d[\d.,]*%?\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?", text)
    if any(matching(stems, terms.analyse(f"{first} {second}")) for first, second in counted):
        return 0.2
    return 0.1 if re.search(r"(?<!\w)\d", text) else 0.0


# A figure of the kind asked: "hoe lang" a time, "welke leeftijd" an age, "wat kost" an amount. A
# question that names its unit ("binnen hoeveel dagen", "hoeveel uur") asks for a figure in that
# unit's scale: days to years, or minutes and hours.
FIGURE = rf"(?:(?<![\w.:])(?!\d{{1,2}}[.:]\d\d\s*uur)\d[\d.,]*|\b(?:een|{NUMBER_WORDS}))\s*"  # not a clock time ("17.00 uur")
CALENDAR_UNITS = "dag|dagen|werkdag|werkdagen|week|weken|maand|maanden|jaar|jaren"
CLOCK_UNITS = "minuut|minuten|uur|uren|kwartier"
AGE_QUESTION = re.compile(r"(?i)\b(?:hoe\s*oud|(?:vanaf|tot) welke leeftijd|how old|what age)\b")


def asked_in(units: str) -> re.Pattern[str]:
    """"hoeveel dagen": a question that names the unit of the figure it asks for."""
    return re.compile(rf"(?i)\b(?:hoeveel|how many)\s+(?:{units})\b")


def figure_in(units: str) -> re.Pattern[str]:
    """A figure followed by one of `units` ("2 weken", "een uur")."""
    return re.compile(rf"(?i){FIGURE}(?:{units})\b")


AGE_FIGURE = re.compile(rf"{figure_in('jaar|jaren').pattern}|\d-?jarige|\bleeftijd van\s+\d|\b(?:meer|min)derjarig")
CALENDAR_QUESTION, CALENDAR_FIGURE = asked_in(f"{CALENDAR_UNITS}|days|weeks|months|years"), figure_in(CALENDAR_UNITS)
CLOCK_QUESTION, CLOCK_FIGURE = asked_in(f"{CLOCK_UNITS}|minutes|hours"), figure_in(CLOCK_UNITS)
TIME_QUESTION = re.compile(r"(?i)\b(?:hoe\s*lang|how long)\b")
TIME_FIGURE = figure_in(f"{CALENDAR_UNITS}|{CLOCK_UNITS}")
# "Hoe hoog" asks for an amount or a share (a tariff, a contribution, a deductible).
MONEY_QUESTION = re.compile(rf"(?i)\b(?:wat kost|{PAYING}|kosten|hoe\s*(?:duur|hoog)|hoeveel (?:kost\w*|betaal\w*|geld|euro)|hoeveel\b[^?.]{{0,40}}\bbetalen|"
                            r"how much does)\b")
# An amount also in words: "gratis", "het voltarief", "een bedrag gelijk aan ...".
MONEY_FIGURE = re.compile(r"(?i)€|\beuro\b|(?<!\w)\d[\d.,]*\s*(?:%|procent)|\b(?:gratis|kosteloos|kosteloze|\w*tarief|\w*bedrag)\b")
DISTANCE_QUESTION = re.compile(r"(?i)\b(?:hoe\s*ver|welke afstand|how far|hoeveel (?:kilometer|km|meter))\b")
DISTANCE_FIGURE = re.compile(r"(?i)(?<!\w)\d[\d.,]*\s*(?:meter|kilometer|km|m)\b")
# The first kind the question asks for decides; otherwise any count will do.
FIGURE_KINDS = ((AGE_QUESTION, AGE_FIGURE), (CALENDAR_QUESTION, CALENDAR_FIGURE), (CLOCK_QUESTION, CLOCK_FIGURE),
                (TIME_QUESTION, TIME_FIGURE), (MONEY_QUESTION, MONEY_FIGURE), (DISTANCE_QUESTION, DISTANCE_FIGURE))


def states_rate_unit(question: str, text: str) -> bool:
    """Asked "per maand" (or per km), `text` speaks of a rate per that unit too."""
    asked = PER_UNIT.search(question)
    if not asked:
        return True
    unit = asked.group(1).lower()
    return any(SAME_UNIT.get(u.lower(), u.lower()) == SAME_UNIT.get(unit, unit) for u in PER_UNIT.findall(text))


AMOUNT_BEFORE = re.compile(r"\d[\d.,]*\s*$")


def states_figure(question: str, text: str) -> bool:
    """`text` holds a figure of the kind the quantity question asks for. A word the question uses
    itself is none: "Hoe hoog is het abonnementstarief?" is not answered by a sentence that only
    names the abonnementstarief, though an amount in words ("het voltarief") counts."""
    text = TEXT_REFERENCE.sub(" ", text)
    asked_words = {w.lower() for w in re.findall(r"\w+", question)}

    def new(m: re.Match) -> bool:  # "137,02 euro" counts though the question says "euro"
        return m.group().lower() not in asked_words or bool(AMOUNT_BEFORE.search(text, 0, m.start()))

    for asked, figure in FIGURE_KINDS:
        if asked.search(question):
            return any(new(m) for m in figure.finditer(text))
    return bool(NUMBER.search(YEAR.sub(" ", DAY_OF_MONTH.sub(" ", text))))  # a date is not a count


# A yes/no question opens with its verb ("Kan ik ...?", "Moet de gemeente ...?"); the sentence that
# answers it plainly opens with "Ja" or "Nee".
YES_NO_QUESTION = re.compile(
    r"(?i)^\s*(?:kan|kun|kunnen|mag|mogen|moet|moeten|is|zijn|ben|heb|heeft|hebben|krijg|krijgt|krijgen|wordt|worden|"
    r"geldt|gelden|gaat|gaan|telt|tellen|valt|vallen|betaal|betaalt|wil|willen|zal|zullen|lost|bestaat|"
    r"can|may|must|should|do|does|is|are|will)\b")
PLAIN_ANSWER = re.compile(r"(?i)^\s*(?:ja|nee|neen|yes|no)\b[,.!:\s]")
# The forms of the verbs a yes/no question most often opens with: a sentence that negates the
# question's own verb ("Kan ik ...?" - "... kunnen geen gebruik maken ...") answers it with no.
VERB_FORMS = tuple(frozenset(forms.split()) for forms in (
    "kan kun kunt kunnen kon konden", "mag mogen mocht mochten", "moet moeten moest moesten",
    "krijg krijgt krijgen kreeg kregen", "geldt gelden gold golden", "heb hebt heeft hebben had hadden",
    "betaal betaalt betalen betaalde betaalden", "telt tellen telde telden", "valt vallen viel vielen"))
ALL_VERB_FORMS = frozenset().union(*VERB_FORMS)
NEGATIONS = frozenset({"niet", "geen", "nooit", "nergens"})
NEGATION_REACH = 5  # words from the verb: a subject and an adverb may stand between


def states_asked(question: str, unit: Unit) -> bool:
    """The unit states the kind of fact the question asks for: a figure of the asked kind for
    "how many/how long/what does it cost", a date for "when", a name for "who", a plain "ja" or
    "nee" for a yes/no question. False for other questions."""
    text = unit.rendered
    if QUANTITY.search(question):
        return states_figure(question, text)
    if WHEN_QUESTION.search(question):
        return bool(DATE.search(text))
    if PERSON_QUESTION.search(question):
        return bool(PERSON_NAME.search(text) or ORGANISATION_NAME.search(text))
    if YES_NO_QUESTION.search(question):
        return bool(PLAIN_ANSWER.match(text)) or negates_verb(question, text)
    return False


def negates_verb(question: str, text: str) -> bool:
    """`text` says no to the yes/no question: the verb the question opens with, negated within
    the next few words ("kun je niet afdwingen", "kunnen burgers en organisaties geen gebruik
    maken"), not a negation elsewhere in the sentence."""
    opening = question.split(maxsplit=1)[0].lower() if question.strip() else ""
    forms = next((f for f in VERB_FORMS if opening in f), None)
    if forms is None:
        return False
    # Clauses apart: "..., maar nog niet alle gemeenten hebben dat gedaan" negates its verb before
    # it, unless another of these verbs stands before it in the clause ("mag niet bepalen hoeveel
    # iemand moet betalen": the negation is the other verb's). A negation in another clause does not.
    for clause in re.split(r"[,;:]", text.lower()):
        words = re.findall(r"[\w-]+", clause)
        for i, word in enumerate(words):
            if word not in forms:
                continue
            before = words[max(0, i - NEGATION_REACH):i]
            after = words[i + 1:i + 1 + NEGATION_REACH]
            if not NEGATIONS.isdisjoint(after) or (ALL_VERB_FORMS.isdisjoint(words[:i])
                                                    and not NEGATIONS.isdisjoint(before)):
                return True
    return False


def definition_bonus(text: str, stems: set[str], terms: TermWeights) -> float:
    """"Wat is X?" is best answered by a sentence that starts with X and says what it is."""
    head = " ".join(text.split()[:4])
    if matching(stems, terms.analyse(head)) and re.search(r"\b(?:is|zijn|betekent|biedt|regelt|gaat over|helpt)\b", text):
        return 0.1
    return 0.0


def matching(stems: set[str], words: list[str]) -> set[str]:
    """Question stems found among `words`, also inside a longer word that starts with the stem
    ("terug" in "teruggave") or ends with it, as a Dutch compound's head does ("teken" in
    "onderteken"). Not the other way round: "mantelzorg" does not answer "mantelzorgcompliment"."""
    present = set(words)
    found = stems & present
    partial = [stem for stem in stems - found if len(stem) >= 5]
    if partial:
        # One string with a separator around every word: "\nstem" finds a word starting with the
        # stem, "stem\n" one ending with it, in one C-level scan instead of a loop per word.
        joined = "\n" + "\n".join(present) + "\n"
        found.update(stem for stem in partial if f"\n{stem}" in joined or f"{stem}\n" in joined)
    return found


def named_entities(text: str) -> list[str]:
    """Capitalised words that do not start a sentence: places, organisations, names. Topic
    abbreviations (GPK) are not names: the passage may spell the topic out. Nor are offices and
    institutions (TITLE_WORDS), nor compounds of the domain ("Wmo-vervoer")."""
    entities = []
    for sentence in re.split(r"(?<=[.?!])\s+", text):
        words = [balanced(w) for w in re.findall(r"\b[A-Z][\w()-]{2,}", sentence)]
        first = re.match(r"\W*([\w()-]+)", sentence)
        entities += [w for w in words if not (first and w == first.group(1)) and not is_topic_abbreviation(w)
                     and not TITLE.fullmatch(w) and not domain_compound(w)]
    return entities


def balanced(word: str) -> str:
    """"Ieder(in)" keeps its brackets; "(… Wmo)" gives "Wmo", "(van Ieder(in))" gives "Ieder(in)"."""
    while word.endswith(")") and word.count(")") > word.count("("):
        word = word[:-1]
    return word


def domain_compound(word: str) -> bool:
    """"Wmo-vervoer", "Wlz-indicatie": a compound led by a law's abbreviation is a thing of the
    domain, capitalised only for the abbreviation; it names no place, body or person."""
    head, _, rest = word.partition("-")
    return bool(rest) and head.lower() in ABBREVIATIONS and rest[:1].islower()


# The kinds of publication a question may name by their maker ("VNG-onderzoek").
PUBLICATION = re.compile(r"onderzoek|rapport|verkenning|studie|(?:kamer)?brief|nota|notitie|brochure|publicatie")


def mentioned_in(passage: str, entities: list[str]) -> bool:
    """Every entity in the passage; a hyphenated one ("NGT-tolk") by its parts, an abbreviation
    ("Wmo") also by what it stands for. A publication named by its maker ("VNG-onderzoek",
    "Ieder(in)-brochure") by the maker: the source calls it what it calls itself ("de verkenning")."""
    body = passage.lower()
    return all(part in body or ABBREVIATIONS.get(part, "\0") in body
               for e in entities for part in e.lower().split("-") if len(part) >= 2 and not PUBLICATION.fullmatch(part))


def mentions(unit: Unit, entities: list[str]) -> bool:
    """Every entity in the unit; a hyphenated one ("Wmo-aanvraag") by its parts, as in `mentioned_in`."""
    return mentioned_in(f"{unit.context} {unit.rendered}", entities)
