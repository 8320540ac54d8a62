"""Brokers: betweenness, Burt's constraint and effective size, articulation
points, bridges, local bridges and per-actor role labels.

Betweenness (hop counts, as in Krebs' maps: strength does not make a path
shorter) is Brandes' algorithm run for a *batch* of sources at once with sparse
matrix products: the forward BFS counts shortest paths level by level
(``sigma_next = A @ sigma_frontier`` masked to unvisited actors) and the backward
pass accumulates dependencies level by level (``delta += sigma * (A @ ((1+delta)/
sigma on the next level))``).  Exact (all sources) for n <= ``EXACT_MAX`` actors;
above that ``k`` (default 256) pivots are sampled without replacement (seeded) as
in Brandes & Pich 2007.  Error bound: with X_s = delta_s(v)/(n-2) in [0, 1],
Hoeffding (valid for sampling without replacement) plus a union bound over the n
actors gives, with probability >= 1 - delta, an additive error on *normalised*
betweenness of at most ``sqrt(ln(2n/delta) / (2k)) * n/(n-1)`` for every actor
simultaneously.  The same BFS gives global efficiency and the average path length
over connected pairs (robust to disconnected maps; sampled estimates for big maps).

Constraint (Burt 1992) uses strength as tie weight: p_ij = w_ij / sum_k w_ik and
c_i = sum_j (p_ij + sum_q p_iq p_qj)^2, computed for all links at once as the
sampled product (P @ P) restricted to the links (chunked rows).  Effective size
uses Borgatti's unweighted shortcut: n_i - 2 t_i / n_i, with t_i the ties among
i's contacts (triangles), from (A @ A) restricted to the links.  The same
product gives each link's number of common neighbours: links without any are
local bridges (Granovetter).  Bridges are the local bridges that are also
bridges of the graph obtained by contracting all links that lie on a triangle
(contracting non-bridge links keeps bridge status), which leaves NetworkX a
tiny graph.

Role labels (a node may have several; ``role`` is the first in this order):
isolated (no links), newcomer (all of its links were introduced), gatekeeper
(articulation point: some actors are reachable only through it), broker
(normalised betweenness >= 0.1, or links several clusters with betweenness at
least 3x the mean and in the top 10 %), hub (degree >= 3, >= twice the mean
and in the top 10 %), peripheral (one link, or fewer than half the mean links
and outside the main core), member (everything else).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from weaving.analysis._core import Msg, Prepared, components, edge_statuses, jsonable, prepare

EXACT_MAX = 2000
DEFAULT_PIVOTS = 256
CONFIDENCE = 0.95
ROLE_ORDER = ("isolated", "newcomer", "gatekeeper", "broker", "hub", "peripheral", "member")


@dataclass(frozen=True)
class BetweennessResult:
    values: np.ndarray          # normalised betweenness per node index
    exact: bool
    pivots: int
    error_bound: float          # additive bound on normalised values (0 if exact)
    confidence: float
    efficiency: float           # global efficiency (mean 1/d over ordered pairs)
    avg_path: float | None      # mean distance over connected pairs

    def to_dict(self) -> dict:
        return {"exact": self.exact, "pivots": self.pivots, "error_bound": self.error_bound,
                "confidence": self.confidence, "efficiency": self.efficiency,
                "avg_path": self.avg_path}


def _batch(A: sp.csr_matrix, sources: np.ndarray, dtype=np.float64) -> tuple[np.ndarray, float, float, float]:
    # arrays are (n, batch) C-ordered: csr @ dense is scipy's fastest layout
    n = A.shape[0]
    B = len(sources)
    cols = np.arange(B)
    if A.dtype != dtype:
        A = A.astype(dtype)
    sigma = np.zeros((n, B), dtype=dtype)
    sigma[sources, cols] = 1.0
    visited = sigma > 0
    levels = [visited.copy()]
    frontier = sigma.copy()
    inv_sum = d_sum = pairs = 0.0
    while True:
        nxt = A @ frontier
        nxt[visited] = 0.0
        new = nxt > 0
        cnt = int(np.count_nonzero(new))
        if cnt == 0:
            break
        d = len(levels)
        visited |= new
        sigma += nxt
        levels.append(new)
        frontier = nxt
        inv_sum += cnt / d
        d_sum += cnt * d
        pairs += cnt
    if not np.isfinite(sigma).all():
        if dtype != np.float64:
            return _batch(A, sources, np.float64)
        raise OverflowError("too many shortest paths to count")
    delta = np.zeros((n, B), dtype=dtype)
    coef = np.empty((n, B), dtype=dtype)
    for d in range(len(levels) - 1, 0, -1):
        coef.fill(0.0)
        np.divide(1.0 + delta, sigma, out=coef, where=levels[d])
        contrib = A @ coef
        contrib *= sigma
        np.add(delta, contrib, out=delta, where=levels[d - 1])
    delta[sources, cols] = 0.0
    return delta.sum(axis=1, dtype=np.float64), inv_sum, d_sum, pairs


def betweenness(G, k: int | None = None, seed: int = 0, exact_max: int = EXACT_MAX) -> BetweennessResult:
    """Normalised betweenness (hop distance) for every actor, plus path metrics."""
    prep = prepare(G)
    key = ("betweenness", k, seed, exact_max)
    if key in prep.cache:
        return prep.cache[key]
    n = prep.n
    if n == 0:
        res = BetweennessResult(np.zeros(0), True, 0, 0.0, CONFIDENCE, 0.0, None)
        prep.cache[key] = res
        return res
    if k is None:
        k = n if n <= exact_max else DEFAULT_PIVOTS
    k = min(max(1, int(k)), n)
    exact = k >= n
    if exact:
        sources = np.arange(n)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    batch = int(min(256, max(16, 4_000_000 // max(n, 1))))
    total = np.zeros(n)
    inv_sum = d_sum = pairs = 0.0
    for s in range(0, len(sources), batch):
        part, a, b, c = _batch(prep.A, sources[s:s + batch], np.float64 if exact else np.float32)
        total += part
        inv_sum += a
        d_sum += b
        pairs += c
    scale = n / k
    norm = (n - 1) * (n - 2)
    values = total * scale / norm if norm > 0 else np.zeros(n)
    eff = inv_sum / (k * (n - 1)) if n > 1 else 0.0
    avg = d_sum / pairs if pairs else None
    if exact:
        bound = 0.0
    else:
        bound = math.sqrt(math.log(2 * n / (1 - CONFIDENCE)) / (2 * k)) * n / (n - 1)
    res = BetweennessResult(values, exact, k, bound, CONFIDENCE, float(eff), avg)
    prep.cache[key] = res
    return res


def _chunks(n: int, nnz_per_row: float) -> int:
    return int(max(256, min(n, 3_000_000 // max(1.0, nnz_per_row))))


def local_structure(G) -> dict:
    """Per-node constraint, effective size, triangles; per-link common neighbours."""
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
    """(bridges, local bridges that are not bridges) as index pairs i<j."""
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
    prep = prepare(G)
    if "core" not in prep.cache:
        prep.cache["core"] = _core_numbers(prep.A) if prep.n else np.zeros(0, dtype=np.int64)
    return prep.cache["core"]


@dataclass(frozen=True)
class ActorRole:
    id: object
    label: str
    degree: int
    betweenness: float
    constraint: float | None
    effective_size: float | None
    core: int
    cluster: int
    clusters_reached: int
    roles: tuple[str, ...]

    @property
    def role(self) -> str:
        return self.roles[0]

    def to_dict(self, lang: str = "en") -> dict:
        d = {
            "id": jsonable(self.id), "label": self.label, "degree": self.degree,
            "betweenness": jsonable(self.betweenness), "constraint": jsonable(self.constraint),
            "effective_size": jsonable(self.effective_size), "core": self.core,
            "cluster": self.cluster, "clusters_reached": self.clusters_reached,
            "role": self.role, "roles": list(self.roles),
            "role_text": Msg(f"analysis.role.{self.role}").render(lang),
        }
        return d


@dataclass(frozen=True)
class Brokers:
    actors: tuple[ActorRole, ...]
    articulation_points: tuple
    bridges: tuple[tuple, ...]
    local_bridges: tuple[tuple, ...]
    betweenness: BetweennessResult

    def by_id(self) -> dict:
        return {a.id: a for a in self.actors}

    def with_role(self, role: str) -> list:
        return [a.id for a in self.actors if role in a.roles]

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "betweenness": self.betweenness.to_dict(),
            "articulation_points": jsonable(list(self.articulation_points)),
            "bridges": jsonable([list(e) for e in self.bridges]),
            "local_bridges": jsonable([list(e) for e in self.local_bridges]),
            "actors": [a.to_dict(lang) for a in self.actors],
        }


def _newcomers(prep: Prepared) -> np.ndarray:
    """Actors all of whose links were introduced (stops at an actor's first other link)."""
    out = np.zeros(prep.n, dtype=bool)
    index = prep.index
    for u, nbrs in prep.H.adjacency():
        if not nbrs:
            continue
        for d in nbrs.values():
            if not d or (d.get("statuses") is None and d.get("status") is None) or \
                    edge_statuses(d) != ["introduced"]:
                break
        else:
            out[index[u]] = True
    return out


def role_flags(prep: Prepared, bc: np.ndarray, labels: np.ndarray) -> dict:
    n = prep.n
    deg = prep.deg
    A = prep.A
    ap = np.zeros(n, dtype=bool)
    ap[articulation_points(prep)] = True
    core = core_numbers(prep)
    kmax = int(core.max()) if n else 0
    # how many clusters each actor touches (its own + its contacts')
    if n:
        rows = np.repeat(np.arange(n), np.diff(A.indptr))
        lo = int(labels.min())
        L = int(labels.max()) - lo + 1
        key = np.unique(rows.astype(np.int64) * L + (labels[A.indices] - lo)) if A.nnz else np.zeros(0, np.int64)
        pair = np.stack([key // L, key % L + lo], axis=1) if len(key) else np.zeros((0, 2), int)
        reach = np.bincount(pair[:, 0], minlength=n) if len(pair) else np.zeros(n, int)
        own_in = np.zeros(n, dtype=bool)
        if len(pair):
            own_in[pair[pair[:, 1] == labels[pair[:, 0]], 0]] = True
        reach = reach + (~own_in).astype(int)
    else:
        reach = np.zeros(0, int)
    linked = deg > 0
    mean_deg = deg[linked].mean() if linked.any() else 0.0
    mean_bc = bc.mean() if n else 0.0
    q90_bc = np.quantile(bc, 0.9) if n else 0.0
    q90_deg = np.quantile(deg, 0.9) if n else 0.0
    flags = {
        "isolated": ~linked,
        "newcomer": _newcomers(prep),
        "gatekeeper": ap,
        "broker": (bc > 0) & ((bc >= 0.1) | ((reach >= 2) & (bc >= 3 * mean_bc) & (bc >= q90_bc))),
        "hub": (deg >= 3) & (deg >= 2 * mean_deg) & (deg >= q90_deg),
        "peripheral": linked & ((deg == 1) | ((deg < 0.5 * mean_deg) & (core < kmax))),
    }
    return {"flags": flags, "reach": reach, "core": core}


def find_brokers(G, seed: int = 0, k: int | None = None) -> Brokers:
    """Betweenness, constraint, effective size, cut points, bridges and roles."""
    from weaving.analysis.clusters import cluster_labels

    prep = prepare(G)
    bres = betweenness(prep, k=k, seed=seed)
    loc = local_structure(prep)
    labels = cluster_labels(prep, seed)
    rf = role_flags(prep, bres.values, labels)
    flags, reach, core = rf["flags"], rf["reach"], rf["core"]
    br, lbr = bridges_and_local(prep)
    actors = []
    for i, u in enumerate(prep.nodes):
        roles = tuple(r for r in ROLE_ORDER[:-1] if flags[r][i]) or ("member",)
        c = loc["constraint"][i]
        e = loc["effective_size"][i]
        actors.append(ActorRole(
            u, prep.label(i), int(prep.deg[i]), float(bres.values[i]),
            None if math.isnan(c) else float(c), None if math.isnan(e) else float(e),
            int(core[i]), int(labels[i]), int(reach[i]), roles))
    nodes = prep.nodes
    return Brokers(
        tuple(actors),
        tuple(nodes[i] for i in articulation_points(prep)),
        tuple((nodes[i], nodes[j]) for i, j in br),
        tuple((nodes[i], nodes[j]) for i, j in lbr),
        bres,
    )
