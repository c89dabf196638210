"""The fitted models as one versioned bundle, loaded from `models.json` beside this code."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answers.ranking.features import DECISION_FEATURES, PASSAGE_FEATURES, UNIT_FEATURES
from assistant.answers.ranking.linear import LinearModel

MODELS_FILE = Path(__file__).with_name("models.json")


@dataclass(frozen=True)
class Models:
    passage: LinearModel  # P(passage holds the answer)
    unit: LinearModel  # P(sentence or row is part of the answer)
    decision: LinearModel  # P(the evidence found answers the question)
    answer_threshold: float  # answer when the decision probability reaches this
    unit_threshold: float  # more sentences join the best one when their probability reaches this
    info: dict = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict:
        return {"passage": self.passage.to_json(), "unit": self.unit.to_json(), "decision": self.decision.to_json(),
                "answer_threshold": self.answer_threshold, "unit_threshold": self.unit_threshold, "info": self.info}

    @classmethod
    def from_json(cls, data: dict) -> "Models":
        models = cls(LinearModel.from_json(data["passage"]), LinearModel.from_json(data["unit"]),
                     LinearModel.from_json(data["decision"]), float(data["answer_threshold"]),
                     float(data["unit_threshold"]), data.get("info", {}))
        expected = (PASSAGE_FEATURES, UNIT_FEATURES, DECISION_FEATURES)
        if (models.passage.features, models.unit.features, models.decision.features) != expected:
            raise ValueError("models.json was fitted on other features: run `assistant fit` again")
        return models


def load_models(path: Path = MODELS_FILE) -> Models:
    return Models.from_json(json.loads(path.read_text(encoding="utf-8")))


def save_models(models: Models, path: Path = MODELS_FILE) -> None:
    path.write_text(json.dumps(models.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
