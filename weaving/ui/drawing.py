"""Logic behind "Rita en karta" (the Lund flow): pure functions on a unit of work,
plus the actor picker widget. Pages stay thin; every write goes through the store."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from weaving.core.names import name_key, normalise_name
from weaving.core.schema import ACTOR_TYPES, LINK_KINDS, SECTORS, as_list
from weaving.ui.common import labels_for, tr

@dataclass
class NewActor:
    name: str
    type: str = "other"
    sector: str = ""
    themes: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)


@dataclass
class Pick:
    """What an actor picker returned: an existing actor id, or a new actor to create."""

    actor_id: int | None = None
    new: NewActor | None = None

    @property
    def empty(self) -> bool:
        return self.actor_id is None and self.new is None


def ensure_actor(uow, map_id: int, pick: Pick):
    """The picked actor, on ``map_id``: an existing actor joins the map, a new one is
    created, and a "new" name that an actor of the workspace already has picks that
    actor (actors are shared between maps: no twins)."""
    if pick.actor_id is None and pick.new is not None and pick.new.name.strip():
        same = uow.actors.by_name(pick.new.name)
        if same is not None:
            pick = Pick(actor_id=same.id)
    if pick.actor_id is not None:
        uow.actors.add_to_map(pick.actor_id, map_id)
        return uow.actors.get(pick.actor_id)
    if pick.new is None:
        from weaving.core.errors import ValidationError

        raise ValidationError("error.name_empty")
    n = pick.new
    return uow.actors.add(map_id, name=n.name, type=n.type, sector=n.sector,
                          themes=n.themes, target_groups=n.target_groups)


def add_link(uow, map_id: int, a: Pick, b: Pick, *, kind: str, status: str, strength: int = 1,
             carried_by: Any = (), purpose: str = "", place: str = ""):
    """Create (or reuse) both actors on the map and link them, in the caller's unit of work."""
    src = ensure_actor(uow, map_id, a)
    tgt = ensure_actor(uow, map_id, b)
    return uow.links.add(src.id, tgt.id, kind=kind, status=status, strength=strength,
                         carried_by=as_list(carried_by), purpose=purpose, place=place,
                         directed=(kind == "funding"))


def workspace_actors(uow) -> list[tuple[int, str, frozenset[int]]]:
    """(id, name, map ids) of every actor in the workspace, by name."""
    return [(a.id, a.name, frozenset(m.id for m in a.maps)) for a in uow.actors.list()]


def known_tags(uow, attr: str) -> list[str]:
    seen: dict[str, None] = {}
    for a in uow.actors.list():
        for v in getattr(a, attr) or []:
            seen.setdefault(v, None)
    return sorted(seen, key=str.lower)


def home_actor(actors: list[tuple[int, str, frozenset[int]]], map_id: int, weavers: set[int]) -> int | None:
    """The map's own actor (a weaver on the map, else the first on the map) as default "we"."""
    on_map = [a for a in actors if map_id in a[2]]
    for a in on_map:
        if a[0] in weavers:
            return a[0]
    return on_map[0][0] if on_map else None


# ---------------------------------------------------------------------------
def actor_picker(label: str, key: str, actors: list[tuple[int, str, frozenset[int]]], map_id: int,
                 *, themes: list[str], groups: list[str], default: int | None = None) -> Pick:
    """Type-ahead choice of an existing actor, or a new name typed in (then a small form
    for the new actor appears). Nothing chosen gives an empty ``Pick``: never a
    nameless new actor."""
    names = {a[0]: a[1] for a in actors}
    elsewhere = {a[0]: a[2] for a in actors if map_id not in a[2]}
    options = list(names)

    # labels computed now: a format_func must not depend on state at call time
    suffix = tr("page.draw.other_map_suffix")
    labels = {aid: name + (suffix if aid in elsewhere else "") for aid, name in names.items()}

    index = options.index(default) if default in options else None
    value = st.selectbox(label, options, index=index, format_func=lambda v: labels.get(v, str(v)), key=key,
                         placeholder=tr("page.draw.search_placeholder"), accept_new_options=True,
                         help=tr("page.draw.picker_help"))
    if value is None:
        return Pick()
    if isinstance(value, int) and value in names:
        return Pick(actor_id=value)
    typed = normalise_name(value)
    if not typed:
        return Pick()
    # a typed name that matches an existing actor picks it
    for aid, name in names.items():
        if name_key(name) == name_key(typed):
            return Pick(actor_id=aid)
    with st.container(border=True):
        st.caption(tr("page.draw.new_actor_caption"))
        name = st.text_input(tr("page.field.name"), value=typed, key=f"{key}_name")
        c1, c2 = st.columns(2)
        a_type = c1.selectbox(tr("page.field.type"), ACTOR_TYPES, index=ACTOR_TYPES.index("association"),
                              format_func=labels_for("type", ACTOR_TYPES).get, key=f"{key}_type")
        sector = c2.selectbox(tr("page.field.sector"), ("", *SECTORS), format_func=labels_for("sector", ("", *SECTORS)).get,
                              key=f"{key}_sector")
        c3, c4 = st.columns(2)
        th = c3.multiselect(tr("page.field.themes"), themes, key=f"{key}_themes", accept_new_options=True,
                            placeholder=tr("page.field.tags_placeholder"))
        tg = c4.multiselect(tr("page.field.target_groups"), groups, key=f"{key}_groups", accept_new_options=True,
                            placeholder=tr("page.field.tags_placeholder"))
    return Pick(new=NewActor(name=name or typed, type=a_type, sector=sector, themes=list(th), target_groups=list(tg)))


def kind_select(key: str, default: str = "dialogue") -> str:
    return st.selectbox(tr("page.field.kind"), LINK_KINDS, index=LINK_KINDS.index(default),
                        format_func=labels_for("kind", LINK_KINDS).get, key=key)


def strength_select(key: str) -> int:
    return st.segmented_control(tr("page.field.strength"), (1, 2, 3), default=2,
                                format_func=labels_for("strength", (1, 2, 3)).get, key=key) or 1
