"""Console commands `assistant import cvdr|bwb` and `assistant compare`. Thin: the work is elsewhere.

    assistant import cvdr --gemeente Utrecht --query "maatschappelijke ondersteuning"
    assistant import cvdr regels/*.xml
    assistant import bwb BWBR0035362
    assistant compare "gebruikelijke hulp" Noordwaard Zuidwaard
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import click
from tqdm import tqdm

from assistant.config import default_config
from index.imports import (
    ImportReport,
    Pair,
    import_documents,
    list_imported,
    remove_imported,
)
from index.layout import IndexLayout

BWB_ID = re.compile(r"BWB[RV]\d{7}", re.IGNORECASE)


def layout() -> IndexLayout:
    return IndexLayout(Path(default_config()["INDEX_DIR"]))


def parse_peildatum(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise click.BadParameter("gebruik een bestaande datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2025-01-01")


def xml_files(paths: Iterable[Path], suffixes: tuple[str, ...] = (".xml",)) -> list[Path]:
    """Files as given; folders are searched for files with these suffixes."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes and p.name != "SOURCES.md"))
        elif path.is_file():
            files.append(path)
        else:
            raise click.BadParameter(f"{path} bestaat niet.", param_hint="PATHS")
    return files


def parse_all(items: list, parse: Callable, read: Callable, desc: str) -> tuple[list[Pair], list[str]]:
    """Parse each item with a progress bar; a broken file is reported, not fatal."""
    pairs: list[Pair] = []
    failed: list[str] = []
    for item in tqdm(items, desc=desc, unit="bestand", disable=len(items) < 2):
        try:
            pairs.append(parse(read(item)))
        except Exception as error:  # noqa: BLE001 - one bad file must not stop a folder import
            failed.append(f"{item}: {type(error).__name__}: {error}")
    return pairs, failed


def finish(pairs: list[Pair], failed: list[str], build: bool) -> None:
    """Store, summarise in Dutch, and rebuild so the new articles become searchable."""
    for line in failed:
        click.echo(f"Overgeslagen: {line}", err=True)
    if not pairs:
        raise click.ClickException("Er is niets geïmporteerd.")
    report = import_documents(layout(), pairs)
    click.echo(summary(report, sum(len(c) for _, c in pairs)))
    if build:
        rebuild()
    else:
        build_later_hint()


def summary(report: ImportReport, articles: int) -> str:
    return (f"{report.added} regeling(en) toegevoegd, {report.replaced} vervangen door een nieuwe versie, "
            f"{report.unchanged} ongewijzigd; {report.chunks_written} van {articles} passages opgeslagen, "
            f"{report.chunks_removed} oude passages verwijderd.")


def rebuild() -> None:
    from index.build import build_index
    from index.embedder import default_model_path, load_embedder, model_label
    from index.layout import BuildInProgress, is_in_use

    path = default_model_path()
    served = layout().current_build()
    try:
        report = build_index(layout(), model_label(path), lambda: load_embedder(path))
    except BuildInProgress:
        raise click.ClickException("Er loopt al een herindexering. Voer 'assistant build' uit als die klaar is.") from None
    state = "ongewijzigd" if report.unchanged else f"{report.embedded} passages nieuw ingebed"
    click.echo(f"Index bijgewerkt: {report.documents} documenten, {report.chunks} passages ({state}).")
    if not report.unchanged and served is not None and is_in_use(served):
        # Workers check which build is current before each request and load a new one themselves.
        click.echo("De draaiende dienst gebruikt de nieuwe index vanaf het volgende verzoek; herstarten is niet nodig.")


def build_later_hint() -> None:
    click.echo("Voer 'assistant build' uit om de index bij te werken; een draaiende dienst neemt die daarna vanzelf over.")


@click.group("import")
def import_group() -> None:
    """Importeer regelgeving: gemeentelijke regels (CVDR) en wetten (BWB)."""


@import_group.command("cvdr")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gemeente", help="Zonder bestanden: zoek online de regels van deze gemeente. "
                                 "Met bestanden: de gemeente van een HTML-, PDF- of markdownbestand.")
@click.option("--query", help="Zoekwoorden, bv. 'maatschappelijke ondersteuning'.")
@click.option("--title", help="Titel van de regeling (HTML, PDF).")
@click.option("--identifier", help="CVDR-id met versie, bv. CVDR753669_1 (HTML, PDF).")
@click.option("--in-force-from", "in_force_from", callback=parse_peildatum,
              help="Datum van inwerkingtreding JJJJ-MM-DD (HTML, PDF).")
@click.option("--url", help="Officiële vindplaats van de regeling (HTML, PDF).")
@click.option("--peildatum", callback=parse_peildatum, help="Versie die geldt op JJJJ-MM-DD (standaard vandaag).")
@click.option("--no-build", is_flag=True, help="Alleen opslaan; de index later bijwerken met 'assistant build'.")
def import_cvdr(paths: tuple[Path, ...], gemeente: str | None, query: str | None, title: str | None,
                identifier: str | None, in_force_from: date | None, url: str | None, peildatum: date | None,
                no_build: bool) -> None:
    """Importeer regelingen: CVDR-XML, markdown met front matter, HTML of PDF (bestanden of
    mappen), of online met --gemeente/--query."""
    from assistant.rules.sync import Fetcher, SyncError, search_cvdr
    from knowledge.cvdr import parse_cvdr
    from knowledge.rule_files import RULE_SUFFIXES, RuleMeta, parse_rule_file

    if not paths and not (gemeente or query):
        raise click.UsageError("Geef XML-bestanden op (of markdown, HTML of PDF), of zoek online met --gemeente en/of --query.")
    override = RuleMeta(gemeente=gemeente, title=title, identifier=identifier, url=url,
                        in_force_from=in_force_from.isoformat() if in_force_from else None)

    def parse_file(path: Path):
        if path.suffix.lower() in RULE_SUFFIXES:
            return parse_rule_file(path, override)
        return parse_cvdr(path.read_bytes())

    pairs, failed = parse_all(xml_files(paths, (".xml", *RULE_SUFFIXES)), parse_file, lambda p: p, "bestanden lezen")
    if query or (gemeente and not paths):
        fetcher = Fetcher()
        try:
            records = search_cvdr(gemeente, query, on=peildatum, fetcher=fetcher)
        except SyncError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"{len(records)} geldende regeling(en) gevonden.")
        online, broken = parse_all(records, parse_cvdr, lambda r: fetcher.get(r.xml_url), "downloaden")
        pairs, failed = pairs + online, failed + broken
    finish(pairs, failed, not no_build)


@import_group.command("bwb")
@click.argument("source")
@click.option("--peildatum", callback=parse_peildatum, help="Versie die geldt op JJJJ-MM-DD (standaard vandaag).")
@click.option("--no-build", is_flag=True, help="Alleen opslaan; de index later bijwerken met 'assistant build'.")
def import_bwb(source: str, peildatum: date | None, no_build: bool) -> None:
    """Importeer een wet: een BWB-id (bv. BWBR0035362, online) of een XML-bestand."""
    from assistant.rules.sync import SyncError, fetch_bwb
    from knowledge.bwb import parse_bwb

    path = Path(source)
    if path.exists():
        pairs, failed = parse_all(xml_files([path]), parse_bwb, Path.read_bytes, "bestanden lezen")
    elif BWB_ID.fullmatch(source):
        try:
            xml = fetch_bwb(source.upper(), on=peildatum)
        except SyncError as error:
            raise click.ClickException(str(error)) from None
        pairs, failed = parse_all([xml], parse_bwb, lambda x: x, "lezen")
    else:
        raise click.BadParameter("geef een BWB-id zoals BWBR0035362 of een bestaand XML-bestand.",
                                 param_hint="SOURCE")
    finish(pairs, failed, not no_build)


@import_group.command("list")
def list_command() -> None:
    """Toon de geïmporteerde regelingen en wetten."""
    imported = list_imported(layout())
    if not imported:
        click.echo("Er zijn nog geen regels geïmporteerd.")
        return
    for item in imported:
        d = item.document
        dates = f"{d.valid_from or '?'} t/m {d.valid_to or 'heden'}"
        click.echo(f"{d.id:32} {d.gemeente or 'Rijk':20} {dates:26} {item.chunks:4} passages  {d.title}")
    click.echo("(meegeleverde regels uit knowledge/rules/ komen bij 'assistant build' terug; "
               "'assistant build --without-default-rules' laat ze weg)")


@import_group.command("remove")
@click.argument("document_ids", nargs=-1, required=True)
@click.option("--no-build", is_flag=True, help="Alleen verwijderen; de index later bijwerken met 'assistant build'.")
def remove_command(document_ids: tuple[str, ...], no_build: bool) -> None:
    """Verwijder geïmporteerde regelingen (ids zoals 'assistant import list' ze toont)."""
    removed = [d for d in document_ids if remove_imported(layout(), d)]
    unknown = sorted(set(document_ids) - set(removed))
    if unknown:
        click.echo(f"Niet gevonden: {', '.join(unknown)}")
    click.echo(f"{len(removed)} regeling(en) verwijderd.")
    if removed and not no_build:
        rebuild()
    elif removed:
        build_later_hint()


@click.command("compare")
@click.argument("topic")
@click.argument("gemeenten", nargs=-1, required=True)
@click.option("--peildatum", callback=parse_peildatum, help="Datum JJJJ-MM-DD (standaard vandaag).")
def compare_command(topic: str, gemeenten: tuple[str, ...], peildatum: date | None) -> None:
    """Vergelijk gemeenten op een onderwerp: per gemeente de best passende artikelen."""
    from assistant.rules.compare import compare, comparison_table
    from index.embedder import default_model_path, load_embedder
    from index.search import HybridIndex, IndexNotBuilt

    if not 2 <= len(gemeenten) <= 10:
        raise click.UsageError("Geef 2 tot en met 10 gemeenten op.")
    try:
        index = HybridIndex(layout(), load_embedder(default_model_path()))
    except IndexNotBuilt:
        raise click.ClickException("De kennisbank is nog niet opgebouwd. Voer eerst 'assistant build' uit.") from None
    click.echo(comparison_table(compare(index, topic, list(gemeenten), peildatum or date.today())), nl=False)
