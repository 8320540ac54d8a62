"""The prepared form of a map that every analysis works on.

``Prepared`` is the active simple graph (``weaving.core.schema.active_simple_graph``:
existing + introduced links, undirected, ``weight`` = strongest link) plus a CSR
adjacency matrix over a fixed node order: the *canonical* order of ``canonical_order``
(by name key, whatever order the nodes and links were listed or imported in), so
every sample, every tie-break and every floating-point sum over the matrix is the
same for the same map -- a file and the same file imported into the database give
the same analysis.  All heavy lifting
is done with numpy/scipy on that matrix; node ids only appear at the edges of
the API, so ids come back exactly as in the input.  Results computed on a map
(betweenness, clusters, the link model, ...) are kept in ``Prepared.cache``, so
passing the same ``Prepared`` to several functions computes each thing once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from weaving.analysis.messages import Name
from weaving.core.names import name_key
from weaving.core.schema import (
    ACTIVE_STATUSES,
    active_simple_graph,
    as_bool,
    as_list,
    as_strength,
    desired_pairs,
    edge_status,
)

__all__ = ["Prepared", "canonical_order", "components", "edge_statuses", "is_marked_weaver", "node_index", "prepare"]


@dataclass
class Prepared:
    """Active simple graph + CSR adjacency over a fixed node order."""

    G: Any                      # the graph as given (multi/di allowed)
    H: nx.Graph                 # active simple undirected graph
    nodes: list
    index: dict
    A: sp.csr_matrix            # binary adjacency (float64), symmetric, zero diagonal
    W: sp.csr_matrix            # strength-weighted adjacency (1..3)
    deg: np.ndarray             # degrees (float64)
    cache: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return int(self.A.nnz // 2)

    def label(self, i: int) -> str:
        d = self.H.nodes[self.nodes[i]]
        lab = d.get("label")
        return str(lab) if lab not in (None, "") else str(self.nodes[i])

    def name(self, i: int) -> Name:
        """The label as a ``Name`` for use inside messages."""
        return Name(self.label(i))

    def attr_list(self, i: int, key: str) -> list[str]:
        return as_list(self.H.nodes[self.nodes[i]].get(key))

    def attr_str(self, i: int, key: str) -> str:
        v = self.H.nodes[self.nodes[i]].get(key)
        return "" if v is None else str(v).strip()

    def desired(self) -> set[frozenset]:
        if "desired" not in self.cache:
            self.cache["desired"] = desired_pairs(self.G)
        return self.cache["desired"]


def prepare(G: Any) -> Prepared:
    """Build (or pass through) the prepared form of any NetworkX graph.

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any of Graph, DiGraph, MultiGraph, MultiDiGraph in the weaving shape
        (``docs/graph-schema.md``); a ``Prepared`` is returned unchanged.

    Returns
    -------
    Prepared

    Raises
    ------
    TypeError
        If ``G`` is not a NetworkX graph.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> G.add_edge("a", "b", status="existing", strength=3)
    0
    >>> G.add_edge("b", "c", status="desired")
    0
    >>> prep = prepare(G)
    >>> prep.nodes, prep.n, prep.m
    (['a', 'b', 'c'], 3, 1)
    >>> prepare(prep) is prep
    True
    """
    if isinstance(G, Prepared):
        return G
    if not isinstance(G, nx.Graph):
        raise TypeError("expected a NetworkX graph")
    simple = type(G) is nx.Graph and not nx.number_of_selfloops(G)
    H = G if simple else active_simple_graph(G)
    nodes = canonical_order(H)
    index = {u: i for i, u in enumerate(nodes)}
    plain = _plain_links(G, index) if simple else None
    if plain is not None:      # G is already what active_simple_graph would build
        rows, cols, wts, carried = plain
    else:
        if simple:             # a link that is not active: G is not the active simple graph
            H = active_simple_graph(G)
        m = H.number_of_edges()
        rows = np.empty(m, dtype=np.int64)
        cols = np.empty(m, dtype=np.int64)
        wts = np.empty(m, dtype=np.float64)
        for e, (u, v, w) in enumerate(H.edges(data="weight", default=1)):
            rows[e] = index[u]
            cols[e] = index[v]
            wts[e] = w
    n = len(nodes)
    r = np.concatenate([rows, cols])
    c = np.concatenate([cols, rows])
    W = sp.csr_matrix((np.concatenate([wts, wts]), (r, c)), shape=(n, n))
    W.sum_duplicates()
    W.sort_indices()
    A = W.copy()
    A.data[:] = 1.0
    deg = np.diff(A.indptr).astype(np.float64)
    prep = Prepared(G=G, H=H, nodes=nodes, index=index, A=A, W=W, deg=deg)
    if plain is not None:   # every link was checked: none is desired
        prep.cache["desired"] = set()
        prep.cache["carried_links"] = carried
    return prep


def canonical_order(G: nx.Graph) -> list:
    """The nodes of G in canonical order: by the name key (``core.names.name_key``)
    of their label (the node id where there is none), names made only of digits
    by their number (so integer ids 0..n-1 keep their order), then by the id's
    text.  The order the nodes were listed in decides only between nodes whose
    label and id read the same.

    Examples
    --------
    >>> G = nx.Graph([("b", "a"), (3, "b")])
    >>> G.add_node(10)
    >>> G.nodes["a"]["label"] = "Östra"
    >>> canonical_order(G)
    [3, 10, 'b', 'a']
    """
    nodes = list(G.nodes())
    keys = []
    for u, d in G.nodes(data=True):
        lab = d.get("label")
        k = name_key(lab if lab not in (None, "") else u)
        keys.append((0, int(k), "", str(u)) if k.isascii() and k.isdigit() else (1, 0, k, str(u)))
    if all(keys[i] <= keys[i + 1] for i in range(len(keys) - 1)):
        return nodes
    return [nodes[i] for i in sorted(range(len(nodes)), key=keys.__getitem__)]


def _plain_links(G, index: dict):
    """One pass over the links of G when G itself is what active_simple_graph
    would build (undirected simple graph, no self-loops, every link active):
    copying a 100k-link graph costs more than the whole analysis, and so would a
    second pass.  Returns (rows, cols, strengths, carried) -- each link once, as
    ``G.edges`` lists it, with ``carried`` the (u, v, data) of the links that name
    a carrier or a place (for ``risks``) -- or None.  Consumers never mutate G."""
    rows: list = []
    cols: list = []
    wts: list = []
    carried: list = []
    seen: set = set()
    for u, nbrs in G.adjacency():      # as G.edges lists them: each link from the end seen first
        iu = index[u]
        for v, d in nbrs.items():
            if v in seen:
                continue
            iv = index[v]
            if d:
                st = d.get("status")
                if st is not None and edge_status(d) not in ACTIVE_STATUSES:
                    return None
                wts.append(as_strength(d.get("strength", d.get("weight", 1))))
                if d.get("carried_by") or d.get("place"):
                    carried.append((u, v, d))
            else:
                wts.append(1.0)
            rows.append(iu)
            cols.append(iv)
        seen.add(u)
    return (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
            np.asarray(wts, dtype=np.float64), carried)


def edge_statuses(d: dict) -> list:
    """Statuses of a link of H (works for active_simple_graph output and raw Graphs)."""
    st = d.get("statuses")
    return list(st) if st is not None else [edge_status(d)]


def node_index(prep: Prepared, node_id: Any) -> int | None:
    """Index of a node id (or of its string form: ids typed on a command line)."""
    if node_id in prep.index:
        return prep.index[node_id]
    s = str(node_id)
    by_str = prep.cache.get("by_str")
    if by_str is None:
        by_str = {}
        for i, u in enumerate(prep.nodes):
            by_str.setdefault(str(u), i)
        prep.cache["by_str"] = by_str
    return by_str.get(s)


def components(A: sp.csr_matrix, mask: np.ndarray | None = None) -> tuple[int, np.ndarray]:
    """Connected components; nodes with mask False get label -1 (removed)."""
    from scipy.sparse.csgraph import connected_components

    if mask is None:
        return connected_components(A, directed=False)
    keep = np.flatnonzero(mask)
    sub = A[keep][:, keep]
    k, lab = connected_components(sub, directed=False)
    labels = np.full(A.shape[0], -1, dtype=np.int64)
    labels[keep] = lab
    return k, labels


def is_marked_weaver(d: dict) -> bool:
    return as_bool(d.get("is_weaver"))
