"""Introductions: suggested and made introductions between two actors, and their outcome."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import select

from weaving.core.errors import NotFoundError, ValidationError
from weaving.core.schema import DISMISS_REASONS, intro_outcome
import weaving.store.validate as V
from weaving.store.models import Introduction
from weaving.store.repos.base import _check_version, _ids, _Repo


class IntroductionRepo(_Repo):
    """The introductions of the unit of work's workspace (``uow.introductions``).

    Status runs suggested -> made -> confirmed or declined; confirming one links the pair.
    A suggestion the weaver does not want is *dismissed* with a reason
    (``core.schema.DISMISS_REASONS``).  Made, confirmed, declined and dismissed
    introductions are the outcomes the link model learns from (:meth:`outcomes`).
    """

    def record(
        self,
        a: int,
        b: int,
        *,
        map_id: int | None = None,
        mode: str = "",
        reason: str = "",
        score: float = 0.0,
        level: str = "suggest",
        status: str = "suggested",
        on: dt.date | None = None,
        note: str = "",
        dismiss_reason: str = "",
    ) -> Introduction:
        """Record an introduction between two actors.

        Parameters
        ----------
        a, b : int
            Two different actors.
        map_id : int or None, optional
            The map it was suggested for.
        mode, reason, note : str, optional
            How it was found, why, and a free note.
        score : float, optional
            The suggestion's score.
        level : str, optional
            An introduction level (default ``suggest``).
        status : str, optional
            Anything but ``suggested`` is then applied as by :meth:`set_status`.
        on : datetime.date or None, optional
            The day (default today).
        dismiss_reason : str, optional
            With ``status="dismissed"``: one of ``DISMISS_REASONS``.

        Returns
        -------
        Introduction

        Raises
        ------
        ValidationError
            Both actors are the same, or the level or status is unknown.
        NotFoundError
            An actor or the map does not exist.
        PermissionDenied
            The user is not an editor.
        """
        if a == b:
            raise ValidationError("error.self_link")
        self.uow.actors.get(a), self.uow.actors.get(b)
        if map_id is not None:
            self.uow.maps.get(map_id)
        status = V.intro_status(status)
        intro = Introduction(
            workspace_id=self.ws.id, map_id=map_id, actor_a_id=a, actor_b_id=b,
            mode=V.clean_text(mode, max_len=50), reason=V.clean_text(reason), score=float(score),
            level=V.intro_level(level), status="suggested", suggested_on=on or dt.date.today(),
            note=V.clean_text(note),
        )
        self.s.add(intro)
        self.uow.flush()
        self.uow.record("create", "introduction", intro.id, a=a, b=b)
        if status != "suggested":
            self.set_status(intro.id, status, on=on, dismiss_reason=dismiss_reason)
        return intro

    def get(self, intro_id: int) -> Introduction:
        """The introduction with this id.

        Parameters
        ----------
        intro_id : int

        Returns
        -------
        Introduction

        Raises
        ------
        NotFoundError
            No such introduction in this workspace.
        """
        intro = self.s.get(Introduction, intro_id)
        if intro is None or intro.workspace_id != self.ws.id:
            raise NotFoundError("error.link_not_found", id=intro_id)
        return intro

    def list(self, map_ids: int | Sequence[int] | None = None, statuses: Iterable[str] | None = None) -> list[Introduction]:
        """Introductions of the workspace, optionally filtered.

        Parameters
        ----------
        map_ids : int, sequence of int or None, optional
            Only those recorded for these maps.
        statuses : iterable of str or None, optional
            Only those in these statuses.

        Returns
        -------
        list of Introduction
            Ordered by id.
        """
        q = select(Introduction).where(Introduction.workspace_id == self.ws.id)
        if map_ids is not None:
            q = q.where(Introduction.map_id.in_(_ids(map_ids)))
        if statuses is not None:
            q = q.where(Introduction.status.in_(list(statuses)))
        return list(self.s.scalars(q.order_by(Introduction.id)))

    def set_status(
        self, intro_id: int, status: str, *, on: dt.date | None = None, level: str | None = None,
        expected_version: int | None = None, kind: str = "dialogue", dismiss_reason: str = "",
    ) -> Introduction:
        """Move an introduction on: suggested -> made -> confirmed, or declined, or dismissed.

        Confirming links the pair: to an existing or introduced link if there is one,
        else a desired link becomes ``introduced``, else a new ``introduced`` link of
        ``kind`` is added.

        Parameters
        ----------
        intro_id : int
        status : str
            ``suggested``, ``made``, ``confirmed``, ``declined`` or ``dismissed``.
        on : datetime.date or None, optional
            The day (default today).
        level : str or None, optional
            A new introduction level; None keeps it.
        expected_version : int or None, optional
            The version the caller saw; None skips the check.
        kind : str, optional
            Kind of a link created on confirmation.
        dismiss_reason : str, optional
            Required with ``dismissed``: one of ``DISMISS_REASONS``.

        Returns
        -------
        Introduction

        Raises
        ------
        NotFoundError
            No such introduction.
        ConflictError
            The version differs, or a new link would duplicate an ended one.
        ValidationError
            The status, level or kind is unknown, or a dismissal has no valid reason.
        PermissionDenied
            The user is not an editor.
        """
        intro = self.get(intro_id)
        _check_version(intro, expected_version)
        status = V.intro_status(status)
        if status == "dismissed":
            reason = V.clean_text(dismiss_reason).lower()
            if reason not in DISMISS_REASONS:
                raise ValidationError("error.dismiss_reason", choices=", ".join(DISMISS_REASONS))
            intro.dismiss_reason = reason
        else:
            intro.dismiss_reason = ""
        day = on or dt.date.today()
        if level is not None:
            intro.level = V.intro_level(level)
        intro.status = status
        if status == "made":
            intro.made_on = day
        elif status == "declined":
            intro.declined_on = day
        elif status == "dismissed":
            intro.dismissed_on = day
        elif status == "confirmed":
            intro.confirmed_on = day
            intro.made_on = intro.made_on or day
            existing = [l for l in self.uow.links.between(intro.actor_a_id, intro.actor_b_id) if l.status != "ended"]
            active = [l for l in existing if l.status in ("existing", "introduced")]
            if active:
                intro.link_id = active[0].id
            else:
                desired = [l for l in existing if l.status == "desired"]
                if desired:
                    self.uow.links.update(desired[0].id, status="introduced", start_date=day)
                    intro.link_id = desired[0].id
                else:
                    link = self.uow.links.add(
                        intro.actor_a_id, intro.actor_b_id, kind=kind, status="introduced", strength=1,
                        start_date=day, purpose=intro.reason[:500],
                    )
                    intro.link_id = link.id
        self.uow.flush()
        self.uow.record("status", "introduction", intro.id, status=status,
                        **({"reason": intro.dismiss_reason} if status == "dismissed" else {}))
        return intro

    def dismiss(self, intro_id: int, reason: str, *, on: dt.date | None = None,
                expected_version: int | None = None) -> Introduction:
        """Dismiss an introduction with a reason (``set_status(..., "dismissed")``).

        Parameters
        ----------
        intro_id : int
        reason : str
            ``not_relevant``, ``already_in_contact`` or ``did_not_work``.
        on : datetime.date or None, optional
        expected_version : int or None, optional

        Returns
        -------
        Introduction
        """
        return self.set_status(intro_id, "dismissed", on=on, expected_version=expected_version,
                               dismiss_reason=reason)

    def outcomes(self) -> list[tuple[int, int, int]]:
        """The workspace's outcomes for the link model: (actor a, actor b, label),
        label 1 the pair belonged together, 0 it did not (``core.schema.intro_outcome``);
        introductions without an outcome yet are left out.  The newest outcome of a
        pair wins.

        Returns
        -------
        list of (int, int, int)
            Ordered by actor ids.
        """
        latest: dict = {}
        for i in self.list():
            label = intro_outcome(i.status, i.dismiss_reason)
            if label is not None:
                latest[(min(i.actor_a_id, i.actor_b_id), max(i.actor_a_id, i.actor_b_id))] = label
        return [(a, b, y) for (a, b), y in sorted(latest.items())]

    def pairs(self, statuses: Iterable[str] | None = None) -> set[frozenset[int]]:
        """Actor-id pairs with an introduction (optionally only in given statuses).

        Parameters
        ----------
        statuses : iterable of str or None, optional

        Returns
        -------
        set of frozenset of int
        """
        return {frozenset((i.actor_a_id, i.actor_b_id)) for i in self.list(statuses=statuses)}
