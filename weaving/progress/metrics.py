"""Snapshot metrics: the numbers stored with every snapshot (pure: graph in, dict out).

``snapshot_metrics(G, weaver=None, seed=0)`` runs the analysis once and keeps what a
weaver reports over time ("sammanställ statistik och mät effekter"):

* ``stage`` a-d and ``stage_evidence`` (catalogue messages: key + params, so an old
  snapshot can still be explained in either language);
* the weaver's dependence: ``weaver_share`` (share of all brokerage),
  ``components_without_weaver``, ``cut_off``, ``dependent`` (actors tied only to the
  weaver), ``centralisation``;
* reach: ``components``, ``largest_share``, ``efficiency``, ``avg_path``;
* size: ``actors``, ``links`` (active), ``links_by_status`` and the flat
  ``links_<status>`` counts, ``density``;
* structure: ``clusters``, ``modularity``, ``core_hubs``.

Every value is JSON-safe (str, int, float rounded to 4 decimals, None, lists and
dicts of those): the dict goes straight into ``Snapshot.metrics``.  Top-level numbers
are what ``SnapshotDiff.metric_deltas`` subtracts.
"""
from __future__ import annotations

import math
from typing import Any

import networkx as nx

from weaving.core.schema import LINK_STATUSES, edge_status

METRICS_VERSION = 1
STAGES = ("a", "b", "c", "d")

# direction of improvement for a weaver that wants to make themself unnecessary:
# +1 higher is better, -1 lower is better, 0 neutral
GOOD_DIRECTION: dict[str, int] = {
    "actors": 1, "links": 1, "links_existing": 1, "links_introduced": 1, "links_desired": 0, "links_ended": 0,
    "weaver_share": -1, "components": -1, "components_without_weaver": -1, "cut_off": -1, "dependent": -1,
    "centralisation": -1, "efficiency": 1, "avg_path": -1, "largest_share": 1, "clusters": 0, "modularity": 0,
    "core_hubs": 1, "density": 0, "stage_index": 1,
}


def _num(value: Any, digits: int = 4) -> float | None:
    if value is None:
        return None
    f = float(value)
    if math.isnan(f) or math.isinf(f):
        return None
    return round(f, digits)


def links_by_status(G: nx.Graph) -> dict[str, int]:
    counts = dict.fromkeys(LINK_STATUSES, 0)
    for *_, d in G.edges(data=True):
        counts[edge_status(d)] = counts.get(edge_status(d), 0) + 1
    return counts


def empty_metrics(G: nx.Graph | None = None) -> dict[str, Any]:
    by_status = links_by_status(G) if G is not None else dict.fromkeys(LINK_STATUSES, 0)
    n = G.number_of_nodes() if G is not None else 0
    return {
        "version": METRICS_VERSION, "stage": "a", "stage_index": 0, "stage_evidence": [],
        "weavers": [], "weaver_source": "none",
        "actors": n, "links": 0, "links_by_status": by_status,
        **{f"links_{s}": c for s, c in by_status.items()},
        "weaver_share": 0.0, "components": n, "largest_share": (1.0 / n if n else 0.0),
        "components_without_weaver": n, "cut_off": 0.0, "dependent": 0, "centralisation": 0.0,
        "efficiency": 0.0, "avg_path": None, "density": 0.0, "clusters": n, "modularity": 0.0, "core_hubs": 0,
    }


def snapshot_metrics(G: nx.Graph, weaver: Any = None, seed: int = 0) -> dict[str, Any]:
    """The metrics of one picture of a map (see module doc). Deterministic for a seed."""
    from weaving.analysis import analyse

    if G.number_of_nodes() == 0:
        return empty_metrics(G)
    a = analyse(G, weaver=weaver, seed=seed)
    dep = a.stage.dependence
    by_status = links_by_status(G)
    label = lambda n: str(G.nodes[n].get("label") or n) if n in G else str(n)  # noqa: E731
    return {
        "version": METRICS_VERSION,
        "stage": a.stage.stage,
        "stage_index": STAGES.index(a.stage.stage),
        "stage_evidence": [m.to_dict() for m in a.stage.evidence],
        "weavers": [label(w) for w in dep.weavers],
        "weaver_source": dep.weaver_source,
        "actors": int(G.number_of_nodes()),
        "links": int(dep.links),
        "links_by_status": by_status,
        **{f"links_{s}": int(c) for s, c in by_status.items()},
        "weaver_share": _num(dep.weaver_share),
        "components": int(dep.components),
        "largest_share": _num(dep.largest_share),
        "components_without_weaver": int(dep.components_without_weaver),
        "cut_off": _num(dep.cut_off),
        "dependent": len(dep.dependent),
        "centralisation": _num(dep.centralisation),
        "efficiency": _num(dep.efficiency),
        "avg_path": _num(dep.avg_path),
        "density": _num(dep.density),
        "clusters": len(a.clusters.clusters),
        "modularity": _num(a.clusters.modularity),
        "core_hubs": len(dep.core_hubs),
    }
