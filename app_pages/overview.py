"""Overview: the maps and their actors (thin page: data comes from the store)."""
import streamlit as st

from weaving.ui.common import load_demo_maps, md_escape, open_uow, page_start, tr, vocab
from weaving.ui.mapchoice import choose_maps

page_start("ui.app_title")
st.write(tr("ui.overview.intro"))

with open_uow() as uow:
    maps = uow.maps.list()
    counts = uow.maps.counts()
    rows = [
        {tr("ui.col.map"): m.name, tr("ui.col.area"): m.area, tr("ui.col.actors"): counts[m.id]["actors"],
         tr("ui.col.links_active"): counts[m.id]["existing"] + counts[m.id]["introduced"],
         tr("ui.col.links_desired"): counts[m.id]["desired"]}
        for m in maps
    ]

if not rows:
    st.info(tr("ui.overview.empty"), icon=":material/explore:")
    if st.button(tr("ui.overview.load_demo"), type="primary", key="load_demo"):
        with st.spinner():
            made = load_demo_maps()
        st.success(tr("ui.overview.demo_loaded", maps=int(made["maps"]), actors=int(made["actors"])))
        st.rerun()
    st.stop()

st.subheader(tr("ui.overview.maps_heading"))
st.dataframe(rows, hide_index=True, width="stretch")

chosen = choose_maps()
if chosen:
    with open_uow() as uow:
        names = ", ".join(uow.maps.get(i).name for i in chosen)
        actors = [
            {tr("ui.col.name"): a.name, tr("ui.col.type"): vocab("type", a.type),
             tr("ui.col.sector"): vocab("sector", a.sector), tr("ui.col.themes"): ", ".join(a.themes),
             tr("ui.col.target_groups"): ", ".join(a.target_groups), tr("ui.col.weaver"): a.is_weaver}
            for a in uow.actors.list(chosen)
        ]
    st.subheader(tr("ui.overview.actors_heading", map=md_escape(names)))
    st.dataframe(actors, hide_index=True, width="stretch")
st.caption(tr("ui.fictional_notice"))
