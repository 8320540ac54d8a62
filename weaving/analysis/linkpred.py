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
(scikit-learn ``TfidfVectorizer``: rare shared interests weigh more).

Model: a logistic regression (weights on evidence features constrained >= 0,
see ``_fit_logistic``) fitted *on the map itself* (supervised link
prediction, Lichtenwalter et al. 2010): positives are the existing links (their
structural features do not depend on the link itself; degrees are taken without
it), negatives a seeded sample of candidate non-links.  The weights therefore
adapt to each map: structure-driven maps lean on RA/AA, attribute-rich maps on
shared interests.  Output is a probability-like score in (0, 1).  With fewer than
``MIN_TRAIN_LINKS`` links (or one class only) the model falls back to a fixed
blend ``RA + 0.5 * attribute cosine`` (documented, monotone in both).
Desired links recorded by staff are strong evidence: they multiply the odds by
``DESIRED_ODDS`` (= 20, i.e. a 50 % pair becomes 95 %).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from weaving.analysis._core import Msg, Prepared, jsonable, node_index, prepare, render_msgs

FEATURES = ("cn", "ra", "aa", "jaccard", "pa", "attr")
MIN_TRAIN_LINKS = 8
DESIRED_ODDS = 20.0
BLOCK_ALL_PAIRS = 12
WINDOW = 6


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """np.unique via sort (numpy's hash-based unique is slower for big int64 arrays)."""
    if len(a) == 0:
        return a
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))]


# ---------------------------------------------------------------- attributes
def _tokens(prep: Prepared, i: int) -> list[str]:
    toks = [f"theme:{t.lower()}" for t in prep.attr_list(i, "themes")]
    toks += [f"group:{t.lower()}" for t in prep.attr_list(i, "target_groups")]
    area = prep.attr_str(i, "area").lower()
    if area:
        toks.append(f"area:{area}")
    typ = prep.attr_str(i, "type").lower()
    if typ:
        toks.append(f"type:{typ}")
    return toks


def attribute_matrix(prep: Prepared) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows over themes / target groups / area / type."""
    if "attr_matrix" in prep.cache:
        return prep.cache["attr_matrix"]
    docs = [_tokens(prep, i) for i in range(prep.n)]
    prep.cache["tokens"] = docs
    if any(docs):
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(analyzer=lambda toks: toks, norm="l2", sublinear_tf=False)
        T = vec.fit_transform(docs).tocsr()
    else:
        T = sp.csr_matrix((prep.n, 1))
    prep.cache["attr_matrix"] = T
    return T


def attribute_pairs(prep: Prepared, seed: int = 0, window: int = WINDOW) -> np.ndarray:
    """Candidate pairs sharing interests (blocking), as int64 keys u*n+v with u<v."""
    if ("attr_pairs", seed) in prep.cache:
        return prep.cache[("attr_pairs", seed)]
    n = prep.n
    blocks: dict = {}
    for i in range(n):
        interests = sorted({t.lower() for t in prep.attr_list(i, "themes")} |
                           {t.lower() for t in prep.attr_list(i, "target_groups")})
        area = prep.attr_str(i, "area").lower()
        keys = []
        if area:
            keys += [(x, "@" + area) for x in interests]
        keys += [(x, y) for a, x in enumerate(interests) for y in interests[a + 1:]]
        for k in keys:
            blocks.setdefault(k, []).append(i)
    rng = np.random.default_rng(seed)
    out = []
    for k in sorted(blocks):
        mem = np.asarray(blocks[k], dtype=np.int64)
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


def _attr_cos(prep: Prepared, us, vs) -> np.ndarray:
    T = attribute_matrix(prep)
    out = np.empty(len(us))
    step = 200_000
    for s in range(0, len(us), step):
        out[s:s + step] = np.asarray(T[us[s:s + step]].multiply(T[vs[s:s + step]]).sum(axis=1)).ravel()
    return out


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


def iter_candidates(prep: Prepared, seed: int = 0, rows: np.ndarray | None = None, chunk_nnz: int = 3_000_000):
    """Yield (us, vs, F) for all candidate pairs, chunk by chunk (u < v).

    2-hop pairs come from sparse products; attribute/desired pairs without a
    common contact follow in a last chunk.  ``rows`` restricts to pairs whose
    smaller... first endpoint is in ``rows`` (used for training samples)."""
    n, A = prep.n, prep.A
    if n < 2:
        return
    ira, iaa = _inv_deg(prep)
    Ara = (sp.diags(ira) @ A).tocsr()
    Aaa = (sp.diags(iaa) @ A).tocsr()
    rowlist = np.arange(n) if rows is None else np.sort(np.asarray(rows, dtype=np.int64))
    avg2 = max(1.0, (A.nnz / n) ** 2)
    step = int(max(64, min(n, chunk_nnz // avg2)))
    for s in range(0, len(rowlist), step):
        r = rowlist[s:s + step]
        Ar = A[r]
        # subtracting BIG on the existing links marks them (and only them) negative;
        # the three products share one sparsity pattern, so after sort_indices the
        # data arrays line up entry by entry
        big = 4.0 * n
        X = (Ar @ A - big * Ar).tocsr()
        R = (Ar @ Ara - big * Ar).tocsr()
        Q = (Ar @ Aaa - big * Ar).tocsr()
        for M in (X, R, Q):
            M.sort_indices()
        rr = np.repeat(r, np.diff(X.indptr))
        keep = (X.data > 0) & (X.indices > rr)
        if not keep.any():
            continue
        cn = X.data[keep]
        ra = R.data[keep]
        aa = Q.data[keep]
        us, vs = rr[keep], X.indices[keep].astype(np.int64)
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
@dataclass(frozen=True)
class LinkModel:
    coef: np.ndarray | None
    intercept: float
    mean: np.ndarray | None
    scale: np.ndarray | None
    fallback: bool
    n_pos: int
    n_neg: int

    def predict(self, F: np.ndarray) -> np.ndarray:
        if len(F) == 0:
            return np.zeros(0)
        if self.fallback:
            z = F[:, 1] + 0.5 * F[:, 5]
            return z / (1.0 + z)
        Z = (F - self.mean) / self.scale
        # RA as a vanishing tie-breaker: pairs the model cannot tell apart (e.g. a
        # degenerate fit on a 20-link map) keep the resource-allocation order
        return 1.0 / (1.0 + np.exp(-(Z @ self.coef + self.intercept))) + 1e-9 * np.tanh(F[:, 1])

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "fallback": self.fallback,
                "coef": jsonable(list(self.coef)) if self.coef is not None else None,
                "n_pos": self.n_pos, "n_neg": self.n_neg}


MONOTONE = np.array([True, True, True, True, False, True])   # all but preferential attachment


def _fit_logistic(X: np.ndarray, y: np.ndarray, C: float = 1.0) -> tuple[np.ndarray, float]:
    """Class-balanced, L2-regularised logistic regression whose weights on the
    evidence features (common contacts, RA, AA, Jaccard, shared interests) are
    constrained to be >= 0: more shared contacts or interests must never lower a
    pair's score, even on a tiny map where the unconstrained fit would overfit
    (collinear CN/RA/AA otherwise get opposite signs).  L-BFGS-B, deterministic."""
    from scipy.optimize import minimize

    npos, nneg = y.sum(), len(y) - y.sum()
    sw = np.where(y == 1, len(y) / (2 * npos), len(y) / (2 * nneg))
    d = X.shape[1]

    def f(theta):
        w, b = theta[:d], theta[d]
        z = X @ w + b
        loss = np.sum(sw * (np.logaddexp(0, z) - y * z)) + 0.5 / C * w @ w
        g = sw * (1 / (1 + np.exp(-z)) - y)
        return loss, np.concatenate([X.T @ g + w / C, [g.sum()]])

    bounds = [(0, None) if m else (None, None) for m in MONOTONE] + [(None, None)]
    res = minimize(f, np.zeros(d + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    return res.x[:d].copy(), float(res.x[d])


def fit_model(G, seed: int = 0, max_pos: int = 5_000) -> LinkModel:
    prep = prepare(G)
    if ("model", seed) in prep.cache:
        return prep.cache[("model", seed)]
    rng = np.random.default_rng(seed)
    m = prep.m
    model = LinkModel(None, 0.0, None, None, True, 0, 0)
    if m >= MIN_TRAIN_LINKS and prep.n >= 4:
        A = prep.A.tocoo()
        up = A.row < A.col
        eu, ev = A.row[up].astype(np.int64), A.col[up].astype(np.int64)
        if len(eu) > max_pos:
            pick = np.sort(rng.choice(len(eu), max_pos, replace=False))
            eu, ev = eu[pick], ev[pick]
        Fp = pair_features(prep, eu, ev, linked=True)
        # negatives: candidate pairs of a seeded sample of rows
        want = 3 * len(eu)
        nrows = prep.n if prep.n <= 3000 else max(200, min(prep.n, int(3 * want / max(1.0, (prep.A.nnz / prep.n) ** 2)) + 200))
        rows = np.sort(rng.choice(prep.n, size=min(prep.n, nrows), replace=False))
        parts = [F for _, _, F in iter_candidates(prep, seed, rows=rows)]
        Fn = np.vstack(parts) if parts else np.zeros((0, len(FEATURES)))
        if len(Fn) > want:
            Fn = Fn[np.sort(rng.choice(len(Fn), want, replace=False))]
        if len(Fn) >= 3:
            X = np.vstack([Fp, Fn])
            y = np.concatenate([np.ones(len(Fp)), np.zeros(len(Fn))])
            mean = X.mean(axis=0)
            scale = X.std(axis=0)
            scale[scale == 0] = 1.0
            coef, intercept = _fit_logistic((X - mean) / scale, y)
            model = LinkModel(coef, intercept, mean, scale, False, len(Fp), len(Fn))
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
        names = [prep.label(c) for c in others[:max_names]]
        if len(others) > max_names:
            msgs.append(Msg("analysis.reason.common_contacts_more", {"names": names, "more": len(others) - max_names}))
        else:
            msgs.append(Msg("analysis.reason.common_contacts", {"names": names}))
    via_w = [c for c in common if c in wset]
    if via_w and not others:
        msgs.append(Msg("analysis.reason.only_via_weaver", {"weaver": prep.label(via_w[0])}))
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
