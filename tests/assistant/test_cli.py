"""The console script, with the hashing stand-in model so it runs in seconds."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from assistant.cli.main import main
from index.imports import list_imported
from index.layout import IndexLayout

OVERHEID = __import__("pathlib").Path(__file__).resolve().parents[1] / "data" / "overheid"


@pytest.fixture()
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_EMBEDDING_MODEL", "hashing-stand-in")
    return tmp_path


def test_build_search_import_and_clean(env):
    runner = CliRunner()
    first = runner.invoke(main, ["build"])
    assert first.exit_code == 0, first.output
    # 22 corpus documents plus the 5 regulations shipped in knowledge/rules/
    assert "27 documenten" in first.output and "ingebed" in first.output
    again = runner.invoke(main, ["build"])
    assert "ongewijzigd" in again.output

    found = runner.invoke(main, ["search", "draagkrachtpercentage gemeente F", "-k", "3"])
    assert found.exit_code == 0 and "[1]" in found.output

    imported = runner.invoke(main, ["import", "cvdr", str(OVERHEID / "cvdr_example3.xml")])
    assert imported.exit_code == 0, imported.output
    layout = IndexLayout(env / "index")
    assert list_imported(layout)
    rebuilt = runner.invoke(main, ["build"])
    assert "28 documenten" in rebuilt.output  # the imported rule is kept

    listing = runner.invoke(main, ["import", "list"])
    assert "cvdr-CVDR680781-1" in listing.output and "Someren" in listing.output
    removed = runner.invoke(main, ["import", "remove", "cvdr-CVDR680781-1", "nope"])
    assert "1 regeling(en) verwijderd" in removed.output and "Niet gevonden: nope" in removed.output
    assert "27 documenten" in removed.output  # rebuilt without it
    assert runner.invoke(main, ["import", "cvdr", str(OVERHEID / "cvdr_example3.xml")]).exit_code == 0

    clean = runner.invoke(main, ["build", "--clean"])
    assert clean.exit_code == 0 and "27 documenten" in clean.output
    # --clean drops what was imported by hand; the shipped regulations come back
    assert {i.document.gemeente for i in list_imported(layout)} == {"Aa en Hunze", "Den Haag", "Hilversum", "Zaltbommel"}
    bare = runner.invoke(main, ["build", "--clean", "--without-default-rules"])
    assert bare.exit_code == 0 and "22 documenten" in bare.output and not list_imported(layout)


def test_eval_prints_retrieval_and_answer_figures(env, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "x1", "question": "Wat is het draagkrachtpercentage van Gemeente F?", "category": "verschillen", '
        '"answerable": true, "gold_quotes": ["Gemeente F\\tVanaf 130%\\t100%"], "must_include": ["100%"]}\n'
    )
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    result = runner.invoke(main, ["eval", str(questions)])
    assert result.exit_code == 0, result.output
    assert "recall@1" in result.output and "answered_rate" in result.output


def test_import_says_the_running_service_takes_the_new_build(env):
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    layout = IndexLayout(env / "index")
    served = layout.lease(layout.current_build())  # what a running worker holds
    try:
        imported = runner.invoke(main, ["import", "cvdr", str(OVERHEID / "cvdr_example3.xml")])
        assert imported.exit_code == 0, imported.output
        assert "herstarten is niet nodig" in imported.output
        later = runner.invoke(main, ["import", "cvdr", "--no-build", str(OVERHEID / "cvdr_example1.xml")])
        assert "Voer 'assistant build' uit" in later.output and "vanzelf" in later.output
    finally:
        served.close()
