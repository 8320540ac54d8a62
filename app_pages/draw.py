"""Rita en karta: the three Lund questions, one area map at a time (thin page)."""
import pandas as pd
import streamlit as st

from weaving.ui.common import (bump, choose_maps, flash, get_store, map_choices, md_escape, nonce, open_uow, run_uow, show_flash,
                               tr, vocab)
from weaving.ui.drawing import (actor_picker, add_link, ensure_actor, home_actor, kind_select,
                                known_tags, strength_select, workspace_actors)

st.title(tr("page.draw.title"))
st.caption(tr("page.draw.intro"))
show_flash()

# -- a new map ---------------------------------------------------------------
maps = map_choices()
with st.expander(tr("page.draw.new_map"), expanded=not maps, icon=":material/add:"):
    with st.form(f"new_map_{nonce('new_map')}", border=False):
        c1, c2 = st.columns(2)
        m_name = c1.text_input(tr("page.field.map_name"), placeholder=tr("page.draw.map_name_placeholder"))
        m_area = c2.text_input(tr("page.field.area"), help=tr("page.draw.area_help"))
        m_desc = st.text_area(tr("page.field.description"), height=68)
        if st.form_submit_button(tr("page.draw.create_map"), type="primary"):
            ok, new_id = run_uow(lambda uow: uow.maps.create(m_name, area=m_area, description=m_desc).id)
            if ok:
                st.session_state["chosen_maps"] = [new_id]
                st.session_state.pop("draw_one", None)
                flash(tr("page.draw.map_created", name=md_escape(m_name.strip())))
                bump("new_map")
                st.rerun()

if not maps:
    st.info(tr("page.draw.no_maps"), icon=":material/explore:")
    st.stop()

map_id = choose_maps(multi=False, key="draw")[0]
store = get_store()
with open_uow() as uow:
    the_map = uow.maps.get(map_id)
    map_name = the_map.name
    actors = workspace_actors(uow)
    weavers = {a.id for a in uow.actors.list() if a.is_weaver}
    themes, groups = known_tags(uow, "themes"), known_tags(uow, "target_groups")
    names = {a[0]: a[1] for a in actors}
    links = [(l.source_id, l.target_id, l.kind, l.strength, l.status, [c.name for c in l.carried_by], l.purpose)
             for l in uow.links.list([map_id])]
    challenges = [(c.id, c.text, c.solution, list(c.themes), [a.name for a in c.actors])
                  for c in uow.challenges.list([map_id])]
on_map = [a for a in actors if map_id in a[2]]

st.subheader(tr("page.draw.map_heading", name=md_escape(map_name)))
c1, c2, c3 = st.columns(3)
c1.metric(tr("page.draw.metric_actors"), len(on_map))
c2.metric(tr("page.draw.metric_links"), sum(1 for l in links if l[4] in ("existing", "introduced")))
c3.metric(tr("page.draw.metric_desired"), sum(1 for l in links if l[4] == "desired"))
if not on_map:
    st.info(tr("page.draw.empty_map"), icon=":material/edit:")

home = home_actor(actors, map_id, weavers)


def link_table(status_set: tuple[str, ...]) -> None:
    rows = [{tr("page.col.from"): names.get(s, "?"), tr("page.col.to"): names.get(t, "?"),
             tr("page.col.kind"): vocab("kind", k), tr("page.col.strength"): vocab("strength", w),
             tr("page.col.carried_by"): ", ".join(c), tr("page.col.purpose"): p}
            for s, t, k, w, stt, c, p in links if stt in status_set]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(tr("page.draw.no_links_yet"))


def link_step(step: str, status: str) -> None:
    n = nonce(f"draw_{step}")
    k = f"draw_{step}_{map_id}_{n}"
    c1, c2 = st.columns(2)
    with c1:
        a = actor_picker(tr("page.draw.from"), f"{k}_a", actors, map_id, themes=themes, groups=groups,
                         default=home)
    with c2:
        b = actor_picker(tr("page.draw.to"), f"{k}_b", actors, map_id, themes=themes, groups=groups)
    c3, c4 = st.columns(2)
    with c3:
        kind = kind_select(f"{k}_kind", "joint_activity" if status == "existing" else "dialogue")
    strength, carried, place = 1, "", ""
    with c4:
        if status == "existing":
            strength = strength_select(f"{k}_strength")
    if status == "existing":
        c5, c6 = st.columns(2)
        carried = c5.text_input(tr("page.field.carried_by"), key=f"{k}_carried", help=tr("page.field.carried_by_help"))
        place = c6.text_input(tr("page.field.place"), key=f"{k}_place", help=tr("page.field.place_help"))
    purpose = st.text_input(tr("page.field.purpose"), key=f"{k}_purpose")
    b1, b2 = st.columns([1, 3])
    if b1.button(tr("page.draw.add_link"), type="primary", key=f"{k}_add"):
        if a.empty or b.empty:
            st.warning(tr("page.draw.pick_both"), icon=":material/touch_app:")
        else:
            carriers = [c.strip() for c in carried.replace(";", ",").split(",") if c.strip()]
            ok, _ = run_uow(lambda uow: add_link(uow, map_id, a, b, kind=kind, status=status, strength=strength,
                                                 carried_by=carriers, purpose=purpose, place=place))
            if ok:
                flash(tr("page.draw.link_added"))
                bump(f"draw_{step}")
                st.rerun()
    if status == "existing" and b2.button(tr("page.draw.add_actor_only"), key=f"{k}_only"):
        if b.empty:
            st.warning(tr("page.draw.pick_to"), icon=":material/touch_app:")
        else:
            ok, _ = run_uow(lambda uow: ensure_actor(uow, map_id, b))
            if ok:
                flash(tr("page.draw.actor_added"))
                bump(f"draw_{step}")
                st.rerun()


tab1, tab2, tab3 = st.tabs([tr("page.draw.step1"), tr("page.draw.step2"), tr("page.draw.step3")])
with tab1:
    st.markdown(f"#### {tr('page.draw.q1')}")
    st.caption(tr("page.draw.q1_help"))
    link_step("existing", "existing")
    st.markdown(f"##### {tr('page.draw.existing_links')}")
    link_table(("existing", "introduced"))
with tab2:
    st.markdown(f"#### {tr('page.draw.q2')}")
    st.caption(tr("page.draw.q2_help"))
    link_step("desired", "desired")
    st.markdown(f"##### {tr('page.draw.desired_links')}")
    link_table(("desired",))
with tab3:
    st.markdown(f"#### {tr('page.draw.q3')}")
    st.caption(tr("page.draw.q3_help"))
    n = nonce("draw_challenge")
    k = f"draw_ch_{map_id}_{n}"
    text = st.text_area(tr("page.field.challenge"), key=f"{k}_text", height=80,
                        placeholder=tr("page.draw.challenge_placeholder"))
    solution = st.text_area(tr("page.field.solution"), key=f"{k}_solution", height=80)
    c1, c2 = st.columns(2)
    ch_themes = c1.multiselect(tr("page.field.themes"), themes, key=f"{k}_themes", accept_new_options=True,
                               placeholder=tr("page.field.tags_placeholder"))
    ch_actors = c2.multiselect(tr("page.field.actors"), [a[0] for a in on_map], format_func=names.get,
                               key=f"{k}_actors", placeholder=tr("page.field.actors_placeholder"))
    if st.button(tr("page.draw.add_challenge"), type="primary", key=f"{k}_add"):
        ok, _ = run_uow(lambda uow: uow.challenges.add(map_id, text, themes=ch_themes, actor_ids=ch_actors,
                                                       solution=solution))
        if ok:
            flash(tr("page.draw.challenge_added"))
            bump("draw_challenge")
            st.rerun()
    st.markdown(f"##### {tr('page.draw.challenges')}")
    if not challenges:
        st.caption(tr("page.draw.no_challenges"))
    for cid, ctext, csol, cthemes, cactors in challenges:
        with st.container(border=True):
            st.text(ctext)
            if csol:
                st.caption(tr("page.field.solution"))
                st.text(csol)
            meta = []
            if cthemes:
                meta.append(tr("page.field.themes") + ": " + ", ".join(cthemes))
            if cactors:
                meta.append(tr("page.field.actors") + ": " + ", ".join(cactors))
            if meta:
                st.caption(md_escape(" · ".join(meta)))
            confirm = st.checkbox(tr("page.common.confirm_delete"), key=f"ch_del_ok_{cid}")
            if st.button(tr("page.common.delete"), key=f"ch_del_{cid}", disabled=not confirm):
                ok, _ = run_uow(lambda uow, cid=cid: uow.challenges.delete(cid))
                if ok:
                    flash(tr("page.draw.challenge_deleted"))
                    st.rerun()
