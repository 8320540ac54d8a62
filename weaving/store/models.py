"""SQLAlchemy 2 typed models. Only the store package imports these.

Model decisions:
- A *workspace* is one organisation's whole network (e.g. a municipality). Actors and
  links belong to the workspace, so the same actor (the inclusion coordinator) can sit
  on several area maps and a combined view merges them instead of duplicating.
- A *map* (one per area) holds actors through ``map_actors``; it shows the links
  between its actors. Challenges, snapshots and introductions are per map.
- Contact persons are their own table (personal data that can be erased); a link's
  ``carried_by`` persons reference them, so erasing a person removes it everywhere.
- Links are unique per unordered pair and kind (``pair_lo``/``pair_hi``), never
  self-links. Actor and Link carry an optimistic-locking ``version``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Boolean,
    Float,
    Index,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


map_actors = Table(
    "map_actors",
    Base.metadata,
    Column("map_id", ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True),
    # where the actor sits on this map when it was drawn (vis-network pixels); NULL = not placed
    Column("x", Float, nullable=True),
    Column("y", Float, nullable=True),
)

challenge_actors = Table(
    "challenge_actors",
    Base.metadata,
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True),
)

link_carriers = Table(
    "link_carriers",
    Base.metadata,
    Column("link_id", ForeignKey("links.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact_persons.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Workspace(Base):
    __tablename__ = "workspaces"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    maps: Mapped[list[Map]] = relationship(back_populates="workspace", cascade="all, delete-orphan", passive_deletes=True)


class Map(Base):
    __tablename__ = "maps"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_maps_workspace_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # bumped by every write that changes what the map shows: the key of cached analyses
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")

    workspace: Mapped[Workspace] = relationship(back_populates="maps")
    actors: Mapped[list[Actor]] = relationship(secondary=map_actors, back_populates="maps", order_by="Actor.name")
    challenges: Mapped[list[Challenge]] = relationship(back_populates="map", cascade="all, delete-orphan", passive_deletes=True)
    snapshots: Mapped[list[Snapshot]] = relationship(back_populates="map", cascade="all, delete-orphan", passive_deletes=True, order_by="Snapshot.taken_at")


class Actor(Base):
    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(50), default="other")
    sector: Mapped[str] = mapped_column(String(20), default="")
    area: Mapped[str] = mapped_column(String(200), default="")
    themes: Mapped[list[str]] = mapped_column(default=list)
    target_groups: Mapped[list[str]] = mapped_column(default=list)
    resources: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    is_weaver: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)

    maps: Mapped[list[Map]] = relationship(secondary=map_actors, back_populates="actors")
    contacts: Mapped[list[ContactPerson]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", passive_deletes=True, order_by="ContactPerson.id"
    )


class ContactPerson(Base):
    """Personal data: kept apart so it can be left out of exports and erased."""

    __tablename__ = "contact_persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")

    actor: Mapped[Actor] = relationship(back_populates="contacts")


class Link(Base):
    __tablename__ = "links"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    pair_lo: Mapped[int] = mapped_column(Integer)
    pair_hi: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(50), default="dialogue")
    strength: Mapped[int] = mapped_column(Integer, default=1)
    directed: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="existing")
    start_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("pair_lo", "pair_hi", "kind", name="uq_links_pair_kind"),
        CheckConstraint("source_id <> target_id", name="no_self_link"),
        CheckConstraint("pair_lo < pair_hi", name="pair_ordered"),
        CheckConstraint("strength BETWEEN 1 AND 3", name="strength_range"),
        CheckConstraint("status IN ('existing', 'desired', 'introduced', 'ended')", name="status_valid"),
    )

    source: Mapped[Actor] = relationship(foreign_keys=[source_id])
    target: Mapped[Actor] = relationship(foreign_keys=[target_id])
    carried_by: Mapped[list[ContactPerson]] = relationship(secondary=link_carriers, order_by="ContactPerson.id")


class Challenge(Base):
    __tablename__ = "challenges"
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    solution: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    map: Mapped[Map] = relationship(back_populates="challenges")
    actors: Mapped[list[Actor]] = relationship(secondary=challenge_actors, order_by="Actor.name")


class Introduction(Base):
    __tablename__ = "introductions"
    __table_args__ = (
        CheckConstraint("actor_a_id <> actor_b_id", name="distinct_actors"),
        CheckConstraint("status IN ('suggested', 'made', 'confirmed', 'declined', 'dismissed')", name="status_valid"),
        CheckConstraint("dismiss_reason IN ('', 'not_relevant', 'already_in_contact', 'did_not_work')",
                        name="dismiss_reason_valid"),
        Index("ix_introductions_pair", "actor_a_id", "actor_b_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    map_id: Mapped[int | None] = mapped_column(ForeignKey("maps.id", ondelete="SET NULL"), nullable=True, index=True)
    actor_a_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    actor_b_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(50), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float] = mapped_column(default=0.0)
    level: Mapped[str] = mapped_column(String(30), default="suggest")
    status: Mapped[str] = mapped_column(String(20), default="suggested")
    link_id: Mapped[int | None] = mapped_column(ForeignKey("links.id", ondelete="SET NULL"), nullable=True)
    suggested_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    made_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    declined_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    dismissed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # why the weaver dismissed the suggestion (status "dismissed"): core.schema.DISMISS_REASONS
    dismiss_reason: Mapped[str] = mapped_column(String(30), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    actor_a: Mapped[Actor] = relationship(foreign_keys=[actor_a_id])
    actor_b: Mapped[Actor] = relationship(foreign_keys=[actor_b_id])


class Snapshot(Base):
    """A dated, frozen copy of a map: node-link JSON of its graph (personal data included
    only as contact names, which erasure scrubs)."""

    __tablename__ = "snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(300), default="")
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    graph: Mapped[dict[str, Any]] = mapped_column()
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)

    map: Mapped[Map] = relationship(back_populates="snapshots")


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    workspace_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class User(Base):
    """A built-in account (only used when WEAVING_AUTH is set). Passwords are Argon2id hashes."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan", passive_deletes=True)


class Membership(Base):
    """A user's role in a workspace: viewer, editor or admin."""

    __tablename__ = "memberships"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role_valid"),)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20), default="viewer")

    user: Mapped[User] = relationship(back_populates="memberships")



class LoginFailure(Base):
    """A failed (or still being checked) sign-in under one key: the lower-cased user name
    (``account``) or the client's address (``client``). The memory of the sign-in
    throttle (:mod:`weaving.store.repos.logins`), shared by every process; old rows are
    purged and the table is not backed up."""

    __tablename__ = "login_failures"
    __table_args__ = (
        CheckConstraint("kind IN ('account', 'client')", name="kind_valid"),
        Index("ix_login_failures_key", "kind", "value", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)

# ----------------------------------------------------------------------------- surveys
class SurveyRound(Base):
    """A self-report survey of a map's actors: one personal link (invite) per actor,
    open until ``closes_on`` (inclusive). Nothing the actors answer changes the map until
    a weaver accepts it (``SurveyDecision``)."""

    __tablename__ = "survey_rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    closes_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")


class SurveyInvite(Base):
    """One actor's personal link in a round. Only the SHA-256 of the token is stored;
    ``window_start``/``window_saves`` rate-limit the saves per token (in the database, so
    every app process sees the same count)."""

    __tablename__ = "survey_invites"
    __table_args__ = (UniqueConstraint("round_id", "actor_id", name="uq_survey_invites_round_actor"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    saves: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    window_saves: Mapped[int] = mapped_column(Integer, default=0)


class SurveyAnswer(Base):
    """What an actor answered (validated JSON, see ``weaving.store.survey_form``)."""

    __tablename__ = "survey_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    invite_id: Mapped[int] = mapped_column(ForeignKey("survey_invites.id", ondelete="CASCADE"), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    lang: Mapped[str] = mapped_column(String(5), default="sv")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SurveyDecision(Base):
    """A weaver's decision on one proposal of one answer (``item_key``), and what it
    became on the map (``link_id`` for links, ids in ``detail``)."""

    __tablename__ = "survey_decisions"
    __table_args__ = (
        UniqueConstraint("invite_id", "item_key", name="uq_survey_decisions_invite_item"),
        CheckConstraint("decision IN ('accepted', 'rejected')", name="decision_valid"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    invite_id: Mapped[int] = mapped_column(ForeignKey("survey_invites.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(String(300))
    decision: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("links.id", ondelete="SET NULL"), nullable=True, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
