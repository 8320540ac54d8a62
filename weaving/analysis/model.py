"""The link model: a stacked classifier over all pair predictors (scikit-learn).

``LinkModel`` maps a pair feature matrix (``features.FEATURES``) to a
probability in (0, 1), in one of three ways (``kind``):

* ``"stack"``: scikit-learn's ``HistGradientBoostingClassifier`` over every
  predictor at once -- stacking, which beats each single predictor across
  hundreds of networks (Ghasemian et al., PNAS 2020) -- blended in log-odds
  with the logistic model below (weight of the stack: see ``training``, it
  grows with the number of links).  ``monotonic_cst`` is ``features.MONOTONE``:
  more shared contacts, paths or interests never lower a score, a longer
  distance never raises it.  Shallow trees (depth 3), 50 rounds, learning rate
  0.1, at least 20 pairs per leaf, L2 1.0: small maps give a few hundred links;
* ``"logistic"`` (tiny maps, see ``training``): the logistic model alone, a
  class-balanced, L2-regularised ``LogisticRegression`` over ``SIMPLE``
  (resource allocation): RA calibrated to a probability.  Monotone by an active
  set: a feature whose weight comes out with the wrong sign is dropped and the
  rest refitted;
* ``"fallback"`` (too few links to learn from, or none that RA supports): the
  fixed blend z = RA + 0.5 * attribute cosine, scored z / (1 + z).

Both parts are monotone, so the blend is.  Probabilities are *class-balanced*
(as if links and non-links were equally common): they rank and compare pairs,
they do not count how many links are missing.  Ties get vanishing tie-breakers
(RA, then shared interests).

scikit-learn is imported inside the functions that fit and predict, never at
module load (it costs a second in a fresh command-line process).  Fitting and
predicting run on one thread (``threadpoolctl``): on a loaded, shared machine
waiting worker threads cost more than they gain (measured: a 2-thread predict
of the 10k-actor candidates took 0.6 s more CPU under load).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from weaving.analysis.features import FEATURES, MONOTONE
from weaving.analysis.threads import one_thread as _one_thread
from weaving.analysis.messages import jsonable
from weaving.analysis.trees import compile_forest
from weaving.analysis.trees import predict_proba as forest_proba

__all__ = ["LinkModel", "fit_logistic", "fit_stack"]

BINS = 255                # the boosted trees' bins per feature (scikit-learn's maximum)
STACK_PARAMS = {"max_iter": 50, "learning_rate": 0.1, "max_depth": 3, "min_samples_leaf": 20,
                "l2_regularization": 1.0}
LOGISTIC_C = 1.0
SIMPLE = ("ra",)          # the logistic model's features (attributes there made small maps worse)
RA, ATTR = FEATURES.index("ra"), FEATURES.index("attr")


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p) - np.log1p(-p)


@dataclass(frozen=True)
class LinkModel:
    """A fitted link model (see the module docstring).

    Attributes
    ----------
    kind : {"stack", "logistic", "fallback"}
    stack : tuple or None
        (estimator, bin edges, ``trees.Forest`` or None) of the boosted stack;
        the compiled trees score (exactly as the estimator would, faster).
    simple : tuple or None
        (estimator, columns, (mean, std)) of the logistic model over ``SIMPLE``.
    alpha : float
        Weight of the stack against the logistic model (log-odds blend).
    n_links : int
        Links of the map the model learned from (positives).
    n_pairs : int
        Unlinked pairs it learned from (negatives, a weighted sample on big maps).
    n_outcomes : int
        Recorded outcomes of introductions it learned from.
    seed : int
    """

    kind: str
    stack: tuple | None = None
    simple: tuple | None = None
    alpha: float = 0.0
    n_links: int = 0
    n_pairs: int = 0
    n_outcomes: int = 0
    seed: int = 0

    @property
    def fallback(self) -> bool:
        return self.kind == "fallback"

    @property
    def scorer(self) -> str:
        return self.kind

    def predict(self, F: np.ndarray) -> np.ndarray:
        """Probability of each row of a feature matrix, in (0, 1)."""
        F = np.asarray(F, dtype=float)
        if len(F) == 0:
            return np.zeros(0)
        tie = 1e-7 * np.tanh(F[:, RA]) + 1e-9 * F[:, ATTR]
        if self.kind == "fallback":
            z = F[:, RA] + 0.5 * F[:, ATTR]
            return np.clip(z / (1.0 + z), 1e-6, 1 - 1e-6) + tie
        z = np.zeros(len(F))
        with _one_thread():
            if self.stack is not None and self.alpha > 0:
                est, edges, forest = self.stack
                if forest is not None:
                    p = forest_proba(forest, F)
                else:
                    p = est.predict_proba(_bin(F, edges))[:, 1]
                z += self.alpha * _logit(p)
            if self.simple is not None and self.alpha < 1:
                est, cols, (mean, std) = self.simple
                z += (1.0 - self.alpha) * _logit(est.predict_proba((F[:, list(cols)] - mean) / std)[:, 1])
        return np.clip(0.5 * (1.0 + np.tanh(0.5 * z)), 1e-6, 1 - 1e-6) + tie

    def to_dict(self) -> dict:
        simple = [FEATURES[c] for c in self.simple[1]] if self.simple is not None else []
        return {"kind": self.kind, "stack_features": list(FEATURES) if self.stack is not None else [],
                "simple_features": simple, "stack_weight": round(float(self.alpha), 4), "links": self.n_links,
                "pairs": self.n_pairs, "outcomes": self.n_outcomes, "seed": self.seed,
                "monotone": dict(zip(FEATURES, jsonable(list(MONOTONE))))}


def _edges(X: np.ndarray) -> tuple:
    """Per column, at most ``BINS - 1`` increasing cut points: every distinct value
    when there are few, else the (unweighted) quantiles of the training sample."""
    out = []
    for c in range(X.shape[1]):
        v = np.unique(X[:, c])
        if len(v) > BINS:
            v = np.unique(np.quantile(X[:, c], np.linspace(0, 1, BINS)))
        out.append(v[1:])
    return tuple(out)


def _bin(X: np.ndarray, edges: tuple) -> np.ndarray:
    """Bin numbers (monotone in each column, so monotone constraints carry over)."""
    return np.column_stack([np.searchsorted(e, X[:, c], side="right") for c, e in enumerate(edges)]).astype(float)


def fit_stack(X: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int) -> tuple:
    """(estimator, bin edges, ``trees.Forest`` or None): the monotone
    gradient-boosted stack on a weighted training set.  The features are binned
    here, before scikit-learn sees them: its own binning computes weighted
    percentiles one by one, which cost more than the whole fit on a few thousand
    pairs.  The compiled trees (``trees.compile_forest``) then score without binning."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    edges = _edges(X)
    est = HistGradientBoostingClassifier(**STACK_PARAMS, max_bins=BINS, monotonic_cst=list(MONOTONE),
                                         early_stopping=False, random_state=seed)
    with _one_thread():
        est.fit(_bin(X, edges), y, sample_weight=w)
    return est, edges, compile_forest(est, edges)


def fit_logistic(X: np.ndarray, y: np.ndarray, w: np.ndarray, columns=None) -> tuple | None:
    """(estimator, columns, (mean, std)) of the monotone-by-active-set logistic
    regression on ``columns`` (default ``SIMPLE``), or None when no feature is
    left (all constant or of the wrong sign)."""
    from sklearn.linear_model import LogisticRegression

    mono = np.asarray(MONOTONE)
    cols = np.asarray([FEATURES.index(f) for f in SIMPLE] if columns is None else columns, dtype=np.int64)
    cols = cols[X[:, cols].std(axis=0) > 1e-12]           # constant columns carry nothing
    while len(cols):
        mean, sd = X[:, cols].mean(axis=0), X[:, cols].std(axis=0)
        est = LogisticRegression(C=LOGISTIC_C, max_iter=1000)
        with _one_thread():
            est.fit((X[:, cols] - mean) / sd, y, sample_weight=w)
        wrong = np.flatnonzero(est.coef_[0] * mono[cols] < 0)
        if len(wrong) == 0:
            return est, tuple(int(c) for c in cols), (mean, sd)
        cols = np.delete(cols, wrong[np.argmin(est.coef_[0][wrong] * mono[cols][wrong])])
    return None
