"""Shared graphs and helpers for the interchange tests (fictional data only)."""
from __future__ import annotations

import networkx as nx
import pytest

from weaving.core.names import normalise_name, unique_names
from weaving.interchange.values import clean_list, clean_text

LIST_NODE = ("themes", "target_groups", "resources", "contacts")
NAME_FIELDS = ("label", "area")                      # put in normal form by every importer
NAME_LISTS = (*LIST_NODE, "carried_by")


def actor(label, type_="association", **kw):
    d = dict(label=label, type=type_, sector="ideburen", area="Dalby", themes=[], target_groups=[],
             resources=[], description="", is_weaver=False, contacts=[])
    d.update(kw)
    return d


def link(kind, **kw):
    d = dict(kind=kind, strength=1, status="existing", directed=False, start_date="",
             end_date="", purpose="", carried_by=[], place="")
    d.update(kw)
    return d


def sample_graph() -> nx.MultiGraph:
    """A canonical graph: every field set, vocabulary values, a weaver, duplicate
    labels (two 'Biblioteket' in different areas), a directed funding link, parallel
    links of different kinds, extra attributes."""
    G = nx.MultiGraph(name="Dalby + Veberöd (fiktiv)")
    G.add_node("a1", **actor("Biblioteket", "library", sector="offentlig", themes=["kultur", "språk"],
                             target_groups=["unga", "nyanlända"], resources=["lokaler"],
                             description="Fiktivt bibliotek\nmed två rader", is_weaver=True,
                             contacts=["Kim Exempel", "Robin Prov"], website="https://example.org"))
    G.add_node("a2", **actor("Biblioteket", "library", sector="offentlig", area="Veberöd"))
    G.add_node("a3", **actor("Fritidsgården Åkern", "youth_centre", sector="offentlig",
                             themes=["fritid"], target_groups=["unga"]))
    G.add_node("a4", **actor("Dalby IF", "sports_club", themes=["idrott"], resources=["volontärer"]))
    G.add_node("a5", **actor("Kim Exempel", "person", sector=""))
    G.add_node("a6", **actor("Café Ängen", "business", sector="privat"))
    G.add_edge("a1", "a3", key="joint_activity", **link("joint_activity", strength=3,
               start_date="2023-09-01", purpose="Läxhjälp", carried_by=["Kim Exempel"], place="Biblioteket"))
    G.add_edge("a1", "a3", key="dialogue", **link("dialogue", strength=2, status="introduced"))
    G.add_edge("a6", "a4", key="funding", **link("funding", strength=2, directed=True, source="a6",
               start_date="2020-01-01", end_date="2022-06-30", status="ended", note="extra"))
    G.add_edge("a2", "a4", key="awareness", **link("awareness", status="desired"))
    G.add_edge("a5", "a1", key="volunteer_supply", **link("volunteer_supply"))
    G.graph["weavers"] = ["a1"]
    return G


def snapshot(G: nx.Graph, *, clean: bool = False) -> tuple:
    """Comparable view: nodes with attributes, edges as (pair, key, attributes).
    ``clean=True`` applies what every importer applies to text (control characters
    removed, CR -> LF, surrounding whitespace stripped) and to names (normal form,
    weaving.core.names)."""

    def fix(d: dict) -> dict:
        out = {}
        for k, v in d.items():
            if clean and k in NAME_FIELDS:
                v = normalise_name(clean_text(v))
            elif clean and k in NAME_LISTS:
                v = unique_names(clean_list(v))
            elif clean and isinstance(v, str):
                v = clean_text(v)
            elif clean and isinstance(v, list):
                v = clean_list(v)
            out[k] = v
        return out

    nodes = sorted((clean_text(n) if clean else n, tuple(sorted(fix(d).items(), key=str)))
                   for n, d in G.nodes(data=True))
    edges = []
    for u, v, k, d in G.edges(keys=True, data=True):
        d = fix(d)
        if clean and "source" in d:
            d["source"] = clean_text(d["source"])
        pair = tuple(sorted((clean_text(u), clean_text(v)) if clean else (u, v)))
        edges.append((pair, k, tuple(sorted(d.items(), key=str))))
    return nodes, sorted(edges, key=str)


@pytest.fixture
def graph() -> nx.MultiGraph:
    return sample_graph()
