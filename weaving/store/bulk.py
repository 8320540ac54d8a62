"""Bulk writes: many actors and links into one map with a handful of statements.

The repositories write one row at a time through the ORM (about five flushes per
link), which is right for a form but makes a 100,000-link import take hours. A
:class:`BulkImport` resolves everything in memory first -- names to existing actors
(by :func:`weaving.core.names.name_key`, as ``ActorRepo.by_name``), links that already exist (as
``LinkRepo.find``), carriers to contact persons (as ``LinkRepo._carriers``) -- with the
repositories' own validation functions, in the same order, so it raises exactly the
error the row-by-row path would raise first. :meth:`BulkImport.write` then inserts
with SQLAlchemy Core ``insert()`` and lists of rows (executemany; ids come back with
``RETURNING`` in parameter order), inside the caller's transaction: still all or
nothing, and the database's own constraints still run.

What the ORM path did implicitly is done explicitly here: the role check
(``uow.require("editor")``; the unit of work's flush guard only sees ORM objects),
one audit event per created actor, per actor put on the map and per created link
(same actions and details, same order), and the map's revision
(``uow.touch``). ``tests/test_bulk.py`` checks that the resulting database is the
same as the row-by-row path's, row for row.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from weaving.core.errors import ConflictError, NotFoundError, ValidationError
import weaving.store.validate as V
from weaving.store.fastinsert import insert_rows
from weaving.store.models import Actor, AuditEvent, ContactPerson, Link, Map, link_carriers, map_actors, utcnow
from weaving.store.repos.actors import _actor_values, _contact
from weaving.store.repos.base import MAX_PERSON_NAME
from weaving.store.repos.links import _check_dates

Progress = Callable[[int, int], None]
_MEMO_FIELDS = frozenset({"kind", "strength", "status", "directed", "start_date", "end_date"})

NEW = 1 << 40         # actors made here get provisional ids NEW + k until written
CHUNK = 5_000          # rows per statement batch (progress is reported per batch)
ACTOR_DEFAULTS = {"type": "other", "sector": "", "area": "", "themes": [], "target_groups": [], "resources": [],
                  "description": "", "is_weaver": False}
LINK_DEFAULTS = {"kind": "dialogue", "strength": 1, "directed": False, "status": "existing", "start_date": None,
                 "end_date": None, "purpose": "", "place": ""}


def _in_chunks(session: Session, stmt_for, ids: list[int]):
    for start in range(0, len(ids), 900):
        yield from session.execute(stmt_for(ids[start:start + 900]))


class BulkImport:
    """Actors and links for one map, resolved in memory and written in bulk.

    Call :meth:`actor` for every actor (in order), then :meth:`link` for every link,
    then :meth:`write` once. Nothing reaches the database before :meth:`write`, and
    nothing is committed: the caller's unit of work commits.

    Parameters
    ----------
    uow : weaving.store.uow.UnitOfWork
    map_id : int
    progress : callable, optional
        ``progress(rows_written, rows_total)`` after each batch of :meth:`write`.

    Raises
    ------
    PermissionDenied
        The user is not an editor.
    NotFoundError
        The map does not exist.
    """

    def __init__(self, uow, map_id: int, *, progress: Progress | None = None) -> None:
        self.uow = uow
        self.session: Session = uow.session
        self.progress = progress
        uow.require("editor")
        self.map: Map = uow.maps.get(map_id)
        self.map_id = int(self.map.id)
        self.session.flush()   # pending ORM writes (the new map, its audit event) go first
        self.ws_id = int(uow.workspace.id)
        t = Actor.__table__
        self.by_name: dict[str, int] = {}
        for aid, name in self.session.execute(
                select(t.c.id, t.c.name).where(t.c.workspace_id == self.ws_id).order_by(t.c.id)):
            key = V.name_key(name)
            if str(name).lower() == key:   # what by_name's lower(name) = key finds (a look-alike
                self.by_name.setdefault(key, int(aid))   # left unmerged by migration 0007 is not)
        self.on_map = set(self.session.scalars(
            select(map_actors.c.actor_id).where(map_actors.c.map_id == self.map_id)))
        self.actors: list[dict[str, Any]] = []        # rows of new actors
        self.contacts: list[dict[str, Any]] = []      # rows of new contact persons (actor_id provisional)
        self.contacts_of: dict[int, list[tuple[str, int]]] = {}   # actor -> [(name key, ref)]
        self.map_rows: list[int] = []                 # actors put on the map
        self.links: list[tuple[int, int, dict[str, Any], list[int]]] = []
        self.audit: list[tuple[str, str, int, dict[str, Any]]] = []
        self.reused: set[int] = set()
        self._keys: set[tuple[int, int, str]] | None = None
        self._memo: dict = {}
        self.positions: dict[int, tuple[float, float]] = {}

    # ------------------------------------------------------------ resolve
    def actor(self, name: Any, fields: dict[str, Any], contacts: Iterable[Any] = (),
              position: tuple[float, float] | None = None) -> tuple[int, bool]:
        """The actor of this name: an existing one (put on the map) or a new one.

        As ``ActorRepo.by_name`` + ``add_to_map``, else ``ActorRepo.add``: the same
        validation and errors, in the same order. ``position`` (x, y) is where the actor
        sits on this map when this call puts it there (``map_actors.x/y``).

        Returns
        -------
        (int, bool)
            Its id (provisional for a new actor: use it only with :meth:`link`) and
            whether it is new.
        """
        hit = self.by_name.get(V.name_key(name))
        if hit is not None:
            if hit not in self.on_map:
                self.on_map.add(hit)
                self.map_rows.append(hit)
                self._place(hit, position)
                self.audit.append(("add_to_map", "actor", hit, {"map_id": self.map_id}))
            if hit < NEW:
                self.reused.add(hit)
            return hit, False
        values = _actor_values({"name": name, **fields})
        if V.name_key(values["name"]) in self.by_name:
            raise ConflictError("error.duplicate_actor", name=values["name"])
        people = [_contact(c) for c in contacts]   # validates every contact first
        values.setdefault("area", self.map.area)
        tid = NEW + len(self.actors)
        now = utcnow()
        self.actors.append({**ACTOR_DEFAULTS, **values, "workspace_id": self.ws_id, "created_at": now,
                            "updated_at": now, "version": 1})
        mine = self.contacts_of.setdefault(tid, [])
        for p in people:
            self.contacts.append({"actor_id": tid, "name": p.name, "role": p.role, "email": p.email, "phone": p.phone})
            mine.append((V.name_key(p.name), -len(self.contacts)))
        self.by_name[V.name_key(values["name"])] = tid
        self.on_map.add(tid)
        self.map_rows.append(tid)
        self._place(tid, position)
        self.audit.append(("create", "actor", tid, {"name": values["name"]}))
        return tid, True

    def _place(self, actor: int, position: tuple[float, float] | None) -> None:
        if position is not None:
            self.positions[actor] = (float(position[0]), float(position[1]))

    def _link_keys(self) -> set[tuple[int, int, str]]:
        """(pair_lo, pair_hi, kind) of the stored links among the reused actors (only
        they can have links already) and of the links resolved so far."""
        if self._keys is None:
            t = Link.__table__
            ids = sorted(self.reused)
            keys: set[tuple[int, int, str]] = set()
            if len(ids) > 2000:
                rows = self.session.execute(select(t.c.pair_lo, t.c.pair_hi, t.c.kind).where(t.c.workspace_id == self.ws_id))
            else:
                rows = _in_chunks(self.session, lambda part: select(t.c.pair_lo, t.c.pair_hi, t.c.kind).where(
                    t.c.pair_lo.in_(part), t.c.pair_hi.in_(ids)), ids)
            reused = self.reused
            keys = {(int(a), int(b), str(k)) for a, b, k in rows if a in reused and b in reused}
            c = ContactPerson.__table__
            for cid, owner, cname in _in_chunks(self.session, lambda part: select(c.c.id, c.c.actor_id, c.c.name).where(
                    c.c.actor_id.in_(part)).order_by(c.c.id), ids):
                self.contacts_of.setdefault(int(owner), []).append((V.name_key(cname), int(cid)))
            self._keys = keys
        return self._keys

    def link(self, src: int, tgt: int, find_kind: Any, fields: dict[str, Any]) -> bool:
        """A link between two actors from :meth:`actor`, unless the pair already has a
        link of kind ``find_kind`` (as ``LinkRepo.find``); otherwise as
        ``LinkRepo.add``: the same validation and errors, in the same order.

        Returns
        -------
        bool
            True when the link is new, False when it was skipped.
        """
        keys = self._link_keys()
        lo, hi = (src, tgt) if src <= tgt else (tgt, src)
        if (lo, hi, find_kind) in keys:
            return False
        if src == tgt:
            raise ValidationError("error.self_link")
        fields = dict(fields)
        values = self._link_values({"kind": fields.pop("kind", None), **fields})
        _check_dates(values.get("start_date"), values.get("end_date"))
        if (lo, hi, values["kind"]) in keys:
            raise ConflictError("error.duplicate_link", kind=values["kind"])
        refs = self._carriers(src, tgt, values.pop("carried_by", None) or [])
        keys.add((lo, hi, values["kind"]))
        self.links.append((src, tgt, values, refs))
        return True

    def _link_values(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``LinkRepo._values``, remembering the (few) distinct kinds, strengths,
        statuses and dates already checked; errors are raised as there, in field order."""
        memo = self._memo
        out: dict[str, Any] = {}
        for key, value in fields.items():
            if key in _MEMO_FIELDS:
                try:
                    mk = (key, type(value), value)
                    hit = memo.get(mk, memo)
                except TypeError:   # unhashable: not remembered
                    mk, hit = None, memo
                if hit is memo:
                    hit = self.uow.links._values({key: value})[key]
                    if mk is not None:
                        memo[mk] = hit
                out[key] = hit
            else:
                out.update(self.uow.links._values({key: value}))
        return out

    def _carriers(self, src: int, tgt: int, carriers: Iterable[Any]) -> list[int]:
        """As ``LinkRepo._carriers``: a contact person of either end (source first) of
        that name, else a new contact person of the source."""
        out: list[int] = []
        for c in carriers:
            if isinstance(c, int):
                person = self.session.get(ContactPerson, c)
                if person is None:
                    raise NotFoundError("error.actor_not_found", id=c)
                ref = int(person.id)
            else:
                cname = V.name(c, MAX_PERSON_NAME)
                low = V.name_key(cname)
                src_list = self.contacts_of.setdefault(src, [])
                ref = next((r for nm, r in [*src_list, *self.contacts_of.get(tgt, [])] if nm == low), 0)
                if not ref:
                    self.contacts.append({"actor_id": src, "name": cname, "role": "", "email": "", "phone": ""})
                    ref = -len(self.contacts)
                    src_list.append((low, ref))
            if ref not in out:
                out.append(ref)
        return out

    # -------------------------------------------------------------- write
    def write(self) -> dict[int, int]:
        """Insert everything resolved (inside the caller's transaction).

        Returns
        -------
        dict of int to int
            Provisional id of each new actor -> its id in the database.
        """
        total = len(self.actors) + len(self.map_rows) + len(self.contacts) + 3 * len(self.links) + len(self.audit)
        self._done, self._total = 0, max(total, 1)
        actor_ids = self._insert(Actor.__table__, self.actors, returning=True)
        real = {NEW + k: i for k, i in enumerate(actor_ids)}

        def rid(a: int) -> int:
            return real[a] if a >= NEW else a

        self._insert(map_actors, [{"map_id": self.map_id, "actor_id": rid(a), "x": self.positions.get(a, (None, None))[0],
                                   "y": self.positions.get(a, (None, None))[1]} for a in self.map_rows])
        for row in self.contacts:
            row["actor_id"] = rid(row["actor_id"])
        contact_ids = self._insert(ContactPerson.__table__, self.contacts, returning=True)
        rows, created = [], []
        now = utcnow()
        for src, tgt, values, _refs in self.links:
            a, b = rid(src), rid(tgt)
            lo, hi = (a, b) if a < b else (b, a)
            rows.append({**LINK_DEFAULTS, **values, "workspace_id": self.ws_id, "source_id": a, "target_id": b,
                         "pair_lo": lo, "pair_hi": hi, "created_at": now, "updated_at": now, "version": 1})
            created.append((a, b, values["kind"]))
        link_ids = self._insert(Link.__table__, rows, returning=True)
        carriers = [{"link_id": lid, "contact_id": contact_ids[-r - 1] if r < 0 else r}
                    for lid, (_s, _t, _v, refs) in zip(link_ids, self.links) for r in refs]
        self._insert(link_carriers, carriers, count=len(self.links))
        now = utcnow()
        audit = [{"at": now, "user": self.uow.user, "action": action, "entity": entity, "entity_id": rid(eid),
                  "workspace_id": self.ws_id, "detail": detail} for action, entity, eid, detail in self.audit]
        audit += [{"at": now, "user": self.uow.user, "action": "create", "entity": "link", "entity_id": lid,
                   "workspace_id": self.ws_id, "detail": {"source": a, "target": b, "kind": kind}}
                  for lid, (a, b, kind) in zip(link_ids, created)]
        self._insert(AuditEvent.__table__, audit)
        if self.map_rows or self.links or self.contacts:
            self.uow.touch([self.map_id])
        self._forget_loaded()
        return real

    def _insert(self, table, rows: list[dict[str, Any]], *, returning: bool = False, count: int | None = None) -> list[int]:
        ids: list[int] = []
        for start in range(0, len(rows), CHUNK):
            part = rows[start:start + CHUNK]
            ids.extend(insert_rows(self.session, table, part, with_ids=returning))
            if count is None:
                self._report(len(part))
        if count is not None:
            self._report(count)
        return ids

    def _report(self, n: int) -> None:
        self._done += n
        if self.progress is not None:
            self.progress(min(self._done, self._total), self._total)

    def _forget_loaded(self) -> None:
        """Collections the ORM loaded before the Core inserts are stale now."""
        for obj in list(self.session.identity_map.values()):
            if isinstance(obj, Map):
                self.session.expire(obj, ["actors"])
            elif isinstance(obj, Actor) and obj.id in self.reused:
                self.session.expire(obj, ["maps", "contacts"])
