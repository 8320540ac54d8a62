"""What an edit on the drawing canvas does to the store: one action, one transaction.

``apply_action(uow, map_id, action)`` validates the action sent by the canvas, saves
it and returns what to say (a catalogue key) and, for a removal, how to undo it. The
form flow of the same page calls the same ``ensure_actor`` / ``add_link``
(``weaving.ui.drawing``), so both ways of drawing save alike.

Removing an actor takes it off *this* map only: actors are shared between maps, and
the actor with its links stays in the workspace (and comes back by name). Removing a
link deletes it; its undo record recreates it with the same values.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from weaving.core.errors import ValidationError
from weaving.i18n import t
from weaving.mapview.textalt import t_count as count_text
from weaving.ui.drawing import NewActor, Pick, add_link, ensure_actor

OPS = ("add_actor", "add_existing", "add_link", "move", "delete")
MAX_BATCH = 5_000  # positions or removals in one action: more is a broken client


@dataclass
class Outcome:
    """What an applied action did: a message key (and params), and an undo record."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)
    undo: dict[str, Any] | None = None


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValidationError("error.bad_value", field="x/y", value=str(value)[:40])
    try:
        return int(value)
    except ValueError as exc:
        raise ValidationError("error.bad_value", field="x/y", value=str(value)[:40]) from exc


def _xy(value: Any) -> tuple[float, float]:
    try:
        x, y = (float(v) for v in value)
    except (TypeError, ValueError) as exc:
        raise ValidationError("error.bad_value", field="x/y", value=str(value)[:40]) from exc
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValidationError("error.bad_value", field="x/y", value=str(value)[:40])
    return x, y


def _positions(raw: Any) -> dict[int, tuple[float, float]]:
    if not raw:
        return {}
    if not isinstance(raw, dict) or len(raw) > MAX_BATCH:
        raise ValidationError("error.bad_value", field="x/y", value="")
    return {_int(k): _xy(v) for k, v in raw.items()}


def apply_action(uow, map_id: int, action: dict[str, Any]) -> Outcome:
    """Save one canvas action in the caller's unit of work (the caller commits).

    Raises ValidationError / ConflictError / NotFoundError / PermissionDenied with a
    translated reason; then nothing is saved (the caller's transaction rolls back).
    """
    op = action.get("op")
    if op not in OPS:
        raise ValidationError("error.bad_value", field="op", value=str(op)[:40])
    # the first edit pins the actors the layout placed, so the map keeps its look
    pinned = _positions(action.get("unplaced"))
    if pinned:
        uow.maps.place(map_id, pinned)
    if op == "add_actor":
        name = str(action.get("name") or "")
        existing = uow.actors.by_name(name) if name.strip() else None
        if existing is not None and map_id in {m.id for m in existing.maps}:
            raise ValidationError("draw.error.already_here", name=existing.name)
        actor = ensure_actor(uow, map_id, Pick(new=NewActor(name=name, type=str(action.get("type") or "other"))))
        uow.maps.place(map_id, {actor.id: _xy((action.get("x"), action.get("y")))})
        return Outcome("draw.done.actor_added", {"name": actor.name})
    if op == "add_existing":
        actor = uow.actors.get(_int(action.get("actor")))
        if map_id in {m.id for m in actor.maps}:
            raise ValidationError("draw.error.already_here", name=actor.name)
        uow.actors.add_to_map(actor.id, map_id)
        uow.maps.place(map_id, {actor.id: _xy((action.get("x"), action.get("y")))})
        return Outcome("draw.done.actor_joined", {"name": actor.name})
    if op == "add_link":
        a, b = _int(action.get("from")), _int(action.get("to"))
        on_map = {x.id for x in uow.actors.list([map_id])}
        if a not in on_map or b not in on_map:
            raise ValidationError("draw.error.not_on_map")
        add_link(uow, map_id, Pick(actor_id=a), Pick(actor_id=b), kind=str(action.get("kind") or ""),
                 status=str(action.get("status") or "existing"), strength=action.get("strength") or 1)
        return Outcome("draw.done.link_added", {"a": uow.actors.get(a).name, "b": uow.actors.get(b).name})
    if op == "move":
        uow.maps.place(map_id, _positions(action.get("positions")))
        return Outcome("draw.done.moved")
    return _delete(uow, map_id, action)


def _delete(uow, map_id: int, action: dict[str, Any]) -> Outcome:
    nodes = [_int(n) for n in (action.get("nodes") or [])][:MAX_BATCH]
    edges = [_int(e) for e in (action.get("edges") or [])][:MAX_BATCH]
    if not nodes and not edges:
        raise ValidationError("draw.error.nothing_selected")
    positions = uow.maps.positions(map_id)
    on_map = {a.id for a in uow.actors.list([map_id])}
    drawn_before = {link.id for link in uow.links.list([map_id])}
    undo: dict[str, Any] = {"map": map_id, "actors": [], "links": []}
    for link_id in edges:
        link = uow.links.get(link_id)
        if link.source_id not in on_map or link.target_id not in on_map:
            raise ValidationError("draw.error.not_on_map")
        undo["links"].append(link_record(link))
        uow.links.delete(link.id)
    for actor_id in nodes:
        if actor_id not in on_map:
            raise ValidationError("draw.error.not_on_map")
        undo["actors"].append({"id": actor_id, "xy": positions.get(actor_id)})
        uow.actors.remove_from_map(actor_id, map_id)
    uow.maps.touch([map_id])
    # the links taken off the map: those deleted and those of the actors that left it
    # (they stay in the workspace, between the actors' other maps)
    gone = drawn_before - {link.id for link in uow.links.list([map_id])}
    return Outcome("kbd.removed", {"actors": len(set(nodes)), "links": len(gone)}, undo)


def outcome_text(out: Outcome, lang: str) -> str:
    """What to tell the user, in words that agree with the numbers ("1 aktör och 1 länk")."""
    if out.message != "kbd.removed":
        return t(out.message, lang, **out.params)
    a, n = out.params.get("actors", 0), out.params.get("links", 0)
    parts = {"actors": count_text("actors", a, lang), "links": count_text("links", n, lang)}
    key = "kbd.removed.both" if a and n else "kbd.removed.actors" if a else "kbd.removed.links"
    return t(key, lang, **parts)


def link_record(link) -> dict[str, Any]:
    """Everything needed to recreate a link (carriers by name: they are contacts of its ends)."""
    return {
        "source": link.source_id, "target": link.target_id, "kind": link.kind, "strength": link.strength,
        "status": link.status, "directed": bool(link.directed),
        "start_date": link.start_date.isoformat() if link.start_date else None,
        "end_date": link.end_date.isoformat() if link.end_date else None,
        "purpose": link.purpose, "place": link.place, "carried_by": [c.name for c in link.carried_by],
    }


def undo(uow, record: dict[str, Any]) -> Outcome:
    """Put back what one removal took away (in the caller's unit of work)."""
    map_id = int(record["map"])
    for item in record.get("actors", []):
        uow.actors.add_to_map(int(item["id"]), map_id)
        if item.get("xy"):
            uow.maps.place(map_id, {int(item["id"]): tuple(item["xy"])})
    for rec in record.get("links", []):
        values = {k: v for k, v in rec.items() if k not in ("source", "target")}
        uow.links.add(int(rec["source"]), int(rec["target"]), **values)
    uow.maps.touch([map_id])
    return Outcome("draw.done.undone")
