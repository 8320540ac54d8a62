"""Look-alike names the store could not make one: what ``weaving names --conflicts`` lists.

Every name is stored in normal form and two names are the same name when their
:func:`weaving.core.names.name_key` is equal, so new look-alikes cannot arise. Migration
0007 merged the look-alike actors that already existed when their details agreed; the
ones whose details differ (another type, sector, area or description, or both invited
in one survey round) and look-alike maps were left as they were, for a person to decide:
rename one, or make them one by hand. This module finds them.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from weaving.core.names import name_key, reveal
from weaving.store.models import Actor, Map, map_actors


@dataclass(frozen=True)
class Member:
    """One actor or map of a look-alike group, as stored."""

    id: int
    name: str
    shown: str                      # the name with its odd characters spelt out (core.names.reveal)
    details: tuple[tuple[str, str], ...] = ()   # actors: type, sector, area, maps


@dataclass(frozen=True)
class Lookalikes:
    """Names that are the same name (equal key) on different actors or maps."""

    kind: str                       # "actor" or "map"
    key: str
    members: tuple[Member, ...]


def lookalike_conflicts(uow) -> list[Lookalikes]:
    """The look-alike actors and maps of the unit of work's workspace.

    Parameters
    ----------
    uow : weaving.store.uow.UnitOfWork
        Reads only.

    Returns
    -------
    list of Lookalikes
        Actors first, then maps; each group ordered by id, groups by key. Empty when
        every name is one identity.

    Examples
    --------
    >>> from weaving.store import Store
    >>> store = Store("sqlite://")
    >>> with store.uow() as uow:
    ...     _ = uow.actors.add(None, name="Café\\u00a0Ö")
    ...     lookalike_conflicts(uow)
    []
    >>> store.dispose()
    """
    ws = uow.workspace.id
    s = uow.session
    out: list[Lookalikes] = []
    rows = s.execute(select(Actor.id, Actor.name, Actor.type, Actor.sector, Actor.area)
                     .where(Actor.workspace_id == ws).order_by(Actor.id)).all()
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(name_key(row.name), []).append(row)
    doubled = {k: g for k, g in groups.items() if len(g) > 1}
    if doubled:
        ids = [r.id for g in doubled.values() for r in g]
        on: dict[int, list[str]] = {}
        for aid, mname in s.execute(select(map_actors.c.actor_id, Map.name).join(Map, Map.id == map_actors.c.map_id)
                                    .where(map_actors.c.actor_id.in_(ids)).order_by(Map.name)):
            on.setdefault(int(aid), []).append(mname)
        for key in sorted(doubled):
            out.append(Lookalikes("actor", key, tuple(
                Member(r.id, r.name, reveal(r.name), (("type", r.type), ("sector", r.sector), ("area", r.area),
                                                      ("maps", ", ".join(on.get(r.id, [])))))
                for r in doubled[key])))
    maps: dict[str, list] = {}
    for mid, mname in s.execute(select(Map.id, Map.name).where(Map.workspace_id == ws).order_by(Map.id)):
        maps.setdefault(name_key(mname), []).append((mid, mname))
    for key in sorted(k for k, g in maps.items() if len(g) > 1):
        out.append(Lookalikes("map", key, tuple(Member(i, n, reveal(n)) for i, n in maps[key])))
    return out
