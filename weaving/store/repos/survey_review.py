"""Reviewing survey answers: what each respondent proposes, against the map as it is now.

Nothing a respondent answers reaches the map until an editor accepts it here. Each
answer becomes a list of :class:`Item` (proposals), each with a stable ``key`` made from
what the respondent wrote (so a decision survives re-computation, and a changed answer
shows up as a new proposal):

============  ==============================================  ==========================
type          from                                            accepting it
============  ==============================================  ==========================
new_actor     a name that was not on the map                  adds the actor (or puts a
                                                              workspace actor on the map)
new_link      "we work with X" and no active link of that     adds the link (or revives a
              kind                                            desired/ended one)
confirm       "we work with X" and the link is on the map     records the confirmation
                                                              (and the strength reported)
ended         "this link has ended"                           status ended, end date today
desired       "we would like to work with X"                  adds a desired link
challenge     a challenge and who to tackle it with           adds the challenge
contact       the optional contact person                     adds them to the actor
============  ==============================================  ==========================

A link proposal between two respondents is ``sides="both"`` when the other one reports
the tie too, else ``"one"`` with why (``not_asked``, ``not_answered``, ``not_mentioned``).
``state``: pending, accepted, rejected, or on_map (nothing left to do). Deciding is in
:mod:`.survey_decide`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from sqlalchemy import func, select

import weaving.store.validate as V
from weaving.store.models import (
    Actor, Challenge, ContactPerson, SurveyAnswer, SurveyDecision, SurveyInvite, SurveyRound, map_actors,
)
from weaving.store.survey_form import by_fold, fold

ACTIVE = ("existing", "introduced")
LINK_TYPES = ("new_link", "confirm", "ended", "desired")


@dataclass
class Item:
    """One proposal of one respondent (see the module doc)."""

    key: str
    type: str
    other_id: int | None = None         # the actor it concerns (None: not on the map yet)
    other: str = ""                     # that actor's name as written or on the map
    kind: str = ""
    strength: int | None = None         # as reported
    map_strength: int | None = None     # as on the map (confirm, ended)
    link_id: int | None = None
    map_kinds: tuple[str, ...] = ()     # active kinds between the two on the map now
    sides: str = ""                     # both | one
    why_one: str = ""                   # not_asked | not_answered | not_mentioned
    other_kinds: tuple[str, ...] = ()   # what the other side reported (sides == both)
    text: str = ""                      # challenge text, or the note of a wish
    partner_ids: tuple[int, ...] = ()   # challenge: actors on the map
    partners: tuple[str, ...] = ()      # ... their names
    new_partners: tuple[str, ...] = ()  # ... names not on the map
    needs: str = ""                     # key of the new_actor item this one depends on
    elsewhere: bool = False             # new_actor: exists in the workspace, not on this map
    contact: dict[str, str] = field(default_factory=dict)
    state: str = "pending"
    decided_by: str = ""


@dataclass
class Respondent:
    invite_id: int
    actor_id: int
    actor: str
    answered_at: dt.datetime | None
    updated_at: dt.datetime | None
    items: list[Item]

    @property
    def pending(self) -> list[Item]:
        return [i for i in self.items if i.state == "pending"]

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


def _digest(text: str) -> str:
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:16]


def contact_key(name: str) -> str:
    """The key of the contact-person proposal of an answer."""
    return "contact:" + _digest(name)


class _MapNow:
    """The round's map as it is now: actors by name, links by pair, challenges."""

    def __init__(self, uow, rnd: SurveyRound) -> None:
        s = uow.session
        self.uow, self.map_id = uow, rnd.map_id
        self.names = {int(i): n for i, n in s.execute(
            select(Actor.id, Actor.name).join(map_actors, map_actors.c.actor_id == Actor.id)
            .where(map_actors.c.map_id == rnd.map_id))}
        self.by_fold = {k: i for k, (i, _n) in by_fold(self.names).items()}
        self.pairs: dict[tuple[int, int], list] = {}
        for link in uow.links.list([rnd.map_id]):
            self.pairs.setdefault((link.pair_lo, link.pair_hi), []).append(link)
        self.challenges = {fold(c.text) for c in s.scalars(select(Challenge).where(Challenge.map_id == rnd.map_id))}

    def resolve(self, entry: dict) -> int | None:
        aid = entry.get("actor_id")
        if isinstance(aid, int) and aid in self.names:
            return aid
        return self.by_fold.get(fold(entry.get("name", "")))

    def pair(self, a: int, b: int) -> list:
        return self.pairs.get((min(a, b), max(a, b)), [])

    def link(self, a: int, b: int, kind: str):
        return next((x for x in self.pair(a, b) if x.kind == kind), None)

    def active_kinds(self, a: int, b: int) -> tuple[str, ...]:
        return tuple(sorted({x.kind for x in self.pair(a, b) if x.status in ACTIVE}))

    def elsewhere(self, name: str) -> int | None:
        hit = self.uow.actors.by_name(name)
        return hit.id if hit is not None and hit.id not in self.names else None


def _decisions(s, rnd: SurveyRound) -> dict[tuple[int, str], SurveyDecision]:
    rows = s.scalars(select(SurveyDecision).join(SurveyInvite, SurveyInvite.id == SurveyDecision.invite_id)
                     .where(SurveyInvite.round_id == rnd.id))
    return {(d.invite_id, d.item_key): d for d in rows}


def proposals(uow, rnd: SurveyRound, *, only: int | None = None) -> list[Respondent]:
    """Every answered invite of a round with its proposals (or only one invite's)."""
    s = uow.session
    now = _MapNow(uow, rnd)
    rows = s.execute(select(SurveyInvite, SurveyAnswer, Actor.name)
                     .join(SurveyAnswer, SurveyAnswer.invite_id == SurveyInvite.id)
                     .join(Actor, Actor.id == SurveyInvite.actor_id)
                     .where(SurveyInvite.round_id == rnd.id).order_by(func.lower(Actor.name), SurveyInvite.id)).all()
    invited = set(s.scalars(select(SurveyInvite.actor_id).where(SurveyInvite.round_id == rnd.id)))
    answered = {inv.actor_id for inv, _a, _n in rows}
    decisions = _decisions(s, rnd)
    reported: dict[str, dict[int, dict[int, set[str]]]] = {"today": {}, "wish": {}}
    for inv, ans, _name in rows:
        for part in ("today", "wish"):
            for e in (ans.data or {}).get(part, []):
                other = now.resolve(e)
                if other is not None and not e.get("ended"):
                    reported[part].setdefault(inv.actor_id, {}).setdefault(other, set()).add(e.get("kind", ""))
    out = []
    for inv, ans, name in rows:
        if only is not None and inv.id != only:
            continue
        items = _items(uow, now, inv, ans.data or {}, reported, invited, answered, decisions)
        for it in items:
            d = decisions.get((inv.id, it.key))
            if d is not None:   # an accepted proposal keeps the type it had when accepted
                it.state, it.decided_by = d.decision, d.decided_by
                it.type = (d.detail or {}).get("type", it.type) if d.decision == "accepted" else it.type
        out.append(Respondent(inv.id, inv.actor_id, name, inv.answered_at, ans.updated_at, items))
    return out


def _sides(part: str, me: int, other: int, reported, invited, answered) -> tuple[str, str, tuple[str, ...]]:
    theirs = reported[part].get(other, {}).get(me)
    if theirs:
        return "both", "", tuple(sorted(k for k in theirs if k))
    if other not in invited:
        return "one", "not_asked", ()
    return "one", ("not_mentioned" if other in answered else "not_answered"), ()


def _items(uow, now: _MapNow, inv, data: dict, reported, invited, answered, decisions) -> list[Item]:
    me = inv.actor_id
    new_actors: dict[str, Item] = {}
    items: list[Item] = []

    def target(entry: dict) -> tuple[int | None, str, str]:
        """(actor id on the map or None, name shown, key of its new_actor item or "")."""
        name = V.normalise_name(V.clean_text(entry.get("name", "")))
        other = now.resolve(entry)
        if entry.get("actor_id") is not None and other is not None:
            return other, now.names[other], ""
        key = "actor:" + fold(name)
        d = decisions.get((inv.id, key))
        made = (d.detail or {}).get("actor_id") if d is not None and d.decision == "accepted" else None
        if other is None and made in now.names:
            other = made
        if key not in new_actors:
            elsewhere = now.elsewhere(name) if other is None else None
            new_actors[key] = Item(key, "new_actor", other_id=other if other is not None else elsewhere, other=name,
                                   elsewhere=elsewhere is not None, state="on_map" if other is not None else "pending")
        return other, (now.names[other] if other is not None else name), key

    for e in data.get("today", []):
        other, shown, need = target(e)
        kind, written = e.get("kind", "dialogue"), fold(e.get("name", ""))
        if e.get("ended"):
            link = now.link(me, other, kind) if other is not None else None
            items.append(Item(f"ended:{written}:{kind}", "ended", other_id=other, other=shown, kind=kind,
                              map_strength=link.strength if link else None, link_id=link.id if link else None,
                              state="pending" if link is not None and link.status in ACTIVE else "on_map"))
            continue
        item = Item(f"today:{written}:{kind}", "new_link", other_id=other, other=shown, kind=kind,
                    strength=e.get("strength", 1), needs=need, sides="one", why_one="not_asked")
        if other is not None:
            link = now.link(me, other, kind)
            if link is not None and link.status in ACTIVE:
                item.type, item.map_strength = "confirm", link.strength
            item.link_id = link.id if link is not None else None
            item.map_kinds = now.active_kinds(me, other)
            item.sides, item.why_one, item.other_kinds = _sides("today", me, other, reported, invited, answered)
        items.append(item)

    for e in data.get("wish", []):
        other, shown, need = target(e)
        item = Item(f"wish:{fold(e.get('name', ''))}", "desired", other_id=other, other=shown, kind="dialogue",
                    strength=1, text=e.get("note", ""), needs=need, sides="one", why_one="not_asked")
        if other is not None:
            item.map_kinds = now.active_kinds(me, other)
            if item.map_kinds or any(x.status == "desired" for x in now.pair(me, other)):
                item.state = "on_map"
            item.sides, item.why_one, _k = _sides("wish", me, other, reported, invited, answered)
        items.append(item)

    for c in data.get("challenges", []):
        ids, names, new = [], [], []
        for w in c.get("with", []):
            other, shown, _need = target(w)
            if other is None:
                new.append(shown)
            elif other not in ids:
                ids.append(other)
                names.append(shown)
        items.append(Item("challenge:" + _digest(c["text"]), "challenge", text=c["text"], partner_ids=tuple(ids),
                          partners=tuple(names), new_partners=tuple(new),
                          state="on_map" if fold(c["text"]) in now.challenges else "pending"))

    person = data.get("contact") or {}
    if person.get("name"):
        known = {fold(n) for n in uow.session.scalars(select(ContactPerson.name).where(ContactPerson.actor_id == me))}
        items.append(Item(contact_key(person["name"]), "contact", other=person["name"], contact=dict(person),
                          state="on_map" if fold(person["name"]) in known else "pending"))
    return list(new_actors.values()) + items
