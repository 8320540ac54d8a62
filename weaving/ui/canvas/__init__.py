"""The drawing canvas of "Rita en karta": a bidirectional ``st.components.v2`` component.

It runs in the app page itself (not an iframe), so user text travels only as data
(``canvas_data``) and the script puts it on the page with ``textContent`` or draws it
on the canvas; the vis-network it uses is the vendored copy, inlined, so nothing is
loaded from outside. Each edit comes back as one ``action`` trigger that
``weaving.ui.drawactions.apply_action`` saves in its own transaction.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from weaving.core.schema import ACTOR_TYPES, ACTIVE_STATUSES, LINK_KINDS
from weaving.mapview.placement import place_missing
from weaving.mapview.style import EDGE_STYLES, PALETTE, UNKNOWN_COLOR

from .texts import canvas_texts

HERE = Path(__file__).parent
NAME = "weaving.draw_canvas"
SHOWN_STATUSES = ("existing", "introduced", "desired")  # ended links are history, not drawn
CANVAS_HEIGHT = 560


@lru_cache(maxsize=1)
def _component():
    from weaving.mapview.html import _vis_assets

    vis_js, _ = _vis_assets()
    # one module: vis-network, then the keyboard part, then the canvas (which exports the entry)
    js = "\n;\n".join([vis_js, (HERE / "canvas_keys.js").read_text(encoding="utf-8"),
                        (HERE / "canvas.js").read_text(encoding="utf-8")])
    css = (HERE / "canvas.css").read_text(encoding="utf-8")
    return st.components.v2.component(NAME, js=js, css=css, isolate_styles=False)


def type_colour(actor_type: str) -> str:
    if actor_type in ACTOR_TYPES:
        return PALETTE[ACTOR_TYPES.index(actor_type) % len(PALETTE)]
    return UNKNOWN_COLOR


def canvas_data(uow, map_id: int, *, tr: Callable[..., str], vocab: Callable[[str, Any], str], lang: str,
                default_status: str, editable: bool, version: int, notice: str = "", notice_kind: str = "",
                can_undo: bool = False) -> dict[str, Any]:
    """Everything the canvas shows, as plain data (numbers in arrays, texts as strings)."""
    actors = uow.actors.list([map_id])
    on_map = {a.id for a in actors}
    links = [link for link in uow.links.list([map_id]) if link.status in SHOWN_STATUSES]
    fixed = uow.maps.positions(map_id)
    G = nx.Graph()
    G.add_nodes_from(a.id for a in actors)
    G.add_edges_from((link.source_id, link.target_id) for link in links if link.status in ACTIVE_STATUSES)
    pos = place_missing(G, {a: xy for a, xy in fixed.items() if a in on_map}, seed=0)
    nodes = []
    for a in actors:
        x, y = pos[a.id]
        lines = [a.name, vocab("type", a.type)]
        if a.sector:
            lines.append(vocab("sector", a.sector))
        if a.themes:
            lines.append(", ".join(a.themes))
        nodes.append([a.id, a.name, type_colour(a.type), x, y, int(a.id in fixed), int(bool(a.is_weaver)), lines])
    edges = [[link.id, link.source_id, link.target_id, link.status, vocab("kind", link.kind), link.strength]
             for link in links]
    others = [[a.id, a.name, ", ".join(sorted(m.name for m in a.maps))]
              for a in uow.actors.list() if a.id not in on_map]
    statuses = ("existing", "desired", "introduced")
    return {
        "map": map_id,
        "version": version,
        "editable": editable,
        "lang": lang,
        "height": CANVAS_HEIGHT,
        "notice": notice,
        "notice_kind": notice_kind,
        "can_undo": bool(can_undo),
        "nodes": nodes,
        "edges": edges,
        "others": others,
        "types": [[c, vocab("type", c)] for c in ACTOR_TYPES],
        "kinds": [[c, vocab("kind", c)] for c in LINK_KINDS],
        "strengths": [[s, vocab("strength", s)] for s in (1, 2, 3)],
        "statuses": [[s, vocab("status", s)] for s in statuses],
        "default_status": default_status,
        "default_kind": "joint_activity" if default_status == "existing" else "dialogue",
        "default_type": "association",
        "styles": {s: {"color": EDGE_STYLES[s]["color"], "dashes": EDGE_STYLES[s]["dashes"]} for s in SHOWN_STATUSES},
        "texts": canvas_texts(tr, vocab, SHOWN_STATUSES),
    }


def draw_canvas(data: dict[str, Any], *, key: str, on_action: Callable[[], None]) -> None:
    """Mount the canvas; ``on_action`` runs (before the next script run) after each edit,
    reading ``action_of(key)``."""
    _component()(key=key, data=data, on_action_change=on_action, height="content")


def action_of(key: str) -> dict[str, Any] | None:
    """The edit the canvas ``key`` just sent, or None."""
    state = st.session_state.get(key)
    if state is None:
        return None
    value = state.get("action") if hasattr(state, "get") else getattr(state, "action", None)
    return value if isinstance(value, dict) else None
