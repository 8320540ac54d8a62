"""Export: the chosen map(s) as files for Gephi, Kumu, Excel, or an offline map (thin page)."""
import streamlit as st

from weaving.core.errors import WeavingError
from weaving.ui.common import lang, page_start, sees_personal, show_error, tr
from weaving.ui.exporting import export_file
from weaving.ui.graphs import graph_or_stop
from weaving.ui.mapchoice import maps_or_stop

page_start("page.export.title", "page.export.intro")
chosen = maps_or_stop()

from weaving.i18n import catalogue  # noqa: E402
from weaving.interchange import ALL_FORMATS, MEDIA_TYPES  # noqa: E402

may_personal = sees_personal()   # contact persons: editors and admins only (the store enforces it)
G = graph_or_stop(chosen, include_personal=may_personal)

shown = {f: tr(f"page.export.fmt.{f}") if f"page.export.fmt.{f}" in catalogue() else f.upper() for f in ALL_FORMATS}
c1, c2 = st.columns([2, 3])
fmt = c1.radio(tr("page.export.format"), ALL_FORMATS, format_func=shown.get, key="export_fmt")
with c2:
    if may_personal:
        personal = st.checkbox(tr("page.export.personal"), value=False, key="export_personal",
                               help=tr("page.export.personal_help"))
    else:
        personal = False
        st.caption(tr("page.personal.export_note"))
    anonymise = st.checkbox(tr("page.export.anonymise"), value=False, key="export_anon",
                            help=tr("page.export.anonymise_help"))
    if personal:
        st.warning(tr("page.export.personal_warning") + " " + tr("page.personal.audited"), icon=":material/lock:")
    wanted = (tuple(chosen), fmt, personal, anonymise, lang())
    if st.button(tr("page.export.prepare"), type="primary", key="export_prepare", icon=":material/inventory_2:"):
        try:
            with st.spinner(tr("page.export.preparing")):
                data = export_file(chosen, fmt, personal=personal, anonymise=anonymise, lang=lang())
            st.session_state["_export"] = (wanted, data)
        except WeavingError as exc:
            show_error(exc)
    ready = st.session_state.get("_export")
    if ready and ready[0] == wanted:
        suffix, mime = MEDIA_TYPES.get(fmt, (".bin", "application/octet-stream"))
        name = "-".join(G.graph.get("name", "karta").replace("+", "").split()) or "karta"
        safe = "".join(ch for ch in name if ch.isalnum() or ch in "-_") or "karta"
        st.download_button(tr("page.export.download", size=f"{len(ready[1]) / 1024:.0f}"), ready[1],
                           file_name=f"{safe}{suffix}", mime=mime, key="export_download", icon=":material/download:")
