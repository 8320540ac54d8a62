import json

import networkx as nx
import numpy as np
import pytest

from weaving.analysis import (analyse, betweenness, bound_risks, find_brokers, find_clusters, missing_links,
                              plan_step_back, score_pairs, suggest_introductions, weaving_stage)
from weaving.analysis.candidates import iter_candidates
from weaving.analysis.clusters import _louvain_sparse, modularity
from weaving.analysis.features import pair_features, raw_scores
from weaving.analysis.prepared import prepare
from weaving.analysis.structure import _articulation, _core_numbers, local_structure
from weaving.analysis.training import fit_model
from weaving.core.errors import ValidationError
from weaving.i18n import catalogue, check_catalogue
from weaving.core.schema import active_simple_graph

from analysis_graphs import hub_and_spoke, planted


# ------------------------------------------------------------------ brokers
def test_betweenness_exact_matches_networkx():
    for G in (nx.karate_club_graph(), nx.les_miserables_graph(), nx.florentine_families_graph()):
        prep = prepare(G)
        res = betweenness(prep)
        ref = nx.betweenness_centrality(prep.H)
        assert res.exact and res.error_bound == 0
        assert max(abs(res.values[prep.index[u]] - ref[u]) for u in G) < 1e-9
        assert res.efficiency == pytest.approx(nx.global_efficiency(prep.H))


def test_sampled_betweenness_reports_bound_and_is_close():
    G = planted(300, 6)
    prep = prepare(G)
    res = betweenness(prep, k=100, seed=3)
    ref = nx.betweenness_centrality(G)
    err = max(abs(res.values[prep.index[u]] - ref[u]) for u in G)
    assert not res.exact and res.pivots == 100
    assert 0 < res.error_bound < 1 and err <= res.error_bound
    assert betweenness(prepare(G), k=100, seed=3).values.tolist() == res.values.tolist()


def test_constraint_and_effective_size_match_networkx():
    G = nx.les_miserables_graph()
    H = active_simple_graph(G)
    loc = local_structure(prepare(G))
    prep = prepare(G)
    c = nx.constraint(H, weight="weight")
    e = nx.effective_size(H)
    for u in H:
        assert loc["constraint"][prep.index[u]] == pytest.approx(c[u])
        assert loc["effective_size"][prep.index[u]] == pytest.approx(e[u])


def test_star_has_one_broker(star):
    br = find_brokers(star)
    assert br.with_role("broker") == [0]
    assert br.articulation_points == (0,)
    assert sorted(br.with_role("peripheral")) == [1, 2, 3, 4, 5]
    assert br.by_id()[0].role == "gatekeeper"


def test_two_triangles_bridge(two_triangles):
    br = find_brokers(two_triangles)
    assert [tuple(sorted(e)) for e in br.bridges] == [(2, 3)]
    assert br.local_bridges == ()
    assert sorted(br.articulation_points) == [2, 3]
    assert sorted(br.with_role("broker")) == [2, 3]


def test_bridges_match_networkx_on_random_graphs():
    for seed in range(5):
        G = nx.gnm_random_graph(80, 90, seed=seed)
        prep = prepare(G)
        br = find_brokers(prep)
        assert {frozenset(e) for e in br.bridges} == {frozenset(e) for e in nx.bridges(G)}
        lb = {frozenset((u, v)) for u, v, _ in nx.local_bridges(G)}
        assert {frozenset(e) for e in br.local_bridges} | {frozenset(e) for e in br.bridges} == lb


def test_roles_isolated_and_newcomer():
    G = nx.MultiGraph()
    G.add_edges_from([("a", "b"), ("b", "c"), ("a", "c")], status="existing")
    G.add_edge("c", "d", status="introduced")
    G.add_edge("a", "e", status="desired")
    G.add_edge("a", "f", status="ended")
    roles = find_brokers(G).by_id()
    assert roles["d"].role == "newcomer"
    assert roles["e"].role == "isolated" and roles["f"].role == "isolated"


# ------------------------------------------------------------------ clusters
def test_clusters_named_and_deterministic(stage_b_map):
    c1 = find_clusters(stage_b_map, seed=4)
    c2 = find_clusters(hub_and_spoke(), seed=4)
    assert c1.to_dict() == c2.to_dict()
    assert c1.modularity > 0.3
    names = [c.name.render("en") for c in c1.clusters]
    assert any("girls" not in n and "flickor" in n and "in Genarp" in n for n in names)
    assert "i Genarp" in c1.clusters[0].name.render("sv")


def test_sparse_louvain_quality_and_determinism():
    G = planted(1500, 15, seed=2)
    prep = prepare(G)
    a = _louvain_sparse(prep.W, 7)
    b = _louvain_sparse(prep.W, 7)
    assert a.tolist() == b.tolist()
    ref = nx.community.modularity(G, nx.community.louvain_communities(G, seed=0))
    assert modularity(prep.W, a) >= ref - 0.02


# ------------------------------------------------------------------ stage
def test_stage_b_hub_and_spoke(stage_b_map):
    st = weaving_stage(stage_b_map)
    assert st.stage == "b"
    d = st.dependence
    assert d.weavers == ("W",) and d.weaver_source == "marked"
    assert d.components == 1 and d.components_without_weaver == 5
    assert sorted(d.dependent) == ["x1", "x2"]
    assert d.weaver_share > 0.4 and d.cut_off > 0.5
    assert any("cut off" in m.render("en") for m in st.evidence)


def test_stage_a_scattered_and_d():
    G = nx.disjoint_union_all([nx.complete_graph(4) for _ in range(4)])
    assert weaving_stage(G).stage == "a"
    # weaver plus a ring of hubs with peripheries: d
    H = nx.Graph()
    hubs = ["h0", "h1", "h2", "h3"]
    H.add_edges_from([("h0", "h1"), ("h1", "h2"), ("h2", "h3"), ("h3", "h0"), ("h0", "h2")])
    for h in hubs:
        H.add_edge("W", h)
        for k in range(4):
            H.add_edge(h, f"{h}p{k}")
        H.add_edge(f"{h}p0", f"{h}p1")
    H.nodes["W"]["is_weaver"] = "true"
    st = weaving_stage(H)
    assert st.stage == "d", [m.render() for m in st.evidence]


def test_complete_graph_is_not_the_goal():
    st = weaving_stage(nx.complete_graph(10), weaver=0)
    assert st.stage != "d"
    assert any(m.key == "analysis.evidence.dense" for m in st.evidence)


def test_weaver_fallback_and_invalid_weaver(star):
    st = weaving_stage(star)
    assert st.dependence.weavers == (0,) and st.dependence.weaver_source == "fallback"
    with pytest.raises(ValidationError) as ei:
        weaving_stage(star, weaver="nobody")
    assert ei.value.key == "analysis.error.unknown_weaver"
    assert "nobody" in ei.value.message("sv") and "nobody" in ei.value.message("en")
    with pytest.raises(ValidationError):
        plan_step_back(star, weaver=99)
    with pytest.raises(ValidationError):
        suggest_introductions(star, weaver=["0", "zz"])
    # string id matches an int node (files give strings)
    assert weaving_stage(star, weaver="0").dependence.weavers == (0,)


# ------------------------------------------------------------------ empty / disconnected
@pytest.mark.parametrize("G", [nx.Graph(), nx.empty_graph(1), nx.empty_graph(5), nx.MultiDiGraph(),
                               nx.disjoint_union(nx.path_graph(3), nx.empty_graph(4))])
def test_degenerate_maps_do_not_crash(G):
    a = analyse(G)
    json.dumps(a.to_dict("sv"))
    json.dumps([s.to_dict() for s in suggest_introductions(G)])
    json.dumps(plan_step_back(G).to_dict())
    missing_links(G)
    assert a.stage.stage == "a"


def test_disconnected_planted_graph_path_metrics():
    G = nx.disjoint_union(planted(60, 3, 1), planted(60, 3, 2))
    st = weaving_stage(G)
    assert 0 < st.dependence.efficiency < 1 and st.dependence.avg_path > 1
    assert st.dependence.components >= 2


def _random_graphs():
    rng = np.random.default_rng(7)
    out = [nx.path_graph(300), nx.star_graph(12), nx.karate_club_graph(), nx.les_miserables_graph(),
           nx.barbell_graph(6, 4), nx.empty_graph(4), nx.Graph([(0, 1)])]
    for s in range(60):
        G = nx.gnp_random_graph(int(rng.integers(3, 90)), float(rng.uniform(0.01, 0.2)), seed=s)
        if s % 3 == 0:
            G = nx.disjoint_union(G, nx.random_labeled_tree(int(rng.integers(2, 25)), seed=s))
        out.append(G)
    return out


def test_core_numbers_and_cut_points_match_networkx():
    for G in _random_graphs():
        prep = prepare(nx.Graph(G))
        core = nx.core_number(prep.H)
        assert list(_core_numbers(prep.A)) == [core[u] for u in prep.nodes]
        ref = sorted(prep.index[u] for u in nx.articulation_points(prep.H))
        assert list(_articulation(prep.A)) == ref


# ------------------------------------------------------------------ link prediction
def test_candidate_features_consistent(planted_graph):
    prep = prepare(planted_graph)
    total = 0
    for us, vs, F in iter_candidates(prep):
        assert np.allclose(F, pair_features(prep, us, vs))
        assert not np.any(np.asarray(prep.A[us, vs]).ravel())
        assert np.all(us < vs)
        total += len(us)
    assert 0 < total < prep.n * (prep.n - 1) / 2


def test_capped_candidates_keep_each_actors_best_partners(planted_graph):
    prep = prepare(planted_graph)
    cap = 5
    full = {}
    for us, vs, F in iter_candidates(prep):
        full.update({(u, v): f for u, v, f in zip(us.tolist(), vs.tolist(), F[:, 1].tolist()) if f > 0})
    best = {}
    for (u, v), ra in full.items():
        best.setdefault(u, []).append(ra)
        best.setdefault(v, []).append(ra)
    thr = {u: sorted(r)[-cap] if len(r) > cap else 0.0 for u, r in best.items()}
    always = lambda a, b: (a + b) % 11 == 0
    got = set()
    for us, vs, F in iter_candidates(prep, cap=cap, always=always, chunk_nnz=2_000):
        assert np.all(us < vs)
        assert np.allclose(F, pair_features(prep, us, vs))
        for u, v, c in zip(us.tolist(), vs.tolist(), F[:, 0].tolist()):
            if c > 0:
                assert (u, v) not in got
                got.add((u, v))
    want = {(u, v) for (u, v), ra in full.items()
            if ra >= min(thr[u], thr[v]) - 1e-12 or (u + v) % 11 == 0}
    assert len(got ^ want) <= 2          # float noise exactly at a cut
    assert len(got) < len(full)


def test_ra_scorer_keeps_ra_order_and_breaks_ties():
    G = nx.karate_club_graph()
    prep = prepare(nx.Graph(G.edges()))
    us, vs = np.triu_indices(prep.n, 1)
    keep = np.asarray(prep.A[us, vs]).ravel() == 0
    us, vs = us[keep].astype(np.int64), vs[keep].astype(np.int64)
    F = pair_features(prep, us, vs)
    pairs = [(prep.nodes[i], prep.nodes[j]) for i, j in zip(us.tolist(), vs.tolist())]
    ref = np.array([s for _, _, s in nx.resource_allocation_index(prep.H, pairs)])
    z = raw_scores("ra", F)
    r = np.round(ref, 9)
    order = np.argsort(-z, kind="stable")
    assert np.all(np.diff(r[order]) <= 1e-9)          # never against RA's order
    tie = r[order][1:] == r[order][:-1]
    jac = F[order, 3]
    assert np.all(jac[1:][tie] <= jac[:-1][tie] + 1e-12)   # RA ties: higher Jaccard first
    model = fit_model(prep)
    if model.scorer == "ra":
        p = model.predict(F)
        assert np.all(np.diff(r[np.argsort(-p, kind="stable")]) <= 1e-9)


def test_missing_links_reasons_and_desired():
    G = hub_and_spoke()
    G.add_edge("g1", "n1", kind="dialogue", status="desired")
    out = missing_links(G, top=5)
    assert out and all(m.reason("en") for m in out)
    assert ("g1", "n1") in {(m.source, m.target) for m in out} | {(m.target, m.source) for m in out}
    p_des, p_other = score_pairs(G, [("g1", "n1"), ("g2", "n2")])
    assert p_des > p_other
    desired = [m for m in out if {m.source, m.target} == {"g1", "n1"}][0]
    assert "wanted" in desired.reason("en") and "önskad" in desired.reason("sv")


def test_shared_interest_reason():
    G = nx.Graph()
    G.add_node("a", label="Genarp youth club", themes="kultur;dans", target_groups="flickor", area="Genarp")
    G.add_node("b", label="Dance association", themes=["kultur"], target_groups=["flickor"], area="Genarp")
    G.add_node("lib", label="Dalby library")
    G.add_edges_from([("a", "lib"), ("b", "lib")])
    G.add_edges_from([("lib", f"o{k}") for k in range(10)])
    G.add_edges_from([(f"o{k}", f"o{k + 1}") for k in range(9)])
    m = [x for x in missing_links(G, top=100) if {x.source, x.target} == {"a", "b"}][0]
    assert m.reason("en") == "Both work with flickor and kultur in Genarp; both already know Dalby library."


# ------------------------------------------------------------------ introductions
def test_suggestions_are_weaving_aware(stage_b_map):
    sug = suggest_introductions(stage_b_map, top=8)
    assert len(sug) == 8
    load = {}
    for s in sug:
        assert "W" not in (s.source, s.target)
        assert s.mode in ("close_triangles", "bridge_clusters", "bypass_weaver") and s.reason()
        for x in (s.source, s.target):
            load[x] = load.get(x, 0) + 1
    assert max(load.values()) <= 2          # ceil(8/4): nobody gets most of them
    assert sum(s.mode == "bypass_weaver" for s in sug) >= 4   # stage b: mostly bypass
    by_mode = suggest_introductions(stage_b_map, top=3, mode="close_triangles")
    assert all(s.mode == "close_triangles" for s in by_mode)


def test_suggestions_do_not_recentralise(stage_b_map):
    H = active_simple_graph(stage_b_map)
    k = 6
    ours = suggest_introductions(stage_b_map, top=k)
    plain = sorted(nx.resource_allocation_index(H), key=lambda t: (-t[2], str(t[0]), str(t[1])))[:k]

    def share(edges):
        G2 = H.copy()
        G2.add_edges_from(edges)
        bc = nx.betweenness_centrality(G2)
        return bc["W"] / sum(bc.values())

    assert any("W" in (u, v) for u, v, _ in plain)
    assert share([(s.source, s.target) for s in ours]) < share([(u, v) for u, v, _ in plain]) - 0.1


def test_exclude_and_determinism(planted_graph):
    a = suggest_introductions(planted_graph, top=10, seed=5)
    b = suggest_introductions(planted.__wrapped__() if hasattr(planted, "__wrapped__") else planted(), top=10, seed=5)
    assert [s.to_dict() for s in a] == [s.to_dict() for s in b]
    ex = {(a[0].source, a[0].target), (a[1].target, a[1].source)}
    c = suggest_introductions(planted_graph, top=10, seed=5, exclude=ex)
    got = {frozenset((s.source, s.target)) for s in c}
    assert not got & {frozenset(p) for p in ex}
    assert analyse(planted_graph, seed=2).to_dict() == analyse(planted(), seed=2).to_dict()


def test_invalid_mode(star):
    with pytest.raises(ValidationError):
        suggest_introductions(star, mode="nonsense")


# ------------------------------------------------------------------ step-back plan
def test_plan_reconnects_stage_b(stage_b_map):
    plan = plan_step_back(stage_b_map, "W")
    assert plan.stage_before == "b"
    assert plan.lower_bound == 4 and plan.length == 4 and plan.goal_reached
    G2 = active_simple_graph(stage_b_map)
    for s in plan.steps:
        assert "W" not in (s.source, s.target) and s.reason()
        G2.add_edge(s.source, s.target)
    G2.remove_node("W")
    assert nx.is_connected(G2)
    assert plan.steps[-1].components_without_weaver == 1 and plan.steps[-1].dependent == 0
    assert [s.components_without_weaver for s in plan.steps] == [4, 3, 2, 1]
    assert plan.stage_after in ("c", "d")
    assert plan.to_dict() == plan_step_back(hub_and_spoke(), "W").to_dict()


def test_plan_on_generated_graph_within_bound():
    G = planted(120, 6, 3)
    hub = "hub"
    for g in range(6):   # weaver knows one member of each group; groups cut from each other
        G.add_edge(hub, g * 20)
    G.remove_edges_from([(u, v) for u, v in list(G.edges()) if hub not in (u, v) and u // 20 != v // 20])
    plan = plan_step_back(G, weaver=hub)
    assert plan.length <= plan.lower_bound * 1.2 and plan.goal_reached


# ------------------------------------------------------------------ risks
def test_person_and_place_bound():
    G = nx.MultiGraph()
    G.add_edge("a", "b", kind="dialogue", carried_by=["Anna"])
    G.add_edge("a", "c", kind="joint_activity", carried_by="Anna", place="Dalby bibliotek")
    G.add_edge("b", "c", kind="dialogue", carried_by=["Anna", "Bo"])
    G.add_edge("c", "d", kind="dialogue", carried_by=["Bo"], status="ended")
    r = bound_risks(G)
    assert len(r.links) == 2
    assert {x.id for x in r.actors if x.person} == {"a"}
    assert "Anna" in r.actors[0].msg().render("sv")


# ------------------------------------------------------------------ i18n
def test_catalogue_complete():
    assert check_catalogue() == []
    cat = catalogue()
    import re
    from pathlib import Path

    src = "".join(p.read_text() for p in Path("weaving/analysis").glob("*.py"))
    for key in set(re.findall(r'"(analysis\.[a-z_]+\.[a-z_]+)"', src)):
        assert key in cat, key


# ------------------------------------------------------------------ several weavers / demo maps
@pytest.fixture(scope="module")
def demo_graphs(tmp_path_factory):
    """The demo maps exactly as the app and `weaving analyse --map` see them (store + bridge)."""
    from weaving.store.demo import load_demo, load_demo_data
    from weaving.store import Store, graph_from_maps

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('demo')}/d.db")
    load_demo(store)
    out = {}
    with store.uow() as uow:
        for spec in load_demo_data()["maps"]:
            out[spec["name"]] = (graph_from_maps(uow, [uow.maps.by_name(spec["name"]).id]), spec["intended_stage"])
    store.dispose()
    return out


def test_demo_maps_have_their_intended_stage(demo_graphs):
    from analysis_graphs import demo_maps

    got = {name: weaving_stage(G).stage for name, (G, _) in demo_graphs.items()}
    assert got == {"Genarp": "a", "Veberöd": "b", "Södra Sandby": "c", "Dalby": "d"}
    assert got == {name: want for name, (_, want) in demo_graphs.items()}
    # the same from the plain JSON (no database)
    assert {name: weaving_stage(G).stage for name, (G, _) in demo_maps().items()} == got


def test_dalby_several_weavers_measured_one_by_one(demo_graphs):
    G, _ = demo_graphs["Dalby"]
    st = weaving_stage(G)
    d = st.dependence
    assert len(d.weavers) >= 5 and d.weaver_source == "marked"
    # all weavers removed together would split the map, yet no single one does
    assert d.components_without_all > 1
    assert d.components_without_weaver == 1 and d.cut_off == 0 and d.dependent == ()
    assert d.weaver_share <= 0.25 < d.combined_share
    assert len(d.per_weaver) == len(d.weavers)
    assert d.weaver_share == max(p["share"] for p in d.per_weaver)
    central = G.nodes[d.central_weaver]["label"]
    en = [m.render("en") for m in st.evidence]
    sv = [m.render("sv") for m in st.evidence]
    assert any(central in t and "depends most on" in t for t in en)
    assert any(central in t and "mest beroende av" in t for t in sv)
    assert any("without any one of the weavers" in t for t in en)
    assert any(t.startswith("hubs in the core besides " + central) for t in en)
    emerging = [G.nodes[u]["label"] for u in d.emerging]
    assert emerging and any(all(e in t for e in emerging) and "emerging weavers" in t for t in en)


def test_sandby_central_weaver_and_singular_grammar(demo_graphs):
    G, _ = demo_graphs["Södra Sandby"]
    st = weaving_stage(G)
    d = st.dependence
    assert st.stage == "c" and len(d.weavers) == 2 and len(d.dependent) == 1
    coord = [u for u in d.weavers if "koordinator" in G.nodes[u]["label"].lower()][0]
    assert d.central_weaver == coord
    en = " | ".join(m.render("en") for m in st.evidence)
    sv = " | ".join(m.render("sv") for m in st.evidence)
    assert "1 actor is tied only to" in en and "1 actors" not in en
    assert "1 aktör är bara kopplad till" in sv and "1 aktörer" not in sv
    # a name containing a comma and "och" is quoted so the sentence stays readable
    assert "\u201cInkluderingskoordinator, kultur och fritid\u201d" in en
    assert "\u201dInkluderingskoordinator, kultur och fritid\u201d" in sv


def test_plan_step_back_on_veberod_reaches_the_goal(demo_graphs):
    G, _ = demo_graphs["Veberöd"]
    plan = plan_step_back(G)
    assert plan.stage_before == "b" and plan.goal_reached
    assert plan.lower_bound == 8 and plan.lower_bound <= plan.length <= plan.lower_bound + 5
    assert plan.stage_after in ("c", "d")
    H = active_simple_graph(G)
    H.add_edges_from((s.source, s.target) for s in plan.steps)
    w = plan.weavers[0]
    assert all(w not in (s.source, s.target) and s.reason("sv") for s in plan.steps)
    H.remove_node(w)
    assert nx.is_connected(H)
    # nothing to do on Dalby: no single weaver is needed any more
    dalby = plan_step_back(demo_graphs["Dalby"][0])
    assert dalby.goal_reached and dalby.length == 0 and dalby.stage_after == "d"


def test_plan_with_several_weavers_survives_each_one():
    # two weavers, each the only link to its own pair of groups
    G = nx.Graph()
    for g in range(4):
        G.add_edges_from([(f"{g}a", f"{g}b"), (f"{g}b", f"{g}c"), (f"{g}a", f"{g}c")])
    G.add_edges_from([("W1", "0a"), ("W1", "1a"), ("W2", "2a"), ("W2", "3a"), ("W1", "W2"), ("W1", "solo")])
    for w in ("W1", "W2"):
        G.nodes[w]["is_weaver"] = True
    st = weaving_stage(G)
    assert st.stage == "b" and st.dependence.dependent == ("solo",)
    plan = plan_step_back(G)
    assert plan.goal_reached and plan.lower_bound == 3   # without W1: groups 0, 1, "solo" and the rest
    H = G.copy()
    H.add_edges_from((s.source, s.target) for s in plan.steps)
    for w in ("W1", "W2"):
        assert all(w not in (s.source, s.target) for s in plan.steps)
        H2 = H.copy()
        H2.remove_node(w)
        assert nx.is_connected(H2), w


def test_marked_weavers_in_a_complete_graph_are_not_the_goal():
    G = nx.complete_graph(8)
    for u in range(4):
        G.nodes[u]["is_weaver"] = True
    st = weaving_stage(G)
    assert st.stage != "d" and len(st.dependence.weavers) == 4


def test_plural_variants_exist_for_counted_messages():
    from weaving.analysis.messages import COUNT_PARAM, Msg

    cat = catalogue()
    for key, param in COUNT_PARAM.items():
        assert key in cat and key + "_one" in cat, key
    assert Msg("analysis.evidence.dependent", {"count": 1}).render("en") == "1 actor is tied only to the weaver"
    assert Msg("analysis.evidence.dependent", {"count": 2}).render("en") == "2 actors are tied only to the weaver"
    assert Msg("analysis.evidence.no_links", {"actors": 1}).render("sv") == "1 aktör men inga aktiva länkar"
    G = nx.MultiGraph()
    G.add_edge("a", "b", carried_by=["Anna"])
    assert bound_risks(G).actors[0].msg().render("en") == "the only link to a goes through Anna"
