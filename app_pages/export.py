"""Export: the chosen map(s) as files for Gephi, Kumu, Excel, or an offline map (thin page)."""
import streamlit as st

from weaving.ui.common import choose_maps, lang, map_choices, no_maps_stop, show_flash, tr
from weaving.ui.graphs import load_graph, module_ready

st.title(tr("page.export.title"))
st.caption(tr("page.export.intro"))
show_flash()
if not map_choices():
    no_maps_stop()
chosen = choose_maps()
if not chosen:
    st.info(tr("page.common.choose_map"), icon=":material/arrow_back:")
    st.stop()
if not module_ready("weaving.interchange"):
    st.info(tr("page.export.coming"), icon=":material/hourglass_empty:")
    st.stop()

from weaving.i18n import catalogue  # noqa: E402
from weaving.interchange import FORMATS, MEDIA_TYPES, export_graph  # noqa: E402

G = load_graph(chosen, include_personal=True)
if G.number_of_nodes() == 0:
    st.info(tr("page.common.no_actors"), icon=":material/edit:")
    st.stop()

shown = {f: tr(f"page.export.fmt.{f}") if f"page.export.fmt.{f}" in catalogue() else f.upper() for f in FORMATS}
c1, c2 = st.columns([2, 3])
fmt = c1.radio(tr("page.export.format"), FORMATS, format_func=shown.get, key="export_fmt")
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
