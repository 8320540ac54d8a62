"""Standalone, offline, escaped interactive map.

Two renderers, both vendored in ``static/`` (see ``static/README.md``) and inlined:
vis-network 9.1.2 (canvas) up to :data:`WEBGL_MIN_NODES` actors, and sigma.js 3 +
graphology (WebGL) above, which still draws 10,000 actors in a few seconds. No CDN,
no Bootstrap, no external fonts, and a Content-Security-Policy forbids any network
request. The map's data is the compact format of :mod:`.payload` (numbers in arrays,
each text once, positions computed in Python). Every user text is HTML-escaped
(header, legend) or JSON-escaped inside a ``<script type="application/json">`` block
(labels, tooltips), and labels and tooltips are shown as text only.
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
from .payload import PHYSICS_MAX_NODES, WEBGL_MIN_NODES, build_payload, choose_renderer
from .style import EDGE_STYLES, WEAVER_BORDER
from .textalt import text_html

__all__ = ["PHYSICS_MAX_NODES", "WEBGL_MIN_NODES", "json_for_script", "render_map_html", "render_model_html"]

_TEMPLATES = Path(__file__).parent / "templates"
_STATIC = Path(__file__).parent / "static"
# what the map uses of vis-network's 220 kB stylesheet (the tooltip; the rest styles
# buttons and editors the map does not show)
_VIS_CSS = ("div.vis-tooltip{background-color:#f5f4ed;border:1px solid #808074;border-radius:3px;"
            "box-shadow:3px 3px 10px rgba(0,0,0,.2);color:#000;font-family:verdana;font-size:14px;"
            "padding:5px;pointer-events:none;position:absolute;visibility:hidden;white-space:nowrap;z-index:5}")
_HEIGHT_RE = re.compile(r"^\d{1,5}(\.\d{1,3})?(px|vh|em|rem|%)$")


def _inline_js(name: str) -> str:
    js = (_STATIC / name).read_text(encoding="utf-8")
    # The file is inlined: it must not be able to close its own element.
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and the part of its CSS the map uses."""
    return _inline_js("vis-network.min.js"), _VIS_CSS


@lru_cache(maxsize=1)
def _webgl_assets() -> tuple[str, str]:
    """graphology and sigma.js (WebGL), for big maps."""
    return _inline_js("graphology.umd.min.js"), _inline_js("sigma.min.js")


@lru_cache(maxsize=8)
def _template(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>``, ``&``,
    U+2028/U+2029 and lone surrogates are escaped as ``\\uXXXX``; other text stays
    UTF-8 (a third of the size of escaping all non-ASCII)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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


def _legend_html(model: MapModel, keys: bool = False) -> str:
    lang = model.lang
    parts = ['<details class="wm-legend" open><summary>', _esc(t("map.legend.title", lang)),
             "</summary>"]
    parts += ["<h2>", _esc(model.color_title), "</h2><ul>"]
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
        parts += ["<h2>", _esc(t("map.legend.links", lang)), "</h2><ul>"]
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
    if keys:   # vis-network: the focused map moves and zooms by keyboard
        parts += ['<p class="wm-note">', _esc(t("kbd.map.keys", lang)), "</p>"]
    parts += ['<p class="wm-note">', _esc(t("kbd.map.text_note", lang)), "</p>"]
    parts.append("</details>")
    return "".join(parts)


def render_model_html(model: MapModel, *, seed: int = 0, height: str | int = "640px",
                      physics: bool | None = None, renderer: str | None = None) -> str:
    """Render an already built :class:`MapModel` (see :func:`render_map_html`)."""
    lang = normalise_language(model.lang)
    height_css = _height(height)
    n = len(model.nodes)
    kind = choose_renderer(n, renderer)
    use_physics = bool(physics) and n <= PHYSICS_MAX_NODES and kind == "vis"
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
        values["TEXT"] = ""
        return _fill(_template("map.html"), values)
    values["BODY"] = ('<div class="wm-canvas"><div id="weaving-map" role="img" aria-label="'
                      + _esc(t("kbd.map.aria", lang, title=model.title)) + '"></div></div>'
                      + _legend_html(model, keys=kind == "vis"))
    values["TEXT"] = text_html(model)
    payload = json_for_script(build_payload(model, seed=seed, physics=use_physics, renderer=kind))
    data = f'<script type="application/json" id="weaving-map-data">{payload}</script>\n'
    glue = _template("frame_height.js") + "\n"   # in the app's frame: tell the frame how tall the page is
    if kind == "vis":
        js, css = _vis_assets()
        values["VIS_CSS"] = css
        values["SCRIPTS"] = data + f"<script>{js}</script>\n<script>{glue}{_template('map.js')}</script>"
    else:
        graphology, sigma = _webgl_assets()
        values["VIS_CSS"] = ""
        values["SCRIPTS"] = (data + f"<script>{graphology}</script>\n<script>{sigma}</script>\n"
                             f"<script>{glue}{_template('map_webgl.js')}</script>")
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
    renderer: str | None = None,
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
        above :data:`PHYSICS_MAX_NODES` (300) actors.
    renderer : {None, "auto", "vis", "webgl"}, optional
        ``auto`` (default): vis-network up to :data:`WEBGL_MIN_NODES` (2,000) actors,
        sigma.js (WebGL) above.

    Returns
    -------
    str
        The HTML page.  An empty (or filtered-empty) map gives a page with a
        friendly message.

    Raises
    ------
    ValueError
        For an unknown ``color_by``/``size_by``/``renderer`` or a malformed ``height``.
    KeyError
        When ``focus`` is not a node of ``G``.
    """
    lang = normalise_language(lang)
    model = build_map_model(G, lang=lang, color_by=color_by, clusters=clusters,
                            size_by=size_by, sizes=sizes, focus=focus, depth=depth,
                            areas=areas, types=types, themes=themes, statuses=statuses,
                            seed=seed, title=title)
    return render_model_html(model, seed=seed, height=height, physics=physics, renderer=renderer)
