"""Points in time of a map and what happened between them.

``point_now(uow, map_id)`` (the map as it is) and ``point_of(uow, snapshot)`` (a stored
snapshot); ``progress_between(uow, map_id, before, after)`` compares two of them
(``weaving.progress.diff.compare``) and adds the introductions confirmed in between
(``before`` date < confirmed_on <= ``after`` date).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from weaving.i18n import fmt_date, t
from weaving.progress.diff import SnapshotDiff, compare
from weaving.progress.metrics import snapshot_metrics

OPEN_STATUSES = ("suggested", "made")



@dataclass(frozen=True)
class Point:
    """A picture of the map: a stored snapshot (``snapshot_id``) or the map now (None)."""
    snapshot_id: int | None
    label: str
    taken_at: dt.datetime
    graph: nx.Graph
    metrics: dict

    @property
    def day(self) -> dt.date:
        return self.taken_at.date()

    def title(self, lang: str = "sv") -> str:
        if self.snapshot_id is None:
            return t("prog.now", lang)
        return self.label or t("prog.snapshot_no_label", lang, date=fmt_date(self.taken_at, lang))


@dataclass(frozen=True)
class IntroItem:
    a: str
    b: str
    status: str
    level: str
    day: dt.date | None       # confirmed_on for confirmed, else made_on / suggested_on
    reason: str = ""


@dataclass(frozen=True)
class Progress:
    before: Point
    after: Point
    diff: SnapshotDiff
    confirmed: list[IntroItem] = field(default_factory=list)

    @property
    def deltas(self) -> dict[str, float]:
        return self.diff.metric_deltas


def point_now(uow, map_id: int, *, weaver: Any = None, seed: int = 0, at: dt.datetime | None = None) -> Point:
    from weaving.store.bridge import graph_from_maps

    G = graph_from_maps(uow, [map_id])
    return Point(None, "", at or dt.datetime.now(), G, snapshot_metrics(G, weaver=weaver, seed=seed))


def point_of(uow, snap) -> Point:
    """A stored snapshot as a Point (metrics computed if the snapshot has none)."""
    from networkx.readwrite import json_graph

    G = json_graph.node_link_graph(uow.snapshots.graph_data(snap), edges="links")   # no contacts for viewers
    metrics = dict(snap.metrics or {})
    if "stage" not in metrics:
        metrics = snapshot_metrics(G)
    return Point(snap.id, snap.label or "", snap.taken_at, G, metrics)


def map_introductions(uow, map_id: int, extra_actor_ids: Iterable[int] = ()) -> list[IntroItem]:
    """Introductions between actors of the map (whichever map they were recorded on)."""
    m = uow.maps.get(map_id)
    ids = {a.id for a in m.actors} | set(extra_actor_ids)
    out = []
    for i in uow.introductions.list():
        if (i.actor_a_id in ids and i.actor_b_id in ids) or i.map_id == map_id:
            day = i.confirmed_on if i.status == "confirmed" else (
                i.declined_on if i.status == "declined" else (i.made_on or i.suggested_on))
            out.append(IntroItem(i.actor_a.name, i.actor_b.name, i.status, i.level, day, i.reason or ""))
    return out


def confirmed_between(items: Iterable[IntroItem], start: dt.date | None, end: dt.date) -> list[IntroItem]:
    """Confirmed introductions with start < day <= end (start None: everything up to end)."""
    return sorted((i for i in items if i.status == "confirmed" and i.day is not None
                   and (start is None or i.day > start) and i.day <= end), key=lambda i: (i.day, i.a, i.b))


def progress_between(uow, map_id: int, before: int | None, after: int | None, *,
                     weaver: Any = None, now: Point | None = None) -> Progress:
    """Compare two snapshots of a map (ids; None = the map now)."""
    def load(ref):
        if ref is None:
            return now or point_now(uow, map_id, weaver=weaver)
        snap = uow.snapshots.get(int(ref))
        if snap.map_id != map_id:
            from weaving.core.errors import NotFoundError
            raise NotFoundError("error.map_not_found", name=f"#{ref}")
        return point_of(uow, snap)

    b, a = load(before), load(after)
    if b.taken_at > a.taken_at:
        b, a = a, b
    diff = compare(b.graph, a.graph, metrics_before=b.metrics, metrics_after=a.metrics)
    confirmed = confirmed_between(map_introductions(uow, map_id), b.day, a.day)
    return Progress(b, a, diff, confirmed)


@dataclass(frozen=True)
class SnapshotInfo:
    """A stored snapshot without its graph, safe to use after the unit of work has closed."""
    id: int
    label: str
    taken_at: dt.datetime
    metrics: dict


def list_snapshots(uow, map_id: int) -> list[SnapshotInfo]:
    return [SnapshotInfo(s.id, s.label or "", s.taken_at, dict(s.metrics or {})) for s in uow.snapshots.list(map_id)]


def default_baseline(snapshots: Sequence, today: dt.date | None = None):
    """The snapshot to report progress since: the latest taken before today, else the latest."""
    if not snapshots:
        return None
    today = today or dt.date.today()
    earlier = [s for s in snapshots if s.taken_at.date() < today]
    return (earlier or list(snapshots))[-1]


def trend_rows(uow, map_id: int, now: Point | None = None) -> list[dict[str, Any]]:
    """One row per snapshot (oldest first), plus ``now`` if given: date, title and metrics."""
    rows = []
    for s in uow.snapshots.list(map_id):
        m = dict(s.metrics or {})
        rows.append({"id": s.id, "label": s.label or "", "taken_at": s.taken_at, "metrics": m})
    if now is not None:
        rows.append({"id": None, "label": "", "taken_at": now.taken_at, "metrics": now.metrics})
    return rows
