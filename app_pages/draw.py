"""Rita en karta: draw the area's map on a canvas, guided by Lund's three questions
(thin page: weaving/ui/drawpage.py holds the parts). The map is in the URL (?map=...)."""
import streamlit as st

from weaving.ui.common import counts_caption, map_choices, md_escape, open_uow, page_start, tr
from weaving.ui.drawpage import canvas_section, challenges_section, link_form, link_table, new_map_form, step_choice
from weaving.ui.mapchoice import choose_maps

page_start("page.draw.title", "page.draw.intro")
maps = map_choices()
new_map_form(expanded=not maps)
if not maps:
    st.info(tr("page.draw.no_maps"), icon=":material/explore:")
    st.stop()

chosen = choose_maps(multi=False, key="draw")
if not chosen:
    st.stop()
map_id = chosen[0]
with open_uow() as uow:
    map_name = uow.maps.get(map_id).name
    empty = not uow.actors.list([map_id])

st.subheader(tr("page.draw.map_heading", name=md_escape(map_name)))
st.caption(counts_caption([map_id]))
st.caption(tr("draw.shared_note"))
if empty:
    st.info(tr("page.draw.empty_map"), icon=":material/edit:")

step = step_choice()
st.markdown(f"#### {tr(f'page.draw.q{step}')}")
st.caption(tr("page.draw.q3_help") if step == 3 else tr(f"draw.step_hint_{step}"))

if step == 3:
    challenges_section(map_id)
    canvas_section(map_id, step)
else:
    canvas_section(map_id, step)
    with st.expander(tr("draw.form_fallback"), icon=":material/keyboard:"):
        st.caption(tr(f"page.draw.q{step}_help"))
        link_form(map_id, step)
    st.markdown(f"##### {tr('page.draw.existing_links' if step == 1 else 'page.draw.desired_links')}")
    link_table(map_id, ("existing", "introduced") if step == 1 else ("desired",))
