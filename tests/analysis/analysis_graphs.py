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
