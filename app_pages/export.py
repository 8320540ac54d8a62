"""Export: the chosen map(s) as files for Gephi, Kumu, Excel, or an offline map (thin page)."""
import streamlit as st

from weaving.ui.common import lang, page_start, tr
from weaving.ui.graphs import graph_or_stop
from weaving.ui.mapchoice import maps_or_stop

page_start("page.export.title", "page.export.intro")
chosen = maps_or_stop()

from weaving.i18n import catalogue  # noqa: E402
from weaving.interchange import ALL_FORMATS, MEDIA_TYPES, export_graph  # noqa: E402

G = graph_or_stop(chosen, include_personal=True)

shown = {f: tr(f"page.export.fmt.{f}") if f"page.export.fmt.{f}" in catalogue() else f.upper() for f in ALL_FORMATS}
c1, c2 = st.columns([2, 3])
fmt = c1.radio(tr("page.export.format"), ALL_FORMATS, format_func=shown.get, key="export_fmt")
with c2:
    personal = st.checkbox(tr("page.export.personal"), value=False, key="export_personal",
                           help=tr("page.export.personal_help"))
    anonymise = st.checkbox(tr("page.export.anonymise"), value=False, key="export_anon",
                            help=tr("page.export.anonymise_help"))
    if personal:
        st.warning(tr("page.export.personal_warning"), icon=":material/lock:")
    wanted = (tuple(chosen), fmt, personal, anonymise, lang())
    if st.button(tr("page.export.prepare"), type="primary", key="export_prepare", icon=":material/inventory_2:"):
        with st.spinner(tr("page.export.preparing")):
            data = export_graph(G, fmt, include_personal=personal, anonymise=anonymise, lang=lang())
        st.session_state["_export"] = (wanted, data)
    ready = st.session_state.get("_export")
    if ready and ready[0] == wanted:
        suffix, mime = MEDIA_TYPES.get(fmt, (".bin", "application/octet-stream"))
        name = "-".join(G.graph.get("name", "karta").replace("+", "").split()) or "karta"
        safe = "".join(ch for ch in name if ch.isalnum() or ch in "-_") or "karta"
        st.download_button(tr("page.export.download", size=f"{len(ready[1]) / 1024:.0f}"), ready[1],
                           file_name=f"{safe}{suffix}", mime=mime, key="export_download", icon=":material/download:")
