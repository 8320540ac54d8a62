"""Karta: the interactive network map of the chosen map(s) (thin page)."""
import streamlit as st

from weaving.core.schema import LINK_STATUSES
from weaving.ui.common import counts_caption, labels_for, lang, page_start, tr
from weaving.ui.graphs import analysis_of, attr_values, graph_or_stop, node_labels
from weaving.ui.isolated import isolated_html
from weaving.ui.mapchoice import maps_or_stop
from weaving.ui.survey import survey_confirmations

page_start("page.map.title")
chosen = maps_or_stop()

G = graph_or_stop(chosen)
st.caption(counts_caption(chosen))

from weaving.mapview import render_map_html  # noqa: E402 - only once it exists

labels = node_labels(G)
COLOR_BY = ("cluster", "sector", "area", "type")
SIZE_BY = ("degree", "betweenness")
color_labels = {c: tr(f"page.map.color.{c}") for c in COLOR_BY}
size_labels = {s: tr(f"page.map.size.{s}") for s in SIZE_BY}

with st.expander(tr("page.map.controls"), expanded=True, icon=":material/tune:"):
    c1, c2, c3 = st.columns([3, 2, 3])
    color_by = c1.segmented_control(tr("page.map.color_by"), COLOR_BY, default="cluster",
                                    format_func=color_labels.get, key="map_color") or "cluster"
    size_by = c2.segmented_control(tr("page.map.size_by"), SIZE_BY, default="degree",
                                   format_func=size_labels.get, key="map_size") or "degree"
    focus_options = sorted(labels, key=lambda n: labels[n].lower())
    f1, f2 = c3.columns([3, 1])
    focus = f1.selectbox(tr("page.map.focus"), focus_options, index=None, format_func=labels.get,
                         placeholder=tr("page.map.focus_placeholder"), key="map_focus",
                         help=tr("page.map.focus_help"))
    depth = f2.segmented_control(tr("page.map.depth"), (1, 2), default=1, key="map_depth",
                                 help=tr("page.map.depth_help")) or 1
    d1, d2, d3, d4 = st.columns(4)
    areas = d1.multiselect(tr("page.field.area"), attr_values(G, "area"), key="map_areas",
                           placeholder=tr("page.map.all"))
    types_present = attr_values(G, "type")
    types = d2.multiselect(tr("page.field.type"), types_present, key="map_types",
                           format_func=labels_for("type", types_present).get, placeholder=tr("page.map.all"))
    themes = d3.multiselect(tr("page.field.themes"), attr_values(G, "themes"), key="map_themes",
                            placeholder=tr("page.map.all"))
    statuses = d4.multiselect(tr("page.map.statuses"), LINK_STATUSES, default=["existing", "introduced", "desired"],
                              format_func=labels_for("status", LINK_STATUSES).get, key="map_statuses")

with st.spinner(tr("page.map.drawing")):
    analysis = analysis_of(G)
    clusters = dict(analysis.clusters.membership) if analysis is not None else None
    sizes = ({a.id: a.betweenness for a in analysis.brokers.actors}
             if analysis is not None and size_by == "betweenness" else None)
    html = render_map_html(
        G, lang=lang(), color_by=color_by, clusters=clusters, size_by=size_by,
        sizes=sizes, focus=focus, depth=int(depth), areas=areas or None, types=types or None,
        themes=themes or None, statuses=statuses or None, seed=0, height=640, title=G.graph.get("name"),
    )
isolated_html(html, height=720, title=tr("page.map.frame_title"), key="map_frame")
c1, c2 = st.columns([3, 1])
c1.caption(tr("page.map.hint"))
c2.download_button(tr("page.map.download"), html.encode("utf-8"), file_name="karta.html", mime="text/html",
                   icon=":material/download:", key="map_download")
survey_confirmations(chosen)   # links accepted from survey answers: confirmed by both sides or by one
