"""Links: relationships between two actors (one per pair and kind)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from weaving.core.errors import ConflictError, NotFoundError, ValidationError
import weaving.store.validate as V
from weaving.store.models import Actor, ContactPerson, Link, map_actors
from weaving.store.repos.base import MAX_PERSON_NAME, _check_version, _ids, _Repo

LINK_FIELDS = ("kind", "strength", "status", "directed", "start_date", "end_date", "purpose", "place", "carried_by")


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError("error.dates_order")


class LinkRepo(_Repo):
    """The links of the unit of work's workspace (``uow.links``).

    A pair of actors has at most one link of each kind, whichever way round.
    """

    def _values(self, fields: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "kind":
                out[key] = V.link_kind(value)
            elif key == "strength":
                out[key] = V.strength(value)
            elif key == "status":
                out[key] = V.link_status(value)
            elif key == "directed":
                out[key] = bool(value)
            elif key in ("start_date", "end_date"):
                out[key] = V.date(value)
            elif key == "purpose":
                out[key] = V.clean_text(value)
            elif key == "place":
                out[key] = V.clean_text(value, max_len=300)
            elif key == "carried_by":
                out[key] = value
            else:
                raise ValidationError("error.bad_value", field=key, value="")
        return out

    def add(self, source_id: int, target_id: int, **fields: Any) -> Link:
        """Link two actors.

        Parameters
        ----------
        source_id, target_id : int
            Two different actors.
        **fields
            Any of ``kind`` (default ``dialogue``), ``strength`` (1-3), ``status``,
            ``directed``, ``start_date``, ``end_date`` (dates or ISO strings),
            ``purpose``, ``place``, ``carried_by`` (contact persons, their ids, or
            names; a new name becomes a contact of the source).

        Returns
        -------
        Link
            The new link (flushed, so it has an id).

        Raises
        ------
        ValidationError
            Both ends are the same actor, a value is invalid, a field is unknown, or
            the end date is before the start date.
        ConflictError
            The pair already has a link of this kind.
        NotFoundError
            An actor or a carrier id does not exist.
        PermissionDenied
            The user is not an editor.
        """
        if source_id == target_id:
            raise ValidationError("error.self_link")
        src, tgt = self.uow.actors.get(source_id), self.uow.actors.get(target_id)
        values = self._values({"kind": fields.pop("kind", None), **fields})
        _check_dates(values.get("start_date"), values.get("end_date"))
        lo, hi = sorted((src.id, tgt.id))
        if self.find(src.id, tgt.id, values["kind"]) is not None:
            raise ConflictError("error.duplicate_link", kind=values["kind"])
        carriers = values.pop("carried_by", None) or []
        link = Link(workspace_id=self.ws.id, source_id=src.id, target_id=tgt.id, pair_lo=lo, pair_hi=hi, **values)
        link.carried_by = self._carriers(src, tgt, carriers)
        self.s.add(link)
        self.uow.flush()
        self.uow.record("create", "link", link.id, source=src.id, target=tgt.id, kind=link.kind)
        return link

    def _carriers(self, src: Actor, tgt: Actor, carriers: Iterable[Any]) -> list[ContactPerson]:
        """Carriers are contact persons of either end; a new name becomes a contact of the source."""
        out: list[ContactPerson] = []
        for c in carriers:
            if isinstance(c, ContactPerson):
                person = c
            elif isinstance(c, int):
                person = self.s.get(ContactPerson, c)
                if person is None:
                    raise NotFoundError("error.actor_not_found", id=c)
            else:
                cname = V.name(c, MAX_PERSON_NAME)
                key = V.name_key(cname)
                person = next((p for p in [*src.contacts, *tgt.contacts] if V.name_key(p.name) == key), None)
                if person is None:
                    person = ContactPerson(name=cname)
                    src.contacts.append(person)
            if person not in out:
                out.append(person)
        return out

    def find(self, a: int, b: int, kind: str) -> Link | None:
        """The link of this kind between two actors, whichever way round.

        Parameters
        ----------
        a, b : int
            Actor ids.
        kind : str
            A link kind, as stored (lower case).

        Returns
        -------
        Link or None
        """
        lo, hi = sorted((a, b))
        return self.s.scalar(select(Link).where(Link.pair_lo == lo, Link.pair_hi == hi, Link.kind == kind))

    def get(self, link_id: int) -> Link:
        """The link with this id.

        Parameters
        ----------
        link_id : int

        Returns
        -------
        Link

        Raises
        ------
        NotFoundError
            No such link in this workspace.
        """
        link = self.s.get(Link, link_id)
        if link is None or link.workspace_id != self.ws.id:
            raise NotFoundError("error.link_not_found", id=link_id)
        return link

    def between(self, a: int, b: int) -> list[Link]:
        """Every link (of any kind) between two actors, whichever way round.

        Parameters
        ----------
        a, b : int
            Actor ids.

        Returns
        -------
        list of Link
            Ordered by id.
        """
        lo, hi = sorted((a, b))
        return list(self.s.scalars(select(Link).where(Link.pair_lo == lo, Link.pair_hi == hi).order_by(Link.id)))

    def list(self, map_ids: int | Sequence[int] | None = None) -> list[Link]:
        """Links of the workspace, or of some maps.

        Parameters
        ----------
        map_ids : int, sequence of int or None, optional
            None: every link of the workspace; otherwise those whose two ends are both
            on (any of) these maps.

        Returns
        -------
        list of Link
            Ordered by id, carriers loaded.
        """
        q = select(Link).where(Link.workspace_id == self.ws.id).options(selectinload(Link.carried_by))
        if map_ids is not None:
            members = select(map_actors.c.actor_id).where(map_actors.c.map_id.in_(_ids(map_ids)))
            q = q.where(Link.source_id.in_(members), Link.target_id.in_(members))
        return list(self.s.scalars(q.order_by(Link.id)))

    def update(self, link_id: int, expected_version: int | None = None, **fields: Any) -> Link:
        """Change a link's fields; an audit event is written only if something changed.

        Parameters
        ----------
        link_id : int
        expected_version : int or None, optional
            The version the caller saw (optimistic locking); None skips the check.
        **fields
            As for :meth:`add`; ``carried_by`` replaces the carriers.

        Returns
        -------
        Link

        Raises
        ------
        NotFoundError
            No such link (or carrier id).
        ConflictError
            The version differs, or the pair already has a link of the new kind.
        ValidationError
            A value is invalid, a field is unknown, or the dates are out of order.
        PermissionDenied
            The user is not an editor.
        """
        link = self.get(link_id)
        _check_version(link, expected_version)
        values = self._values(fields)
        carriers = values.pop("carried_by", None)
        if "kind" in values and values["kind"] != link.kind:
            other = self.find(link.source_id, link.target_id, values["kind"])
            if other is not None:
                raise ConflictError("error.duplicate_link", kind=values["kind"])
        _check_dates(values.get("start_date", link.start_date), values.get("end_date", link.end_date))
        changed = {k: v for k, v in values.items() if getattr(link, k) != v}
        for k, v in changed.items():
            setattr(link, k, v)
        if carriers is not None:
            link.carried_by = self._carriers(link.source, link.target, carriers)
            changed["carried_by"] = True
        if changed:
            self.uow.flush()
            self.uow.record("update", "link", link.id, fields=sorted(changed))
        return link

    def delete(self, link_id: int, expected_version: int | None = None) -> None:
        """Delete a link.

        Parameters
        ----------
        link_id : int
        expected_version : int or None, optional
            The version the caller saw; None skips the check.

        Raises
        ------
        NotFoundError
            No such link.
        ConflictError
            The version differs.
        PermissionDenied
            The user is not an editor.
        """
        link = self.get(link_id)
        _check_version(link, expected_version)
        self.s.delete(link)
        self.uow.flush()
        self.uow.record("delete", "link", link_id)
