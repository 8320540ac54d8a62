"""The one-page progress report of a map.

``collect_report(uow, map_id, ...) -> ReportData`` gathers everything the page shows;
``render_report_html(data, lang)`` makes one standalone A4 page (inline CSS from
``templates/report.css``, the map as a ``data:`` PNG, no script, no external request,
every user text escaped). ``weaving.progress.printing`` prints it to PDF or PNG.

The report's baseline ("since the last snapshot") is, unless chosen, the latest
snapshot taken before today, else the latest snapshot.
"""
from __future__ import annotations

import base64
import datetime as dt
import html as _html
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from weaving.core.names import name_key
from weaving.i18n import fmt_date, normalise_language, t
from weaving.progress.metrics import STAGES
from weaving.progress.picture import map_picture
from weaving.progress.timeline import (OPEN_STATUSES, IntroItem, Point, Progress, default_baseline, map_introductions,
                                       point_now, point_of, progress_between)
from weaving.progress.wording import (_diff, delta_tone, fmt_delta, fmt_metric, fmt_num, join_names, stage_headline,
                                      stage_sentences)

LIST_MAX = 6  # names listed per section of the one-page report before "+ N more"


@lru_cache(maxsize=1)
def report_css() -> str:
    return (Path(__file__).with_name("templates") / "report.css").read_text(encoding="utf-8")


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
            f'<title>{_e(title)}</title><style>{report_css()}</style></head>'
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
    found = {tuple(sorted((name_key(a), name_key(b)))) for a, b in d.found_each_other}
    other_links = [(a, b, k) for a, b, k in d.links_added if tuple(sorted((name_key(a), name_key(b)))) not in found]
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
