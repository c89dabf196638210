"""Seeded CVDR-like Wmo regulations for many fictional gemeenten, for the scale benchmark.

Each gemeente gets a few regulations (verordening, beleidsregels, nadere regels, ...) whose
articles are written from Dutch sentence templates about the usual Wmo topics, with amounts,
hours and terms that differ per gemeente. The XML is the shape of the real CVDR exports
(tests/cvdr_factory.py), so it goes through the project's own parser, import and build.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterator

from tests.cvdr_factory import Article, cvdr_xml

PREFIXES = ("Noord", "Zuid", "Oost", "West", "Hoog", "Laag", "Oud", "Nieuw", "Groot", "Klein", "Sint",
            "Ter", "Midden", "Over", "Neder", "Boven", "Ooster", "Wester", "Zuider", "Noorder")
SUFFIXES = ("waard", "veen", "dijk", "broek", "hoven", "dam", "berg", "wolde", "kerk", "horst", "meer",
            "sloot", "zande", "lo", "rode", "beek", "hout", "loo", "stede", "vliet", "hem", "burg")

REGULATIONS = ("Verordening maatschappelijke ondersteuning", "Beleidsregels maatschappelijke ondersteuning",
               "Nadere regels maatschappelijke ondersteuning", "Beleidsregels huishoudelijke ondersteuning",
               "Beleidsregels hulpmiddelen en woonvoorzieningen", "Nadere regels persoonsgebonden budget")

VOORZIENINGEN = ("scootmobiel", "rolstoel", "traplift", "douchestoel", "woningaanpassing", "deuropener",
                 "tillift", "aangepaste fiets", "vervoersvoorziening", "begeleiding", "dagbesteding",
                 "kortdurend verblijf", "huishoudelijke ondersteuning", "beschermd wonen", "regiotaxi")
PERSONEN = ("de cliënt", "de aanvrager", "de mantelzorger", "de huisgenoot", "de ouder", "de partner",
            "de budgethouder", "de inwoner")

TOPICS: dict[str, tuple[str, ...]] = {
    "Begripsbepalingen": (
        "In deze regeling wordt verstaan onder {voorziening}: een maatwerkvoorziening die het college verstrekt aan {persoon}.",
        "Onder gebruikelijke hulp wordt verstaan de hulp die huisgenoten elkaar naar algemeen aanvaarde opvattingen redelijkerwijs geven.",
        "Een algemene voorziening is een aanbod van diensten dat zonder voorafgaand onderzoek toegankelijk is voor inwoners van {gemeente}.",
    ),
    "Melding en onderzoek": (
        "Het college bevestigt de ontvangst van een melding binnen {dagen} werkdagen.",
        "Het onderzoek naar de behoefte aan ondersteuning wordt binnen {weken} weken na de melding afgerond.",
        "Tijdens het gesprek bespreekt het college met {persoon} de mogelijkheden van eigen kracht en het sociale netwerk.",
        "Het college verstrekt {persoon} een schriftelijke weergave van de uitkomsten van het onderzoek.",
    ),
    "Aanvraag en beschikking": (
        "Een aanvraag voor {voorziening} wordt ingediend met een door het college vastgesteld formulier.",
        "Het college beslist binnen {weken} weken na ontvangst van de aanvraag.",
        "In de beschikking staat welke maatwerkvoorziening wordt verstrekt, voor welke duur en in welke vorm.",
    ),
    "Huishoudelijke ondersteuning": (
        "De huishoudelijke ondersteuning is gericht op een schoon en leefbaar huis; de norm is {uren} uur per week.",
        "Bij een alleenstaande cliënt met een eengezinswoning geldt een extra tijd van {minuten} minuten per week.",
        "Het wasgoed verzorgen kost gemiddeld {minuten} minuten per week en valt onder huishoudelijke ondersteuning.",
        "Huishoudelijke ondersteuning wordt niet verstrekt voor zover een huisgenoot gebruikelijke hulp kan bieden.",
    ),
    "Gebruikelijke hulp": (
        "Van huisgenoten wordt verwacht dat zij gebruikelijke hulp bieden, zoals koken, schoonmaken en boodschappen doen.",
        "Gebruikelijke hulp geldt niet als de huisgenoot zelf beperkingen heeft of overbelast raakt.",
        "Bij een kortdurende situatie van maximaal {weken} weken wordt geen gebruikelijke hulp verwacht van een partner.",
    ),
    "Eigen bijdrage": (
        "Voor {voorziening} is een eigen bijdrage verschuldigd van ten hoogste {euro} euro per maand.",
        "Het abonnementstarief geldt voor de maatwerkvoorziening; het CAK int de eigen bijdrage.",
        "Voor een algemene voorziening bedraagt de bijdrage {euro} euro per periode van vier weken.",
    ),
    "Persoonsgebonden budget": (
        "Het persoonsgebonden budget voor {voorziening} bedraagt {euro} euro per uur bij formele hulp.",
        "Bij inzet van informele hulp bedraagt het pgb-tarief {euro} euro per uur.",
        "De budgethouder legt verantwoording af over de besteding van het persoonsgebonden budget.",
        "Het college kan een pgb weigeren als de budgethouder niet in staat is de taken zelf uit te voeren.",
    ),
    "Hulpmiddelen": (
        "Een {voorziening} wordt in bruikleen verstrekt als de cliënt zich niet zelfstandig kan verplaatsen.",
        "Het college verstrekt geen {voorziening} als deze algemeen gebruikelijk is of minder dan {euro} euro kost.",
        "Onderhoud en reparatie van de {voorziening} komen voor rekening van de gemeente {gemeente}.",
    ),
    "Woonvoorzieningen": (
        "Een woningaanpassing wordt alleen verstrekt als verhuizen naar een geschikte woning niet mogelijk is.",
        "De kosten van een woningaanpassing boven {euro} euro worden vergeleken met de kosten van verhuizing.",
        "Een verhuiskostenvergoeding bedraagt een forfaitair bedrag van {euro} euro.",
    ),
    "Vervoer en parkeren": (
        "De vervoersvoorziening biedt een vervoersbudget voor {kilometers} kilometer per jaar.",
        "Een gehandicaptenparkeerkaart kost in {gemeente} {euro} euro inclusief medisch advies.",
        "Een gehandicaptenparkeerplaats op kenteken wordt aangevraagd bij het college van {gemeente}.",
    ),
    "Mantelzorg": (
        "De mantelzorger kan respijtzorg krijgen voor ten hoogste {dagen} etmalen per jaar.",
        "Het college verstrekt jaarlijks een mantelzorgwaardering van {euro} euro.",
    ),
    "Slotbepalingen": (
        "Deze regeling treedt in werking op de dag na bekendmaking en wordt aangehaald als de regeling van {gemeente}.",
        "In gevallen waarin deze regeling niet voorziet, beslist het college van {gemeente}.",
        "Het college kan in bijzondere gevallen afwijken van deze regeling als toepassing leidt tot onbillijkheid.",
    ),
}


@dataclass(frozen=True)
class GeneratedFile:
    name: str
    xml: str
    gemeente: str


def gemeente_names(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    names = sorted({p + s for p in PREFIXES for s in SUFFIXES})
    rng.shuffle(names)
    if count > len(names):
        names += [f"{n} aan Zee" for n in names]
    return names[:count]


def fill(template: str, rng: random.Random, gemeente: str, values: dict[str, int]) -> str:
    return template.format(
        gemeente=gemeente, voorziening=rng.choice(VOORZIENINGEN), persoon=rng.choice(PERSONEN),
        dagen=values["dagen"], weken=values["weken"], uren=values["uren"], minuten=rng.choice((15, 30, 45, 60)),
        euro=rng.choice((19, 25, 48, 75, 150, 750, 2500)) + values["euro"], kilometers=values["kilometers"],
    )


def article(rng: random.Random, nr: str, gemeente: str, values: dict[str, int]) -> Article:
    topic = rng.choice(tuple(TOPICS))
    leden = tuple(
        " ".join(fill(rng.choice(TOPICS[topic]), rng, gemeente, values) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(1, 3))
    )
    return Article(nr, topic, leden)


def regulations(passages: int, gemeenten: int, seed: int = 7) -> Iterator[GeneratedFile]:
    """About `passages` articles (one passage each) spread over `gemeenten` x 6 regulations."""
    rng = random.Random(seed)
    per_document = max(1, round(passages / (gemeenten * len(REGULATIONS))))
    work = 900000
    for gemeente in gemeente_names(gemeenten):
        values = {"dagen": rng.randint(3, 20), "weken": rng.choice((2, 4, 6, 8)), "uren": rng.choice((2, 3, 4)),
                  "euro": rng.randint(0, 9), "kilometers": rng.choice((1500, 2000, 2500))}
        for title in REGULATIONS:
            work += 1
            year = rng.randint(2019, 2025)
            # One in ten regulations has lapsed: the in-force filter must keep it out.
            valid_to = f"{year + 1}-12-31" if rng.random() < 0.1 else None
            body = [article(rng, f"{n // 10 + 1}.{n % 10 + 1}", gemeente, values) for n in range(per_document)]
            xml = cvdr_xml(work, 1, gemeente, f"{title} {gemeente} {year}", body, f"{year}-01-01", valid_to)
            yield GeneratedFile(f"CVDR{work}_1.xml", xml, gemeente)


QUESTIONS = (
    "Hoeveel uur huishoudelijke hulp krijg ik per week?",
    "Wat kost een gehandicaptenparkeerkaart?",
    "Hoe hoog is de eigen bijdrage voor een scootmobiel?",
    "Wanneer wordt gebruikelijke hulp van mijn partner verwacht?",
    "Hoe lang duurt het onderzoek na een melding?",
    "Wat is het pgb-tarief voor informele hulp?",
    "Krijg ik een vergoeding voor verhuiskosten?",
    "Hoeveel kilometer vervoersbudget krijg ik per jaar?",
    "Hoeveel dagen respijtzorg kan een mantelzorger krijgen?",
    "Wie betaalt de reparatie van mijn rolstoel?",
    "Binnen hoeveel weken beslist het college op mijn aanvraag?",
    "Wat is een algemene voorziening?",
    "Kan ik een traplift krijgen als ik ook kan verhuizen?",
    "Hoe hoog is de mantelzorgwaardering?",
    "Mag het college afwijken van de regels?",
)


def questions(count: int, seed: int = 3) -> list[str]:
    """`count` questions cycling through the templates, some with a misspelling or extra words."""
    rng = random.Random(seed)
    extras = ("", "", " in mijn situatie", " als ik alleen woon", " voor mijn moeder")
    return [QUESTIONS[n % len(QUESTIONS)].rstrip("?") + rng.choice(extras) + "?" for n in range(count)]
