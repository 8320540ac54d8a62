"""Contact persons: the people at an actor, who may see them (personal data: editors and
admins), the audit of exports that include them, and erasing one everywhere (GDPR)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from weaving.core.access import PERSONAL_DATA_ROLE, may_see_personal
from weaving.core.errors import PermissionDenied
import weaving.store.validate as V
from weaving.store.erasure import Erasure, erase_contact
from weaving.store.models import Actor, ContactPerson
from weaving.store.repos.base import _Repo


class ContactRepo(_Repo):
    """Contact persons across the workspace's actors (``uow.contacts``)."""

    def find(self, name: str) -> list[ContactPerson]:
        """Contact persons of this name (by :func:`weaving.core.names.name_key`) at any actor of the workspace.

        Parameters
        ----------
        name : str

        Returns
        -------
        list of ContactPerson
        """
        wanted = V.name_key(name)
        return list(
            self.s.scalars(
                select(ContactPerson).join(Actor).where(
                    Actor.workspace_id == self.ws.id, func.lower(ContactPerson.name) == wanted
                )
            )
        )

    # -- who may see personal data (weaving.core.access.PERSONAL_DATA_ROLE) ----------
    def visible(self) -> bool:
        """True when the user may see and export contact persons (editors and admins;
        never viewers, survey respondents or users without a role)."""
        return may_see_personal(self.uow.role)

    def require_visible(self) -> None:
        """Refuse personal data to a user below editor.

        Raises
        ------
        PermissionDenied
            ``error.personal_data``: the user is a viewer, a respondent or has no role.
        """
        if not self.visible():
            raise PermissionDenied("error.personal_data", role=PERSONAL_DATA_ROLE)

    def of_actor(self, actor_id: int) -> list[ContactPerson]:
        """The contact persons of one actor, for a user who may see them.

        Raises
        ------
        PermissionDenied
            The user may not see personal data.
        NotFoundError
            No such actor.
        """
        self.require_visible()
        return list(self.uow.actors.get(actor_id).contacts)

    def record_export(self, map_ids, fmt: str, **detail: Any) -> None:
        """Audit an export that includes contact persons: who (the unit of work's user),
        which maps (ids and names) and the format. The caller commits.

        Parameters
        ----------
        map_ids : iterable of int or None
            None: every map (a whole-database backup).
        fmt : str
            The file format (``json``, ``csv``, ..., ``backup``).
        **detail
            More JSON-serialisable details (``anonymised``, ``via``).

        Raises
        ------
        PermissionDenied
            The user may not see personal data.
        """
        self.require_visible()
        if map_ids is None:
            self.uow.record("export_personal", "map", None, maps="all", format=str(fmt), **detail)
            return
        maps = [self.uow.maps.get(int(i)) for i in map_ids]
        self.uow.record("export_personal", "map", maps[0].id if len(maps) == 1 else None,
                        maps=[m.id for m in maps], map_names=[m.name for m in maps], format=str(fmt), **detail)

    # -- erasure (weaving.store.erasure) ---------------------------------------------
    def erase(self, name: str, *, free_text: bool = False) -> Erasure:
        """Erase a contact person everywhere (contacts, link carriers, snapshots, survey
        answers) and report every place; admins only. See :func:`weaving.store.erasure.erase_contact`.

        The audit entry records the counts, never the name.

        Parameters
        ----------
        name : str
            Matched by :func:`weaving.core.names.name_key` (any spelling of it).
        free_text : bool, optional
            Also replace mentions of the name in free text with
            :data:`weaving.store.erasure.MARKER`; without it they are only counted.

        Returns
        -------
        weaving.store.erasure.Erasure

        Raises
        ------
        PermissionDenied
            The user is not an admin.
        ValidationError
            The name is empty.
        NotFoundError
            The name is nowhere (the error suggests near names); nothing was changed.
        """
        return erase_contact(self.uow, name, free_text=free_text)
