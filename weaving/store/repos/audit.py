"""The audit log: who changed what, newest first."""
from __future__ import annotations

from sqlalchemy import or_, select

from weaving.store.models import AuditEvent
from weaving.store.repos.base import _Repo


class AuditRepo(_Repo):
    """Audit events of the workspace (``uow.audit``); written by ``uow.record``."""

    def list(self, limit: int = 200) -> list[AuditEvent]:
        """The latest audit events of this workspace and those of no workspace.

        Parameters
        ----------
        limit : int, optional
            At most this many.

        Returns
        -------
        list of AuditEvent
            Newest first.
        """
        return list(
            self.s.scalars(
                select(AuditEvent).where(or_(AuditEvent.workspace_id == self.ws.id, AuditEvent.workspace_id.is_(None)))
                .order_by(AuditEvent.id.desc()).limit(limit)
            )
        )
