"""How the map looks: colours (palette, per type/sector/area/cluster), edge styles by
status and the colour legend.  Shared by the HTML and PNG renderers."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from weaving.core.schema import ACTOR_TYPES, SECTORS
from weaving.i18n import t

from .text import (
    LABEL_MAX,
    clean_text,
    node_area,
    node_sector,
    node_type,
    sector_label,
    type_label,
)

COLOR_BY = ("type", "sector", "area", "cluster")

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


@dataclass
class LegendEntry:
    """One line of the colour legend: label, swatch colour, number of actors."""

    label: str
    color: str = ""
    count: int = 0


def color_categories(H: nx.Graph, color_by: str, clusters: Mapping | None, seed: int,
                     lang: str) -> tuple[dict, list[LegendEntry]]:
    """Return node -> colour and the legend entries (in a stable order)."""
    node_key: dict[Any, str] = {}
    order: list[str] = []
    labels: dict[str, str] = {}
    colors: dict[str, str] = {}
    if color_by == "type":
        for n, d in H.nodes(data=True):
            node_key[n] = node_type(d)
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
            s = node_sector(d)
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
            node_key[n] = node_area(d)
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
