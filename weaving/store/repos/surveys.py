"""Survey rounds: personal links to a map's actors, their answers, and the response rate.

Who may do what
    Editors (the flush guard and an explicit ``require("editor")``) create rounds,
    revoke and re-issue links, read answers and review them (:mod:`.survey_review`,
    :mod:`.survey_decide`).

    A respondent holds a token and nothing else. The answer page opens its unit of
    work as ``store.uow(user="survey:<invite id>", role=RESPONDENT_ROLE)``: a role that
    is not viewer, editor or admin, so the flush guard refuses every ORM write, even in
    local mode (where a unit of work without a role is an admin). The only writes a
    respondent makes are the three SQLAlchemy Core statements of :meth:`SurveyRepo.save_answer`
    (:mod:`.survey_respondent`):
    its own invite's counters, its own answer row and one audit event, each scoped by
    the invite id that the token resolved to, after the token was checked (hash, not
    revoked, not expired, round open) and only when the unit of work's user is that
    invite's ``survey:<id>``. What a respondent reads is :class:`RespondentView`: the
    round's title and date, their own actor and its active links on the map, the names
    of the map's actors, and their own saved answer; never other answers, contact
    persons or analyses.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from weaving.core.errors import NotFoundError, ValidationError
import weaving.store.survey_form as F
import weaving.store.validate as V
from weaving.store.models import Actor, SurveyAnswer, SurveyDecision, SurveyInvite, SurveyRound, utcnow
from weaving.store.repos import survey_decide as D
from weaving.store.repos import survey_respondent as P
from weaving.store.repos import survey_review as R
from weaving.store.repos.survey_respondent import (  # noqa: F401 - the public names
    RESPONDENT_ROLE, SAVES_PER_WINDOW, WINDOW, respondent_user,
)
from weaving.store.repos.base import _ids, _Repo

@dataclass(frozen=True)
class IssuedLink:
    """A personal link as issued: the token exists only here, never in the database."""

    invite_id: int
    actor_id: int
    actor: str
    token: str
    link: str
    expires_on: dt.date
    contact: str = ""
    email: str = ""


@dataclass(frozen=True)
class InviteRow:
    invite_id: int
    actor_id: int
    actor: str
    state: str                          # answered | waiting | expired | revoked
    expires_on: dt.date
    answered_at: dt.datetime | None
    updated_at: dt.datetime | None
    saves: int


@dataclass(frozen=True)
class RoundStatus:
    """The response rate of a round: ``answered`` of ``invited`` ("23 of 31 answered")."""

    round_id: int
    title: str
    map_id: int
    closes_on: dt.date
    is_open: bool
    invited: int
    answered: int
    not_answered: tuple[str, ...]


class SurveyRepo(_Repo):
    """Survey rounds of the workspace's maps (``uow.surveys``)."""

    # -- rounds (editors) ------------------------------------------------------------
    def create_round(self, map_id: int, *, until: Any, actor_ids: Iterable[int] | None = None, title: str = "",
                     today: dt.date | None = None) -> tuple[SurveyRound, list[IssuedLink]]:
        """Start a round on a map: one personal link per chosen actor.

        Parameters
        ----------
        map_id : int
        until : datetime.date or str
            The last day answers can be saved (inclusive; ISO string accepted).
        actor_ids : iterable of int or None, optional
            Actors of the map to ask; None asks every actor of the map.
        title : str, optional
        today : datetime.date or None, optional
            For tests; default the server's date.

        Returns
        -------
        (SurveyRound, list of IssuedLink)
            The tokens are in the links only: store them nowhere else.

        Raises
        ------
        ValidationError
            No date, a date in the past, or no actors.
        NotFoundError
            The map does not exist, or an actor is not on it.
        PermissionDenied
            The user is not an editor.
        """
        self.uow.require("editor")
        m = self.uow.maps.get(map_id)
        day = self._until(until, today)
        members = {a.id: a for a in self.uow.actors.list([m.id])}
        ids = list(members) if actor_ids is None else list(dict.fromkeys(_ids(list(actor_ids))))
        for i in ids:
            if i not in members:
                raise NotFoundError("survey.error.not_on_map", id=i)
        if not ids:
            raise ValidationError("survey.error.no_actors")
        rnd = SurveyRound(workspace_id=self.ws.id, map_id=m.id, title=V.clean_text(title, max_len=300), closes_on=day,
                          created_by=V.clean_text(self.uow.user, max_len=200))
        self.s.add(rnd)
        self.uow.flush()
        issued = [self._issue(rnd, members[i], day) for i in ids]
        self.uow.record("create", "survey_round", rnd.id, map_id=m.id, actors=len(ids), until=day.isoformat())
        return rnd, issued

    @staticmethod
    def _until(until: Any, today: dt.date | None) -> dt.date:
        day = V.date(until)
        if day is None:
            raise ValidationError("survey.error.until_missing")
        if day < (today or dt.date.today()):
            raise ValidationError("survey.error.until_past")
        return day

    def _issue(self, rnd: SurveyRound, actor: Actor, until: dt.date, invite: SurveyInvite | None = None) -> IssuedLink:
        token = F.new_token()
        if invite is None:
            invite = SurveyInvite(round_id=rnd.id, actor_id=actor.id, token_hash=F.token_hash(token), expires_on=until)
            self.s.add(invite)
        else:
            invite.token_hash, invite.expires_on, invite.revoked_at = F.token_hash(token), until, None
            invite.issued_at, invite.window_start, invite.window_saves = utcnow(), None, 0
        self.uow.flush()
        people = list(actor.contacts)
        person = next((p for p in people if p.email), people[0] if people else None)
        return IssuedLink(invite.id, actor.id, actor.name, token, F.answer_link(token), until,
                          person.name if person else "", person.email if person else "")

    def rounds(self, map_id: int | None = None) -> list[SurveyRound]:
        """Rounds of the workspace (or of one map), newest first."""
        q = select(SurveyRound).where(SurveyRound.workspace_id == self.ws.id)
        if map_id is not None:
            q = q.where(SurveyRound.map_id == map_id)
        return list(self.s.scalars(q.order_by(SurveyRound.id.desc())))

    def get_round(self, round_id: int) -> SurveyRound:
        """The round with this id.

        Raises
        ------
        NotFoundError
            No such round in this workspace.
        """
        rnd = self.s.get(SurveyRound, round_id)
        if rnd is None or rnd.workspace_id != self.ws.id:
            raise NotFoundError("survey.error.round_not_found", id=round_id)
        return rnd

    def _invites(self, round_id: int, actor_ids: Iterable[int] | None = None) -> list[SurveyInvite]:
        q = select(SurveyInvite).where(SurveyInvite.round_id == round_id)
        if actor_ids is not None:
            q = q.where(SurveyInvite.actor_id.in_(_ids(list(actor_ids))))
        return list(self.s.scalars(q.order_by(SurveyInvite.id)))

    def revoke(self, round_id: int, actor_ids: Iterable[int] | None = None) -> int:
        """Withdraw personal links at once (all of the round's when ``actor_ids`` is None).

        Returns
        -------
        int
            How many links were withdrawn now.

        Raises
        ------
        NotFoundError
            No such round.
        PermissionDenied
            The user is not an editor.
        """
        self.uow.require("editor")
        rnd = self.get_round(round_id)
        done = []
        for inv in self._invites(rnd.id, actor_ids):
            if inv.revoked_at is None:
                inv.revoked_at = utcnow()
                done.append(inv.actor_id)
        self.uow.flush()
        if done:
            self.uow.record("revoke", "survey_round", rnd.id, actors=done)
        return len(done)

    def reissue(self, round_id: int, actor_ids: Iterable[int] | None = None, *, until: Any = None,
                today: dt.date | None = None) -> list[IssuedLink]:
        """New personal links: the old token of each stops working at once; an actor of the
        map not asked yet is added to the round. A later ``until`` extends the round.

        Parameters
        ----------
        round_id : int
        actor_ids : iterable of int or None, optional
            None: everyone already in the round.
        until : datetime.date, str or None, optional
            Default: the round's closing day.
        today : datetime.date or None, optional

        Returns
        -------
        list of IssuedLink

        Raises
        ------
        ValidationError
            The date is in the past.
        NotFoundError
            No such round, or an actor is not on its map.
        PermissionDenied
            The user is not an editor.
        """
        self.uow.require("editor")
        rnd = self.get_round(round_id)
        day = self._until(until if until not in (None, "") else rnd.closes_on, today)
        if day > rnd.closes_on:
            rnd.closes_on = day
        current = {inv.actor_id: inv for inv in self._invites(rnd.id)}
        wanted = list(current) if actor_ids is None else list(dict.fromkeys(_ids(list(actor_ids))))
        members = {a.id: a for a in self.uow.actors.list([rnd.map_id])}
        out = []
        for i in wanted:
            actor = members.get(i)
            if actor is None:
                if i not in current:
                    raise NotFoundError("survey.error.not_on_map", id=i)
                actor = self.uow.actors.get(i)
            out.append(self._issue(rnd, actor, day, current.get(i)))
        self.uow.record("reissue", "survey_round", rnd.id, actors=[x.actor_id for x in out], until=day.isoformat())
        return out

    # -- status -------------------------------------------------------------------
    def invites(self, round_id: int, *, today: dt.date | None = None) -> list[InviteRow]:
        """Every personal link of a round with its state, by actor name."""
        rnd = self.get_round(round_id)
        day = today or dt.date.today()
        rows = self.s.execute(
            select(SurveyInvite, Actor.name, SurveyAnswer.updated_at).join(Actor, Actor.id == SurveyInvite.actor_id)
            .outerjoin(SurveyAnswer, SurveyAnswer.invite_id == SurveyInvite.id)
            .where(SurveyInvite.round_id == rnd.id).order_by(func.lower(Actor.name), SurveyInvite.id)).all()
        out = []
        for inv, name, updated in rows:
            if inv.revoked_at is not None:
                state = "revoked"
            elif inv.answered_at is not None:
                state = "answered"
            elif day > inv.expires_on or day > rnd.closes_on:
                state = "expired"
            else:
                state = "waiting"
            out.append(InviteRow(inv.id, inv.actor_id, name, state, inv.expires_on, inv.answered_at, updated, inv.saves))
        return out

    def status(self, round_id: int, *, today: dt.date | None = None) -> RoundStatus:
        """The response rate: answered of invited (a withdrawn link counts only if it was
        answered first), and who has not answered yet."""
        rnd = self.get_round(round_id)
        rows = self.invites(rnd.id, today=today)
        counted = [r for r in rows if r.state != "revoked" or r.answered_at is not None]
        answered = [r for r in counted if r.answered_at is not None]
        waiting = tuple(r.actor for r in counted if r.answered_at is None)
        return RoundStatus(rnd.id, rnd.title, rnd.map_id, rnd.closes_on, (today or dt.date.today()) <= rnd.closes_on,
                           len(counted), len(answered), waiting)

    def snapshot_figures(self, map_id: int) -> dict[str, Any]:
        """The latest round's response rate, to keep with a snapshot (empty without a round)."""
        rounds = self.rounds(map_id)
        if not rounds:
            return {}
        st = self.status(rounds[0].id)
        return {"survey": {"round": st.round_id, "title": st.title, "closes_on": st.closes_on.isoformat(),
                           "answered": st.answered, "invited": st.invited}}

    # -- the respondent (see weaving.store.repos.survey_respondent) ----------------------
    def respondent_view(self, token: Any, *, today: dt.date | None = None) -> P.RespondentView:
        """What the answer form may show for a token (raises ``PermissionDenied`` with
        ``survey.link.invalid``, ``survey.link.revoked`` or ``survey.link.expired``)."""
        return P.respondent_view(self.s, token, today=today)

    def save_answer(self, token: Any, data: Any, *, lang: str = "sv", now: dt.datetime | None = None,
                    today: dt.date | None = None) -> dt.datetime:
        """Save (or replace) the token holder's answer; only for the unit of work of user
        ``survey:<invite id>``. See :func:`weaving.store.repos.survey_respondent.save_answer`."""
        return P.save_answer(self.s, self.uow.user, token, data, lang=lang, now=now, today=today)

    def erase_contact(self, folded_name: str) -> int:
        """Drop a contact person (by name key, :func:`weaving.core.names.name_key`) from every answer of the workspace
        (part of erasing a person everywhere). Returns how many answers changed."""
        changed = 0
        rows = self.s.scalars(select(SurveyAnswer).join(SurveyInvite).join(SurveyRound)
                              .where(SurveyRound.workspace_id == self.ws.id))
        for ans in list(rows):
            person = (ans.data or {}).get("contact") or {}
            if V.name_key(person.get("name", "")) == folded_name:
                ans.data = {**ans.data, "contact": {}}
                key = R.contact_key(person["name"])      # the decision on it named the person by a hash
                for d in self.s.scalars(select(SurveyDecision).where(SurveyDecision.invite_id == ans.invite_id,
                                                                      SurveyDecision.item_key == key)):
                    self.s.delete(d)
                changed += 1
        return changed

    # -- review (editors) -------------------------------------------------------------
    def proposals(self, round_id: int, invite_id: int | None = None) -> list[R.Respondent]:
        """Each respondent's proposals against the current map (see :mod:`.survey_review`)."""
        self.uow.require("editor")
        return R.proposals(self.uow, self.get_round(round_id), only=invite_id)

    def decide(self, round_id: int, invite_id: int, key: str, decision: str, edits: dict[str, Any] | None = None) -> None:
        """Accept (optionally edited) or reject one proposal; the caller commits."""
        self.uow.require("editor")
        D.decide(self.uow, self.get_round(round_id), invite_id, key, decision, edits or {})

    def accept_all(self, round_id: int, invite_id: int) -> int:
        """Accept every pending proposal of one respondent; returns how many."""
        self.uow.require("editor")
        return D.accept_all(self.uow, self.get_round(round_id), invite_id)

    def confirmations(self, map_ids: int | Sequence[int]) -> dict[int, set[int]]:
        """{link id: actors whose accepted answers reported it} for links of these maps'
        rounds: both ends in the set means the tie is confirmed by both sides."""
        rows = self.s.execute(
            select(SurveyDecision.link_id, SurveyInvite.actor_id).join(SurveyInvite, SurveyInvite.id == SurveyDecision.invite_id)
            .join(SurveyRound, SurveyRound.id == SurveyInvite.round_id)
            .where(SurveyDecision.decision == "accepted", SurveyDecision.link_id.is_not(None),
                   SurveyRound.workspace_id == self.ws.id, SurveyRound.map_id.in_(_ids(map_ids))))
        out: dict[int, set[int]] = {}
        for link_id, actor_id in rows:
            out.setdefault(int(link_id), set()).add(int(actor_id))
        return out
