"""Pair features for link prediction: attribute profiles (TF-IDF), the classic
structural heuristics and the ranking score of each heuristic.

Features per pair (u, v), in the order of ``FEATURES``:

* ``cn``: common neighbours, log1p(|N(u) ∩ N(v)|);
* ``ra``: resource allocation, RA(u, v) = sum_{w in N(u) ∩ N(v)} 1 / deg(w)
  (Zhou, Lü & Zhang 2009);
* ``aa``: Adamic-Adar, sum_{w in N(u) ∩ N(v)} 1 / log deg(w);
* ``jaccard``: |N(u) ∩ N(v)| / |N(u) ∪ N(v)|;
* ``pa``: preferential attachment, log1p deg(u) + log1p deg(v);
* ``attr``: cosine of the actors' TF-IDF profiles over themes / target groups /
  area / type (``tfidf``: scikit-learn's TF-IDF, rare shared interests weigh
  more).

All are computed with sparse row products (chunked).  On big maps whose actors
share few distinct attribute profiles the cosines come from a profile table.
``raw_scores`` turns a feature matrix into one scorer's ranking score, with
vanishing tie-breakers (see there).
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from weaving.analysis.prepared import Prepared
from weaving.core.schema import as_list

__all__ = ["FEATURES", "SCORERS", "attribute_matrix", "pair_features", "raw_scores", "tfidf"]

FEATURES = ("cn", "ra", "aa", "jaccard", "pa", "attr")
SCORERS = ("model", "ra", "aa", "cn", "jaccard")   # scorers compared by the inner validation
DENSE_VOCAB = 64           # attribute vocabularies up to this size use dense rows for cosines
RA_DECIMALS = 10           # RA is compared at this precision; finer differences are ties


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
    with scipy because importing scikit-learn costs seconds in a fresh CLI process.

    Columns follow the order in which tokens first appear.

    Examples
    --------
    >>> X = tfidf([["theme:kultur", "area:dalby"], ["theme:kultur"], ["theme:idrott", "area:dalby"]])
    >>> X.toarray().round(3).tolist()
    [[0.707, 0.707, 0.0], [1.0, 0.0, 0.0], [0.0, 0.605, 0.796]]
    """
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
    """Feature matrix (columns ``FEATURES``) for given index pairs.

    ``linked``: the pairs are links; degrees are then taken without the link
    itself, so a link's features look like those it had before it existed.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis.prepared import prepare
    >>> prep = prepare(nx.Graph([("W", "a"), ("W", "b"), ("W", "c"), ("a", "b"), ("c", "d")]))
    >>> a, c, d = (prep.index[x] for x in "acd")
    >>> pair_features(prep, [a, a], [c, d]).round(3).tolist()
    [[0.693, 0.333, 0.91, 0.333, 2.197, 0.0], [0.0, 0.0, 0.0, 0.0, 1.792, 0.0]]
    """
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


def raw_scores(name: str, F: np.ndarray, lin: np.ndarray | None = None) -> np.ndarray:
    """Ranking score of a scorer (one of ``SCORERS``) on a feature matrix.

    Every heuristic carries vanishing tie-breakers (RA/AA, then shared
    interests) so pairs it cannot tell apart keep a sensible order instead of
    an arbitrary one.  ``"model"`` needs ``lin``, the logistic model's linear
    score.  Raises ``ValueError`` for an unknown scorer."""
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
