"""Graph bridge: database map -> NetworkX -> another database gives the same map."""
import networkx as nx
import pytest

from weaving.core.errors import ValidationError
from weaving.core.schema import active_simple_graph, weavers_of
from weaving.store import Store, graph_from_maps, import_graph


def _build(store):
    with store.uow() as uow:
        m = uow.maps.create("Veberöd")
        coord = uow.actors.add(m.id, name="Inkluderingskoordinator", type="municipal_unit", sector="offentlig",
                               is_weaver=True, contacts=["Kim Exempelsson"])
        lib = uow.actors.add(m.id, name="Veberöds bibliotek 📚", type="library", themes=["läsning", "språk"],
                             target_groups=["barn"], resources=["lokaler"], description="<b>fet</b> & 'citat'")
        club = uow.actors.add(m.id, name="Veberöds IF", type="sports_club", sector="ideburen", themes=["idrott"])
        kommun = uow.actors.add(m.id, name="Kultur och fritid", type="municipal_unit", sector="offentlig")
        uow.links.add(coord.id, lib.id, kind="dialogue", strength=2, carried_by=["Kim Exempelsson"], place="Biblioteket")
        uow.links.add(coord.id, lib.id, kind="joint_activity", strength=3, start_date="2023-02-01")
        uow.links.add(lib.id, club.id, kind="dialogue", status="desired", purpose="Läsfrämjande i klubbstugan")
        uow.links.add(kommun.id, club.id, kind="funding", directed=True, strength=2)
        uow.commit()
        return m.id


def _norm(G):
    nodes = {d["label"]: {k: v for k, v in d.items() if k not in ("maps",)} for _, d in G.nodes(data=True)}
    label = nx.get_node_attributes(G, "label")
    edges = sorted(
        (tuple(sorted((label[u], label[v]))), k,
         tuple(sorted((kk, str(vv)) for kk, vv in d.items() if kk not in ("link_id", "source")))
         + (("source", label[d["source"]]),))
        for u, v, k, d in G.edges(keys=True, data=True)
    )
    return nodes, edges


def test_graph_has_all_attributes(tmp_path):
    store = Store(f"sqlite:///{tmp_path/'a.db'}")
    mid = _build(store)
    with store.uow() as uow:
        G = graph_from_maps(uow, [mid])
        P = graph_from_maps(uow, [mid], include_personal=True)
    assert isinstance(G, nx.MultiGraph)
    assert (G.number_of_nodes(), G.number_of_edges()) == (4, 4)
    lib = next(n for n, d in G.nodes(data=True) if d["type"] == "library")
    assert G.nodes[lib]["themes"] == ["läsning", "språk"]
    assert weavers_of(G) == [next(n for n, d in G.nodes(data=True) if d["is_weaver"])]
    # personal data only when asked
    assert "contacts" not in G.nodes[lib]
    carried = [d["carried_by"] for *_, d in G.edges(data=True) if d["carried_by"]]
    assert carried and carried[0][0].startswith("contact:")
    assert [d["carried_by"] for *_, d in P.edges(data=True) if d["carried_by"]] == [["Kim Exempelsson"]]
    funding = [d for *_, d in G.edges(data=True) if d["kind"] == "funding"][0]
    assert funding["directed"] and G.nodes[funding["source"]]["label"] == "Kultur och fritid"
    # structure for analysis: desired link is not structure; multi-edges collapse
    S = active_simple_graph(G)
    assert S.number_of_edges() == 2
    store.dispose()


def test_round_trip_through_networkx_into_another_database(tmp_path):
    a = Store(f"sqlite:///{tmp_path/'a.db'}")
    b = Store(f"sqlite:///{tmp_path/'b.db'}")
    mid = _build(a)
    with a.uow() as uow:
        G = graph_from_maps(uow, [mid], include_personal=True)
    with b.uow() as uow:
        m = uow.maps.create("Veberöd")
        stats = import_graph(uow, m.id, G)
        uow.commit()
        assert (stats.actors_created, stats.links_created) == (4, 4)
    with b.uow() as uow:
        H = graph_from_maps(uow, [uow.maps.require("Veberöd").id], include_personal=True)
    assert _norm(H) == _norm(G)
    a.dispose(), b.dispose()


def test_import_is_all_or_nothing(tmp_path):
    store = Store(f"sqlite:///{tmp_path/'a.db'}")
    G = nx.Graph()
    G.add_node("x", label="Förening X")
    G.add_node("y", label="Förening Y")
    G.add_node("z", label="")  # empty name -> falls back to id "z"
    G.add_edge("x", "y", kind="dialogue")
    G.add_edge("y", "z", kind="dialogue", strength=7)  # invalid strength
    with store.uow() as uow:
        m = uow.maps.create("Genarp")
        uow.commit()
    with store.uow() as uow:
        with pytest.raises(ValidationError):
            import_graph(uow, m.id, G)
    with store.uow() as uow:
        assert uow.actors.list() == [] and uow.links.list() == []
    store.dispose()


def test_combined_view_merges_shared_actor(tmp_path):
    store = Store(f"sqlite:///{tmp_path/'a.db'}")
    with store.uow() as uow:
        d, v = uow.maps.create("Dalby"), uow.maps.create("Veberöd")
        coord = uow.actors.add([d.id, v.id], name="Koordinator", is_weaver=True)
        x = uow.actors.add(d.id, name="Dalby bibliotek")
        y = uow.actors.add(v.id, name="Veberöds bibliotek")
        uow.links.add(coord.id, x.id, kind="dialogue")
        uow.links.add(coord.id, y.id, kind="dialogue")
        uow.commit()
        G = graph_from_maps(uow, [d.id, v.id])
        D = graph_from_maps(uow, [d.id])
    assert G.number_of_nodes() == 3 and G.number_of_edges() == 2 and G.graph["name"] == "Dalby + Veberöd"
    assert D.number_of_nodes() == 2 and D.number_of_edges() == 1
    store.dispose()
