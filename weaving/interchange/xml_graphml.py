"""GraphML read with expat callbacks, as ``nx.read_graphml`` reads it (see
:mod:`weaving.interchange.xmlgraph`)."""
from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import networkx as nx
from networkx.readwrite.graphml import GraphMLReader

from weaving.interchange.xml_common import _build, _Fallback, _read

NS = "http://graphml.graphdrawing.org/xmlns}"   # element names as expat reports them


def read_graphml(data) -> nx.Graph:
    """The first graph of a GraphML document, as ``nx.read_graphml`` reads it.

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
    return _read(_graphml, nx.read_graphml, data)


class _GraphMLHandler:
    """Expat callbacks for the common GraphML subset: keys, one graph, its nodes,
    edges and data. Everything else raises :class:`_Fallback`."""

    def __init__(self) -> None:
        ref = GraphMLReader()
        self.ptype, self.cbool = ref.python_type, ref.convert_bool
        self.keys: dict[str, tuple[str, Any, str | None]] = {}
        self.defaults: dict[str, Any] = {}
        self.nodes: list = []
        self.edges: list = []
        self.edge_ids: dict = {}
        self.seen: set = set()
        self.multi = False
        self.directed = False
        self.graph_data: dict = {}
        self.state = 0           # 0 before the graph, 1 inside it, 2 after it
        self.depth = 0
        self.item: tuple[str, dict, dict] | None = None   # ("node"/"edge", attributes, data)
        self.key_el: dict | None = None
        self.text: list[str] | None = None
        self.data_key: str | None = None
        self.data_children = False

    def start(self, name: str, attrs: dict) -> None:
        self.depth += 1
        d = self.depth
        if self.text is not None:            # an element inside <data> or <default>
            if self.data_key is not None:
                raise _Fallback                # yEd extension elements
            return
        if d == 2 and name == NS + "key":
            self.key_el = {"attrs": attrs}
        elif d == 3 and name == NS + "default" and self.key_el is not None:
            self.text = []
        elif name == NS + "graph":
            if d == 2 and self.state == 0:
                self.state = 1
                self.directed = attrs.get("edgedefault") == "directed"
            elif self.state == 1:
                raise _Fallback                # a graph inside a node (yEd groups)
        elif self.state == 1 and d == 3:
            if name in (NS + "node", NS + "edge"):
                if attrs.get("yfiles.foldertype") == "group":
                    raise _Fallback
                self.item = (name, attrs, {})
            elif name == NS + "data":
                self.data_key, self.text = attrs.get("key"), []
            elif name == NS + "hyperedge":
                raise _Fallback
        elif self.state == 1 and d == 4 and self.item is not None and name == NS + "data":
            self.data_key, self.text = attrs.get("key"), []

    def chars(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def end(self, name: str) -> None:
        d = self.depth
        self.depth -= 1
        if self.text is not None and name in (NS + "data", NS + "default"):
            text = "".join(self.text) if self.text else None
            self.text = None
            if name == NS + "default":
                self.key_el["default"] = text
                return
            key, self.data_key = self.data_key, None
            target = self.item[2] if d == 4 else self.graph_data
            self._decode(target, key, text)
            return
        if d == 2 and name == NS + "key" and self.key_el is not None:
            self._key(self.key_el)
            self.key_el = None
        elif d == 2 and name == NS + "graph" and self.state == 1:
            self.state = 2
        elif d == 3 and self.item is not None and name == self.item[0]:
            kind, attrs, data = self.item
            self.item = None
            if kind == NS + "node":
                self.nodes.append((str(attrs.get("id")), data))
            else:
                self._edge(attrs, data)

    def _key(self, el: dict) -> None:
        a = el["attrs"]
        attr_id, attr_type, attr_name = a.get("id"), a.get("attr.type"), a.get("attr.name")
        if a.get("yfiles.type") is not None or attr_type is None:
            raise _Fallback                    # yEd keys; NetworkX warns about untyped ones
        if attr_name is None:
            raise nx.NetworkXError(f"Unknown key for id {attr_id}.")
        typ = self.ptype[attr_type]
        self.keys[attr_id] = (attr_name, typ, a.get("for"))
        if "default" in el:                   # as NetworkX: <default/> fails like it does
            text = el["default"]
            self.defaults[attr_id] = self.cbool[text.lower()] if typ is bool else typ(text)

    def _decode(self, target: dict, key: str | None, text: str | None) -> None:
        spec = self.keys.get(key)
        if spec is None:
            raise _Fallback                    # a key defined after its use, or none: NetworkX decides
        name, typ, _for = spec
        if text is None:
            target[name] = ""
        elif typ is bool:
            target[name] = self.cbool[text.lower()]
        else:
            target[name] = typ(text)

    def _edge(self, attrs: dict, data: dict) -> None:
        flag = attrs.get("directed")
        if self.directed and flag == "false":
            raise nx.NetworkXError("directed=false edge found in directed graph.")
        if not self.directed and flag == "true":
            raise nx.NetworkXError("directed=true edge found in undirected graph.")
        s, t = str(attrs.get("source")), str(attrs.get("target"))
        eid = attrs.get("id")
        if eid:
            self.edge_ids[s, t] = eid
            try:
                key: Any = int(eid)
            except ValueError:
                key = eid
        else:
            key = data.get("key")
        pair = (s, t) if self.directed or s <= t else (t, s)
        if pair in self.seen:
            self.multi = True
        self.seen.add(pair)
        self.edges.append((s, t, key, data))


def _graphml(src) -> nx.Graph:
    h = _GraphMLHandler()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = h.start
    parser.EndElementHandler = h.end
    parser.CharacterDataHandler = h.chars
    try:
        if isinstance(src, (str, bytes)) or hasattr(src, "__fspath__"):
            with open(src, "rb") as f:
                parser.ParseFile(f)
        else:
            parser.ParseFile(src)
    except expat.ExpatError as exc:             # what ElementTree raises for the same file
        err = ParseError(str(exc))
        err.code, err.position = exc.code, (exc.lineno, exc.offset)
        raise err from None
    if h.state == 0:
        raise _Fallback                        # NetworkX says why it cannot read it
    graph = {"node_default": {}, "edge_default": {}}
    for key_id, value in h.defaults.items():
        name, typ, for_ = h.keys[key_id]
        if for_ == "node":
            graph["node_default"][name] = typ(value)
        if for_ == "edge":
            graph["edge_default"][name] = typ(value)
    graph.update(h.graph_data)
    if not h.multi:
        for s, t, _k, d in h.edges:
            eid = h.edge_ids.get((s, t))
            if eid is not None:
                d["id"] = eid
    return _build(h.nodes, h.edges, graph, h.directed, h.multi)
