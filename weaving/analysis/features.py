"""Pair features for link prediction: the predictors the stacked link model combines.

Features per pair (u, v), in the order of ``FEATURES`` (``MONOTONE`` gives the
direction the model is constrained to: +1 more of it never lowers a pair's
score, -1 more of it never raises it, 0 free):

=============  ==  ==========================================================
``cn``         +1  common neighbours, log1p |N(u) ∩ N(v)|
``ra``         +1  resource allocation, sum over common neighbours w of 1/deg(w)
``aa``         +1  Adamic-Adar, sum over common neighbours w of 1/log deg(w)
``jaccard``    +1  |N(u) ∩ N(v)| / |N(u) ∪ N(v)|
``pa``          0  preferential attachment over the contacts they do *not*
                   share: log1p(deg'(u)) + log1p(deg'(v)), deg' = deg - cn
``attr``       +1  cosine of the actors' TF-IDF profiles (scikit-learn's
                   ``TfidfVectorizer`` over themes, target groups, resources,
                   type, sector and area: rare shared interests weigh more)
``deg_min``     0  log1p of the smaller non-shared degree
``deg_max``     0  log1p of the larger non-shared degree
``paths3``     +1  log1p of the number of 3-step paths u-a-b-v (Katz-like)
``l3``         +1  3-step paths weighted 1/sqrt(deg(a) deg(b)) (Kovács et al. 2019)
``distance``   -1  shortest path length capped: 2, 3, else 4
``shared``     +1  log1p number of shared themes / target groups / resources
``same_type``   0  both of the same actor type
``same_sector`` 0  both of the same sector
=============  ==  ==========================================================

Non-shared degrees (rather than plain degrees) make the constraints hold on the
graph too: a new actor who knows both u and v raises cn/ra/aa/jaccard, lowers
nothing else and leaves every free feature unchanged, so it can never lower the
pair's score.  (A "similarity with the other's contacts" feature was tried and
left out: a new shared contact unlike u would lower it, and it added nothing
measurable.)

The attribute profiles (tokens, TF-IDF rows, the look-up tables) are built in
``profiles``.

``linked=True`` computes the features of existing links *as if the link were
missing* (exact leave-one-out in closed form: degrees minus one, the 3-step
paths through the link itself subtracted) -- the training positives of
``training``.

The 3-step features cost about sum(deg^2) * mean degree operations; above
``THREE_STEP_BUDGET`` (a 10k-actor map with ~20 links each) they are left at 0
(train and prediction alike) and ``distance`` only tells 2 from more.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from weaving.analysis.prepared import Prepared
from weaving.analysis.profiles import (  # noqa: F401  (attribute_matrix, tfidf: re-exported)
    DENSE_STEPS_MAX,
    PAIR_CHUNK,
    _attr_cos,
    _profile,
    _profile_table,
    _rowdot,
    attribute_matrix,
    tfidf,
)
from weaving.analysis.threads import one_thread

__all__ = ["FEATURES", "MONOTONE", "SCORERS", "assemble", "attribute_matrix", "dense_steps", "one_thread",
           "pair_features", "raw_scores", "three_step", "tfidf"]

FEATURES = ("cn", "ra", "aa", "jaccard", "pa", "attr", "deg_min", "deg_max", "paths3", "l3", "distance",
            "shared", "same_type", "same_sector")
MONOTONE = (1, 1, 1, 1, 0, 1, 0, 0, 1, 1, -1, 1, 0, 0)
SCORERS = ("ra", "aa", "cn", "jaccard")   # the classic heuristics ``raw_scores`` knows
RA_DECIMALS = 10           # RA is compared at this precision; finer differences are ties
THREE_STEP_BUDGET = 20_000_000
DECIMALS = 6               # l3 is rounded: the float32 tables and the
                           # leave-one-out subtractions leave noise below this


# ---------------------------------------------------------------- structure
def three_step(prep: Prepared) -> bool:
    """Whether the 3-step features are computed on this map (see module doc)."""
    if "three_step" not in prep.cache:
        d = prep.deg
        work = float(np.sum(d * d)) * max(1.0, float(d.mean()) if len(d) else 1.0)
        prep.cache["three_step"] = work <= THREE_STEP_BUDGET
    return prep.cache["three_step"]


def inv_degrees(prep: Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(1/deg, 1/log deg, 1/sqrt deg), zeros for isolated actors."""
    if "inv_deg" not in prep.cache:
        d = prep.deg
        ra = np.divide(1.0, d, out=np.zeros_like(d), where=d > 0)
        aa = 1.0 / np.log(np.maximum(d, 2.0))
        sq = np.divide(1.0, np.sqrt(d), out=np.zeros_like(d), where=d > 0)
        prep.cache["inv_deg"] = (ra, aa, sq)
    return prep.cache["inv_deg"]


def step_matrices(prep: Prepared) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(D^-1/2 A, A D^-1/2): the operands of the degree-weighted 3-step paths."""
    if "step_mats" not in prep.cache:
        sq = inv_degrees(prep)[2]
        L = (sp.diags(sq) @ prep.A).tocsr()
        R = (prep.A @ sp.diags(sq)).tocsr()
        L.sort_indices()
        R.sort_indices()
        prep.cache["step_mats"] = (L, R)
    return prep.cache["step_mats"]


def dense_steps(prep: Prepared):
    """(3-step paths, l3) of every pair as dense float32 n x n tables on small
    maps (sparse @ dense products: about links x actors operations), else None."""
    if "dense_steps" not in prep.cache:
        res = None
        if three_step(prep) and 0 < prep.n <= DENSE_STEPS_MAX:
            A = prep.A
            L, R = step_matrices(prep)
            res = (np.asarray(A @ (A @ A).toarray(), dtype=np.float32),
                   np.asarray(R @ (A @ L).toarray(), dtype=np.float32))
        prep.cache["dense_steps"] = res
    return prep.cache["dense_steps"]


def _structure(prep: Prepared, us, vs):
    """cn, ra, aa, 3-step paths and l3 of arbitrary pairs (chunked row products;
    the tables of ``dense_steps`` on small maps)."""
    A = prep.A
    ira, iaa, _ = inv_degrees(prep)
    n = len(us)
    cn, ra, aa, p3, l3 = (np.zeros(n) for _ in range(5))
    tables = dense_steps(prep)
    deep = three_step(prep) and tables is None
    L, R = step_matrices(prep) if deep else (None, None)
    two_hop = float(np.sum(prep.deg ** 2)) / max(1, prep.n)
    step = int(max(256, min(PAIR_CHUNK, 2_000_000 // max(1.0, two_hop))))
    for s in range(0, n, step):
        a, b = us[s:s + step], vs[s:s + step]
        Au, Av = A[a], A[b]
        M = Au.multiply(Av).tocsr()
        cn[s:s + step] = np.asarray(M.sum(axis=1)).ravel()
        ra[s:s + step] = M @ ira
        aa[s:s + step] = M @ iaa
        if deep:
            p3[s:s + step] = np.asarray((Au @ A).multiply(Av).sum(axis=1)).ravel()
            l3[s:s + step] = np.asarray((Au @ L).multiply(R[b]).sum(axis=1)).ravel()
    if tables is not None:
        p3, l3 = tables[0][us, vs].astype(float), tables[1][us, vs].astype(float)
    return cn, ra, aa, p3, l3


def assemble(prep: Prepared, us, vs, cn, ra, aa, p3, l3, linked: bool = False) -> np.ndarray:
    """The feature matrix from the pairs' structural counts (see module doc)."""
    deg = prep.deg
    du, dv = deg[us], deg[vs]
    if linked:
        if three_step(prep):   # leave-one-out: paths that use the link itself
            sq = inv_degrees(prep)[2]
            L, _ = step_matrices(prep)
            nsum = np.asarray(L.sum(axis=0)).ravel()   # sum over the contacts of 1/sqrt(deg)
            p3 = p3 - du - dv + 1.0
            l3 = l3 - sq[vs] * nsum[vs] - sq[us] * nsum[us] + sq[us] * sq[vs]
        du, dv = du - 1.0, dv - 1.0
    p3 = np.maximum(np.round(p3), 0.0)
    l3 = np.maximum(np.round(l3, DECIMALS), 0.0)
    # columns written in place (column order: a contiguous write each)
    F = np.empty((len(us), len(FEATURES)), order="F")
    union = du + dv - cn
    np.log1p(cn, out=F[:, 0])
    F[:, 1], F[:, 2] = ra, aa
    F[:, 3] = 0.0
    np.divide(cn, union, out=F[:, 3], where=union > 0)
    own_u, own_v = np.maximum(du - cn, 0.0), np.maximum(dv - cn, 0.0)
    np.log1p(np.minimum(own_u, own_v), out=F[:, 6])
    np.log1p(np.maximum(own_u, own_v), out=F[:, 7])
    np.add(F[:, 6], F[:, 7], out=F[:, 4])
    np.log1p(p3, out=F[:, 8])
    F[:, 9] = l3
    F[:, 10] = np.where(cn > 0, 2.0, np.where(p3 > 0.5, 3.0, 4.0))
    prof = _profile(prep)
    tab = None if prof["tables"] is not None else _profile_table(prep)
    if prof["tables"] is not None:
        shared = prof["tables"][1][us, vs].astype(float)
        F[:, 5] = _attr_cos(prep, us, vs)
    elif tab is not None:                # one look-up of the pairs' profiles for both tables
        pu, pv = tab[0][us], tab[0][vs]
        shared = tab[2][pu, pv]
        F[:, 5] = tab[1][pu, pv]
    else:
        shared = _rowdot(prof["B"], prof["B"], us, vs)
        F[:, 5] = _attr_cos(prep, us, vs)
    np.log1p(np.maximum(np.round(shared), 0.0), out=F[:, 11])
    for col, c in ((12, prof["codes"]["type"]), (13, prof["codes"]["sector"])):
        cu = c[us]
        F[:, col] = (cu == c[vs]) & (cu >= 0)
    return F


def pair_features(prep: Prepared, us, vs, linked: bool = False) -> np.ndarray:
    """Feature matrix (columns ``FEATURES``) for given index pairs.

    ``linked``: the pairs are links; their features are then those they would
    have without the link (see the module docstring).

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis.prepared import prepare
    >>> prep = prepare(nx.Graph([("W", "a"), ("W", "b"), ("W", "c"), ("a", "b"), ("c", "d")]))
    >>> a, c, d = (prep.index[x] for x in "acd")
    >>> F = pair_features(prep, [a, a], [c, d])
    >>> dict(zip(FEATURES[:4], F[0].round(3).tolist()))
    {'cn': 0.693, 'ra': 0.333, 'aa': 0.91, 'jaccard': 0.333}
    >>> F[:, FEATURES.index("distance")].tolist(), F[:, FEATURES.index("paths3")].round(3).tolist()
    ([2.0, 3.0], [0.693, 0.693])
    """
    us = np.asarray(us, dtype=np.int64)
    vs = np.asarray(vs, dtype=np.int64)
    if len(us) == 0:
        return np.zeros((0, len(FEATURES)))
    return assemble(prep, us, vs, *_structure(prep, us, vs), linked=linked)


def raw_scores(name: str, F: np.ndarray) -> np.ndarray:
    """Ranking score of a classic heuristic (one of ``SCORERS``) on a feature matrix.

    Every heuristic carries vanishing tie-breakers so pairs it cannot tell apart
    keep a sensible order; RA's ties are broken by Jaccard, then shared interests,
    then AA, all below a 1e-10 rounding of RA (float noise from the summation
    order must not break true ties).  Raises ``ValueError`` for an unknown name."""
    ra, aa, attr = F[:, 1], F[:, 2], F[:, 5]
    tie = 1e-9 * attr
    if name == "ra":
        t = F[:, 3] + 1e-2 * attr + 1e-4 * np.tanh(aa)
        return np.round(ra, RA_DECIMALS) + 1e-11 * t
    if name == "aa":
        return aa + 1e-6 * np.tanh(ra) + tie
    if name == "cn":
        return F[:, 0] + 1e-3 * np.tanh(ra) + tie
    if name == "jaccard":
        return F[:, 3] + 1e-6 * np.tanh(ra) + tie
    raise ValueError(name)
