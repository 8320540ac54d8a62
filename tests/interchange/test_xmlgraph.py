"""The incremental GraphML/GEXF readers (weaving/interchange/xmlgraph.py) give exactly
NetworkX's graph: class, graph attributes, nodes, edges (keys included), their order
and attribute types -- and NetworkX's error, or its result, for what they leave to it."""
from __future__ import annotations

import io
import random

import networkx as nx
import pytest

from weaving.interchange import export_graph
from weaving.interchange.xmlgraph import read_gexf, read_graphml

from .conftest import sample_graph


def view(G: nx.Graph) -> str:
    out = [type(G).__name__, dict(G.graph), list(G.nodes(data=True))]
    out.append(list(G.edges(keys=True, data=True)) if G.is_multigraph() else list(G.edges(data=True)))
    out.append([(u, list(G.adj[u])) for u in G])
    if G.is_directed():
        out.append([(u, list(G.pred[u])) for u in G])
    return repr(out)


def random_graphs(count: int = 40, seed: int = 1):
    rng = random.Random(seed)
    for trial in range(count):
        G = rng.choice([nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph])(name=f"g{trial}")
        for i in range(rng.randint(0, 12)):
            G.add_node(f"n{rng.randint(0, 20)}", label=f"L{i}", w=rng.random(), k=rng.randint(0, 5),
                       b=rng.random() < 0.5)
        for _ in range(rng.randint(0, 25)):
            G.add_edge(f"n{rng.randint(0, 22)}", f"n{rng.randint(0, 22)}", kind=rng.choice("ab"),
                       strength=rng.randint(1, 3))
        yield G


READERS = [("graphml", read_graphml, nx.read_graphml, nx.write_graphml),
           ("gexf", read_gexf, nx.read_gexf, nx.write_gexf)]


@pytest.mark.parametrize("fmt, ours, theirs, write", READERS)
def test_same_graph_as_networkx(fmt, ours, theirs, write):
    for G in [*random_graphs(), nx.karate_club_graph(), nx.les_miserables_graph()]:
        buf = io.BytesIO()
        write(G, buf)
        data = buf.getvalue()
        assert view(ours(data)) == view(theirs(io.BytesIO(data)))


@pytest.mark.parametrize("fmt, ours, theirs, write", READERS)
def test_same_graph_for_our_own_exports(fmt, ours, theirs, write, tmp_path):
    from .test_hostile import hostile_graph

    for G in (sample_graph(), hostile_graph(), *random_graphs(5, seed=7)):
        data = export_graph(G, fmt)
        assert view(ours(data)) == view(theirs(io.BytesIO(data)))
        path = tmp_path / f"g.{fmt}"
        path.write_bytes(data)
        assert view(ours(path)) == view(theirs(path))


YED = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="d0" for="node" yfiles.type="nodegraphics"/>
  <key id="d1" for="node" attr.name="description" attr.type="string"/>
  <graph id="G" edgedefault="undirected">
    <node id="n0"><data key="d0"><y:ShapeNode><y:NodeLabel>Biblioteket</y:NodeLabel></y:ShapeNode></data>
      <data key="d1">x</data></node>
    <node id="n1"/>
    <edge source="n0" target="n1"/>
  </graph>
</graphml>"""
KEY_AFTER = b"""<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="directed"><node id="a"><data key="k">1</data></node><node id="b"/>
    <edge source="a" target="b"/><edge source="a" target="b"/></graph>
  <key id="k" for="node" attr.name="weight" attr.type="int"/>
</graphml>"""
MIXED = b"""<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="undirected"><node id="a"/><node id="b"/><edge source="a" target="b" directed="true"/></graph>
</graphml>"""


@pytest.mark.parametrize("data", [YED, KEY_AFTER])
def test_what_it_leaves_to_networkx_reads_as_networkx_reads_it(data):
    assert view(read_graphml(data)) == view(nx.read_graphml(io.BytesIO(data)))


@pytest.mark.parametrize("data", [MIXED, b"<graphml", b"<?xml version='1.0'?><graphml xmlns='x'/>",
                                  b"<graphml xmlns='http://graphml.graphdrawing.org/xmlns'>&undefined;</graphml>"])
def test_same_error_as_networkx(data):
    with pytest.raises(Exception) as ours:
        read_graphml(data)
    with pytest.raises(Exception) as theirs:
        nx.read_graphml(io.BytesIO(data))
    assert (type(ours.value), str(ours.value)) == (type(theirs.value), str(theirs.value))
