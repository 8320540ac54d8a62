"""Standalone, offline, escaped interactive map (vis-network 9.1.2 from pyvis's files).

No CDN, no Bootstrap, no external fonts: vis-network's JS and CSS are inlined from
the pyvis package, and a Content-Security-Policy forbids any network request.
Every user text is HTML-escaped (header, legend) or JSON-escaped inside a
``<script type="application/json">`` block (labels, tooltips), and tooltips are
shown as plain text.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from weaving.i18n import normalise_language, t

from .model import MapModel, build_map_model
from .style import EDGE_STYLES, WEAVER_BORDER

_TEMPLATES = Path(__file__).parent / "templates"
PHYSICS_MAX_NODES = 500
_HEIGHT_RE = re.compile(r"^\d{1,5}(\.\d{1,3})?(px|vh|em|rem|%)$")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    import pyvis

    base = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    # The files are inlined: they must not be able to close their own element.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"\\3c/\1", css, flags=re.IGNORECASE)
    return js, css


@lru_cache(maxsize=2)
def _template(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and
    U+2028/U+2029 are escaped as ``\\uXXXX`` (ensure_ascii escapes all non-ASCII)."""
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _fill(template: str, values: Mapping[str, str]) -> str:
    # one pass: inserted values are never scanned for further placeholders
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], template)


def _height(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"{int(value)}px"
    text = str(value).strip()
    if not _HEIGHT_RE.match(text):
        raise ValueError(f"height must look like '640px', '80vh' or an int, not {value!r}")
    return text


def _legend_html(model: MapModel) -> str:
    lang = model.lang
    parts = ['<details class="wm-legend" open><summary>', _esc(t("map.legend.title", lang)),
             "</summary>"]
    parts += ["<h3>", _esc(model.color_title), "</h3><ul>"]
    for entry in model.color_entries:
        parts.append(
            f'<li><span class="wm-swatch" style="background:{entry.color}"></span>'
            f"<span>{_esc(entry.label)}</span>"
            f'<span class="wm-count">{int(entry.count)}</span></li>'
        )
    parts.append("</ul>")
    if model.has_weaver:
        parts.append(
            '<ul><li><svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true">'
            '<polygon points="12,1 15,9 23,9 17,14 19,23 12,18 5,23 7,14 1,9 9,9" '
            f'fill="#ffffff" stroke="{WEAVER_BORDER}" stroke-width="2.5"/></svg>'
            f"<span>{_esc(t('map.legend.weaver', lang))}</span></li></ul>"
        )
    if model.statuses:
        parts += ["<h3>", _esc(t("map.legend.links", lang)), "</h3><ul>"]
        for status in model.statuses:
            style = EDGE_STYLES[status]
            css = {"existing": "solid", "desired": "dashed", "introduced": "dotted",
                   "ended": "dashed"}[status]
            parts.append(
                f'<li><span class="wm-line" style="border-top-style:{css};'
                f'border-top-color:{style["color"]}"></span>'
                f"<span>{_esc(model.status_labels[status])}</span></li>"
            )
        if model.has_arrows:
            parts.append(
                '<li><span class="wm-line" style="border-top-style:solid;border-top-color:#4D4D4D;'
                'width:20px"></span><span aria-hidden="true">&#9654;</span>'
                f"<span>{_esc(t('map.legend.arrow', lang))}</span></li>"
            )
        parts.append("</ul>")
        parts += ['<p class="wm-note">', _esc(t("map.legend.width", lang)), "</p>"]
    parts += ['<p class="wm-note">', _esc(model.size_title), "</p>"]
    parts += ['<p class="wm-note">', _esc(t("map.legend.hint", lang)), "</p>"]
    parts.append("</details>")
    return "".join(parts)


def _vis_payload(model: MapModel, seed: int, physics: bool) -> dict:
    n = len(model.nodes)
    large = n > PHYSICS_MAX_NODES
    nodes = []
    for nd in model.nodes:
        item = {
            "id": nd["id"],
            "label": nd["label"],
            "title": nd["tooltip"],
            "x": nd["x"],
            "y": nd["y"],
            "size": nd["size"],
            "color": {"background": nd["color"], "border": "#3a3a3a" if not large else "#666666",
                      "highlight": {"background": nd["color"], "border": "#000000"},
                      "hover": {"background": nd["color"], "border": "#000000"}},
        }
        if nd["is_weaver"]:
            item["shape"] = "star"
            item["borderWidth"] = 3
            item["color"]["border"] = WEAVER_BORDER
            item["font"] = {"size": 16 if not large else 13, "color": "#000000"}
        nodes.append(item)
    edges = []
    for ed in model.edges:
        item = {
            "from": ed["from"],
            "to": ed["to"],
            "title": ed["tooltip"],
            "width": ed["width"],
            "dashes": ed["dashes"],
            "color": {"color": ed["color"], "highlight": "#000000", "hover": "#000000",
                      "opacity": 0.85 if ed["status"] != "ended" else 0.6},
        }
        if ed["arrows"]:
            item["arrows"] = ed["arrows"]
        edges.append(item)
    options = {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -3000, "springLength": 150,
                          "springConstant": 0.03, "damping": 0.4, "avoidOverlap": 0.2},
            "stabilization": {"enabled": physics, "iterations": 60, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": n > 1000, "keyboard": False,
                        "navigationButtons": False, "zoomView": True, "dragView": True},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1.5 if not large else 0.6,
            "borderWidthSelected": 3,
            "font": {"size": 14 if not large else 12, "color": "#1a1a1a",
                     "face": "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, Arial, sans-serif",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 0.5,
                  "arrows": {"to": {"scaleFactor": 0.7}, "from": {"scaleFactor": 0.7}}},
    }
    return {"nodes": nodes, "edges": edges, "options": options}


def render_model_html(model: MapModel, *, seed: int = 0, height: str | int = "640px",
                      physics: bool | None = None) -> str:
    """Render an already built :class:`MapModel` (see :func:`render_map_html`)."""
    lang = normalise_language(model.lang)
    height_css = _height(height)
    n = len(model.nodes)
    use_physics = bool(physics) and n <= PHYSICS_MAX_NODES
    values = {
        "LANG": lang,
        "TITLE": _esc(model.title),
        "SUMMARY": _esc(model.summary),
        "FOCUS": f'<span class="wm-focus">{_esc(model.focus_text)}</span>' if model.focus_text else "",
        "HEIGHT": height_css,
    }
    if model.empty:
        values["VIS_CSS"] = ""
        values["BODY"] = (f'<div class="wm-canvas"><div class="wm-empty" id="weaving-map-empty" '
                          f'role="status">{_esc(t("map.empty", lang))}</div></div>')
        values["SCRIPTS"] = "<script>window.weavingMapDrawn = true;</script>"
        return _fill(_template("map.html"), values)
    js, css = _vis_assets()
    values["VIS_CSS"] = css
    values["BODY"] = ('<div class="wm-canvas"><div id="weaving-map" role="img" aria-label="'
                      + _esc(model.title) + '"></div></div>' + _legend_html(model))
    payload = json_for_script(_vis_payload(model, seed, use_physics))
    values["SCRIPTS"] = (
        f'<script type="application/json" id="weaving-map-data">{payload}</script>\n'
        f"<script>{js}</script>\n<script>{_template('map.js')}</script>"
    )
    return _fill(_template("map.html"), values)


def render_map_html(
    G: nx.Graph,
    *,
    lang: str = "sv",
    color_by: str = "type",
    clusters: Mapping[Any, int] | None = None,
    size_by: str = "degree",
    sizes: Mapping[Any, float] | None = None,
    focus: Any = None,
    depth: int = 1,
    areas: Collection[str] | None = None,
    types: Collection[str] | None = None,
    themes: Collection[str] | None = None,
    statuses: Collection[str] | None = None,
    seed: int = 0,
    height: str | int = "640px",
    title: str | None = None,
    physics: bool | None = None,
) -> str:
    """One standalone HTML document (works offline) drawing the map of ``G``.

    The layout is computed in Python with ``seed`` and fixed in the page: same data
    and seed give the identical HTML string.  No CDN; every user text is escaped.

    Parameters
    ----------
    G : nx.Graph
        Any NetworkX graph in the weaving convention; it is not changed.
    lang, color_by, clusters, size_by, sizes, seed, title
        As :func:`~weaving.mapview.model.build_map_model`: ``color_by`` ``type`` /
        ``sector`` / ``area`` / ``cluster`` (``clusters``: node -> cluster id,
        Louvain fallback when omitted); ``size_by`` ``degree`` / ``betweenness``
        (``sizes``: node -> value overrides the computed values).
    focus, depth, areas, types, themes, statuses
        Which actors and links are drawn, as :func:`weaving.mapview.filter_graph`.
    height : str or int
        CSS height of the map, e.g. ``"640px"``, ``"80vh"`` or an int (pixels).
    physics : bool, optional
        True lets vis-network move the nodes after loading (default off); ignored
        above 500 actors.

    Returns
    -------
    str
        The HTML page.  An empty (or filtered-empty) map gives a page with a
        friendly message.

    Raises
    ------
    ValueError
        For an unknown ``color_by``/``size_by`` or a malformed ``height``.
    KeyError
        When ``focus`` is not a node of ``G``.
    """
    lang = normalise_language(lang)
    model = build_map_model(G, lang=lang, color_by=color_by, clusters=clusters,
                            size_by=size_by, sizes=sizes, focus=focus, depth=depth,
                            areas=areas, types=types, themes=themes, statuses=statuses,
                            seed=seed, title=title)
    return render_model_html(model, seed=seed, height=height, physics=physics)
