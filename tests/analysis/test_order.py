"""The same map gives the same answer whatever order its nodes and links are listed in
(issue 20): the link model samples and breaks ties in the map's canonical order
(``prepared.canonical_order``), so shuffling the nodes and the links of a graph big
enough for sampled negatives changes no ranking, no score and no analysis."""
import json

import networkx as nx
import numpy as np

from weaving.analysis import analyse, missing_links, score_pairs, suggest_introductions
from weaving.analysis.prepared import canonical_order, prepare
from weaving.analysis.training import ALL_PAIRS_MAX, training_set

from analysis_graphs import planted


def _named(n=200, seed=3):
    """A planted map with names for ids (not in name order) and a marked weaver."""
    G = planted(n=n, groups=5, seed=seed)
    rng = np.random.default_rng(seed)
    names = {u: f"{['Förening', 'Studieförbund', 'Kyrka', 'Idrottsklubb'][u % 4]} {int(rng.integers(1e6))}-{u}"
             for u in G}
    G = nx.relabel_nodes(G, names)
    for u in G:
        G.nodes[u]["label"] = u
    G.nodes[names[7]]["is_weaver"] = True
    return G


def _shuffled(G, seed, multi=False):
    rng = np.random.default_rng(seed)
    nodes = list(G.nodes(data=True))
    edges = list(G.edges(data=True))
    H = nx.MultiGraph() if multi else nx.Graph()
    H.add_nodes_from(nodes[i] for i in rng.permutation(len(nodes)))
    for i in rng.permutation(len(edges)):
        u, v, d = edges[i]
        H.add_edge(*((v, u) if rng.random() < 0.5 else (u, v)), **d)
    return H


def _answers(G, seed=1):
    pairs = sorted(tuple(sorted(p, key=str)) for p in nx.non_edges(G))[::97]
    out = {
        "plain": [m.to_dict() for m in missing_links(G, top=25, seed=seed)],
        "scores": score_pairs(G, pairs, seed=seed).tolist(),
        "suggest": [s.to_dict() for s in suggest_introductions(G, top=12, seed=seed)],
        "outcomes": [m.to_dict() for m in missing_links(G, top=10, seed=seed, outcomes=[
            (pairs[0][0], pairs[0][1], 1), (pairs[3][0], pairs[3][1], 0)])],
        "analysis": analyse(G, seed=seed).to_dict("en"),
    }
    return json.dumps(out, sort_keys=True, default=str)


def test_shuffled_nodes_and_links_give_identical_rankings():
    G = _named()
    n, m = G.number_of_nodes(), G.number_of_edges()
    assert n * (n - 1) // 2 - m > ALL_PAIRS_MAX          # big enough: negatives are sampled
    want = _answers(G)
    for seed, multi in ((0, False), (1, True), (2, False)):
        assert _answers(_shuffled(G, seed, multi)) == want


def test_shuffled_integer_ids_give_identical_rankings():
    G = planted(n=180, groups=6, seed=5)
    assert _answers(_shuffled(G, 4)) == _answers(G)


def test_training_set_is_the_same_in_any_order():
    G = _named(n=160, seed=8)
    X, y, w, c = training_set(prepare(G), seed=2)
    X2, y2, w2, c2 = training_set(prepare(_shuffled(G, 9)), seed=2)
    assert c == c2 and np.array_equal(X, X2) and np.array_equal(y, y2) and np.array_equal(w, w2)


def test_canonical_order_is_by_name_key_and_number():
    G = nx.Graph()
    G.add_nodes_from([("x", {"label": "bo"}), (12, {}), ("y", {"label": "Åsa"}), (3, {}),
                      ("z", {"label": "Anna"}), ("w", {"label": "anna\u00a0b"})])
    assert canonical_order(G) == [3, 12, "z", "w", "x", "y"]
    assert canonical_order(_shuffled(G, 1)) == canonical_order(G)
