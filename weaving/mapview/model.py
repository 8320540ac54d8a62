"""What the map shows: :class:`MapModel` (positions, colours, sizes, legend, tooltips).

Built once by :func:`build_map_model` and drawn by both the HTML (vis-network) and
PNG (matplotlib) renderers, so that both draw exactly the same thing.  Filtering is
in :mod:`.filtering`, colours and legend in :mod:`.style`, texts in :mod:`.text`,
positions in :mod:`.layout`.  Pure Python + NetworkX; no Streamlit.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from weaving.core.schema import LINK_STATUSES, edge_status
from weaving.i18n import t

from .filtering import DEFAULT_STATUSES, filter_graph
from .layout import compute_layout
from .placement import drawn_positions, place_missing
from .style import COLOR_BY, EDGE_STYLES, LegendEntry, color_categories
from .text import (
    LABEL_MAX,
    clean_text,
    edge_tooltip_body,
    fill_ends,
    header_name,
    node_name,
    node_tooltip_parts,
    status_label,
)

SIZE_BY = ("degree", "betweenness")


@dataclass
class MapModel:
    """The drawn map: ``graph`` (the filtered graph), ``nodes``/``edges`` (dicts with
    ids, labels, tooltips, colours, sizes, positions), header texts and legend."""

    graph: nx.Graph
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    title: str = ""
    summary: str = ""
    focus_text: str = ""
    color_title: str = ""
    color_entries: list[LegendEntry] = field(default_factory=list)
    size_title: str = ""
    has_weaver: bool = False
    statuses: list[str] = field(default_factory=list)
    status_labels: dict[str, str] = field(default_factory=dict)
    has_arrows: bool = False
    lang: str = "sv"

    @property
    def empty(self) -> bool:
        return not self.nodes


def _size_values(H: nx.Graph, size_by: str, sizes: Mapping | None, seed: int) -> dict:
    if sizes is not None:
        return {n: float(sizes.get(n, 0.0) or 0.0) for n in H}
    if size_by == "betweenness":
        n = H.number_of_nodes()
        k = None if n <= 500 else 200
        return nx.betweenness_centrality(H, k=k, seed=seed)
    return {n: float(H.degree(n)) for n in H}


def build_map_model(
    G: nx.Graph,
    *,
    lang: str = "sv",
    color_by: str = "type",
    clusters: Mapping | None = None,
    size_by: str = "degree",
    sizes: Mapping | None = None,
    focus: Any = None,
    depth: int = 1,
    areas: Collection[str] | None = None,
    types: Collection[str] | None = None,
    themes: Collection[str] | None = None,
    statuses: Collection[str] | None = None,
    seed: int = 0,
    title: str | None = None,
) -> MapModel:
    """Everything both renderers need: positions, colours, sizes, tooltips, legend.

    Parameters
    ----------
    G : nx.Graph
        Any NetworkX graph in the weaving convention; it is not changed.
    lang : str
        Language of the legend, header and tooltips ("sv" or "en").
    color_by : str
        One of :data:`COLOR_BY`: ``type``, ``sector``, ``area`` or ``cluster``.
    clusters : mapping, optional
        Node -> cluster id for ``color_by="cluster"``; seeded Louvain when omitted.
    size_by : str
        One of :data:`SIZE_BY`: ``degree`` or ``betweenness``.
    sizes : mapping, optional
        Node -> value (e.g. precomputed betweenness) used instead of ``size_by``.
    focus, depth, areas, types, themes, statuses
        Which actors and links are drawn, as :func:`filter_graph`.
    seed : int
        Seed of the layout (and of Louvain/betweenness sampling).
    title : str, optional
        Header text; default the graph's ``name``, else a generic title.

    Returns
    -------
    MapModel
        The map to draw; ``model.empty`` when nothing is left after filtering.

    Raises
    ------
    ValueError
        For an unknown ``color_by`` or ``size_by``.
    KeyError
        When ``focus`` is not a node of ``G``.
    """
    if color_by not in COLOR_BY:
        raise ValueError(f"color_by must be one of {COLOR_BY}, not {color_by!r}")
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {SIZE_BY}, not {size_by!r}")
    H = filter_graph(G, areas=areas, types=types, themes=themes, statuses=statuses,
                     focus=focus, depth=depth)
    n = H.number_of_nodes()
    model = MapModel(graph=H, lang=lang)
    model.title = clean_text(title if title is not None else G.graph.get("name"), 200) \
        or t("map.title.default", lang)
    shown = Counter(edge_status(d) for _, _, d in H.edges(data=True))   # what is drawn, counted as every page counts
    model.summary = t("map.summary_ended" if shown["ended"] else "map.summary", lang, actors=n,
                      active=shown["existing"] + shown["introduced"], desired=shown["desired"], ended=shown["ended"])
    if focus is not None:
        model.focus_text = t("map.focus", lang, name=node_name(G, focus)[:LABEL_MAX],
                             depth=min(3, max(1, int(depth))))
    if n == 0:
        return model

    H.graph["_mapview_names"] = {v: node_name(H, v) for v in H}
    fixed = drawn_positions(H)   # a map drawn on the canvas looks as it was drawn
    pos = place_missing(H, fixed, seed=seed) if fixed else compute_layout(H, seed=seed)
    node_color, model.color_entries = color_categories(H, color_by, clusters, seed, lang)
    model.color_title = t(f"map.legend.color.{color_by}", lang)
    values = _size_values(H, size_by, sizes, seed)
    model.size_title = t(f"map.legend.size.{size_by}", lang)
    vmax = max(values.values()) if values else 0.0
    large = n > 500
    smin, smax = (14.0, 40.0) if large else (10.0, 28.0)

    index = {node: i for i, node in enumerate(H.nodes())}
    for node, d in H.nodes(data=True):
        i = index[node]
        v = max(0.0, values.get(node, 0.0))
        size = smin + (smax - smin) * (math.sqrt(v / vmax) if vmax > 0 else 0.0)
        name = node_name(H, node)
        weaver = bool(d.get("is_weaver"))
        model.has_weaver |= weaver
        label = clean_text(name, LABEL_MAX) + (" ★" if weaver else "")
        first, rest = node_tooltip_parts(H, node, d, name, weaver, size_by, values, sizes, lang)
        model.nodes.append({
            "id": i,
            "node": node,
            "label": label,
            "tooltip": f"{first}\n{rest}" if rest else first,
            "tip_name": first,              # the tooltip in parts: the renderers store
            "tip_body": rest,               # each distinct body once
            "header": header_name(H, node),
            "color": node_color[node],
            "size": round(size if not weaver else size * 1.25, 1),
            "x": pos[node][0],
            "y": pos[node][1],
            "is_weaver": weaver,
        })

    seen_status: set[str] = set()
    for u, v, e in H.edges(data=True):
        status = e["status"]
        seen_status.add(status)
        style = EDGE_STYLES[status]
        src = set(e["sources"])
        if u in src and v in src:
            a, b, arrows = u, v, "to;from"
        elif v in src:
            a, b, arrows = v, u, "to"
        elif u in src:
            a, b, arrows = u, v, "to"
        else:
            a, b, arrows = u, v, ""
        model.has_arrows |= bool(arrows)
        strength = e["strength"]
        width = {1: 1.0, 2: 2.5, 3: 4.5}[strength] * (0.6 if large else 1.0)
        body = edge_tooltip_body(H, u, v, e, lang)
        nu, nv = model.nodes[index[u]]["header"], model.nodes[index[v]]["header"]
        model.edges.append({
            "from": index[a],
            "to": index[b],
            "u": a,
            "v": b,
            "status": status,
            "color": style["color"],
            "dashes": style["dashes"],
            "width": round(width, 2),
            "arrows": arrows,
            "tooltip": f"{nu} — {nv}\n" + fill_ends(body, nu, nv),
            "tip_body": body,               # names of the tooltip's first line: u, v
            "tip_swapped": a != u,          # the tooltip names (to, from), not (from, to)
        })
    model.statuses = [s for s in LINK_STATUSES if s in seen_status]
    model.status_labels = {s: status_label(s, lang) for s in LINK_STATUSES}
    return model


__all__ = [
    "COLOR_BY", "DEFAULT_STATUSES", "EDGE_STYLES", "SIZE_BY", "LegendEntry", "MapModel",
    "build_map_model", "filter_graph",
]
