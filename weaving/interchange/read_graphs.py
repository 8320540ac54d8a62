"""Graph-file import: GraphML, GEXF, node-link JSON and Kumu JSON -> one graph.

The parsed nodes and edges go through the same :class:`GraphBuilder` as tabular rows,
so every format is validated and cleaned alike.
"""
from __future__ import annotations

import json
from typing import Any


import weaving.interchange.values as V
from weaving.interchange.builder import GraphBuilder, Row, _short
from weaving.interchange.model import ImportResult, Problem
from weaving.interchange.run import _Import
from weaving.interchange.xmlgraph import read_gexf, read_graphml


def import_graph_bytes(imp: _Import, data: bytes, name: str, fmt: str) -> ImportResult:
    """Read one graph file (``fmt`` from :func:`~weaving.interchange.importers.detect_format`:
    "graphml", "gexf", "json" or "kumu_json") into ``imp``'s result; never raises."""
    try:
        if fmt == "graphml":
            G = read_graphml(data)
        elif fmt == "gexf":
            G = read_gexf(data)
        else:
            doc = json.loads(data.decode("utf-8-sig"))
            if fmt == "kumu_json":
                return _import_kumu_json(imp, doc, name)
            return _import_node_link(imp, doc, name)
    except Exception as exc:  # noqa: BLE001 - every parser failure is a user-facing problem
        imp.fatal(name, "io.unreadable", detail=_short(f"{type(exc).__name__}: {exc}", 200))
        return imp.result()
    # the file's own attribute dicts (the graph is dropped: a big file is not held twice)
    nodes = list(G.nodes(data=True))
    if G.is_multigraph():
        edges = [(u, v, d) for u, v, _k, d in G.edges(keys=True, data=True)]
    else:
        edges = list(G.edges(data=True))
    graph_attrs = dict(G.graph)
    del G
    if fmt == "gexf":
        for _u, _v, d in edges:
            d.pop("id", None)  # GEXF edge ids are added by the reader
            if "kind" in d:
                d.pop("label", None)
            if "strength" in d:
                d.pop("weight", None)  # we write weight = strength for Gephi
        for _n, d in nodes:
            d.pop("viz", None)
    return _import_graph_items(imp, nodes, edges, graph_attrs, name)


_FIELDS: dict[tuple[str, Any], str | None] = {}


def _field(kind: str, key: Any) -> str | None:
    """``V.actor_field``/``V.link_field`` of an attribute name, remembered: a graph
    file repeats the same few names on every node and edge."""
    try:
        return _FIELDS[kind, key]
    except KeyError:
        pass
    except TypeError:   # an unhashable name
        return V.actor_field(key) if kind == "actor" else V.link_field(key)
    found = V.actor_field(key) if kind == "actor" else V.link_field(key)
    if len(_FIELDS) < 10_000:
        _FIELDS[kind, key] = found
    return found


def _node_row(i: int, table: str, node: Any, data: dict[str, Any]) -> Row:
    r = Row(i, table)
    r.values["id"] = node
    for key, value in data.items():
        fld = _field("actor", key)
        if fld and fld != "id" and fld not in r.values:
            r.values[fld] = value
        elif fld != "id":
            r.extras.setdefault(str(key), value)
    return r


def _edge_row(i: int, table: str, u: Any, v: Any, data: dict[str, Any]) -> Row:
    r = Row(i, table)
    src = data.pop("source", None)
    data.pop("target", None)
    if src is not None and str(src) == str(v) and str(u) != str(v):
        u, v = v, u
    r.values["from_id"], r.values["to_id"] = u, v
    if "kind" in data:
        data.pop("label", None)
    if "strength" in data:
        data.pop("weight", None)
    for key, value in data.items():
        fld = _field("link", key)
        if fld in ("from", "to", "from_id", "to_id"):
            continue
        if fld and fld not in r.values:
            r.values[fld] = value
        elif key == "label" and "kind" not in r.values:
            r.values["kind"] = value
        else:
            r.extras.setdefault(str(key), value)
    return r


def _import_graph_items(imp: _Import, nodes: list[tuple[Any, dict]], edges: list[tuple[Any, Any, dict]],
                        graph_attrs: dict[str, Any], name: str) -> ImportResult:
    if len(nodes) > imp.options.max_rows or len(edges) > imp.options.max_rows:
        imp.fatal(name, "io.too_many_rows", max=imp.options.max_rows)
        return imp.result()
    builder = GraphBuilder(imp.problems, imp.stats)
    for i, (node, data) in enumerate(nodes, start=1):
        builder.add_actor(_node_row(i, name, V.clean_text(node), data), label_from_id=True)
    builder.mark_weavers([V.clean_text(n) for n in V.clean_list(graph_attrs.get("weavers"))])
    for i, (u, v, data) in enumerate(edges, start=1):
        builder.add_link(_edge_row(i, name, V.clean_text(u), V.clean_text(v), data))
    imp.stats.tables.append(name)
    return imp.result(builder.finish(name, graph_attrs))


def _import_node_link(imp: _Import, doc: Any, name: str) -> ImportResult:
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        imp.fatal(name, "io.missing_column", column="nodes")
        return imp.result()
    nodes: list[tuple[Any, dict]] = []
    for i, item in enumerate(doc["nodes"], start=1):
        if not isinstance(item, dict) or item.get("id") is None or isinstance(item.get("id"), (dict, list)):
            imp.problems.append(Problem(i, name, "id", "io.bad_item", {}, "error"))
            continue
        data = {k: v for k, v in item.items() if k != "id"}
        nodes.append((item["id"], data))
    raw_edges = doc.get("links", doc.get("edges", []))
    edges: list[tuple[Any, Any, dict]] = []
    for i, item in enumerate(raw_edges if isinstance(raw_edges, list) else [], start=1):
        if not isinstance(item, dict) or any(
                item.get(k) is None or isinstance(item.get(k), (dict, list))
                for k in ("source", "target")):
            imp.problems.append(Problem(i, name, None, "io.bad_item", {}, "error"))
            continue
        data = {k: v for k, v in item.items() if k not in ("source", "target", "key")}
        if item.get("directed") is True or V.parse_bool(item.get("directed")):
            data["source"] = item["source"]
        edges.append((item["source"], item["target"], data))
    graph = doc.get("graph") if isinstance(doc.get("graph"), dict) else {}
    return _import_graph_items(imp, nodes, edges, graph, name)


def _import_kumu_json(imp: _Import, doc: Any, name: str) -> ImportResult:
    if not isinstance(doc, dict):
        imp.fatal(name, "io.missing_column", column="elements")
        return imp.result()
    elements = doc.get("elements") if isinstance(doc.get("elements"), list) else []
    connections = doc.get("connections") if isinstance(doc.get("connections"), list) else []
    builder = GraphBuilder(imp.problems, imp.stats)
    if len(elements) > imp.options.max_rows or len(connections) > imp.options.max_rows:
        imp.fatal(name, "io.too_many_rows", max=imp.options.max_rows)
        return imp.result()
    for i, el in enumerate(elements, start=1):
        if not isinstance(el, dict):
            imp.problems.append(Problem(i, "elements", None, "io.bad_item", {}, "error"))
            continue
        attrs = el.get("attributes") if isinstance(el.get("attributes"), dict) else {}
        r = Row(i, "elements")
        merged = {**attrs, **{k: v for k, v in el.items() if k not in ("attributes",)}}
        for key, value in merged.items():
            fld = V.actor_field(key)
            if fld and fld not in r.values:
                r.values[fld] = value
            elif not fld and not isinstance(value, dict):
                r.extras.setdefault(str(key), value)
        builder.add_actor(r)
    for i, con in enumerate(connections, start=1):
        if not isinstance(con, dict):
            imp.problems.append(Problem(i, "connections", None, "io.bad_item", {}, "error"))
            continue
        attrs = con.get("attributes") if isinstance(con.get("attributes"), dict) else {}
        r = Row(i, "connections")
        merged = {**attrs, **{k: v for k, v in con.items() if k not in ("attributes", "_id")}}
        for key, value in merged.items():
            if isinstance(value, dict):
                continue
            fld = V.link_field(key)
            if fld == "from":
                fld = "from_id"
            elif fld == "to":
                fld = "to_id"
            if fld and fld not in r.values:
                r.values[fld] = value
            elif not fld:
                r.extras.setdefault(str(key), value)
        r.values.setdefault("from", r.values.get("from_id"))
        r.values.setdefault("to", r.values.get("to_id"))
        builder.add_link(r)
    imp.stats.tables.extend(["elements", "connections"])
    return imp.result(builder.finish("connections"))
