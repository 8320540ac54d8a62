"""Deciding on survey proposals (:mod:`.survey_review`): accept (optionally edited) or
reject one, or accept all of one respondent; the caller's unit of work commits.

Accepting goes through the ordinary repositories (``uow.actors``, ``uow.links``,
``uow.challenges``), so the flush guard, validation, map revisions and their audit
events apply as for any edit; each decision is stored (``SurveyDecision``) and audited
with who made it. Accepting a tie both sides reported (same kind) accepts the other
side's proposal with it: the link is then confirmed by both.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from weaving.core.errors import ConflictError, NotFoundError, ValidationError
import weaving.store.validate as V
from weaving.store.models import SurveyDecision, SurveyInvite, SurveyRound, utcnow
from weaving.store.repos.survey_review import ACTIVE, Item, Respondent, proposals


def _respondent(uow, rnd: SurveyRound, invite_id: int) -> Respondent:
    found = proposals(uow, rnd, only=invite_id)
    if not found:
        raise NotFoundError("survey.error.no_answer", id=invite_id)
    return found[0]


def _store(uow, invite_id: int, key: str, decision: str, link_id: int | None = None, detail: dict | None = None) -> None:
    s = uow.session
    d = s.scalar(select(SurveyDecision).where(SurveyDecision.invite_id == invite_id, SurveyDecision.item_key == key))
    if d is None:
        d = SurveyDecision(invite_id=invite_id, item_key=key)
        s.add(d)
    d.decision, d.decided_by, d.decided_at = decision, V.clean_text(uow.user, max_len=200), utcnow()
    d.link_id, d.detail = link_id, dict(detail or {})
    uow.flush()


def _logged(item: Item) -> str:
    """The proposal's key as the audit log keeps it: a contact person's not even as a hash."""
    return "contact" if item.type == "contact" else item.key


def decide(uow, rnd: SurveyRound, invite_id: int, key: str, decision: str, edits: dict[str, Any]) -> None:
    """Accept (with ``edits``: name, type, kind, strength, text) or reject one proposal.

    Raises
    ------
    ValidationError
        An unknown decision or edited value, or a link to a new actor that was rejected.
    NotFoundError
        The invite has no answer, or the proposal is no longer in it.
    ConflictError
        It was accepted already.
    """
    if decision not in ("accepted", "rejected"):
        raise ValidationError("survey.error.bad_decision")
    resp = _respondent(uow, rnd, invite_id)
    item = resp.item(key)
    if item is None:
        raise NotFoundError("survey.error.item_gone")
    if item.state == "accepted":
        raise ConflictError("survey.error.already_accepted")
    if decision == "rejected":
        _store(uow, invite_id, key, "rejected")
        uow.record("reject", "survey_item", invite_id, round=rnd.id, key=_logged(item), type=item.type)
        return
    if item.state == "on_map":
        link_id, detail = item.link_id, {"actor_id": item.other_id} if item.type == "new_actor" else {}
    else:
        link_id, detail = _apply(uow, rnd, resp, item, edits)
    _store(uow, invite_id, key, "accepted", link_id, {"type": item.type, **detail})
    uow.record("accept", "survey_item", invite_id, round=rnd.id, key=_logged(item), type=item.type, link=link_id,
               edited=sorted(k for k, v in edits.items() if v not in (None, "")), **detail)
    if item.type in ("new_link", "confirm") and item.sides == "both" and link_id is not None:
        _accept_other_side(uow, rnd, resp, link_id)


def _accept_other_side(uow, rnd: SurveyRound, resp: Respondent, link_id: int) -> None:
    link = uow.links.get(link_id)
    other = link.target_id if link.source_id == resp.actor_id else link.source_id
    invite = uow.session.scalar(select(SurveyInvite).where(SurveyInvite.round_id == rnd.id, SurveyInvite.actor_id == other))
    if invite is None:
        return
    for theirs in proposals(uow, rnd, only=invite.id):
        for it in theirs.pending:
            if it.type in ("new_link", "confirm") and it.other_id == resp.actor_id and it.kind == link.kind:
                _store(uow, invite.id, it.key, "accepted", link_id, {"type": it.type, "with": resp.invite_id})
                uow.record("accept", "survey_item", invite.id, round=rnd.id, key=it.key, type=it.type, link=link_id,
                           confirmed_with=resp.invite_id)


def _make_actor(uow, rnd: SurveyRound, item: Item, edits: dict[str, Any]) -> int:
    name = V.name(edits.get("name") or item.other)
    known = uow.actors.by_name(name)
    if known is not None:
        uow.actors.add_to_map(known.id, rnd.map_id)
        return known.id
    return uow.actors.add(rnd.map_id, name=name, type=edits.get("type") or "other").id


def _ensure_actor(uow, rnd: SurveyRound, resp: Respondent, key: str) -> int:
    need = resp.item(key)
    if need is None:
        raise NotFoundError("survey.error.item_gone")
    if need.state == "rejected":
        raise ValidationError("survey.error.actor_rejected", name=need.other[:200])
    if need.other_id is not None and not need.elsewhere:
        return need.other_id
    actor_id = _make_actor(uow, rnd, need, {})
    _store(uow, resp.invite_id, key, "accepted", None, {"type": "new_actor", "actor_id": actor_id})
    uow.record("accept", "survey_item", resp.invite_id, round=rnd.id, key=key, type="new_actor", actor_id=actor_id)
    return actor_id


def _apply(uow, rnd: SurveyRound, resp: Respondent, item: Item, edits: dict[str, Any]) -> tuple[int | None, dict]:
    me = resp.actor_id
    if item.type == "new_actor":
        return None, {"actor_id": _make_actor(uow, rnd, item, edits)}
    if item.type == "challenge":
        ids = list(dict.fromkeys([me, *item.partner_ids]))
        return None, {"challenge_id": uow.challenges.add(rnd.map_id, edits.get("text") or item.text, actor_ids=ids).id}
    if item.type == "contact":
        actor = uow.actors.get(me)
        people = [{"id": p.id, "name": p.name, "role": p.role, "email": p.email, "phone": p.phone} for p in actor.contacts]
        person = item.contact
        uow.actors.set_contacts(me, people + [{"name": person.get("name"), "email": person.get("email", ""),
                                               "phone": person.get("phone", "")}])
        return None, {"actor_id": me}
    other = item.other_id if item.other_id is not None else _ensure_actor(uow, rnd, resp, item.needs)
    kind = V.link_kind(edits.get("kind") or item.kind)
    if item.type == "ended":
        link = uow.links.get(item.link_id)
        day = dt.date.today()
        uow.links.update(link.id, status="ended", end_date=max(day, link.start_date) if link.start_date else day)
        return link.id, {}
    link = uow.links.find(me, other, kind)
    if item.type == "desired":
        if link is None:
            link = uow.links.add(me, other, kind=kind, strength=1, status="desired")
        return link.id, {}
    strength = V.strength(edits.get("strength") or item.strength or 1)
    if link is None:
        return uow.links.add(me, other, kind=kind, strength=strength, status="existing").id, {}
    changes: dict[str, Any] = {}
    if link.status not in ACTIVE:
        changes.update(status="existing", end_date=None)
    if link.strength != strength:
        changes["strength"] = strength
    if changes:
        uow.links.update(link.id, **changes)
    return link.id, {}


def accept_all(uow, rnd: SurveyRound, invite_id: int) -> int:
    """Accept every pending proposal of one respondent (new actors first), in the
    caller's transaction. Proposals that need a rejected new actor are left alone."""
    tried: set[str] = set()
    count = 0
    while True:
        resp = _respondent(uow, rnd, invite_id)
        blocked = {i.key for i in resp.items if i.type == "new_actor" and i.state == "rejected"}
        todo = [i for i in resp.pending if i.key not in tried and i.needs not in blocked]
        if not todo:
            return count
        tried.add(todo[0].key)
        decide(uow, rnd, invite_id, todo[0].key, "accepted", {})
        count += 1
