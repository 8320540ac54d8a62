"""The networks of ``bench/linkpred.py``, all offline and seeded.

* NetworkX's own (structure only): Zachary's karate club, Les Misérables,
  the Florentine families, Davis' southern women projected onto the women;
* from the ``onadata`` package on PyPI (the data of McNulty's *Handbook of Graphs and
  Networks in People Analytics*, shipped as CSV inside the package; the project's
  ``bench`` extra): Lusseau's dolphins (structure only) and ``workfrance``, the
  face-to-face contacts in a French office building (SocioPatterns; the actors'
  departments given as their ``area``);
* generated: ``league``, a sports league of dense conferences (structure only),
  ``sbm_attr`` and ``lfr_attr`` (themes / target groups / area that follow the
  communities, links likelier between actors who share interests).

``STRUCTURE_ONLY`` names the networks without attributes.
"""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import networkx as nx
import numpy as np

STRUCTURE_ONLY = ("karate", "lesmis", "florentine", "davis_women", "dolphins", "league")

THEMES = ["kultur", "idrott", "språk", "läxhjälp", "musik", "natur", "dans", "mat", "spel", "konst", "teknik",
          "hälsa", "miljö", "film", "slöjd", "schack"]
GROUPS = ["unga", "seniorer", "nyanlända", "flickor", "familjer", "barn"]


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


def league(seed: int = 4) -> nx.Graph:
    """A sports league of 115 teams in 12 conferences of 6-13 (the shape of the US
    college football season that Girvan & Newman 2002 made a community benchmark):
    every team meets each conference mate with probability 0.8 (dense near-cliques)
    and two teams of other conferences, likelier of a nearby conference (weights
    exp(-distance / 1.5) on a ring of conferences), so about 11 games a team."""
    rng = np.random.default_rng(seed)
    sizes = [9, 8, 11, 12, 10, 13, 8, 10, 12, 9, 7, 6]
    conf = np.repeat(np.arange(len(sizes)), sizes)
    G = nx.Graph()
    G.add_nodes_from(range(len(conf)))
    for c in range(len(sizes)):
        mem = np.flatnonzero(conf == c)
        for a in range(len(mem)):
            for b in range(a + 1, len(mem)):
                if rng.random() < 0.8:
                    G.add_edge(int(mem[a]), int(mem[b]))
    k = len(sizes)
    for t in range(len(conf)):
        c = conf[t]
        dist = np.minimum((np.arange(k) - c) % k, (c - np.arange(k)) % k).astype(float)
        w = np.where(dist > 0, np.exp(-dist / 1.5), 0.0)
        for _ in range(2):
            oc = rng.choice(k, p=w / w.sum())
            G.add_edge(t, int(rng.choice(np.flatnonzero(conf == oc))))
    return G


def _onadata(name: str) -> Path | None:
    """A CSV file of the onadata package (found without importing it), or None."""
    spec = importlib.util.find_spec("onadata")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"{name}.csv"
    return path if path.exists() else None


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def dolphins() -> nx.Graph | None:
    """Lusseau's bottlenose dolphins of Doubtful Sound (62 dolphins, 159 ties)."""
    path = _onadata("dolphins")
    if path is None:
        return None
    return nx.Graph(sorted(tuple(sorted((r["from"], r["to"]))) for r in _rows(path) if r["from"] != r["to"]))


def workfrance() -> nx.Graph | None:
    """Face-to-face contacts of 211 people in a French office building (SocioPatterns,
    2015): a link where two people were recorded in contact, the department as area."""
    e, v = _onadata("workfrance_edgelist"), _onadata("workfrance_vertices")
    if e is None or v is None:
        return None
    G = nx.Graph()
    for r in sorted(_rows(v), key=lambda r: int(r["id"])):
        G.add_node(int(r["id"]), area=r["dept"])
    G.add_edges_from(sorted({tuple(sorted((int(r["from"]), int(r["to"])))) for r in _rows(e) if r["from"] != r["to"]}))
    return G


def graphs() -> dict:
    """Every network, in the order of the tables (a network whose package is not
    installed is left out: ``pip install -e '.[bench]'``)."""
    B = nx.davis_southern_women_graph()
    women = sorted(n for n, d in B.nodes(data=True) if d["bipartite"] == 0)
    plain = lambda G: nx.Graph(sorted(tuple(sorted(e, key=str)) for e in nx.Graph(G).edges()))  # noqa: E731
    nets = {
        "karate": plain(nx.karate_club_graph()),
        "lesmis": plain(nx.les_miserables_graph()),
        "florentine": plain(nx.florentine_families_graph()),
        "davis_women": plain(nx.bipartite.projected_graph(B, women)),
        "dolphins": dolphins(),
        "league": league(),
        "sbm_attr": attributed_sbm(),
        "lfr_attr": attributed_lfr(),
        "workfrance": workfrance(),
    }
    return {k: v for k, v in nets.items() if v is not None}
