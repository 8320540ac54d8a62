"""Introductions: recorded introductions of the chosen maps, what to exclude from
suggestions, the outcomes (judged pairs, never suggested again), dismissing a suggestion and
the draft message of an introduction."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from weaving.store.bridge import actor_id, node_id

OPEN = ("suggested", "made")
NEVER_AGAIN = ("declined", "suggested", "made", "dismissed")


@dataclass(frozen=True)
class IntroRow:
    id: int
    version: int
    a: int
    b: int
    level: str
    status: str
    mode: str
    reason: str
    suggested_on: object
    made_on: object
    confirmed_on: object
    declined_on: object
    dismissed_on: object = None
    dismiss_reason: str = ""


def recorded(uow, actor_ids: set[int]) -> list[IntroRow]:
    """Introductions between actors of the chosen maps (whichever map they were recorded on)."""
    out = []
    for i in uow.introductions.list():
        if i.actor_a_id in actor_ids and i.actor_b_id in actor_ids:
            out.append(IntroRow(i.id, i.version, i.actor_a_id, i.actor_b_id, i.level, i.status, i.mode, i.reason,
                                i.suggested_on, i.made_on, i.confirmed_on, i.declined_on, i.dismissed_on,
                                i.dismiss_reason))
    return out


def exclude_pairs(rows: Sequence[IntroRow]) -> list[tuple[str, str]]:
    """Pairs never to suggest again: declined and dismissed ones, and ones already being introduced."""
    return [(node_id(r.a), node_id(r.b)) for r in rows if r.status in NEVER_AGAIN]


def outcomes(uow, actor_ids: set[int]) -> list[tuple[str, str, int]]:
    """The workspace's outcomes between actors of the chosen maps, as the link model
    takes them: (node id, node id, label)."""
    return [(node_id(a), node_id(b), y) for a, b, y in uow.introductions.outcomes()
            if a in actor_ids and b in actor_ids]


def accept(uow, suggestion, *, map_id: int | None, level: str, on, lang: str):
    """Record a suggestion as an Introduction (status "suggested" = planned by the weaver)."""
    a, b = actor_id(suggestion.source), actor_id(suggestion.target)
    reason = suggestion.reason(lang) if hasattr(suggestion, "reason") else ""
    return uow.introductions.record(a, b, map_id=map_id, mode=suggestion.mode, reason=reason,
                                    score=float(suggestion.score), level=level, on=on)


def dismiss(uow, suggestion, reason: str, *, map_id: int | None, on, lang: str):
    """Record a suggestion the weaver does not want, with the reason (an outcome)."""
    a, b = actor_id(suggestion.source), actor_id(suggestion.target)
    return uow.introductions.record(a, b, map_id=map_id, mode=suggestion.mode, reason=suggestion.reason(lang),
                                    score=float(suggestion.score), status="dismissed", dismiss_reason=reason, on=on)


def may_see_contacts(uow) -> bool:
    """Contact persons are personal data: drafts name them for editors and admins only."""
    return uow.contacts.visible()


def draft_inputs(uow, map_ids: Sequence[int], actor_ids: set[int]) -> tuple[dict | None, list[dict]]:
    """(contacts, challenges) for the drafts as plain data: the contact persons of the
    maps' actors only when the user may see them (else None), and the maps' challenges."""
    contacts = None
    if may_see_contacts(uow):
        contacts = {}
        for a in uow.actors.list(list(map_ids)):
            if a.id in actor_ids and a.contacts:
                contacts[node_id(a.id)] = [{"name": c.name, "email": c.email or ""} for c in a.contacts]
    challenges = [{"text": c.text, "actors": [node_id(x.id) for x in c.actors]}
                  for c in uow.challenges.list(list(map_ids))]
    return contacts, challenges
