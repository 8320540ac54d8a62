"""normalise names: one identity per name

Issue 15: a name with a no-break space, a zero-width space, a bidirectional mark or a
decomposed "ö" became an actor of its own beside the one spelt plainly. From now on
every name is stored in normal form (weaving.core.names.normalise_name) and compared by
its key (weaving.core.names.name_key). This migration brings the stored data there:

* Actors of one workspace whose names have the same key are merged into the oldest of
  them when they agree: the same type; sector, area and description equal (areas by
  key, descriptions up to spacing) or empty on one side; not both invited in the same
  survey round. The merged actor gets the empty values filled in from the others, the
  union of their themes, target groups and resources, and is a weaver if one was. Map
  memberships (a position kept when the merged actor had none), challenges, contact
  persons, links, introductions, survey invites, the actor ids inside survey answers
  and decisions follow it. A link that becomes a repeat of one it already had (same
  pair and kind) is folded into that one (its carriers, introductions and survey
  decisions moved), a link between two of the look-alikes and an introduction of one
  to the other are dropped. Every merge is an audit event ("merge", user
  "migration 0007").
* Look-alikes that disagree are NOT merged: one of them (the one already in normal
  form, else the oldest) gets the normal name, the others keep the name they had, so
  they stay distinct and visible; ``weaving names --conflicts``
  (weaving.store.lookalikes) lists them, and they are logged here.
* Maps are never merged: look-alike map names are left for the user in the same way
  (the unique (workspace, name) constraint holds).
* Contact persons get the normal form; two of the same name at one actor are merged
  when role, e-mail and phone agree (equal or empty on one side), their carried links
  moving to the one kept.
* Areas (actors, maps) and the themes, target groups and resources of actors and the
  themes of challenges are put in normal form, repeats dropped.

Plain SQLAlchemy Core on op.get_bind() (no ORM models): SQLite and PostgreSQL alike.
The downgrade keeps the data as it is (merges cannot be undone).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:00:00
"""
from __future__ import annotations

import datetime as dt
import logging

from alembic import op
import sqlalchemy as sa

from weaving.core.names import is_normal, name_key, normalise_name, reveal, unique_names


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
USER = "migration 0007"
LISTS = ("themes", "target_groups", "resources")

C = sa.column
actors = sa.table("actors", C("id", sa.Integer), C("workspace_id", sa.Integer), C("name", sa.String), C("type", sa.String),
                  C("sector", sa.String), C("area", sa.String), C("themes", sa.JSON), C("target_groups", sa.JSON),
                  C("resources", sa.JSON), C("description", sa.Text), C("is_weaver", sa.Boolean),
                  C("version", sa.Integer))
maps = sa.table("maps", C("id", sa.Integer), C("workspace_id", sa.Integer), C("name", sa.String), C("area", sa.String),
                C("revision", sa.Integer))
map_actors = sa.table("map_actors", C("map_id", sa.Integer), C("actor_id", sa.Integer), C("x", sa.Float), C("y", sa.Float))
challenges = sa.table("challenges", C("id", sa.Integer), C("themes", sa.JSON))
challenge_actors = sa.table("challenge_actors", C("challenge_id", sa.Integer), C("actor_id", sa.Integer))
contacts = sa.table("contact_persons", C("id", sa.Integer), C("actor_id", sa.Integer), C("name", sa.String),
                    C("role", sa.String), C("email", sa.String), C("phone", sa.String))
links = sa.table("links", C("id", sa.Integer), C("source_id", sa.Integer), C("target_id", sa.Integer),
                 C("pair_lo", sa.Integer), C("pair_hi", sa.Integer), C("kind", sa.String), C("version", sa.Integer))
carriers = sa.table("link_carriers", C("link_id", sa.Integer), C("contact_id", sa.Integer))
intros = sa.table("introductions", C("id", sa.Integer), C("actor_a_id", sa.Integer), C("actor_b_id", sa.Integer),
                  C("link_id", sa.Integer))
invites = sa.table("survey_invites", C("id", sa.Integer), C("round_id", sa.Integer), C("actor_id", sa.Integer))
answers = sa.table("survey_answers", C("id", sa.Integer), C("invite_id", sa.Integer), C("data", sa.JSON))
decisions = sa.table("survey_decisions", C("id", sa.Integer), C("link_id", sa.Integer), C("detail", sa.JSON))
audit = sa.table("audit_events", C("at", sa.DateTime), C("user", sa.String), C("action", sa.String),
                 C("entity", sa.String), C("entity_id", sa.Integer), C("workspace_id", sa.Integer),
                 C("detail", sa.JSON))


def _cap(text: str, size: int) -> str:
    return text[:size].rstrip()


def _either(a: str, b: str) -> bool:
    return not a or not b or a == b


def _clean(row: dict) -> dict:
    """An actor's values in normal form (area and lists), as the store keeps them now."""
    out = dict(row)
    out["area"] = _cap(normalise_name(row["area"] or ""), 200)
    for f in LISTS:
        out[f] = unique_names(_cap(normalise_name(v), 200) for v in (row[f] or []) if isinstance(v, str))
    out["sector"] = row["sector"] or ""
    out["description"] = row["description"] or ""
    return out


class _Cluster:
    """Actors of one name that agree: merged into the first (the oldest)."""

    def __init__(self, row: dict, rounds: set[int]) -> None:
        self.state, self.rounds, self.members = dict(row), set(rounds), [row]

    def agrees(self, row: dict, rounds: set[int]) -> bool:
        s = self.state
        return (s["type"] == row["type"] and _either(s["sector"], row["sector"])
                and (not s["area"] or not row["area"] or name_key(s["area"]) == name_key(row["area"]))
                and _either(" ".join(s["description"].split()), " ".join(row["description"].split()))
                and not (self.rounds & rounds))

    def take(self, row: dict, rounds: set[int]) -> None:
        s = self.state
        for f in ("sector", "area", "description"):
            s[f] = s[f] or row[f]
        for f in LISTS:
            s[f] = unique_names([*s[f], *row[f]])
        s["is_weaver"] = bool(s["is_weaver"]) or bool(row["is_weaver"])
        self.rounds |= rounds
        self.members.append(row)


# ------------------------------------------------------------------------- links
def _drop_link(conn, link_id: int) -> None:
    conn.execute(intros.update().where(intros.c.link_id == link_id).values(link_id=None))
    conn.execute(decisions.update().where(decisions.c.link_id == link_id).values(link_id=None))
    conn.execute(carriers.delete().where(carriers.c.link_id == link_id))
    conn.execute(links.delete().where(links.c.id == link_id))


def _fold_link(conn, dup: int, into: int) -> None:
    have = set(conn.execute(sa.select(carriers.c.contact_id).where(carriers.c.link_id == into)).scalars())
    for cid in list(conn.execute(sa.select(carriers.c.contact_id).where(carriers.c.link_id == dup)).scalars()):
        if cid not in have:
            conn.execute(carriers.insert().values(link_id=into, contact_id=cid))
            have.add(cid)
    conn.execute(intros.update().where(intros.c.link_id == dup).values(link_id=into))
    conn.execute(decisions.update().where(decisions.c.link_id == dup).values(link_id=into))
    _drop_link(conn, dup)


def _move_links(conn, keep: int, lose: int) -> None:
    rows = conn.execute(sa.select(links.c.id, links.c.source_id, links.c.target_id, links.c.kind)
                        .where(sa.or_(links.c.source_id == lose, links.c.target_id == lose))
                        .order_by(links.c.id)).all()
    for link_id, src, tgt, kind in rows:
        s = keep if src == lose else src
        t = keep if tgt == lose else tgt
        if s == t:                       # a link between two look-alikes: the actor to itself
            _drop_link(conn, link_id)
            continue
        lo, hi = min(s, t), max(s, t)
        other = conn.execute(sa.select(links.c.id).where(links.c.pair_lo == lo, links.c.pair_hi == hi,
                                                         links.c.kind == kind, links.c.id != link_id)).scalar()
        if other is not None:
            _fold_link(conn, link_id, other)
        else:
            conn.execute(links.update().where(links.c.id == link_id).values(
                source_id=s, target_id=t, pair_lo=lo, pair_hi=hi, version=links.c.version + 1))


# ------------------------------------------------------------------------ actors
def _merge_actor(conn, keep: int, lose: int) -> None:
    mine = {m: (x, y) for m, x, y in conn.execute(
        sa.select(map_actors.c.map_id, map_actors.c.x, map_actors.c.y).where(map_actors.c.actor_id == keep))}
    for map_id, x, y in list(conn.execute(sa.select(map_actors.c.map_id, map_actors.c.x, map_actors.c.y)
                                          .where(map_actors.c.actor_id == lose))):
        here = map_actors.c.map_id == map_id
        if map_id in mine:
            if mine[map_id][0] is None and x is not None:
                conn.execute(map_actors.update().where(here, map_actors.c.actor_id == keep).values(x=x, y=y))
            conn.execute(map_actors.delete().where(here, map_actors.c.actor_id == lose))
        else:
            conn.execute(map_actors.update().where(here, map_actors.c.actor_id == lose).values(actor_id=keep))
    theirs = set(conn.execute(sa.select(challenge_actors.c.challenge_id).where(challenge_actors.c.actor_id == keep)).scalars())
    for ch in list(conn.execute(sa.select(challenge_actors.c.challenge_id).where(challenge_actors.c.actor_id == lose)).scalars()):
        row = sa.and_(challenge_actors.c.challenge_id == ch, challenge_actors.c.actor_id == lose)
        if ch in theirs:
            conn.execute(challenge_actors.delete().where(row))
        else:
            conn.execute(challenge_actors.update().where(row).values(actor_id=keep))
    conn.execute(contacts.update().where(contacts.c.actor_id == lose).values(actor_id=keep))
    _move_links(conn, keep, lose)
    a, b = intros.c.actor_a_id, intros.c.actor_b_id
    conn.execute(intros.delete().where(sa.or_(sa.and_(a == lose, b == keep), sa.and_(a == keep, b == lose))))
    conn.execute(intros.update().where(a == lose).values(actor_a_id=keep))
    conn.execute(intros.update().where(b == lose).values(actor_b_id=keep))
    conn.execute(invites.update().where(invites.c.actor_id == lose).values(actor_id=keep))
    conn.execute(actors.delete().where(actors.c.id == lose))


def _remap_entries(entries, remap: dict[int, int], me: int | None, with_kind: bool) -> list:
    out, seen = [], set()
    for e in entries or []:
        if isinstance(e, dict) and e.get("actor_id") in remap:
            e = {**e, "actor_id": remap[e["actor_id"]]}
        aid = e.get("actor_id") if isinstance(e, dict) else None
        if aid is not None:
            if aid == me:
                continue
            key = (aid, e.get("kind")) if with_kind else aid
            if key in seen:
                continue
            seen.add(key)
        out.append(e)
    return out


def _remap_surveys(conn, remap: dict[int, int]) -> None:
    """Actor ids inside survey answers and decisions follow the merged actors."""
    me_of = dict(conn.execute(sa.select(invites.c.id, invites.c.actor_id)).all())
    for aid, invite_id, data in list(conn.execute(sa.select(answers.c.id, answers.c.invite_id, answers.c.data))):
        if not isinstance(data, dict):
            continue
        me = me_of.get(invite_id)
        new = dict(data)
        new["today"] = _remap_entries(data.get("today"), remap, me, True)
        new["wish"] = _remap_entries(data.get("wish"), remap, me, False)
        new["challenges"] = [{**c, "with": _remap_entries(c.get("with"), remap, me, False)} if isinstance(c, dict) else c
                             for c in data.get("challenges") or []]
        if new != data:
            conn.execute(answers.update().where(answers.c.id == aid).values(data=new))
    for did, detail in list(conn.execute(sa.select(decisions.c.id, decisions.c.detail))):
        if isinstance(detail, dict) and detail.get("actor_id") in remap:
            conn.execute(decisions.update().where(decisions.c.id == did)
                         .values(detail={**detail, "actor_id": remap[detail["actor_id"]]}))


def _actors(conn) -> set[int]:
    """Merge or normalise every actor; returns the ids whose maps changed."""
    rounds: dict[int, set[int]] = {}
    for round_id, actor_id in conn.execute(sa.select(invites.c.round_id, invites.c.actor_id)):
        rounds.setdefault(actor_id, set()).add(round_id)
    groups: dict[tuple[int, str], list[dict]] = {}
    for row in conn.execute(sa.select(actors).order_by(actors.c.id)).mappings():
        groups.setdefault((row["workspace_id"], name_key(row["name"])), []).append(dict(row))
    changed: set[int] = set()
    remap: dict[int, int] = {}
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for (ws, key), rows in groups.items():
        clusters: list[_Cluster] = []
        for raw in rows:
            row, mine = _clean(raw), rounds.get(raw["id"], set())
            hit = next((c for c in clusters if c.agrees(row, mine)), None)
            if hit is None:
                clusters.append(_Cluster(row, mine))
            else:
                hit.take(row, mine)
        keeper = next((c for c in clusters if any(is_normal(m["name"]) for m in c.members)), clusters[0])
        for c in clusters:
            first = c.members[0]
            state = dict(c.state)
            if c is keeper:
                plain = next((m["name"] for m in c.members if is_normal(m["name"])), None)
                state["name"] = plain or _cap(normalise_name(first["name"]), 500)
            raw = next(r for r in rows if r["id"] == first["id"])
            values = {f: state[f] for f in ("name", "area", "sector", "description", "is_weaver", *LISTS)
                      if state[f] != raw[f]}
            for m in c.members[1:]:
                _merge_actor(conn, first["id"], m["id"])
                remap[m["id"]] = first["id"]
                conn.execute(audit.insert().values(at=now, user=USER, action="merge", entity="actor",
                                                   entity_id=first["id"], workspace_id=ws,
                                                   detail={"merged": m["id"], "name": state["name"]}))
            if values or len(c.members) > 1:
                conn.execute(actors.update().where(actors.c.id == first["id"])
                             .values(**values, version=actors.c.version + 1))
                changed.add(first["id"])
        if len(clusters) > 1:
            log.warning("look-alike actor names not merged (their details differ; `weaving names --conflicts`): %s",
                        "; ".join(f"#{c.members[0]['id']} {reveal(c.members[0]['name'])!s}" for c in clusters))
    if remap:
        _remap_surveys(conn, remap)
    return changed


# ---------------------------------------------------------------- contact persons
def _contacts(conn) -> None:
    groups: dict[tuple[int, str], list[dict]] = {}
    for row in conn.execute(sa.select(contacts).order_by(contacts.c.id)).mappings():
        groups.setdefault((row["actor_id"], name_key(row["name"])), []).append(dict(row))
    for rows in groups.values():
        kept: list[dict] = []
        for row in rows:
            hit = next((k for k in kept if all(_either((k[f] or "").lower(), (row[f] or "").lower())
                                                for f in ("role", "email", "phone"))), None)
            if hit is None:
                kept.append({**row, "name": _cap(normalise_name(row["name"]), 300), "_raw": dict(row)})
                continue
            for f in ("role", "email", "phone"):
                hit[f] = hit[f] or row[f]
            have = set(conn.execute(sa.select(carriers.c.link_id).where(carriers.c.contact_id == hit["id"])).scalars())
            for link_id in list(conn.execute(sa.select(carriers.c.link_id).where(carriers.c.contact_id == row["id"])).scalars()):
                if link_id not in have:
                    conn.execute(carriers.insert().values(link_id=link_id, contact_id=hit["id"]))
            conn.execute(carriers.delete().where(carriers.c.contact_id == row["id"]))
            conn.execute(contacts.delete().where(contacts.c.id == row["id"]))
        for k in kept:
            values = {f: k[f] for f in ("name", "role", "email", "phone") if k[f] != k["_raw"][f]}
            if values:
                conn.execute(contacts.update().where(contacts.c.id == k["id"]).values(**values))


# --------------------------------------------------------------------------- maps
def _maps(conn) -> set[int]:
    groups: dict[tuple[int, str], list] = {}
    for row in conn.execute(sa.select(maps.c.id, maps.c.workspace_id, maps.c.name, maps.c.area).order_by(maps.c.id)):
        groups.setdefault((row.workspace_id, name_key(row.name)), []).append(row)
    changed: set[int] = set()
    for rows in groups.values():
        keeper = next((r for r in rows if is_normal(r.name)), rows[0])
        for r in rows:
            values = {"area": _cap(normalise_name(r.area or ""), 200)}
            if r is keeper:
                values["name"] = _cap(normalise_name(r.name), 200)
            values = {k: v for k, v in values.items() if v != getattr(r, k)}
            if values:
                conn.execute(maps.update().where(maps.c.id == r.id).values(**values))
                changed.add(r.id)
        if len(rows) > 1:
            log.warning("look-alike map names left as they are (`weaving names --conflicts`): %s",
                        "; ".join(f"#{r.id} {reveal(r.name)}" for r in rows))
    return changed


def _challenge_themes(conn) -> None:
    for cid, themes in list(conn.execute(sa.select(challenges.c.id, challenges.c.themes))):
        new = unique_names(_cap(normalise_name(v), 200) for v in (themes or []) if isinstance(v, str))
        if new != (themes or []):
            conn.execute(challenges.update().where(challenges.c.id == cid).values(themes=new))


def upgrade() -> None:
    conn = op.get_bind()
    touched = _actors(conn)
    _contacts(conn)
    _challenge_themes(conn)
    renamed = _maps(conn)
    ids = sorted(touched)
    shown = set(renamed)
    for start in range(0, len(ids), 500):   # what the maps show changed: cached analyses are stale
        part = ids[start:start + 500]
        shown |= set(conn.execute(sa.select(map_actors.c.map_id).where(map_actors.c.actor_id.in_(part))).scalars())
    if shown:
        conn.execute(maps.update().where(maps.c.id.in_(sorted(shown))).values(revision=maps.c.revision + 1))


def downgrade() -> None:
    # normal forms are valid names in the older schema too, and merges cannot be undone
    pass
