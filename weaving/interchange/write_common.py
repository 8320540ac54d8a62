"""What every writer shares: the privacy options, edge iteration and JSON-safe values.

Every writer accepts ``nx.Graph``/``DiGraph``/``MultiGraph``/``MultiDiGraph`` and
never mutates its input.  Privacy options (all formats), applied by :func:`prepare`:

* ``include_personal=False`` drops node ``contacts`` and edge ``carried_by``;
* ``anonymise=True`` replaces person names (labels of ``type == "person"`` actors,
  ``contacts``, ``carried_by``) by stable placeholders "Person 1", "Person 2", ...
  (numbered in graph order; the same name gets the same placeholder everywhere).
  Person actors' node ids are replaced too (ids read from files are often the name).
  Free text (description, purpose) is NOT scanned for names.
"""
from __future__ import annotations

from typing import Any

import networkx as nx

import weaving.interchange.values as V


def prepare(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> nx.Graph:
    """A copy of ``G`` with the privacy options applied (same graph class)."""
    H = G.copy()
    H.graph = dict(G.graph)
    if not include_personal:
        for _n, d in H.nodes(data=True):
            d.pop("contacts", None)
        for *_e, d in iter_edges(H):
            d.pop("carried_by", None)
    if anonymise:
        H = _anonymise(H)
    return H


def iter_edges(G: nx.Graph):
    """(u, v, key, data) on multigraphs, (u, v, data) otherwise."""
    if G.is_multigraph():
        return G.edges(keys=True, data=True)
    return G.edges(data=True)


def _anonymise(G: nx.Graph) -> nx.Graph:
    names: dict[str, str] = {}

    def placeholder(name: Any) -> str:
        key = V.norm_key(name)
        if key not in names:
            names[key] = f"Person {len(names) + 1}"
        return names[key]

    persons = [n for n, d in G.nodes(data=True) if V.map_vocab("type", d.get("type") or "") == "person"]
    for n in persons:
        d = G.nodes[n]
        d["label"] = placeholder(d.get("label") or n)
    for _n, d in G.nodes(data=True):
        if "contacts" in d:
            d["contacts"] = [placeholder(x) for x in V.clean_list(d["contacts"])]
    for *_e, d in iter_edges(G):
        if "carried_by" in d:
            d["carried_by"] = [placeholder(x) for x in V.clean_list(d["carried_by"])]
    known = set(names)
    relabel: dict[Any, str] = {}
    taken = {str(n) for n in G}
    for n in G:
        if n in persons or V.norm_key(n) in known:
            base = names.get(V.norm_key(G.nodes[n].get("label", "")), "Person") if n in persons \
                else placeholder(n)
            new, i = base, 1
            while new in taken:
                i += 1
                new = f"{base} ({i})"
            taken.add(new)
            relabel[n] = new
    if relabel:
        G = nx.relabel_nodes(G, relabel, copy=True)
        for *_e, d in iter_edges(G):
            if d.get("source") in relabel:
                d["source"] = relabel[d["source"]]
        if "weavers" in G.graph:
            G.graph["weavers"] = [relabel.get(w, w) for w in V.clean_list(G.graph["weavers"])]
    return G


def oriented_edges(G: nx.Graph):
    """(u, v, key, data) with u = the edge's ``source`` attribute when it is one of
    the endpoints (so directed links are written giver -> receiver)."""
    for e in iter_edges(G):
        if G.is_multigraph():
            u, v, k, d = e
        else:
            (u, v, d), k = e, None
        src = d.get("source")
        if src is not None and src == v and src != u:
            u, v = v, u
        yield u, v, k, d


def json_value(value: Any) -> Any:
    """A value JSON can carry: sets sorted to lists, NaN/inf -> None, others -> str."""
    if isinstance(value, (set, frozenset)):
        return sorted((json_value(v) for v in value), key=str)
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    return str(value)
