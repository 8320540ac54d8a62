"""Editable tables for "Aktörer och länkar": rows out of the store, change sets back in.

A change set is computed by comparing the rows the user started from (the
*baseline*, with each row's ``version``) with the edited table, and applied in ONE
unit of work with ``expected_version`` per row: if someone else changed a row in
the meantime the store raises ConflictError and nothing at all is saved.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from weaving.core.schema import as_list
from weaving.store import validate as V
from weaving.store.erasure import MARKER as ERASED_MARKER  # noqa: F401  (the actors page's erase form)

ACTOR_EDIT_FIELDS = ("name", "type", "sector", "area", "themes", "target_groups", "resources", "description",
                     "is_weaver")
LINK_EDIT_FIELDS = ("kind", "strength", "status", "directed", "start_date", "end_date", "purpose", "place",
                    "carried_by")
LIST_FIELDS = {"themes", "target_groups", "resources", "carried_by"}


def actor_rows(actors) -> list[dict[str, Any]]:
    return [
        {"id": a.id, "version": a.version, "delete": False, "name": a.name, "type": a.type, "sector": a.sector or "",
         "area": a.area or "", "themes": list(a.themes or []), "target_groups": list(a.target_groups or []),
         "resources": list(a.resources or []), "description": a.description or "", "is_weaver": bool(a.is_weaver),
         "maps": ", ".join(sorted(m.name for m in a.maps)), "contacts": len(a.contacts)}
        for a in actors
    ]


def link_rows(links, names: dict[int, str], *, personal: bool = True) -> list[dict[str, Any]]:
    """The links as table rows; ``personal`` False (a viewer) leaves carriers empty."""
    return [
        {"id": l.id, "version": l.version, "delete": False, "source": names.get(l.source_id, "?"),
         "target": names.get(l.target_id, "?"), "kind": l.kind, "strength": int(l.strength), "status": l.status,
         "directed": bool(l.directed), "start_date": l.start_date, "end_date": l.end_date, "purpose": l.purpose or "",
         "place": l.place or "", "carried_by": ", ".join(c.name for c in l.carried_by) if personal else ""}
        for l in links
    ]


def _norm(field_name: str, value: Any) -> Any:
    """Comparable form of a cell (pandas gives NaN/None/Timestamp/ndarray back)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        value = None
    if field_name in LIST_FIELDS:
        if value is None:
            return []
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, str):
            value = value.replace(",", ";")
        return as_list(value)
    if field_name in ("start_date", "end_date"):
        if value is None or value == "":
            return None
        if hasattr(value, "to_pydatetime"):
            value = value.to_pydatetime()
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return V.date(value)
    if field_name in ("is_weaver", "directed", "delete"):
        return bool(value) if value is not None else False
    if field_name == "strength":
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return value  # the store rejects it with a translated message
    return "" if value is None else value


@dataclass
class ChangeSet:
    updates: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)  # (id, version, changed fields)
    deletes: list[tuple[int, int]] = field(default_factory=list)                  # (id, version)

    @property
    def empty(self) -> bool:
        return not self.updates and not self.deletes

    def __len__(self) -> int:
        return len(self.updates) + len(self.deletes)


def diff(baseline: list[dict[str, Any]], edited: list[dict[str, Any]], fields: tuple[str, ...]) -> ChangeSet:
    """Rows of ``edited`` (same order and ids as ``baseline``) that differ, or are marked for deletion."""
    out = ChangeSet()
    before = {row["id"]: row for row in baseline}
    for row in edited:
        rid = row.get("id")
        if rid is None or (isinstance(rid, float) and math.isnan(rid)):
            continue
        rid = int(rid)
        orig = before.get(rid)
        if orig is None:
            continue
        if _norm("delete", row.get("delete")):
            out.deletes.append((rid, int(orig["version"])))
            continue
        changed = {}
        for f in fields:
            if f not in row:
                continue
            new, old = _norm(f, row[f]), _norm(f, orig.get(f))
            if new != old:
                changed[f] = new
        if changed:
            out.updates.append((rid, int(orig["version"]), changed))
    return out


def apply_actor_changes(uow, changes: ChangeSet) -> int:
    for rid, version, fields in changes.updates:
        uow.actors.update(rid, expected_version=version, **fields)
    for rid, version in changes.deletes:
        uow.actors.delete(rid, expected_version=version)
    return len(changes)


def apply_link_changes(uow, changes: ChangeSet) -> int:
    for rid, version, fields in changes.updates:
        uow.links.update(rid, expected_version=version, **fields)
    for rid, version in changes.deletes:
        uow.links.delete(rid, expected_version=version)
    return len(changes)


# -- contact persons (personal data) -------------------------------------------
def contact_rows(people) -> list[dict[str, Any]]:
    """Contact persons (``uow.contacts.of_actor``: the store refuses viewers) as rows."""
    return [{"id": c.id, "name": c.name, "role": c.role or "", "email": c.email or "", "phone": c.phone or ""}
            for c in people]


def save_contacts(uow, actor_id: int, rows: list[dict[str, Any]]) -> int:
    """Apply an edited contact list to one actor, keeping the identity of contacts that
    stay (so the links they carry keep them). Rows without a name are ignored."""
    people = []
    for row in rows:
        name = str(_norm("name", row.get("name")) or "").strip()
        if not name:
            continue
        rid = row.get("id")
        known = rid is not None and not (isinstance(rid, float) and math.isnan(rid))
        people.append({"id": int(rid) if known else None, "name": name,
                       **{k: _norm(k, row.get(k)) for k in ("role", "email", "phone")}})
    return len(uow.actors.set_contacts(actor_id, people).contacts)
