"""Contact persons: the people at an actor, and erasing one everywhere (GDPR)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from weaving.core.errors import ValidationError
import weaving.store.validate as V
from weaving.store.models import Actor, ContactPerson, Map, Snapshot
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

    def erase(self, name: str) -> int:
        """Erase a contact person everywhere (contacts, link carriers, snapshots, survey answers). Admins only.

        The audit entry records how many places, never the name.

        Parameters
        ----------
        name : str
            Matched by :func:`weaving.core.names.name_key` (any spelling of it).

        Returns
        -------
        int
            Contact persons deleted plus snapshots and survey answers scrubbed.

        Raises
        ------
        PermissionDenied
            The user is not an admin.
        ValidationError
            The name is empty.
        """
        self.uow.require("admin")
        wanted = V.name_key(name)
        if not wanted:
            raise ValidationError("error.name_empty")
        people = self.find(name)
        for p in people:
            self.s.delete(p)
        scrubbed = 0
        for snap in self.s.scalars(
            select(Snapshot).join(Map).where(Map.workspace_id == self.ws.id)
        ):
            graph = snap.graph
            changed = False
            for node in graph.get("nodes", []):
                contacts = node.get("contacts") or []
                kept = [c for c in contacts if V.name_key(c) != wanted]
                if len(kept) != len(contacts):
                    node["contacts"], changed = kept, True
            for link in graph.get("links", []):
                carriers = link.get("carried_by") or []
                kept = [c for c in carriers if V.name_key(c) != wanted]
                if len(kept) != len(carriers):
                    link["carried_by"], changed = kept, True
            if changed:
                flag_modified(snap, "graph")
                scrubbed += 1
        answers = self.uow.surveys.erase_contact(wanted)   # a contact person given in a survey answer
        self.uow.flush()
        self.uow.record("erase", "contact", None, contacts=len(people), snapshots=scrubbed, survey_answers=answers)
        return len(people) + scrubbed + answers
