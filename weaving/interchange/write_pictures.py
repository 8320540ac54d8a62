"""Picture writers: the offline HTML map and a PNG of it (drawn by weaving.mapview).

For people, not for re-import.  The privacy options apply as for the data formats.
"""
from __future__ import annotations

import io
from typing import Any

import networkx as nx

from weaving.interchange.write_common import prepare


def to_html(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False,
            lang: str = "sv", **map_options: Any) -> bytes:
    """A standalone, offline HTML map (see weaving.mapview): no CDN, everything escaped."""
    from weaving.mapview import render_map_html

    H = prepare(G, include_personal=include_personal, anonymise=anonymise)
    return render_map_html(H, lang=lang, **map_options).encode("utf-8")


def to_png(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False,
           lang: str = "sv", **map_options: Any) -> bytes:
    """A PNG picture of the map with the same layout and colours as the HTML map."""
    from weaving.mapview import render_map_png

    H = prepare(G, include_personal=include_personal, anonymise=anonymise)
    buf = io.BytesIO()
    render_map_png(H, buf, lang=lang, **map_options)
    return buf.getvalue()
