"""PNG export of the map with matplotlib's Agg backend (same layout and colours as
the HTML map).  User text is drawn with math parsing off, so ``$`` is literal."""
from __future__ import annotations

import warnings
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx

from weaving.i18n import normalise_language, t

from .model import MapModel, build_map_model
from .style import EDGE_STYLES, WEAVER_BORDER

LABELS_MAX_NODES = 120


def render_model_png(model: MapModel, path_or_buffer: str | Path | IO[bytes], *,
                     dpi: int = 150, width_in: float | None = None,
                     labels: bool | None = None) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    lang = normalise_language(model.lang)
    n = len(model.nodes)
    width = width_in or (11.0 if n <= 300 else 16.0)
    height = width * 0.6
    if n:
        xs = [nd["x"] for nd in model.nodes]
        ys = [nd["y"] for nd in model.nodes]
        aspect = (max(ys) - min(ys) + 120) / (max(xs) - min(xs) + 120)
        legend_in = 0.22 * (len(model.color_entries) + len(model.statuses) + 2) + 1.0
        height = min(width * 1.1, max(width * 0.45, legend_in, aspect * width * 0.72 / 0.88))
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.01, 0.72, 1.0 - 0.6 / height - 0.01))
    ax.set_axis_off()
    top = 1.0 - 0.55 / height
    fig.text(0.01, 1.0 - 0.22 / height, model.title, fontsize=14, fontweight="bold", parse_math=False,
             va="center")
    fig.text(0.01, 1.0 - 0.45 / height, model.summary + (f"   {model.focus_text}" if model.focus_text else ""),
             fontsize=9, color="#444444", parse_math=False, va="center")
    if model.empty:
        ax.text(0.5, 0.5, t("map.empty", lang), ha="center", va="center", fontsize=13,
                color="#555555", transform=ax.transAxes, wrap=True, parse_math=False)
        _save(fig, path_or_buffer, dpi)
        return

    pos = {nd["id"]: (nd["x"], -nd["y"]) for nd in model.nodes}  # vis y grows downwards
    large = n > 500
    scale = 0.35 if large else 1.0
    for status in ("ended", "desired", "introduced", "existing"):
        group = [e for e in model.edges if e["status"] == status]
        if not group:
            continue
        style = EDGE_STYLES[status]
        segs = [(pos[e["from"]], pos[e["to"]]) for e in group]
        ax.add_collection(LineCollection(
            segs, colors=style["color"], linestyles=style["mpl"],
            linewidths=[max(0.3, e["width"] * 0.55 * scale) for e in group],
            alpha=0.8 if status != "ended" else 0.5, zorder=1))
        for e in group:
            if e["arrows"]:
                (x0, y0), (x1, y1) = pos[e["from"]], pos[e["to"]]
                ax.annotate("", xy=(x1, y1), xytext=(x0, y0), zorder=2,
                            arrowprops={"arrowstyle": "<|-|>" if "from" in e["arrows"] else "-|>",
                                        "color": style["color"], "lw": 0.8,
                                        "shrinkA": 9, "shrinkB": 9, "mutation_scale": 12})

    plain = [nd for nd in model.nodes if not nd["is_weaver"]]
    weavers = [nd for nd in model.nodes if nd["is_weaver"]]
    area = 0.6 if large else 5.0
    if plain:
        ax.scatter([nd["x"] for nd in plain], [-nd["y"] for nd in plain],
                   s=[(nd["size"] ** 2) * area / 10 for nd in plain],
                   c=[nd["color"] for nd in plain], edgecolors="#3a3a3a",
                   linewidths=0.6 * scale + 0.2, zorder=3)
    if weavers:
        ax.scatter([nd["x"] for nd in weavers], [-nd["y"] for nd in weavers],
                   s=[(nd["size"] ** 2) * area / 5 for nd in weavers], marker="*",
                   c=[nd["color"] for nd in weavers], edgecolors=WEAVER_BORDER,
                   linewidths=1.4, zorder=4)
    show_labels = labels if labels is not None else n <= LABELS_MAX_NODES
    if show_labels or weavers:
        for nd in model.nodes if show_labels else weavers:
            radius_pt = (((nd["size"] ** 2) * area / (5 if nd["is_weaver"] else 10)) ** 0.5) / 2
            ax.annotate(nd["label"], (nd["x"], -nd["y"]), xytext=(0, -radius_pt - 1.5),
                        textcoords="offset points", fontsize=7.5,
                        ha="center", va="top", zorder=5, parse_math=False,
                    fontweight="bold" if nd["is_weaver"] else "normal",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    xs = [nd["x"] for nd in model.nodes]
    ys = [-nd["y"] for nd in model.nodes]
    pad = 60
    ax.set_xlim(min(xs) - 2 * pad, max(xs) + 2 * pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_aspect("equal", adjustable="box")

    handles: list[Any] = []
    for entry in model.color_entries:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=8,
                              markerfacecolor=entry.color, markeredgecolor="#3a3a3a",
                              label=f"{entry.label} ({entry.count})"))
    if model.has_weaver:
        handles.append(Line2D([], [], marker="*", linestyle="", markersize=13,
                              markerfacecolor="white", markeredgecolor=WEAVER_BORDER,
                              label=t("map.legend.weaver", lang)))
    for status in model.statuses:
        style = EDGE_STYLES[status]
        handles.append(Line2D([], [], color=style["color"], linestyle=style["mpl"],
                              linewidth=2, label=model.status_labels[status]))
    leg = fig.legend(handles=handles, loc="upper right", bbox_to_anchor=(0.995, top),
                     fontsize=8, frameon=True, title=model.color_title, title_fontsize=9,
                     borderaxespad=0.0)
    for txt in leg.get_texts():
        txt.set_parse_math(False)
    fig.text(0.995, 0.02, model.size_title, ha="right", fontsize=7.5, color="#555555", parse_math=False)
    _save(fig, path_or_buffer, dpi)


def _save(fig, path_or_buffer, dpi: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyphs (emoji, rare scripts)
        fig.savefig(path_or_buffer, format="png", dpi=dpi, facecolor="white",
                    metadata={"Software": "weaving.mapview"})


def render_map_png(
    G: nx.Graph,
    path_or_buffer: str | Path | IO[bytes],
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
    title: str | None = None,
    dpi: int = 150,
    width_in: float | None = None,
    labels: bool | None = None,
) -> None:
    """Write a PNG of the map (same filters, layout and colours as
    :func:`~weaving.mapview.html.render_map_html`) to a path or a binary file object.

    Parameters
    ----------
    G : nx.Graph
        Any NetworkX graph in the weaving convention; it is not changed.
    path_or_buffer : str, Path or binary file object
        Where the PNG is written.
    lang, color_by, clusters, size_by, sizes, focus, depth, areas, types, themes, statuses, seed, title
        As for :func:`~weaving.mapview.html.render_map_html`.
    dpi : int
        Resolution of the picture.
    width_in : float, optional
        Width in inches (default 11, or 16 above 300 actors); the height follows
        the map's shape.
    labels : bool, optional
        Draw every actor's name; default only for maps of up to 120 actors
        (weavers' names are always drawn).

    Returns
    -------
    None

    Raises
    ------
    ValueError
        For an unknown ``color_by`` or ``size_by``.
    KeyError
        When ``focus`` is not a node of ``G``.
    """
    lang = normalise_language(lang)
    model = build_map_model(G, lang=lang, color_by=color_by, clusters=clusters,
                            size_by=size_by, sizes=sizes, focus=focus, depth=depth,
                            areas=areas, types=types, themes=themes, statuses=statuses,
                            seed=seed, title=title)
    render_model_png(model, path_or_buffer, dpi=dpi, width_in=width_in, labels=labels)
