"""Person- and place-bound collaboration ("person- och/eller platsbunden").

Only active links (existing/introduced) count.  A link is person-bound when its
``carried_by`` names exactly one person, place-bound when it rests on a ``place``.
An actor is person-bound when all of its active links are carried by the same
single person (if that person leaves, the actor drops off the map), and
place-bound when all of its active links rest on the same place.
"""
from __future__ import annotations

from dataclasses import dataclass

from weaving.analysis.messages import Msg, jsonable
from weaving.analysis.prepared import prepare
from weaving.core.schema import ACTIVE_STATUSES, as_list, edge_status


@dataclass(frozen=True)
class BoundLink:
    source: object
    target: object
    kind: str
    person: str | None
    place: str | None

    def msg(self) -> Msg:
        if self.person and self.place:
            return Msg("analysis.risk.link_person_place", {"person": self.person, "place": self.place})
        if self.person:
            return Msg("analysis.risk.link_person", {"person": self.person})
        return Msg("analysis.risk.link_place", {"place": self.place})

    def to_dict(self, lang: str = "en") -> dict:
        return {"source": jsonable(self.source), "target": jsonable(self.target), "kind": self.kind,
                "person": self.person, "place": self.place, "text": self.msg().render(lang)}


@dataclass(frozen=True)
class BoundActor:
    id: object
    label: str
    person: str | None
    place: str | None
    links: int

    def msg(self) -> Msg:
        if self.person:
            return Msg("analysis.risk.actor_person", {"actor": self.label, "person": self.person, "links": self.links})
        return Msg("analysis.risk.actor_place", {"actor": self.label, "place": self.place, "links": self.links})

    def to_dict(self, lang: str = "en") -> dict:
        return {"id": jsonable(self.id), "label": self.label, "person": self.person, "place": self.place,
                "links": self.links, "text": self.msg().render(lang)}


@dataclass(frozen=True)
class Risks:
    """Result of ``bound_risks``.

    Attributes
    ----------
    links : tuple of BoundLink
        Person-/place-bound links: source, target, kind, person, place.
    actors : tuple of BoundActor
        Actors all of whose links rest on one person or one place: id, label,
        person, place, number of links.

    ``msg()`` of each explains the risk as a ``Msg``.
    """

    links: tuple[BoundLink, ...]
    actors: tuple[BoundActor, ...]

    def to_dict(self, lang: str = "en") -> dict:
        return {"links": [x.to_dict(lang) for x in self.links], "actors": [x.to_dict(lang) for x in self.actors]}


def bound_risks(G) -> Risks:
    """Person-/place-bound links and actors.

    A link is person-bound when its ``carried_by`` names exactly one person
    and place-bound when it rests on a ``place``; an actor is person-bound when
    all of its active links are carried by the same single person (if that
    person leaves, the actor drops off the map) and place-bound when all of
    them rest on the same place.  Only active links (existing/introduced)
    count.  One cheap pass finds the links that name a carrier or a place; maps
    without any (most files, big imports) return at once, and only the actors
    touched by such links are examined further.

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any graph in the weaving shape (``carried_by`` may be a list or a
        ``|``/``;``-separated string).

    Returns
    -------
    Risks

    See Also
    --------
    analyse : all analyses of a map at once.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis import bound_risks
    >>> G = nx.MultiGraph()
    >>> _ = G.add_edge("a", "b", kind="dialogue", carried_by=["Anna"])
    >>> _ = G.add_edge("b", "c", kind="dialogue", carried_by=["Anna"], place="Dalby library")
    >>> _ = G.add_edge("c", "d", kind="dialogue", carried_by=["Bo", "Cia"])
    >>> r = bound_risks(G)
    >>> [(x.source, x.target, x.person, x.place) for x in r.links]
    [('a', 'b', 'Anna', None), ('b', 'c', 'Anna', 'Dalby library')]
    >>> [x.msg().render("en") for x in r.actors]
    ['the only link to a goes through Anna', 'all 2 links to b go through Anna']
    """
    prep = prepare(G)
    if "risks" in prep.cache:
        return prep.cache["risks"]
    src = prep.G
    links = []
    touched: dict = {}
    carried = prep.cache.get("carried_links") if src is prep.H else None   # from prepare's one pass
    for u, v, d in src.edges(data=True) if carried is None else carried:
        if not d or u == v:
            continue
        cb, pl = d.get("carried_by"), d.get("place")
        if not cb and not pl:
            continue
        if edge_status(d) not in ACTIVE_STATUSES:
            continue
        people = as_list(cb)
        place = str(pl or "").strip() or None
        person = people[0] if len(people) == 1 else None
        if person or place:
            links.append(BoundLink(u, v, str(d.get("kind") or ""), person, place))
        for x in (u, v):
            touched.setdefault(x, []).append((tuple(sorted(people)), place))
    actors = []
    for x, recs in touched.items():
        # every active link of x must be in recs (a link without carrier/place breaks the pattern)
        n_active = 0
        for a, b, d in src.edges(x, data=True):
            if a != b and edge_status(d or {}) in ACTIVE_STATUSES:
                n_active += 1
        if src.is_directed():
            for a, b, d in src.in_edges(x, data=True):
                if a != b and edge_status(d or {}) in ACTIVE_STATUSES:
                    n_active += 1
        if n_active != len(recs):
            continue
        people = {p for p, _ in recs}
        places = {pl for _, pl in recs}
        person = next(iter(people))[0] if len(people) == 1 and len(next(iter(people))) == 1 else None
        place = next(iter(places)) if len(places) == 1 else None
        if person or place:
            i = prep.index.get(x)
            label = prep.label(i) if i is not None else str(x)
            actors.append(BoundActor(x, label, person, place, len(recs)))
    res = Risks(tuple(links), tuple(actors))
    prep.cache["risks"] = res
    return res
