"""The map picture of the one-page report (matplotlib, same layout and colours as the map page)."""
from __future__ import annotations

import io
from collections.abc import Iterable

import networkx as nx

FOUND_COLOUR = "#1b9e5a"


def map_picture(G: nx.Graph, lang: str = "sv", *, found: Iterable[tuple[str, str]] = (),
                new_actors: Iterable[str] = (), width_in: float = 5.4, height_in: float = 4.1,
                dpi: int = 220) -> tuple[bytes | None, list[tuple[str, str]]]:
    """A clean map picture for the report: same layout and sector colours as the map
    page, no title or legend in the picture (the legend is HTML, returned as
    ``[(label, colour)]``), the pairs that found each other drawn in green, new actors
    ringed, names for the weavers and the best-connected actors only.
    Returns ``(None, [])`` if the map cannot be drawn."""
    try:
        return _map_picture(G, lang, found, new_actors, width_in, height_in, dpi)
    except Exception:  # noqa: BLE001 - the report still works without the picture
        return None, []


def _map_picture(G, lang, found, new_actors, width_in, height_in, dpi):
    import warnings

    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    from weaving.core.names import name_key as key   # actors are matched as the store matches names
    from weaving.mapview import EDGE_STYLES, build_map_model

    model = build_map_model(G, lang=lang, color_by="sector", size_by="degree",
                            statuses=("existing", "introduced", "desired"))
    if model.empty:
        return None, []
    found_keys = {frozenset((key(a), key(b))) for a, b in found}
    new_keys = {key(a) for a in new_actors}
    names = {nd["id"]: str(G.nodes[nd["node"]].get("label") or nd["node"]) for nd in model.nodes}
    pos = {nd["id"]: (nd["x"], -nd["y"]) for nd in model.nodes}

    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    green = []
    for status in ("desired", "introduced", "existing"):
        group = [e for e in model.edges if e["status"] == status]
        plain = []
        for e in group:
            if frozenset((key(names[e["from"]]), key(names[e["to"]]))) in found_keys and status != "desired":
                green.append(e)
            else:
                plain.append(e)
        if plain:
            style = EDGE_STYLES[status]
            ax.add_collection(LineCollection(
                [(pos[e["from"]], pos[e["to"]]) for e in plain], colors=style["color"],
                linestyles=style["mpl"], linewidths=[0.35 + 0.28 * e["width"] for e in plain],
                alpha={"existing": 0.45, "introduced": 0.9, "desired": 0.55}[status], zorder=1))
    if green:
        ax.add_collection(LineCollection([(pos[e["from"]], pos[e["to"]]) for e in green], colors=FOUND_COLOUR,
                                         linewidths=2.2, alpha=0.95, zorder=2, capstyle="round"))
    for nd in model.nodes:
        x, y = pos[nd["id"]]
        s = (nd["size"] ** 2) * 0.32
        if key(names[nd["id"]]) in new_keys:
            ax.scatter([x], [y], s=s * 2.6, facecolors="none", edgecolors=FOUND_COLOUR, linewidths=1.3, zorder=3)
        ax.scatter([x], [y], s=s * (1.9 if nd["is_weaver"] else 1.0), marker="*" if nd["is_weaver"] else "o",
                   c=nd["color"], edgecolors="#1d2733" if nd["is_weaver"] else "white",
                   linewidths=0.9 if nd["is_weaver"] else 0.6, zorder=4)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1 = min(xs) - 45, max(xs) + 45
    y0, y1 = min(ys) - 70, max(ys) + 35          # room for the names under the lowest actors
    want = height_in / width_in                  # fill the picture, keep the layout's proportions
    w, h = x1 - x0, y1 - y0
    if h / w < want:
        grow = (w * want - h) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:
        grow = (h / want - w) / 2
        x0, x1 = x0 - grow, x1 + grow
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    # names: weavers first, then the best-connected actors; skip a name that would overlap one already placed
    ranked = sorted(model.nodes, key=lambda nd: (not nd["is_weaver"], -nd["size"]))
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    fontsize, placed, boxes = 6.4, 0, []
    px_per_pt = dpi / 72.0
    for nd in ranked:
        if placed >= 10:
            break
        x, y = pos[nd["id"]]
        text = names[nd["id"]]
        text = text if len(text) <= 28 else text[:27] + "…"
        dy = nd["size"] * 0.42 + 2
        cx, cy = ax.transData.transform((x, y))
        w = 0.56 * fontsize * len(text) * px_per_pt
        h = 1.25 * fontsize * px_per_pt
        top = cy - dy * px_per_pt
        box = (cx - w / 2, top - h, cx + w / 2, top)
        if any(not (box[2] < o[0] or box[0] > o[2] or box[3] < o[1] or box[1] > o[3]) for o in boxes):
            continue
        boxes.append(box)
        placed += 1
        ax.annotate(text, (x, y), xytext=(0, -dy), textcoords="offset points",
                    ha="center", va="top", fontsize=fontsize, color="#1d2733", zorder=5, parse_math=False,
                    fontweight="bold" if nd["is_weaver"] else "normal", path_effects=halo)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white", metadata={"Software": "weaving.progress.report"})
    legend = [(f"{e.label} ({e.count})", e.color) for e in model.color_entries]
    return buf.getvalue(), legend
