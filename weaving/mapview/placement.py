"""Positions that respect a drawing: actors placed by hand keep their place, the others
are put where they fit (pure, seeded, deterministic).

``place_missing(G, fixed)`` -> ``{node: (x, y)}``:

* nothing placed yet: the seeded layout of :func:`weaving.mapview.layout.compute_layout`;
* some placed: every other actor goes near the mean of its placed neighbours (a new
  actor linked to the library appears beside it); actors with no placed neighbour are
  laid out together with :func:`compute_layout` and set beside the drawing, so they never
  cover what was drawn.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx

from .layout import NODE_SPACING, compute_layout

GOLDEN = math.pi * (3 - math.sqrt(5))  # spreads actors around one anchor without overlap


def drawn_positions(G: nx.Graph) -> dict:
    """``{node: (x, y)}`` of the nodes that carry finite numeric ``x`` and ``y``
    attributes (positions drawn on the canvas, or a Gephi layout in a GraphML file).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("a", x=1.5, y="2"); G.add_node("b", x=float("nan"), y=0); G.add_node("c")
    >>> drawn_positions(G)
    {'a': (1.5, 2.0)}
    """
    out = {}
    for n, d in G.nodes(data=True):
        try:
            x, y = float(d["x"]), float(d["y"])
        except (KeyError, TypeError, ValueError):
            continue
        if math.isfinite(x) and math.isfinite(y):
            out[n] = (x, y)
    return out


def place_missing(G: nx.Graph, fixed: Mapping, seed: int = 0,
                  spacing: float = NODE_SPACING) -> dict:
    """Return positions for every node of ``G``.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; only its nodes and links are used.
    fixed : mapping
        ``{node: (x, y)}`` of the actors already placed (kept exactly).
    seed : int, optional
        Seed of the layout for actors with nothing placed near them.
    spacing : float, optional
        Distance between neighbouring actors, in the map's pixels.

    Returns
    -------
    dict
        ``{node: (x, y)}`` for every node of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> pos = place_missing(G, {"a": (0.0, 0.0)})
    >>> pos["a"], round(math.dist(pos["a"], pos["b"]))
    ((0.0, 0.0), 150)
    """
    nodes = list(G.nodes())
    fixed = {n: (float(x), float(y)) for n, (x, y) in fixed.items() if n in G}
    if not fixed:
        return compute_layout(G, seed=seed)
    out = dict(fixed)
    missing = [n for n in nodes if n not in fixed]
    used: dict = {}  # anchor -> how many actors were put around it
    waiting = missing
    while waiting:  # breadth first: an actor placed now can be the anchor of the next
        later = []
        for n in waiting:
            anchors = [out[m] for m in G.neighbors(n) if m in out]
            if not anchors:
                later.append(n)
                continue
            cx = sum(p[0] for p in anchors) / len(anchors)
            cy = sum(p[1] for p in anchors) / len(anchors)
            key = (round(cx), round(cy))
            k = used.get(key, 0)
            used[key] = k + 1
            r = spacing * (1.0 + 0.35 * math.sqrt(k))
            a = k * GOLDEN
            out[n] = (round(cx + r * math.cos(a), 1), round(cy + r * math.sin(a), 1))
        if len(later) == len(waiting):
            break
        waiting = later
    lonely = waiting
    if lonely:
        sub = nx.Graph()
        sub.add_nodes_from(lonely)
        inside = set(lonely)
        sub.add_edges_from((u, v) for u in lonely for v in G.neighbors(u) if v in inside)
        local = compute_layout(sub, seed=seed)
        right = max(p[0] for p in out.values()) + 2 * spacing
        top = min(p[1] for p in out.values())
        lx = min(p[0] for p in local.values())
        ly = min(p[1] for p in local.values())
        for n, (x, y) in local.items():
            out[n] = (round(right + x - lx, 1), round(top + y - ly, 1))
    return {n: out[n] for n in nodes}
