"""Which actors and links the map draws: filters, focus (ego network) and merged edges."""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

import networkx as nx

from weaving.core.schema import as_bool, as_list, as_strength, edge_status, weavers_of

from .text import clean_text, node_area, node_type

DEFAULT_STATUSES: frozenset[str] = frozenset({"existing", "introduced", "desired"})
#: When several links join one pair, the drawn edge takes the "most real" status.
STATUS_PRECEDENCE = ("existing", "introduced", "desired", "ended")


def _wanted(values: Collection[str] | str | None) -> set[str] | None:
    """None / empty collection -> no filter; a single string is one value."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    out = {clean_text(v) for v in values if clean_text(v)}
    return out or None


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
        if area_set is not None and node_area(d) not in area_set:
            return False
        if type_set is not None and node_type(d) not in type_set:
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
