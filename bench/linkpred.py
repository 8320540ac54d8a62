"""Link-prediction evaluation of the plain mode against the classic heuristics, and
what the weaver's feedback does to it.

Networks: ``linkpred_nets.graphs()`` -- NetworkX's own four, dolphins and
workfrance from the ``onadata`` package, a generated sports league and two
generated graphs with attributes (see that module).  For each network and each of
``--splits`` seeded splits: hold out ``--frac`` (10 %) of the links, fit on the
rest and score

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

**Feedback** (issue 20), on the same splits: the top ``FEEDBACK_TOP`` (30)
suggestions of the plain mode are judged -- the held-out links among them as
"already in contact" (outcome 1), the others as "not relevant" (outcome 0) -- and
the map is ranked again with these outcomes.  Precision@k' on the *remaining*
held-out links (k' = their number; splits where the 30 found them all are left
out): **before** = the ranking without outcomes, the 30 judged pairs skipped;
**after** = ``missing_links(train, outcomes=...)`` as shipped; and, to show what
each part does, the same with the model learning from no outcome at all (the
judged pairs only removed: equals before), from the dismissals too, and as issue
13 shipped it (every outcome weighing 5 links, no cap).

Then the fit time of the link model on planted maps (``bench/analysis.py``'s
generator) in this process (scikit-learn imported beforehand; its import time is
printed separately), CPU seconds next to wall seconds.

    .venv/bin/python bench/linkpred.py [--splits 10] [--seed0 0] [--sizes 300,10000] [--only NAMES]
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
import weaving.analysis.training as T  # noqa: E402
from weaving.analysis.training import fit_model  # noqa: E402

from linkpred_nets import STRUCTURE_ONLY, graphs  # noqa: E402

METHODS = ["ours", "RA", "AA", "Jaccard", "CN", "PA"]


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


FEEDBACK_TOP = 30
# (label, LEARN_LABELS, OUTCOME_WEIGHT, OUTCOME_SHARE) of training; None: as shipped
VARIANTS = [("after", None), ("removed only", ((), 1.0, 0.05)), ("+ dismissals", ((0, 1), 1.0, 0.05)),
            ("issue 13", ((0, 1), 5.0, float("inf")))]


def _with_training(params, fn):
    """Run fn with the training module's outcome constants set to params (None: as shipped)."""
    if params is None:
        return fn()
    keep = (T.LEARN_LABELS, T.OUTCOME_WEIGHT, T.OUTCOME_SHARE)
    T.LEARN_LABELS, T.OUTCOME_WEIGHT, T.OUTCOME_SHARE = params
    try:
        return fn()
    finally:
        T.LEARN_LABELS, T.OUTCOME_WEIGHT, T.OUTCOME_SHARE = keep


def _hits(links, held) -> int:
    return sum(frozenset((x.source, x.target)) in held for x in links)


def feedback(train: nx.Graph, held: set, seed: int) -> dict | None:
    """Precision@k' on the held-out links the judged top 30 did not find (see module doc)."""
    prep = prepare(train)
    judged = missing_links(prep, top=FEEDBACK_TOP, seed=seed)
    keys = {frozenset((x.source, x.target)) for x in judged}
    rest = held - keys
    if not rest:
        return None
    k = len(rest)
    out = {"before": _hits(missing_links(prep, top=k, seed=seed, exclude=[(x.source, x.target) for x in judged]),
                           rest) / k, "found": len(held) - k}
    outcomes = [(x.source, x.target, int(frozenset((x.source, x.target)) in held)) for x in judged]
    t2 = train.copy()
    t2.add_edges_from((u, v) for u, v, y in outcomes if y)
    out["as links"] = _hits(missing_links(prepare(t2), top=k, seed=seed, exclude=[(x.source, x.target) for x in judged]),
                            rest) / k
    for name, params in VARIANTS:
        fresh = prepare(train)       # its own model cache
        out[name] = _with_training(params, lambda: _hits(missing_links(fresh, top=k, seed=seed, outcomes=outcomes),
                                                          rest) / k)
    return out


def evaluate(G: nx.Graph, splits: int, seed0: int, frac: float, with_feedback: bool = True) -> dict:
    edges = sorted(tuple(sorted(e, key=str)) for e in G.edges())
    res = {m: {"auc": [], "p": []} for m in METHODS}
    res["feedback"] = []
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
                res[m]["p"].append(_hits(top, held) / k)
            else:
                order = np.lexsort((tie, -sc))[:k]
                res[m]["p"].append(float(is_pos[order].mean()))
        if with_feedback:
            fb = feedback(train, held, s)
            if fb is not None:
                res["feedback"].append(fb)
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
    ap.add_argument("--no-feedback", action="store_true", help="skip the feedback experiment")
    a = ap.parse_args(argv)
    nets = graphs()
    if a.only:
        nets = {k: v for k, v in nets.items() if k in a.only.split(",")}
    print(f"precision@k (k = held-out links) and AUC, mean ± sd over {a.splits} splits "
          f"(seeds {a.seed0}..{a.seed0 + a.splits - 1}), {int(a.frac * 100)} % held out")
    print(f"{'network':<12} {'n':>4} {'m':>5} " + " ".join(f"{m:>13}" for m in METHODS) + "   ours vs best / vs RA")
    ratios, met, fbs = {}, 0, {}
    for name, G in nets.items():
        c, w = time.process_time(), time.perf_counter()
        res = evaluate(G, a.splits, a.seed0, a.frac, not a.no_feedback)
        fbs[name] = res["feedback"]
        p = {m: np.mean(res[m]["p"]) for m in METHODS}
        best = max(p[m] for m in METHODS[1:])
        ok = p["ours"] >= best - 1e-12
        met += ok
        ratios[name] = p["ours"] / p["RA"] if p["RA"] > 0 else float("nan")   # RA found nothing: left out
        cells = " ".join(f"{p[m]:.3f}±{np.std(res[m]['p']):.3f}" for m in METHODS)
        best_m = max(METHODS[1:], key=lambda m: p[m])
        sd = np.std(np.array(res["ours"]["p"]) - np.array(res[best_m]["p"])) / np.sqrt(a.splits)
        print(f"{name:<12} {G.number_of_nodes():>4} {G.number_of_edges():>5} {cells}   "
              f"{'>=' if ok else '< '} best ({best_m} {best:.3f}; diff {p['ours'] - best:+.3f}, se {sd:.3f}), "
              f"x{ratios[name]:.2f} RA  P@k")
        cells = " ".join(f"{np.mean(res[m]['auc']):.3f}±{np.std(res[m]['auc']):.3f}" for m in METHODS)
        print(f"{'':<12} {'':>4} {'':>5} {cells}   AUC   "
              f"({time.process_time() - c:.1f} s CPU, {time.perf_counter() - w:.1f} s wall)")
    finite = [r for r in ratios.values() if np.isfinite(r)] or [float("nan")]
    so = [r for k, r in ratios.items() if k in STRUCTURE_ONLY and np.isfinite(r)] or [float("nan")]
    print(f"ours >= best heuristic on {met} of {len(nets)} networks; mean P@k ratio ours/RA = {np.mean(finite):.3f} "
          f"(geometric {np.exp(np.mean(np.log(np.maximum(finite, 1e-9)))):.3f}); "
          f"structure-only networks: {np.mean(so):.3f}")
    if not a.no_feedback:
        cols = ["before"] + [n for n, _ in VARIANTS] + ["as links"]
        print(f"\nfeedback: top {FEEDBACK_TOP} judged (held-out = already in contact, others = not relevant); "
              f"P@k' on the remaining held-out links, mean over the splits with some left")
        print(f"{'network':<12} {'splits':>6} {'found':>6} " + " ".join(f"{c:>13}" for c in cols)
              + "   after-before: worse/better splits")
        for name, fb in fbs.items():
            if not fb:
                print(f"{name:<12} {0:>6}   (the top {FEEDBACK_TOP} found every held-out link)")
                continue
            mean = {c: np.mean([x[c] for x in fb]) for c in cols}
            d = np.array([x["after"] - x["before"] for x in fb])
            print(f"{name:<12} {len(fb):>6} {np.mean([x['found'] for x in fb]):>6.1f} "
                  + " ".join(f"{mean[c]:>13.3f}" for c in cols)
                  + f"   {int((d < -1e-12).sum())}/{int((d > 1e-12).sum())}"
                  + ("" if mean["after"] >= mean["before"] - 1e-12 else "   AFTER < BEFORE"))
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
