"""Compare two snapshots of a map (pure: graphs in, dataclass out).

"Found each other" (the Lund evaluation question: which actors found each other since
the last picture?) = a pair with a direct active link now that, before, was NOT linked
and could reach each other only through the weaver(s): removing the weaver(s) from the
earlier map left them in different components (or one of them had only the weaver).
Nodes are matched by actor label (by :func:`weaving.core.names.name_key`), so a snapshot from another database
or an import compares correctly.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from weaving.core.names import name_key
from weaving.core.schema import LINK_STATUSES, active_simple_graph, edge_status, weavers_of


def _key(G: nx.Graph, n: Any) -> str:
    return name_key(G.nodes[n].get("label") or n)


def _labelled_links(G: nx.Graph) -> dict[tuple[str, str, str], dict]:
    out = {}
    for u, v, d in G.edges(data=True):
        a, b = sorted((_key(G, u), _key(G, v)))
        out[(a, b, str(d.get("kind") or ""))] = d
    return out


@dataclass(frozen=True)
class SnapshotDiff:
    actors_added: list[str]
    actors_removed: list[str]
    links_added: list[tuple[str, str, str]]
    links_ended: list[tuple[str, str, str]]
    links_removed: list[tuple[str, str, str]]
    status_changes: list[tuple[str, str, str, str, str]]  # a, b, kind, before, after
    found_each_other: list[tuple[str, str]]
    links_by_status_before: dict[str, int]
    links_by_status_after: dict[str, int]
    metrics_before: dict[str, Any] = field(default_factory=dict)
    metrics_after: dict[str, Any] = field(default_factory=dict)

    @property
    def metric_deltas(self) -> dict[str, float]:
        out = {}
        for k, v in self.metrics_after.items():
            b = self.metrics_before.get(k)
            if isinstance(v, (int, float)) and isinstance(b, (int, float)) and not isinstance(v, bool):
                out[k] = v - b
        return out

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["metric_deltas"] = self.metric_deltas
        return d


def _status_counts(G: nx.Graph) -> dict[str, int]:
    counts = dict.fromkeys(LINK_STATUSES, 0)
    for *_, d in G.edges(data=True):
        counts[edge_status(d)] += 1
    return counts


def compare(before: nx.Graph, after: nx.Graph, *, weavers: list[str] | None = None,
            metrics_before: dict | None = None, metrics_after: dict | None = None) -> SnapshotDiff:
    """What changed between two pictures of a map. ``weavers`` are labels; default:
    the actors marked as weavers in either snapshot."""
    label_b = {_key(before, n): before.nodes[n].get("label") or str(n) for n in before}
    label_a = {_key(after, n): after.nodes[n].get("label") or str(n) for n in after}
    added = sorted(label_a[k] for k in label_a.keys() - label_b.keys())
    removed = sorted(label_b[k] for k in label_b.keys() - label_a.keys())

    links_b, links_a = _labelled_links(before), _labelled_links(after)
    disp = {**label_b, **label_a}

    def show(key):
        return (disp[key[0]], disp[key[1]], key[2])

    links_added, links_ended, status_changes = [], [], []
    for key, d in links_a.items():
        st_a = edge_status(d)
        if key not in links_b:
            if st_a != "ended":
                links_added.append(show(key))
            continue
        st_b = edge_status(links_b[key])
        if st_b != st_a:
            status_changes.append((*show(key), st_b, st_a))
            if st_a == "ended":
                links_ended.append(show(key))
    links_removed = sorted(show(k) for k in links_b.keys() - links_a.keys())

    # found each other
    if weavers is None:
        wkeys = {_key(before, n) for n in weavers_of(before)} | {_key(after, n) for n in weavers_of(after)}
    else:
        wkeys = {name_key(w) for w in weavers}
    Sb = active_simple_graph(before)
    Sb = nx.relabel_nodes(Sb, {n: _key(before, n) for n in Sb}, copy=True)
    Sa = active_simple_graph(after)
    Sa = nx.relabel_nodes(Sa, {n: _key(after, n) for n in Sa}, copy=True)
    without = Sb.copy()
    without.remove_nodes_from(wkeys)
    comp = {}
    for i, c in enumerate(nx.connected_components(without)):
        for n in c:
            comp[n] = i
    found = []
    for u, v in Sa.edges():
        if u in wkeys or v in wkeys or u not in Sb or v not in Sb or Sb.has_edge(u, v):
            continue
        reach_via_weaver = nx.has_path(Sb, u, v)
        if reach_via_weaver and comp.get(u) != comp.get(v):
            found.append(tuple(sorted((disp[u], disp[v]))))
    return SnapshotDiff(
        actors_added=added,
        actors_removed=removed,
        links_added=sorted(links_added),
        links_ended=sorted(links_ended),
        links_removed=links_removed,
        status_changes=sorted(status_changes),
        found_each_other=sorted(found),
        links_by_status_before=_status_counts(before),
        links_by_status_after=_status_counts(after),
        metrics_before=dict(metrics_before or {}),
        metrics_after=dict(metrics_after or {}),
    )
