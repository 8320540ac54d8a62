"""Graphs for the map/analysis/introduction pages: built fresh from the store per run,
analysis results cached by a fingerprint of the graph (same data -> same result)."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import networkx as nx
import streamlit as st

from weaving.ui.common import current_user, get_store


def graph_or_stop(map_ids: Sequence[int], *, include_personal: bool = False) -> nx.MultiGraph:
    """The graph of the chosen maps, or the "no actors yet" empty state (and stop)."""
    from weaving.ui.common import tr

    G = load_graph(map_ids, include_personal=include_personal)
    if G.number_of_nodes() == 0:
        st.info(tr("page.common.no_actors"), icon=":material/edit:")
        st.page_link("app_pages/draw.py", label=tr("page.nav.draw"), icon=":material/edit:")
        st.stop()
    return G


def load_graph(map_ids: Sequence[int], *, include_personal: bool = False) -> nx.MultiGraph:
    from weaving.store.bridge import graph_from_maps

    with get_store().uow(user=current_user()) as uow:
        return graph_from_maps(uow, list(map_ids), include_personal=include_personal)


def fingerprint(G: nx.Graph) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(G.graph, sort_keys=True, default=str).encode())
    for n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0])):
        h.update(json.dumps([str(n), d], sort_keys=True, default=str).encode())
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    for e in sorted((json.dumps(list(e), sort_keys=True, default=str) for e in edges)):
        h.update(e.encode())
    return h.hexdigest()


@st.cache_data(max_entries=64, show_spinner=False)
def _analyse(fp: str, _G: nx.Graph, weaver: Any, seed: int):
    from weaving.analysis import analyse

    return analyse(_G, weaver=weaver, seed=seed)


def analysis_of(G: nx.Graph, *, weaver: Any = None, seed: int = 0):
    """The analysis of G (cached), or None while weaving.analysis is not available."""
    if G.number_of_nodes() == 0:
        return None
    return _analyse(fingerprint(G), G, weaver, seed)


@st.cache_data(max_entries=64, show_spinner=False)
def _suggest(fp: str, _G: nx.Graph, top: int, weaver: Any, mode: Any, exclude: tuple, seed: int):
    from weaving.analysis import suggest_introductions

    return suggest_introductions(_G, top=top, weaver=weaver, mode=mode, exclude=[tuple(p) for p in exclude] or None,
                                 seed=seed)


def suggestions_of(G: nx.Graph, *, top: int = 10, weaver: Any = None, mode: Any = None,
                   exclude: Sequence = (), seed: int = 0):
    if G.number_of_nodes() < 2:
        return None
    ex = tuple(sorted(tuple(sorted(map(str, p))) for p in exclude))
    return _suggest(fingerprint(G), G, top, weaver, mode, ex, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def _plan(fp: str, _G: nx.Graph, weaver: Any, seed: int):
    from weaving.analysis import plan_step_back

    return plan_step_back(_G, weaver=weaver, seed=seed)


def plan_of(G: nx.Graph, *, weaver: Any = None, seed: int = 0):
    if G.number_of_nodes() < 2:
        return None
    return _plan(fingerprint(G), G, weaver, seed)


def node_labels(G: nx.Graph) -> dict[Any, str]:
    return {n: str(d.get("label") or n) for n, d in G.nodes(data=True)}


def attr_values(G: nx.Graph, attr: str) -> list[str]:
    from weaving.core.schema import as_list

    seen: dict[str, None] = {}
    for _, d in G.nodes(data=True):
        v = d.get(attr)
        for x in (as_list(v) if isinstance(v, (list, tuple, set)) else [v]):
            if x not in (None, ""):
                seen.setdefault(str(x), None)
    return sorted(seen, key=str.lower)
