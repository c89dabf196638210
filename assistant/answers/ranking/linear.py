"""A fitted logistic model as plain numbers: standardise, dot product, sigmoid. No pickles."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z_LIMIT = 4.0  # standard deviations

@dataclass(frozen=True)
class LinearModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """P(positive) for each row of a [n, features] matrix."""
        if len(rows) == 0:
            return np.zeros(0)
        z = (np.asarray(rows, dtype=np.float64) - np.array(self.mean)) / np.array(self.scale)
        # A value far outside what the model was fitted on counts as the edge of that range, so
        # one odd feature (a passage with no dense score) cannot decide on its own.
        z = np.clip(z, -Z_LIMIT, Z_LIMIT)
        return 1.0 / (1.0 + np.exp(-(z @ np.array(self.coef) + self.intercept)))

    def to_json(self) -> dict:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept}

    @classmethod
    def from_json(cls, data: dict) -> "LinearModel":
        return cls(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
                   float(data["intercept"]))


def fit_linear(rows: np.ndarray, labels: np.ndarray, features: tuple[str, ...], c: float = 1.0) -> LinearModel:
    """Balanced L2 logistic regression (scikit-learn), stored as numbers."""
    from sklearn.linear_model import LogisticRegression

    rows = np.asarray(rows, dtype=np.float64)
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit((rows - mean) / scale, labels)
    return LinearModel(features, tuple(mean.tolist()), tuple(scale.tolist()), tuple(model.coef_[0].tolist()),
                       float(model.intercept_[0]))
