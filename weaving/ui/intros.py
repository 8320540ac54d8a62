"""Introductions: recorded introductions of the chosen maps and what to exclude from suggestions."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from weaving.store.bridge import actor_id, node_id


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


def recorded(uow, actor_ids: set[int]) -> list[IntroRow]:
    """Introductions between actors of the chosen maps (whichever map they were recorded on)."""
    out = []
    for i in uow.introductions.list():
        if i.actor_a_id in actor_ids and i.actor_b_id in actor_ids:
            out.append(IntroRow(i.id, i.version, i.actor_a_id, i.actor_b_id, i.level, i.status, i.mode, i.reason,
                                i.suggested_on, i.made_on, i.confirmed_on, i.declined_on))
    return out


def exclude_pairs(rows: Sequence[IntroRow]) -> list[tuple[str, str]]:
    """Pairs never to suggest again: declined ones, and ones already being introduced."""
    return [(node_id(r.a), node_id(r.b)) for r in rows if r.status in ("declined", "suggested", "made")]


def accept(uow, suggestion, *, map_id: int | None, level: str, on, lang: str):
    """Record a suggestion as an Introduction (status "suggested" = planned by the weaver)."""
    a, b = actor_id(suggestion.source), actor_id(suggestion.target)
    reason = suggestion.reason(lang) if hasattr(suggestion, "reason") else ""
    return uow.introductions.record(a, b, map_id=map_id, mode=suggestion.mode, reason=reason,
                                    score=float(suggestion.score), level=level, on=on)
