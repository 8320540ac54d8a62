"""Choice of the network weaver whose dependence is measured (default: as marked)."""
from __future__ import annotations

from typing import Any

import networkx as nx
import streamlit as st

from weaving.core.schema import weavers_of
from weaving.ui.common import tr
from weaving.ui.graphs import node_labels


def choose_weaver(G: nx.Graph, *, key: str) -> Any:
    """Sidebar selectbox: None = the actors marked as weavers (or, if none, the analysis picks the
    actor with the highest betweenness); otherwise one actor's node id."""
    labels = node_labels(G)
    marked = weavers_of(G)
    auto = tr("page.weaver.marked", names=", ".join(labels[n] for n in marked)) if marked else tr("page.weaver.auto")
    options = [None, *sorted(labels, key=lambda n: labels[n].lower())]
    shown = {None: auto, **labels}
    remembered = st.session_state.get("_weaver_choice")
    index = options.index(remembered) if remembered in options else 0
    choice = st.sidebar.selectbox(tr("page.weaver.label"), options, index=index, format_func=shown.get, key=key,
                                  help=tr("page.weaver.help"))
    st.session_state["_weaver_choice"] = choice
    return choice
