"""Snapshots: a map's graph (and metrics) frozen at a moment, to follow change over time."""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import networkx as nx
from networkx.readwrite import json_graph
from sqlalchemy import select

from weaving.core.errors import NotFoundError
import weaving.store.validate as V
from weaving.store.bridge import graph_from_maps
from weaving.store.models import Snapshot
from weaving.store.repos.base import _Repo


class SnapshotRepo(_Repo):
    """The snapshots of maps (``uow.snapshots``)."""

    def take(self, map_id: int, label: str = "", *, metrics: dict[str, Any] | None = None, at: dt.datetime | None = None) -> Snapshot:
        """Store the map's current graph, contact names included.

        Parameters
        ----------
        map_id : int
        label : str, optional
        metrics : dict or None, optional
            Numbers to keep with it (JSON-serialisable).
        at : datetime.datetime or None, optional
            When it was taken (default now).

        Returns
        -------
        Snapshot

        Raises
        ------
        NotFoundError
            No such map.
        PermissionDenied
            The user is not an editor.
        """
        self.uow.require("editor")
        m = self.uow.maps.get(map_id)
        G = graph_from_maps(self.uow, [m.id], include_personal=True)
        data = json_graph.node_link_data(G, edges="links")
        snap = Snapshot(map_id=m.id, label=V.clean_text(label, max_len=300), graph=data, metrics=metrics or {})
        if at is not None:
            snap.taken_at = at
        self.s.add(snap)
        self.uow.flush()
        self.uow.record("create", "snapshot", snap.id, map_id=m.id)
        return snap

    def list(self, map_id: int) -> list[Snapshot]:
        """The snapshots of a map.

        Parameters
        ----------
        map_id : int

        Returns
        -------
        list of Snapshot
            Oldest first.
        """
        return list(self.s.scalars(select(Snapshot).where(Snapshot.map_id == map_id).order_by(Snapshot.taken_at, Snapshot.id)))

    def get(self, snap_id: int) -> Snapshot:
        """The snapshot with this id.

        Parameters
        ----------
        snap_id : int

        Returns
        -------
        Snapshot

        Raises
        ------
        NotFoundError
            No such snapshot.
        """
        snap = self.s.get(Snapshot, snap_id)
        if snap is None:
            raise NotFoundError("error.map_not_found", name=f"#{snap_id}")
        return snap

    def graph(self, snap_id: int) -> nx.Graph:
        """A snapshot's graph, rebuilt.

        Parameters
        ----------
        snap_id : int

        Returns
        -------
        networkx.MultiGraph
            As :func:`weaving.store.bridge.graph_from_maps` made it.

        Raises
        ------
        NotFoundError
            No such snapshot.
        """
        return json_graph.node_link_graph(self.graph_data(self.get(snap_id)), edges="links")

    def graph_data(self, snap: Snapshot) -> dict[str, Any]:
        """A snapshot's stored node-link data as this user may see it: as stored for
        editors and admins; for anyone else (personal data, ``uow.contacts.visible``)
        a copy without node contacts and with link carriers as ``contact:<n>``.

        Parameters
        ----------
        snap : Snapshot

        Returns
        -------
        dict
        """
        if self.uow.contacts.visible():
            return snap.graph
        return without_personal(snap.graph)

    def delete(self, snap_id: int) -> None:
        """Delete a snapshot.

        Parameters
        ----------
        snap_id : int

        Raises
        ------
        NotFoundError
            No such snapshot.
        PermissionDenied
            The user is not an editor.
        """
        self.s.delete(self.get(snap_id))
        self.uow.flush()
        self.uow.record("delete", "snapshot", snap_id)


def without_personal(graph: dict[str, Any]) -> dict[str, Any]:
    """A copy of node-link data without contact persons: nodes lose ``contacts``, link
    carriers become ``contact:<n>`` (one number per person within this graph)."""
    data = copy.deepcopy(graph)
    numbers: dict[str, str] = {}
    for node in data.get("nodes", []):
        node.pop("contacts", None)
    for link in data.get("links", []):
        if "carried_by" in link:
            link["carried_by"] = [c if str(c).startswith("contact:")
                                  else numbers.setdefault(V.name_key(c), f"contact:{len(numbers) + 1}")
                                  for c in link.get("carried_by") or []]
    return data
