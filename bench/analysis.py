"""Speed benchmark: full analysis vs. plain NetworkX on planted-partition maps.

Graphs: planted partition (groups of ~100 actors; each actor ~16 links inside
its group and ~4 outside, i.e. ~10 links per actor -> 10k actors ~ 100k links),
with themes / target groups / area attributes that follow the groups.

First the pipeline as the app and the CLI run it (``pipe``: analyse, top-50
suggestions, step-back plan on ONE prepared graph, so one Louvain run and one
betweenness; wall and CPU seconds), then its steps one by one (``ours``, also sharing
one prepared graph): prepare, clusters, betweenness, constraint+effective size, bridges +
articulation points + cores, roles, stage, risks, suggestions (link model fitted
on the map + scoring of the candidate pairs + weaving selection; above 2,000
actors the 2-hop candidates are capped to each actor's 50 best partners by
resource allocation, see ``suggest.CANDIDATE_CAP``, so at 10k the "adamic_adar
2-hop" ratio compares NetworkX scoring *every* 2-hop pair with our whole
suggestion step).  Plain NetworkX in the same run:
betweenness (exact up to 2000 actors, else k=256 pivots like ours),
adamic_adar_index over all 2-hop pairs, constraint, louvain_communities.

    .venv/bin/python bench/analysis.py --sizes 300,2000,10000 [--nx-max 10000]
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from itertools import combinations
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from weaving.analysis import (analyse, bound_risks, find_brokers, find_clusters, plan_step_back,  # noqa: E402
                              suggest_introductions, weaving_stage)
from weaving.analysis.centrality import betweenness  # noqa: E402
from weaving.analysis.prepared import prepare  # noqa: E402
from weaving.analysis.structure import (articulation_points, bridges_and_local, core_numbers,  # noqa: E402
                                        local_structure)

THEMES = ["kultur", "idrott", "språk", "läxhjälp", "musik", "natur", "dans", "mat", "spel", "konst"]
GROUPS = ["unga", "seniorer", "nyanlända", "flickor", "familjer", "barn"]
AREAS = ["Dalby", "Veberöd", "Södra Sandby", "Genarp", "Lund C", "Linero", "Klostergården", "Norra Fäladen"]


def planted(n: int, seed: int = 0, group: int = 100, k_in: float = 8, k_out: float = 2) -> nx.Graph:
    """Fast planted partition: expected k_in links inside the group and k_out outside per actor
    (k_in/k_out count each link once per endpoint, so mean degree = 2*(k_in+k_out)/... ~ 20)."""
    rng = np.random.default_rng(seed)
    g = np.arange(n) // group
    ng = g.max() + 1
    m_in = int(n * k_in)
    m_out = int(n * k_out)
    u = rng.integers(0, n, m_in)
    v = g[u] * group + rng.integers(0, group, m_in)
    v = np.minimum(v, n - 1)
    u2 = rng.integers(0, n, m_out)
    v2 = rng.integers(0, n, m_out)
    U = np.concatenate([u, u2])
    V = np.concatenate([v, v2])
    keep = U != V
    G = nx.Graph()
    for i in range(n):
        gi = int(g[i])
        G.add_node(str(i), label=f"Actor {i}", area=AREAS[gi % len(AREAS)],
                   themes=[THEMES[gi % len(THEMES)], THEMES[(gi * 7 + i) % len(THEMES)]],
                   target_groups=[GROUPS[gi % len(GROUPS)]], type="association")
    G.add_edges_from(zip(U[keep].astype(str).tolist(), V[keep].astype(str).tolist()))
    _ = ng
    G.nodes["0"]["is_weaver"] = True
    return G


def timed(fn):
    t = time.perf_counter()
    r = fn()
    return time.perf_counter() - t, r


def pipeline(G) -> dict:
    """What the app and the CLI run for a map, sharing ONE prepared graph: clusters,
    brokers, stage and risks (analyse), the top-50 introductions and the step-back plan.
    Returns wall and CPU seconds per step."""
    T: dict = {}
    c0 = time.process_time()
    t0 = time.perf_counter()
    prep = prepare(G)
    T["prepare"] = time.perf_counter() - t0
    t = time.perf_counter()
    analyse(prep)
    T["analyse"] = time.perf_counter() - t
    t = time.perf_counter()
    suggest_introductions(prep, top=50)
    T["suggest top-50"] = time.perf_counter() - t
    t = time.perf_counter()
    plan_step_back(prep)
    T["step-back plan"] = time.perf_counter() - t
    T["PIPELINE wall"] = time.perf_counter() - t0
    T["PIPELINE CPU"] = time.process_time() - c0
    return T


def ours(G) -> dict:
    T = {}
    T["prepare"], prep = timed(lambda: prepare(G))
    T["clusters"], _ = timed(lambda: find_clusters(prep))
    T["betweenness"], _ = timed(lambda: betweenness(prep))
    T["constraint+esize"], _ = timed(lambda: local_structure(prep))
    T["bridges+cut points+cores"], _ = timed(lambda: (bridges_and_local(prep), articulation_points(prep), core_numbers(prep)))
    T["roles"], _ = timed(lambda: find_brokers(prep))
    T["stage"], _ = timed(lambda: weaving_stage(prep))
    T["risks"], _ = timed(lambda: bound_risks(prep))
    T["suggestions"], _ = timed(lambda: suggest_introductions(prep, top=10))
    T["TOTAL"] = sum(T.values())
    return T


def plain_nx(G, skip_constraint: bool) -> dict:
    T = {}
    n = G.number_of_nodes()
    k = None if n <= 2000 else 256
    T["betweenness"], _ = timed(lambda: nx.betweenness_centrality(G, k=k, seed=0))
    pairs = set()
    for v in G:
        for a, b in combinations(G[v], 2):
            if not G.has_edge(a, b):
                pairs.add((a, b) if a < b else (b, a))
    pairs = sorted(pairs)
    T["adamic_adar 2-hop"], _ = timed(lambda: list(nx.adamic_adar_index(G, pairs)))
    if not skip_constraint:
        T["constraint"], _ = timed(lambda: nx.constraint(G))
    T["louvain"], _ = timed(lambda: nx.community.louvain_communities(G, seed=0))
    T["_pairs"] = len(pairs)
    return T


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="300,2000,10000")
    ap.add_argument("--nx-max", type=int, default=10000, help="skip plain NetworkX above this size")
    a = ap.parse_args(argv)
    ours(planted(60, seed=1))   # warm up imports (sklearn, scipy.optimize) outside the timings
    pipeline(planted(60, seed=1))
    for n in [int(x) for x in a.sizes.split(",")]:
        t0 = time.perf_counter()
        G = planted(n)
        print(f"\n== {n} actors, {G.number_of_edges()} links (generated in {time.perf_counter() - t0:.1f} s)")
        P = pipeline(G)
        for k, v in P.items():
            print(f"  pipe  {k:<26} {v:8.3f} s")
        T = ours(G)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for k, v in T.items():
            print(f"  ours  {k:<26} {v:8.3f} s")
        print(f"  peak RSS so far: {rss:.0f} MB")
        if n <= a.nx_max:
            N = plain_nx(G, skip_constraint=False)
            mine = {"betweenness": T["betweenness"], "adamic_adar 2-hop": T["suggestions"],
                    "constraint": T["constraint+esize"], "louvain": T["clusters"]}
            print(f"  plain NetworkX ({N.pop('_pairs')} 2-hop pairs)          nx s    ours s   ratio")
            tot_nx = tot_us = 0.0
            for k, v in N.items():
                print(f"  nx    {k:<26} {v:8.3f}  {mine[k]:8.3f}  {v / max(mine[k], 1e-9):6.1f}x")
                if k != "louvain":
                    tot_nx += v
                    tot_us += mine[k]
            print(f"  nx    {'bc+AA+constraint':<26} {tot_nx:8.3f}  {tot_us:8.3f}  {tot_nx / max(tot_us, 1e-9):6.1f}x"
                  f"   (ours incl. weaving selection)")
            whole = sum(N.values())
            print(f"  nx    {'all four vs our pipeline':<26} {whole:8.3f}  {P['PIPELINE wall']:8.3f}  "
                  f"{whole / max(P['PIPELINE wall'], 1e-9):6.1f}x   (our whole pipeline: stage, plan included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
