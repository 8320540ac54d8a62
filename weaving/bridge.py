"""Convenience entry points for code outside the store (CLI, analysis CLI)."""
from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from weaving.store import Store, graph_from_maps


def load_graph(names: Sequence[str], url: str | None = None, *, include_personal: bool = False) -> nx.MultiGraph:
    """Graph of one or several maps by name (raises NotFoundError for an unknown map)."""
    store = Store(url)
    try:
        with store.uow() as uow:
            ids = [uow.maps.require(n).id for n in names]
            return graph_from_maps(uow, ids, include_personal=include_personal)
    finally:
        store.dispose()
