"""The link model: a monotone logistic regression and its calibrated heuristics.

``LinkModel`` maps a pair feature matrix (``features.FEATURES``) to a
probability-like score in (0, 1), in one of three ways:

* ``scorer == "model"``: a class-balanced, L2-regularised logistic regression on
  standardised features whose weights on the evidence features (everything but
  preferential attachment) are constrained >= 0 (``_fit_logistic``);
* a classic heuristic (``"ra"``, ``"aa"``, ``"cn"``, ``"jaccard"``) mapped to a
  probability by a monotone 1-D logistic calibration (``_calibrate``), so its
  ranking is kept exactly;
* ``fallback`` (too few links to learn from): the fixed blend
  z = RA + 0.5 * attribute cosine, scored z / (1 + z) (monotone in both).

Which one a map gets, and the training data, are decided in ``training``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from weaving.analysis.features import FEATURES, raw_scores
from weaving.analysis.messages import jsonable

__all__ = ["MONOTONE", "LinkModel"]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@dataclass(frozen=True)
class LinkModel:
    """A fitted link model (see the module docstring); ``predict(F)`` scores a
    feature matrix, ``linear(F)`` is the logistic model's linear score."""

    coef: np.ndarray | None
    intercept: float
    mean: np.ndarray | None
    scale: np.ndarray | None
    fallback: bool
    n_pos: int
    n_neg: int
    scorer: str = "model"           # chosen by inner validation (see ``fit_model``)
    cal: tuple = (1.0, 0.0)         # monotone calibration of a heuristic: sigmoid(a * z + b)
    validation: tuple = ()          # (scorer, mean inner precision@L, mean inner AUC, splits)

    def linear(self, F: np.ndarray) -> np.ndarray:
        return ((F - self.mean) / self.scale) @ self.coef + self.intercept

    def predict(self, F: np.ndarray) -> np.ndarray:
        if len(F) == 0:
            return np.zeros(0)
        if self.fallback:
            z = F[:, 1] + 0.5 * F[:, 5]
            return z / (1.0 + z)
        if self.scorer == "model":
            # RA as a vanishing tie-breaker: pairs the model cannot tell apart (e.g. a
            # degenerate fit on a 20-link map) keep the resource-allocation order
            return _sigmoid(self.linear(F)) + 1e-9 * np.tanh(F[:, 1])
        a, b = self.cal
        return _sigmoid(a * raw_scores(self.scorer, F) + b)

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "fallback": self.fallback, "scorer": self.scorer,
                "coef": jsonable(list(self.coef)) if self.coef is not None else None,
                "n_pos": self.n_pos, "n_neg": self.n_neg, "validation": jsonable(list(self.validation))}


MONOTONE = np.array([True, True, True, True, False, True])   # all but preferential attachment


def _fit_logistic(X: np.ndarray, y: np.ndarray, C: float = 1.0, bounds=None) -> tuple[np.ndarray, float]:
    """Class-balanced, L2-regularised logistic regression whose weights on the
    evidence features (common contacts, RA, AA, Jaccard, shared interests) are
    constrained to be >= 0: more shared contacts or interests must never lower a
    pair's score, even on a tiny map where the unconstrained fit would overfit
    (collinear CN/RA/AA otherwise get opposite signs).  Newton's method (a handful
    of features) inside an active set: the most negative constrained weight is
    fixed at 0 and the rest refitted until none is negative.  Deterministic."""
    npos, nneg = y.sum(), len(y) - y.sum()
    sw = np.where(y == 1, len(y) / (2 * npos), len(y) / (2 * nneg))
    d = X.shape[1]
    if bounds is None:
        lower = MONOTONE.copy()
    else:
        lower = np.array([b[0] is not None for b in bounds])
    free = np.ones(d, bool)
    while True:
        Xa = np.column_stack([X[:, free], np.ones(len(X))])
        k = Xa.shape[1]
        reg = np.full(k, 1.0 / C)
        reg[-1] = 1e-9
        theta = np.zeros(k)
        for _ in range(100):
            z = Xa @ theta
            p = _sigmoid(z)
            g = Xa.T @ (sw * (p - y)) + reg * theta
            H = (Xa * (sw * p * (1 - p))[:, None]).T @ Xa + np.diag(reg)
            step = np.linalg.solve(H, g)
            theta -= step
            if np.max(np.abs(step)) < 1e-10:
                break
        w = np.zeros(d)
        w[free] = theta[:-1]
        viol = np.flatnonzero(free & lower & (w < 0))
        if len(viol) == 0:
            return w, float(theta[-1])
        free[viol[np.argmin(w[viol])]] = False


def _calibrate(scorer: str, Fp: np.ndarray, Fn: np.ndarray) -> tuple[float, float]:
    """Monotone (a >= 0) 1-D logistic map of a heuristic's score to a probability."""
    z = np.concatenate([raw_scores(scorer, Fp), raw_scores(scorer, Fn)])[:, None]
    y = np.concatenate([np.ones(len(Fp)), np.zeros(len(Fn))])
    sd = z.std() or 1.0
    (a,), b = _fit_logistic(z / sd, y, bounds=[(0, None)])
    return max(float(a), 1e-3) / sd, b
