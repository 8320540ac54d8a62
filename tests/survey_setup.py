"""Shared set-up of the survey tests: a round on a map, and answering as a respondent
would (through the respondent's own unit of work, never an editor's)."""
from __future__ import annotations

import datetime as dt

from weaving.store import Store
from weaving.store.repos.surveys import RESPONDENT_ROLE, respondent_user

FAR = dt.date(2099, 12, 31)


def make_round(store: Store, map_name: str = "Dalby", actors: list[str] | None = None, *,
               until: dt.date = FAR, title: str = "Våren 2027", user: str = "anna") -> tuple[int, dict[str, str]]:
    """A round asking ``actors`` (names; default every actor of the map): (round id, {name: token})."""
    with store.uow(user=user) as uow:
        m = uow.maps.require(map_name)
        ids = None if actors is None else [uow.actors.by_name(n).id for n in actors]
        rnd, links = uow.surveys.create_round(m.id, until=until, actor_ids=ids, title=title)
        uow.commit()
    return rnd.id, {x.actor: x.token for x in links}


def view(store: Store, token: str, **kw):
    with store.uow(user="survey", role=RESPONDENT_ROLE) as uow:
        return uow.surveys.respondent_view(token, **kw)


def answer(store: Store, token: str, data: dict, **kw):
    """Save ``data`` as the token's respondent (user survey:<invite id>, respondent role)."""
    invite_id = view(store, token, today=kw.get("today")).invite_id
    with store.uow(user=respondent_user(invite_id), role=RESPONDENT_ROLE) as uow:
        when = uow.surveys.save_answer(token, data, **kw)
        uow.commit()
    return when


def ids(store: Store, *names: str) -> list[int]:
    with store.uow() as uow:
        return [uow.actors.by_name(n).id for n in names]
