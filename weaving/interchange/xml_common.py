"""What the incremental GraphML and GEXF readers share: the graph NetworkX's readers
would build from the decoded nodes and edges, and the signal to hand a file to
NetworkX instead (see :mod:`weaving.interchange.xmlgraph`)."""
from __future__ import annotations

import io
from typing import Any

import networkx as nx


class _Fallback(Exception):
    """The file uses something only NetworkX's full reader handles."""


def _source(data: bytes | str | Any):
    return io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data


def _rewind(data):
    src = _source(data)
    if hasattr(src, "seek"):
        src.seek(0)
    return src


def _read(fast, networkx_reader, data) -> nx.Graph:
    """``fast(source)``, or NetworkX's own reader when the file needs more than it reads."""
    try:
        return fast(_source(data))
    except _Fallback:
        return networkx_reader(_rewind(data))


def _build(nodes: list, edges: list, graph: dict, directed: bool, multi: bool) -> nx.Graph:
    """The graph NetworkX's readers return. They build a Multi(Di)Graph and, without
    parallel edges, convert it (``nx.Graph(G)``), which orders each adjacency by the
    nodes' order; the simple case does that conversion's loop on plain dicts, without
    building the multigraph first."""
    if multi:
        G = nx.MultiDiGraph() if directed else nx.MultiGraph()
        G.graph.update(graph)
        G.add_nodes_from(nodes)
        G.add_edges_from(edges)
        return G
    attrs: dict = {}
    for n, d in nodes:
        attrs.setdefault(n, {}).update(d)
    adj: dict = {n: {} for n in attrs}
    for s, t, _k, d in edges:
        for x in (s, t):
            if x not in adj:
                adj[x] = {}
                attrs[x] = {}
        adj[s][t] = d
        if not directed:
            adj[t][s] = d
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(adj)
    if directed:
        G.add_edges_from((u, v, d) for u, nbrs in adj.items() for v, d in nbrs.items())
    else:
        seen: set = set()
        for u, nbrs in adj.items():
            for v, d in nbrs.items():
                if (u, v) not in seen:
                    G.add_edge(u, v, **d)
                    seen.add((v, u))
    for n, d in attrs.items():
        G.nodes[n].update(d)
    G.graph.update(graph)
    return G
