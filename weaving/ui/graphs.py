"""Graphs and analyses for the map, analysis, introduction and export pages: computed
once per map revision and shared by every page, rerun and browser session.

The store raises a map's revision with every write that changes what it shows
(:mod:`weaving.store.revisions`). A page asks for ``(maps, revision)`` first -- one
small query -- and only when that key is new is the graph built from the store,
prepared for analysis and analysed. The prepared graph (``weaving.analysis``'s
``Prepared``: one Louvain run, one betweenness, one link model) is shared by the
analysis, the suggestions and the step-back plan, and each result is kept for its
arguments (weaver, seed, ...). A write gives a new revision, hence a new key: a stale
analysis is never served.

The graphs handed out are shared between sessions: they are frozen
(``networkx.freeze``), and callers copy before changing anything.
"""
from __future__ import annotations

import dataclasses
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx
import streamlit as st

from weaving.ui.common import current_user, get_store, open_uow

_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # shared graph -> its cache key


class Bundle:
    """One map revision: its graph, the prepared graph and every result asked for so far."""

    def __init__(self, G: nx.MultiGraph) -> None:
        self.G = G
        self._prep = None
        self._results: dict[tuple, Any] = {}
        self._lock = threading.RLock()

    @property
    def prep(self):
        with self._lock:
            if self._prep is None:
                from weaving.analysis.prepared import prepare

                self._prep = prepare(self.G)
            return self._prep

    def result(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """The result for ``key``, computed once (errors are not remembered)."""
        with self._lock:
            if key not in self._results:
                self._results[key] = compute()
            return self._results[key]


def revision_key(map_ids: Sequence[int], *, include_personal: bool = False) -> tuple:
    """What identifies the maps' current content for this user's workspace (one query).

    The bundles are shared between users, so personal data is checked here, on every
    call, not only when a bundle is built: a viewer asking for ``include_personal``
    gets ``PermissionDenied`` even when an editor's bundle is in the cache."""
    from weaving.store import database_url

    with open_uow() as uow:
        if include_personal:
            uow.contacts.require_visible()
        revisions = uow.maps.revisions(list(map_ids))
        workspace = uow.workspace.id
    return (database_url(), workspace, revisions, bool(include_personal))


@st.cache_resource(max_entries=8, ttl=3 * 3600, show_spinner=False)
def _bundle(key: tuple, _user: str) -> Bundle:
    from weaving.store.bridge import graph_from_maps

    map_ids = [r[0] for r in key[2]]
    with get_store().uow(user=_user) as uow:
        G = graph_from_maps(uow, map_ids, include_personal=key[3])
    nx.freeze(G)
    _KEYS[G] = key
    return Bundle(G)


def bundle_for(map_ids: Sequence[int], *, include_personal: bool = False) -> Bundle:
    """The shared bundle of the maps as they are now."""
    return _bundle(revision_key(map_ids, include_personal=include_personal), current_user())


def graph_or_stop(map_ids: Sequence[int], *, include_personal: bool = False) -> nx.MultiGraph:
    """The (shared, frozen) graph of the chosen maps, or the "no actors yet" empty state (and stop)."""
    from weaving.ui.common import tr

    G = load_graph(map_ids, include_personal=include_personal)
    if G.number_of_nodes() == 0:
        st.info(tr("page.common.no_actors"), icon=":material/edit:")
        st.page_link("app_pages/draw.py", label=tr("page.nav.draw"), icon=":material/edit:")
        st.stop()
    return G


def load_graph(map_ids: Sequence[int], *, include_personal: bool = False) -> nx.MultiGraph:
    """The (shared, frozen) graph of the maps at their current revision."""
    return bundle_for(map_ids, include_personal=include_personal).G


def _bundle_of(G: nx.Graph) -> Bundle | None:
    key = _KEYS.get(G)
    return _bundle(key, current_user()) if key is not None else None


def _weaver_key(weaver: Any) -> Any:
    return tuple(weaver) if isinstance(weaver, (list, tuple, set, frozenset)) else weaver


def analysis_of(G: nx.Graph, *, weaver: Any = None, seed: int = 0):
    """The analysis of G (once per revision, weaver and seed); None for an empty map.

    For a graph with personal data (contact names), the structure (clusters, brokers,
    stage) is the one of the same maps without it -- the same computation -- and only
    the person- and place-bound risks, which name people, come from this graph.
    """
    from weaving.analysis import analyse, bound_risks

    if G.number_of_nodes() == 0:
        return None
    b = _bundle_of(G)
    if b is None:
        return analyse(G, weaver=weaver, seed=seed)
    key = _KEYS[G]
    if key[3]:
        base = _bundle(key[:3] + (False,), current_user())
        shared = base.result(("analyse", _weaver_key(weaver), seed),
                             lambda: analyse(base.prep, weaver=weaver, seed=seed))
        risks = b.result(("risks",), lambda: bound_risks(b.prep))
        return dataclasses.replace(shared, risks=risks)
    return b.result(("analyse", _weaver_key(weaver), seed), lambda: analyse(b.prep, weaver=weaver, seed=seed))


def suggestions_of(G: nx.Graph, *, top: int = 10, weaver: Any = None, mode: Any = None,
                   exclude: Sequence = (), seed: int = 0, outcomes: Sequence = ()):
    """Weaving-aware suggestions; ``outcomes`` ((id, id, label) of the workspace's
    introductions): every judged pair is left out of the suggestions (issue 20)."""
    from weaving.analysis import suggest_introductions
    from weaving.analysis.training import outcome_key

    if G.number_of_nodes() < 2:
        return None
    ex = tuple(sorted(tuple(sorted(map(str, p))) for p in exclude))
    ok = outcome_key(outcomes)

    def compute(prep, cache_key=None):
        return suggest_introductions(prep, top=top, weaver=weaver, mode=mode,
                                     exclude=[tuple(p) for p in ex] or None, seed=seed, outcomes=ok or None,
                                     cache_key=cache_key)

    b = _bundle_of(G)
    if b is None:
        return compute(G)
    return b.result(("suggest", top, _weaver_key(weaver), mode, ex, seed, ok), lambda: compute(b.prep, _KEYS[G]))


def prepared_of(G: nx.Graph):
    """The prepared form of G (``weaving.analysis.prepare``), shared with its analyses."""
    from weaving.analysis.prepared import prepare

    b = _bundle_of(G)
    return prepare(G) if b is None else b.prep


def link_model_of(G: nx.Graph, *, outcomes: Sequence = (), seed: int = 0):
    """The map's link model (the one ``suggestions_of`` uses), or None for a tiny map."""
    from weaving.analysis.training import fit_model, outcome_key

    if G.number_of_nodes() < 2:
        return None
    ok = outcome_key(outcomes)
    b = _bundle_of(G)
    if b is None:
        return fit_model(G, seed, ok or None)
    return b.result(("link_model", seed, ok), lambda: fit_model(b.prep, seed, ok or None, cache_key=_KEYS[G]))


def plan_of(G: nx.Graph, *, weaver: Any = None, seed: int = 0):
    from weaving.analysis import plan_step_back

    if G.number_of_nodes() < 2:
        return None
    b = _bundle_of(G)
    if b is None:
        return plan_step_back(G, weaver=weaver, seed=seed)
    return b.result(("plan", _weaver_key(weaver), seed), lambda: plan_step_back(b.prep, weaver=weaver, seed=seed))


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
