from __future__ import annotations

import pytest

from weaving.interchange import FORMATS, MEDIA_TYPES, export_graph, import_file


@pytest.mark.parametrize("fmt", FORMATS)
def test_include_personal_false_drops_contacts_and_carried_by(graph, fmt):
    data = export_graph(graph, fmt, include_personal=False)
    assert b"Robin Prov" not in data
    G = import_file(data, "x" + MEDIA_TYPES[fmt][0]).graph
    assert all(not d.get("contacts") for _n, d in G.nodes(data=True))
    assert all(not d.get("carried_by") for *_e, d in G.edges(keys=True, data=True))
    assert G.number_of_nodes() == graph.number_of_nodes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_anonymise_replaces_person_names(graph, fmt):
    data = export_graph(graph, fmt, anonymise=True)
    assert b"Kim Exempel" not in data and b"Robin Prov" not in data
    G = import_file(data, "x" + MEDIA_TYPES[fmt][0]).graph
    labels = {d["label"] for _n, d in G.nodes(data=True)}
    assert "Person 1" in labels  # the person actor
    contacts = next(d["contacts"] for _n, d in G.nodes(data=True) if d["contacts"])
    # the same person (Kim Exempel) gets the same placeholder everywhere
    assert contacts == ["Person 1", "Person 2"]
    carried = [d["carried_by"] for *_e, d in G.edges(keys=True, data=True) if d["carried_by"]]
    assert carried == [["Person 1"]]
    assert G.number_of_edges() == graph.number_of_edges()


def test_anonymise_is_stable(graph):
    assert export_graph(graph, "json", anonymise=True) == export_graph(graph, "json", anonymise=True)


def test_anonymise_relabels_person_ids_that_are_names():
    import networkx as nx

    G = nx.MultiGraph()
    G.add_node("Kim Exempel", label="Kim Exempel", type="person")
    G.add_node("Bibblan", label="Bibblan", type="library")
    G.add_edge("Kim Exempel", "Bibblan", key="dialogue", kind="dialogue", directed=True,
               source="Kim Exempel")
    data = export_graph(G, "json", anonymise=True)
    assert b"Kim" not in data
    result = import_file(data, "x.json")
    (u, v, d), = result.graph.edges(data=True)
    assert d["source"] in result.graph and result.graph.nodes[d["source"]]["label"] == "Person 1"
