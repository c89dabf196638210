"""Console script `assistant`: build, search, serve, eval. Thin: the work is in the packages."""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import click

from assistant.config import default_config
from index.layout import IndexLayout


def layout() -> IndexLayout:
    return IndexLayout(Path(default_config()["INDEX_DIR"]))


def model_name_or_path() -> str:
    from index.embedder import default_model_path

    return default_model_path()


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Meer uitvoer.")
def main(verbose: bool) -> None:
    """Kennisbank en zoekdienst voor vragen over gehandicaptenbeleid."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


@main.command()
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
@click.option("--clean", is_flag=True, help="Begin leeg: ook geïmporteerde regels worden verwijderd.")
@click.option("--without-default-rules", is_flag=True,
              help="Laad de meegeleverde gemeentelijke regels (knowledge/rules/) niet.")
def build(corpus: Path | None, clean: bool, without_default_rules: bool) -> None:
    """Bouw de index (incrementeel; alleen gewijzigde passages worden opnieuw ingebed)."""
    from index.build import build_index
    from index.embedder import load_embedder, model_label
    from index.imports import import_default_rules
    from index.layout import BuildInProgress
    from knowledge.corpus import DEFAULT_CORPUS

    where = layout()
    if clean and where.imports_db.exists():
        where.imports_db.unlink()
    if not without_default_rules:
        import_default_rules(where)
    path = model_name_or_path()
    try:
        report = build_index(where, model_label(path), lambda: load_embedder(path), corpus or DEFAULT_CORPUS)
    except BuildInProgress:
        raise click.ClickException("Er loopt al een andere build van deze index. Probeer het straks opnieuw.") from None
    state = "ongewijzigd" if report.unchanged else f"{report.embedded} passages ingebed"
    click.echo(f"{report.documents} documenten, {report.chunks} passages ({state}) in {report.seconds:.1f} s")


@main.command("search")
@click.argument("query")
@click.option("-k", default=5, show_default=True, type=click.IntRange(1, 50))
def search_command(query: str, k: int) -> None:
    """Zoek passages bij een vraag."""
    from assistant.answers.ranking.models import load_models
    from assistant.answers.retrieval import search
    from index.embedder import load_embedder
    from index.search import HybridIndex

    index = HybridIndex(layout(), load_embedder(model_name_or_path()))
    for n, hit in enumerate(search(index, query, k, models=load_models()), start=1):
        click.echo(f"[{n}] {hit.score:.4f}  {hit.document.title} — {hit.chunk.section or ''}  ({hit.chunk.id})")
        click.echo("    " + hit.chunk.text[:400].replace("\n", "\n    "))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", type=int, help="Aantal processen (standaard: ASSISTANT_WORKERS of één per kern).")
@click.option("--worker-class", type=click.Choice(["gthread", "sync"]), help="Soort worker (standaard gthread).")
@click.option("--threads", type=int, help="Threads per gthread-worker (standaard 4).")
@click.option("--timeout", type=int, help="Seconden voordat een vastgelopen worker opnieuw start (standaard 60).")
def serve(host: str, port: int, workers: int | None, worker_class: str | None, threads: int | None,
          timeout: int | None) -> None:
    """Start de webdienst (gunicorn)."""
    from assistant.web.server import ServeOptions, run

    options = ServeOptions.from_environment(host=host, port=port, workers=workers, worker_class=worker_class,
                                            threads=threads, timeout=timeout)
    click.echo(f"Luistert op http://{host}:{port} met {options.worker_count()} worker(s) ({options.worker_class})")
    run(options)


@main.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json-output", is_flag=True, help="Alleen de cijfers als JSON.")
@click.option("--retrieval-only", is_flag=True, help="Alleen zoekkwaliteit meten.")
@click.option("--cv", is_flag=True, help="Kruisvalidatie: elke vraag beantwoord door modellen die haar niet zagen.")
@click.option("--sentences-from", "sentence_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Met --cv: vragenset waarvan alleen het zinnenmodel ook leert, zoals bij 'assistant fit'.")
def eval_command(files: tuple[Path, ...], json_output: bool, retrieval_only: bool, cv: bool,
                 sentence_files: tuple[Path, ...]) -> None:
    """Meet zoekkwaliteit (recall@k, MRR@10) en antwoorden (via /api/ask) op een of meer vragensets.
    Met --cv worden de modellen op alle sets samen gevat; de cijfers komen ook per set."""
    import dataclasses
    import tempfile

    from assistant import create_app
    from assistant.answers.composer import ExtractiveGenerator
    from assistant.answers.evaluation import evaluate_answers, evaluate_retrieval, load_all, load_questions, merge_reports
    from assistant.answers.retrieval import search
    from assistant.web.extensions import GENERATOR, INDEX, get_index
    from index.embedder import load_embedder

    data_dir = Path(tempfile.mkdtemp(prefix="assistant-eval-"))
    app = create_app({"EMBEDDER": load_embedder(model_name_or_path()), "DATA_DIR": str(data_dir), "RATE_LIMIT": "off"})
    if app.extensions.get(INDEX) is None:
        raise click.ClickException("De index is nog niet gebouwd: voer eerst 'assistant build' uit.")
    sets = {file.name: load_questions(file) for file in files}
    questions = [q for part in sets.values() for q in part]
    with app.app_context():
        index = get_index()
        generator = app.extensions[GENERATOR]
        if cv:
            from assistant.answers.ranking.figures import figures
            from assistant.answers.ranking.fitting import fit

            result = fit(index, questions, load_all(sentence_files))
            folds = {c.item["id"]: c.fold for c in result.cases}

            def retrieval_of(part: list[dict]) -> dict:
                ids = {q["id"] for q in part}
                return figures(dataclasses.replace(result, cases=tuple(c for c in result.cases if c.item["id"] in ids)))
        else:
            folds = {item["id"]: 0 for item in questions}

            def retrieval_of(part: list[dict]) -> dict:
                return evaluate_retrieval(
                    part, lambda q: [h.chunk.text for h in search(index, q, 10, models=generator.models)]).summary()

        parts = {name: {"retrieval": retrieval_of(part)} for name, part in sets.items()}
    failures: list[str] = []
    if not retrieval_only:
        client = app.test_client()

        def ask(question: str) -> tuple[int, dict]:
            response = client.post("/api/ask", json={"question": question})
            return response.status_code, response.get_json(silent=True) or {}

        def stored() -> bytes:
            return b"".join(p.read_bytes() for p in data_dir.glob("conversations.db*"))

        reports: dict[str, list] = {name: [] for name in sets}
        for fold in sorted(set(folds.values())):
            if cv:  # answered by the models fitted without this fold's questions
                app.extensions[GENERATOR] = ExtractiveGenerator(index, result.fold_models[fold])
            for name, part in sets.items():
                reports[name].append(evaluate_answers([q for q in part if folds.get(q["id"], 0) == fold], ask, stored))
        for name in sets:
            answers = merge_reports(reports[name])
            parts[name]["answers"] = answers.summary()
            failures += answers.failures
    summary: dict = next(iter(parts.values())) if len(parts) == 1 else parts
    if json_output:
        click.echo(json.dumps(summary))
        return
    for name, figures_of in parts.items():
        if len(parts) > 1:
            click.echo(f"== {name}")
        for part, values in figures_of.items():
            click.echo("Zoeken (retrieval):" if part == "retrieval" else "Antwoorden (/api/ask):")
            for key, value in values.items():
                click.echo(f"  {key:22} {value}")
    for failure in failures:
        click.echo(f"  afwijking: {failure}")


from assistant.cli.imports import compare_command, import_group  # noqa: E402  (registered after main)

main.add_command(import_group)
main.add_command(compare_command)

from assistant.cli import fitting  # noqa: E402,F401  (registers `fit`)
