"""Helpers for the progress page: snapshots, comparison, trend charts, report downloads."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from weaving.i18n import fmt_date, t
from weaving.progress.metrics import STAGES
from weaving.progress.timeline import Progress
from weaving.progress.wording import change_sentences, fmt_delta, fmt_metric, fmt_num, metric_table, negligible
from weaving.core.schema import LINK_STATUSES
from weaving.ui.charts import plot_text
from weaving.ui.common import md_escape

STATUS_COLOURS = {"existing": "#4D4D4D", "introduced": "#D55E00", "desired": "#0072B2", "ended": "#AAAAAA"}


def snapshot_title(s, lang: str) -> str:
    """'3 mars 2026 · Start' for a stored snapshot."""
    day = fmt_date(s.taken_at, lang)
    return f"{day} · {s.label}" if s.label else day


def take_snapshot(uow, map_id: int, label: str):
    from weaving.progress.metrics import snapshot_metrics
    from weaving.store.bridge import graph_from_maps

    G = graph_from_maps(uow, [map_id])
    return uow.snapshots.take(map_id, label, metrics={**snapshot_metrics(G), **uow.surveys.snapshot_figures(map_id)})


# -- comparison ---------------------------------------------------------------------------

def _table(rows: list[dict], empty: str) -> None:
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(empty)


def show_comparison(p: Progress, lang: str) -> None:
    L = lang
    d = p.diff
    st.markdown("#### " + md_escape(t("prog.page.compare_heading", L, before=_point_title(p.before, L),
                                      after=_point_title(p.after, L))))
    for line in change_sentences(p, L):
        st.markdown("- " + md_escape(line))

    mb, ma = d.metrics_before, d.metrics_after
    cols = st.columns(4)
    cols[0].metric(t("prog.r.c_found", L).capitalize(), fmt_num(len(d.found_each_other), L))
    for col, key in zip(cols[1:], ("weaver_share", "components_without_weaver", "dependent")):
        before, after = mb.get(key), ma.get(key)
        delta = None
        if isinstance(before, (int, float)) and isinstance(after, (int, float)) and not negligible(key, after - before):
            delta = fmt_delta(key, after - before, L).replace("−", "-")
        col.metric(t(f"prog.m.{key}", L), fmt_metric(key, after, L), delta=delta, delta_color="inverse")

    c1, c2 = st.columns(2)
    with c1:
        st.markdown("**" + md_escape(t("prog.page.found_heading", L, n=len(d.found_each_other))) + "**",
                    help=t("prog.page.found_help", L))
        _table([{t("prog.col.from", L): a, t("prog.col.to", L): b} for a, b in d.found_each_other],
               t("prog.page.none", L))
        st.markdown("**" + md_escape(t("prog.page.confirmed", L, n=len(p.confirmed))) + "**")
        _table([{t("prog.col.from", L): i.a, t("prog.col.to", L): i.b, t("prog.col.level", L): _vocab("level", i.level, L),
                 t("prog.col.date", L): fmt_date(i.day, L)} for i in p.confirmed], t("prog.page.none", L))
        st.markdown("**" + md_escape(t("prog.page.actors_added", L, n=len(d.actors_added))) + "**")
        _table([{t("prog.col.actor", L): a} for a in d.actors_added], t("prog.page.none", L))
    with c2:
        st.markdown("**" + md_escape(t("prog.page.links_added", L, n=len(d.links_added))) + "**")
        _table([{t("prog.col.from", L): a, t("prog.col.to", L): b, t("prog.col.kind", L): _vocab("kind", k, L)}
                for a, b, k in d.links_added], t("prog.page.none", L))
        st.markdown("**" + md_escape(t("prog.page.links_ended", L, n=len(d.links_ended))) + "**")
        _table([{t("prog.col.from", L): a, t("prog.col.to", L): b, t("prog.col.kind", L): _vocab("kind", k, L)}
                for a, b, k in d.links_ended], t("prog.page.none", L))
        if d.actors_removed:
            st.markdown("**" + md_escape(t("prog.page.actors_removed", L, n=len(d.actors_removed))) + "**")
            _table([{t("prog.col.actor", L): a} for a in d.actors_removed], t("prog.page.none", L))
    if d.status_changes:
        with st.expander(t("prog.page.status_changes", L, n=len(d.status_changes)), icon=":material/sync_alt:"):
            _table([{t("prog.col.from", L): a, t("prog.col.to", L): b, t("prog.col.kind", L): _vocab("kind", k, L),
                     t("prog.col.before", L): _vocab("status", s0, L), t("prog.col.after", L): _vocab("status", s1, L)}
                    for a, b, k, s0, s1 in d.status_changes], t("prog.page.none", L))
    st.markdown("**" + md_escape(t("prog.page.metrics_heading", L)) + "**")
    rows = metric_table(p, L)
    st.dataframe(pd.DataFrame([{t("prog.col.metric", L): r["metric"], t("prog.col.before", L): r["before"],
                                t("prog.col.after", L): r["after"], t("prog.col.change", L): r["change"]}
                               for r in rows]), hide_index=True, width="stretch", height=35 * (len(rows) + 1) + 3)


def _point_title(point, lang: str) -> str:
    if point.snapshot_id is None:
        return t("prog.now", lang).lower()
    return f"{point.title(lang)} ({fmt_date(point.taken_at, lang)})"


def _vocab(prefix: str, value: Any, lang: str) -> str:
    from weaving.i18n import catalogue

    key = f"{prefix}.{value}"
    return t(key, lang) if key in catalogue() else str(value or "")


# -- trend charts ---------------------------------------------------------------------------

def _layout(fig: go.Figure, title: str, height: int = 260) -> go.Figure:
    fig.update_layout(title=dict(text=plot_text(title, 80), font=dict(size=14)), height=height,
                      margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="rgba(0,0,0,0)",
                      legend=dict(orientation="h", x=1, xanchor="right", y=1.02, yanchor="bottom"))
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#e6ebf0", rangemode="tozero")
    return fig


def _ticks(figs: dict[str, go.Figure], xs: list[int], ticks: list[str], lang: str) -> None:
    for fig in figs.values():
        fig.update_layout(separators=",\u00a0" if lang == "sv" else ".,")   # decimal mark, thousands
        fig.update_xaxes(tickmode="array", tickvals=xs, ticktext=ticks, range=[-0.4, len(xs) - 0.6])


def trend_figures(rows: list[dict], lang: str) -> dict[str, go.Figure]:
    """Stage, weaver share, parts, efficiency and links by status over all snapshots (and now)."""
    L = lang
    xs = list(range(len(rows)))               # evenly spaced, labelled with dates in the page's language
    names = [plot_text(r["label"] or (t("prog.now", L) if r["id"] is None else fmt_date(r["taken_at"], L)), 40)
             for r in rows]
    ticks = [(plot_text(t("prog.now", L)) if r["id"] is None else plot_text(fmt_date(r["taken_at"], L)))
             + (f"<br>{plot_text(r['label'], 24)}" if r["label"] else "") for r in rows]
    m = [r["metrics"] for r in rows]
    hover = "%{customdata}<br>%{y}<extra></extra>"
    marker = dict(size=[12 if r["id"] is None else 9 for r in rows],
                  symbol=["diamond" if r["id"] is None else "circle" for r in rows])
    figs: dict[str, go.Figure] = {}

    stage_y = [STAGES.index(x["stage"]) if x.get("stage") in STAGES else None for x in m]
    fig = go.Figure(go.Scatter(x=xs, y=stage_y, mode="lines+markers", line=dict(shape="hv", color="#17456e", width=3),
                               marker=marker, customdata=[f"{n}: {plot_text(fmt_metric('stage', x.get('stage'), L))}"
                                                          for n, x in zip(names, m)],
                               hovertemplate="%{customdata}<extra></extra>"))
    fig.update_yaxes(tickvals=list(range(4)), ticktext=[plot_text(t(f"analysis.stage.{s}", L), 30) for s in STAGES],
                     range=[-0.3, 3.3])
    figs["stage"] = _layout(fig, t("prog.chart.stage", L))

    share = [round(100 * x["weaver_share"]) if isinstance(x.get("weaver_share"), (int, float)) else None for x in m]
    fig = go.Figure(go.Scatter(x=xs, y=share, mode="lines+markers", line=dict(color="#b3261e", width=3), marker=marker,
                               customdata=names, hovertemplate="%{customdata}<br>%{y} %<extra></extra>"))
    fig.update_yaxes(ticksuffix=" %", range=[0, 100])
    figs["share"] = _layout(fig, t("prog.chart.share", L))

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=[x.get("components") for x in m], mode="lines+markers", marker=marker,
                             name=plot_text(t("prog.chart.with_weaver", L)), line=dict(color="#17456e", width=3),
                             customdata=names, hovertemplate=hover))
    fig.add_trace(go.Scatter(x=xs, y=[x.get("components_without_weaver") for x in m], mode="lines+markers",
                             marker=marker, name=plot_text(t("prog.chart.without_weaver", L)),
                             line=dict(color="#ef8a17", width=3, dash="dot"), customdata=names, hovertemplate=hover))
    fig.update_yaxes(dtick=1)
    figs["components"] = _layout(fig, t("prog.chart.components", L))

    fig = go.Figure(go.Scatter(x=xs, y=[x.get("efficiency") for x in m], mode="lines+markers", marker=marker,
                               line=dict(color="#1b7a43", width=3), customdata=names, hovertemplate=hover))
    fig.update_yaxes(range=[0, 1])
    figs["efficiency"] = _layout(fig, t("prog.chart.efficiency", L))

    fig = go.Figure()
    for s in LINK_STATUSES:
        ys = [(x.get("links_by_status") or {}).get(s, x.get(f"links_{s}", 0)) for x in m]
        fig.add_trace(go.Bar(x=xs, y=ys, customdata=names, name=plot_text(t(f"status.{s}", L)),
                             marker_color=STATUS_COLOURS[s], hovertemplate=hover))
    fig.update_layout(barmode="stack")
    figs["links"] = _layout(fig, t("prog.chart.links", L), 300)
    _ticks(figs, xs, ticks, L)
    return figs


def snapshot_rows(snaps, lang: str) -> list[dict]:
    out = []
    with_survey = any("survey" in (s.metrics or {}) for s in snaps)
    for s in reversed(snaps):
        m = s.metrics or {}
        out.append({t("prog.col.date", lang): fmt_date(s.taken_at, lang), t("prog.col.label", lang): s.label or "",
                    t("prog.col.stage", lang): fmt_metric("stage", m.get("stage"), lang),
                    t("prog.col.actors", lang): fmt_metric("actors", m.get("actors"), lang),
                    t("prog.col.links", lang): fmt_metric("links", m.get("links"), lang),
                    t("prog.col.share", lang): fmt_metric("weaver_share", m.get("weaver_share"), lang)})
        if with_survey:   # the survey's response rate when it was taken
            survey = m.get("survey") or {}
            out[-1][t("survey.col.rate", lang)] = t("survey.rate", lang, answered=survey.get("answered", 0),
                                                    invited=survey["invited"]) if survey.get("invited") else "–"
    return out


# -- report downloads -------------------------------------------------------------------------

def report_maker(store, user: str, map_id: int, lang: str, since: int | None):
    """A callable that builds the report HTML when a download button is clicked
    (runs outside the script thread: no Streamlit calls inside)."""
    cache: dict[str, str] = {}

    def html() -> str:
        if "html" not in cache:
            from weaving.progress.report import collect_report, render_report_html

            with store.uow(user=user) as uow:
                data = collect_report(uow, map_id, lang=lang, since=since)
            cache["html"] = render_report_html(data, lang)
        return cache["html"]

    return html


def file_name(map_name: str, lang: str, suffix: str, today: dt.date | None = None) -> str:
    import re

    safe = re.sub(r"[^\w-]+", "-", map_name, flags=re.UNICODE).strip("-")[:60] or "map"
    return f"{t('prog.page.file_name', lang)}-{safe}-{(today or dt.date.today()).isoformat()}.{suffix}"
