"""Every export format re-imports into weaving identically (counts and attributes)."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest
from openpyxl import load_workbook

from weaving.interchange import FORMATS, MEDIA_TYPES, export_graph, import_file, import_files
from weaving.core.schema import LIST_ATTRS, as_list

from .conftest import sample_graph, snapshot


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_exact(graph, fmt):
    data = export_graph(graph, fmt)
    assert isinstance(data, bytes) and data
    result = import_file(data, "karta" + MEDIA_TYPES[fmt][0])
    assert result.can_import
    # the only expected problems: the two actors called "Biblioteket"
    assert {p.key for p in result.problems} == {"io.duplicate_label"}
    assert snapshot(result.graph) == snapshot(graph)
    assert result.graph.graph["weavers"] == ["a1"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_name_kept(graph, fmt):
    result = import_file(export_graph(graph, fmt), "x" + MEDIA_TYPES[fmt][0])
    if fmt == "gexf":  # GEXF has no place for arbitrary graph attributes
        return
    assert result.graph.graph["name"] == graph.graph["name"]


@pytest.mark.parametrize("csv_delim", [";", ","])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_csv_variants_round_trip(graph, csv_delim, lang):
    data = export_graph(graph, "csv", delimiter=csv_delim, lang=lang)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["actors.csv", "links.csv"]
        actors = zf.read("actors.csv")
        links = zf.read("links.csv")
    assert actors.startswith(b"\xef\xbb\xbf")
    header = actors[3:].split(b"\r\n")[0].decode()
    assert header.split(csv_delim)[1] == ("namn" if lang == "sv" else "name")
    if lang == "sv":
        assert "befintlig" in links.decode("utf-8-sig")
        assert "fritidsgård" in actors.decode("utf-8-sig")
    # the two files separately, as a user would upload them
    result = import_files([("actors.csv", actors), ("links.csv", links)])
    assert snapshot(result.graph) == snapshot(graph)


def test_graphml_readable_by_networkx(graph):
    """Gephi-compatibility proxy: nx.read_graphml gives the same counts and attributes
    after as_list normalisation; no None or list values reach the writer."""
    H = nx.read_graphml(io.BytesIO(export_graph(graph, "graphml")))
    assert H.number_of_nodes() == graph.number_of_nodes()
    assert H.number_of_edges() == graph.number_of_edges()
    assert H.is_multigraph()
    for n, d in graph.nodes(data=True):
        for k, v in d.items():
            got = H.nodes[n].get(k)
            assert (as_list(got) == v) if k in LIST_ATTRS else (got == v), (n, k)
    for u, v, k, d in graph.edges(keys=True, data=True):
        hd = H.get_edge_data(u, v, key=k)
        for a, x in d.items():
            got = hd.get(a)
            assert (as_list(got) == x) if a in LIST_ATTRS else (got == x), (u, v, k, a)


def test_gexf_readable_by_networkx(graph):
    H = nx.read_gexf(io.BytesIO(export_graph(graph, "gexf")))
    assert H.number_of_nodes() == graph.number_of_nodes()
    assert H.number_of_edges() == graph.number_of_edges()
    assert H.nodes["a1"]["label"] == "Biblioteket"
    assert H.nodes["a1"]["is_weaver"] is True
    assert as_list(H.nodes["a1"]["themes"]) == ["kultur", "språk"]
    funding = [d for _u, _v, d in H.edges(data=True) if d.get("kind") == "funding"][0]
    assert funding["weight"] == 2.0  # Gephi edge thickness = strength


def test_json_keeps_lists_and_utf8(graph):
    data = export_graph(graph, "json")
    text = data.decode("utf-8")
    assert "Fritidsgården Åkern" in text  # not \u-escaped
    doc = json.loads(text)
    a1 = next(n for n in doc["nodes"] if n["id"] == "a1")
    assert a1["themes"] == ["kultur", "språk"]
    H = nx.node_link_graph(doc, edges="links")
    assert H.number_of_edges() == graph.number_of_edges()


def test_kumu_xlsx_layout(graph):
    wb = load_workbook(io.BytesIO(export_graph(graph, "kumu_xlsx")))
    assert wb.sheetnames == ["Elements", "Connections"]
    el = [[c.value for c in row] for row in wb["Elements"].iter_rows()]
    assert el[0][:5] == ["ID", "Label", "Type", "Description", "Tags"]
    assert el[1][:2] == ["a1", "Biblioteket"] and el[1][4] == "kultur|språk"
    con = [[c.value for c in row] for row in wb["Connections"].iter_rows()]
    assert con[0][:4] == ["From", "To", "Type", "Direction"]
    funding = next(r for r in con if r[2] == "funding")
    assert funding[:4] == ["a6", "a4", "funding", "directed"]  # giver first


def test_kumu_json_layout(graph):
    doc = json.loads(export_graph(graph, "kumu_json"))
    el = doc["elements"][0]
    assert el["label"] == "Biblioteket" and el["attributes"]["element type"] == "library"
    assert el["attributes"]["tags"] == ["kultur", "språk"]
    con = next(c for c in doc["connections"] if c["attributes"]["connection type"] == "funding")
    assert (con["from"], con["to"], con["direction"]) == ("a6", "a4", "directed")


@pytest.mark.parametrize("cls", [nx.Graph, nx.DiGraph, nx.MultiDiGraph])
@pytest.mark.parametrize("fmt", FORMATS)
def test_other_graph_classes_export(cls, fmt):
    G = cls(nx.karate_club_graph())  # int node ids, no weaving attributes
    result = import_file(export_graph(G, fmt), "k" + MEDIA_TYPES[fmt][0])
    assert result.graph.number_of_nodes() == 34
    assert result.graph.number_of_edges() == nx.Graph(G).number_of_edges()
    # a directed graph made from an undirected one has A->B and B->A: our links are
    # unordered pairs (unique per kind), so the reverse copy is reported and skipped
    assert {p.key for p in result.errors} <= ({"io.duplicate_link"} if G.is_directed() else set())


def test_csv_cells_are_semicolon_bom(graph):
    data = export_graph(graph, "csv")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = zf.read("links.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["från", "till", "från_id", "till_id"]
    assert all(len(r) == len(rows[0]) for r in rows)


def test_export_unknown_format(graph):
    with pytest.raises(ValueError):
        export_graph(graph, "pdf")


def test_export_does_not_mutate(graph):
    before = snapshot(graph)
    for fmt in FORMATS:
        export_graph(graph, fmt, include_personal=False, anonymise=True)
    assert snapshot(graph) == before
    assert snapshot(sample_graph()) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_options_not_used_by_a_format_are_ignored(graph, fmt):
    assert export_graph(graph, fmt, lang="sv") == export_graph(graph, fmt) or fmt in ("kumu_xlsx", "csv")
