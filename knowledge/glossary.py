"""English -> Dutch terms of the domain, so an English question can be searched in Dutch sources.

Only words whose Dutch form appears in disability-policy texts; general English is left alone.
The Dutch words an English question uses as they are ("huurtoeslag") are found by word
frequencies (dutch_words), not listed here.
"""
from __future__ import annotations

import functools
import re

ENGLISH_TO_DUTCH: dict[str, str] = {
    "municipality": "gemeente", "municipalities": "gemeenten", "municipal": "gemeentelijk",
    "council": "gemeenteraad", "disability": "beperking handicap", "disabilities": "beperkingen",
    "disabled": "beperking gehandicapten", "intellectual disability": "verstandelijke beperking",
    "chronic illness": "chronische ziekte", "chronically ill": "chronisch zieken",
    "parking permit": "gehandicaptenparkeerkaart", "parking card": "gehandicaptenparkeerkaart",
    "disabled parking": "gehandicaptenparkeerkaart", "parking": "parkeren",
    "aids": "hulpmiddelen", "mobility aids": "mobiliteitshulpmiddelen", "assistive devices": "hulpmiddelen",
    "wheelchair": "rolstoel", "mobility scooter": "scootmobiel", "moving": "verhuizen", "move": "verhuizen",
    "relocation": "verhuizing", "covenant": "convenant", "agreement": "convenant akkoord",
    "household help": "huishoudelijke ondersteuning", "domestic help": "huishoudelijke hulp",
    "cleaning": "schoonmaken huishoudelijke hulp", "job coaching": "jobcoaching", "job coach": "jobcoach",
    "extra costs": "meerkosten", "additional costs": "meerkosten", "special assistance": "bijzondere bijstand",
    "welfare": "bijstand", "benefit": "uitkering", "income": "inkomen", "personal contribution": "eigen bijdrage",
    "co-payment": "eigen bijdrage", "contribution": "bijdrage", "client support": "cliëntondersteuning",
    "informal care": "mantelzorg", "informal carer": "mantelzorger", "caregiver": "mantelzorger",
    "usual help": "gebruikelijke hulp", "customary care": "gebruikelijke hulp", "housing": "huisvesting woning",
    "social housing": "sociale huurwoning", "priority": "voorrang urgentie", "school building": "schoolgebouw onderwijshuisvesting",
    "education": "onderwijs", "inclusive education": "inclusief onderwijs", "pupil transport": "leerlingenvervoer",
    "student transport": "leerlingenvervoer", "travel distance": "reisafstand", "distance": "afstand",
    "funding": "bekostiging financiering", "regionally": "regionaal", "regional": "regionaal",
    "purchase": "inkoop", "buy": "inkopen inkoop", "share": "aandeel procent", "percentage": "procent",
    "waiting list": "wachtlijst", "waiting lists": "wachtlijsten", "care home": "zorginstelling verpleeghuis",
    "long-term care": "langdurige zorg Wlz", "youth care": "jeugdzorg", "elderly": "ouderen",
    "older people": "ouderen", "work": "werk", "employment": "werk arbeid", "employer": "werkgever",
    "un convention": "VN-verdrag Handicap", "convention": "verdrag", "human rights": "mensenrechten",
    "accessibility": "toegankelijkheid", "accessible": "toegankelijk", "sign language": "gebarentaal",
    "interpreter": "tolk", "deaf": "doof", "emergency number": "noodnummer 112", "text message": "sms",
    "law": "wet", "bill": "wetsvoorstel", "supervision": "toezicht", "differences": "verschillen",
    "difference": "verschil", "rules": "regels", "policy": "beleid", "reimbursement": "vergoeding",
    "refund": "teruggave", "rejected": "afgewezen afwijzing", "application": "aanvraag",
    "un committee": "VN-Comité", "united nations": "Verenigde Naties VN", "netherlands": "Nederland",
    "dutch": "Nederland Nederlandse", "government": "kabinet overheid", "cabinet": "kabinet",
    "minister": "minister", "parliament": "Tweede Kamer", "letter": "brief", "recommendations": "aanbevelingen",
}
# What the abbreviations of the care laws and budgets stand for: a regulation that implements the
# Wmo speaks of "maatschappelijke ondersteuning" and rarely writes "Wmo".
ABBREVIATIONS: dict[str, str] = {
    "wmo": "maatschappelijke ondersteuning", "wlz": "langdurige zorg", "zvw": "zorgverzekering",
    "pgb": "persoonsgebonden budget", "ivb": "eigen bijdrage", "gpk": "gehandicaptenparkeerkaart",
}

PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ENGLISH_TO_DUTCH), key=len, reverse=True)) + r")\b", re.I)


def dutch_words(text: str) -> list[str]:
    """The words of an English text that are Dutch: more frequent in Dutch than in English
    (wordfreq), such as "huurtoeslag", "Wlz" or "Zaltbommel". An English question uses them as
    they are, so the passages that answer it must hold them as well."""
    dutch = dutch_vocabulary()
    return [w for w in re.findall(r"[^\W\d_]{2,}", text) if w.lower() in dutch]


@functools.lru_cache(maxsize=1)
def dutch_vocabulary() -> frozenset[str]:
    """The words more frequent in Dutch than in English by wordfreq's lists (~230,000; ~0.6 s to
    build, once). wordfreq's own tables are let go afterwards: they take 80 MB, the set 55."""
    import wordfreq

    dutch, english = wordfreq.get_frequency_dict("nl"), wordfreq.get_frequency_dict("en")
    words = frozenset(w for w, f in dutch.items() if f > english.get(w, 0.0))
    for cached in (wordfreq.get_frequency_dict, wordfreq.get_frequency_list):
        getattr(cached, "cache_clear", lambda: None)()
    return words


def dutch_terms(text: str) -> list[str]:
    """Dutch search terms for the domain words in an English text, longest phrases first."""
    return [ENGLISH_TO_DUTCH[m.group(1).lower()] for m in PATTERN.finditer(text)]
