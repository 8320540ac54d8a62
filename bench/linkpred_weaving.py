"""The weaving-aware mode measured by what it is for (issue 20): on planted
hub-and-spoke maps (several clusters tied to each other only through the weaver,
and some actors who know nobody but the weaver), accept the top N introductions of

* **weaving**: ``suggest_introductions`` (the weaving-aware mode, the app's default),
* **plain**: ``missing_links`` (the link model alone, ``suggest --plain``),
* **RA**: NetworkX's ``resource_allocation_index`` over every unlinked pair (ties at
  random, seeded),

as links, and measure the map again with the project's own ``weaving_stage``: the
weaver's share of all brokerage (betweenness), the actors tied only to the weaver,
the share of actors cut off when the weaver steps back, and the stage (a-d).  Lower
dependence for the same N is better.  ``--seed0`` picks the block of maps.

    .venv/bin/python bench/linkpred_weaving.py [--maps 10] [--seed0 0] [--top 5,10,20]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from weaving.analysis import missing_links, suggest_introductions, weaving_stage  # noqa: E402

THEMES = ["kultur", "idrott", "språk", "läxhjälp", "musik", "natur", "dans", "mat"]
GROUPS = ["unga", "seniorer", "nyanlända", "flickor", "familjer"]
METHODS = ("weaving", "plain", "RA")


def hub_and_spoke_map(seed: int, clusters: int = 5, lonely: int = 6) -> nx.Graph:
    """Stage b, planted: ``clusters`` groups of 8-15 actors (links inside with
    probability 0.45 on a ring that keeps each group connected), each tied to the
    weaver "W" through one or two of its actors and to no other group; ``lonely``
    actors who know only the weaver.  Themes: two per group, neighbouring groups
    sharing one (so there are interests to bridge on), target groups and areas too."""
    rng = np.random.default_rng(seed)
    G = nx.Graph()
    G.add_node("W", label="Weaver", is_weaver=True, themes=["kultur"], target_groups=["unga"], area="Centrum")
    for c in range(clusters):
        size = int(rng.integers(8, 16))
        mem = [f"c{c}_{i}" for i in range(size)]
        for i, u in enumerate(mem):
            themes = {THEMES[c % len(THEMES)], THEMES[(c + 1) % len(THEMES)]}
            if rng.random() < 0.3:
                themes.add(THEMES[int(rng.integers(len(THEMES)))])
            G.add_node(u, label=f"Group {c} actor {i}", themes=sorted(themes),
                       target_groups=[GROUPS[c % len(GROUPS)]], area=f"Area {c % 3}")
        for i in range(size):
            G.add_edge(mem[i], mem[(i + 1) % size])
            for j in range(i + 2, size):
                if rng.random() < 0.45:
                    G.add_edge(mem[i], mem[j])
        for u in rng.choice(mem, int(rng.integers(1, 3)), replace=False):
            G.add_edge("W", str(u))
    for i in range(lonely):
        c = int(rng.integers(clusters))
        G.add_node(f"x{i}", label=f"Lonely {i}", themes=[THEMES[c % len(THEMES)]],
                   target_groups=[GROUPS[c % len(GROUPS)]], area=f"Area {c % 3}")
        G.add_edge("W", f"x{i}")
    return G


def top_pairs(G: nx.Graph, method: str, n: int, seed: int) -> list:
    if method == "weaving":
        return [(s.source, s.target) for s in suggest_introductions(G, top=n, seed=seed)]
    if method == "plain":
        return [(m.source, m.target) for m in missing_links(G, top=n, seed=seed)]
    pairs = sorted((tuple(sorted(p)) for p in nx.non_edges(G)))
    ra = np.array([s for _, _, s in nx.resource_allocation_index(G, pairs)])
    tie = np.random.default_rng(seed).random(len(pairs))
    return [pairs[i] for i in np.lexsort((tie, -ra))[:n]]


def measure(G: nx.Graph) -> dict:
    st = weaving_stage(G, weaver="W")
    d = st.dependence
    return {"share": d.weaver_share, "dependent": len(d.dependent), "cut_off": d.cut_off, "stage": st.stage}


def run(maps: int, seed0: int, tops) -> dict:
    out = {"before": []}
    for s in range(seed0, seed0 + maps):
        G = hub_and_spoke_map(s)
        out["before"].append(measure(G))
        for n in tops:
            for m in METHODS:
                H = G.copy()
                picked = top_pairs(G, m, n, s)
                H.add_edges_from(picked)
                r = measure(H)
                r["via_weaver"] = sum("W" in p for p in picked)
                out.setdefault((m, n), []).append(r)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--maps", type=int, default=10)
    ap.add_argument("--seed0", type=int, default=0)
    ap.add_argument("--top", default="5,10,20")
    a = ap.parse_args(argv)
    tops = [int(x) for x in a.top.split(",") if x]
    c, w = time.process_time(), time.perf_counter()
    res = run(a.maps, a.seed0, tops)
    b = res["before"]
    print(f"planted hub-and-spoke maps, seeds {a.seed0}..{a.seed0 + a.maps - 1}: "
          f"{np.mean([G.number_of_nodes() for G in map(hub_and_spoke_map, range(a.seed0, a.seed0 + a.maps))]):.0f} "
          f"actors on average; before: weaver share {np.mean([x['share'] for x in b]):.3f}, "
          f"tied only to the weaver {np.mean([x['dependent'] for x in b]):.1f}, "
          f"cut off without the weaver {np.mean([x['cut_off'] for x in b]):.3f}, "
          f"stages {dict(sorted(Counter(x['stage'] for x in b).items()))}")
    print(f"{'N':>3} {'method':<8} {'weaver share':>12} {'only-weaver':>11} {'cut off':>8} {'stages':<22} "
          f"{'via W':>5}  (means over the maps)")
    for n in tops:
        for m in METHODS:
            r = res[(m, n)]
            stages = dict(sorted(Counter(x["stage"] for x in r).items()))
            print(f"{n:>3} {m:<8} {np.mean([x['share'] for x in r]):>12.3f} "
                  f"{np.mean([x['dependent'] for x in r]):>11.1f} {np.mean([x['cut_off'] for x in r]):>8.3f} "
                  f"{str(stages):<22} {np.mean([x['via_weaver'] for x in r]):>5.1f}")
    print(f"({time.process_time() - c:.1f} s CPU, {time.perf_counter() - w:.1f} s wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
