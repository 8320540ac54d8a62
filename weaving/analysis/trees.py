"""Exact, vectorised scoring with the boosted stack's trees (``model.fit_stack``).

scikit-learn's predictor walks every tree row by row (about 14 ns per row and
tree on one thread: most of the scoring time of a 10k-actor map), and needs the
features binned first.  ``compile_forest`` turns the fitted estimator into

* **splits**: every distinct (feature, bin threshold) of all trees, each turned
  into a comparison ``x < r`` of the *raw* feature value (``model._bin`` and
  scikit-learn's own bin mapper are monotone step functions, so "bin <= t" is
  "x below the first raw value whose bin is above t"): no binning at all;
* **trees**: per tree, the indices of its splits and a table of its leaf values
  indexed by the bits of those splits (at most ``MAX_SPLITS`` splits per tree;
  depth-3 trees have at most 7).

``raw_predict`` then works on blocks of rows: one comparison per split, shared
by all trees, then per tree a few bit operations and one table look-up.  The
raw scores are added tree by tree in scikit-learn's order, starting from its
baseline, so the result is bit for bit what ``predict_proba`` gives (checked in
``tests/analysis/test_linkmodel.py``).  ``compile_forest`` returns None when the
estimator is not of the expected form (categorical splits, other scikit-learn
internals); the model then uses ``predict_proba``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Forest", "compile_forest", "predict_proba", "raw_predict"]

BLOCK = 16_384         # rows per block: the split bits of a block stay in cache
MAX_SPLITS = 8         # splits per tree (the bits of a uint8 code)


@dataclass(frozen=True)
class Forest:
    """The compiled trees of a fitted binary ``HistGradientBoostingClassifier``.

    Attributes
    ----------
    baseline : float
        The estimator's baseline raw score.
    features : tuple of (int, int, int)
        (feature column, first split, end) per feature that has splits.
    thresholds : numpy.ndarray
        Per split, the raw value ``r``: a row goes left when ``x < r``.
    trees : tuple of (tuple of int, numpy.ndarray)
        Per tree, its splits (bit i = split i) and its leaf value per code.
    """

    baseline: float
    features: tuple
    thresholds: np.ndarray
    trees: tuple


def _raw_thresholds(edges: np.ndarray, lut: np.ndarray, top: int) -> np.ndarray:
    """Per bin threshold t = 0..top the raw value r with bin(x) <= t  <=>  x < r.

    ``lut[k]`` is the estimator's bin of our bin k (k = number of ``edges`` <= x,
    see ``model._bin``); the largest k mapped to <= t gives r = edges[k] (-inf
    when there is none, +inf when every k is).
    """
    k = np.searchsorted(lut, np.arange(top + 1), side="right") - 1
    return np.concatenate(([-np.inf], np.asarray(edges, dtype=np.float64), [np.inf]))[k + 1]


def compile_forest(est, edges: tuple) -> Forest | None:
    """The compiled form of a fitted binary ``HistGradientBoostingClassifier``
    trained on ``model._bin(X, edges)``, or None when it is not of the expected form.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.ensemble import HistGradientBoostingClassifier
    >>> from weaving.analysis.model import _bin, _edges
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((300, 3))
    >>> y = (X[:, 0] + 0.3 * rng.random(300) > 0.6).astype(float)
    >>> edges = _edges(X)
    >>> est = HistGradientBoostingClassifier(max_iter=5, max_depth=3, random_state=0).fit(_bin(X, edges), y)
    >>> forest = compile_forest(est, edges)
    >>> bool(np.array_equal(predict_proba(forest, X), est.predict_proba(_bin(X, edges))[:, 1]))
    True
    """
    try:
        bm = est._bin_mapper
        missing = int(bm.missing_values_bin_idx_)
        baseline = np.asarray(est._baseline_prediction, dtype=np.float64).ravel()
        predictors = est._predictors
        if getattr(est, "n_trees_per_iteration_", 1) != 1 or len(baseline) != 1:
            return None
        width = max(len(e) for e in edges) + 1
        ours = np.column_stack([np.minimum(np.arange(width), len(e)) for e in edges]).astype(np.float64)
        lut = np.asarray(bm.transform(ours)).astype(np.int64)
        raw = []                  # per feature: the raw threshold of every bin threshold 0..missing
        for f, e in enumerate(edges):
            col = lut[:len(e) + 1, f]
            if np.any(np.diff(col) < 0) or col.max() >= missing:
                return None
            raw.append(_raw_thresholds(e, col, missing).tolist())
        splits: dict = {}
        trees = []
        for it in predictors:
            if len(it) != 1:
                return None
            nodes = it[0].nodes
            if nodes["is_categorical"].any():
                return None
            leaf = nodes["is_leaf"].astype(bool)
            internal = np.flatnonzero(~leaf)
            if len(internal) > MAX_SPLITS:
                return None
            conds = tuple(splits.setdefault((f, raw[f][t]), len(splits)) for f, t in
                          zip(nodes["feature_idx"][internal].tolist(), nodes["bin_threshold"][internal].tolist()))
            bit = np.zeros(len(nodes), dtype=np.int64)
            bit[internal] = np.arange(len(internal))
            left, right = nodes["left"].astype(np.int64), nodes["right"].astype(np.int64)
            codes = np.arange(1 << len(internal), dtype=np.int64)
            node = np.zeros(len(codes), dtype=np.int64)
            for _ in range(len(nodes)):                 # every code walks down to its leaf
                inner = ~leaf[node]
                if not inner.any():
                    break
                go_left = (codes >> bit[node]) & 1 == 1
                node = np.where(inner, np.where(go_left, left[node], right[node]), node)
            trees.append((conds, nodes["value"][node].astype(np.float64)))
    except (AttributeError, KeyError, ValueError, TypeError, IndexError):
        return None
    order = sorted(splits, key=lambda ft: (ft[0], splits[ft]))      # splits grouped by feature
    renum = {splits[ft]: i for i, ft in enumerate(order)}
    features = []
    for i, (f, _r) in enumerate(order):
        if features and features[-1][0] == f:
            features[-1][2] = i + 1
        else:
            features.append([f, i, i + 1])
    return Forest(float(baseline[0]), tuple(tuple(x) for x in features),
                  np.asarray([r for _f, r in order], dtype=np.float64),
                  tuple((tuple(renum[c] for c in conds), table) for conds, table in trees))


def raw_predict(forest: Forest, F: np.ndarray) -> np.ndarray:
    """Raw scores (log-odds) of the rows of a feature matrix."""
    F = np.asarray(F, dtype=np.float64)
    n = len(F)
    out = np.empty(n)
    ns = len(forest.thresholds)
    thr = forest.thresholds[:, None]
    size = min(n, BLOCK)
    bits = np.empty((ns, size), dtype=bool)
    code, tmp, index = np.empty(size, dtype=np.uint8), np.empty(size, dtype=np.uint8), np.empty(size, dtype=np.intp)
    weight = [np.uint8(1 << i) for i in range(MAX_SPLITS)]   # (a uint8 product is much faster than a shift)
    for s in range(0, n, BLOCK):
        m = min(BLOCK, n - s)
        b = bits[:, :m]
        for f, a, e in forest.features:
            np.less(F[s:s + m, f][None, :], thr[a:e], out=b[a:e])
        bu = b.view(np.uint8)
        c, t, ix = code[:m], tmp[:m], index[:m]
        raw = np.full(m, forest.baseline)
        for conds, table in forest.trees:
            if not conds:
                raw += table[0]
                continue
            np.copyto(c, bu[conds[0]])
            for i in range(1, len(conds)):
                np.multiply(bu[conds[i]], weight[i], out=t)
                np.bitwise_or(c, t, out=c)
            np.copyto(ix, c)                   # (take is twice as fast with native indices)
            raw += table.take(ix)
        out[s:s + m] = raw
    return out


def predict_proba(forest: Forest, F: np.ndarray) -> np.ndarray:
    """Probability of the positive class per row (scikit-learn's ``expit``)."""
    from scipy.special import expit

    return expit(raw_predict(forest, F))
