"""Synthetic CVDR XML for fictional gemeenten (Noordwaard, Zuidwaard, ...), shaped like the real
exports in tests/data/overheid. Used by the tests and by benchmarks/import_rules.py."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

OVERHEID = Path(__file__).parent / "data" / "overheid"


@dataclass(frozen=True)
class Article:
    nr: str
    titel: str
    leden: tuple[str, ...]  # one <lid> per entry; a single entry is written as plain <al>


def cvdr_xml(work: int, version: int, gemeente: str, title: str, articles: list[Article],
             valid_from: str, valid_to: str | None = None, issued: str = "2023-12-14") -> str:
    end = f"<overheidrg:uitwerkingtredingDatum>{valid_to}</overheidrg:uitwerkingtredingDatum>" if valid_to else ""
    body = "\n".join(article_xml(a) for a in articles)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<cvdr xmlns="http://standaarden.overheid.nl/cvdr/terms/" xmlns:dcterms="http://purl.org/dc/terms/"
      xmlns:overheidrg="http://standaarden.overheid.nl/cvdr/meta/">
<meta><owmskern><dcterms:identifier>CVDR{work}_{version}</dcterms:identifier>
<dcterms:title>{escape(title)}</dcterms:title>
<dcterms:type scheme="overheid:Informatietype">regeling</dcterms:type>
<dcterms:type scheme="overheidop:Rubriek">Beleidsregel</dcterms:type>
<dcterms:creator scheme="overheid:Gemeente">Gemeente {escape(gemeente)}</dcterms:creator></owmskern>
<owmsmantel><dcterms:source>Wet maatschappelijke ondersteuning 2015</dcterms:source>
<dcterms:subject>zorg en welzijn</dcterms:subject><dcterms:issued>{issued}</dcterms:issued></owmsmantel>
<cvdripm><overheidrg:inwerkingtredingDatum>{valid_from}</overheidrg:inwerkingtredingDatum>{end}
<overheidrg:onderwerp>zorg en welzijn</overheidrg:onderwerp></cvdripm></meta>
<body><intitule>{escape(title)}</intitule><regeling><regeling-tekst>
<hoofdstuk><kop><label>Hoofdstuk</label><nr>1</nr><titel>Bepalingen</titel></kop>
{body}
</hoofdstuk></regeling-tekst></regeling></body></cvdr>"""


def article_xml(article: Article) -> str:
    anchor = f'artikel_{article.nr}'
    head = f"<kop><label>Artikel</label><nr>{article.nr}</nr><titel>{escape(article.titel)}</titel></kop>"
    if len(article.leden) == 1:
        content = f"<al>{escape(article.leden[0])}</al>"
    else:
        content = "".join(f"<lid><lidnr>{n}</lidnr><al>{escape(t)}</al></lid>"
                          for n, t in enumerate(article.leden, 1))
    return f'<artikel id="{anchor}">{head}{content}</artikel>'


def wmo_rules(gemeente: str, work: int, version: int = 1, valid_from: str = "2024-01-01",
              valid_to: str | None = None, hulp: str | None = None) -> str:
    """Beleidsregels Wmo with a 'gebruikelijke hulp' article 3.2 (lid 2 carries the rule)."""
    hulp = hulp or (f"In {gemeente} geldt als gebruikelijke hulp de hulp die huisgenoten elkaar "
                    "redelijkerwijs geven, zoals koken en schoonmaken.")
    return cvdr_xml(work, version, gemeente, f"Beleidsregels maatschappelijke ondersteuning {gemeente} 2024", [
        Article("1.1", "Begripsbepalingen", ("In deze beleidsregels wordt verstaan onder cliënt: een inwoner "
                                             "die ondersteuning vraagt.",)),
        Article("2.1", "Gehandicaptenparkeerkaart", (f"Een gehandicaptenparkeerkaart kost in {gemeente} "
                                                     "75 euro inclusief medisch advies.",)),
        Article("3.2", "Gebruikelijke hulp", ("Het college onderzoekt de situatie van de cliënt.", hulp)),
        Article("4.1", "Huishoudelijke ondersteuning", ("Huishoudelijke ondersteuning is gericht op een "
                                                        "schoon en leefbaar huis.",)),
    ], valid_from, valid_to)
