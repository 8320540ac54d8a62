"""Challenges: problems noted on a map, with the actors concerned."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from weaving.core.errors import NotFoundError, ValidationError
import weaving.store.validate as V
from weaving.store.models import Challenge
from weaving.store.repos.base import _ids, _Repo


class ChallengeRepo(_Repo):
    """The challenges of maps (``uow.challenges``)."""

    def add(self, map_id: int, text: str, *, themes: Any = (), actor_ids: Iterable[int] = (), solution: str = "") -> Challenge:
        """Note a challenge on a map.

        Parameters
        ----------
        map_id : int
        text : str
            The challenge; must not be empty.
        themes : str or iterable of str, optional
            Tags.
        actor_ids : iterable of int, optional
            Actors concerned.
        solution : str, optional
            A proposed solution.

        Returns
        -------
        Challenge

        Raises
        ------
        ValidationError
            The text is empty.
        NotFoundError
            The map or an actor does not exist.
        PermissionDenied
            The user is not an editor.
        """
        m = self.uow.maps.get(map_id)
        body = V.clean_text(text)
        if not body:
            raise ValidationError("error.name_empty")
        ch = Challenge(map_id=m.id, text=body, solution=V.clean_text(solution), themes=V.tags(themes))
        ch.actors = [self.uow.actors.get(i) for i in actor_ids]
        self.s.add(ch)
        self.uow.flush()
        self.uow.record("create", "challenge", ch.id)
        return ch

    def list(self, map_ids: int | Sequence[int]) -> list[Challenge]:
        """The challenges of these maps.

        Parameters
        ----------
        map_ids : int or sequence of int

        Returns
        -------
        list of Challenge
            Ordered by id, actors loaded.
        """
        return list(
            self.s.scalars(
                select(Challenge).where(Challenge.map_id.in_(_ids(map_ids))).options(selectinload(Challenge.actors)).order_by(Challenge.id)
            )
        )

    def delete(self, challenge_id: int) -> None:
        """Delete a challenge.

        Parameters
        ----------
        challenge_id : int

        Raises
        ------
        NotFoundError
            No such challenge.
        PermissionDenied
            The user is not an editor.
        """
        ch = self.s.get(Challenge, challenge_id)
        if ch is None:
            raise NotFoundError("error.link_not_found", id=challenge_id)
        self.s.delete(ch)
        self.uow.flush()
        self.uow.record("delete", "challenge", challenge_id)
