"""Maps: named views of a workspace's network (an area, a project)."""
from __future__ import annotations

from sqlalchemy import delete, func, select

from weaving.core.errors import ConflictError, NotFoundError
import weaving.store.validate as V
from weaving.store.models import Actor, Link, Map, map_actors
from weaving.store.repos.base import MAX_MAP_NAME, _Repo


class MapRepo(_Repo):
    """The maps of the unit of work's workspace (``uow.maps``)."""

    def create(self, name: str, *, area: str = "", description: str = "") -> Map:
        """Create a map.

        Parameters
        ----------
        name : str
            Unique in the workspace (case-insensitive), at most 200 characters.
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
        m = Map(workspace_id=self.ws.id, name=name, area=V.clean_text(area, max_len=200) or name, description=V.clean_text(description))
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

    def by_name(self, name: str) -> Map | None:
        """The map of this name (case-insensitive).

        Parameters
        ----------
        name : str

        Returns
        -------
        Map or None
            None when there is no such map.
        """
        return self.s.scalar(
            select(Map).where(Map.workspace_id == self.ws.id, func.lower(Map.name) == V.clean_text(name).lower())
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
            m.area = V.clean_text(area, max_len=200)
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
            ``{map_id: {"actors": n, "links": n}}``; a link counts when both ends are
            on the map.
        """
        out: dict[int, dict[str, int]] = {}
        for m in self.list():
            ids = {a.id for a in m.actors}
            n_links = self.s.scalar(
                select(func.count(Link.id)).where(Link.source_id.in_(ids), Link.target_id.in_(ids))
            ) if ids else 0
            out[m.id] = {"actors": len(ids), "links": int(n_links or 0)}
        return out
