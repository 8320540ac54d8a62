"""Local structure: Burt's constraint and effective size, bridges, local bridges,
articulation points and k-core numbers, all on the CSR adjacency.

Constraint (Burt 1992) uses strength as tie weight: p_ij = w_ij / sum_k w_ik and
c_i = sum_j (p_ij + sum_q p_iq p_qj)^2, computed for all links at once as the
sampled product (P @ P) restricted to the links (chunked rows).  Effective size
uses Borgatti's unweighted shortcut: n_i - 2 t_i / n_i, with t_i the ties among
i's contacts (triangles), from (A @ A) restricted to the links.  The same
product gives each link's number of common neighbours: links without any are
local bridges (Granovetter).  Bridges are the local bridges that are also
bridges of the graph obtained by contracting all links that lie on a triangle
(contracting non-bridge links keeps bridge status), which leaves NetworkX a
tiny graph.  Articulation points are Hopcroft-Tarjan on scipy's depth-first
order, core numbers level-synchronous peeling (see the functions).

Every function takes a graph or a ``Prepared`` and returns node *indices*
(positions in ``Prepared.nodes``); results are cached on the ``Prepared``.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp

from weaving.analysis.prepared import components, prepare

__all__ = ["articulation_points", "bridges_and_local", "core_numbers", "local_structure"]


def _chunks(n: int, nnz_per_row: float) -> int:
    """Rows per chunk for about 1M product entries (chunk-sized arrays are reused,
    bigger ones cost page faults; every row is computed on its own, so the
    results do not depend on the chunks)."""
    return int(max(256, min(n, 1_000_000 // max(1.0, nnz_per_row))))


def local_structure(G) -> dict:
    """Per-actor constraint, effective size and triangles; per-link common neighbours.

    Burt's constraint of actor i, with p_ij = w_ij / sum_k w_ik the share of i's
    tie strength spent on j, is

        c_i = sum_{j in N(i)} (p_ij + sum_{q != i, j} p_iq p_qj)^2

    (high: all contacts know each other, no structural holes).  The effective
    size is n_i - 2 t_i / n_i with n_i the number of contacts and t_i the links
    among them.  Both are NaN for actors without links.

    Parameters
    ----------
    G : NetworkX graph or Prepared

    Returns
    -------
    dict
        ``constraint``, ``effective_size``, ``triangles`` (arrays in node order)
        and ``edge_cn`` (common neighbours per stored entry of ``Prepared.A``).

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*,
       Harvard University Press, 1992.
    .. [2] S. P. Borgatti, "Structural holes: unpacking Burt's redundancy
       measures", Connections 20(1), 35-38, 1997.

    Examples
    --------
    >>> import networkx as nx
    >>> loc = local_structure(nx.star_graph(4))
    >>> loc["constraint"].round(2).tolist(), loc["effective_size"].round(2).tolist()
    ([0.25, 1.0, 1.0, 1.0, 1.0], [4.0, 1.0, 1.0, 1.0, 1.0])
    """
    prep = prepare(G)
    if "local" in prep.cache:
        return prep.cache["local"]
    n, A, W = prep.n, prep.A, prep.W
    s = np.asarray(W.sum(axis=1)).ravel()
    inv = np.divide(1.0, s, out=np.zeros(n), where=s > 0)
    P = sp.diags(inv) @ W
    P = P.tocsr()
    tri2 = np.zeros(n)
    cons = np.zeros(n)
    edge_cn = np.zeros(A.nnz)
    avg = (A.nnz / max(n, 1)) ** 2 if n else 1
    step = _chunks(n, avg)
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        Ar = A[r0:r1]
        X = Ar @ A
        Y = Ar.multiply(X + Ar).tocsr()        # CN + 1 on the links of these rows
        Y.sort_indices()
        cn = Y.data - 1.0
        edge_cn[A.indptr[r0]:A.indptr[r1]] = cn
        tri2[r0:r1] = np.bincount(np.repeat(np.arange(r1 - r0), np.diff(Y.indptr)), weights=cn,
                                  minlength=r1 - r0)
        Pr = P[r0:r1]
        Z = Ar.multiply(Pr @ P + Pr).tocsr()  # p_ij + sum_q p_iq p_qj on the links
        cons[r0:r1] = np.asarray(Z.power(2).sum(axis=1)).ravel()
    deg = prep.deg
    esize = np.where(deg > 0, deg - np.divide(tri2, deg, out=np.zeros(n), where=deg > 0), np.nan)
    cons = np.where(deg > 0, cons, np.nan)
    res = {"constraint": cons, "effective_size": esize, "triangles": tri2 / 2, "edge_cn": edge_cn}
    prep.cache["local"] = res
    return res


def bridges_and_local(G) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(bridges, local bridges that are not bridges) as index pairs i<j.

    A local bridge is a link whose ends have no common contact; a bridge is a
    link whose removal disconnects its ends.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 6), (6, 3)])
    >>> bridges_and_local(G)
    ([(2, 3)], [(3, 4), (3, 6), (4, 5), (5, 6)])
    """
    prep = prepare(G)
    if "bridges" in prep.cache:
        return prep.cache["bridges"]
    A = prep.A
    cn = local_structure(prep)["edge_cn"]
    rows = np.repeat(np.arange(prep.n), np.diff(A.indptr))
    cols = A.indices
    upper = rows < cols
    tri_edge = (cn > 0) & upper
    T = sp.csr_matrix((np.ones(int(tri_edge.sum())), (rows[tri_edge], cols[tri_edge])), shape=A.shape)
    _, lab = components(T + T.T)
    lb = np.flatnonzero((cn == 0) & upper)
    lu, lv = rows[lb], cols[lb]
    cu, cv = lab[lu], lab[lv]
    cross = cu != cv
    a = np.minimum(cu, cv)
    b = np.maximum(cu, cv)
    mult: dict = {}
    for x, y in zip(a[cross].tolist(), b[cross].tolist()):
        mult[(x, y)] = mult.get((x, y), 0) + 1
    C = nx.Graph()
    C.add_edges_from(mult)
    cbr = {(min(x, y), max(x, y)) for x, y in nx.bridges(C)} if C.number_of_edges() else set()
    bridges, local = [], []
    for i, j, x, y, c in zip(lu.tolist(), lv.tolist(), a.tolist(), b.tolist(), cross.tolist()):
        if c and (x, y) in cbr and mult[(x, y)] == 1:
            bridges.append((i, j))
        else:
            local.append((i, j))
    prep.cache["bridges"] = (bridges, local)
    return bridges, local


def _articulation(A: sp.csr_matrix) -> np.ndarray:
    """Articulation points (Hopcroft-Tarjan) on CSR arrays.  A virtual root joined
    to one actor of every component makes one DFS tree (scipy's C depth-first
    order, a true DFS: every non-tree link joins an ancestor and a descendant).
    low[v] = smallest preorder number reachable from v's subtree by one link
    (the tree link to the parent included: that only adds disc[parent], which does
    not change the test low[child] >= disc[parent]); the subtree minimum is one
    pass in reverse preorder.  A non-root is a cut point iff some child has
    low >= its own number; a component root iff it has >= 2 children."""
    from scipy.sparse.csgraph import connected_components, depth_first_order

    n = A.shape[0]
    if n < 3:
        return np.zeros(0, dtype=np.int64)
    k, lab = connected_components(A, directed=False)
    reps = np.unique(lab, return_index=True)[1]
    coo = A.tocoo()
    r = np.concatenate([coo.row, coo.col, np.full(k, n), reps])
    c = np.concatenate([coo.col, coo.row, reps, np.full(k, n)])
    B = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(n + 1, n + 1))
    order, pred = depth_first_order(B, n, directed=False, return_predecessors=True)
    disc = np.empty(n + 1, dtype=np.int64)
    disc[order] = np.arange(n + 1)
    low = disc.copy()
    deg = np.diff(B.indptr)
    has = deg > 0
    mins = np.minimum.reduceat(disc[B.indices], B.indptr[:-1][has]) if B.nnz else np.zeros(0, np.int64)
    low[has] = np.minimum(low[has], mins)
    lowl = low.tolist()
    predl = pred.tolist()
    for v in reversed(order.tolist()[1:]):
        p = predl[v]
        lowl[p] = min(lowl[p], lowl[v])
    low = np.asarray(lowl)
    child = order[1:]
    par = pred[child]
    out = np.zeros(n + 1, dtype=bool)
    inner = par != n
    hit = inner & (low[child] >= disc[par])
    out[par[hit]] = True
    roots = child[~inner]
    nchild = np.bincount(par[inner], minlength=n + 1)
    out[roots] = nchild[roots] >= 2
    return np.flatnonzero(out[:n])


def articulation_points(G) -> list[int]:
    """Indices of the articulation points (actors whose removal splits their piece).

    Examples
    --------
    >>> import networkx as nx
    >>> articulation_points(nx.path_graph(4))
    [1, 2]
    """
    prep = prepare(G)
    if "ap" not in prep.cache:
        prep.cache["ap"] = [int(i) for i in _articulation(prep.A)]
    return prep.cache["ap"]


def _core_numbers(A: sp.csr_matrix) -> np.ndarray:
    """k-core numbers by level-synchronous peeling on CSR arrays (same result as
    Batagelj-Zaversnik): for k = 1, 2, ... repeatedly remove *all* remaining
    actors with fewer than k remaining contacts (core number k-1) and lower their
    contacts' degrees with one bincount.  Big waves are numpy operations; small
    waves (long chains, e.g. a path) continue as a plain queue, so the total work
    stays O(links) without thousands of tiny numpy rounds."""
    n = A.shape[0]
    indptr, indices = A.indptr, A.indices
    deg = np.diff(indptr).astype(np.int64)
    core = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    left = n
    k = 0
    nbl = None
    while left:
        k = max(k + 1, int(deg[alive].min()) + 1)   # skip empty levels
        peel = np.flatnonzero(alive & (deg < k))
        while len(peel) >= 64:
            core[peel] = k - 1
            alive[peel] = False
            left -= len(peel)
            starts, ends = indptr[peel], indptr[peel + 1]
            lens = ends - starts
            tot = int(lens.sum())
            if not tot:
                peel = peel[:0]
                break
            idx = np.repeat(ends - np.cumsum(lens), lens) + np.arange(tot)
            nb = indices[idx]
            nb = nb[alive[nb]]
            if len(nb) == 0:
                peel = peel[:0]
                break
            deg -= np.bincount(nb, minlength=n)
            cand = np.unique(nb)
            peel = cand[deg[cand] < k]
        if len(peel):
            if nbl is None:
                ptr, nbl = indptr.tolist(), indices.tolist()
            stack = peel.tolist()
            core[peel] = k - 1
            alive[peel] = False
            left -= len(stack)
            while stack:
                v = stack.pop()
                for w in nbl[ptr[v]:ptr[v + 1]]:
                    if alive[w]:
                        deg[w] -= 1
                        if deg[w] < k:
                            alive[w] = False
                            core[w] = k - 1
                            left -= 1
                            stack.append(w)
    return core


def core_numbers(G) -> np.ndarray:
    """k-core number of every actor (node order): the largest k such that the
    actor belongs to a subgraph in which every actor has at least k contacts.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(4)
    >>> G.add_edge(3, 4)
    >>> core_numbers(G).tolist()
    [3, 3, 3, 3, 1]
    """
    prep = prepare(G)
    if "core" not in prep.cache:
        prep.cache["core"] = _core_numbers(prep.A) if prep.n else np.zeros(0, dtype=np.int64)
    return prep.cache["core"]
