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
        appear as ``contact:<id>`` and nodes have no contacts. Personal data: only for
        editors and admins (``uow.contacts.require_visible``).

    Returns
    -------
    networkx.MultiGraph
        Graph attributes ``name``, ``map_ids`` and ``weavers`` (node ids). For one map,
        actors placed on it carry their drawn position as node attributes ``x``, ``y``.

    Raises
    ------
    NotFoundError
        A map does not exist in the unit of work's workspace.
    PermissionDenied
        ``include_personal`` for a user below editor (a viewer or a survey respondent).
    """
    if include_personal:
        uow.contacts.require_visible()
    maps = [uow.maps.get(i) for i in map_ids]
    G = nx.MultiGraph(name=" + ".join(m.name for m in maps), map_ids=[m.id for m in maps])
    actors = uow.actors.list([m.id for m in maps]) if maps else []
    for a in actors:
        G.add_node(node_id(a.id), **actor_attrs(a, include_personal=include_personal))
    for link in uow.links.list([m.id for m in maps]) if maps else []:
        G.add_edge(node_id(link.source_id), node_id(link.target_id), key=link.kind,
                   **link_attrs(link, include_personal=include_personal))
    if len(maps) == 1:  # drawn positions belong to one map; a combined view is laid out afresh
        for aid, (x, y) in uow.maps.positions(maps[0].id).items():
            node = node_id(aid)
            if node in G:
                G.nodes[node]["x"], G.nodes[node]["y"] = x, y
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


def import_graph(uow, map_id: int, G: nx.Graph, *, progress=None) -> ImportStats:
    """Write a graph into a map inside the caller's unit of work (caller commits).

    Nodes are matched to existing actors by name (by :func:`weaving.core.names.name_key`:
    case, spaces and invisible characters aside) across the workspace, so an actor already on another map joins this one instead of being
    duplicated. A link that already exists (same pair and kind) is skipped. Any
    invalid value raises ValidationError and, since nothing is committed, the whole
    import is rolled back. Everything is resolved in memory and written with a few
    bulk statements (:class:`weaving.store.bulk.BulkImport`); the result is the same
    as adding each actor and link through the repositories.

    Parameters
    ----------
    uow : weaving.store.uow.UnitOfWork
        The caller's unit of work; nothing is committed here.
    map_id : int
        The target map.
    G : networkx.Graph
        Any NetworkX graph using the attributes of docs/graph-schema.md (node
        ``label`` or ``name``; edge ``kind``, ``strength``, ...).
    progress : callable, optional
        ``progress(rows_written, rows_total)`` while writing.

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
    from weaving.store.bulk import BulkImport

    stats = ImportStats()
    if G.number_of_nodes() == 0:
        return stats
    bulk = BulkImport(uow, map_id, progress=progress)
    weavers = set(as_list(G.graph.get("weavers")))
    provisional: dict[Any, int] = {}
    for n, d in G.nodes(data=True):
        name = d.get("label") or d.get("name") or str(n)
        fields = {
            "type": d.get("type") or "other",
            "sector": d.get("sector") or "",
            "area": d.get("area") or bulk.map.area,
            "themes": as_list(d.get("themes")),
            "target_groups": as_list(d.get("target_groups")),
            "resources": as_list(d.get("resources")),
            "description": d.get("description") or "",
            "is_weaver": as_bool(d.get("is_weaver")) or n in weavers,
        }
        aid, created = bulk.actor(name, fields, [{"name": c} for c in as_list(d.get("contacts"))])
        provisional[n] = aid
        if created:
            stats.actors_created += 1
        else:
            stats.actors_reused += 1
    directed_graph = G.is_directed()
    for u, v, d in G.edges(data=True):
        if u == v:
            raise ValidationError("error.self_link")
        src, tgt = provisional[u], provisional[v]
        directed = as_bool(d.get("directed")) or directed_graph
        if directed and d.get("source") is not None and str(d.get("source")) == str(v):
            src, tgt = tgt, src
        kind = d.get("kind") or "dialogue"
        carried = [c for c in as_list(d.get("carried_by")) if not c.startswith("contact:")]
        fields = {
            "kind": kind,
            "strength": d.get("strength", 1),
            "status": d.get("status") or "existing",
            "directed": directed,
            "start_date": d.get("start_date") or None,
            "end_date": d.get("end_date") or None,
            "purpose": d.get("purpose") or "",
            "place": d.get("place") or "",
            "carried_by": carried,
        }
        if bulk.link(src, tgt, str(kind).strip().lower(), fields):
            stats.links_created += 1
        else:
            stats.links_skipped += 1
    real = bulk.write()
    stats.node_ids = {n: real.get(a, a) for n, a in provisional.items()}
    return stats
