"""Framsteg: dated snapshots of a map, what changed between them, trends, and the one-page report."""
import streamlit as st

from weaving.core.errors import WeavingError
from weaving.progress.printing import browser_available, render_report_bytes
from weaving.progress.timeline import default_baseline, list_snapshots, point_now, progress_between, trend_rows
from weaving.ui.common import (
    bump,
    current_user,
    flash,
    get_store,
    lang,
    md_escape,
    nonce,
    open_uow,
    page_start,
    run_uow,
    show_error,
    tr,
)
from weaving.ui.mapchoice import maps_or_stop
from weaving.ui.survey import survey_progress
from weaving.ui.progress import (
    file_name,
    report_maker,
    show_comparison,
    snapshot_rows,
    snapshot_title,
    take_snapshot,
    trend_figures,
)

page_start("prog.page.title", "prog.page.intro")
chosen = maps_or_stop(multi=False, key="prog_map")

L = lang()
map_id = chosen[0]
with open_uow() as uow:
    map_name = uow.maps.get(map_id).name
    snaps = list_snapshots(uow, map_id)
    now = point_now(uow, map_id)

# -- take a snapshot -------------------------------------------------------------------------
with st.form(f"prog_take_form_{nonce('prog_take')}", border=True):
    st.markdown("**" + md_escape(tr("prog.page.take_heading")) + "**")
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    label = c1.text_input(tr("prog.page.label"), placeholder=tr("prog.page.label_placeholder"), max_chars=300,
                          key=f"prog_label_{nonce('prog_take')}")
    take = c2.form_submit_button(tr("prog.page.take_button"), icon=":material/photo_camera:", type="primary",
                                 help=tr("prog.page.take_help"), width="stretch")
if take:
    ok, snap = run_uow(lambda uow: take_snapshot(uow, map_id, label))
    if ok:
        flash(tr("prog.page.taken", label=md_escape(snap.label or snapshot_title(snap, L))))
        bump("prog_take")
        st.rerun()

survey_progress(map_id)   # response rate of the map's survey rounds, and who has not answered

if not snaps:
    st.info(tr("prog.page.empty"), icon=":material/photo_camera:")

tab_c, tab_t, tab_l, tab_r = st.tabs([tr("prog.page.tab_compare"), tr("prog.page.tab_trend"),
                                      tr("prog.page.tab_list", n=len(snaps)), tr("prog.page.tab_report")])

# -- compare -----------------------------------------------------------------------------------
with tab_c:
    if not snaps:
        st.caption(tr("prog.page.empty"))
    else:
        options = [s.id for s in snaps] + [None]
        shown = {s.id: snapshot_title(s, L) for s in snaps}
        shown[None] = tr("prog.now_long")
        c1, c2 = st.columns(2)
        before = c1.selectbox(tr("prog.page.from"), options, index=len(snaps) - 1, format_func=shown.get,
                              key="prog_from")
        after = c2.selectbox(tr("prog.page.to"), options, index=len(options) - 1, format_func=shown.get,
                             key="prog_to")
        if before == after:
            st.info(tr("prog.page.same"), icon=":material/compare_arrows:")
        else:
            try:
                with open_uow() as uow:
                    progress = progress_between(uow, map_id, before, after, now=now)
            except WeavingError as exc:
                show_error(exc)
            else:
                show_comparison(progress, L)

# -- trend -----------------------------------------------------------------------------------
with tab_t:
    with open_uow() as uow:
        rows = trend_rows(uow, map_id, now=now)
    if len(rows) < 2:
        st.info(tr("prog.page.trend_need"), icon=":material/show_chart:")
    else:
        st.caption(tr("prog.page.trend_help"))
        figs = trend_figures(rows, L)
        cfg = {"displayModeBar": False}
        c1, c2 = st.columns(2)
        c1.plotly_chart(figs["stage"], width="stretch", config=cfg, key="prog_chart_stage")
        c2.plotly_chart(figs["share"], width="stretch", config=cfg, key="prog_chart_share")
        c1.plotly_chart(figs["components"], width="stretch", config=cfg, key="prog_chart_components")
        c2.plotly_chart(figs["efficiency"], width="stretch", config=cfg, key="prog_chart_efficiency")
        st.plotly_chart(figs["links"], width="stretch", config=cfg, key="prog_chart_links")

# -- list ------------------------------------------------------------------------------------
with tab_l:
    if not snaps:
        st.caption(tr("prog.page.empty"))
    else:
        st.caption(tr("prog.page.list_help"))
        import pandas as pd

        st.dataframe(pd.DataFrame(snapshot_rows(snaps, L)), hide_index=True, width="stretch")

# -- report ----------------------------------------------------------------------------------
with tab_r:
    st.caption(tr("prog.page.report_intro"))
    if now.graph.number_of_nodes() == 0:
        st.info(tr("prog.page.no_actors_report"), icon=":material/edit:")
    langs = {"sv": "Svenska", "en": "English"}
    c1, c2 = st.columns(2)
    report_lang = c1.radio(tr("prog.page.report_lang"), list(langs), index=list(langs).index(L),
                           format_func=langs.get, horizontal=True, key="prog_report_lang")
    base = default_baseline(snaps)
    since_options = [s.id for s in snaps]
    since_shown = {s.id: snapshot_title(s, L) for s in snaps}
    since = None
    if since_options:
        since = c2.selectbox(tr("prog.page.report_since"), since_options, index=since_options.index(base.id),
                             format_func=since_shown.get, key="prog_since")
    make_html = report_maker(get_store(), current_user(), map_id, report_lang, since)
    b1, b2, b3 = st.columns(3)
    b1.download_button(tr("prog.page.dl_html"), data=lambda: make_html().encode("utf-8"),
                       file_name=file_name(map_name, report_lang, "html"), mime="text/html",
                       icon=":material/description:", on_click="ignore", key="prog_dl_html", width="stretch")
    if browser_available():
        b2.download_button(tr("prog.page.dl_pdf"), data=lambda: render_report_bytes(make_html(), "pdf"),
                           file_name=file_name(map_name, report_lang, "pdf"), mime="application/pdf",
                           icon=":material/picture_as_pdf:", on_click="ignore", key="prog_dl_pdf", width="stretch")
        b3.download_button(tr("prog.page.dl_png"), data=lambda: render_report_bytes(make_html(), "png"),
                           file_name=file_name(map_name, report_lang, "png"), mime="image/png",
                           icon=":material/image:", on_click="ignore", key="prog_dl_png", width="stretch")
    else:
        st.caption(tr("prog.page.no_browser"))
    if st.toggle(tr("prog.page.preview"), key="prog_preview"):
        import streamlit.components.v1 as components

        components.html(make_html(), height=1180, scrolling=True)
