"""Actors: the organisations, groups and people of a workspace, with their contact persons."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from weaving.core.errors import ConflictError, NotFoundError, ValidationError
import weaving.store.validate as V
from weaving.store.models import Actor, ContactPerson, map_actors
from weaving.store.repos.base import MAX_PERSON_NAME, _check_version, _ids, _Repo

ACTOR_FIELDS = ("name", "type", "sector", "area", "themes", "target_groups", "resources", "description", "is_weaver")


def _actor_values(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "name":
            out[key] = V.name(value)
        elif key == "type":
            out[key] = V.actor_type(value)
        elif key == "sector":
            out[key] = V.sector(value)
        elif key == "area":
            out[key] = V.label(value, 200)
        elif key in ("themes", "target_groups", "resources"):
            out[key] = V.tags(value)
        elif key == "description":
            out[key] = V.clean_text(value)
        elif key == "is_weaver":
            out[key] = bool(value)
        else:
            raise ValidationError("error.bad_value", field=key, value="")
    return out


def _contact(c: dict[str, Any] | str) -> ContactPerson:
    if isinstance(c, str):
        c = {"name": c}
    return ContactPerson(
        name=V.name(c.get("name"), MAX_PERSON_NAME),
        role=V.clean_text(c.get("role"), max_len=300),
        email=V.clean_text(c.get("email"), max_len=300),
        phone=V.clean_text(c.get("phone"), max_len=100),
    )


class ActorRepo(_Repo):
    """The actors of the unit of work's workspace (``uow.actors``).

    An actor belongs to the workspace and may be on several maps; its name is unique in
    the workspace: names are stored in normal form and compared by
    :func:`weaving.core.names.name_key` (case, spaces, invisible characters and
    composed/decomposed letters do not make another name).
    """

    def by_name(self, name: str) -> Actor | None:
        """The actor of this name (compared by :func:`weaving.core.names.name_key`).

        Parameters
        ----------
        name : str

        Returns
        -------
        Actor or None
            None when there is no such actor.
        """
        return self.s.scalar(
            select(Actor).where(Actor.workspace_id == self.ws.id, func.lower(Actor.name) == V.name_key(name))
        )

    def add(
        self,
        map_ids: int | Sequence[int] | None,
        *,
        name: str,
        contacts: Iterable[dict[str, Any] | str] = (),
        **fields: Any,
    ) -> Actor:
        """Add an actor, optionally onto maps.

        Parameters
        ----------
        map_ids : int, sequence of int or None
            The maps it is on (None or empty: none).
        name : str
            Unique in the workspace (by key); stored in normal form.
        contacts : iterable of dict or str, optional
            Contact persons: names, or dicts with ``name`` and optional ``role``,
            ``email``, ``phone``.
        **fields
            Any of ``type``, ``sector``, ``area`` (default: the first map's area),
            ``themes``, ``target_groups``, ``resources``, ``description``, ``is_weaver``.

        Returns
        -------
        Actor
            The new actor (flushed, so it has an id).

        Raises
        ------
        ValidationError
            A value is invalid or a field is unknown.
        ConflictError
            An actor of that name exists.
        NotFoundError
            A map does not exist.
        PermissionDenied
            The user is not an editor.
        """
        values = _actor_values({"name": name, **fields})
        if self.by_name(values["name"]) is not None:
            raise ConflictError("error.duplicate_actor", name=values["name"])
        people = [_contact(c) for c in contacts]  # validate everything before building
        maps = [self.uow.maps.get(i) for i in _ids(map_ids)]
        values.setdefault("area", maps[0].area if maps else "")
        actor = Actor(workspace_id=self.ws.id, **values)
        actor.maps = maps
        actor.contacts = people
        self.s.add(actor)
        self.uow.flush()
        self.uow.record("create", "actor", actor.id, name=actor.name)
        return actor

    def get(self, actor_id: int) -> Actor:
        """The actor with this id.

        Parameters
        ----------
        actor_id : int

        Returns
        -------
        Actor

        Raises
        ------
        NotFoundError
            No such actor in this workspace.
        """
        a = self.s.get(Actor, actor_id)
        if a is None or a.workspace_id != self.ws.id:
            raise NotFoundError("error.actor_not_found", id=actor_id)
        return a

    def list(self, map_ids: int | Sequence[int] | None = None) -> list[Actor]:
        """Actors of the workspace, or of some maps.

        Parameters
        ----------
        map_ids : int, sequence of int or None, optional
            None: every actor of the workspace; otherwise those on any of these maps.

        Returns
        -------
        list of Actor
            Ordered by name (case-insensitive), contacts and maps loaded.
        """
        q = select(Actor).where(Actor.workspace_id == self.ws.id).options(
            selectinload(Actor.contacts), selectinload(Actor.maps)
        )
        ids = _ids(map_ids)
        if map_ids is not None:
            q = q.where(Actor.id.in_(select(map_actors.c.actor_id).where(map_actors.c.map_id.in_(ids))))
        return list(self.s.scalars(q.order_by(func.lower(Actor.name), Actor.id)))

    def update(self, actor_id: int, expected_version: int | None = None, **fields: Any) -> Actor:
        """Change an actor's fields; an audit event is written only if something changed.

        Parameters
        ----------
        actor_id : int
        expected_version : int or None, optional
            The version the caller saw (optimistic locking); None skips the check.
        **fields
            Any of ``name``, ``type``, ``sector``, ``area``, ``themes``,
            ``target_groups``, ``resources``, ``description``, ``is_weaver``.

        Returns
        -------
        Actor

        Raises
        ------
        NotFoundError
            No such actor.
        ConflictError
            The version differs, or another actor has the new name.
        ValidationError
            A value is invalid or a field is unknown.
        PermissionDenied
            The user is not an editor.
        """
        actor = self.get(actor_id)
        _check_version(actor, expected_version)
        values = _actor_values(fields)
        if "name" in values:
            other = self.by_name(values["name"])
            if other is not None and other.id != actor.id:
                raise ConflictError("error.duplicate_actor", name=values["name"])
        changed = {k: v for k, v in values.items() if getattr(actor, k) != v}
        for k, v in changed.items():
            setattr(actor, k, v)
        if changed:
            self.uow.flush()
            self.uow.record("update", "actor", actor.id, fields=sorted(changed))
        return actor

    def set_contacts(self, actor_id: int, contacts: Iterable[dict[str, Any] | str]) -> Actor:
        """Replace an actor's contact persons.

        Parameters
        ----------
        actor_id : int
        contacts : iterable of dict or str
            Names, or dicts with ``name`` and optional ``role``, ``email``, ``phone``.
            A dict whose ``id`` is one of the actor's contacts updates that person in
            place, so the links the person carries keep them.

        Returns
        -------
        Actor

        Raises
        ------
        NotFoundError
            No such actor.
        ValidationError
            A contact's name is empty or too long.
        PermissionDenied
            The user is not an editor.
        """
        actor = self.get(actor_id)
        by_id = {p.id: p for p in actor.contacts}
        kept: list[ContactPerson] = []
        for c in contacts:
            fresh = _contact(c)  # validates every value before anything changes
            person = by_id.get(c.get("id")) if isinstance(c, dict) else None
            if person is None:
                kept.append(fresh)
                continue
            for key in ("name", "role", "email", "phone"):
                setattr(person, key, getattr(fresh, key))
            kept.append(person)
        actor.contacts = kept
        self.uow.flush()
        self.uow.record("update", "actor", actor.id, fields=["contacts"])
        return actor

    def add_to_map(self, actor_id: int, map_id: int) -> None:
        """Put an actor on a map (nothing happens if it is already there).

        Parameters
        ----------
        actor_id, map_id : int

        Raises
        ------
        NotFoundError
            No such actor or map.
        PermissionDenied
            The user is not an editor.
        """
        actor, m = self.get(actor_id), self.uow.maps.get(map_id)
        if m not in actor.maps:
            actor.maps.append(m)
            self.uow.flush()
            self.uow.record("add_to_map", "actor", actor.id, map_id=map_id)

    def remove_from_map(self, actor_id: int, map_id: int) -> None:
        """Take an actor off a map; it stays in the workspace.

        Parameters
        ----------
        actor_id, map_id : int

        Raises
        ------
        NotFoundError
            No such actor or map.
        PermissionDenied
            The user is not an editor.
        """
        actor, m = self.get(actor_id), self.uow.maps.get(map_id)
        if m in actor.maps:
            actor.maps.remove(m)
            self.uow.flush()
            self.uow.record("remove_from_map", "actor", actor.id, map_id=map_id)

    def delete(self, actor_id: int, expected_version: int | None = None) -> None:
        """Delete an actor with its contact persons and links.

        Parameters
        ----------
        actor_id : int
        expected_version : int or None, optional
            The version the caller saw; None skips the check.

        Raises
        ------
        NotFoundError
            No such actor.
        ConflictError
            The version differs.
        PermissionDenied
            The user is not an editor.
        """
        actor = self.get(actor_id)
        _check_version(actor, expected_version)
        name = actor.name
        self.s.delete(actor)
        self.uow.flush()
        self.uow.record("delete", "actor", actor_id, name=name)
