"""What the map shows: filtering, merged edges, colours, sizes, legend, tooltips.

Shared by the HTML (vis-network) and PNG (matplotlib) renderers so that both draw
exactly the same thing.  Pure Python + NetworkX; no Streamlit.
"""
from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from weaving.i18n import t
from weaving.core.schema import (
    ACTOR_TYPES,
    LINK_KINDS,
    LINK_STATUSES,
    SECTORS,
    as_bool,
    as_list,
    as_strength,
    edge_status,
    weavers_of,
)

from .layout import compute_layout

COLOR_BY = ("type", "sector", "area", "cluster")
SIZE_BY = ("degree", "betweenness")
DEFAULT_STATUSES: frozenset[str] = frozenset({"existing", "introduced", "desired"})

#: Colour-blind-friendly categorical palette: Okabe-Ito (without black) followed by
#: Paul Tol's "muted" colours.  Categories beyond its length cycle.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#882255", "#332288", "#999933", "#44AA99", "#AA4499", "#DDCC77", "#117733",
)
UNKNOWN_COLOR = "#BBBBBB"
SECTOR_COLORS = {"ideburen": "#009E73", "offentlig": "#0072B2", "privat": "#E69F00"}
WEAVER_BORDER = "#111111"

#: Edge drawing by status: colour, vis dashes, matplotlib linestyle.
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "existing": {"color": "#4D4D4D", "dashes": False, "mpl": "solid"},
    "desired": {"color": "#0072B2", "dashes": [10, 7], "mpl": (0, (5, 3))},
    "introduced": {"color": "#D55E00", "dashes": [2, 5], "mpl": (0, (1, 2))},
    "ended": {"color": "#AAAAAA", "dashes": [4, 10], "mpl": (0, (2, 5))},
}
#: When several links join one pair, the drawn edge takes the "most real" status.
STATUS_PRECEDENCE = ("existing", "introduced", "desired", "ended")

LABEL_MAX = 40
TOOLTIP_NAME_MAX = 300
TOOLTIP_TEXT_MAX = 300


# --------------------------------------------------------------------------- text
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")

def clean_text(value: Any, limit: int | None = None) -> str:
    """User text as a safe Python string: lone surrogates and control characters
    removed, optionally shortened with an ellipsis.  (Escaping for HTML/JSON happens
    in the renderer.)"""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (e.g. from a broken file)
        text = text.encode("utf-8", "replace").decode("utf-8")
    text = _CONTROL.sub(" ", text)
    text = text.strip()
    if limit is not None and len(text) > limit:
        text = text[: max(1, limit - 1)].rstrip() + "…"
    return text


def _node_name(G: nx.Graph, node: Any) -> str:
    cache = G.graph.get("_mapview_names")
    if cache is not None and node in cache:
        return cache[node]
    name = clean_text(G.nodes[node].get("label") or G.nodes[node].get("name"))
    return name or clean_text(node)


def _translated(prefix: str, value: str, lang: str) -> str:
    key = f"{prefix}.{value}"
    try:
        return t(key, lang)
    except KeyError:
        return clean_text(value)


def type_label(value: str, lang: str) -> str:
    return _translated("map.type", value, lang) if value else t("map.legend.unknown", lang)


def sector_label(value: str, lang: str) -> str:
    return _translated("map.sector", value, lang) if value else t("map.legend.unknown", lang)


def kind_label(value: str, lang: str) -> str:
    return _translated("map.kind", value, lang) if value else t("map.kind.unknown", lang)


def status_label(value: str, lang: str) -> str:
    return t(f"map.status.{value}", lang)


# ----------------------------------------------------------------------- filtering
def _wanted(values: Collection[str] | str | None) -> set[str] | None:
    """None / empty collection -> no filter; a single string is one value."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    out = {clean_text(v) for v in values if clean_text(v)}
    return out or None


def _node_type(d: Mapping) -> str:
    return clean_text(d.get("type")).lower()


def _node_sector(d: Mapping) -> str:
    return clean_text(d.get("sector")).lower()


def _node_area(d: Mapping) -> str:
    return clean_text(d.get("area"))


def filter_graph(
    G: nx.Graph,
    *,
    areas: Collection[str] | None = None,
    types: Collection[str] | None = None,
    themes: Collection[str] | None = None,
    statuses: Collection[str] | None = None,
    focus: Any = None,
    depth: int = 1,
) -> nx.Graph:
    """Return the graph the map would draw, as an undirected simple ``nx.Graph``.

    * ``areas`` / ``types``: keep actors whose ``area`` / ``type`` is one of them.
    * ``themes``: keep actors having *any* of the themes.
    * ``statuses``: link statuses to draw; default existing + introduced + desired
      (``ended`` only when asked for).
    * ``focus`` + ``depth`` (1-2, clamped to 1..3): the focus actor's ego network over
      the drawn links, within the filtered actors.  The focus actor itself is always
      kept even if it fails the actor filters.  Unknown focus -> ``KeyError``.

    ``None`` or an empty collection means "no filter".  Isolated actors are kept.

    Node attributes are copied (``is_weaver`` normalised to bool, also from the graph
    attribute ``weavers``).  Each edge merges all drawn links of its pair:
    ``links`` (list of dicts: kind, status, strength, directed, source, target,
    purpose, place, person_bound), ``kinds``, ``statuses``, ``status`` (by
    precedence existing > introduced > desired > ended), ``strength`` (max) and
    ``sources`` (node ids that are the giving end of a directed link).
    """
    area_set, type_set, theme_set = _wanted(areas), _wanted(types), _wanted(themes)
    type_set = {x.lower() for x in type_set} if type_set else None
    status_set = _wanted(statuses)
    status_set = {s.lower() for s in status_set} if status_set else set(DEFAULT_STATUSES)

    if focus is not None and focus not in G:
        raise KeyError(f"focus node {focus!r} is not in the graph")

    weavers = set(weavers_of(G))

    def keep(n: Any, d: Mapping) -> bool:
        if n == focus and focus is not None:
            return True
        if area_set is not None and _node_area(d) not in area_set:
            return False
        if type_set is not None and _node_type(d) not in type_set:
            return False
        if theme_set is not None and not (set(as_list(d.get("themes"))) & theme_set):
            return False
        return True

    H = nx.Graph()
    H.graph.update(G.graph)
    for n, d in G.nodes(data=True):
        if keep(n, d):
            attrs = dict(d)
            attrs["is_weaver"] = n in weavers
            H.add_node(n, **attrs)

    for u, v, key, d in _iter_edges(G):
        if u == v or u not in H or v not in H:
            continue
        status = edge_status(d)
        if status not in status_set:
            continue
        kind = clean_text(d.get("kind") or (key if isinstance(key, str) else "")).lower()
        directed = (as_bool(d["directed"]) if "directed" in d
                    else kind == "funding" or G.is_directed())
        src, dst = u, v
        if directed and "source" in d and d["source"] in (u, v):
            src = d["source"]
            dst = v if src == u else u
        link = {
            "kind": kind,
            "status": status,
            "strength": as_strength(d.get("strength", d.get("weight", 1))),
            "directed": directed,
            "source": src,
            "target": dst,
            "purpose": clean_text(d.get("purpose")),
            "place": clean_text(d.get("place")),
            "person_bound": len(as_list(d.get("carried_by"))) == 1,
        }
        if H.has_edge(u, v):
            H[u][v]["links"].append(link)
        else:
            H.add_edge(u, v, links=[link])

    for u, v, e in H.edges(data=True):
        links = e["links"]
        links.sort(key=lambda x: (STATUS_PRECEDENCE.index(x["status"]), x["kind"]))
        e["kinds"] = sorted({x["kind"] for x in links if x["kind"]})
        e["statuses"] = [s for s in STATUS_PRECEDENCE if any(x["status"] == s for x in links)]
        e["status"] = e["statuses"][0]
        e["strength"] = max(x["strength"] for x in links)
        e["sources"] = sorted({x["source"] for x in links if x["directed"]}, key=str)

    if focus is not None:
        depth = min(3, max(1, int(depth)))
        ego = nx.ego_graph(H, focus, radius=depth)
        H = H.subgraph(ego.nodes()).copy()
    return H


def _iter_edges(G: nx.Graph) -> Iterable[tuple[Any, Any, Any, dict]]:
    if G.is_multigraph():
        yield from G.edges(keys=True, data=True)
    else:
        for u, v, d in G.edges(data=True):
            yield u, v, None, d


# -------------------------------------------------------------------------- model
@dataclass
class LegendEntry:
    label: str
    color: str = ""
    count: int = 0


@dataclass
class MapModel:
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


def _categories(H: nx.Graph, color_by: str, clusters: Mapping | None, seed: int,
                lang: str) -> tuple[dict, list[LegendEntry]]:
    """Return node -> colour and the legend entries (in a stable order)."""
    node_key: dict[Any, str] = {}
    order: list[str] = []
    labels: dict[str, str] = {}
    colors: dict[str, str] = {}
    if color_by == "type":
        for n, d in H.nodes(data=True):
            node_key[n] = _node_type(d)
        present = set(node_key.values())
        known = [x for x in ACTOR_TYPES if x in present]
        extra = sorted(x for x in present if x and x not in ACTOR_TYPES)
        order = known + extra + ([""] if "" in present else [])
        for i, key in enumerate(k for k in order if k):
            idx = ACTOR_TYPES.index(key) if key in ACTOR_TYPES else len(ACTOR_TYPES) + i
            colors[key] = PALETTE[idx % len(PALETTE)]
            labels[key] = type_label(key, lang)
    elif color_by == "sector":
        for n, d in H.nodes(data=True):
            s = _node_sector(d)
            node_key[n] = s if s in SECTORS else ("" if not s else s)
        present = set(node_key.values())
        extra = sorted(x for x in present if x and x not in SECTORS)
        order = [s for s in SECTORS if s in present] + extra + ([""] if "" in present else [])
        for i, key in enumerate(extra):
            colors[key] = PALETTE[(6 + i) % len(PALETTE)]
        for key in order:
            if key in SECTOR_COLORS:
                colors[key] = SECTOR_COLORS[key]
            if key:
                labels[key] = sector_label(key, lang)
    elif color_by == "area":
        for n, d in H.nodes(data=True):
            node_key[n] = _node_area(d)
        present = set(node_key.values())
        named = sorted((x for x in present if x), key=_natural_key)
        order = named + ([""] if "" in present else [])
        for i, key in enumerate(named):
            colors[key] = PALETTE[i % len(PALETTE)]
            labels[key] = clean_text(key, LABEL_MAX)
    else:  # cluster
        if clusters is None:
            clusters = _fallback_clusters(H, seed)
        ids: dict[Any, str] = {}
        for n in H.nodes():
            c = clusters.get(n)
            node_key[n] = "" if c is None else repr(c)
            if c is not None:
                ids[repr(c)] = c
        sizes: dict[str, int] = {}
        for k in node_key.values():
            if k:
                sizes[k] = sizes.get(k, 0) + 1
        named = sorted(sizes, key=lambda k: (-sizes[k], str(ids[k])))
        order = named + ([""] if "" in node_key.values() else [])
        for i, key in enumerate(named):
            colors[key] = PALETTE[i % len(PALETTE)]
            labels[key] = t("map.legend.cluster", lang, n=i + 1)
    labels[""] = t("map.legend.unknown", lang)
    colors[""] = UNKNOWN_COLOR
    counts: dict[str, int] = {}
    for k in node_key.values():
        counts[k] = counts.get(k, 0) + 1
    entries = [LegendEntry(labels[k], colors[k], counts.get(k, 0)) for k in order]
    return {n: colors[k] for n, k in node_key.items()}, entries


def _natural_key(text: str) -> tuple:
    """'Område 2' before 'Område 10'; case-insensitive."""
    parts = re.split(r"(\d+)", text.casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p), text


def _fallback_clusters(H: nx.Graph, seed: int) -> dict:
    """Clusters when none were passed: Louvain on the active links (seeded)."""
    if H.number_of_edges() == 0:
        return {}
    active = nx.Graph()
    active.add_nodes_from(H)
    active.add_edges_from(
        (u, v) for u, v, e in H.edges(data=True)
        if any(s in ("existing", "introduced") for s in e["statuses"])
    )
    comms = nx.community.louvain_communities(active, seed=seed)
    comms = sorted(comms, key=lambda c: (-len(c), min(str(x) for x in c)))
    return {n: i for i, c in enumerate(comms) if len(c) > 1 for n in c}


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
    """Everything both renderers need: positions, colours, sizes, tooltips, legend."""
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
    model.summary = t("map.summary", lang, actors=n, links=H.number_of_edges())
    if focus is not None:
        model.focus_text = t("map.focus", lang, name=_node_name(G, focus)[:LABEL_MAX],
                             depth=min(3, max(1, int(depth))))
    if n == 0:
        return model

    H.graph["_mapview_names"] = {v: _node_name(H, v) for v in H}
    pos = compute_layout(H, seed=seed)
    node_color, model.color_entries = _categories(H, color_by, clusters, seed, lang)
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
        name = _node_name(H, node)
        weaver = bool(d.get("is_weaver"))
        model.has_weaver |= weaver
        label = clean_text(name, LABEL_MAX) + (" ★" if weaver else "")
        model.nodes.append({
            "id": i,
            "node": node,
            "label": label,
            "tooltip": _node_tooltip(H, node, d, name, weaver, size_by, values, sizes, lang),
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
            "tooltip": _edge_tooltip(H, u, v, e, lang),
        })
    model.statuses = [s for s in LINK_STATUSES if s in seen_status]
    model.status_labels = {s: status_label(s, lang) for s in LINK_STATUSES}
    return model


def _node_tooltip(H, node, d, name, weaver, size_by, values, sizes, lang) -> str:
    lines = [clean_text(name, TOOLTIP_NAME_MAX)]
    if weaver:
        lines.append(t("map.tooltip.weaver", lang))
    typ = _node_type(d)
    if typ:
        lines.append(t("map.tooltip.type", lang, value=type_label(typ, lang)))
    sector = _node_sector(d)
    if sector:
        lines.append(t("map.tooltip.sector", lang, value=sector_label(sector, lang)))
    area = _node_area(d)
    if area:
        lines.append(t("map.tooltip.area", lang, value=clean_text(area, TOOLTIP_TEXT_MAX)))
    for attr in ("themes", "target_groups"):
        items = as_list(d.get(attr))
        if items:
            lines.append(t(f"map.tooltip.{attr}", lang,
                           value=clean_text(", ".join(items), TOOLTIP_TEXT_MAX)))
    lines.append(t("map.tooltip.degree", lang, n=H.degree(node)))
    if size_by == "betweenness":
        lines.append(t("map.tooltip.betweenness", lang, value=f"{values.get(node, 0.0):.3f}"))
    return "\n".join(lines)


def _edge_tooltip(H, u, v, e, lang) -> str:
    nu, nv = clean_text(_node_name(H, u), 60), clean_text(_node_name(H, v), 60)
    lines = [f"{nu} — {nv}"]
    for link in e["links"]:
        line = t("map.tooltip.link", lang, kind=kind_label(link["kind"], lang),
                 status=status_label(link["status"], lang).lower(),
                 strength=link["strength"])
        if link["directed"]:
            line += " (" + t("map.tooltip.direction", lang,
                             source=clean_text(_node_name(H, link["source"]), 60),
                             target=clean_text(_node_name(H, link["target"]), 60)) + ")"
        lines.append("• " + line)
        if link["purpose"]:
            lines.append("   " + t("map.tooltip.purpose", lang,
                                   value=clean_text(link["purpose"], TOOLTIP_TEXT_MAX)))
        if link["place"]:
            lines.append("   " + t("map.tooltip.place", lang,
                                   value=clean_text(link["place"], 120)))
        if link["person_bound"]:
            lines.append("   " + t("map.tooltip.person_bound", lang))
    return "\n".join(lines)


__all__ = [
    "COLOR_BY", "SIZE_BY", "PALETTE", "EDGE_STYLES", "DEFAULT_STATUSES", "LINK_KINDS",
    "MapModel", "LegendEntry", "build_map_model", "filter_graph", "clean_text",
]
