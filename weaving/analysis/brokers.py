"""Brokers: per-actor role labels built on betweenness, constraint, cut points,
k-cores and clusters.

The measures themselves live in ``centrality`` (betweenness, path metrics) and
``structure`` (constraint, effective size, bridges, articulation points, core
numbers); ``find_brokers`` collects them per actor and labels the roles that
matter for network weaving (Krebs & Holley 2002).

Role labels (a node may have several; ``role`` is the first in this order):
isolated (no links), newcomer (all of its links were introduced), gatekeeper
(articulation point: some actors are reachable only through it), broker
(normalised betweenness >= 0.1, or links several clusters with betweenness at
least 3x the mean and in the top 10 %), hub (degree >= 3, >= twice the mean
and in the top 10 %), peripheral (one link, or fewer than half the mean links
and outside the main core), member (everything else).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from weaving.analysis.centrality import BetweennessResult, betweenness
from weaving.analysis.clusters import cluster_labels
from weaving.analysis.messages import Msg, jsonable
from weaving.analysis.prepared import Prepared, edge_statuses, prepare
from weaving.analysis.structure import (
    articulation_points,
    bridges_and_local,
    core_numbers,
    local_structure,
)

__all__ = ["ROLE_ORDER", "ActorRole", "Brokers", "find_brokers", "role_flags"]

ROLE_ORDER = ("isolated", "newcomer", "gatekeeper", "broker", "hub", "peripheral", "member")


@dataclass(frozen=True)
class ActorRole:
    """One actor's measures and role labels (``role`` = the first of ``roles``)."""

    id: object
    label: str
    degree: int
    betweenness: float
    constraint: float | None
    effective_size: float | None
    core: int
    cluster: int
    clusters_reached: int
    roles: tuple[str, ...]

    @property
    def role(self) -> str:
        return self.roles[0]

    def to_dict(self, lang: str = "en") -> dict:
        d = {
            "id": jsonable(self.id), "label": self.label, "degree": self.degree,
            "betweenness": jsonable(self.betweenness), "constraint": jsonable(self.constraint),
            "effective_size": jsonable(self.effective_size), "core": self.core,
            "cluster": self.cluster, "clusters_reached": self.clusters_reached,
            "role": self.role, "roles": list(self.roles),
            "role_text": Msg(f"analysis.role.{self.role}").render(lang),
        }
        return d


@dataclass(frozen=True)
class Brokers:
    """Result of ``find_brokers``.

    Attributes
    ----------
    actors : tuple of ActorRole
        One per actor, in the map's canonical order (``prepared.canonical_order``):
        degree, normalised betweenness, Burt's
        constraint and effective size (``None`` without links), core number,
        cluster, clusters reached and role labels.
    articulation_points : tuple
        Node ids whose removal splits their piece of the map.
    bridges : tuple of (id, id)
        Links whose removal disconnects their ends.
    local_bridges : tuple of (id, id)
        Links whose ends share no contact but that are not bridges.
    betweenness : BetweennessResult
        Exactness, sampling error bound and path metrics.
    """

    actors: tuple[ActorRole, ...]
    articulation_points: tuple
    bridges: tuple[tuple, ...]
    local_bridges: tuple[tuple, ...]
    betweenness: BetweennessResult

    def by_id(self) -> dict:
        """Node id -> ActorRole."""
        return {a.id: a for a in self.actors}

    def with_role(self, role: str) -> list:
        """Node ids carrying the role label ``role`` (canonical order)."""
        return [a.id for a in self.actors if role in a.roles]

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "betweenness": self.betweenness.to_dict(),
            "articulation_points": jsonable(list(self.articulation_points)),
            "bridges": jsonable([list(e) for e in self.bridges]),
            "local_bridges": jsonable([list(e) for e in self.local_bridges]),
            "actors": [a.to_dict(lang) for a in self.actors],
        }


def _newcomers(prep: Prepared) -> np.ndarray:
    """Actors all of whose links were introduced (stops at an actor's first other link)."""
    out = np.zeros(prep.n, dtype=bool)
    index = prep.index
    for u, nbrs in prep.H.adjacency():
        if not nbrs:
            continue
        for d in nbrs.values():
            if not d or (d.get("statuses") is None and d.get("status") is None) or \
                    edge_statuses(d) != ["introduced"]:
                break
        else:
            out[index[u]] = True
    return out


def role_flags(prep: Prepared, bc: np.ndarray, labels: np.ndarray) -> dict:
    n = prep.n
    deg = prep.deg
    A = prep.A
    ap = np.zeros(n, dtype=bool)
    ap[articulation_points(prep)] = True
    core = core_numbers(prep)
    kmax = int(core.max()) if n else 0
    # how many clusters each actor touches (its own + its contacts')
    if n:
        rows = np.repeat(np.arange(n), np.diff(A.indptr))
        lo = int(labels.min())
        L = int(labels.max()) - lo + 1
        key = np.unique(rows.astype(np.int64) * L + (labels[A.indices] - lo)) if A.nnz else np.zeros(0, np.int64)
        pair = np.stack([key // L, key % L + lo], axis=1) if len(key) else np.zeros((0, 2), int)
        reach = np.bincount(pair[:, 0], minlength=n) if len(pair) else np.zeros(n, int)
        own_in = np.zeros(n, dtype=bool)
        if len(pair):
            own_in[pair[pair[:, 1] == labels[pair[:, 0]], 0]] = True
        reach = reach + (~own_in).astype(int)
    else:
        reach = np.zeros(0, int)
    linked = deg > 0
    mean_deg = deg[linked].mean() if linked.any() else 0.0
    mean_bc = bc.mean() if n else 0.0
    q90_bc = np.quantile(bc, 0.9) if n else 0.0
    q90_deg = np.quantile(deg, 0.9) if n else 0.0
    flags = {
        "isolated": ~linked,
        "newcomer": _newcomers(prep),
        "gatekeeper": ap,
        "broker": (bc > 0) & ((bc >= 0.1) | ((reach >= 2) & (bc >= 3 * mean_bc) & (bc >= q90_bc))),
        "hub": (deg >= 3) & (deg >= 2 * mean_deg) & (deg >= q90_deg),
        "peripheral": linked & ((deg == 1) | ((deg < 0.5 * mean_deg) & (core < kmax))),
    }
    return {"flags": flags, "reach": reach, "core": core}


def find_brokers(G, seed: int = 0, k: int | None = None) -> Brokers:
    """Betweenness, constraint, effective size, cut points, bridges and roles.

    Per actor: normalised betweenness (see ``betweenness``), Burt's constraint
    c_i = sum_j (p_ij + sum_q p_iq p_qj)^2 with p_ij = w_ij / sum_k w_ik (low:
    the actor spans structural holes), effective size n_i - 2 t_i / n_i,
    k-core number, its Louvain cluster and the number of clusters it touches.
    From these each actor gets role labels, in this order: ``isolated``,
    ``newcomer``, ``gatekeeper`` (articulation point), ``broker``, ``hub``,
    ``peripheral``, ``member`` (thresholds in the module docstring).

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any graph in the weaving shape; only active links count.
    seed : int, optional
        Seed for the clusters (and betweenness pivots on big maps).
    k : int, optional
        Betweenness pivots (default: exact up to 2000 actors).

    Returns
    -------
    Brokers

    See Also
    --------
    betweenness, find_clusters, weaving_stage

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*,
       Harvard University Press, 1992.
    .. [2] U. Brandes, "A faster algorithm for betweenness centrality",
       Journal of Mathematical Sociology 25(2), 163-177, 2001.
    .. [3] V. Krebs and J. Holley, "Building Smart Communities through Network
       Weaving", 2002.
    .. [4] M. Granovetter, "The strength of weak ties", American Journal of
       Sociology 78(6), 1360-1380, 1973.

    Examples
    --------
    A weaver ``W`` holding two triangles and a lone actor ``c`` together:

    >>> import networkx as nx
    >>> from weaving.analysis import find_brokers
    >>> G = nx.Graph([("W", "a1"), ("W", "b1"), ("W", "c"), ("a1", "a2"), ("a2", "a3"),
    ...               ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3")])
    >>> br = find_brokers(G, seed=0)
    >>> w = br.by_id()["W"]
    >>> w.roles, round(w.betweenness, 3), round(w.constraint, 3)
    (('gatekeeper', 'broker'), 0.714, 0.333)
    >>> br.by_id()["c"].role, br.by_id()["a2"].role
    ('peripheral', 'member')
    >>> br.articulation_points
    ('a1', 'b1', 'W')
    >>> br.bridges
    (('a1', 'W'), ('b1', 'W'), ('c', 'W'))
    >>> find_brokers(nx.karate_club_graph()).with_role("hub")
    [0, 2, 32, 33]
    """
    prep = prepare(G)
    bres = betweenness(prep, k=k, seed=seed)
    loc = local_structure(prep)
    labels = cluster_labels(prep, seed)
    rf = role_flags(prep, bres.values, labels)
    flags, reach, core = rf["flags"], rf["reach"], rf["core"]
    br, lbr = bridges_and_local(prep)
    actors = []
    # plain Python values once (indexing numpy arrays element by element is slow)
    fl = [(r, np.asarray(flags[r], dtype=bool).tolist()) for r in ROLE_ORDER[:-1]]
    deg, bcv = np.asarray(prep.deg).astype(int).tolist(), np.asarray(bres.values, dtype=float).tolist()
    cons = np.asarray(loc["constraint"], dtype=float).tolist()
    esz = np.asarray(loc["effective_size"], dtype=float).tolist()
    cores, labs, reaches = (np.asarray(x).astype(int).tolist() for x in (core, labels, reach))
    for i, u in enumerate(prep.nodes):
        roles = tuple(r for r, f in fl if f[i]) or ("member",)
        c, e = cons[i], esz[i]
        actors.append(ActorRole(
            u, prep.label(i), deg[i], bcv[i], None if math.isnan(c) else c, None if math.isnan(e) else e,
            cores[i], labs[i], reaches[i], roles))
    nodes = prep.nodes
    return Brokers(
        tuple(actors),
        tuple(nodes[i] for i in articulation_points(prep)),
        tuple((nodes[i], nodes[j]) for i, j in br),
        tuple((nodes[i], nodes[j]) for i, j in lbr),
        bres,
    )
