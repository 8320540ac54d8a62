"""Attribute profiles of the actors, for the pair features (``features``).

Every actor's tokens (themes, target groups, resources, type, sector, area,
lower-cased), their L2-normalised TF-IDF rows (scikit-learn), and what the
attribute features of a pair are read from: n x n cosine / shared-interest
tables on small maps, a table per distinct profile on big maps whose actors
share few profiles, else row-wise dot products.  Everything is computed once per
map and kept in ``Prepared.cache``.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from weaving.analysis.prepared import Prepared
from weaving.analysis.threads import one_thread
from weaving.core.schema import as_list

__all__ = ["attribute_matrix", "tfidf"]

DENSE_VOCAB = 64           # attribute vocabularies up to this size use dense rows
DENSE_STEPS_MAX = 2_500    # up to this many actors the tables of all pairs are dense n x n
PAIR_CHUNK = 200_000
INTERESTS = (("themes", "theme"), ("target_groups", "group"), ("resources", "resource"))
SINGLES = (("type", "type"), ("sector", "sector"), ("area", "area"))


# ---------------------------------------------------------------- attributes
def _tokens(d: dict) -> list[str]:
    toks = [f"{p}:{t.lower()}" for key, p in INTERESTS for t in as_list(d.get(key))]
    for key, p in SINGLES:
        v = d.get(key)
        v = "" if v is None else str(v).strip().lower()
        if v:
            toks.append(f"{p}:{v}")
    return toks


def _all_tokens(prep: Prepared) -> list[list[str]]:
    """Tokens of every actor; actors with the same raw attribute values share one
    (read-only) token list, so big maps with few distinct profiles stay cheap."""
    memo: dict = {}
    out = []
    fz = lambda v: tuple(v) if isinstance(v, (list, tuple)) else v  # noqa: E731
    keys = [k for k, _ in INTERESTS + SINGLES]
    nodes = prep.H.nodes
    for u in prep.nodes:               # in the map's (canonical) order, not the graph's
        d = nodes[u]
        try:
            key = tuple(fz(d.get(k)) for k in keys)
            toks = memo.get(key)
            if toks is None:
                toks = memo[key] = _tokens(d)
        except TypeError:     # unhashable attribute values: no sharing
            toks = _tokens(d)
        out.append(toks)
    return out


def _identity(doc):
    return doc


def tfidf(docs: list[list[str]]) -> sp.csr_matrix:
    """TF-IDF rows of token lists, L2-normalised: scikit-learn's ``TfidfVectorizer``
    (smooth idf = ln((1 + n) / (1 + df)) + 1, imported here, not at module load).
    Columns are the tokens in sorted order; no tokens at all gives one zero column.

    Examples
    --------
    >>> X = tfidf([["theme:kultur", "area:dalby"], ["theme:kultur"], ["theme:idrott", "area:dalby"]])
    >>> X.toarray().round(3).tolist()
    [[0.707, 0.0, 0.707], [0.0, 0.0, 1.0], [0.605, 0.796, 0.0]]
    """
    if not any(docs):
        return sp.csr_matrix((len(docs), 1))
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    # TfidfVectorizer is CountVectorizer followed by TfidfTransformer; the counts
    # are computed once per distinct token list (maps share few profiles) and
    # repeated per actor, so the transformer sees exactly the vectorizer's counts
    first: dict = {}
    inverse = np.fromiter((first.setdefault(tuple(d), len(first)) for d in docs), dtype=np.int64, count=len(docs))
    distinct = [list(k) for k in first]
    C = CountVectorizer(analyzer=_identity, lowercase=False, dtype=np.float64).fit_transform(distinct)
    C = C.tocsr()[inverse]
    X = TfidfTransformer().fit(C).transform(C, copy=False)
    X = X.tocsr()
    X.sort_indices()
    return X


def attribute_matrix(prep: Prepared) -> sp.csr_matrix:
    """L2-normalised TF-IDF profile rows (see the module docstring), cached."""
    if "attr_matrix" not in prep.cache:
        docs = _all_tokens(prep)
        prep.cache["tokens"] = docs
        prep.cache["attr_matrix"] = tfidf(docs)
    return prep.cache["attr_matrix"]


def _dense(M) -> np.ndarray:
    return np.asarray(M.todense() if sp.issparse(M) else M, dtype=np.float32)


def _profile(prep: Prepared) -> dict:
    """Everything the attribute features need, computed once per map."""
    if "profile" in prep.cache:
        return prep.cache["profile"]
    T = attribute_matrix(prep)
    docs = prep.cache["tokens"]
    vocab = sorted({t for toks in docs for t in toks})
    interest = np.array([t.startswith(tuple(p + ":" for _, p in INTERESTS)) for t in vocab] or [False])
    B = T.copy()
    B.data[:] = 1.0
    B = B[:, np.flatnonzero(interest)] if interest.any() else sp.csr_matrix((prep.n, 1))
    dense = T.shape[1] <= DENSE_VOCAB
    codes = {}
    for key in ("type", "sector"):
        seen: dict = {}
        c = np.full(prep.n, -1, dtype=np.int64)
        for i, u in enumerate(prep.nodes):
            v = prep.H.nodes[u].get(key)
            v = "" if v is None else str(v).strip().lower()
            if v:
                c[i] = seen.setdefault(v, len(seen))
        codes[key] = c
    prof = {"T": T.toarray() if dense else T, "B": B.toarray() if dense else B.tocsr(), "codes": codes,
            "tables": None}
    if prep.n <= DENSE_STEPS_MAX:   # small maps: every pair's value in an n x n table
        with one_thread():
            prof["tables"] = tuple(_dense(X @ X.T) for X in (prof["T"], prof["B"]))
    prep.cache["profile"] = prof
    return prof


def _rowdot(X, Y, us, vs) -> np.ndarray:
    """Row-wise dot products X[us] . Y[vs] (dense arrays or CSR), chunked."""
    out = np.empty(len(us))
    for s in range(0, len(us), PAIR_CHUNK):
        a, b = us[s:s + PAIR_CHUNK], vs[s:s + PAIR_CHUNK]
        if isinstance(X, np.ndarray):
            out[s:s + PAIR_CHUNK] = np.einsum("ij,ij->i", X[a], Y[b])
        else:
            out[s:s + PAIR_CHUNK] = np.asarray(X[a].multiply(Y[b]).sum(axis=1)).ravel()
    return out


PROFILE_TABLE_MIN_ACTORS = 2000   # bigger maps with ...
PROFILE_TABLE_MAX = 2048          # ... at most this many distinct profiles: cosines from a table


def _profile_table(prep: Prepared):
    """(profile id per actor, cosine table, shared-interest table) for big maps whose
    actors share few distinct profiles: a pair's values are then look-ups.  None
    otherwise."""
    if "attr_table" in prep.cache:
        return prep.cache["attr_table"]
    T = attribute_matrix(prep)
    res = None
    if prep.n > PROFILE_TABLE_MIN_ACTORS:
        ptr, ind, dat = T.indptr, T.indices, T.data
        # actors sharing one token list (``_all_tokens``) share their row: the
        # row's signature is read once per list, at its first actor
        by_list: dict = {}
        group = np.fromiter((by_list.setdefault(id(t), len(by_list)) for t in prep.cache["tokens"]),
                            dtype=np.int64, count=prep.n)
        firsts = np.unique(group, return_index=True)[1]      # each list's first actor, in list order
        sig: dict = {}
        gpid = np.empty(len(firsts), dtype=np.int64)
        reps = []
        for g, i in enumerate(firsts.tolist()):
            j = sig.setdefault((ind[ptr[i]:ptr[i + 1]].tobytes(), dat[ptr[i]:ptr[i + 1]].tobytes()), len(reps))
            if j == len(reps):
                reps.append(i)
                if len(reps) > PROFILE_TABLE_MAX:
                    break
            gpid[g] = j
        else:
            pid = gpid[group]
            rep_ids = np.asarray(reps, dtype=np.int64)
            Tp = T[rep_ids]
            Bp = _profile(prep)["B"][rep_ids]
            shared = Bp @ Bp.T
            shared = shared.todense() if sp.issparse(shared) else shared
            res = (pid, np.asarray((Tp @ Tp.T).todense()), np.asarray(shared))
    prep.cache["attr_table"] = res
    return res


def _attr_cos(prep: Prepared, us, vs) -> np.ndarray:
    tables = _profile(prep)["tables"]
    if tables is not None:
        return tables[0][us, vs].astype(float)
    tab = _profile_table(prep)
    if tab is not None:
        return tab[1][tab[0][us], tab[0][vs]]
    prof = _profile(prep)
    return _rowdot(prof["T"], prof["T"], us, vs)
