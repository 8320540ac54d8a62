"""Link-prediction evaluation of the plain mode against the classic heuristics.

Networks: NetworkX's own (karate club, Les Misérables, Florentine families, Davis
southern women projected onto the women; structure only) and generated ones with
attributes (``attributed_sbm``, ``attributed_lfr``: themes / target groups / area
that follow the communities, and links that are likelier between actors who share
interests).  For each network and each of ``--splits`` seeded splits: hold out
``--frac`` (10 %) of the links, fit on the rest and score

* **ours**: the plain mode (``weaving suggest --plain``): precision@k from
  ``missing_links(train, top=k)`` itself (k = number of held-out links; pairs it
  does not return count as misses), AUC from ``score_pairs`` over every unlinked
  pair of the training graph;
* **RA, AA, Jaccard, CN, PA**: NetworkX's ``resource_allocation_index``,
  ``adamic_adar_index``, ``jaccard_coefficient``, common neighbours and
  ``preferential_attachment`` over every unlinked pair, in the same run;

precision@k: share of held-out links among the k top-ranked pairs (ties broken at
random, seeded, the same order for every method); AUC: held-out links vs. true
non-links (Mann-Whitney, ties 1/2).  Nothing is tuned on these splits: the model
sees only the training graph (it holds out links of *that* graph internally).

Then the fit time of the link model on planted maps (``bench/analysis.py``'s
generator) in this process (scikit-learn imported beforehand; its import time is
printed separately), CPU seconds next to wall seconds.

    .venv/bin/python bench/linkpred.py [--splits 10] [--seed0 0] [--sizes 300,10000]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from weaving.analysis import missing_links, score_pairs  # noqa: E402
from weaving.analysis.prepared import prepare  # noqa: E402
from weaving.analysis.training import fit_model  # noqa: E402

THEMES = ["kultur", "idrott", "språk", "läxhjälp", "musik", "natur", "dans", "mat", "spel", "konst", "teknik",
          "hälsa", "miljö", "film", "slöjd", "schack"]
GROUPS = ["unga", "seniorer", "nyanlända", "flickor", "familjer", "barn"]
METHODS = ["ours", "RA", "AA", "Jaccard", "CN", "PA"]


def _give_attributes(G: nx.Graph, comm: dict, rng, pool: int = 4) -> None:
    """Themes from the community's pool, a target group and an area per actor."""
    for u in G:
        c = comm[u]
        own = [THEMES[(pool * c + j) % len(THEMES)] for j in range(pool)]
        themes = set(rng.choice(own, 2, replace=False).tolist())
        if rng.random() < 0.2:
            themes.add(THEMES[rng.integers(len(THEMES))])
        G.nodes[u]["themes"] = sorted(themes)
        G.nodes[u]["target_groups"] = [GROUPS[c % len(GROUPS)] if rng.random() < 0.7 else GROUPS[rng.integers(6)]]
        G.nodes[u]["area"] = f"area{c % 4}"


def attributed_sbm(n: int = 300, k: int = 10, seed: int = 1) -> nx.Graph:
    """Stochastic blocks with interests: inside a block a pair links with
    probability 0.02 + 0.12 per shared theme / target group, across blocks 0.002 + 0.01."""
    rng = np.random.default_rng(seed)
    G = nx.Graph()
    comm = {u: u * k // n for u in range(n)}
    G.add_nodes_from(range(n))
    _give_attributes(G, comm, rng)
    prof = {u: set(G.nodes[u]["themes"]) | set(G.nodes[u]["target_groups"]) for u in G}
    for u in range(n):
        for v in range(u + 1, n):
            s = len(prof[u] & prof[v])
            p = (0.02 + 0.12 * s) if comm[u] == comm[v] else (0.002 + 0.01 * s)
            if rng.random() < p:
                G.add_edge(u, v)
    return G


def attributed_lfr(n: int = 400, seed: int = 3) -> nx.Graph:
    """An LFR benchmark graph (power-law degrees and community sizes, mixing 0.2)
    with attributes from the communities, and on every link a shared interest
    with probability 0.5 (collaborations leave traces in what actors work with)."""
    rng = np.random.default_rng(seed)
    L = nx.LFR_benchmark_graph(n, 2.5, 1.5, 0.2, average_degree=8, max_degree=40, min_community=20,
                               max_community=60, seed=seed)
    comms = sorted({frozenset(L.nodes[u]["community"]) for u in L}, key=min)
    comm = {u: i for i, c in enumerate(comms) for u in c}
    G = nx.Graph()
    G.add_nodes_from(sorted(L))
    G.add_edges_from((u, v) for u, v in L.edges() if u != v)
    _give_attributes(G, comm, rng)
    for u, v in sorted(G.edges()):
        if rng.random() < 0.5:
            t = rng.choice(sorted(set(G.nodes[u]["themes"]) | set(G.nodes[v]["themes"])))
            for x in (u, v):
                G.nodes[x]["themes"] = sorted(set(G.nodes[x]["themes"]) | {str(t)})
    return G


def graphs() -> dict:
    B = nx.davis_southern_women_graph()
    women = sorted(n for n, d in B.nodes(data=True) if d["bipartite"] == 0)
    plain = lambda G: nx.Graph(sorted(tuple(sorted(e, key=str)) for e in nx.Graph(G).edges()))  # noqa: E731
    return {
        "karate": plain(nx.karate_club_graph()),
        "lesmis": plain(nx.les_miserables_graph()),
        "florentine": plain(nx.florentine_families_graph()),
        "davis_women": plain(nx.bipartite.projected_graph(B, women)),
        "sbm_attr": attributed_sbm(),
        "lfr_attr": attributed_lfr(),
    }


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    from scipy.stats import rankdata

    r = rankdata(np.concatenate([pos, neg]))
    return float((r[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def heuristics(G: nx.Graph, pairs) -> dict:
    return {
        "RA": np.array([s for _, _, s in nx.resource_allocation_index(G, pairs)]),
        "AA": np.array([s for _, _, s in nx.adamic_adar_index(G, pairs)]),
        "Jaccard": np.array([s for _, _, s in nx.jaccard_coefficient(G, pairs)]),
        "CN": np.array([len(list(nx.common_neighbors(G, u, v))) for u, v in pairs], float),
        "PA": np.array([s for _, _, s in nx.preferential_attachment(G, pairs)], float),
    }


def evaluate(G: nx.Graph, splits: int, seed0: int, frac: float) -> dict:
    edges = sorted(tuple(sorted(e, key=str)) for e in G.edges())
    res = {m: {"auc": [], "p": []} for m in METHODS}
    for s in range(seed0, seed0 + splits):
        rng = np.random.default_rng(s)
        k = max(1, int(round(frac * len(edges))))
        held_idx = set(rng.choice(len(edges), k, replace=False).tolist())
        train = nx.Graph()
        train.add_nodes_from(sorted(G.nodes(data=True), key=lambda x: str(x[0])))
        train.add_edges_from(e for i, e in enumerate(edges) if i not in held_idx)
        held = {frozenset(edges[i]) for i in held_idx}
        pairs = sorted((tuple(sorted(p, key=str)) for p in nx.non_edges(train)), key=str)
        is_pos = np.array([frozenset(p) in held for p in pairs])
        tie = rng.random(len(pairs))
        scores = heuristics(train, pairs)
        prep = prepare(train)
        scores["ours"] = score_pairs(prep, pairs, seed=s)
        top = missing_links(prep, top=k, seed=s)
        for m in METHODS:
            sc = scores[m]
            res[m]["auc"].append(auc(sc[is_pos], sc[~is_pos]))
            if m == "ours":
                res[m]["p"].append(sum(frozenset((x.source, x.target)) in held for x in top) / k)
            else:
                order = np.lexsort((tie, -sc))[:k]
                res[m]["p"].append(float(is_pos[order].mean()))
    return res


def fit_times(sizes, repeats: int = 3) -> list:
    from analysis import planted

    out = []
    for n in sizes:
        G = planted(n, seed=0)
        cpu, wall = [], []
        for r in range(repeats):
            prep = prepare(G)
            c, w = time.process_time(), time.perf_counter()
            m = fit_model(prep, seed=r)
            cpu.append(time.process_time() - c)
            wall.append(time.perf_counter() - w)
        out.append((n, G.number_of_edges(), m.kind, min(cpu), min(wall), float(np.median(cpu)), float(np.median(wall))))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--splits", type=int, default=10)
    ap.add_argument("--seed0", type=int, default=0, help="first split seed")
    ap.add_argument("--frac", type=float, default=0.1)
    ap.add_argument("--sizes", default="300,10000", help="map sizes for the fit time ('' to skip)")
    ap.add_argument("--only", default="", help="comma-separated network names")
    a = ap.parse_args(argv)
    nets = graphs()
    if a.only:
        nets = {k: v for k, v in nets.items() if k in a.only.split(",")}
    print(f"precision@k (k = held-out links) and AUC, mean ± sd over {a.splits} splits "
          f"(seeds {a.seed0}..{a.seed0 + a.splits - 1}), {int(a.frac * 100)} % held out")
    print(f"{'network':<12} {'n':>4} {'m':>5} " + " ".join(f"{m:>13}" for m in METHODS) + "   ours vs best / vs RA")
    ratios, met = [], 0
    for name, G in nets.items():
        c, w = time.process_time(), time.perf_counter()
        res = evaluate(G, a.splits, a.seed0, a.frac)
        p = {m: np.mean(res[m]["p"]) for m in METHODS}
        best = max(p[m] for m in METHODS[1:])
        ok = p["ours"] >= best - 1e-12
        met += ok
        ratios.append(p["ours"] / p["RA"] if p["RA"] > 0 else float("nan"))   # RA found nothing: left out
        cells = " ".join(f"{p[m]:.3f}±{np.std(res[m]['p']):.3f}" for m in METHODS)
        print(f"{name:<12} {G.number_of_nodes():>4} {G.number_of_edges():>5} {cells}   "
              f"{'>=' if ok else '< '} best ({best:.3f}), x{ratios[-1]:.2f} RA  P@k")
        cells = " ".join(f"{np.mean(res[m]['auc']):.3f}±{np.std(res[m]['auc']):.3f}" for m in METHODS)
        print(f"{'':<12} {'':>4} {'':>5} {cells}   AUC   "
              f"({time.process_time() - c:.1f} s CPU, {time.perf_counter() - w:.1f} s wall)")
    finite = [r for r in ratios if np.isfinite(r)] or [float("nan")]
    print(f"ours >= best heuristic on {met} of {len(nets)} networks; mean P@k ratio ours/RA = {np.mean(finite):.3f} "
          f"(geometric {np.exp(np.mean(np.log(np.maximum(finite, 1e-9)))):.3f})")
    sizes = [int(x) for x in a.sizes.split(",") if x]
    if sizes:
        import subprocess

        code = ("import time; c, w = time.process_time(), time.perf_counter(); import sklearn.ensemble, "
                "sklearn.linear_model, sklearn.feature_extraction.text; "
                "print(f'{time.process_time() - c:.2f} s CPU, {time.perf_counter() - w:.2f} s wall')")
        took = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
        print(f"\nimporting scikit-learn in a fresh process: {took} (once per process, not in the fit times)")
        fit_model(prepare(nx.karate_club_graph()))   # the process's first fit pays one-time set-up
        print(f"{'actors':>7} {'links':>7} {'model':>8} {'fit CPU s':>12} {'fit wall s':>12}  (best/median of 3 seeds)")
        for n, m, kind, c1, w1, c2, w2 in fit_times(sizes):
            print(f"{n:>7} {m:>7} {kind:>8} {c1:>6.3f}/{c2:.3f} {w1:>6.3f}/{w2:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
