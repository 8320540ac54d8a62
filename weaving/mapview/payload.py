"""The map's data as the page carries it: compact, numbers in arrays.

The earlier format gave every actor and link its own object with its colour
dictionaries and full tooltip text (5.7 MB for 2,000 actors). Here:

* positions, sizes and colours are columns of numbers (``x``, ``y``, ``size``,
  ``color`` -> ``palette``), computed in Python;
* every text is stored once: labels and names in ``s``, the tooltip lines after an
  actor's name in ``bodies`` (actors of the same type, area, themes and number of
  contacts share one), link tooltips in ``ebodies`` with markers where the ends' names
  go (links of the same kinds and strengths share one);
* links are pairs of actor positions in one flat list ``e`` with a style number
  (``es`` -> ``styles``: colour, width, dashes, arrows, opacity).

The browser rebuilds each tooltip from these parts; ``tests/mapview`` checks that the
texts are exactly the model's. Labels and tooltips are shown as text only.

Format (``"v": 2``)::

    {"v": 2, "renderer": "vis"|"webgl", "s": [str], "bodies": [str], "ebodies": [str],
     "palette": [colour], "x": [num], "y": [num], "size": [num], "color": [int],
     "label": [int -> s], "name": [int -> s], "head": [int -> s], "body": [int -> bodies],
     "weavers": [int], "e": [from, to, ...], "es": [int -> styles], "eb": [int -> ebodies],
     "eswap": [edge numbers whose tooltip names the ends as (to, from)],
     "styles": [[colour, width, dashes, arrows, opacity]], "look": {...}, "options": {...}}
"""
from __future__ import annotations

from typing import Any

from .model import MapModel
from .style import WEAVER_BORDER

PHYSICS_MAX_NODES = 300    # above this many actors the map never moves by itself
WEBGL_MIN_NODES = 2000     # above this many actors the map is drawn with WebGL (sigma.js)
LARGE_MAP = 500            # thinner borders and smaller fonts from here


class _Table:
    """Each distinct string once; ``add`` gives its position."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._pos: dict[str, int] = {}

    def add(self, text: str) -> int:
        pos = self._pos.get(text)
        if pos is None:
            pos = self._pos[text] = len(self.items)
            self.items.append(text)
        return pos


def vis_options(n: int, seed: int, physics: bool) -> dict[str, Any]:
    large = n > LARGE_MAP
    return {
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
                        "hideEdgesOnZoom": n > 1000,
                        # focused map: arrows move the view, + and - zoom (the text is in the table below)
                        "keyboard": {"enabled": True, "bindToWindow": False, "autoFocus": False},
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


def choose_renderer(n: int, renderer: str | None) -> str:
    if renderer in ("vis", "webgl"):
        return renderer
    if renderer not in (None, "auto"):
        raise ValueError(f"renderer must be 'auto', 'vis' or 'webgl', not {renderer!r}")
    return "webgl" if n > WEBGL_MIN_NODES else "vis"


def build_payload(model: MapModel, *, seed: int = 0, physics: bool = False, renderer: str = "vis") -> dict:
    """The compact data of a (non-empty) map, as described in the module docstring."""
    n = len(model.nodes)
    large = n > LARGE_MAP
    s, bodies, ebodies = _Table(), _Table(), _Table()
    palette = _Table()
    out: dict[str, Any] = {"v": 2, "renderer": renderer}
    out["x"] = [nd["x"] for nd in model.nodes]
    out["y"] = [nd["y"] for nd in model.nodes]
    out["size"] = [nd["size"] for nd in model.nodes]
    out["color"] = [palette.add(nd["color"]) for nd in model.nodes]
    out["label"] = [s.add(nd["label"]) for nd in model.nodes]
    out["name"] = [s.add(nd["tip_name"]) for nd in model.nodes]
    out["head"] = [s.add(nd["header"]) for nd in model.nodes]
    out["body"] = [bodies.add(nd["tip_body"]) for nd in model.nodes]
    out["weavers"] = [i for i, nd in enumerate(model.nodes) if nd["is_weaver"]]
    styles = _Table()
    style_rows: list[list] = []
    flat: list[int] = []
    es: list[int] = []
    eb: list[int] = []
    swapped: list[int] = []
    for k, ed in enumerate(model.edges):
        flat += (ed["from"], ed["to"])
        row = [ed["color"], ed["width"], ed["dashes"], ed["arrows"], 0.85 if ed["status"] != "ended" else 0.6]
        key = repr(row)
        pos = styles.add(key)
        if pos == len(style_rows):
            style_rows.append(row)
        es.append(pos)
        eb.append(ebodies.add(ed["tip_body"]))
        if ed["tip_swapped"]:
            swapped.append(k)
    out.update({"e": flat, "es": es, "eb": eb, "eswap": swapped, "styles": style_rows})
    out["s"], out["bodies"], out["ebodies"], out["palette"] = s.items, bodies.items, ebodies.items, palette.items
    look: dict[str, Any] = {"border": "#3a3a3a" if not large else "#666666"}
    if out["weavers"]:
        look["weaver"] = {"shape": "star", "borderWidth": 3, "border": WEAVER_BORDER,
                          "font": {"size": 16 if not large else 13, "color": "#000000"}}
    out["look"] = look
    out["options"] = vis_options(n, seed, physics) if renderer == "vis" else {}
    return out
