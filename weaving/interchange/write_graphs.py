"""Graph-format writers: GraphML, GEXF 1.2 and node-link JSON (for Gephi, yEd,
Cytoscape, NetworkX/D3).

GraphML and GEXF can carry only str/int/float/bool: lists become ``a|b``, None
becomes "", control characters are removed and an attribute with mixed types is
written as text.  JSON keeps lists and writes text exactly.
"""
from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

import weaving.interchange.values as V
from weaving.interchange.write_common import (
    iter_edges,
    json_value,
    oriented_edges,
    prepare,
)


def _scalar_for_xml(value: Any) -> Any:
    """GraphML/GEXF can hold str/int/float/bool only: lists -> "a|b", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -(2 ** 63) <= value < 2 ** 63 else str(value)
    if isinstance(value, float):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return V.strip_control("|".join(str(x) for x in items))
    if isinstance(value, dict):
        return V.strip_control(json.dumps(value, ensure_ascii=False, default=str))
    return V.strip_control(str(value))


def _xml_ready(G: nx.Graph, *, reserved_node: tuple[str, ...] = (),
               reserved_edge: tuple[str, ...] = ()) -> nx.Graph:
    """Copy of G whose attribute values are XML-safe scalars and whose attribute
    keys hold a single type each (mixed types -> text)."""
    H = G.__class__()
    H.graph.update({str(k): _scalar_for_xml(v) for k, v in G.graph.items()
                    if k not in ("node_default", "edge_default")})
    for n, d in G.nodes(data=True):
        H.add_node(V.strip_control(str(n)), **{_key(k, reserved_node): _scalar_for_xml(v) for k, v in d.items()})
    for u, v, k, d in oriented_edges(G):
        attrs = {_key(a, reserved_edge): _scalar_for_xml(x) for a, x in d.items()}
        if "source" in attrs:
            attrs["source"] = V.strip_control(str(attrs["source"]))
        su, sv = V.strip_control(str(u)), V.strip_control(str(v))
        if H.is_multigraph():
            H.add_edge(su, sv, key=V.strip_control(str(k)) if k is not None else None, **attrs)
        else:
            H.add_edge(su, sv, **attrs)
    _unify_types(H.nodes(data=True))
    _unify_types(iter_edges(H))
    return H


def _key(k: Any, reserved: tuple[str, ...]) -> str:
    k = V.strip_control(str(k))
    return f"{k}_" if k in reserved else k


def _unify_types(items) -> None:
    items = list(items)
    types: dict[str, set[type]] = {}
    for *_x, d in items:
        for k, v in d.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, ts in types.items() if len(ts) > 1}
    if not mixed:
        return
    for *_x, d in items:
        for k in mixed & set(d):
            v = d[k]
            d[k] = ("true" if v else "false") if isinstance(v, bool) else str(v)


# ======================================================================= formats


def to_graphml(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> bytes:
    """GraphML for Gephi/yEd/Cytoscape: lists as ``a|b``, None as "", bools as bool;
    multigraph edge keys (= link kind) kept as edge ids."""
    H = _xml_ready(prepare(G, include_personal=include_personal, anonymise=anonymise))
    buf = io.BytesIO()
    nx.write_graphml(H, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


_GEXF_NODE_RESERVED = ("id", "pid", "start", "end", "viz", "parents", "slices", "spells",
                       "networkx_key")
_GEXF_EDGE_RESERVED = ("id", "label", "weight", "type", "start", "end", "slices", "spells",
                       "key", "networkx_key")


def to_gexf(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> bytes:
    """GEXF 1.2 for Gephi.  Attribute names GEXF reserves (``id``, ``label`` on edges,
    ``weight``, ``type``, ``start``/``end`` ...) get a ``_`` suffix; the edge ``weight``
    is set to the link strength so Gephi draws strong links thicker."""
    P = prepare(G, include_personal=include_personal, anonymise=anonymise)
    H = _xml_ready(P, reserved_node=_GEXF_NODE_RESERVED, reserved_edge=_GEXF_EDGE_RESERVED)
    for *_e, d in iter_edges(H):
        s = V.parse_strength(d.get("strength"))
        if s is not None:
            d["weight"] = float(s)
    for n, d in H.nodes(data=True):
        if not isinstance(d.get("label"), str) or not d.get("label"):
            d["label"] = str(n)
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def to_json(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> bytes:
    """Node-link JSON (NetworkX/D3 style, edges under ``links``), lists kept as lists,
    UTF-8 without escaping.  Text is written exactly (JSON can carry any character)."""
    P = prepare(G, include_personal=include_personal, anonymise=anonymise)
    nodes = [{**{str(k): json_value(v) for k, v in d.items() if k != "id"}, "id": json_value(n)}
             for n, d in P.nodes(data=True)]
    links = []
    for u, v, k, d in oriented_edges(P):
        item = {str(a): json_value(x) for a, x in d.items() if a not in ("source", "target", "key")}
        item.update(source=json_value(u), target=json_value(v))
        if k is not None:
            item["key"] = json_value(k)
        links.append(item)
    doc = {"directed": P.is_directed(), "multigraph": P.is_multigraph(),
           "graph": {str(k): json_value(v) for k, v in P.graph.items()},
           "nodes": nodes, "links": links}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
