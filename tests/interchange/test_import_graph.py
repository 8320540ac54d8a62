"""Graph files made by other tools (Gephi-like GraphML/GEXF, plain node-link JSON)."""
from __future__ import annotations

import io
import json

import networkx as nx

from weaving.interchange import import_file


def test_gephi_like_directed_gexf_with_viz_and_weight():
    G = nx.DiGraph()
    G.add_node("0", label="Bibblan", viz={"size": 10, "position": {"x": 1.0, "y": 2.0, "z": 0.0}},
               Modularity_Class=1)
    G.add_node("1", label="Fritidsgården")
    G.add_edge("0", "1", weight=3.0, label="samarbete")
    buf = io.BytesIO()
    nx.write_gexf(G, buf)
    r = import_file(buf.getvalue(), "gephi.gexf")
    assert not r.errors
    (u, v, d), = r.graph.edges(data=True)
    assert d["strength"] == 3 and d["kind"] == "joint_activity"
    assert r.graph.nodes["0"]["label"] == "Bibblan" and r.graph.nodes["0"]["Modularity_Class"] == 1
    assert "viz" not in r.graph.nodes["0"]


def test_graphml_without_labels_uses_ids_and_bool_strings():
    G = nx.Graph()
    G.add_node("Alfa", is_weaver="true", themes="kultur;språk")
    G.add_node("Beta", is_weaver="0")
    G.add_edge("Alfa", "Beta", strength=7)
    buf = io.BytesIO()
    nx.write_graphml(G, buf)
    r = import_file(buf.getvalue(), "x.graphml")
    assert r.graph.nodes["Alfa"]["label"] == "Alfa" and r.graph.nodes["Alfa"]["is_weaver"] is True
    assert r.graph.nodes["Alfa"]["themes"] == ["kultur", "språk"]
    assert r.graph.graph["weavers"] == ["Alfa"]
    assert [p.key for p in r.problems] == ["io.bad_strength"]


def test_node_link_json_with_edges_key_and_bad_items():
    doc = {"nodes": [{"id": 1, "label": "A"}, {"id": 2}, "junk", {"label": "no id"}],
           "edges": [{"source": 1, "target": 2, "kind": "referral"}, {"source": 1}, 5]}
    r = import_file(json.dumps(doc).encode(), "x.json")
    assert r.graph.number_of_nodes() == 2 and r.graph.number_of_edges() == 1
    assert [p.key for p in r.problems] == ["io.bad_item"] * 4
    assert r.can_import


def test_kumu_json_by_label():
    doc = {"elements": [{"label": "A", "attributes": {"element type": "School", "tags": ["x"]}},
                        {"attributes": {"label": "B", "element type": "Organization"}}],
           "connections": [{"from": "A", "to": "B", "direction": "directed",
                            "attributes": {"connection type": "Referral"}}]}
    r = import_file(json.dumps(doc).encode(), "blueprint.json")
    assert r.stats.format == "kumu_json"
    assert r.graph.nodes["A"]["type"] == "school" and r.graph.nodes["A"]["themes"] == ["x"]
    (_u, _v, d), = r.graph.edges(data=True)
    assert d["kind"] == "referral" and d["source"] == "A"


def test_graph_file_must_be_alone():
    from weaving.interchange import import_files

    r = import_files([("a.json", b'{"nodes": []}'), ("b.csv", b"namn\nA\n")])
    assert "io.graph_file_alone" in {p.key for p in r.problems}
