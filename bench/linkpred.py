"""Link-prediction evaluation: hold out 10 % of links over many seeded splits.

For each graph NetworkX ships (karate club, Les Misérables, Florentine families,
Davis southern women projected onto the women) and each split: remove 10 % of the
links at random (seeded), score every unlinked pair of the remaining graph with
our model (``weaving.analysis.score_pairs``, fitted on the remaining graph) and
with the classic heuristics, then report
  * AUC: held-out links vs. true non-links (Mann-Whitney, ties count 1/2);
  * precision@L: share of held-out links among the L top-ranked pairs,
    L = number of held-out links (ties broken at random, seeded, same for all).

    .venv/bin/python bench/linkpred.py [--splits 50]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from weaving.analysis import score_pairs  # noqa: E402


def graphs() -> dict:
    B = nx.davis_southern_women_graph()
    women = [n for n, d in B.nodes(data=True) if d["bipartite"] == 0]
    plain = lambda G: nx.Graph(nx.Graph(G).edges())  # noqa: E731  (structure only)
    return {
        "karate": plain(nx.karate_club_graph()),
        "lesmis": plain(nx.les_miserables_graph()),
        "florentine": plain(nx.florentine_families_graph()),
        "davis_women": plain(nx.bipartite.projected_graph(B, women)),
    }


def heuristics(G: nx.Graph, pairs):
    out = {}
    out["common_neighbours"] = np.array([len(list(nx.common_neighbors(G, u, v))) for u, v in pairs], float)
    out["jaccard"] = np.array([s for _, _, s in nx.jaccard_coefficient(G, pairs)])
    out["adamic_adar"] = np.array([s for _, _, s in nx.adamic_adar_index(G, pairs)])
    out["resource_allocation"] = np.array([s for _, _, s in nx.resource_allocation_index(G, pairs)])
    return out


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    from scipy.stats import rankdata

    r = rankdata(np.concatenate([pos, neg]))
    return float((r[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def precision_at_l(scores: np.ndarray, is_pos: np.ndarray, tie: np.ndarray) -> float:
    L = int(is_pos.sum())
    order = np.lexsort((tie, -scores))[:L]
    return float(is_pos[order].mean())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--splits", type=int, default=50)
    ap.add_argument("--frac", type=float, default=0.1)
    a = ap.parse_args(argv)
    methods = ["ours", "common_neighbours", "jaccard", "adamic_adar", "resource_allocation"]
    print(f"{'graph':<12} {'method':<20} {'AUC':>13} {'P@L':>13}   ({a.splits} splits, {int(a.frac*100)} % held out)")
    ok_all = True
    for name, G in graphs().items():
        edges = sorted(tuple(sorted(e, key=str)) for e in G.edges())
        res = {m: {"auc": [], "p": []} for m in methods}
        t0 = time.perf_counter()
        for s in range(a.splits):
            rng = np.random.default_rng(s)
            k = max(1, int(round(a.frac * len(edges))))
            held_idx = set(rng.choice(len(edges), k, replace=False).tolist())
            held = [edges[i] for i in sorted(held_idx)]
            train = nx.Graph()
            train.add_nodes_from(G.nodes(data=True))
            train.add_edges_from(e for i, e in enumerate(edges) if i not in held_idx)
            pairs = sorted((tuple(sorted(p, key=str)) for p in nx.non_edges(train)), key=str)
            heldset = {frozenset(e) for e in held}
            is_pos = np.array([frozenset(p) in heldset for p in pairs])
            scores = heuristics(train, pairs)
            scores["ours"] = score_pairs(train, pairs, seed=s)
            tie = rng.random(len(pairs))
            for m in methods:
                sc = scores[m]
                res[m]["auc"].append(auc(sc[is_pos], sc[~is_pos]))
                res[m]["p"].append(precision_at_l(sc, is_pos, tie))
        best_classic = max(np.mean(res[m]["p"]) for m in methods[1:])
        for m in methods:
            au, p = np.array(res[m]["auc"]), np.array(res[m]["p"])
            flag = ""
            if m == "ours":
                flag = "  >= best classic" if p.mean() >= best_classic - 1e-12 else f"  < best classic ({best_classic:.3f})"
                ok_all &= p.mean() >= best_classic - 1e-12
            print(f"{name:<12} {m:<20} {au.mean():.3f}±{au.std():.3f} {p.mean():.3f}±{p.std():.3f}{flag}")
        print(f"{'':<12} ({time.perf_counter() - t0:.1f} s)")
    print("target met on every graph" if ok_all else "target NOT met on every graph")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
