"""The respondent's side of a survey: a token in, the answer form's content out, one
answer saved. Used through ``uow.surveys.respondent_view`` / ``uow.surveys.save_answer``.

These functions take the session, not the workspace: a token alone decides which round,
map and actor it concerns (a respondent's unit of work has no workspace of its own).
They read only what :class:`RespondentView` holds and write only with SQLAlchemy Core,
scoped by the invite id the token resolved to; the respondent's unit of work runs with
:data:`RESPONDENT_ROLE`, so the flush guard refuses any ORM write (see
:mod:`weaving.store.repos.surveys`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from weaving.core.errors import PermissionDenied, ValidationError
import weaving.store.survey_form as F
from weaving.store.models import Actor, AuditEvent, Link, Map, SurveyAnswer, SurveyInvite, SurveyRound, map_actors, utcnow

RESPONDENT_ROLE = "respondent"       # no rank in weaving.core.access: below viewer, so no writes
SAVES_PER_WINDOW = 20                 # per token and WINDOW, counted in the database
WINDOW = dt.timedelta(hours=1)
ACTIVE = ("existing", "introduced")


def respondent_user(invite_id: int) -> str:
    """The user name a respondent's unit of work runs as (and the audit log shows)."""
    return f"survey:{int(invite_id)}"


@dataclass(frozen=True)
class OwnLink:
    actor_id: int
    name: str
    kind: str
    strength: int


@dataclass(frozen=True)
class RespondentView:
    """Everything the answer form shows: nothing about other respondents or the analysis."""

    invite_id: int
    round_title: str
    map_name: str
    actor_id: int
    actor_name: str
    open_until: dt.date
    actors: tuple[tuple[int, str], ...]        # the map's other actors (id, name)
    links: tuple[OwnLink, ...]                  # this actor's active links on the map
    answer: dict[str, Any] = field(default_factory=dict)
    saved_at: dt.datetime | None = None
    lang: str | None = None


def resolve(s: Session, token: Any, today: dt.date | None = None) -> tuple[SurveyInvite, SurveyRound]:
    """The invite and round of a valid token.

    Raises
    ------
    PermissionDenied
        ``survey.link.invalid`` (malformed or unknown), ``survey.link.revoked``, or
        ``survey.link.expired`` (the link's or the round's last day has passed).
    """
    if not F.well_formed(token):
        raise PermissionDenied("survey.link.invalid")
    row = s.execute(select(SurveyInvite, SurveyRound).join(SurveyRound, SurveyRound.id == SurveyInvite.round_id)
                    .where(SurveyInvite.token_hash == F.token_hash(token))
                    .execution_options(populate_existing=True)).first()
    if row is None or not F.same_hash(row[0].token_hash, token):
        raise PermissionDenied("survey.link.invalid")
    invite, rnd = row
    if invite.revoked_at is not None:
        raise PermissionDenied("survey.link.revoked")
    day = today or dt.date.today()
    if day > invite.expires_on or day > rnd.closes_on:
        raise PermissionDenied("survey.link.expired")
    return invite, rnd


def map_names(s: Session, map_id: int) -> dict[int, str]:
    """{actor id: name} of a map's actors."""
    rows = s.execute(select(Actor.id, Actor.name).join(map_actors, map_actors.c.actor_id == Actor.id)
                     .where(map_actors.c.map_id == map_id))
    return {int(i): n for i, n in rows}


def respondent_view(s: Session, token: Any, *, today: dt.date | None = None) -> RespondentView:
    """What the answer form may show for a token (see :func:`resolve` for the refusals)."""
    invite, rnd = resolve(s, token, today)
    names = map_names(s, rnd.map_id)
    me = s.get(Actor, invite.actor_id)
    links = []
    for link in s.scalars(select(Link).where(or_(Link.source_id == me.id, Link.target_id == me.id),
                                             Link.status.in_(ACTIVE)).order_by(Link.id)):
        other = link.target_id if link.source_id == me.id else link.source_id
        if other in names:
            links.append(OwnLink(other, names[other], link.kind, link.strength))
    links.sort(key=lambda x: (x.name.casefold(), x.kind))
    answer = s.scalar(select(SurveyAnswer).where(SurveyAnswer.invite_id == invite.id))
    others = tuple(sorted(((i, n) for i, n in names.items() if i != me.id), key=lambda x: x[1].casefold()))
    return RespondentView(invite.id, rnd.title, s.get(Map, rnd.map_id).name, me.id, me.name,
                          min(invite.expires_on, rnd.closes_on), others, tuple(links),
                          dict(answer.data) if answer else {}, answer.updated_at if answer else None,
                          answer.lang if answer else None)


def save_answer(s: Session, user: str, token: Any, data: Any, *, lang: str = "sv", now: dt.datetime | None = None,
                today: dt.date | None = None) -> dt.datetime:
    """Save (or replace) the token holder's answer; the caller commits.

    Writes with SQLAlchemy Core exactly: this invite's counters (the rate limit, one
    conditional UPDATE, so two processes cannot both pass it), this invite's answer, and
    one audit event (user ``survey:<id>``).

    Parameters
    ----------
    s : sqlalchemy.orm.Session
    user : str
        The unit of work's user: must be ``survey:<the token's invite id>``.
    token : str
    data : mapping
        As :func:`weaving.store.survey_form.clean_answer` takes it.
    lang : str, optional
        The language the respondent chose.
    now, today : optional
        For tests: the time of the save (UTC) and the day.

    Returns
    -------
    datetime.datetime
        When it was saved (UTC).

    Raises
    ------
    PermissionDenied
        The link is invalid, withdrawn or expired, or ``user`` is not its respondent.
    ValidationError
        The answer is not acceptable, or more than ``SAVES_PER_WINDOW`` saves within
        ``WINDOW`` (``survey.error.too_many_saves``).
    """
    invite, rnd = resolve(s, token, today)
    if user != respondent_user(invite.id):
        raise PermissionDenied("survey.error.not_this_link")
    clean = F.clean_answer(data, map_names(s, rnd.map_id), invite.actor_id)
    when = now or utcnow()
    t = SurveyInvite.__table__
    fresh = or_(t.c.window_start.is_(None), t.c.window_start <= when - WINDOW)
    done = s.execute(
        update(t).where(t.c.id == invite.id, t.c.token_hash == invite.token_hash, t.c.revoked_at.is_(None),
                        or_(fresh, t.c.window_saves < SAVES_PER_WINDOW))
        .values(window_start=case((fresh, when), else_=t.c.window_start),
                window_saves=case((fresh, 1), else_=t.c.window_saves + 1),
                saves=t.c.saves + 1, answered_at=func.coalesce(t.c.answered_at, when))).rowcount
    if done != 1:
        resolve(s, token, today)          # withdrawn or re-issued meanwhile: say so
        raise ValidationError("survey.error.too_many_saves", minutes=int(WINDOW.total_seconds() // 60))
    a = SurveyAnswer.__table__
    language = "en" if str(lang).lower().startswith("en") else "sv"
    if not s.execute(update(a).where(a.c.invite_id == invite.id).values(data=clean, lang=language, updated_at=when)).rowcount:
        s.execute(insert(a).values(invite_id=invite.id, data=clean, lang=language, created_at=when, updated_at=when))
    s.execute(insert(AuditEvent.__table__).values(
        at=when, user=user, action="answer", entity="survey_invite", entity_id=invite.id,
        workspace_id=rnd.workspace_id, detail={"round": rnd.id}))
    return when
