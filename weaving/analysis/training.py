"""Fitting the map's own link model: training data from its links, its unlinked
pairs and the weaver's recorded outcomes.

Supervised link prediction on the map itself (Lichtenwalter et al. 2010;
stacking: Ghasemian et al. 2020):

* **positives**: the map's links (a seeded sample of ``MAX_POS`` on big maps),
  each held out from the map while its features are computed -- leave-one-out,
  exact and in closed form (``features.pair_features(linked=True)``), so a
  positive looks like a pair whose link is still missing and the training map
  keeps its density (holding out a tenth of the links in folds makes the
  training map sparser than the map the model then scores);
* **negatives**: every unlinked pair up to ``ALL_PAIRS_MAX`` of them; above, a
  sample of ``NEG_PER_POS`` per positive, half *candidates* (a common contact or
  shared interests -- the pairs that compete for the top of the ranking) and half
  the *rest*.  Either way candidates and the rest weigh half of the negatives
  each: the far pairs (most of all pairs) are easy to rule out, and weighing
  them by their number spends the model on them instead of on ranking the
  candidates (weighing by number lowered precision@k on attribute-rich graphs);
* **outcomes** (plain data from the caller, e.g. the workspace's introductions):
  ``(u, v, label)`` with label 1 (made, confirmed, already in contact: the pair
  belonged together) or 0 (dismissed, declined).  First of all an outcome removes
  its pair: ``missing_links`` and ``suggest_introductions`` never suggest a judged
  pair again (``judged_keys``).  The model learns from the labels in
  ``LEARN_LABELS`` only -- none, as shipped -- each outcome weighing
  ``OUTCOME_WEIGHT`` links and all outcomes of one label together at most
  ``OUTCOME_SHARE`` of their class, so a handful of judgements can never outweigh
  the map's own structure.  Why none: ``bench/linkpred.py``'s feedback experiment
  (the top 30 suggestions judged, the held-out links among them as "already in
  contact", the others as "not relevant"; split seeds 500..509, never the
  reported ones).  Learning from the dismissals lowered precision on the
  remaining held-out links on 6 of 8 networks (the dismissed pairs are the
  look-alikes of the links still missing: the model learns to distrust shared
  contacts; as issue 13 shipped it, 5 links per outcome and no cap, by up to 0.11);
  learning from the confirmed ones, or adding them to the map as links, moved it
  by less than the split noise, up on some networks and down on others.  So only
  the removal is on; the weighing holds whenever ``LEARN_LABELS`` is set.

Classes are balanced (links and non-links weigh the same in total).  Two models
are fitted on this set: the boosted stack over every feature and a logistic
regression over resource allocation (``model.SIMPLE``: RA calibrated to a
probability).  Their log-odds are blended with the stack's weight
links / (links + ``SHRINK_LINKS``): a map with a few dozen links leans on the
calibrated RA (the stack's variance on a small map costs more than it gains --
on the fictional demo maps and small generated graphs the unshrunk stack was
below RA), a map with thousands of links on the stack.  With fewer than ``TINY``
links or unlinked pairs only the logistic model is fitted; with fewer than
``MIN_TRAIN_LINKS`` links (or none of them supporting RA) the model is the fixed
fallback blend.  Everything is seeded.

Same-cluster was measured as a predictor and left out: computed on the map it
leaks each positive's own link into its cluster (that lowered precision on
development graphs), computed leak-free on folds it added nothing measurable and
costs two Louvain runs per fit.

Models are cached on the ``Prepared`` map and, when the caller passes a
``cache_key`` (the app passes the map revision), across calls in a small
process-wide LRU, keyed by (cache_key, seed, outcomes, size of the map).
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from weaving.analysis.candidates import attribute_pairs, desired_keys, in_sorted, iter_candidates
from weaving.analysis.features import FEATURES, pair_features
from weaving.analysis.model import LinkModel, fit_logistic, fit_stack
from weaving.analysis.prepared import Prepared, node_index, prepare

__all__ = ["MIN_TRAIN_LINKS", "fit_model", "judged_keys", "outcome_key", "training_set"]

MIN_TRAIN_LINKS = 8
TINY = 40                # fewer links (or unlinked pairs) than this: logistic regression
ALL_PAIRS_MAX = 6_000    # up to this many unlinked pairs: all of them are negatives
MAX_POS = 3_000          # links learned from (bigger maps: a seeded sample)
NEG_PER_POS = 2          # sampled negatives per positive (half candidates, half the rest)
OUTCOME_WEIGHT = 1.0     # one recorded outcome weighs as much as this many links ...
OUTCOME_SHARE = 0.05     # ... and the outcomes of one label at most this share of their class
LEARN_LABELS: tuple = ()  # outcome labels the model learns from: none (see the module doc)
SHRINK_LINKS = 200       # the stack's weight against the logistic model: links / (links + this)
CACHE_SIZE = 32
_CACHE: OrderedDict = OrderedDict()
_LOCK = threading.Lock()


def _edges(prep: Prepared) -> tuple[np.ndarray, np.ndarray]:
    A = prep.A.tocoo()
    up = A.row < A.col
    order = np.lexsort((A.col[up], A.row[up]))
    return A.row[up][order].astype(np.int64), A.col[up][order].astype(np.int64)


def outcome_key(outcomes) -> tuple:
    """A hashable, order-free form of outcomes ((u, v, label) triples).

    Examples
    --------
    >>> outcome_key([("b", "a", 1), ("c", "a", False)])
    (('a', 'b', 1), ('a', 'c', 0))
    """
    out = set()
    for o in outcomes or ():
        u, v, label = tuple(o)[:3]
        a, b = sorted((str(u), str(v)))
        if a != b:
            out.add((a, b, 1 if label else 0))
    return tuple(sorted(out))


def _outcome_pairs(prep: Prepared, outcomes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(us, vs, labels) of the outcomes on the map, in the map's order (one per pair:
    the newest wins upstream, a pair given twice here keeps its first label)."""
    rows = {}
    for a, b, label in outcome_key(outcomes):
        i, j = node_index(prep, a), node_index(prep, b)
        if i is not None and j is not None and i != j:
            rows.setdefault((min(i, j), max(i, j)), label)
    got = sorted(rows.items())
    return (np.asarray([k[0] for k, _ in got], dtype=np.int64), np.asarray([k[1] for k, _ in got], dtype=np.int64),
            np.asarray([y for _, y in got], dtype=float))


def judged_keys(prep: Prepared, outcomes) -> np.ndarray:
    """Sorted pair keys (u * n + v) of the outcomes on the map: pairs already judged,
    never suggested again."""
    ou, ov, _ = _outcome_pairs(prep, outcomes)
    return np.unique(ou * prep.n + ov)


def _features_as_missing(prep: Prepared, us, vs) -> np.ndarray:
    """Features of pairs, linked ones as if their link were missing."""
    F = np.zeros((len(us), len(FEATURES)))
    if len(us):
        linked = np.asarray(prep.A[us, vs]).ravel() > 0
        for mask, flag in ((linked, True), (~linked, False)):
            if mask.any():
                F[mask] = pair_features(prep, us[mask], vs[mask], linked=flag)
    return F


def _negatives(prep: Prepared, rng, seed: int, want: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(features, weights, number of unlinked pairs) of the negatives: candidates
    and the rest weigh half each (see the module docstring)."""
    n, m = prep.n, prep.m
    total = n * (n - 1) // 2 - m
    ak, dk = attribute_pairs(prep, seed), desired_keys(prep)      # both sorted
    extra = lambda keys: in_sorted(keys, ak) | in_sorted(keys, dk)  # noqa: E731
    if total <= ALL_PAIRS_MAX:
        iu, iv = np.triu_indices(n, 1)
        keep = np.asarray(prep.A[iu, iv]).ravel() == 0
        us, vs = iu[keep].astype(np.int64), iv[keep].astype(np.int64)
        F = pair_features(prep, us, vs)
        cand = (F[:, 0] > 0) | extra(us * n + vs)
        return F, _halves(cand), total
    half = max(1, want // 2)
    # candidates: all candidate pairs of a seeded sample of rows (unbiased for the stratum)
    per_row = max(1.0, float(np.sum(prep.deg ** 2)) / (2 * n))
    nrows = int(np.clip(3 * half / per_row, min(n, 50), n))
    rows = np.sort(rng.choice(n, size=nrows, replace=False))
    parts = [F for _, _, F in iter_candidates(prep, seed, rows=rows)]
    Fc = np.vstack(parts) if parts else np.zeros((0, len(FEATURES)))
    if len(Fc) > half:
        Fc = Fc[np.sort(rng.choice(len(Fc), half, replace=False))]
    # the rest: uniform unlinked pairs that are no candidates
    ru = rng.integers(0, n, 3 * half + 16)
    rv = rng.integers(0, n, len(ru))
    ok = ru != rv
    ru, rv = np.minimum(ru[ok], rv[ok]), np.maximum(ru[ok], rv[ok])
    ok = np.asarray(prep.A[ru, rv]).ravel() == 0
    ok &= ~extra(ru * n + rv)
    ru, rv = ru[ok], rv[ok]
    _, first = np.unique(ru * n + rv, return_index=True)
    first = np.sort(first)
    Fr = pair_features(prep, ru[first], rv[first])
    Fr = Fr[Fr[:, 0] == 0][:half]
    F = np.vstack([Fc, Fr])
    return F, _halves(np.arange(len(F)) < len(Fc)), total


def _halves(cand: np.ndarray) -> np.ndarray:
    """Weights giving candidates and the rest half of the total each."""
    k = int(cand.sum())
    if k == 0 or k == len(cand):
        return np.ones(len(cand))
    return np.where(cand, 0.5 / k, 0.5 / (len(cand) - k))


def training_set(prep: Prepared, seed: int = 0, outcomes=None):
    """(X, y, w, counts) the link model of a map learns from (see module doc);
    counts = dict(links, pairs, outcomes, unlinked)."""
    rng = np.random.default_rng(seed)
    eu, ev = _edges(prep)
    if len(eu) > MAX_POS:
        pick = np.sort(rng.choice(len(eu), MAX_POS, replace=False))
        eu, ev = eu[pick], ev[pick]
    Fp = pair_features(prep, eu, ev, linked=True)
    Fn, wn, unlinked = _negatives(prep, rng, seed, NEG_PER_POS * len(Fp))
    ou, ov, oy = _outcome_pairs(prep, outcomes)
    n_out = len(oy)
    learn = np.isin(oy, LEARN_LABELS)
    ou, ov, oy = ou[learn], ov[learn], oy[learn]
    Fo = _features_as_missing(prep, ou, ov)
    total = len(Fp) + len(Fn)
    wp = np.full(len(Fp), total / (2.0 * max(1, len(Fp))))
    wn = wn * (total / 2.0) / max(1e-12, wn.sum())
    wo = np.full(len(Fo), OUTCOME_WEIGHT * (wp[0] if len(wp) else 1.0))
    for label in (0.0, 1.0):          # a handful of judgements never outweighs the map
        hit = oy == label
        cap = OUTCOME_SHARE * total / 2.0
        if wo[hit].sum() > cap:
            wo[hit] *= cap / wo[hit].sum()
    X = np.vstack([Fp, Fn, Fo])
    y = np.concatenate([np.ones(len(Fp)), np.zeros(len(Fn)), oy])
    w = np.concatenate([wp, wn, wo])
    return X, y, w, {"links": len(Fp), "pairs": len(Fn), "outcomes": n_out, "unlinked": unlinked}


def _fit(prep: Prepared, seed: int, outcomes) -> LinkModel:
    fallback = LinkModel("fallback", seed=seed)
    if prep.m < MIN_TRAIN_LINKS or prep.n < 4:
        return fallback
    X, y, w, c = training_set(prep, seed, outcomes)
    if y.min() == y.max():
        return fallback
    counts = {"n_links": c["links"], "n_pairs": c["pairs"], "n_outcomes": c["outcomes"], "seed": seed}
    simple = fit_logistic(X, y, w)
    if c["links"] < TINY or c["unlinked"] < TINY:
        return LinkModel("logistic", simple=simple, **counts) if simple is not None else fallback
    alpha = 1.0 if simple is None else c["links"] / (c["links"] + SHRINK_LINKS)
    return LinkModel("stack", stack=fit_stack(X, y, w, seed), simple=simple, alpha=alpha, **counts)


def fit_model(G, seed: int = 0, outcomes=None, cache_key=None) -> LinkModel:
    """The map's link model (see the module docstring), cached.

    Parameters
    ----------
    G : NetworkX graph or Prepared
    seed : int, optional
        Seed of the samples and of the boosted trees.
    outcomes : iterable of (id, id, label), optional
        Recorded outcomes: label 1 (the pair belonged together) or 0 (it did not).
    cache_key : hashable, optional
        Identifies this version of the map (e.g. the map revision); models are
        then reused across calls.  Without it only the ``Prepared`` caches them.

    Returns
    -------
    LinkModel

    Examples
    --------
    >>> import networkx as nx
    >>> m = fit_model(nx.les_miserables_graph(), seed=0)
    >>> m.kind, m.n_links, m.n_outcomes
    ('stack', 254, 0)
    >>> fit_model(nx.barbell_graph(5, 1)).kind     # tiny: calibrated resource allocation
    'logistic'
    >>> fit_model(nx.path_graph(4)).kind           # too few links to learn from
    'fallback'
    """
    prep = prepare(G)
    okey = outcome_key(outcomes)
    local = ("model", seed, okey)
    if local in prep.cache:
        return prep.cache[local]
    gkey = None
    if cache_key is not None:
        gkey = (cache_key, seed, okey, prep.n, prep.m)
        with _LOCK:
            model = _CACHE.get(gkey)
            if model is not None:
                _CACHE.move_to_end(gkey)
        if model is not None:
            prep.cache[local] = model
            return model
    model = _fit(prep, seed, okey)
    prep.cache[local] = model
    if gkey is not None:
        with _LOCK:
            _CACHE[gkey] = model
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
    return model
