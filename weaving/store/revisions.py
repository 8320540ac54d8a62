"""Map revisions: every write that changes what a map shows bumps the map's ``revision``.

The revision (``maps.revision``) is the cache key of everything computed from a map
(the prepared graph, the analysis, suggestions, the drawn map): the app computes them
once per ``(maps, revision)``. So the rule must hold for every write, which is why it
lives in ONE place, the unit of work:

* before each flush, :func:`collect` looks at the session's new, changed and deleted
  objects and notes the maps they touch:

  - a map itself (created, renamed);
  - an actor (created, edited, deleted, put on or taken off a map): every map it is
    on, before and after;
  - a contact person (its names are carriers of links): its actor's maps;
  - a link (created, edited, carriers changed, deleted): the maps holding both ends;
  - a challenge or an introduction: its map;

* :func:`bump` then issues ONE ``UPDATE maps SET revision = revision + 1`` for all of
  them, just before the transaction commits (``UnitOfWork.commit``).

Writers that go around the ORM (SQLAlchemy Core inserts in :mod:`weaving.store.bulk`,
position updates of ``map_actors``) call ``UnitOfWork.touch(map_ids)`` themselves.
A map's creation time is part of the cache key too (``MapRepo.revisions``): SQLite
may give a new map the id of a deleted one.
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history, set_committed_value

from weaving.store.models import Actor, Challenge, ContactPerson, Introduction, Link, Map, map_actors


class Touched:
    """The maps one unit of work has changed so far (ids, or new maps not yet flushed)."""

    def __init__(self) -> None:
        self.map_ids: set[int] = set()
        self.pending: list[Map] = []   # new maps: their id exists only after the flush

    def add_map(self, m: Any) -> None:
        if isinstance(m, Map):
            if m.id is not None:
                self.map_ids.add(int(m.id))
            else:
                self.pending.append(m)
        elif m is not None:
            self.map_ids.add(int(m))

    def ids(self) -> set[int]:
        out = set(self.map_ids)
        out.update(int(m.id) for m in self.pending if m.id is not None)
        return out

    def clear(self) -> None:
        self.map_ids.clear()
        self.pending.clear()


def _maps_of(session: Session, actor_ids: set[int]) -> dict[int, set[int]]:
    """{actor id: ids of the maps it is on} as stored (before this flush)."""
    out: dict[int, set[int]] = {}
    ids = sorted(actor_ids)
    for start in range(0, len(ids), 900):
        rows = session.execute(
            select(map_actors.c.actor_id, map_actors.c.map_id).where(map_actors.c.actor_id.in_(ids[start:start + 900])))
        for actor_id, map_id in rows:
            out.setdefault(int(actor_id), set()).add(int(map_id))
    return out


def collect(session: Session, touched: Touched) -> None:
    """Note the maps touched by the session's pending changes (a ``before_flush`` hook)."""
    changed = [o for o in chain(session.new, session.deleted)]
    changed += [o for o in session.dirty if session.is_modified(o)]
    if not changed:
        return
    actors: set[int] = set()        # persistent actors whose stored maps are touched
    links: list[tuple[Any, Any]] = []
    for obj in changed:
        if isinstance(obj, Map):
            touched.add_map(obj)
        elif isinstance(obj, Actor):
            if obj.id is not None:
                actors.add(int(obj.id))
            else:
                for m in obj.maps:
                    touched.add_map(m)
            hist = get_history(obj, "maps", passive=True)
            for m in chain(hist.added or (), hist.deleted or ()):
                touched.add_map(m)
        elif isinstance(obj, ContactPerson):
            owner = obj.actor_id if obj.actor_id is not None else getattr(obj.actor, "id", None)
            if owner is not None:
                actors.add(int(owner))
            elif obj.actor is not None:
                for m in obj.actor.maps:
                    touched.add_map(m)
        elif isinstance(obj, Link):
            src = obj.source_id if obj.source_id is not None else getattr(obj.source, "id", None)
            tgt = obj.target_id if obj.target_id is not None else getattr(obj.target, "id", None)
            links.append((src, tgt))
        elif isinstance(obj, (Challenge, Introduction)):
            touched.add_map(obj.map_id if obj.map_id is not None else getattr(obj, "map", None))
    ends = {int(x) for pair in links for x in pair if x is not None}
    stored = _maps_of(session, actors | ends) if actors or ends else {}
    for a in actors:
        for m in stored.get(a, ()):
            touched.add_map(m)
    for src, tgt in links:
        a = stored.get(int(src), set()) if src is not None else None
        b = stored.get(int(tgt), set()) if tgt is not None else None
        both = (a & b) if a is not None and b is not None else (a or b or set())
        for m in both:
            touched.add_map(m)


def bump(session: Session, map_ids: Iterable[int]) -> None:
    """Raise the revision of these maps by one (one UPDATE); loaded Map objects follow."""
    ids = sorted({int(i) for i in map_ids})
    if not ids:
        return
    loaded = {o.id: o for o in session.identity_map.values() if isinstance(o, Map)}
    for start in range(0, len(ids), 900):
        rows = session.execute(
            update(Map.__table__).where(Map.__table__.c.id.in_(ids[start:start + 900]))
            .values(revision=Map.__table__.c.revision + 1)
            .returning(Map.__table__.c.id, Map.__table__.c.revision))
        for map_id, revision in rows:
            obj = loaded.get(map_id)
            if obj is not None:
                set_committed_value(obj, "revision", revision)
