"""`assistant fit`: fit the ranking and answer models on a question set and store them."""
from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import click

from assistant.cli.main import layout, main, model_name_or_path


@main.command("fit")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Waar de modellen komen (standaard: assistant/answers/ranking/models.json).")
@click.option("--sentences-from", "sentence_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Vragenset waarvan alleen het zinnenmodel ook leert (mag vaker).")
def fit_command(files: tuple[Path, ...], output: Path | None, sentence_files: tuple[Path, ...]) -> None:
    """Train de rangschik- en antwoordmodellen met kruisvalidatie (5 delen, per vraag), op één of
    meer vragensets samen."""
    from assistant.answers.evaluation import load_all
    from assistant.answers.ranking.figures import figures
    from assistant.answers.ranking.fitting import FOLDS, fit
    from assistant.answers.ranking.models import MODELS_FILE, save_models
    from index.embedder import load_embedder
    from index.search import HybridIndex

    index = HybridIndex(layout(), load_embedder(model_name_or_path()))
    result = fit(index, load_all(files), load_all(sentence_files))
    numbers = figures(result)
    info = {"fitted_on": ", ".join(file.name for file in files),
            "sentences_also_from": ", ".join(file.name for file in sentence_files), "questions": len(result.cases), "folds": FOLDS, "model": index.model_name,
            "fitted_at": time.strftime("%Y-%m-%d"), "retrieval": numbers}
    models = dataclasses.replace(result.models, info=info)
    save_models(models, output or MODELS_FILE)
    click.echo(json.dumps(numbers, indent=1))
    click.echo(f"drempel antwoord {models.answer_threshold:.3f}, drempel zinnen {models.unit_threshold:.3f}")
