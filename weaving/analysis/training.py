"""Fitting the map's own link model, with the scorer chosen by inner validation.

The scorers are the classic heuristics (resource allocation, Adamic-Adar,
common neighbours, Jaccard) and a logistic regression (``model.LinkModel``)
fitted *on the map itself* (supervised link prediction, Lichtenwalter et al.
2010): positives are the existing links (their structural features do not
depend on the link itself; degrees are taken without it), negatives a seeded
sample of candidate non-links plus uniform non-links (``_fit_lr``).

The scorer is chosen per map by inner validation, never peeking at what is to
be predicted: ``_inner_validation`` holds out 10 % of the map's own links over
several seeded splits (``INNER_BUDGET // links``, 1..30; the logistic model is
refitted on up to 5 of them), scores the held-out links against the map's
non-links (all of them up to 400 actors, else a weighted sample of candidate
pairs) and measures precision@L and AUC.  Resource allocation -- the strongest
classic heuristic on most networks -- is the default; another scorer replaces
it only when its paired gain in precision@L is larger than 2 standard errors
(Nadeau-Bengio corrected for the overlap of the splits: a handful of held-out
links on a small map cannot justify a switch) and its AUC is not lower.  The
chosen scorer is then refitted on all of the map's links (``fit_model``).
Attribute-rich maps where shared interests predict links select the logistic
model; structure-only maps stay with RA.  With fewer than ``MIN_TRAIN_LINKS``
links (or one class only) the model falls back to the fixed blend.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from weaving.analysis.candidates import attribute_pairs, iter_candidates
from weaving.analysis.features import (
    FEATURES,
    SCORERS,
    attribute_matrix,
    pair_features,
    raw_scores,
)
from weaving.analysis.model import LinkModel, _calibrate, _fit_logistic
from weaving.analysis.prepared import Prepared, prepare

__all__ = ["MIN_TRAIN_LINKS", "fit_model"]

MIN_TRAIN_LINKS = 8
INNER_FRAC = 0.1           # share of the map's links held out in each inner split
INNER_SPLITS_MIN = 1
INNER_SPLITS_MAX = 30
INNER_BUDGET = 3_000       # inner splits = clip(INNER_BUDGET // links, 1, INNER_SPLITS_MAX)
INNER_LR_SPLITS = 5        # the logistic model is refitted on at most this many inner splits
SWITCH_SE = 2.0            # a scorer replaces RA only with a gain > 2 standard errors
INNER_ALL_PAIRS = 400      # up to this many actors the inner negatives are all non-links
INNER_MAX_POS = 2_000      # held-out links scored per inner split (bigger maps: a sample)
REFIT_MAX_LINKS = 20_000   # above this the inner split's logistic model is kept (no refit)


def _edges(prep: Prepared) -> tuple[np.ndarray, np.ndarray]:
    A = prep.A.tocoo()
    up = A.row < A.col
    return A.row[up].astype(np.int64), A.col[up].astype(np.int64)


def _fit_lr(prep: Prepared, rng, seed: int, max_pos: int = 5_000):
    """The map's own logistic link model: positives are its links (features
    without the link itself), negatives a seeded sample of candidate non-links."""
    eu, ev = _edges(prep)
    if len(eu) > max_pos:
        pick = np.sort(rng.choice(len(eu), max_pos, replace=False))
        eu, ev = eu[pick], ev[pick]
    Fp = pair_features(prep, eu, ev, linked=True)
    want = 3 * len(eu)
    nrows = prep.n if prep.n <= 3000 else max(200, min(prep.n, int(3 * want / max(1.0, (prep.A.nnz / prep.n) ** 2)) + 200))
    rows = np.sort(rng.choice(prep.n, size=min(prep.n, nrows), replace=False))
    parts = [F for _, _, F in iter_candidates(prep, seed, rows=rows)]
    Fn = np.vstack(parts) if parts else np.zeros((0, len(FEATURES)))
    half = want // 2
    if len(Fn) > half:
        Fn = Fn[np.sort(rng.choice(len(Fn), half, replace=False))]
    # plus uniform non-links: candidates alone all share a contact, which would
    # teach the model that common contacts do not matter
    n = prep.n
    ru = rng.integers(0, n, 2 * (want - len(Fn)) + 8)
    rv = rng.integers(0, n, len(ru))
    ok = ru != rv
    ru, rv = np.minimum(ru[ok], rv[ok]), np.maximum(ru[ok], rv[ok])
    ok = np.asarray(prep.A[ru, rv]).ravel() == 0 if len(ru) else np.zeros(0, bool)
    ru, rv = ru[ok][: want - len(Fn)], rv[ok][: want - len(Fn)]
    if len(ru):
        Fn = np.vstack([Fn, pair_features(prep, ru, rv)])
    if len(Fn) < 3 or len(Fp) < 1:
        return None, Fp, Fn
    X = np.vstack([Fp, Fn])
    y = np.concatenate([np.ones(len(Fp)), np.zeros(len(Fn))])
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    coef, intercept = _fit_logistic((X - mean) / scale, y)
    return LinkModel(coef, intercept, mean, scale, False, len(Fp), len(Fn)), Fp, Fn


def _subgraph(prep: Prepared, keep: np.ndarray, eu: np.ndarray, ev: np.ndarray) -> Prepared:
    """The map with only the links ``keep`` (attribute caches shared)."""
    n = prep.n
    r = np.concatenate([eu[keep], ev[keep]])
    c = np.concatenate([ev[keep], eu[keep]])
    w = np.asarray(prep.W[eu[keep], ev[keep]]).ravel()
    W = sp.csr_matrix((np.concatenate([w, w]), (r, c)), shape=(n, n))
    W.sort_indices()
    A = W.copy()
    A.data[:] = 1.0
    cache = {k: v for k, v in prep.cache.items() if k in ("attr_matrix", "attr_dense", "attr_table", "tokens", "desired") or
             (isinstance(k, tuple) and k[0] == "attr_pairs")}
    return Prepared(G=prep.G, H=prep.H, nodes=prep.nodes, index=prep.index, A=A, W=W,
                    deg=np.diff(A.indptr).astype(np.float64), cache=cache)


def _precision_auc(pos: np.ndarray, neg: np.ndarray, wneg: float, tie: np.ndarray) -> tuple[float, float]:
    """precision@L (L = number of positives; negatives stand for ``wneg`` pairs
    each; remaining ties broken at random) and AUC (ties count 1/2)."""
    L = len(pos)
    s = np.concatenate([pos, neg])
    w = np.concatenate([np.ones(L), np.full(len(neg), wneg)])
    order = np.lexsort((tie, -s))
    cum = np.cumsum(w[order])
    top = order[: int(np.searchsorted(cum, L, side="left")) + 1]
    prec = float(np.sum(top < L)) / L
    ns = np.sort(neg)
    lo = np.searchsorted(ns, pos, "left")
    hi = np.searchsorted(ns, pos, "right")
    auc = float(np.mean((lo + 0.5 * (hi - lo)) / max(1, len(ns))))
    return prec, auc


def _inner_validation(prep: Prepared, seed: int, rng) -> tuple[str, tuple, LinkModel | None]:
    """Hold out ``INNER_FRAC`` of the map's links (seeded, several splits) and score
    the held-out links against the map's non-links with every scorer.  Resource
    allocation, the strongest classic heuristic (Zhou, Lu & Zhang 2009), is the
    default; another scorer is chosen only when its paired gain in precision@L over
    RA is significant (mean > ``SWITCH_SE`` standard errors, >= 3 splits, and its
    AUC is not lower than RA's; the
    standard error is Nadeau & Bengio's (2003) corrected one for overlapping
    resampled splits, sd * sqrt(1/J + test/train)) -- on a
    small map a handful of held-out links cannot justify a switch.  Ties: AUC.
    Only the map's own links are used: whatever is to be predicted stays unseen."""
    eu, ev = _edges(prep)
    m, n = len(eu), prep.n
    splits = int(np.clip(INNER_BUDGET // max(m, 1), INNER_SPLITS_MIN, INNER_SPLITS_MAX))
    lr_splits = min(splits, INNER_LR_SPLITS)
    k = max(1, int(round(INNER_FRAC * m)))
    res = {name: [] for name in SCORERS}
    last_lr = None
    if n <= INNER_ALL_PAIRS:
        iu, iv = np.triu_indices(n, 1)
        nonlink = np.asarray(prep.A[iu, iv]).ravel() == 0
        all_u, all_v = iu[nonlink].astype(np.int64), iv[nonlink].astype(np.int64)
    for r in range(splits):
        hold = rng.choice(m, k, replace=False)
        keep = np.ones(m, bool)
        keep[hold] = False
        sub = _subgraph(prep, keep, eu, ev)
        lr = None
        if r < lr_splits:
            lr, _, _ = _fit_lr(sub, rng, seed)
            last_lr = lr or last_lr
        if len(hold) > INNER_MAX_POS:
            hold = rng.choice(hold, INNER_MAX_POS, replace=False)
        Fp = pair_features(sub, eu[hold], ev[hold])
        if n <= INNER_ALL_PAIRS:
            Fn, wneg = pair_features(sub, all_u, all_v), 1.0
        else:
            rows = np.sort(rng.choice(n, size=min(n, max(200, n // 20)), replace=False))
            held = np.sort(eu[~keep] * n + ev[~keep])
            parts = []
            for us, vs, F in iter_candidates(sub, seed, rows=rows):
                parts.append(F[~np.isin(us * n + vs, held)])
            Fn = np.vstack(parts) if parts else np.zeros((0, len(FEATURES)))
            wneg = n / len(rows) * (len(Fp) / k)   # negatives per held-out link as in the full problem
        if len(Fn) == 0:
            continue
        tie = rng.random(len(Fp) + len(Fn))   # the same random tie order for every scorer
        for name in SCORERS:
            if name == "model":
                if lr is None:
                    continue
                sp_, sn_ = raw_scores(name, Fp, lr.linear(Fp)), raw_scores(name, Fn, lr.linear(Fn))
            else:
                sp_, sn_ = raw_scores(name, Fp), raw_scores(name, Fn)
            res[name].append((r,) + _precision_auc(sp_, sn_, wneg, tie))
    table = tuple((name, float(np.mean([x[1] for x in res[name]])) if res[name] else 0.0,
                   float(np.mean([x[2] for x in res[name]])) if res[name] else 0.0, len(res[name]))
                  for name in SCORERS)
    base = {x[0]: x for x in res["ra"]}
    best, best_gain = "ra", 0.0
    for name in SCORERS:
        pairs = [(x[1] - base[x[0]][1], x[2] - base[x[0]][2]) for x in res[name] if x[0] in base]
        if name == "ra" or len(pairs) < 3:
            continue
        d = np.array(pairs)
        gain = d[:, 0].mean()
        # Nadeau & Bengio's corrected resampled t-test: the splits share 90 % of
        # their links, so the naive std/sqrt(J) badly understates the error (on a
        # 78-link map it let noise switch away from RA in ~30 % of the maps)
        se = d[:, 0].std(ddof=1) * np.sqrt(1.0 / len(d) + INNER_FRAC / (1.0 - INNER_FRAC))
        # and it must not rank worse overall (paired AUC gain >= 0): a scorer that is
        # better only among the top few pairs of a handful of held-out links but
        # worse at ranking in general is most likely noise
        if gain > SWITCH_SE * se and gain > 0 and d[:, 1].mean() >= 0 and (gain, d[:, 1].mean()) > (best_gain, 0.0):
            best, best_gain = name, gain
    return best, table, last_lr


def fit_model(G, seed: int = 0, max_pos: int = 5_000) -> LinkModel:
    """The map's link model (see module doc): scorer chosen by inner validation,
    then refitted on all of the map's links.  Cached per seed on the map.

    Examples
    --------
    >>> import networkx as nx
    >>> m = fit_model(nx.karate_club_graph(), seed=0)
    >>> m.scorer, m.fallback, m.n_pos
    ('ra', False, 78)
    >>> fit_model(nx.path_graph(4)).fallback    # too few links to learn from
    True
    """
    prep = prepare(G)
    if ("model", seed) in prep.cache:
        return prep.cache[("model", seed)]
    rng = np.random.default_rng(seed)
    model = LinkModel(None, 0.0, None, None, True, 0, 0)
    if prep.m >= MIN_TRAIN_LINKS and prep.n >= 4:
        attribute_matrix(prep)
        attribute_pairs(prep, seed)     # computed once, shared with the inner splits
        scorer, table, inner_lr = _inner_validation(prep, seed, np.random.default_rng([seed, 1]))
        if scorer == "model" and inner_lr is not None and prep.m > REFIT_MAX_LINKS:
            lr, Fp, Fn = inner_lr, None, None
        else:
            lr, Fp, Fn = _fit_lr(prep, rng, seed, max_pos)
        if lr is not None:
            cal = (1.0, 0.0) if scorer == "model" or Fp is None else _calibrate(scorer, Fp, Fn)
            model = LinkModel(lr.coef, lr.intercept, lr.mean, lr.scale, False, lr.n_pos, lr.n_neg,
                              scorer, cal, table)
    prep.cache[("model", seed)] = model
    return model
