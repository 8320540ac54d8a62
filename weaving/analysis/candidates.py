"""Candidate pairs for link prediction (never all n^2 pairs).

* 2-hop pairs: every unlinked pair with a common contact, enumerated in row
  chunks from the sparse product A[rows] @ A (memory bounded by the chunk);
  the same products give the pairs' common neighbours, resource allocation and
  Adamic-Adar, and one more product per chunk their 3-step paths, so
  ``iter_candidates`` yields the full feature matrix (``features.FEATURES``);
* attribute pairs: blocking on shared interests -- actors sharing a theme or
  target group *in the same area*, or sharing two themes/target groups anywhere.
  Small blocks give all pairs; big blocks use the sorted-neighbourhood method
  (seeded shuffle, each actor paired with its next ``window`` block mates), so
  the number of pairs is linear in n;
* pairs staff recorded as *desired*.

Pairs are int64 keys ``u * n + v`` with u < v (indices into ``Prepared.nodes``).
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from weaving.analysis.features import (
    assemble,
    attribute_matrix,
    dense_steps,
    inv_degrees,
    pair_features,
    step_matrices,
    three_step,
)
from weaving.analysis.prepared import Prepared, node_index

__all__ = ["CANDIDATE_CAP", "CAP_MIN_ACTORS", "attribute_pairs", "desired_keys", "in_sorted", "iter_candidates",
           "pair_keys"]

BLOCK_ALL_PAIRS = 12
WINDOW = 6
CAP_MIN_ACTORS = 2000    # above this many actors the 2-hop candidates are capped per actor ...
CANDIDATE_CAP = 50       # ... to each actor's this many best partners by resource allocation


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """np.unique via sort (numpy's hash-based unique is slower for big int64 arrays)."""
    if len(a) == 0:
        return a
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))]


def in_sorted(keys: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Membership of ``keys`` in a sorted array (``np.isin`` without sorting the table).

    Examples
    --------
    >>> in_sorted(np.array([3, 4, 9]), np.array([1, 3, 9])).tolist()
    [True, False, True]
    """
    keys = np.asarray(keys)
    if len(table) == 0 or len(keys) == 0:
        return np.zeros(len(keys), bool)
    pos = np.minimum(np.searchsorted(table, keys), len(table) - 1)
    return table[pos] == keys


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
            np.sort(np.concatenate([np.asarray(x, dtype=np.int64) for x in parts]))   # canonical order
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
    """Keys of the pairs recorded as desired links (status ``desired``)."""
    n = prep.n
    ks = []
    for pair in prep.desired():
        a, b = tuple(pair)
        i, j = prep.index.get(a), prep.index.get(b)
        if i is not None and j is not None and i != j:
            ks.append(min(i, j) * n + max(i, j))
    return np.unique(np.asarray(ks, dtype=np.int64))


def pair_keys(prep: Prepared, pairs) -> np.ndarray:
    """Node-id pairs -> int64 keys (unknown ids are ignored).

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis.prepared import prepare
    >>> prep = prepare(nx.path_graph(["a", "b", "c"]))
    >>> pair_keys(prep, [("c", "a"), ("a", "zz")]).tolist()
    [2]
    """
    n = prep.n
    ks = []
    for pair in pairs or ():
        a, b = tuple(pair)
        i, j = node_index(prep, a), node_index(prep, b)
        if i is not None and j is not None and i != j:
            ks.append(min(i, j) * n + max(i, j))
    return np.unique(np.asarray(ks, dtype=np.int64))


ROW_BLOCK_CELLS = 500_000     # padded cells per block of rows in ``_row_thresholds``
CHUNK_NNZ = 1_000_000         # about this many 2-hop entries per chunk of rows: the chunk's arrays
                              # (~10-20 MB) are reused from one chunk to the next instead of being
                              # mapped afresh (page faults cost more than the products on big maps)


def _row_thresholds(data: np.ndarray, ptr: np.ndarray, cap: int) -> np.ndarray:
    """Per row of a CSR chunk: the ``cap``-th largest value (0 with <= cap values).

    The rows with more than ``cap`` values are padded with -inf into blocks of a
    dense table and partitioned along the rows at once (one ``np.partition`` per
    block instead of one per row).

    Examples
    --------
    >>> _row_thresholds(np.array([5., 1., 3., 2., 7., 4.]), np.array([0, 4, 6]), 2).tolist()
    [3.0, 0.0]
    """
    out = np.zeros(len(ptr) - 1)
    lens = np.diff(ptr)
    todo = np.flatnonzero(lens > cap)
    if not len(todo):
        return out
    step = max(1, ROW_BLOCK_CELLS // int(lens[todo].max()))
    for s in range(0, len(todo), step):
        rows = todo[s:s + step]
        L = lens[rows]
        w = int(L.max())
        M = np.full((len(rows), w), -np.inf)
        at = np.repeat(np.cumsum(L) - L, L)                # each value's offset within its row ...
        col = np.arange(int(L.sum())) - at                 # ... gives its column in the table
        M[np.repeat(np.arange(len(rows)), L), col] = data[np.repeat(ptr[rows], L) + col]
        out[rows] = np.partition(M, w - cap, axis=1)[:, w - cap]
    return out


def _operands(prep: Prepared) -> tuple:
    """(A + BIG I, (D^-1 A + i D_log^-1 A) + BIG I, BIG), the right operands of the
    2-hop products of ``iter_candidates``, kept on the map."""
    if "cand_ops" not in prep.cache:
        n, A = prep.n, prep.A
        ira, iaa, _ = inv_degrees(prep)
        big = 4.0 * n
        bigI = sp.identity(n, format="csr") * big
        A1 = (A + bigI).tocsr()
        Ac = ((sp.diags(ira) @ A + bigI) + 1j * (sp.diags(iaa) @ A + bigI)).tocsr()
        A1.sort_indices()
        Ac.sort_indices()
        prep.cache["cand_ops"] = (A1, Ac, big)
    return prep.cache["cand_ops"]


def _extra_keys(prep: Prepared, seed: int) -> np.ndarray:
    """Sorted keys of the attribute and desired pairs, kept on the map."""
    key = ("cand_extra", seed)
    if key not in prep.cache:
        prep.cache[key] = _sorted_unique(np.concatenate([attribute_pairs(prep, seed), desired_keys(prep)]))
    return prep.cache[key]


def _lookup(Y: sp.csr_matrix, keys: np.ndarray, n: int) -> np.ndarray:
    """Entries of a row-chunk product at (row in chunk) * n + column keys (0 if absent)."""
    Y = Y.tocsr()
    Y.sort_indices()
    yk = np.repeat(np.arange(Y.shape[0], dtype=np.int64), np.diff(Y.indptr)) * n + Y.indices
    pos = np.minimum(np.searchsorted(yk, keys), max(0, len(yk) - 1))
    if not len(yk):
        return np.zeros(len(keys))
    return np.where(yk[pos] == keys, Y.data[pos], 0.0)


def iter_candidates(prep: Prepared, seed: int = 0, rows: np.ndarray | None = None, chunk_nnz: int = CHUNK_NNZ,
                    cap: int | None = None, always=None):
    """Yield (us, vs, F) for all candidate pairs, chunk by chunk (u < v).

    2-hop pairs come from sparse products; attribute/desired pairs without a
    common contact follow in a last chunk.  ``rows`` restricts to pairs whose
    first endpoint is in ``rows`` (used for training samples).

    ``cap`` (big maps only, see ``CANDIDATE_CAP``; ignored with ``rows``): a
    2-hop pair is kept only if it is among the ``cap`` best partners of either
    endpoint by resource allocation (ties at the cut kept) or ``always(us, vs)``
    says so; the other 2-hop pairs are never scored.  RA is symmetric, so with
    thr = each actor's cap-th best RA the pair (u < v) is taken in row u when
    RA >= thr[u] (or ``always``), else in row v when RA >= thr[v] -- each pair
    once, in a single pass.  Attribute and desired pairs are never capped.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis.prepared import prepare
    >>> prep = prepare(nx.Graph([("W", "a"), ("W", "b"), ("W", "c"), ("a", "b"), ("c", "d")]))
    >>> for us, vs, F in iter_candidates(prep):
    ...     print([(prep.nodes[u], prep.nodes[v]) for u, v in zip(us, vs)], F[:, 1].round(3).tolist())
    [('a', 'c'), ('b', 'c'), ('d', 'W')] [0.333, 0.333, 0.5]
    """
    n, A = prep.n, prep.A
    if n < 2:
        return
    if rows is not None:
        cap = None
    tables = dense_steps(prep)
    deep = three_step(prep) and tables is None
    SL = step_matrices(prep)[0] if deep else None
    # links are marked by adding BIG on the diagonal of the right operand:
    # (A[r] @ (M + BIG I))[r, c] = (A[r] @ M)[r, c] + BIG * A[r, c].  RA and AA
    # come from one complex product (real part RA, imaginary part AA: A's entries
    # are 1, so every term and every sum is exactly that of the two real
    # products).  Both right operands share one sparsity pattern and scipy builds a
    # product's pattern (and its order) from the operands' patterns alone, so the
    # data arrays line up entry by entry (checked; sorted only if they do not)
    A1, Ac, big = _operands(prep)
    rowlist = np.arange(n) if rows is None else np.sort(np.asarray(rows, dtype=np.int64))
    avg2 = max(1.0, (A.nnz / n) ** 2)
    if deep:   # the 3-step product has about mean degree times more entries
        avg2 *= max(1.0, A.nnz / n)
    step = int(max(64, min(n, chunk_nnz // avg2)))
    thr = np.zeros(n) if cap else None
    # interest / desired pairs (sorted keys); those that are linked or have a common
    # contact have an entry in their row's product X: marked chunk by chunk, the
    # rest follow in the last chunk without computing their (zero) shared contacts
    extra = _extra_keys(prep, seed)
    if rows is not None and len(extra):
        inrows = np.zeros(n, bool)
        inrows[rowlist] = True
        extra = extra[inrows[extra // n]]
    eu, hit = extra // n, np.zeros(len(extra), bool)
    for s in range(0, len(rowlist), step):
        r = rowlist[s:s + step]
        Ar = A[r]
        X = (Ar @ A1).tocsr()
        C = (Ar @ Ac).tocsr()
        if not (np.array_equal(X.indptr, C.indptr) and np.array_equal(X.indices, C.indices)):
            for M in (X, C):
                M.sort_indices()
        lo, hi = np.searchsorted(eu, r[0]), np.searchsorted(eu, r[-1], side="right")
        if hi > lo:            # (the chunk's rows are consecutive in rowlist: all of eu[lo:hi] is in r)
            ek = extra[lo:hi]
            E = sp.csr_matrix((np.ones(hi - lo), ek % n, np.searchsorted(np.searchsorted(r, eu[lo:hi]),
                                                                          np.arange(len(r) + 1))), shape=(len(r), n))
            H = X.multiply(E).tocsr()
            hk = r[np.repeat(np.arange(len(r)), np.diff(H.indptr))] * n + H.indices
            hit[lo + np.searchsorted(ek, hk)] = True
        ra_all, aa_all = C.data.real, C.data.imag
        rr = np.repeat(r, np.diff(X.indptr))
        cols = X.indices
        gt = cols > rr                  # excludes the diagonal entry (r, r) too
        if cap:
            cand = X.data < big         # links carry + BIG
            data = np.where(cand, ra_all, 0.0)
            data[cols == rr] = 0.0      # the diagonal
            thr[r] = _row_thresholds(data, X.indptr, int(cap))
            ra_ = ra_all
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
        ra = ra_all[idx]
        aa = aa_all[idx]
        if deep:
            # (row in chunk, column) keys: a capped pair may sit in its larger actor's row
            local = np.searchsorted(r, rr[idx]) * n + cols[idx].astype(np.int64)
            p3 = _lookup((Ar @ A) @ A, local, n)
            l3 = _lookup((Ar @ SL) @ SL, local, n)
        elif tables is not None:
            p3, l3 = tables[0][us, vs].astype(float), tables[1][us, vs].astype(float)
        else:
            p3 = l3 = np.zeros(len(us))
        yield us, vs, assemble(prep, us, vs, cn, ra, aa, p3, l3)
    # interest / desired pairs without any common contact
    us, vs = extra[~hit] // n, extra[~hit] % n
    if len(us):
        if deep:
            F = pair_features(prep, us, vs)
            no_cn = F[:, 0] == 0
            us, vs, F = us[no_cn], vs[no_cn], F[no_cn]
        else:                  # exactly what pair_features gives without a common contact
            zero = np.zeros(len(us))
            p3, l3 = (tables[0][us, vs].astype(float), tables[1][us, vs].astype(float)) if tables is not None \
                else (zero, zero)
            F = assemble(prep, us, vs, zero, zero, zero, p3, l3)
        if len(us):
            yield us, vs, F
