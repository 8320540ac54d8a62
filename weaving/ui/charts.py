"""Plotly figures for the analysis and introduction pages (data in, figure out).

Every user-supplied label goes through :func:`plot_text`, because Plotly renders a
small HTML subset (<b>, <a href>, <br>) inside chart text.
"""
from __future__ import annotations

import html
from collections import Counter
from typing import Any

import plotly.graph_objects as go

STAGES = ("a", "b", "c", "d")
ROLE_COLOURS = {
    "isolated": "#9e9e9e", "newcomer": "#26a69a", "gatekeeper": "#ef5350", "broker": "#ffa726",
    "hub": "#5c6bc0", "peripheral": "#bdbdbd", "member": "#78909c",
}


def plot_text(text: Any, limit: int = 60) -> str:
    s = str(text)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return html.escape(s, quote=True)


def _layout(fig: go.Figure, height: int = 360) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), showlegend=False,
                      plot_bgcolor="rgba(0,0,0,0)")
    return fig


def stage_figure(current: str, labels: dict[str, str]) -> go.Figure:
    """Four steps a-d, the current one highlighted."""
    colours = ["#1565c0" if s == current else "#e0e6ef" for s in STAGES]
    text_col = ["white" if s == current else "#37474f" for s in STAGES]
    fig = go.Figure(go.Bar(
        x=[1, 1, 1, 1], y=[plot_text(labels[s]) for s in STAGES], orientation="h", marker_color=colours,
        text=[plot_text(labels[s]) for s in STAGES], textposition="inside", insidetextanchor="middle",
        textfont=dict(color=text_col, size=15), hoverinfo="skip",
    ))
    fig.update_yaxes(visible=False, autorange="reversed")
    fig.update_xaxes(visible=False)
    return _layout(fig, 200)


def brokers_figure(actors: list, labels_by_role: dict[str, str], top: int = 12) -> go.Figure:
    """Horizontal bars: who carries most of the brokerage (betweenness), coloured by role."""
    ranked = sorted(actors, key=lambda a: -float(a.betweenness))[:top]
    ranked = [a for a in ranked if float(a.betweenness) > 0] or ranked[:top]
    fig = go.Figure(go.Bar(
        x=[round(float(a.betweenness), 3) for a in ranked], y=[plot_text(a.label, 40) for a in ranked],
        orientation="h", marker_color=[ROLE_COLOURS.get(a.role, "#78909c") for a in ranked],
        customdata=[plot_text(labels_by_role.get(a.role, a.role), 80) for a in ranked],
        hovertemplate="%{y}<br>%{x}<br>%{customdata}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, max(240, 28 * len(ranked) + 60))


def roles_figure(actors: list, labels_by_role: dict[str, str]) -> go.Figure:
    counts = Counter(a.role for a in actors)
    roles = [r for r in ROLE_COLOURS if counts.get(r)]
    fig = go.Figure(go.Pie(
        labels=[plot_text(labels_by_role.get(r, r).split(":")[0], 40) for r in roles],
        values=[counts[r] for r in roles], marker_colors=[ROLE_COLOURS[r] for r in roles], hole=0.45,
        textinfo="label+value", sort=False,
    ))
    return _layout(fig, 320)


def clusters_figure(clusters: list[tuple[str, int]]) -> go.Figure:
    fig = go.Figure(go.Bar(
        x=[n for _, n in clusters], y=[plot_text(name, 50) for name, _ in clusters], orientation="h",
        marker_color="#26a69a", hovertemplate="%{y}: %{x}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, max(200, 32 * len(clusters) + 60))


def plan_figure(steps: list[tuple[int, int, int]], y1: str, y2: str, x: str) -> go.Figure:
    """After each step: pieces the network falls into without the weaver, and actors tied only to the weaver."""
    xs = [s for s, _, _ in steps]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=[p for _, p, _ in steps], mode="lines+markers", name=plot_text(y1),
                             line=dict(color="#ef5350")))
    fig.add_trace(go.Scatter(x=xs, y=[d for _, _, d in steps], mode="lines+markers", name=plot_text(y2),
                             line=dict(color="#5c6bc0")))
    fig.update_xaxes(title=plot_text(x), dtick=1)
    fig.update_yaxes(rangemode="tozero")
    _layout(fig, 300)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.15))
    return fig
