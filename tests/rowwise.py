"""The row-by-row writers that the bulk writers replaced (weaving/store/bulk.py), kept
verbatim as the reference: tests/test_bulk.py checks that both give the same database."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from weaving.core.errors import ValidationError
from weaving.core.schema import as_bool, as_list
from weaving.store.bridge import ImportStats
from weaving.store.demo import load_demo_data
from weaving.store.uow import Store


def import_graph_rowwise(uow, map_id: int, G: nx.Graph) -> ImportStats:
    """The pre-bulk ``weaving.store.bridge.import_graph``, unchanged."""
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


def load_demo_rowwise(store: Store, path: str | Path | None = None, *, replace: bool = False) -> dict[str, int]:
    """The pre-bulk ``weaving.store.demo.load_demo``, unchanged."""
    data = load_demo_data(path)
    counts = {"maps": 0, "actors": 0, "links": 0, "challenges": 0}
    with store.uow(user="demo") as uow:
        for spec in data["maps"]:
            existing = uow.maps.by_name(spec["name"])
            if existing is not None:
                if not replace:
                    continue
                uow.maps.delete(existing.id)
            m = uow.maps.create(spec["name"], area=spec.get("area", spec["name"]), description=spec.get("description", ""))
            counts["maps"] += 1
            ids: dict[str, int] = {}
            for a in spec["actors"]:
                actor = uow.actors.by_name(a["name"])
                if actor is not None:
                    uow.actors.add_to_map(actor.id, m.id)
                else:
                    actor = uow.actors.add(
                        m.id,
                        name=a["name"],
                        type=a.get("type", "other"),
                        sector=a.get("sector", ""),
                        area=a.get("area") or spec.get("area", spec["name"]),
                        themes=a.get("themes", []),
                        target_groups=a.get("target_groups", []),
                        resources=a.get("resources", []),
                        description=a.get("description", ""),
                        is_weaver=a.get("is_weaver", False),
                        contacts=a.get("contacts", []),
                    )
                    counts["actors"] += 1
                ids[a["key"]] = actor.id
            for link in spec["links"]:
                src, tgt = ids[link["source"]], ids[link["target"]]
                if uow.links.find(src, tgt, link.get("kind", "dialogue")) is not None:
                    continue
                uow.links.add(
                    src, tgt,
                    kind=link.get("kind"),
                    strength=link.get("strength", 1),
                    status=link.get("status", "existing"),
                    directed=link.get("directed", False),
                    start_date=link.get("start_date") or None,
                    end_date=link.get("end_date") or None,
                    purpose=link.get("purpose", ""),
                    place=link.get("place", ""),
                    carried_by=link.get("carried_by", []),
                )
                counts["links"] += 1
            for ch in spec.get("challenges", []):
                uow.challenges.add(m.id, ch["text"], themes=ch.get("themes", []),
                                   actor_ids=[ids[k] for k in ch.get("actors", []) if k in ids],
                                   solution=ch.get("solution", ""))
                counts["challenges"] += 1
        uow.commit()
    return counts
