"""GEXF read with ``iterparse``, as ``nx.read_gexf`` reads it (see
:mod:`weaving.interchange.xmlgraph`)."""
from __future__ import annotations

from xml.etree.ElementTree import iterparse

import networkx as nx
from networkx.readwrite.gexf import GEXFReader

from weaving.interchange.xml_common import _build, _Fallback, _read


def read_gexf(data) -> nx.Graph:
    """A GEXF document's graph, as ``nx.read_gexf`` (no relabelling) reads it.

    Parameters
    ----------
    data : bytes, path or binary file

    Returns
    -------
    networkx.Graph, DiGraph, MultiGraph or MultiDiGraph

    Raises
    ------
    networkx.NetworkXError, xml.etree.ElementTree.ParseError, KeyError, ValueError
        As NetworkX's reader for the same file.
    """
    return _read(_gexf, nx.read_gexf, data)


def _gexf(src) -> nx.Graph:
    ref = GEXFReader()
    ptype, cbool = ref.python_type, ref.convert_bool
    versions = {v["NS_GEXF"]: (v["NS_VIZ"], v["VERSION"]) for v in ref.versions.values()}
    ns = viz = None
    attrs = {"node": {}, "edge": {"weight": {"title": "weight", "type": "double", "mode": "static"}}}
    defaults: dict = {"node": {}, "edge": {}}
    graph: dict = {}
    nodes: list = []
    edges: list = []
    seen: set = set()
    multi = False
    directed = False
    parent = None
    found_graph = False
    for event, el in iterparse(src, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if ns is None:
                uri = tag[1:].split("}")[0] if tag.startswith("{") else ""
                if uri not in versions or versions[uri][1] == "1.1":
                    raise _Fallback
                ns, (viz, _v) = "{" + uri + "}", versions[uri]
            if tag == ns + "graph":
                if found_graph:
                    raise _Fallback
                found_graph = True
                if el.get("mode", "") == "dynamic" or el.get("start") or el.get("end") or el.get("timeformat"):
                    raise _Fallback
                directed = el.get("defaultedgetype") == "directed"
                if el.get("name", ""):
                    graph["name"] = el.get("name")
                graph["mode"] = "static"
            elif tag in (ns + "nodes", ns + "edges"):
                if parent is not None:
                    raise _Fallback   # sub-nodes
                parent = el
            elif tag in (ns + "spells", ns + "slices", ns + "parents"):
                raise _Fallback
            continue
        if tag == ns + "attributes":
            cls = el.get("class")
            if cls not in attrs or el.get("mode") == "dynamic":
                raise _Fallback
            found, dflt = _gexf_attributes(el, ns, ptype, cbool)
            attrs[cls].update(found)
            defaults[cls].update(dflt)
            graph[f"{cls}_default"] = defaults[cls]
            continue
        if tag in (ns + "nodes", ns + "edges"):
            parent = None
            continue
        if parent is None or tag not in (ns + "node", ns + "edge"):
            continue
        if el.get("start") is not None or el.get("end") is not None or el.get("pid") is not None:
            raise _Fallback
        if tag == ns + "node":
            d = _gexf_values(el, ns, attrs["node"], ptype, cbool)
            vz = _gexf_viz(el, viz)
            if vz:
                d["viz"] = vz
            d["label"] = el.get("label")
            nodes.append((el.get("id"), d))
        else:
            kind = el.get("type")
            if kind == "mutual":
                raise _Fallback   # NetworkX adds both directions and then collapses them
            if directed and kind == "undirected":
                raise nx.NetworkXError("Undirected edge found in directed graph.")
            if not directed and kind == "directed":
                raise nx.NetworkXError("Directed edge found in undirected graph.")
            s, t = el.get("source"), el.get("target")
            d = _gexf_values(el, ns, attrs["edge"], ptype, cbool)
            eid = el.get("id")
            if eid is not None:
                d["id"] = eid
            key = d.pop("networkx_key", None)
            key = eid if key is None else key
            if el.get("weight") is not None:
                d["weight"] = float(el.get("weight"))
            if el.get("label") is not None:
                d["label"] = el.get("label")
            pair = (s, t) if directed or str(s) <= str(t) else (t, s)
            if pair in seen:
                multi = True
            seen.add(pair)
            edges.append((s, t, key, d))
        parent.remove(el)
    if not found_graph:
        raise _Fallback   # NetworkX looks for it under every version's namespace
    graph["edge_default"] = defaults["edge"]
    return _build(nodes, edges, graph, directed, multi)


def _gexf_attributes(el, ns: str, ptype: dict, cbool: dict) -> tuple[dict, dict]:
    found, dflt = {}, {}
    for k in el.findall(ns + "attribute"):
        atype, title = k.get("type"), k.get("title")
        found[k.get("id")] = {"title": title, "type": atype, "mode": el.get("mode")}
        default = k.find(ns + "default")
        if default is not None:
            dflt[title] = cbool[default.text] if atype == "boolean" else ptype[atype](default.text)
    return found, dflt


def _gexf_values(el, ns: str, keys: dict, ptype: dict, cbool: dict) -> dict:
    out: dict = {}
    box = el.find(ns + "attvalues")
    if box is None:
        return out
    for a in box.findall(ns + "attvalue"):
        key = a.get("for")
        spec = keys.get(key)
        if spec is None:
            raise _Fallback   # declared later in the file, or not at all: NetworkX decides
        value = a.get("value")
        out[spec["title"]] = cbool[value] if spec["type"] == "boolean" else ptype[spec["type"]](value)
    return out


def _gexf_viz(el, viz: str) -> dict:
    out: dict = {}
    color = el.find(f"{{{viz}}}color")
    if color is not None:
        out["color"] = {"r": int(color.get("r")), "g": int(color.get("g")), "b": int(color.get("b")),
                        "a": float(color.get("a", 1))}
    size = el.find(f"{{{viz}}}size")
    if size is not None:
        out["size"] = float(size.get("value"))
    thickness = el.find(f"{{{viz}}}thickness")
    if thickness is not None:
        out["thickness"] = float(thickness.get("value"))
    shape = el.find(f"{{{viz}}}shape")
    if shape is not None:
        out["shape"] = shape.get("shape") if shape.get("shape") != "image" else shape.get("uri")
    pos = el.find(f"{{{viz}}}position")
    if pos is not None:
        out["position"] = {"x": float(pos.get("x", 0)), "y": float(pos.get("y", 0)), "z": float(pos.get("z", 0))}
    return out
