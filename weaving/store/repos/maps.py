"""Maps: named views of a workspace's network (an area, a project)."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from sqlalchemy import delete, func, select, update

from weaving.core.errors import ConflictError, NotFoundError, ValidationError
import weaving.store.validate as V
from weaving.store.models import Actor, Link, Map, map_actors
from weaving.store.repos.base import MAX_MAP_NAME, _ids, _Repo

MAX_COORD = 1e6  # canvas pixels; anything beyond is a broken client, not a drawing
LINK_STATUS_ORDER = ("existing", "introduced", "desired", "ended")


class MapRepo(_Repo):
    """The maps of the unit of work's workspace (``uow.maps``)."""

    def create(self, name: str, *, area: str = "", description: str = "") -> Map:
        """Create a map.

        Parameters
        ----------
        name : str
            Unique in the workspace (by key, as :meth:`by_name`), at most 200
            characters; stored in normal form.
        area : str, optional
            Default area of its actors; the name when empty.
        description : str, optional
            Free text.

        Returns
        -------
        Map
            The new map (flushed, so it has an id).

        Raises
        ------
        ValidationError
            The name is empty or too long.
        ConflictError
            A map of that name exists.
        PermissionDenied
            The user is not an editor.
        """
        name = V.name(name, MAX_MAP_NAME)
        if self.by_name(name) is not None:
            raise ConflictError("error.map_exists", name=name)
        m = Map(workspace_id=self.ws.id, name=name, area=V.label(area, 200) or name, description=V.clean_text(description))
        self.s.add(m)
        self.uow.flush()
        self.uow.record("create", "map", m.id, name=name)
        return m

    def list(self) -> list[Map]:
        """All maps of the workspace.

        Returns
        -------
        list of Map
            Ordered by name.
        """
        return list(self.s.scalars(select(Map).where(Map.workspace_id == self.ws.id).order_by(Map.name)))

    def get(self, map_id: int) -> Map:
        """The map with this id.

        Parameters
        ----------
        map_id : int

        Returns
        -------
        Map

        Raises
        ------
        NotFoundError
            No such map in this workspace.
        """
        m = self.s.get(Map, map_id)
        if m is None or m.workspace_id != self.ws.id:
            raise NotFoundError("error.map_not_found", name=str(map_id))
        return m

    def revisions(self, map_ids) -> tuple[tuple[int, int, str], ...]:
        """What identifies the current content of some maps: the cache key of analyses.

        Every write that changes what a map shows raises its revision (see
        :mod:`weaving.store.revisions`); the creation time tells a new map from a
        deleted one that had the same id. One small query, no ORM objects.

        Parameters
        ----------
        map_ids : sequence of int

        Returns
        -------
        tuple of (int, int, str)
            ``(map id, revision, created at)`` per map, in the order given.

        Raises
        ------
        NotFoundError
            A map does not exist in this workspace.
        """
        ids = [int(i) for i in map_ids]
        if not ids:
            return ()
        t = Map.__table__
        rows = {r.id: r for r in self.s.execute(
            select(t.c.id, t.c.revision, t.c.created_at).where(t.c.id.in_(ids), t.c.workspace_id == self.ws.id))}
        missing = [i for i in ids if i not in rows]
        if missing:
            raise NotFoundError("error.map_not_found", name=str(missing[0]))
        return tuple((i, int(rows[i].revision), rows[i].created_at.isoformat()) for i in ids)

    def by_name(self, name: str) -> Map | None:
        """The map of this name (compared by :func:`weaving.core.names.name_key`).

        Parameters
        ----------
        name : str

        Returns
        -------
        Map or None
            None when there is no such map.
        """
        return self.s.scalar(
            select(Map).where(Map.workspace_id == self.ws.id, func.lower(Map.name) == V.name_key(name))
        )

    def require(self, name: str) -> Map:
        """The map of this name (case-insensitive).

        Parameters
        ----------
        name : str

        Returns
        -------
        Map

        Raises
        ------
        NotFoundError
            No map of that name.
        """
        m = self.by_name(name)
        if m is None:
            raise NotFoundError("error.map_not_found", name=V.clean_text(name)[:200])
        return m

    def rename(self, map_id: int, name: str, *, area: str | None = None, description: str | None = None) -> Map:
        """Rename a map and optionally change its area and description.

        Parameters
        ----------
        map_id : int
        name : str
            The new name (may differ from the old one only in case).
        area, description : str or None, optional
            New values; None keeps the current one.

        Returns
        -------
        Map

        Raises
        ------
        NotFoundError
            No such map.
        ValidationError
            The name is empty or too long.
        ConflictError
            Another map has that name.
        PermissionDenied
            The user is not an editor.
        """
        m = self.get(map_id)
        name = V.name(name, MAX_MAP_NAME)
        other = self.by_name(name)
        if other is not None and other.id != m.id:
            raise ConflictError("error.map_exists", name=name)
        m.name = name
        if area is not None:
            m.area = V.label(area, 200)
        if description is not None:
            m.description = V.clean_text(description)
        self.uow.flush()
        self.uow.record("update", "map", m.id, name=name)
        return m

    def delete(self, map_id: int) -> None:
        """Delete a map with its challenges and snapshots; actors on no other map are
        deleted with their links. Admins only.

        Parameters
        ----------
        map_id : int

        Raises
        ------
        PermissionDenied
            The user is not an admin.
        NotFoundError
            No such map.
        """
        self.uow.require("admin")
        m = self.get(map_id)
        actor_ids = [a.id for a in m.actors]
        self.s.delete(m)
        self.uow.flush()
        if actor_ids:
            still = set(self.s.scalars(select(map_actors.c.actor_id).where(map_actors.c.actor_id.in_(actor_ids))))
            orphans = [a for a in actor_ids if a not in still]
            if orphans:
                self.s.execute(delete(Actor).where(Actor.id.in_(orphans)))
        self.uow.flush()
        self.uow.record("delete", "map", map_id)

    def counts(self) -> dict[int, dict[str, int]]:
        """Actors and links per map (for overview tables).

        Returns
        -------
        dict
            ``{map_id: {"actors": n, "links": n, "existing": n, "introduced": n,
            "desired": n, "ended": n}}``; a link counts when both ends are on the map,
            ``links`` counts every status.
        """
        return {m.id: {"actors": len(m.actors), **self.link_counts([m.id])} for m in self.list()}

    def link_counts(self, map_ids: int | Sequence[int]) -> dict[str, int]:
        """Links between actors of the map(s), by status: the one count every page shows.

        Returns
        -------
        dict
            ``{"existing": n, "introduced": n, "desired": n, "ended": n, "links": total}``.
        """
        members = select(map_actors.c.actor_id).where(map_actors.c.map_id.in_(_ids(map_ids)))
        rows = self.s.execute(
            select(Link.status, func.count(Link.id))
            .where(Link.workspace_id == self.ws.id, Link.source_id.in_(members), Link.target_id.in_(members))
            .group_by(Link.status)
        )
        out = dict.fromkeys(LINK_STATUS_ORDER, 0)
        for status, n in rows:
            out[status] = int(n)
        out["links"] = sum(out[s] for s in LINK_STATUS_ORDER)
        return out

    def positions(self, map_id: int) -> dict[int, tuple[float, float]]:
        """Where each placed actor sits on the map (drawn on the canvas).

        Returns
        -------
        dict
            ``{actor_id: (x, y)}`` for the actors that have a position.
        """
        rows = self.s.execute(
            select(map_actors.c.actor_id, map_actors.c.x, map_actors.c.y)
            .where(map_actors.c.map_id == map_id, map_actors.c.x.is_not(None), map_actors.c.y.is_not(None))
        )
        return {int(a): (float(x), float(y)) for a, x, y in rows}

    def place(self, map_id: int, positions: Mapping[int, tuple[float, float]]) -> int:
        """Store where actors sit on the map, so it looks as drawn next time.

        Parameters
        ----------
        map_id : int
        positions : mapping
            ``{actor_id: (x, y)}``; actors not on the map are ignored.

        Returns
        -------
        int
            How many actors were placed.

        Raises
        ------
        ValidationError
            A coordinate is not a finite number within ±1,000,000.
        PermissionDenied
            The user is not an editor.
        """
        m = self.get(map_id)
        self.uow.require("editor")
        clean: dict[int, tuple[float, float]] = {}
        for actor, xy in positions.items():
            try:
                x, y = (float(v) for v in xy)
            except (TypeError, ValueError) as exc:
                raise ValidationError("error.bad_value", field="x/y", value=str(xy)[:40]) from exc
            if not all(math.isfinite(v) and abs(v) <= MAX_COORD for v in (x, y)):
                raise ValidationError("error.bad_value", field="x/y", value=str(xy)[:40])
            clean[int(actor)] = (round(x, 1), round(y, 1))
        placed = 0
        for actor, (x, y) in clean.items():
            result = self.s.execute(
                update(map_actors).where(map_actors.c.map_id == m.id, map_actors.c.actor_id == actor)
                .values(x=x, y=y)
            )
            placed += result.rowcount or 0
        if placed:
            self.touch([m.id])
        return placed

    def touch(self, map_ids: Sequence[int]) -> None:
        """Bump the revision of maps whose picture changed (cached analyses key on it)."""
        ids = sorted({int(i) for i in map_ids})
        if ids:
            self.uow.require("editor")
            self.s.execute(update(Map).where(Map.id.in_(ids)).values(revision=Map.revision + 1))
