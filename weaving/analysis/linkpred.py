"""Missing links: candidate generation, features and a justified scoring model.

Candidates (never all n^2 pairs)
  * 2-hop pairs: every unlinked pair with a common contact, enumerated in row
    chunks from the sparse product A[rows] @ A (memory bounded by the chunk);
  * attribute pairs: blocking on shared interests -- actors sharing a theme or
    target group *in the same area*, or sharing two themes/target groups anywhere.
    Small blocks give all pairs; big blocks use the sorted-neighbourhood method
    (seeded shuffle, each actor paired with its next ``window`` block mates), so
    the number of pairs is linear in n;
  * pairs staff recorded as *desired*.

Features per pair (u, v): common neighbours (log1p), resource allocation,
Adamic-Adar, Jaccard, preferential attachment (log du + log dv) and the cosine of
the actors' TF-IDF profiles over themes / target groups / area / type
(``tfidf``: scikit-learn's TF-IDF, rare shared interests weigh more).

Model, chosen per map by inner validation (never peeking at what is to be
predicted): the candidates are the classic heuristics (resource allocation,
Adamic-Adar, common neighbours, Jaccard) and a logistic regression (weights on
evidence features constrained >= 0, see ``_fit_logistic``) fitted *on the map
itself* (supervised link prediction, Lichtenwalter et al. 2010): positives are
the existing links (their structural features do not depend on the link itself;
degrees are taken without it), negatives a seeded sample of candidate non-links
plus uniform non-links.  ``_inner_validation`` holds out 10 % of the map's own
links over several seeded splits (``INNER_BUDGET // links``, 1..30; the logistic
model is refitted on up to 5 of them), scores the held-out links against the
map's non-links (all of them up to 400 actors, else a weighted sample of
candidate pairs) and measures precision@L and AUC.  Resource allocation -- the
strongest classic heuristic on most networks -- is the default; another scorer
replaces it only when its paired gain in precision@L is larger than 2 standard
errors (Nadeau-Bengio corrected for the overlap of the splits: a handful of
held-out links on a small map cannot justify a switch) and its AUC is not lower.
The chosen scorer is then refitted on all of the map's links; a heuristic is
mapped to a probability-like score by a monotone 1-D logistic calibration, so
its ranking is kept exactly.  Attribute-rich maps where shared interests predict
links select the logistic model; structure-only maps stay with RA.  Every
scorer carries vanishing tie-breakers (RA/AA, then shared interests; RA itself:
Jaccard, shared interests, AA below a 1e-10 rounding of RA, so its ranking is
exactly RA's with ties broken).  Output
is a probability-like score in (0, 1).  With fewer than ``MIN_TRAIN_LINKS``
links (or one class only) the model falls back to a fixed blend
``RA + 0.5 * attribute cosine`` (documented, monotone in both).
Desired links recorded by staff are strong evidence: they multiply the odds by
``DESIRED_ODDS`` (= 20, i.e. a 50 % pair becomes 95 %).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from weaving.core.schema import as_list
from weaving.analysis._core import Msg, Prepared, jsonable, node_index, prepare, render_msgs

FEATURES = ("cn", "ra", "aa", "jaccard", "pa", "attr")
MIN_TRAIN_LINKS = 8
DESIRED_ODDS = 20.0
BLOCK_ALL_PAIRS = 12
DENSE_VOCAB = 64           # attribute vocabularies up to this size use dense rows for cosines
WINDOW = 6


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """np.unique via sort (numpy's hash-based unique is slower for big int64 arrays)."""
    if len(a) == 0:
        return a
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))]


# ---------------------------------------------------------------- attributes
def _tokens(prep: Prepared, i: int, d: dict | None = None) -> list[str]:
    if d is None:
        d = prep.H.nodes[prep.nodes[i]]
    toks = [f"theme:{t.lower()}" for t in as_list(d.get("themes"))]
    toks += [f"group:{t.lower()}" for t in as_list(d.get("target_groups"))]
    area = d.get("area")
    area = "" if area is None else str(area).strip().lower()
    if area:
        toks.append(f"area:{area}")
    typ = d.get("type")
    typ = "" if typ is None else str(typ).strip().lower()
    if typ:
        toks.append(f"type:{typ}")
    return toks


def _all_tokens(prep: Prepared) -> list[list[str]]:
    """Tokens of every actor; actors with the same raw attribute values share one
    (read-only) token list, so big maps with few distinct profiles stay cheap."""
    memo: dict = {}
    out = []
    fz = lambda v: tuple(v) if isinstance(v, (list, tuple)) else v
    for _, d in prep.H.nodes(data=True):
        try:
            key = (fz(d.get("themes")), fz(d.get("target_groups")), d.get("area"), d.get("type"))
            toks = memo.get(key)
            if toks is None:
                toks = memo[key] = _tokens(prep, 0, d)
        except TypeError:     # unhashable attribute values: no sharing
            toks = _tokens(prep, 0, d)
        out.append(toks)
    return out


def attribute_matrix(prep: Prepared) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows over themes / target groups / area / type."""
    if "attr_matrix" in prep.cache:
        return prep.cache["attr_matrix"]
    docs = _all_tokens(prep)
    prep.cache["tokens"] = docs
    T = tfidf(docs)
    prep.cache["attr_matrix"] = T
    return T


def tfidf(docs: list[list[str]]) -> sp.csr_matrix:
    """TF-IDF rows, L2-normalised, exactly as scikit-learn's ``TfidfVectorizer``
    defaults (raw counts, smooth idf = ln((1 + n) / (1 + df)) + 1); written out
    with scipy because importing scikit-learn costs seconds in a fresh CLI process."""
    n = len(docs)
    vocab: dict = {}
    rows, cols = [], []
    for i, toks in enumerate(docs):
        for t in toks:
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
    if not vocab:
        return sp.csr_matrix((n, 1))
    X = sp.csr_matrix((np.ones(len(rows)), (np.asarray(rows), np.asarray(cols))), shape=(n, len(vocab)))
    X.sum_duplicates()
    df = np.bincount(X.indices, minlength=len(vocab))
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    X.data *= idf[X.indices]
    norm = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    X = sp.diags(np.divide(1.0, norm, out=np.zeros(n), where=norm > 0)) @ X
    return X.tocsr()


def attribute_pairs(prep: Prepared, seed: int = 0, window: int = WINDOW) -> np.ndarray:
    """Candidate pairs sharing interests (blocking), as int64 keys u*n+v with u<v."""
    if ("attr_pairs", seed) in prep.cache:
        return prep.cache[("attr_pairs", seed)]
    n = prep.n
    blocks: dict = {}
    attribute_matrix(prep)
    groups: dict = {}       # actors with the same tokens share their blocking keys
    for i, toks in enumerate(prep.cache["tokens"]):   # lower-cased theme:/group:/area: tokens
        if toks:
            groups.setdefault(tuple(toks), []).append(i)
    for toks, members in groups.items():
        interests = sorted({t[6:] for t in toks if t.startswith(("theme:", "group:"))})
        area = next((t[5:] for t in toks if t.startswith("area:")), "")
        keys = []
        if area:
            keys += [(x, "@" + area) for x in interests]
        keys += [(x, y) for a, x in enumerate(interests) for y in interests[a + 1:]]
        for k in keys:
            blocks.setdefault(k, []).append(members)
    rng = np.random.default_rng(seed)
    out = []
    for k in sorted(blocks):
        parts = blocks[k]
        mem = np.asarray(parts[0], dtype=np.int64) if len(parts) == 1 else \
            np.sort(np.concatenate([np.asarray(x, dtype=np.int64) for x in parts]))   # actor order, as listed
        s = len(mem)
        if s < 2:
            continue
        if s <= BLOCK_ALL_PAIRS:
            a, b = np.triu_indices(s, 1)
            u, v = mem[a], mem[b]
        else:
            perm = mem[rng.permutation(s)]
            u = np.repeat(perm, window)
            v = perm[(np.repeat(np.arange(s), window) + np.tile(np.arange(1, window + 1), s)) % s]
        lo, hi = np.minimum(u, v), np.maximum(u, v)
        out.append(lo * n + hi)
    keys = _sorted_unique(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)
    prep.cache[("attr_pairs", seed)] = keys
    return keys


def desired_keys(prep: Prepared) -> np.ndarray:
    n = prep.n
    ks = []
    for pair in prep.desired():
        a, b = tuple(pair)
        i, j = prep.index.get(a), prep.index.get(b)
        if i is not None and j is not None and i != j:
            ks.append(min(i, j) * n + max(i, j))
    return np.unique(np.asarray(ks, dtype=np.int64))


def pair_keys(prep: Prepared, pairs) -> np.ndarray:
    """Node-id pairs -> int64 keys (unknown ids are ignored)."""
    n = prep.n
    ks = []
    for pair in pairs or ():
        a, b = tuple(pair)
        i, j = node_index(prep, a), node_index(prep, b)
        if i is not None and j is not None and i != j:
            ks.append(min(i, j) * n + max(i, j))
    return np.unique(np.asarray(ks, dtype=np.int64))


# ---------------------------------------------------------------- features
def _inv_deg(prep: Prepared) -> tuple[np.ndarray, np.ndarray]:
    d = prep.deg
    ra = np.divide(1.0, d, out=np.zeros_like(d), where=d > 0)
    aa = 1.0 / np.log(np.maximum(d, 2.0))
    return ra, aa


def _assemble(prep: Prepared, us, vs, cn, ra, aa, attr, minus: float = 0.0) -> np.ndarray:
    du = prep.deg[us] - minus
    dv = prep.deg[vs] - minus
    union = du + dv - cn
    jac = np.divide(cn, union, out=np.zeros_like(cn, dtype=float), where=union > 0)
    pa = np.log1p(du) + np.log1p(dv)
    return np.column_stack([np.log1p(cn), ra, aa, jac, pa, attr])


PROFILE_TABLE_MIN_ACTORS = 2000   # bigger maps with ...
PROFILE_TABLE_MAX = 2048          # ... at most this many distinct attribute profiles: cosines from a table


def _attr_cos_direct(prep: Prepared, us, vs) -> np.ndarray:
    T = attribute_matrix(prep)
    if T.shape[1] <= DENSE_VOCAB:   # few distinct themes/groups/areas: dense rows are faster
        D = prep.cache.get("attr_dense")
        if D is None:
            D = prep.cache["attr_dense"] = T.toarray().astype(np.float32)
        out = np.empty(len(us))
        step = 200_000
        for s in range(0, len(us), step):
            out[s:s + step] = np.einsum("ij,ij->i", D[us[s:s + step]], D[vs[s:s + step]])
        return out
    out = np.empty(len(us))
    step = 200_000
    for s in range(0, len(us), step):
        out[s:s + step] = np.asarray(T[us[s:s + step]].multiply(T[vs[s:s + step]]).sum(axis=1)).ravel()
    return out


def _profile_table(prep: Prepared):
    """(profile id per actor, cosine table) for big maps whose actors share few
    distinct attribute profiles (typical: a handful of themes and areas): the
    cosine of a pair is then one table look-up (table = T_p @ T_p.T over one
    representative row per profile).  None for small maps (direct cosines) and
    when there are too many profiles."""
    if "attr_table" in prep.cache:
        return prep.cache["attr_table"]
    T = attribute_matrix(prep)
    res = None
    if prep.n > PROFILE_TABLE_MIN_ACTORS:
        ptr, ind, dat = T.indptr, T.indices, T.data
        sig: dict = {}
        pid = np.empty(prep.n, dtype=np.int64)
        reps = []
        for i in range(prep.n):
            k = (ind[ptr[i]:ptr[i + 1]].tobytes(), dat[ptr[i]:ptr[i + 1]].tobytes())
            j = sig.get(k)
            if j is None:
                j = sig[k] = len(reps)
                reps.append(i)
                if len(reps) > PROFILE_TABLE_MAX:
                    break
            pid[i] = j
        else:
            Tp = T[np.asarray(reps, dtype=np.int64)]
            res = (pid, np.asarray((Tp @ Tp.T).todense()))
    prep.cache["attr_table"] = res
    return res


def _attr_cos(prep: Prepared, us, vs) -> np.ndarray:
    tab = _profile_table(prep)
    if tab is not None:
        pid, table = tab
        return table[pid[us], pid[vs]]
    return _attr_cos_direct(prep, us, vs)


def pair_features(prep: Prepared, us: np.ndarray, vs: np.ndarray, linked: bool = False) -> np.ndarray:
    """Feature matrix for given index pairs (``linked``: pairs are links; degrees
    are then taken without the link itself)."""
    us = np.asarray(us, dtype=np.int64)
    vs = np.asarray(vs, dtype=np.int64)
    if len(us) == 0:
        return np.zeros((0, len(FEATURES)))
    ira, iaa = _inv_deg(prep)
    A = prep.A
    cn = np.empty(len(us))
    ra = np.empty(len(us))
    aa = np.empty(len(us))
    step = 200_000
    for s in range(0, len(us), step):
        M = A[us[s:s + step]].multiply(A[vs[s:s + step]]).tocsr()
        cn[s:s + step] = np.asarray(M.sum(axis=1)).ravel()
        ra[s:s + step] = M @ ira
        aa[s:s + step] = M @ iaa
    return _assemble(prep, us, vs, cn, ra, aa, _attr_cos(prep, us, vs), 1.0 if linked else 0.0)


def _row_thresholds(data: np.ndarray, ptr: np.ndarray, cap: int) -> np.ndarray:
    """Per row of a CSR chunk: the ``cap``-th largest value (0 with <= cap values)."""
    out = np.zeros(len(ptr) - 1)
    lens = np.diff(ptr)
    for i in np.flatnonzero(lens > cap).tolist():
        d = data[ptr[i]:ptr[i + 1]]
        out[i] = np.partition(d, len(d) - cap)[len(d) - cap]
    return out


def iter_candidates(prep: Prepared, seed: int = 0, rows: np.ndarray | None = None, chunk_nnz: int = 3_000_000,
                    cap: int | None = None, always=None):
    """Yield (us, vs, F) for all candidate pairs, chunk by chunk (u < v).

    2-hop pairs come from sparse products; attribute/desired pairs without a
    common contact follow in a last chunk.  ``rows`` restricts to pairs whose
    first endpoint is in ``rows`` (used for training samples).

    ``cap`` (big maps only, see ``weave.CANDIDATE_CAP``; ignored with ``rows``): a
    2-hop pair is kept only if it is among the ``cap`` best partners of either
    endpoint by resource allocation (ties at the cut kept) or ``always(us, vs)``
    says so; the other 2-hop pairs are never scored.  RA is symmetric, so with
    thr = each actor's cap-th best RA the pair (u < v) is taken in row u when
    RA >= thr[u] (or ``always``), else in row v when RA >= thr[v] -- each pair
    once, in a single pass.  Attribute and desired pairs are never capped."""
    n, A = prep.n, prep.A
    if n < 2:
        return
    if rows is not None:
        cap = None
    ira, iaa = _inv_deg(prep)
    # links are marked by adding BIG on the diagonal of the right operand:
    # (A[r] @ (M + BIG I))[r, c] = (A[r] @ M)[r, c] + BIG * A[r, c]; the three
    # right operands share one sparsity pattern and scipy builds a product's
    # pattern (and its order) from the operands' patterns alone, so the three data
    # arrays line up entry by entry (checked; sorted only if they do not)
    big = 4.0 * n
    bigI = sp.identity(n, format="csr") * big
    A1, Ara, Aaa = ((M + bigI).tocsr() for M in (A, sp.diags(ira) @ A, sp.diags(iaa) @ A))
    for M in (A1, Ara, Aaa):
        M.sort_indices()
    rowlist = np.arange(n) if rows is None else np.sort(np.asarray(rows, dtype=np.int64))
    avg2 = max(1.0, (A.nnz / n) ** 2)
    step = int(max(64, min(n, chunk_nnz // avg2)))
    thr = np.zeros(n) if cap else None
    for s in range(0, len(rowlist), step):
        r = rowlist[s:s + step]
        Ar = A[r]
        X = (Ar @ A1).tocsr()
        R = (Ar @ Ara).tocsr()
        Q = (Ar @ Aaa).tocsr()
        if not (np.array_equal(X.indptr, R.indptr) and np.array_equal(X.indptr, Q.indptr)
                and np.array_equal(X.indices, R.indices) and np.array_equal(X.indices, Q.indices)):
            for M in (X, R, Q):
                M.sort_indices()
        rr = np.repeat(r, np.diff(X.indptr))
        cols = X.indices
        gt = cols > rr                  # excludes the diagonal entry (r, r) too
        if cap:
            cand = X.data < big         # links carry + BIG
            data = np.where(cand, R.data, 0.0)
            data[cols == rr] = 0.0      # the diagonal
            thr[r] = _row_thresholds(data, X.indptr, int(cap))
            ra_ = R.data
            over = cand & (ra_ >= thr[rr])
            keep = over & gt
            if always is not None:
                rest = np.flatnonzero(cand & gt & ~keep)
                if len(rest):
                    keep[rest[always(rr[rest], cols[rest].astype(np.int64))]] = True
            # pairs (c < row) that row's cut takes but c's cut (computed earlier) did not
            down = np.flatnonzero(over & (cols < rr))
            down = down[ra_[down] < thr[cols[down]]]
            if always is not None and len(down):
                down = down[~always(cols[down].astype(np.int64), rr[down])]
            if len(down):
                keep[down] = True
            idx = np.flatnonzero(keep)
            a_, b_ = rr[idx], cols[idx].astype(np.int64)
            us, vs = np.minimum(a_, b_), np.maximum(a_, b_)
        else:
            keep = (X.data < big) & gt
            idx = np.flatnonzero(keep)
            us, vs = rr[idx], cols[idx].astype(np.int64)
        if not len(idx):
            continue
        cn = X.data[idx]
        ra = R.data[idx]
        aa = Q.data[idx]
        yield us, vs, _assemble(prep, us, vs, cn, ra, aa, _attr_cos(prep, us, vs))
    # interest / desired pairs without any common contact
    extra = _sorted_unique(np.concatenate([attribute_pairs(prep, seed), desired_keys(prep)]))
    if len(extra):
        us, vs = extra // n, extra % n
        if rows is not None:
            inrows = np.zeros(n, bool)
            inrows[rowlist] = True
            sel = inrows[us]
            us, vs = us[sel], vs[sel]
        linked = np.asarray(A[us, vs]).ravel() > 0 if len(us) else np.zeros(0, bool)
        us, vs = us[~linked], vs[~linked]
        if len(us):
            F = pair_features(prep, us, vs)
            no_cn = F[:, 0] == 0
            if no_cn.any():
                yield us[no_cn], vs[no_cn], F[no_cn]


# ---------------------------------------------------------------- model
SCORERS = ("model", "ra", "aa", "cn", "jaccard")
INNER_FRAC = 0.1           # share of the map's links held out in each inner split
INNER_SPLITS_MIN = 1
INNER_SPLITS_MAX = 30
INNER_BUDGET = 3_000       # inner splits = clip(INNER_BUDGET // links, 1, INNER_SPLITS_MAX)
INNER_LR_SPLITS = 5        # the logistic model is refitted on at most this many inner splits
SWITCH_SE = 2.0            # a scorer replaces RA only with a gain > 2 standard errors
INNER_ALL_PAIRS = 400      # up to this many actors the inner negatives are all non-links
INNER_MAX_POS = 2_000      # held-out links scored per inner split (bigger maps: a sample)
REFIT_MAX_LINKS = 20_000   # above this the inner split's logistic model is kept (no refit)
RA_DECIMALS = 10           # RA is compared at this precision; finer differences are ties


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def raw_scores(name: str, F: np.ndarray, lin: np.ndarray | None = None) -> np.ndarray:
    """Ranking score of a scorer on a feature matrix.  Every heuristic carries
    vanishing tie-breakers (RA/AA, then shared interests) so pairs it cannot tell
    apart keep a sensible order instead of an arbitrary one."""
    ra, aa, attr = F[:, 1], F[:, 2], F[:, 5]
    tie = 1e-9 * attr
    if name == "model":
        return lin + 1e-9 * np.tanh(ra)
    if name == "ra":
        # exactly RA's order: RA rounded to 10 decimals (float noise from the
        # summation order must not break true ties) and ties broken by Jaccard,
        # then shared interests, then AA, all below the rounding quantum.  Jaccard
        # first: over 200 held-out splits of karate / Les Misérables / Florentine /
        # Davis it was never below random tie-breaking (AA-then-CN was, on karate)
        t = F[:, 3] + 1e-2 * attr + 1e-4 * np.tanh(aa)
        return np.round(ra, RA_DECIMALS) + 1e-11 * t
    if name == "aa":
        return aa + 1e-6 * np.tanh(ra) + tie
    if name == "cn":
        return F[:, 0] + 1e-3 * np.tanh(ra) + tie
    if name == "jaccard":
        return F[:, 3] + 1e-6 * np.tanh(ra) + tie
    raise ValueError(name)


@dataclass(frozen=True)
class LinkModel:
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


def _calibrate(scorer: str, Fp: np.ndarray, Fn: np.ndarray) -> tuple[float, float]:
    """Monotone (a >= 0) 1-D logistic map of a heuristic's score to a probability."""
    z = np.concatenate([raw_scores(scorer, Fp), raw_scores(scorer, Fn)])[:, None]
    y = np.concatenate([np.ones(len(Fp)), np.zeros(len(Fn))])
    sd = z.std() or 1.0
    (a,), b = _fit_logistic(z / sd, y, bounds=[(0, None)])
    return max(float(a), 1e-3) / sd, b


def fit_model(G, seed: int = 0, max_pos: int = 5_000) -> LinkModel:
    """The map's link model (see module doc): scorer chosen by inner validation,
    then refitted on all of the map's links."""
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


def score_pairs(G, pairs, seed: int = 0) -> np.ndarray:
    """Model score for node-id pairs (desired pairs boosted)."""
    prep = prepare(G)
    idx = [(node_index(prep, a), node_index(prep, b)) for a, b in pairs]
    us = np.array([i for i, _ in idx], dtype=np.int64)
    vs = np.array([j for _, j in idx], dtype=np.int64)
    p = fit_model(prep, seed).predict(pair_features(prep, us, vs))
    return boost_desired(prep, np.minimum(us, vs) * prep.n + np.maximum(us, vs), p)


def boost_desired(prep: Prepared, keys: np.ndarray, p: np.ndarray) -> np.ndarray:
    dk = desired_keys(prep)
    if len(dk) == 0 or len(p) == 0:
        return p
    hit = np.isin(keys, dk)
    if hit.any():
        odds = p[hit] / np.maximum(1e-12, 1 - p[hit]) * DESIRED_ODDS
        p = p.copy()
        p[hit] = odds / (1 + odds)
    return p


# ---------------------------------------------------------------- reasons
def pair_reason(prep: Prepared, i: int, j: int, weavers=(), max_names: int = 2) -> list[Msg]:
    """Plain-language evidence: shared interests, shared area, common contacts."""
    msgs: list[Msg] = []
    low = lambda xs: {x.lower(): x for x in xs}  # noqa: E731
    ti, tj = low(prep.attr_list(i, "themes")), low(prep.attr_list(j, "themes"))
    gi, gj = low(prep.attr_list(i, "target_groups")), low(prep.attr_list(j, "target_groups"))
    items = [gi[k] for k in sorted(set(gi) & set(gj))][:2] + [ti[k] for k in sorted(set(ti) & set(tj))][:2]
    ai, aj = prep.attr_str(i, "area"), prep.attr_str(j, "area")
    same_area = ai and ai.lower() == aj.lower()
    if items and same_area:
        msgs.append(Msg("analysis.reason.both_work_with_in_area", {"items": items, "area": ai}))
    elif items:
        msgs.append(Msg("analysis.reason.both_work_with", {"items": items}))
    elif same_area:
        msgs.append(Msg("analysis.reason.same_area", {"area": ai}))
    ni = set(prep.H[prep.nodes[i]])
    nj = set(prep.H[prep.nodes[j]])
    common = [prep.index[c] for c in ni & nj]
    wset = set(weavers)
    others = sorted((c for c in common if c not in wset), key=lambda c: (-prep.deg[c], c))
    if others:
        names = [prep.name(c) for c in others[:max_names]]
        if len(others) > max_names:
            msgs.append(Msg("analysis.reason.common_contacts_more", {"names": names, "more": len(others) - max_names}))
        else:
            msgs.append(Msg("analysis.reason.common_contacts", {"names": names}))
    via_w = [c for c in common if c in wset]
    if via_w and not others:
        msgs.append(Msg("analysis.reason.only_via_weaver", {"weaver": prep.name(via_w[0])}))
    key = frozenset((prep.nodes[i], prep.nodes[j]))
    if key in prep.desired():
        msgs.append(Msg("analysis.reason.desired", {}))
    return msgs


@dataclass(frozen=True)
class MissingLink:
    source: object
    target: object
    score: float
    reason_msgs: tuple[Msg, ...]

    def reason(self, lang: str = "en") -> str:
        return render_msgs(self.reason_msgs, lang)

    def to_dict(self, lang: str = "en") -> dict:
        return {"source": jsonable(self.source), "target": jsonable(self.target),
                "score": round(float(self.score), 6), "reason": self.reason(lang),
                "reason_msgs": [m.to_dict() for m in self.reason_msgs]}


def missing_links(G, top: int = 20, seed: int = 0, exclude=None) -> list[MissingLink]:
    """Plain missing-link prediction (no weaving awareness): top pairs by model."""
    prep = prepare(G)
    model = fit_model(prep, seed)
    ex = pair_keys(prep, exclude)
    best_k = np.zeros(0, dtype=np.int64)
    best_p = np.zeros(0)
    for us, vs, F in iter_candidates(prep, seed):
        keys = us * prep.n + vs
        p = boost_desired(prep, keys, model.predict(F))
        if len(ex):
            p = np.where(np.isin(keys, ex), -1.0, p)
        best_k = np.concatenate([best_k, keys])
        best_p = np.concatenate([best_p, p])
        if len(best_p) > 4 * top:
            sel = np.lexsort((best_k, -best_p))[: 2 * top]
            best_k, best_p = best_k[sel], best_p[sel]
    order = np.lexsort((best_k, -best_p))
    out = []
    for o in order:
        if best_p[o] < 0 or len(out) >= top:
            break
        i, j = divmod(int(best_k[o]), prep.n)
        out.append(MissingLink(prep.nodes[i], prep.nodes[j], float(best_p[o]), tuple(pair_reason(prep, i, j))))
    return out
