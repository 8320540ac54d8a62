"""Map drawing: interactive standalone HTML (offline: vis-network, or sigma.js/WebGL
above 2,000 actors) and PNG export.

Pure Python; no Streamlit.  Public API::

    render_map_html(G, *, lang, color_by, clusters, size_by, sizes, focus, depth,
                    areas, types, themes, statuses, seed, height, title, physics, renderer) -> str
    render_map_png(G, path_or_buffer, *, <same options>, dpi, width_in, labels) -> None
    filter_graph(G, *, areas, types, themes, statuses, focus, depth) -> nx.Graph
    build_map_model(G, ...) -> MapModel       # what would be drawn (nodes, edges, legend)
    compute_layout(G, seed) -> {node: (x, y)}

Modules, in import order (each imports only modules above it, never this package)::

    layout     seeded node positions
    text       clean user text, translated labels, tooltips
    filtering  filter_graph: which actors and links are drawn, merged per pair
    style      colours, edge styles by status, colour legend
    placement  drawn positions kept, the other actors placed beside them
    model      MapModel, build_map_model (shared by both renderers)
    payload    the compact data the page carries (numbers in arrays, each text once)
    html       render_map_html: offline page (vis-network or sigma.js)
    png        render_map_png: matplotlib picture
"""
from .filtering import DEFAULT_STATUSES, filter_graph
from .html import render_map_html, render_model_html
from .layout import compute_layout
from .model import SIZE_BY, MapModel, build_map_model
from .png import render_map_png
from .style import COLOR_BY, EDGE_STYLES, PALETTE

__all__ = [
    "COLOR_BY", "DEFAULT_STATUSES", "EDGE_STYLES", "PALETTE", "SIZE_BY", "MapModel",
    "build_map_model", "compute_layout", "filter_graph", "render_map_html",
    "render_map_png", "render_model_html",
]
