"""Load the fictional demo municipality (data/demo.json) into the database."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from weaving.store.uow import Store

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "demo.json"


def load_demo_data(path: str | Path | None = None) -> dict[str, Any]:
    return json.loads(Path(path or DEMO_FILE).read_text(encoding="utf-8"))


def is_empty(store: Store) -> bool:
    with store.uow() as uow:
        return not uow.maps.list()


def load_demo(store: Store, path: str | Path | None = None, *, replace: bool = False) -> dict[str, int]:
    """Create the demo maps in one transaction. Maps that already exist are left
    alone unless ``replace``; returns counts of what was created.

    Actors and links are written in bulk (:class:`weaving.store.bulk.BulkImport`), with
    the same result as adding each through the repositories."""
    from weaving.store.bulk import BulkImport

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
            bulk = BulkImport(uow, m.id)
            ids: dict[str, int] = {}
            for a in spec["actors"]:
                fields = {
                    "type": a.get("type", "other"),
                    "sector": a.get("sector", ""),
                    "area": a.get("area") or spec.get("area", spec["name"]),
                    "themes": a.get("themes", []),
                    "target_groups": a.get("target_groups", []),
                    "resources": a.get("resources", []),
                    "description": a.get("description", ""),
                    "is_weaver": a.get("is_weaver", False),
                }
                ids[a["key"]], created = bulk.actor(a["name"], fields, a.get("contacts", []))
                counts["actors"] += created
            for link in spec["links"]:
                fields = {
                    "kind": link.get("kind"),
                    "strength": link.get("strength", 1),
                    "status": link.get("status", "existing"),
                    "directed": link.get("directed", False),
                    "start_date": link.get("start_date") or None,
                    "end_date": link.get("end_date") or None,
                    "purpose": link.get("purpose", ""),
                    "place": link.get("place", ""),
                    "carried_by": link.get("carried_by", []),
                }
                counts["links"] += bulk.link(ids[link["source"]], ids[link["target"]],
                                             link.get("kind", "dialogue"), fields)
            real = bulk.write()
            ids = {k: real.get(v, v) for k, v in ids.items()}
            for ch in spec.get("challenges", []):
                uow.challenges.add(m.id, ch["text"], themes=ch.get("themes", []),
                                   actor_ids=[ids[k] for k in ch.get("actors", []) if k in ids],
                                   solution=ch.get("solution", ""))
                counts["challenges"] += 1
        uow.commit()
    return counts
