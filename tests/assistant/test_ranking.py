"""The learned ranking: fitting with folds by question, the stored models, their use in search."""
from __future__ import annotations

import json

import numpy as np

from assistant.answers.ranking.figures import figures
from assistant.answers.ranking.fitting import FOLDS, answer_threshold, parsimonious_threshold
from assistant.answers.ranking.linear import LinearModel, fit_linear
from assistant.answers.ranking.models import MODELS_FILE, load_models, save_models
from tests.conftest import SHARED

DEV = SHARED / "eval" / "dev.jsonl"


def test_linear_model_round_trips_and_learns_a_separable_rule():
    rows = np.array([[0.0, 1.0], [0.1, 0.0], [0.9, 1.0], [1.0, 0.0]] * 5)
    labels = np.array([0, 0, 1, 1] * 5)
    model = fit_linear(rows, labels, ("a", "b"))
    again = LinearModel.from_json(json.loads(json.dumps(model.to_json())))
    probabilities = again.probability(np.array([[0.05, 0.5], [0.95, 0.5]]))
    assert probabilities[0] < 0.5 < probabilities[1]


def test_answer_threshold_answers_at_most_a_tenth_of_out_of_scope():
    scores = [0.9, 0.2, 0.3, 0.1, 0.5, 0.4, 0.6, 0.05, 0.15, 0.25, 0.35]
    t = answer_threshold(scores)
    assert sum(s >= t for s in scores) <= 0.1 * len(scores)
    assert t <= 0.6 + 1e-5  # and no higher than needed
    # When the checks stop most out-of-scope questions, the point never falls below the floor.
    assert answer_threshold([0.04, 0.02], 15, floor=0.27) == 0.27
    assert answer_threshold(scores, floor=0.27) == t


def test_sentence_threshold_takes_the_highest_within_one_standard_error_of_the_best():
    # Over 300 questions one standard error of .65 is about .028: .654 at 0.5 counts as good as
    # .657 at 0.2, so the higher threshold (fewer sentences per answer) wins; .62 at 0.6 does not.
    shares = {0.2: 0.657, 0.3: 0.654, 0.4: 0.654, 0.5: 0.654, 0.6: 0.62, 0.7: 0.6}
    assert parsimonious_threshold(shares, 300) == 0.5
    # With few questions the error is wider and a higher threshold is as good.
    assert parsimonious_threshold(shares, 20) == 0.7
    assert parsimonious_threshold({0.3: 0.5, 0.4: 0.5}, 100) == 0.4


def test_prior_floor_is_the_share_of_questions_whose_evidence_does_not_answer():
    from types import SimpleNamespace

    from assistant.answers.ranking.fitting import prior_floor

    cases = [SimpleNamespace(decision_label=label, decision_row=np.zeros(3)) for label in (0, 0, 1, 1, 1, 1, 1, 1)]
    cases.append(SimpleNamespace(decision_label=None, decision_row=np.zeros(3)))  # adversarial: unused
    cases.append(SimpleNamespace(decision_label=1, decision_row=None))  # nothing retrieved: unused
    assert prior_floor(cases) == 2 / 8


def test_shipped_models_match_the_features_and_carry_cross_validated_figures():
    models = load_models(MODELS_FILE)
    assert 0.0 < models.answer_threshold < 1.0
    figures_ = models.info["retrieval"]
    assert set(figures_) >= {"cross_validated", "fitted"}
    assert figures_["cross_validated"]["questions"] >= 90


def test_fit_scores_every_question_with_models_that_never_saw_it(hashing_fit, tmp_path):
    result = hashing_fit
    assert len(result.fold_models) == FOLDS
    folds = {c.fold for c in result.cases}
    assert folds == set(range(FOLDS))
    # Out-of-fold scores come from the model of the case's fold, not from the final model.
    case = next(c for c in result.cases if c.passage_labels.any())
    own = result.fold_models[case.fold].passage.probability(case.passage_rows)
    assert np.allclose(case.passage_scores, own)
    assert not np.allclose(own, result.models.passage.probability(case.passage_rows))
    numbers = figures(result)
    assert 0.0 <= numbers["cross_validated"]["recall@1"] <= numbers["cross_validated"]["recall@5"] <= 1.0
    save_models(result.models, tmp_path / "m.json")
    assert load_models(tmp_path / "m.json").passage == result.models.passage



def test_a_passage_under_another_law_than_the_one_asked_about_is_marked():
    from assistant.answers.ranking.features import PASSAGE_FEATURES, laws_named, passage_features, question_facts
    from index.search import Hit
    from knowledge.documents import Chunk, Document
    from tests.assistant.terms import Terms

    doc = Document(id="r", title="Nadere regels maatschappelijke ondersteuning en jeugdhulp", type="regeling")
    wmo = Chunk(id="a", document_id="r", text="De cliënt ontvangt de beslissing binnen 2 weken.", section="3.1 Wmo > Beslistermijn")
    jeugd = Chunk(id="b", document_id="r", text="Een aanvraag dient binnen 8 weken afgehandeld te zijn.", section="3.2 Jeugd > Beslistermijn")
    neither = Chunk(id="c", document_id="r", text="Het college beslist zo snel mogelijk.", section="Beslistermijn")
    hits = [Hit(c, doc, 1.0, 0.8, i + 1, i + 1) for i, c in enumerate((wmo, jeugd, neither))]
    sims = [{0: 0.8}, {0: 0.8}, {0: 0.8}]
    column = PASSAGE_FEATURES.index("other_law")
    asked = question_facts("Binnen hoeveel weken beslist de gemeente over mijn jeugdhulp?", False, None, Terms())
    assert asked.laws == {"jeugdwet"} and laws_named("de Wet langdurige zorg en de Wmo") == {"wlz", "wmo"}
    # The document's title names both laws: the passage's own section and text say which it is under.
    assert list(passage_features(asked, hits, sims, Terms())[:, column]) == [1.0, 0.0, 0.0]
    plain = question_facts("Binnen hoeveel weken beslist de gemeente?", False, None, Terms())
    assert list(passage_features(plain, hits, sims, Terms())[:, column]) == [0.0, 0.0, 0.0]
