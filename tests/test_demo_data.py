"""The fictional demo municipality (data/demo.json, written by data/make_demo.py).

Checks the file against its generator (determinism), the format the demo loader
expects, the privacy rules (fictional people, example.org only) and that each map
shows the structure of its intended weaving stage, measured with plain NetworkX on
active links (existing + introduced).
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from weaving.core.schema import ACTIVE_STATUSES, ACTOR_TYPES, LINK_KINDS, LINK_STATUSES, SECTORS

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo.json"
GENERATOR = ROOT / "data" / "make_demo.py"
COORD = "inkluderingskoordinator"

DATA = json.loads(DEMO.read_text(encoding="utf-8"))
MAPS = {m["name"]: m for m in DATA["maps"]}
BY_STAGE = {m["intended_stage"]: m for m in DATA["maps"]}


def active_graph(m: dict) -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(a["key"] for a in m["actors"])
    for ln in m["links"]:
        if ln["status"] in ACTIVE_STATUSES:
            G.add_edge(ln["source"], ln["target"])
    return G


def weavers(m: dict) -> list[str]:
    return [a["key"] for a in m["actors"] if a["is_weaver"]]


def without(G: nx.Graph, nodes) -> nx.Graph:
    H = G.copy()
    H.remove_nodes_from(nodes)
    return H


# --------------------------------------------------------------------------- file
def test_file_matches_generator_output(tmp_path):
    out = tmp_path / "demo.json"
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == DEMO.read_bytes(), "data/demo.json is stale: run data/make_demo.py"
    out2 = tmp_path / "again.json"
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out2)], check=True, capture_output=True)
    assert out2.read_bytes() == out.read_bytes()


def test_marked_fictional():
    assert DATA["fictional"] is True
    assert "påhittade" in DATA["notice"]["sv"].lower()
    assert "fictional" in DATA["notice"]["en"].lower()


def test_four_maps_one_per_stage():
    assert set(MAPS) == {"Dalby", "Veberöd", "Södra Sandby", "Genarp"}
    assert sorted(BY_STAGE) == ["a", "b", "c", "d"]


# --------------------------------------------------------------------------- actors
@pytest.mark.parametrize("name", sorted(MAPS))
def test_actors(name):
    m = MAPS[name]
    assert m["area"] and m["description"]
    assert 25 <= len(m["actors"]) <= 60
    keys = [a["key"] for a in m["actors"]]
    assert len(keys) == len(set(keys))
    assert len({a["name"].lower() for a in m["actors"]}) == len(keys)
    for a in m["actors"]:
        assert a["name"].strip() and a["description"].strip()
        assert a["type"] in ACTOR_TYPES, a
        assert a["sector"] in SECTORS, a
        assert isinstance(a["is_weaver"], bool)
        assert a["themes"] and all(isinstance(t, str) and t for t in a["themes"])
        assert a["target_groups"] and all(isinstance(t, str) and t for t in a["target_groups"])
        assert all(isinstance(t, str) and t for t in a["resources"])
        assert a["contacts"], a["key"]
    coord = next(a for a in m["actors"] if a["key"] == COORD)
    assert coord["is_weaver"]


def test_shared_actors_are_identical_and_names_do_not_collide():
    """The loader merges actors by name: same name must mean same key and same record."""
    seen: dict[str, dict] = {}
    for m in DATA["maps"]:
        for a in m["actors"]:
            other = seen.setdefault(a["name"].lower(), a)
            assert other == a, f"{a['name']!r} differs between maps"
    in_all = [n for n in seen if all(any(a["name"].lower() == n for a in m["actors"]) for m in DATA["maps"])]
    assert seen["inkluderingskoordinator, kultur och fritid"]["key"] == COORD
    assert len(in_all) <= 3  # only the municipality's own shared actors


def test_contacts_are_fictional():
    names: dict[str, str] = {}
    for m in DATA["maps"]:
        for a in m["actors"]:
            for c in a["contacts"]:
                assert set(c) == {"name", "role", "email", "phone"}
                assert c["phone"] == ""
                assert c["email"] == "" or c["email"].endswith("@example.org"), c
                assert len(c["name"].split()) == 2 and c["role"]
                assert names.setdefault(c["name"], a["key"]) == a["key"], f"{c['name']} used twice"


# --------------------------------------------------------------------------- links
def _date(text: str):
    return dt.date.fromisoformat(text) if text else None


@pytest.mark.parametrize("name", sorted(MAPS))
def test_links(name):
    m = MAPS[name]
    actors = {a["key"]: a for a in m["actors"]}
    seen = set()
    for ln in m["links"]:
        s, t = ln["source"], ln["target"]
        assert s in actors and t in actors and s != t, ln
        key = (frozenset((s, t)), ln["kind"])
        assert key not in seen, ln
        seen.add(key)
        assert ln["kind"] in LINK_KINDS and ln["status"] in LINK_STATUSES
        assert ln["strength"] in (1, 2, 3)
        assert isinstance(ln["directed"], bool) and isinstance(ln["place"], str) and ln["purpose"]
        start, end = _date(ln["start_date"]), _date(ln["end_date"])
        if start and end:
            assert start <= end
        if ln["status"] == "ended":
            assert end is not None
        if ln["status"] == "desired":
            assert not ln["carried_by"] and not ln["start_date"]
        contacts = {c["name"] for c in actors[s]["contacts"] + actors[t]["contacts"]}
        assert set(ln["carried_by"]) <= contacts, ln
    statuses = [ln["status"] for ln in m["links"]]
    assert statuses.count("desired") >= 2
    assert "introduced" in statuses and "ended" in statuses
    active = [ln for ln in m["links"] if ln["status"] in ACTIVE_STATUSES]
    assert any(len(ln["carried_by"]) == 1 for ln in active), "no person-bound link"
    assert any(ln["place"] for ln in active), "no place-bound link"
    funding = [ln for ln in m["links"] if ln["kind"] in ("funding", "iop") and ln["directed"]]
    assert funding and all(actors[ln["source"]]["type"] == "municipal_unit" for ln in funding)


@pytest.mark.parametrize("name", sorted(MAPS))
def test_challenges(name):
    m = MAPS[name]
    keys = {a["key"] for a in m["actors"]}
    assert 2 <= len(m["challenges"]) <= 4
    for ch in m["challenges"]:
        assert ch["text"].strip() and ch["themes"] and ch["actors"]
        assert set(ch["actors"]) <= keys


# --------------------------------------------------------------------------- stages
def test_stage_a_scattered_clusters():
    m = BY_STAGE["a"]
    G = active_graph(m)
    comps = sorted(nx.connected_components(G), key=len, reverse=True)
    assert len(comps) >= 3
    assert len(comps[0]) < 0.6 * G.number_of_nodes()
    # clusters are dense inside: at least three components with 4+ actors
    assert sum(1 for c in comps if len(c) >= 4) >= 3
    # the weaver is attached to at most one cluster
    coord_comp = nx.node_connected_component(G, COORD)
    assert len(coord_comp) < 0.6 * G.number_of_nodes()


def test_stage_b_hub_and_spoke():
    m = BY_STAGE["b"]
    G = active_graph(m)
    assert nx.is_connected(G)
    assert nx.number_connected_components(without(G, weavers(m))) >= 3
    assert nx.number_connected_components(without(G, [COORD])) >= 3
    only_coord = [v for v in G if set(G[v]) == {COORD}]
    assert len(only_coord) >= 2
    bc = nx.betweenness_centrality(G)
    assert max(bc, key=bc.get) == COORD


def test_stage_c_multi_hub():
    m = BY_STAGE["c"]
    G = active_graph(m)
    assert nx.is_connected(G)
    assert nx.number_connected_components(without(G, [COORD])) <= 2
    bc = nx.betweenness_centrality(G)
    assert bc[COORD] >= 0.8 * max(bc.values())
    assert any(w != COORD for w in weavers(m)), "no emerging local weaver"


def test_stage_d_weaver_steps_back():
    m = BY_STAGE["d"]
    G = active_graph(m)
    assert nx.is_connected(G)
    assert nx.is_connected(without(G, [COORD]))
    assert not [v for v in G if set(G[v]) == {COORD}]
    bc = nx.betweenness_centrality(G)
    assert max(bc, key=bc.get) != COORD
    core = nx.core_number(G)
    k = max(core.values())
    assert k >= 3
    local_weavers = [w for w in weavers(m) if w != COORD]
    assert sum(1 for w in local_weavers if core[w] == k) >= 3
    assert nx.density(G) < 0.5


def test_coordinator_brokerage_falls_through_the_stages():
    share = {}
    for stage in "bcd":
        bc = nx.betweenness_centrality(active_graph(BY_STAGE[stage]))
        share[stage] = bc[COORD] / sum(bc.values())
    assert share["b"] > share["c"] > share["d"]
