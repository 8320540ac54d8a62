import networkx as nx


def hub_and_spoke():
    """Stage b: a weaver 'W' tied to three clusters that do not know each other."""
    G = nx.MultiGraph(name="Genarp (fictional)")
    G.add_node("W", label="Genarp library", type="library", area="Genarp", is_weaver=True,
               themes=["kultur"], target_groups=["unga"])
    groups = {
        "g": (["kultur", "språk"], ["flickor"]),
        "s": (["idrott"], ["unga"]),
        "n": (["språk", "läxhjälp"], ["nyanlända"]),
    }
    for g, (themes, tg) in groups.items():
        ids = [f"{g}{k}" for k in range(4)]
        for k, u in enumerate(ids):
            G.add_node(u, label=f"Actor {u}", area="Genarp", themes="|".join(themes), target_groups=tg,
                       type="association")
        for a in range(4):
            for b in range(a + 1, 4):
                G.add_edge(ids[a], ids[b], key="dialogue", kind="dialogue", strength=2, status="existing")
        G.add_edge("W", ids[0], key="dialogue", kind="dialogue", strength=2, status="existing")
    # two actors that only know the weaver
    for u in ("x1", "x2"):
        G.add_node(u, label=f"Lonely {u}", area="Genarp", themes=["kultur"], target_groups=["flickor"])
        G.add_edge("W", u, key="awareness", kind="awareness", strength=1)
    return G


def planted(n=120, groups=6, seed=1):
    G = nx.planted_partition_graph(groups, n // groups, 0.4, 0.02, seed=seed)
    themes = ["kultur", "idrott", "språk", "läxhjälp", "musik", "natur"]
    tgs = ["unga", "seniorer", "nyanlända", "flickor"]
    for u in G:
        g = u // (n // groups)
        G.nodes[u]["themes"] = [themes[g % 6], themes[(g + u) % 6]]
        G.nodes[u]["target_groups"] = [tgs[g % 4]]
        G.nodes[u]["area"] = "Dalby" if g < 3 else "Veberöd"
    return G


def demo_maps():
    """The four demo area maps (data/demo.json) as MultiGraphs in the bridge's shape
    (docs/graph-schema.md), with the stage each map is meant to show."""
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[2] / "data" / "demo.json").read_text(encoding="utf-8"))
    out = {}
    for spec in data["maps"]:
        G = nx.MultiGraph(name=spec["name"])
        for a in spec["actors"]:
            G.add_node(a["key"], label=a["name"], type=a.get("type", "other"), sector=a.get("sector", ""),
                       area=a.get("area") or spec.get("area", spec["name"]), themes=a.get("themes", []),
                       target_groups=a.get("target_groups", []), is_weaver=bool(a.get("is_weaver")))
        for link in spec["links"]:
            kind = link.get("kind", "dialogue")
            G.add_edge(link["source"], link["target"], key=kind, kind=kind, strength=link.get("strength", 1),
                       status=link.get("status", "existing"), place=link.get("place", ""),
                       carried_by=[c if isinstance(c, str) else c.get("name", "") for c in link.get("carried_by", [])])
        G.graph["weavers"] = [u for u, d in G.nodes(data=True) if d["is_weaver"]]
        out[spec["name"]] = (G, spec["intended_stage"])
    return out
