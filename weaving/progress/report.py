"""Progress over time: snapshots compared, and the one-page progress report per map.

Pure Python, no Streamlit.  Three layers:

* **points in time** -- ``point_now(uow, map_id)`` (the map as it is) and
  ``point_of(uow, snapshot)`` (a stored snapshot); ``progress_between(uow, map_id,
  before, after)`` compares two of them (``weaving.progress.diff.compare``) and adds the
  introductions confirmed in between (``before`` date < confirmed_on <= ``after`` date);
* **words and numbers** -- ``change_sentences``, ``stage_sentences``, ``fmt_*``: plain
  words in Swedish or English (catalogue ``weaving/i18n/progress.json``), numbers and
  dates formatted per language (sv: "0,48", "12 %", "3 mars 2026");
* **the report** -- ``collect_report(uow, map_id, ...) -> ReportData`` and
  ``render_report_html(data, lang)``: one standalone A4 page (inline CSS, the map as a
  ``data:`` PNG, no script, no external request, every user text escaped);
  ``render_report_file(html, path)`` / ``render_report_bytes(html, fmt)`` print it to
  PDF or PNG with the headless Debian Chromium (Playwright, JavaScript off, every
  request except ``data:`` aborted).

The report's baseline ("since the last snapshot") is, unless chosen, the latest
snapshot taken before today, else the latest snapshot.
"""
from __future__ import annotations

import base64
import datetime as dt
import html as _html
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from weaving.i18n import fmt_date, fmt_number, fmt_percent, normalise_language, t
from weaving.progress.metrics import GOOD_DIRECTION, STAGES, snapshot_metrics
from weaving.progress.diff import SnapshotDiff, compare

CHROMIUM = os.environ.get("WEAVING_CHROMIUM", "/usr/bin/chromium")
CHROME_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
OPEN_STATUSES = ("suggested", "made")
LIST_MAX = 6  # names listed per section of the one-page report before "+ N more"


# ---------------------------------------------------------------------------
# formatting per language

# one implementation for the whole app: weaving.i18n
fmt_num, fmt_pct = fmt_number, fmt_percent


def fmt_delta(key: str, delta: Any, lang: str = "sv") -> str:
    """A signed change in the unit of the metric (percentage points for shares)."""
    if delta is None:
        return ""
    d = float(delta)
    if negligible(key, d):
        return t("prog.delta.same", lang)
    if key in ("weaver_share", "largest_share", "cut_off"):
        body = t("prog.unit.pp", lang, n=fmt_num(abs(100 * d), lang))
    elif key == "avg_path":
        body = fmt_num(abs(d), lang, 1)
    elif key in ("efficiency", "centralisation", "modularity", "density"):
        body = fmt_num(abs(d), lang, 2)
    else:
        body = fmt_num(abs(d), lang)
    return ("+" if d > 0 else "−") + body


def fmt_metric(key: str, value: Any, lang: str = "sv") -> str:
    if key in ("weaver_share", "largest_share", "cut_off"):
        return fmt_pct(value, lang)
    if key in ("efficiency", "centralisation", "modularity", "density"):
        return fmt_num(value, lang, 2)
    if key == "avg_path":
        return fmt_num(value, lang, 1)
    if key == "stage":
        return t(f"analysis.stage.{value}", lang) if value in STAGES else "–"
    return fmt_num(value, lang)


def negligible(key: str, delta: float) -> bool:
    """A change too small to show (below the precision the number is shown with)."""
    d = abs(float(delta))
    if key in ("weaver_share", "largest_share", "cut_off"):
        return d < 0.005
    if key == "avg_path":
        return d < 0.05
    if key in ("efficiency", "centralisation", "modularity", "density"):
        return d < 0.005
    return d < 0.5


def delta_tone(key: str, delta: Any) -> str:
    """"good" / "bad" / "neutral" for a change, seen from a weaver who wants to step back."""
    if delta is None:
        return "neutral"
    sign = GOOD_DIRECTION.get(key, 0)
    if sign == 0 or negligible(key, delta):
        return "neutral"
    return "good" if float(delta) * sign > 0 else "bad"


def join_names(names: Sequence[str], lang: str = "sv") -> str:
    items = [str(n) for n in names]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("prog.and", lang) + items[-1]


# ---------------------------------------------------------------------------
# points in time

@dataclass(frozen=True)
class Point:
    """A picture of the map: a stored snapshot (``snapshot_id``) or the map now (None)."""
    snapshot_id: int | None
    label: str
    taken_at: dt.datetime
    graph: nx.Graph
    metrics: dict

    @property
    def day(self) -> dt.date:
        return self.taken_at.date()

    def title(self, lang: str = "sv") -> str:
        if self.snapshot_id is None:
            return t("prog.now", lang)
        return self.label or t("prog.snapshot_no_label", lang, date=fmt_date(self.taken_at, lang))


@dataclass(frozen=True)
class IntroItem:
    a: str
    b: str
    status: str
    level: str
    day: dt.date | None       # confirmed_on for confirmed, else made_on / suggested_on
    reason: str = ""


@dataclass(frozen=True)
class Progress:
    before: Point
    after: Point
    diff: SnapshotDiff
    confirmed: list[IntroItem] = field(default_factory=list)

    @property
    def deltas(self) -> dict[str, float]:
        return self.diff.metric_deltas


def point_now(uow, map_id: int, *, weaver: Any = None, seed: int = 0, at: dt.datetime | None = None) -> Point:
    from weaving.store.bridge import graph_from_maps

    G = graph_from_maps(uow, [map_id])
    return Point(None, "", at or dt.datetime.now(), G, snapshot_metrics(G, weaver=weaver, seed=seed))


def point_of(uow, snap) -> Point:
    """A stored snapshot as a Point (metrics computed if the snapshot has none)."""
    from networkx.readwrite import json_graph

    G = json_graph.node_link_graph(snap.graph, edges="links")
    metrics = dict(snap.metrics or {})
    if "stage" not in metrics:
        metrics = snapshot_metrics(G)
    return Point(snap.id, snap.label or "", snap.taken_at, G, metrics)


def map_introductions(uow, map_id: int, extra_actor_ids: Iterable[int] = ()) -> list[IntroItem]:
    """Introductions between actors of the map (whichever map they were recorded on)."""
    m = uow.maps.get(map_id)
    ids = {a.id for a in m.actors} | set(extra_actor_ids)
    out = []
    for i in uow.introductions.list():
        if (i.actor_a_id in ids and i.actor_b_id in ids) or i.map_id == map_id:
            day = i.confirmed_on if i.status == "confirmed" else (
                i.declined_on if i.status == "declined" else (i.made_on or i.suggested_on))
            out.append(IntroItem(i.actor_a.name, i.actor_b.name, i.status, i.level, day, i.reason or ""))
    return out


def confirmed_between(items: Iterable[IntroItem], start: dt.date | None, end: dt.date) -> list[IntroItem]:
    """Confirmed introductions with start < day <= end (start None: everything up to end)."""
    return sorted((i for i in items if i.status == "confirmed" and i.day is not None
                   and (start is None or i.day > start) and i.day <= end), key=lambda i: (i.day, i.a, i.b))


def progress_between(uow, map_id: int, before: int | None, after: int | None, *,
                     weaver: Any = None, now: Point | None = None) -> Progress:
    """Compare two snapshots of a map (ids; None = the map now)."""
    def load(ref):
        if ref is None:
            return now or point_now(uow, map_id, weaver=weaver)
        snap = uow.snapshots.get(int(ref))
        if snap.map_id != map_id:
            from weaving.core.errors import NotFoundError
            raise NotFoundError("error.map_not_found", name=f"#{ref}")
        return point_of(uow, snap)

    b, a = load(before), load(after)
    if b.taken_at > a.taken_at:
        b, a = a, b
    diff = compare(b.graph, a.graph, metrics_before=b.metrics, metrics_after=a.metrics)
    confirmed = confirmed_between(map_introductions(uow, map_id), b.day, a.day)
    return Progress(b, a, diff, confirmed)


@dataclass(frozen=True)
class SnapshotInfo:
    """A stored snapshot without its graph, safe to use after the unit of work has closed."""
    id: int
    label: str
    taken_at: dt.datetime
    metrics: dict


def list_snapshots(uow, map_id: int) -> list[SnapshotInfo]:
    return [SnapshotInfo(s.id, s.label or "", s.taken_at, dict(s.metrics or {})) for s in uow.snapshots.list(map_id)]


def default_baseline(snapshots: Sequence, today: dt.date | None = None):
    """The snapshot to report progress since: the latest taken before today, else the latest."""
    if not snapshots:
        return None
    today = today or dt.date.today()
    earlier = [s for s in snapshots if s.taken_at.date() < today]
    return (earlier or list(snapshots))[-1]


def trend_rows(uow, map_id: int, now: Point | None = None) -> list[dict[str, Any]]:
    """One row per snapshot (oldest first), plus ``now`` if given: date, title and metrics."""
    rows = []
    for s in uow.snapshots.list(map_id):
        m = dict(s.metrics or {})
        rows.append({"id": s.id, "label": s.label or "", "taken_at": s.taken_at, "metrics": m})
    if now is not None:
        rows.append({"id": None, "label": "", "taken_at": now.taken_at, "metrics": now.metrics})
    return rows


# ---------------------------------------------------------------------------
# plain words

def weaver_phrase(metrics: dict, lang: str = "sv") -> str:
    names = list(metrics.get("weavers") or [])
    if not names:
        return t("prog.the_weaver", lang)
    if len(names) <= 2:
        return join_names(names, lang)
    return t("prog.n_weavers", lang, n=len(names))


def stage_sentences(metrics: dict, lang: str = "sv") -> list[str]:
    """The evidence for the stage in plain words (from the stored metrics)."""
    if not metrics or not metrics.get("actors"):
        return [t("prog.ev.empty", lang)]
    out = []
    n, comps = metrics.get("actors", 0), metrics.get("components", 0)
    if not metrics.get("links"):
        return [t("prog.ev.no_links", lang, n=fmt_num(n, lang))]
    if comps <= 1:
        out.append(t("prog.ev.one_piece", lang, n=fmt_num(n, lang)))
    else:
        out.append(t("prog.ev.pieces", lang, n=fmt_num(comps, lang), pct=fmt_pct(metrics.get("largest_share"), lang)))
    has_weaver = bool(metrics.get("weavers"))
    if has_weaver:
        names = list(metrics.get("weavers") or [])
        if len(names) > 1:
            out.append(t("prog.ev.share_many", lang, n=fmt_num(len(names), lang),
                         pct=fmt_pct(metrics.get("weaver_share"), lang)))
        else:
            out.append(t("prog.ev.share", lang, weaver=weaver_phrase(metrics, lang),
                         pct=fmt_pct(metrics.get("weaver_share"), lang)))
        if metrics.get("cut_off", 0) and metrics.get("cut_off", 0) > 0:
            out.append(t("prog.ev.split", lang, n=fmt_num(metrics.get("components_without_weaver"), lang),
                         pct=fmt_pct(metrics.get("cut_off"), lang)))
        else:
            out.append(t("prog.ev.survives", lang))
        dep = metrics.get("dependent", 0)
        out.append(t("prog.ev.dependent", lang, n=fmt_num(dep, lang)) if dep else t("prog.ev.dependent_none", lang))
    if metrics.get("avg_path"):
        out.append(t("prog.ev.path", lang, steps=fmt_num(metrics.get("avg_path"), lang, 1)))
    hubs = metrics.get("core_hubs", 0)
    if hubs:
        out.append(t("prog.ev.hubs", lang, n=fmt_num(hubs, lang)))
    return out


def stage_headline(metrics: dict, lang: str = "sv") -> str:
    st = metrics.get("stage") if metrics else None
    if st not in STAGES:
        return t("prog.ev.empty", lang)
    means = t(f"analysis.stage.{st}_means", lang)
    return t("prog.stage_is", lang, stage=t(f"analysis.stage.{st}", lang), means=means)


def change_sentences(p: Progress, lang: str = "sv") -> list[str]:
    """What changed between two pictures, in a few plain sentences (numbers only, no names)."""
    d = p.diff
    out = []
    found = len(d.found_each_other)
    out.append(t("prog.ch.found", lang, n=fmt_num(found, lang)) if found else t("prog.ch.found_none", lang))
    added, ended = len(d.links_added), len(d.links_ended)
    if added or ended:
        out.append(t("prog.ch.links", lang, added=fmt_num(added, lang), ended=fmt_num(ended, lang)))
    else:
        out.append(t("prog.ch.links_none", lang))
    if d.actors_added:
        out.append(t("prog.ch.actors", lang, n=fmt_num(len(d.actors_added), lang)))
    if d.actors_removed:
        out.append(t("prog.ch.actors_removed", lang, n=fmt_num(len(d.actors_removed), lang)))
    if p.confirmed:
        out.append(t("prog.ch.confirmed", lang, n=fmt_num(len(p.confirmed), lang)))
    sb, sa = d.metrics_before.get("stage"), d.metrics_after.get("stage")
    if sb in STAGES and sa in STAGES:
        if sb == sa:
            out.append(t("prog.ch.stage_same", lang, stage=t(f"analysis.stage.{sa}", lang)))
        else:
            key = "prog.ch.stage_up" if STAGES.index(sa) > STAGES.index(sb) else "prog.ch.stage_down"
            out.append(t(key, lang, before=t(f"analysis.stage.{sb}", lang), after=t(f"analysis.stage.{sa}", lang)))
    wb, wa = d.metrics_before.get("weaver_share"), d.metrics_after.get("weaver_share")
    if isinstance(wb, (int, float)) and isinstance(wa, (int, float)) and d.metrics_after.get("weavers"):
        if abs(wa - wb) >= 0.005:
            key = "prog.ch.share_down" if wa < wb else "prog.ch.share_up"
            out.append(t(key, lang, before=fmt_pct(wb, lang), after=fmt_pct(wa, lang)))
    return out


METRIC_ROWS = ("actors", "links", "links_existing", "links_introduced", "links_desired", "links_ended",
               "weaver_share", "components", "components_without_weaver", "dependent", "efficiency", "avg_path",
               "centralisation", "clusters", "modularity", "core_hubs")


def metric_table(p: Progress, lang: str = "sv") -> list[dict[str, str]]:
    """Rows metric / before / after / change / tone for a table."""
    mb, ma = p.diff.metrics_before, p.diff.metrics_after
    rows = [{"key": "stage", "metric": t("prog.m.stage", lang), "before": fmt_metric("stage", mb.get("stage"), lang),
             "after": fmt_metric("stage", ma.get("stage"), lang), "change": "",
             "tone": delta_tone("stage_index", _diff(mb.get("stage_index"), ma.get("stage_index")))}]
    for key in METRIC_ROWS:
        delta = _diff(mb.get(key), ma.get(key))
        rows.append({"key": key, "metric": t(f"prog.m.{key}", lang), "before": fmt_metric(key, mb.get(key), lang),
                     "after": fmt_metric(key, ma.get(key), lang), "change": fmt_delta(key, delta, lang),
                     "tone": delta_tone(key, delta)})
    return rows


def _diff(before: Any, after: Any) -> float | None:
    ok = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)  # noqa: E731
    return float(after) - float(before) if ok(before) and ok(after) else None


# ---------------------------------------------------------------------------
# the report

@dataclass(frozen=True)
class ReportData:
    map_name: str
    today: dt.date
    now: Point
    baseline: Point | None
    progress: Progress | None
    open_intros: list[IntroItem]
    snapshots: int
    map_png: bytes | None = None
    map_legend: list[tuple[str, str]] = field(default_factory=list)


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

    from weaving.mapview import EDGE_STYLES, build_map_model

    model = build_map_model(G, lang=lang, color_by="sector", size_by="degree",
                            statuses=("existing", "introduced", "desired"))
    if model.empty:
        return None, []
    key = lambda x: str(x).strip().lower()  # noqa: E731
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


def collect_report(uow, map_id: int, *, lang: str = "sv", since: int | None = None, weaver: Any = None,
                   today: dt.date | None = None, with_map: bool = True) -> ReportData:
    """Everything the one-page report shows. ``since``: snapshot id of the baseline
    (default :func:`default_baseline`)."""
    lang = normalise_language(lang)
    m = uow.maps.get(map_id)
    now = point_now(uow, map_id, weaver=weaver)
    snaps = uow.snapshots.list(map_id)
    if since is not None:
        base_snap = uow.snapshots.get(int(since))
        if base_snap.map_id != map_id:
            from weaving.core.errors import NotFoundError
            raise NotFoundError("error.map_not_found", name=f"#{since}")
    else:
        base_snap = default_baseline(snaps, today)
    progress = baseline = None
    if base_snap is not None:
        baseline = point_of(uow, base_snap)
        progress = progress_between(uow, map_id, base_snap.id, None, now=now)
    intros = map_introductions(uow, map_id)
    open_intros = sorted((i for i in intros if i.status in OPEN_STATUSES),
                         key=lambda i: (i.status != "made", i.day or dt.date.min, i.a.lower()))
    png, legend = None, []
    if with_map and now.graph.number_of_nodes():
        png, legend = map_picture(now.graph, lang, found=progress.diff.found_each_other if progress else (),
                                  new_actors=progress.diff.actors_added if progress else ())
    return ReportData(m.name, today or dt.date.today(), now, baseline, progress, open_intros, len(snaps), png, legend)


def _e(text: Any) -> str:
    return _html.escape(str(text), quote=True)


def _more(items: list[str], lang: str, limit: int = LIST_MAX) -> tuple[list[str], str]:
    if len(items) <= limit:
        return items, ""
    return items[:limit], t("prog.more", lang, n=fmt_num(len(items) - limit, lang))


REPORT_CSS = """
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #e9edf2; color: #1d2733;
  font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", system-ui, sans-serif;
  font-size: 9pt; line-height: 1.36; }
.sheet { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 13mm 14mm 11mm; background: #fff;
  box-shadow: 0 2px 14px rgba(20, 40, 70, .18); display: flex; flex-direction: column; }
@media print { body { background: #fff; } .sheet { margin: 0; box-shadow: none; } }
header { display: flex; justify-content: space-between; align-items: flex-end; gap: 8mm;
  border-bottom: 2.2pt solid #17456e; padding-bottom: 3.2mm; }
.eyebrow { text-transform: uppercase; letter-spacing: .09em; font-size: 7.6pt; font-weight: 600; color: #4d6a85; }
h1 { font-size: 23pt; line-height: 1.08; margin: 1mm 0 1.2mm; color: #10253b; font-weight: 700;
  overflow-wrap: anywhere; }
.sub { color: #4a5866; font-size: 9pt; }
.sub b { color: #1d2733; font-weight: 600; }
.badge { text-align: center; min-width: 27mm; }
.badge .letter { display: inline-block; width: 16mm; height: 16mm; line-height: 16mm; border-radius: 50%;
  background: #17456e; color: #fff; font-size: 23pt; font-weight: 700; }
.badge .cap { display: block; font-size: 7.4pt; color: #4d6a85; margin-top: 1mm; text-transform: uppercase;
  letter-spacing: .06em; }
h2 { font-size: 8.4pt; text-transform: uppercase; letter-spacing: .08em; color: #17456e; margin: 0 0 1.8mm;
  font-weight: 700; }
section { margin-top: 4.2mm; }
.steps { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1.4mm; margin-bottom: 2.4mm; }
.step { border-radius: 1.4mm; padding: 1.6mm 2.4mm; font-size: 8.2pt; background: #eef2f6; color: #6a7b8c;
  border: .6pt solid #dbe3eb; }
.step.past { background: #dce8f3; color: #2d4f70; border-color: #c3d6e8; }
.step.current { background: #17456e; color: #fff; border-color: #17456e; font-weight: 600; }
.step .was { display: block; font-size: 7pt; font-weight: 400; opacity: .85; }
.stage-grid { display: grid; grid-template-columns: 1.45fr 1fr; gap: 6mm; }
.lead { font-size: 10.6pt; font-weight: 600; color: #10253b; margin: 0 0 1.4mm; }
ul { margin: 0; padding-left: 4.2mm; }
li { margin: .5mm 0; }
.next { align-self: start; background: #f3f7ee; border-left: 2.4pt solid #4f8a2b; padding: 2.2mm 3mm; border-radius: 0 1.4mm 1.4mm 0; }
.next h3, .box h3 { margin: 0 0 1mm; font-size: 8.2pt; text-transform: uppercase; letter-spacing: .06em; color: #3f6f22; }
.tiles { display: grid; grid-template-columns: repeat(6, 1fr); gap: 2mm; }
.tile { border: .6pt solid #d5dee7; border-radius: 1.6mm; padding: 2mm 2.2mm 1.8mm; }
.tile .v { font-size: 15.5pt; font-weight: 700; color: #10253b; line-height: 1.1; }
.tile .k { font-size: 7.6pt; color: #4a5866; line-height: 1.25; margin-top: .6mm; min-height: 6mm; }
.tile .d { font-size: 7.6pt; margin-top: .8mm; font-weight: 600; }
.good { color: #1b7a43; } .bad { color: #b3261e; } .neutral { color: #6a7b8c; }
.two { display: grid; grid-template-columns: 1.4fr 1fr; gap: 5mm; }
figure { margin: 0; border: .6pt solid #d5dee7; border-radius: 1.6mm; padding: 1.5mm; text-align: center; }
figure img { max-width: 100%; max-height: 92mm; display: block; margin: 0 auto; }
figcaption { font-size: 7pt; color: #4a5866; margin-top: 1mm; text-align: left; line-height: 1.5;
  border-top: .5pt solid #e4e9ef; padding: 1.2mm 1mm 0; }
.lg { display: inline-block; margin-right: 3mm; white-space: nowrap; }
.lg i { display: inline-block; vertical-align: middle; margin-right: 1mm; font-style: normal; }
.lg .dot { width: 2.2mm; height: 2.2mm; border-radius: 50%; }
.lg .star { font-size: 8.5pt; line-height: 1; color: #1d2733; }
.lg .ln { width: 5mm; border-top: 1.2pt solid #4D4D4D; }
.lg .ln.intro { border-top: 1.4pt dotted #D55E00; }
.lg .ln.desired { border-top: 1.2pt dashed #0072B2; }
.lg .ln.found { border-top: 2pt solid #1b9e5a; }
.counts { display: grid; grid-template-columns: 1fr 1fr; gap: 1.6mm; margin-bottom: 2.4mm; }
.count { background: #f2f6fa; border-radius: 1.4mm; padding: 1.6mm 2.2mm; }
.count b { font-size: 13.5pt; color: #17456e; display: block; line-height: 1.1; }
.count span { font-size: 7.6pt; color: #4a5866; }
.box h3 { color: #17456e; margin-top: 2mm; }
.pairs li { overflow-wrap: anywhere; }
.muted { color: #6a7b8c; }
.empty { color: #4a5866; background: #f6f8fa; border-radius: 1.4mm; padding: 2.4mm 3mm; }
table { width: 100%; border-collapse: collapse; font-size: 8.6pt; }
th { text-align: left; font-size: 7.4pt; text-transform: uppercase; letter-spacing: .05em; color: #6a7b8c;
  font-weight: 600; border-bottom: .8pt solid #c9d4df; padding: .8mm 1.6mm .8mm 0; }
td { border-bottom: .5pt solid #e4e9ef; padding: 1mm 1.6mm 1mm 0; vertical-align: top; overflow-wrap: anywhere; }
.pill { display: inline-block; font-size: 7.2pt; padding: .2mm 1.6mm; border-radius: 3mm; background: #eef2f6;
  color: #33506b; white-space: nowrap; }
.pill.made { background: #fff3dc; color: #8a5a00; }
footer { margin-top: auto; padding-top: 3mm; border-top: .6pt solid #d5dee7; font-size: 7.2pt; color: #6a7b8c;
  display: flex; justify-content: space-between; gap: 6mm; }
"""

TILES = ("actors", "links", "weaver_share", "components_without_weaver", "dependent", "avg_path")


def render_report_html(data: ReportData, lang: str = "sv") -> str:
    """The one-page progress report as standalone HTML (see module doc)."""
    L = normalise_language(lang)
    now, p = data.now.metrics, data.progress
    before = p.diff.metrics_before if p else {}
    stage = now.get("stage") if now.get("actors") else None
    parts: list[str] = []

    # header ---------------------------------------------------------------
    sub = [f"<b>{_e(fmt_date(data.today, L))}</b>"]
    if data.baseline is not None:
        sub.append(_e(t("prog.r.compared", L, label=data.baseline.title(L), date=fmt_date(data.baseline.taken_at, L))))
    else:
        sub.append(_e(t("prog.r.first", L)))
    weavers = now.get("weavers") or []
    if weavers:
        shown, more = _more(list(weavers), L, 3)
        sub.append(_e(t("prog.r.weavers", L, names=join_names(shown, L) + (f" {more}" if more else ""))))
    badge = ""
    if stage:
        badge = (f'<div class="badge"><span class="letter">{_e(stage)}</span>'
                 f'<span class="cap">{_e(t("prog.r.stage_cap", L))}</span></div>')
    parts.append(
        f'<header><div><div class="eyebrow">{_e(t("prog.r.eyebrow", L))}</div>'
        f'<h1>{_e(data.map_name)}</h1><div class="sub">{" · ".join(sub)}</div></div>{badge}</header>')

    # stage ---------------------------------------------------------------------
    was = before.get("stage") if before else None
    steps = []
    for s in STAGES:
        cls = "current" if s == stage else ("past" if stage and s < stage else "")
        mark = f'<span class="was">{_e(t("prog.r.was", L))}</span>' if was == s and was != stage else ""
        steps.append(f'<div class="step {cls}">{_e(t(f"analysis.stage.{s}", L))}{mark}</div>')
    evidence = "".join(f"<li>{_e(x)}</li>" for x in stage_sentences(now, L))
    nxt = t(f"prog.next.{stage}", L) if stage else t("prog.next.empty", L)
    parts.append(
        f'<section><h2>{_e(t("prog.r.stage_heading", L))}</h2><div class="steps">{"".join(steps)}</div>'
        f'<div class="stage-grid"><div><p class="lead">{_e(stage_headline(now, L))}</p><ul>{evidence}</ul></div>'
        f'<div class="next"><h3>{_e(t("prog.r.next", L))}</h3>{_e(nxt)}</div></div></section>')

    # key numbers -----------------------------------------------------------------
    tiles = []
    for key in TILES:
        delta = _diff(before.get(key), now.get(key)) if p else None
        d_html = ""
        if p:
            txt = fmt_delta(key, delta, L) if delta is not None else "–"
            d_html = f'<div class="d {delta_tone(key, delta)}">{_e(txt)}</div>'
        tiles.append(f'<div class="tile"><div class="v">{_e(fmt_metric(key, now.get(key), L))}</div>'
                     f'<div class="k">{_e(t(f"prog.tile.{key}", L))}</div>{d_html}</div>')
    since = (t("prog.r.numbers_since", L, date=fmt_date(data.baseline.taken_at, L)) if data.baseline
             else t("prog.r.numbers", L))
    parts.append(f'<section><h2>{_e(since)}</h2><div class="tiles">{"".join(tiles)}</div></section>')

    # map + changes ----------------------------------------------------------------
    if data.map_png:
        src = "data:image/png;base64," + base64.b64encode(data.map_png).decode("ascii")
        fig = (f'<figure><img alt="{_e(t("prog.r.map_alt", L, name=data.map_name))}" src="{src}">'
               f'<figcaption>{_legend_html(data, L)}</figcaption></figure>')
    else:
        fig = f'<div class="empty">{_e(t("prog.r.no_map", L))}</div>'
    parts.append(f'<section class="two"><div><h2>{_e(t("prog.r.map_heading", L))}</h2>{fig}</div>'
                 f'<div><h2>{_e(t("prog.r.changes_heading", L))}</h2>{_changes_html(data, L)}</div></section>')

    # open introductions ---------------------------------------------------------------
    parts.append(f'<section><h2>{_e(t("prog.r.open_heading", L, n=fmt_num(len(data.open_intros), L)))}</h2>'
                 f'{_open_html(data.open_intros, L)}</section>')

    parts.append(f'<footer><span>{_e(t("prog.r.footer_method", L))}</span>'
                 f'<span>{_e(t("prog.r.footer_made", L, date=fmt_date(data.today, L), n=fmt_num(data.snapshots, L)))}'
                 f'</span></footer>')
    title = t("prog.r.title", L, name=data.map_name, date=fmt_date(data.today, L))
    return (f'<!DOCTYPE html>\n<html lang="{L}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            f'style-src \'unsafe-inline\'">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)}</title><style>{REPORT_CSS}</style></head>'
            f'<body><main class="sheet">{"".join(parts)}</main></body></html>\n')


def _legend_html(data: ReportData, L: str) -> str:
    items = [f'<span class="lg"><i class="dot" style="background:{_e(c)}"></i>{_e(label)}</span>'
             for label, c in data.map_legend if str(c).startswith("#")]
    items.append(f'<span class="lg"><i class="star">★</i>{_e(t("prog.r.lg_weaver", L))}</span>')
    items.append(f'<span class="lg"><i class="ln"></i>{_e(t("prog.r.lg_existing", L))}</span>')
    items.append(f'<span class="lg"><i class="ln intro"></i>{_e(t("prog.r.lg_introduced", L))}</span>')
    items.append(f'<span class="lg"><i class="ln desired"></i>{_e(t("prog.r.lg_desired", L))}</span>')
    if data.progress and (data.progress.diff.found_each_other or data.progress.diff.actors_added):
        items.append(f'<span class="lg"><i class="ln found"></i>{_e(t("prog.r.lg_found", L))}</span>')
    return "".join(items)


def _changes_html(data: ReportData, L: str) -> str:
    p = data.progress
    if p is None:
        return f'<div class="empty">{_e(t("prog.r.no_baseline", L))}</div>'
    d = p.diff
    counts = [(len(d.found_each_other), "prog.r.c_found"), (len(d.links_added), "prog.r.c_links"),
              (len(d.actors_added), "prog.r.c_actors"), (len(p.confirmed), "prog.r.c_confirmed")]
    out = ['<div class="counts">' + "".join(
        f'<div class="count"><b>{_e(fmt_num(n, L))}</b><span>{_e(t(k, L))}</span></div>' for n, k in counts) + "</div>"]
    out.append('<div class="box">')
    if d.found_each_other:
        items, more = _more([f"{a} ↔ {b}" for a, b in d.found_each_other], L)
        out.append(f'<h3>{_e(t("prog.r.found_heading", L))}</h3><ul class="pairs">'
                   + "".join(f"<li>{_e(x)}</li>" for x in items)
                   + (f'<li class="muted">{_e(more)}</li>' if more else "") + "</ul>")
    found = {tuple(sorted((a.lower(), b.lower()))) for a, b in d.found_each_other}
    other_links = [(a, b, k) for a, b, k in d.links_added if tuple(sorted((a.lower(), b.lower()))) not in found]
    if other_links:
        items, more = _more([f"{a} ↔ {b} ({t('kind.' + k, L) if k else ''})".replace(" ()", "")
                             for a, b, k in other_links], L, 4)
        out.append(f'<h3>{_e(t("prog.r.links_heading", L))}</h3><ul class="pairs">'
                   + "".join(f"<li>{_e(x)}</li>" for x in items)
                   + (f'<li class="muted">{_e(more)}</li>' if more else "") + "</ul>")
    if d.actors_added:
        items, more = _more(list(d.actors_added), L, 8)
        out.append(f'<h3>{_e(t("prog.r.actors_heading", L))}</h3><p style="margin:0">'
                   + _e(join_names(items, L)) + (f' <span class="muted">{_e(more)}</span>' if more else "") + "</p>")
    if d.links_ended:
        out.append(f'<h3>{_e(t("prog.r.ended_heading", L))}</h3><p style="margin:0" class="muted">'
                   + _e(t("prog.r.ended", L, n=fmt_num(len(d.links_ended), L))) + "</p>")
    if not (d.found_each_other or d.links_added or d.actors_added or d.links_ended or p.confirmed):
        out.append(f'<div class="empty">{_e(t("prog.r.nothing_changed", L))}</div>')
    out.append("</div>")
    return "".join(out)


def _open_html(items: list[IntroItem], L: str) -> str:
    if not items:
        return f'<div class="empty">{_e(t("prog.r.no_open", L))}</div>'
    shown, more = _more(items, L, 5)
    rows = []
    for i in shown:
        level = t(f"level.{i.level}", L) if i.level else ""
        rows.append(f'<tr><td>{_e(i.a)} ↔ {_e(i.b)}</td><td><span class="pill {_e(i.status)}">'
                    f'{_e(t("intro." + i.status, L))}</span></td><td>{_e(level)}</td>'
                    f'<td>{_e(fmt_date(i.day, L))}</td></tr>')
    if more:
        rows.append(f'<tr><td colspan="4" class="muted">{_e(more)}</td></tr>')
    return (f'<table><thead><tr><th>{_e(t("prog.col.pair", L))}</th><th>{_e(t("prog.col.status", L))}</th>'
            f'<th>{_e(t("prog.col.level", L))}</th><th>{_e(t("prog.col.since", L))}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


# ---------------------------------------------------------------------------
# PDF / PNG with headless Chromium

def browser_available() -> bool:
    """True when the Debian chromium and Playwright are installed (PDF/PNG possible)."""
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _print(html: str, fmt: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        try:
            # A4 at 96 dpi; no JavaScript; nothing but data: URLs may load
            ctx = browser.new_context(viewport={"width": 794, "height": 1123}, java_script_enabled=False,
                                      device_scale_factor=2 if fmt == "png" else 1, offline=True)
            page = ctx.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("data:", "about:"))
                       else route.abort())
            page.set_content(html, wait_until="load")
            if fmt == "pdf":
                page.emulate_media(media="print")
                height = page.locator(".sheet").bounding_box()["height"] if page.locator(".sheet").count() else 1123
                scale = max(0.5, min(1.0, 1122 / max(height, 1)))
                fits = height * scale <= 1123
                return page.pdf(format="A4", print_background=True, scale=scale, page_ranges="1" if fits else "",
                                margin={"top": "0", "bottom": "0", "left": "0", "right": "0"})
            page.emulate_media(media="print")
            sheet = page.locator(".sheet")
            if sheet.count():
                return sheet.screenshot(type="png")
            return page.screenshot(type="png", full_page=True)
        finally:
            browser.close()


def render_report_bytes(html: str, fmt: str) -> bytes:
    """PDF (A4, one page) or PNG of the report HTML via headless Chromium.  Runs in a
    worker thread, so it also works where an asyncio loop is running."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in ("pdf", "png"):
        from weaving.core.errors import ValidationError
        raise ValidationError("error.bad_value", field="format", value=fmt[:20])
    if not browser_available():
        from weaving.core.errors import WeavingError
        raise WeavingError("prog.error.no_browser")
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html, fmt).result(timeout=120)


def render_report_file(html: str, path: str | Path) -> Path:
    """Write the report to ``path``: .html as is, .pdf / .png printed by Chromium."""
    path = Path(path)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".html", ".htm"):
        path.write_text(html, encoding="utf-8")
    else:
        path.write_bytes(render_report_bytes(html, suffix))
    return path
