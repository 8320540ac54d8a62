"""The repository / unit-of-work layer: the ONLY code that talks to the database.

Usage::

    store = Store()                      # WEAVING_DATABASE_URL or data/weaving.db
    with store.uow(user="anna") as uow:  # one transaction
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name="Dalby bibliotek", type="library")
        uow.commit()                     # nothing is written without commit()

Leaving the block without ``commit()`` (or with an exception) rolls everything back,
so a failing import or a bad form changes nothing.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, delete, event, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from weaving.core.access import ROLES, auth_mode, hash_password, needs_rehash, role_at_least, verify_password, MIN_PASSWORD
from weaving.core.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from weaving.store import validate as V
from weaving.store.engine import database_url, make_engine, migrate
from weaving.store.models import (
    Actor,
    AuditEvent,
    Challenge,
    ContactPerson,
    Introduction,
    Link,
    Map,
    Membership,
    User,
    Snapshot,
    Workspace,
    map_actors,
)

DEFAULT_WORKSPACE = "Standard"
MAX_MAP_NAME = 200  # column sizes (models.py): PostgreSQL refuses longer values
MAX_PERSON_NAME = 300


class Store:
    """Owns the engine and hands out units of work. Create one per process."""

    def __init__(self, url: str | None = None, *, auto_migrate: bool = True, engine: Engine | None = None) -> None:
        self.url = database_url(url)
        self.engine = engine or make_engine(self.url)
        if auto_migrate:
            migrate(self.url, engine=self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def uow(self, user: str = "local", workspace: str | None = None, role: str | None = None) -> UnitOfWork:
        """A unit of work for ``user``. ``role`` overrides the stored role (system tasks);
        without auth (WEAVING_AUTH unset) the local user is an admin."""
        return UnitOfWork(self._sessions(), user=user, workspace=workspace, role=role)

    def dispose(self) -> None:
        self.engine.dispose()


class UnitOfWork:
    def __init__(self, session: Session, *, user: str = "local", workspace: str | None = None, role: str | None = None) -> None:
        self.session = session
        self.user = user
        self._workspace_name = workspace or DEFAULT_WORKSPACE
        self._workspace: Workspace | None = None
        self._role = role if role is not None else ("admin" if not auth_mode() else None)
        self._role_known = self._role is not None
        # the last line of defence: no write reaches the database without the editor role
        event.listen(session, "before_flush", self._guard_writes)
        self.maps = MapRepo(self)
        self.actors = ActorRepo(self)
        self.links = LinkRepo(self)
        self.challenges = ChallengeRepo(self)
        self.introductions = IntroductionRepo(self)
        self.snapshots = SnapshotRepo(self)
        self.contacts = ContactRepo(self)
        self.audit = AuditRepo(self)
        self.users = UserRepo(self)

    # -- permissions --------------------------------------------------------
    @property
    def role(self) -> str | None:
        if not self._role_known:
            self._role = self.users.role_of(self.user)
            self._role_known = True
        return self._role

    def require(self, wanted: str) -> None:
        if not role_at_least(self.role, wanted):
            raise PermissionDenied("error.permission", role=wanted)

    def _guard_writes(self, session: Session, _ctx, _instances) -> None:
        if not (session.new or session.dirty or session.deleted):
            return
        if all(isinstance(o, (User, Membership)) for o in [*session.new, *session.dirty, *session.deleted]):
            return  # account management checks its own (admin) permission
        if not role_at_least(self.role, "editor"):
            raise PermissionDenied("error.permission", role="editor")

    # -- transaction ------------------------------------------------------
    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    @contextmanager
    def _user_errors(self):
        """Database refusals become translated errors; the transaction is rolled back."""
        try:
            yield
        except StaleDataError as exc:
            self.session.rollback()
            raise ConflictError("error.conflict_other") from exc
        except IntegrityError as exc:
            self.session.rollback()
            raise _integrity_to_error(exc) from exc

    def flush(self) -> None:
        with self._user_errors():
            self.session.flush()

    def commit(self) -> None:
        with self._user_errors():
            self.session.flush()
            self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    # -- workspace ----------------------------------------------------------
    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            ws = self.session.scalar(select(Workspace).where(Workspace.name == self._workspace_name))
            if ws is None:
                self.require("editor")
                ws = Workspace(name=self._workspace_name)
                self.session.add(ws)
                self.session.flush()
            self._workspace = ws
        return self._workspace

    def record(self, action: str, entity: str, entity_id: int | None, **detail: Any) -> None:
        self.session.add(
            AuditEvent(
                user=self.user,
                action=action,
                entity=entity,
                entity_id=entity_id,
                workspace_id=self.workspace.id,
                detail=detail,
            )
        )


def _integrity_to_error(exc: IntegrityError) -> Exception:
    text = str(exc.orig).lower()
    if "pair_kind" in text or ("links" in text and "unique" in text):
        return ConflictError("error.duplicate_link_other")
    if "no_self_link" in text or "distinct_actors" in text:
        return ValidationError("error.self_link")
    if "unique" in text or "duplicate key" in text:
        return ConflictError("error.conflict_other")
    if "foreign key" in text:
        return NotFoundError("error.gone")
    return ValidationError("error.refused")


class _Repo:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    @property
    def s(self) -> Session:
        return self.uow.session

    @property
    def ws(self) -> Workspace:
        return self.uow.workspace


# ---------------------------------------------------------------------------
class MapRepo(_Repo):
    def create(self, name: str, *, area: str = "", description: str = "") -> Map:
        name = V.name(name, MAX_MAP_NAME)
        if self.by_name(name) is not None:
            raise ConflictError("error.map_exists", name=name)
        m = Map(workspace_id=self.ws.id, name=name, area=V.clean_text(area, max_len=200) or name, description=V.clean_text(description))
        self.s.add(m)
        self.uow.flush()
        self.uow.record("create", "map", m.id, name=name)
        return m

    def list(self) -> list[Map]:
        return list(self.s.scalars(select(Map).where(Map.workspace_id == self.ws.id).order_by(Map.name)))

    def get(self, map_id: int) -> Map:
        m = self.s.get(Map, map_id)
        if m is None or m.workspace_id != self.ws.id:
            raise NotFoundError("error.map_not_found", name=str(map_id))
        return m

    def by_name(self, name: str) -> Map | None:
        return self.s.scalar(
            select(Map).where(Map.workspace_id == self.ws.id, func.lower(Map.name) == V.clean_text(name).lower())
        )

    def require(self, name: str) -> Map:
        m = self.by_name(name)
        if m is None:
            raise NotFoundError("error.map_not_found", name=V.clean_text(name)[:200])
        return m

    def rename(self, map_id: int, name: str, *, area: str | None = None, description: str | None = None) -> Map:
        m = self.get(map_id)
        name = V.name(name, MAX_MAP_NAME)
        other = self.by_name(name)
        if other is not None and other.id != m.id:
            raise ConflictError("error.map_exists", name=name)
        m.name = name
        if area is not None:
            m.area = V.clean_text(area, max_len=200)
        if description is not None:
            m.description = V.clean_text(description)
        self.uow.flush()
        self.uow.record("update", "map", m.id, name=name)
        return m

    def delete(self, map_id: int) -> None:
        """Delete a map; actors on no other map are deleted with their links. Admins only."""
        self.uow.require("admin")
        m = self.get(map_id)
        actor_ids = [a.id for a in m.actors]
        self.s.delete(m)
        self.uow.flush()
        if actor_ids:
            still = set(self.s.scalars(select(map_actors.c.actor_id).where(map_actors.c.actor_id.in_(actor_ids))))
            orphans = [a for a in actor_ids if a not in still]
            if orphans:
                self.s.execute(delete(Actor).where(Actor.id.in_(orphans)))
        self.uow.flush()
        self.uow.record("delete", "map", map_id)

    def counts(self) -> dict[int, dict[str, int]]:
        """Actors and links per map (for overview tables)."""
        out: dict[int, dict[str, int]] = {}
        for m in self.list():
            ids = {a.id for a in m.actors}
            n_links = self.s.scalar(
                select(func.count(Link.id)).where(Link.source_id.in_(ids), Link.target_id.in_(ids))
            ) if ids else 0
            out[m.id] = {"actors": len(ids), "links": int(n_links or 0)}
        return out


# ---------------------------------------------------------------------------
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
            out[key] = V.clean_text(value, max_len=200)
        elif key in ("themes", "target_groups", "resources"):
            out[key] = V.tags(value)
        elif key == "description":
            out[key] = V.clean_text(value)
        elif key == "is_weaver":
            out[key] = bool(value)
        else:
            raise ValidationError("error.bad_value", field=key, value="")
    return out


class ActorRepo(_Repo):
    def by_name(self, name: str) -> Actor | None:
        return self.s.scalar(
            select(Actor).where(Actor.workspace_id == self.ws.id, func.lower(Actor.name) == V.clean_text(name).lower())
        )

    def add(
        self,
        map_ids: int | Sequence[int] | None,
        *,
        name: str,
        contacts: Iterable[dict[str, Any] | str] = (),
        **fields: Any,
    ) -> Actor:
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
        a = self.s.get(Actor, actor_id)
        if a is None or a.workspace_id != self.ws.id:
            raise NotFoundError("error.actor_not_found", id=actor_id)
        return a

    def list(self, map_ids: int | Sequence[int] | None = None) -> list[Actor]:
        q = select(Actor).where(Actor.workspace_id == self.ws.id).options(
            selectinload(Actor.contacts), selectinload(Actor.maps)
        )
        ids = _ids(map_ids)
        if map_ids is not None:
            q = q.where(Actor.id.in_(select(map_actors.c.actor_id).where(map_actors.c.map_id.in_(ids))))
        return list(self.s.scalars(q.order_by(func.lower(Actor.name), Actor.id)))

    def update(self, actor_id: int, expected_version: int | None = None, **fields: Any) -> Actor:
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
        actor = self.get(actor_id)
        actor.contacts = [_contact(c) for c in contacts]
        self.uow.flush()
        self.uow.record("update", "actor", actor.id, fields=["contacts"])
        return actor

    def add_to_map(self, actor_id: int, map_id: int) -> None:
        actor, m = self.get(actor_id), self.uow.maps.get(map_id)
        if m not in actor.maps:
            actor.maps.append(m)
            self.uow.flush()
            self.uow.record("add_to_map", "actor", actor.id, map_id=map_id)

    def remove_from_map(self, actor_id: int, map_id: int) -> None:
        actor, m = self.get(actor_id), self.uow.maps.get(map_id)
        if m in actor.maps:
            actor.maps.remove(m)
            self.uow.flush()
            self.uow.record("remove_from_map", "actor", actor.id, map_id=map_id)

    def delete(self, actor_id: int, expected_version: int | None = None) -> None:
        actor = self.get(actor_id)
        _check_version(actor, expected_version)
        name = actor.name
        self.s.delete(actor)
        self.uow.flush()
        self.uow.record("delete", "actor", actor_id, name=name)


def _contact(c: dict[str, Any] | str) -> ContactPerson:
    if isinstance(c, str):
        c = {"name": c}
    return ContactPerson(
        name=V.name(c.get("name"), MAX_PERSON_NAME),
        role=V.clean_text(c.get("role"), max_len=300),
        email=V.clean_text(c.get("email"), max_len=300),
        phone=V.clean_text(c.get("phone"), max_len=100),
    )


def _ids(map_ids: int | Sequence[int] | None) -> list[int]:
    if map_ids is None:
        return []
    if isinstance(map_ids, int):
        return [map_ids]
    return [int(i) for i in map_ids]


def _check_version(obj: Any, expected: int | None) -> None:
    if expected is not None and int(expected) != obj.version:
        raise ConflictError("error.conflict", name=getattr(obj, "name", None) or f"#{obj.id}")


# ---------------------------------------------------------------------------
LINK_FIELDS = ("kind", "strength", "status", "directed", "start_date", "end_date", "purpose", "place", "carried_by")


class LinkRepo(_Repo):
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
                person = next(
                    (p for p in [*src.contacts, *tgt.contacts] if p.name.lower() == cname.lower()), None
                )
                if person is None:
                    person = ContactPerson(name=cname)
                    src.contacts.append(person)
            if person not in out:
                out.append(person)
        return out

    def find(self, a: int, b: int, kind: str) -> Link | None:
        lo, hi = sorted((a, b))
        return self.s.scalar(select(Link).where(Link.pair_lo == lo, Link.pair_hi == hi, Link.kind == kind))

    def get(self, link_id: int) -> Link:
        link = self.s.get(Link, link_id)
        if link is None or link.workspace_id != self.ws.id:
            raise NotFoundError("error.link_not_found", id=link_id)
        return link

    def between(self, a: int, b: int) -> list[Link]:
        lo, hi = sorted((a, b))
        return list(self.s.scalars(select(Link).where(Link.pair_lo == lo, Link.pair_hi == hi).order_by(Link.id)))

    def list(self, map_ids: int | Sequence[int] | None = None) -> list[Link]:
        q = select(Link).where(Link.workspace_id == self.ws.id).options(selectinload(Link.carried_by))
        if map_ids is not None:
            members = select(map_actors.c.actor_id).where(map_actors.c.map_id.in_(_ids(map_ids)))
            q = q.where(Link.source_id.in_(members), Link.target_id.in_(members))
        return list(self.s.scalars(q.order_by(Link.id)))

    def update(self, link_id: int, expected_version: int | None = None, **fields: Any) -> Link:
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
        link = self.get(link_id)
        _check_version(link, expected_version)
        self.s.delete(link)
        self.uow.flush()
        self.uow.record("delete", "link", link_id)


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError("error.dates_order")


# ---------------------------------------------------------------------------
class ChallengeRepo(_Repo):
    def add(self, map_id: int, text: str, *, themes: Any = (), actor_ids: Iterable[int] = (), solution: str = "") -> Challenge:
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
        return list(
            self.s.scalars(
                select(Challenge).where(Challenge.map_id.in_(_ids(map_ids))).options(selectinload(Challenge.actors)).order_by(Challenge.id)
            )
        )

    def delete(self, challenge_id: int) -> None:
        ch = self.s.get(Challenge, challenge_id)
        if ch is None:
            raise NotFoundError("error.link_not_found", id=challenge_id)
        self.s.delete(ch)
        self.uow.flush()
        self.uow.record("delete", "challenge", challenge_id)


# ---------------------------------------------------------------------------
class IntroductionRepo(_Repo):
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
    ) -> Introduction:
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
            self.set_status(intro.id, status, on=on)
        return intro

    def get(self, intro_id: int) -> Introduction:
        intro = self.s.get(Introduction, intro_id)
        if intro is None or intro.workspace_id != self.ws.id:
            raise NotFoundError("error.link_not_found", id=intro_id)
        return intro

    def list(self, map_ids: int | Sequence[int] | None = None, statuses: Iterable[str] | None = None) -> list[Introduction]:
        q = select(Introduction).where(Introduction.workspace_id == self.ws.id)
        if map_ids is not None:
            q = q.where(Introduction.map_id.in_(_ids(map_ids)))
        if statuses is not None:
            q = q.where(Introduction.status.in_(list(statuses)))
        return list(self.s.scalars(q.order_by(Introduction.id)))

    def set_status(
        self, intro_id: int, status: str, *, on: dt.date | None = None, level: str | None = None,
        expected_version: int | None = None, kind: str = "dialogue",
    ) -> Introduction:
        """suggested → made → confirmed (creates an ``introduced`` link) or declined."""
        intro = self.get(intro_id)
        _check_version(intro, expected_version)
        status = V.intro_status(status)
        day = on or dt.date.today()
        if level is not None:
            intro.level = V.intro_level(level)
        intro.status = status
        if status == "made":
            intro.made_on = day
        elif status == "declined":
            intro.declined_on = day
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
        self.uow.record("status", "introduction", intro.id, status=status)
        return intro

    def pairs(self, statuses: Iterable[str] | None = None) -> set[frozenset[int]]:
        """Actor-id pairs with an introduction (optionally only in given statuses)."""
        return {frozenset((i.actor_a_id, i.actor_b_id)) for i in self.list(statuses=statuses)}


# ---------------------------------------------------------------------------
class SnapshotRepo(_Repo):
    def take(self, map_id: int, label: str = "", *, metrics: dict[str, Any] | None = None, at: dt.datetime | None = None) -> Snapshot:
        from networkx.readwrite import json_graph

        from weaving.store.bridge import graph_from_maps

        m = self.uow.maps.get(map_id)
        G = graph_from_maps(self.uow, [m.id], include_personal=True)
        data = json_graph.node_link_data(G, edges="links")
        snap = Snapshot(map_id=m.id, label=V.clean_text(label, max_len=300), graph=data, metrics=metrics or {})
        if at is not None:
            snap.taken_at = at
        self.s.add(snap)
        self.uow.flush()
        self.uow.record("create", "snapshot", snap.id, map_id=m.id)
        return snap

    def list(self, map_id: int) -> list[Snapshot]:
        return list(self.s.scalars(select(Snapshot).where(Snapshot.map_id == map_id).order_by(Snapshot.taken_at, Snapshot.id)))

    def get(self, snap_id: int) -> Snapshot:
        snap = self.s.get(Snapshot, snap_id)
        if snap is None:
            raise NotFoundError("error.map_not_found", name=f"#{snap_id}")
        return snap

    def graph(self, snap_id: int):
        from networkx.readwrite import json_graph

        return json_graph.node_link_graph(self.get(snap_id).graph, edges="links")

    def delete(self, snap_id: int) -> None:
        self.s.delete(self.get(snap_id))
        self.uow.flush()
        self.uow.record("delete", "snapshot", snap_id)


# ---------------------------------------------------------------------------
class ContactRepo(_Repo):
    def find(self, name: str) -> list[ContactPerson]:
        wanted = V.clean_text(name).lower()
        return list(
            self.s.scalars(
                select(ContactPerson).join(Actor).where(
                    Actor.workspace_id == self.ws.id, func.lower(ContactPerson.name) == wanted
                )
            )
        )

    def erase(self, name: str) -> int:
        """Erase a contact person everywhere (contacts, link carriers, snapshots).
        The audit entry records how many places, never the name. Admins only."""
        self.uow.require("admin")
        wanted = V.clean_text(name).lower()
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
                kept = [c for c in contacts if str(c).strip().lower() != wanted]
                if len(kept) != len(contacts):
                    node["contacts"], changed = kept, True
            for link in graph.get("links", []):
                carriers = link.get("carried_by") or []
                kept = [c for c in carriers if str(c).strip().lower() != wanted]
                if len(kept) != len(carriers):
                    link["carried_by"], changed = kept, True
            if changed:
                flag_modified(snap, "graph")
                scrubbed += 1
        self.uow.flush()
        self.uow.record("erase", "contact", None, contacts=len(people), snapshots=scrubbed)
        return len(people) + scrubbed


class AuditRepo(_Repo):
    def list(self, limit: int = 200) -> list[AuditEvent]:
        return list(
            self.s.scalars(
                select(AuditEvent).where(or_(AuditEvent.workspace_id == self.ws.id, AuditEvent.workspace_id.is_(None)))
                .order_by(AuditEvent.id.desc()).limit(limit)
            )
        )


class UserRepo(_Repo):
    """Built-in accounts and workspace roles. Changing them needs the admin role."""

    def get(self, username: str) -> User | None:
        return self.s.scalar(select(User).where(func.lower(User.username) == V.clean_text(username).lower()))

    def role_of(self, username: str) -> str | None:
        ws = self.s.scalar(select(Workspace).where(Workspace.name == self.uow._workspace_name))
        user = self.get(username)
        if ws is None or user is None:
            return None
        m = self.s.get(Membership, (user.id, ws.id))
        return m.role if m else None

    def create(self, username: str, password: str | None, *, role: str = "viewer", display_name: str = "") -> User:
        self.uow.require("admin")
        username = V.name(username, MAX_MAP_NAME)
        if self.get(username) is not None:
            raise ConflictError("error.user_exists", name=username)
        if password and len(password) < MIN_PASSWORD:  # no password: single sign-on only
            raise ValidationError("error.password_short", min=MIN_PASSWORD)
        user = User(username=username, display_name=V.clean_text(display_name) or username,
                    password_hash=hash_password(password) if password else "")
        self.s.add(user)
        self.uow.flush()
        self.set_role(username, role)
        self.uow.record("create", "user", user.id, username=username)
        return user

    def set_role(self, username: str, role: str) -> None:
        self.uow.require("admin")
        if role not in ROLES:
            raise ValidationError("error.bad_value", field="role", value=V.clean_text(role)[:40])
        user = self.get(username)
        if user is None:
            raise NotFoundError("error.user_not_found", name=V.clean_text(username)[:200])
        m = self.s.get(Membership, (user.id, self.ws.id))
        if m is None:
            self.s.add(Membership(user_id=user.id, workspace_id=self.ws.id, role=role))
        else:
            m.role = role
        self.uow.flush()
        self.uow.record("role", "user", user.id, role=role)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user if the password matches (constant-time verify via argon2), else None."""
        user = self.get(username)
        if user is None or not user.password_hash:
            hash_password("timing-equaliser")  # same work whether or not the user exists
            return None
        if not verify_password(user.password_hash, password):
            return None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
            self.uow.flush()
        return user

    def list(self) -> list[tuple[User, str | None]]:
        users = list(self.s.scalars(select(User).order_by(User.username)))
        return [(u, self.role_of(u.username)) for u in users]
