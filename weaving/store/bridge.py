"""Graph bridge: maps in the database <-> NetworkX graphs (docs/graph-schema.md)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from weaving.core.errors import ValidationError
from weaving.core.schema import as_bool, as_list
from weaving.store.models import Actor, Link


def node_id(actor_id: int) -> str:
    """The graph node id of an actor: ``a<id>``.

    Parameters
    ----------
    actor_id : int

    Returns
    -------
    str
    """
    return f"a{actor_id}"


def actor_id(node: str) -> int | None:
    """The actor id of a graph node id (the inverse of :func:`node_id`).

    Parameters
    ----------
    node : str

    Returns
    -------
    int or None
        None when ``node`` is not of the form ``a<id>``.
    """
    if isinstance(node, str) and node.startswith("a") and node[1:].isdigit():
        return int(node[1:])
    return None


def actor_attrs(a: Actor, *, include_personal: bool = False) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "label": a.name,
        "type": a.type,
        "sector": a.sector,
        "area": a.area,
        "themes": list(a.themes or []),
        "target_groups": list(a.target_groups or []),
        "resources": list(a.resources or []),
        "description": a.description,
        "is_weaver": bool(a.is_weaver),
        "maps": sorted(m.name for m in a.maps),
    }
    if include_personal:
        attrs["contacts"] = [c.name for c in a.contacts]
    return attrs


def link_attrs(link: Link, *, include_personal: bool = False) -> dict[str, Any]:
    return {
        "kind": link.kind,
        "strength": link.strength,
        "status": link.status,
        "directed": bool(link.directed),
        "source": node_id(link.source_id),
        "start_date": link.start_date.isoformat() if link.start_date else "",
        "end_date": link.end_date.isoformat() if link.end_date else "",
        "purpose": link.purpose,
        "place": link.place,
        "carried_by": [c.name if include_personal else f"contact:{c.id}" for c in link.carried_by],
        "link_id": link.id,
    }


def graph_from_maps(uow, map_ids: Sequence[int], *, include_personal: bool = False) -> nx.MultiGraph:
    """The NetworkX graph of one map, or of several combined.

    An actor on several of the maps appears once; nodes are ``a<actor id>``
    (:func:`node_id`), edges are keyed by link kind (docs/graph-schema.md).

    Parameters
    ----------
    uow : weaving.store.uow.UnitOfWork
        Reads only.
    map_ids : sequence of int
        The maps; empty gives an empty graph.
    include_personal : bool, optional
        Put contact persons' names on nodes and link carriers; otherwise carriers
        appear as ``contact:<id>`` and nodes have no contacts.

    Returns
    -------
    networkx.MultiGraph
        Graph attributes ``name``, ``map_ids`` and ``weavers`` (node ids).

    Raises
    ------
    NotFoundError
        A map does not exist in the unit of work's workspace.
    """
    maps = [uow.maps.get(i) for i in map_ids]
    G = nx.MultiGraph(name=" + ".join(m.name for m in maps), map_ids=[m.id for m in maps])
    actors = uow.actors.list([m.id for m in maps]) if maps else []
    for a in actors:
        G.add_node(node_id(a.id), **actor_attrs(a, include_personal=include_personal))
    for link in uow.links.list([m.id for m in maps]) if maps else []:
        G.add_edge(node_id(link.source_id), node_id(link.target_id), key=link.kind,
                   **link_attrs(link, include_personal=include_personal))
    G.graph["weavers"] = [n for n, d in G.nodes(data=True) if d["is_weaver"]]
    return G


@dataclass
class ImportStats:
    """What :func:`import_graph` did; ``node_ids`` maps each graph node to its actor id."""

    actors_created: int = 0
    actors_reused: int = 0
    links_created: int = 0
    links_skipped: int = 0
    node_ids: dict[Any, int] = field(default_factory=dict)


def import_graph(uow, map_id: int, G: nx.Graph) -> ImportStats:
    """Write a graph into a map inside the caller's unit of work (caller commits).

    Nodes are matched to existing actors by name (case-insensitive) across the
    workspace, so an actor already on another map joins this one instead of being
    duplicated. A link that already exists (same pair and kind) is skipped. Any
    invalid value raises ValidationError and, since nothing is committed, the whole
    import is rolled back.

    Parameters
    ----------
    uow : weaving.store.uow.UnitOfWork
        The caller's unit of work; nothing is committed here.
    map_id : int
        The target map.
    G : networkx.Graph
        Any NetworkX graph using the attributes of docs/graph-schema.md (node
        ``label`` or ``name``; edge ``kind``, ``strength``, ...).

    Returns
    -------
    ImportStats
        Actors created and reused, links created and skipped, and the actor id of
        each node.

    Raises
    ------
    ValidationError
        A value is invalid or an edge joins a node to itself.
    NotFoundError
        The map does not exist.
    PermissionDenied
        The user is not an editor.
    """
    stats = ImportStats()
    for n, d in G.nodes(data=True):
        name = d.get("label") or d.get("name") or str(n)
        existing = uow.actors.by_name(name)
        if existing is not None:
            uow.actors.add_to_map(existing.id, map_id)
            stats.node_ids[n] = existing.id
            stats.actors_reused += 1
            continue
        contacts = [{"name": c} for c in as_list(d.get("contacts"))]
        actor = uow.actors.add(
            map_id,
            name=name,
            type=d.get("type") or "other",
            sector=d.get("sector") or "",
            area=d.get("area") or uow.maps.get(map_id).area,
            themes=as_list(d.get("themes")),
            target_groups=as_list(d.get("target_groups")),
            resources=as_list(d.get("resources")),
            description=d.get("description") or "",
            is_weaver=as_bool(d.get("is_weaver")) or n in as_list(G.graph.get("weavers")),
            contacts=contacts,
        )
        stats.node_ids[n] = actor.id
        stats.actors_created += 1
    edges = G.edges(data=True)
    for u, v, d in edges:
        if u == v:
            raise ValidationError("error.self_link")
        src, tgt = stats.node_ids[u], stats.node_ids[v]
        directed = as_bool(d.get("directed")) or G.is_directed()
        if directed and d.get("source") is not None and str(d.get("source")) == str(v):
            src, tgt = tgt, src
        kind = d.get("kind") or "dialogue"
        if uow.links.find(src, tgt, str(kind).strip().lower()) is not None:
            stats.links_skipped += 1
            continue
        carried = [c for c in as_list(d.get("carried_by")) if not c.startswith("contact:")]
        uow.links.add(
            src, tgt,
            kind=kind,
            strength=d.get("strength", 1),
            status=d.get("status") or "existing",
            directed=directed,
            start_date=d.get("start_date") or None,
            end_date=d.get("end_date") or None,
            purpose=d.get("purpose") or "",
            place=d.get("place") or "",
            carried_by=carried,
        )
        stats.links_created += 1
    return stats
