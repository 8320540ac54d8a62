"""Seeded, deterministic node layout for the map (pure Python + NumPy/SciPy).

Small maps use ``nx.spring_layout(seed=...)``; large maps use a vectorised
Fruchterman-Reingold "grid variant" (repulsion only between nodes closer than
``2k``, found with a k-d tree), which lays out 2,000 nodes in a fraction of a second
and 10,000 nodes in a few seconds.  Same graph + same seed -> same positions.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

SMALL_MAP_MAX = 300
#: distance between neighbouring nodes in the output coordinates (vis pixels):
#: small maps get room for labels, large maps are meant to be zoomed into
NODE_SPACING = 150.0
LARGE_NODE_SPACING = 95.0


def _simple_undirected(G: nx.Graph) -> nx.Graph:
    if not G.is_directed() and not G.is_multigraph():
        return G
    H = nx.Graph()
    H.add_nodes_from(G.nodes())
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return H


def compute_layout(G: nx.Graph, seed: int = 0, *, small_max: int = SMALL_MAP_MAX,
                   spacing: float | None = None) -> dict:
    """Return ``{node: (x, y)}`` in vis-network pixel coordinates, centred on 0.

    Deterministic for the same graph (same node order) and the same ``seed``.
    """
    n = G.number_of_nodes()
    if n == 0:
        return {}
    nodes = list(G.nodes())
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    H = _simple_undirected(G)
    if n <= small_max:
        xy = _small_layout(H, nodes, seed) * (spacing or NODE_SPACING)
    else:
        xy = _fast_fr(H, nodes, seed) * (spacing or LARGE_NODE_SPACING)
    xy -= xy.mean(axis=0)
    xy = np.round(xy, 1)
    return {v: (float(xy[i, 0]), float(xy[i, 1])) for i, v in enumerate(nodes)}


def _small_layout(H: nx.Graph, nodes: list, seed: int) -> np.ndarray:
    """Small maps: ``nx.spring_layout(seed=seed)`` per connected component, scaled so
    neighbours are ~1 apart, components shelf-packed (largest first) so that scattered
    clusters and isolated actors stay visible without wasting the canvas."""
    index = {v: i for i, v in enumerate(nodes)}
    comps = [sorted(index[v] for v in c) for c in nx.connected_components(H)]
    comps.sort(key=lambda c: (-len(c), c[0]))
    local = []
    for comp in comps:
        m = len(comp)
        if m == 1:
            local.append(np.zeros((1, 2)))
            continue
        # an explicit graph in input order: a subgraph *view* of a few nodes iterates a
        # set, whose order changes between processes (string hashing is salted)
        members = [nodes[i] for i in comp]
        inside = set(members)
        sub = nx.Graph()
        sub.add_nodes_from(members)
        sub.add_edges_from((u, v) for u in members for v in H[u] if v in inside)
        raw = nx.spring_layout(sub, seed=seed, weight=None)
        X = np.array([raw[nodes[i]] for i in comp], dtype=float)
        local.append(X * (0.55 * math.sqrt(m) + 0.35))
    pos = np.zeros((len(nodes), 2))
    _pack(comps, local, pos)
    return pos


def _fast_fr(H: nx.Graph, nodes: list, seed: int) -> np.ndarray:
    """Large maps: Pivot MDS per connected component (Brandes & Pich 2006), components
    packed on shelves, then a short Fruchterman-Reingold refinement with local
    repulsion only (neighbours within 2k found with a k-d tree).  Ideal distance k = 1.
    """
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in H.edges() if u != v], dtype=np.int64)
    edges = edges.reshape(-1, 2)
    rng = np.random.default_rng(seed)
    comps = [sorted(index[v] for v in c) for c in nx.connected_components(H)]
    comps.sort(key=lambda c: (-len(c), c[0]))
    pos = np.zeros((n, 2))
    local: list[np.ndarray] = []
    for comp in comps:
        local.append(_component_layout(comp, edges, index, rng))
    _pack(comps, local, pos)
    _refine(pos, edges, iterations=30, temp0=0.5)
    return pos


def _component_layout(comp: list[int], edges: np.ndarray, index: dict,
                      rng: np.random.Generator) -> np.ndarray:
    m = len(comp)
    if m == 1:
        return np.zeros((1, 2))
    if m == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import shortest_path

    comp_arr = np.asarray(comp, dtype=np.int64)
    loc = np.full(int(edges.max(initial=comp_arr.max())) + 1, -1, dtype=np.int64)
    loc[comp_arr] = np.arange(m)
    sub = edges[(edges[:, 0] < len(loc)) & (loc[np.minimum(edges[:, 0], len(loc) - 1)] >= 0)]
    u, v = loc[sub[:, 0]], loc[sub[:, 1]]
    A = csr_matrix((np.ones(len(u)), (u, v)), shape=(m, m))
    A = A + A.T
    k = min(40, m)
    pivots = [int(rng.integers(m))]
    D = np.empty((m, k))
    mind = np.full(m, np.inf)
    for j in range(k):
        d = shortest_path(A, directed=False, unweighted=True, indices=pivots[j])
        D[:, j] = d
        mind = np.minimum(mind, d)
        if j + 1 < k:
            pivots.append(int(np.argmax(mind)))
    D2 = D * D
    C = -0.5 * (D2 - D2.mean(axis=0, keepdims=True) - D2.mean(axis=1, keepdims=True) + D2.mean())
    U, S, _ = np.linalg.svd(C, full_matrices=False)
    X = U[:, :2] * S[:2]
    if X.shape[1] < 2:
        X = np.hstack([X, np.zeros((m, 1))])
    for c in range(2):  # fix the SVD sign ambiguity
        if X[np.argmax(np.abs(X[:, c])), c] < 0:
            X[:, c] = -X[:, c]
    if len(u):
        elen = np.hypot(*(X[u] - X[v]).T).mean()
        if elen > 1e-9:
            X /= elen
    # small-world graphs do not fit in the plane with unit edges: give every node
    # about 2.5 k^2 of room so that the refinement only has to remove overlaps
    span = X.max(axis=0) - X.min(axis=0)
    area = max(span[0], 0.5) * max(span[1], 0.5)
    if area < 2.5 * m:
        X *= math.sqrt(2.5 * m / area)
    # leaves of the same hub land on one point: jitter a little, refinement spreads them
    X += rng.normal(0.0, 0.15, size=X.shape)
    return X


def _pack(comps: list[list[int]], local: list[np.ndarray], pos: np.ndarray) -> None:
    """Shelf-pack components (largest first) into a roughly square area."""
    boxes = []
    for X in local:
        lo = X.min(axis=0)
        size = X.max(axis=0) - lo
        boxes.append((lo, size))
    total = sum((s[0] + 2.0) * (s[1] + 2.0) for _, s in boxes)
    width = max(math.sqrt(total) * 1.1, max(s[0] for _, s in boxes) + 2.0)
    x = y = shelf_h = 0.0
    for comp, X, (lo, size) in zip(comps, local, boxes):
        if x > 0 and x + size[0] > width:
            x, y, shelf_h = 0.0, y + shelf_h + 2.0, 0.0
        pos[comp] = X - lo + np.array([x, y])
        x += size[0] + 2.0
        shelf_h = max(shelf_h, size[1])


def _refine(pos: np.ndarray, edges: np.ndarray, *, iterations: int, temp0: float,
            neighbours: int = 10) -> None:
    """Overlap removal + mild edge attraction.  Repulsion comes from each node's
    ``neighbours`` nearest nodes within 2k only (k-d tree), so every iteration costs
    O(n log n) whatever the density."""
    from scipy.spatial import cKDTree

    n = len(pos)
    if n < 2:
        return
    kk = min(neighbours + 1, n)
    k = 1.0
    radius = 2.0 * k
    for it in range(iterations):
        temp = temp0 * (1.0 - it / iterations) + 0.01
        disp = np.zeros_like(pos)
        dist, idx = cKDTree(pos).query(pos, k=kk, distance_upper_bound=radius)
        dist, idx = dist[:, 1:], idx[:, 1:]
        ok = np.isfinite(dist)
        if ok.any():
            i = np.broadcast_to(np.arange(n)[:, None], idx.shape)[ok]
            j = idx[ok]
            delta = pos[i] - pos[j]
            dist2 = np.maximum(delta[:, 0] ** 2 + delta[:, 1] ** 2, 1e-4)
            f = k * k / dist2  # (k^2/d) / d
            disp[:, 0] += np.bincount(i, delta[:, 0] * f, n)
            disp[:, 1] += np.bincount(i, delta[:, 1] * f, n)
        if len(edges):
            u, v = edges[:, 0], edges[:, 1]
            delta = pos[u] - pos[v]
            f = 0.3 * np.minimum(np.hypot(delta[:, 0], delta[:, 1]), 3.0) / k
            fx, fy = delta[:, 0] * f, delta[:, 1] * f
            disp[:, 0] -= np.bincount(u, fx, n) - np.bincount(v, fx, n)
            disp[:, 1] -= np.bincount(u, fy, n) - np.bincount(v, fy, n)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
