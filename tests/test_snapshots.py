"""Snapshot comparison on hand-built before/after maps with known answers."""
import datetime as dt

import networkx as nx

from weaving.progress.diff import compare
from weaving.store import Store, graph_from_maps


def _g(edges, weaver="W", extra_nodes=()):
    G = nx.MultiGraph()
    for n in {x for e in edges for x in e[:2]} | set(extra_nodes):
        G.add_node(n, label=n, is_weaver=(n == weaver))
    for u, v, *rest in edges:
        kind = rest[0] if rest else "dialogue"
        status = rest[1] if len(rest) > 1 else "existing"
        G.add_edge(u, v, key=kind, kind=kind, status=status)
    return G


def test_hub_and_spoke_to_direct_links():
    # before: W in the middle of two clusters {A,B} and {C,D}; E only tied to W
    before = _g([("W", "A"), ("A", "B"), ("W", "C"), ("C", "D"), ("W", "E"), ("B", "D", "dialogue", "desired")])
    after = _g([("W", "A"), ("A", "B"), ("W", "C"), ("C", "D"), ("W", "E", "dialogue", "ended"),
                ("B", "D", "dialogue", "introduced"), ("E", "A"), ("A", "F"), ("A", "B", "joint_activity")])
    d = compare(before, after)
    assert d.actors_added == ["F"] and d.actors_removed == []
    # B–D: were only connected through W, now linked (introduced); E–A: E had only W
    assert d.found_each_other == [("A", "E"), ("B", "D")]
    # A–B joint activity is new but A and B already knew each other: not "found each other"
    assert ("A", "B", "joint_activity") in d.links_added
    assert ("A", "F", "dialogue") in d.links_added
    assert d.links_ended == [("E", "W", "dialogue")]
    assert ("B", "D", "dialogue", "desired", "introduced") in d.status_changes
    assert d.links_by_status_before["desired"] == 1 and d.links_by_status_after["introduced"] == 1


def test_identical_snapshots_have_no_changes_and_metric_deltas():
    g = _g([("W", "A"), ("A", "B")])
    d = compare(g, g, metrics_before={"components": 3, "stage": "b"}, metrics_after={"components": 1, "stage": "c"})
    assert (d.actors_added, d.links_added, d.links_ended, d.found_each_other) == ([], [], [], [])
    assert d.metric_deltas == {"components": -2}
    assert d.to_dict()["metric_deltas"] == {"components": -2}


def test_store_snapshots_are_frozen_copies(tmp_path):
    s = Store(f"sqlite:///{tmp_path/'s.db'}")
    with s.uow() as uow:
        m = uow.maps.create("Genarp")
        w = uow.actors.add(m.id, name="Koordinator", is_weaver=True)
        a = uow.actors.add(m.id, name="Bibliotek")
        b = uow.actors.add(m.id, name="Fritidsgård")
        uow.links.add(w.id, a.id), uow.links.add(w.id, b.id)
        snap1 = uow.snapshots.take(m.id, "start", at=dt.datetime(2025, 1, 1))
        uow.links.add(a.id, b.id, kind="joint_activity")
        snap2 = uow.snapshots.take(m.id, "ett år senare", at=dt.datetime(2026, 1, 1))
        uow.commit()
        G1, G2 = uow.snapshots.graph(snap1.id), uow.snapshots.graph(snap2.id)
        assert [x.label for x in uow.snapshots.list(m.id)] == ["start", "ett år senare"]
        now = graph_from_maps(uow, [m.id])
    assert G1.number_of_edges() == 2 and G2.number_of_edges() == 3 == now.number_of_edges()
    assert compare(G1, G2).found_each_other == [("Bibliotek", "Fritidsgård")]
    s.dispose()
