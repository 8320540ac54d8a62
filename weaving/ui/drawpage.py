"""The parts of "Rita en karta": a new map, the step (Lund's three questions), the drawing
canvas with its messages and undo, the form flow (keyboard and screen reader) and the
challenges. ``app_pages/draw.py`` puts them together."""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st

from weaving.core.access import role_at_least
from weaving.core.errors import WeavingError
from weaving.i18n import t
from weaving.ui.canvas import action_of, canvas_data, draw_canvas
from weaving.ui.common import (bump, current_user, flash, get_store, lang, md_escape, nonce, open_uow, run_uow, tr,
                               vocab)
from weaving.ui.drawactions import apply_action, outcome_text, undo
from weaving.ui.drawing import (actor_picker, add_link, ensure_actor, home_actor, kind_select, known_tags,
                                strength_select, workspace_actors)
from weaving.ui.mapchoice import set_maps

STEPS = (1, 2, 3)
STEP_STATUS = {1: "existing", 2: "desired", 3: "existing"}
UNDO_DEPTH = 10


def new_map_form(expanded: bool) -> None:
    with st.expander(tr("page.draw.new_map"), expanded=expanded, icon=":material/add:"):
        with st.form(f"new_map_{nonce('new_map')}", border=False):
            c1, c2 = st.columns(2)
            m_name = c1.text_input(tr("page.field.map_name"), placeholder=tr("page.draw.map_name_placeholder"),
                                   key="new_map_name")
            m_area = c2.text_input(tr("page.field.area"), help=tr("page.draw.area_help"))
            m_desc = st.text_area(tr("page.field.description"), height=68)
            if st.form_submit_button(tr("page.draw.create_map"), type="primary"):
                ok, made = run_uow(lambda uow: (lambda m: (m.id, m.name))(
                    uow.maps.create(m_name, area=m_area, description=m_desc)))
                if ok:
                    set_maps([made[1]], [made[0]])  # the new map is the current map on every page
                    st.query_params["step"] = "1"
                    flash(tr("page.draw.map_created", name=md_escape(made[1])))
                    bump("new_map")
                    st.rerun()


def step_choice() -> int:
    """The step the user is on, kept in the URL (``&step=2``) so it stays after saving
    and after a reload."""
    raw = st.query_params.get("step", "1")
    step = int(raw) if raw in ("1", "2", "3") else 1
    labels = {1: tr("page.draw.step1"), 2: tr("page.draw.step2"), 3: tr("page.draw.step3")}
    st.session_state["draw_step"] = step

    def changed() -> None:
        value = st.session_state.get("draw_step")
        if value in STEPS:
            st.query_params["step"] = str(value)

    st.segmented_control(tr("draw.step"), STEPS, format_func=labels.get, key="draw_step", on_change=changed,
                         label_visibility="collapsed")
    return step


def _say(kind: str, text: str) -> None:
    st.session_state["_draw_msg"] = (kind, text)


def _handle(key: str, map_id: int) -> None:
    """Save what the canvas sent (runs as the canvas's callback, before the next run)."""
    action = action_of(key)
    st.session_state["_draw_round"] = st.session_state.get("_draw_round", 0) + 1
    if not action or action.get("map") != map_id:
        return
    if action.get("op") == "undo":    # Ctrl+Z or the undo button on the canvas
        _undo(map_id)
        return
    L = lang()
    try:
        with get_store().uow(user=current_user()) as uow:
            out = apply_action(uow, map_id, action)
            uow.commit()
    except WeavingError as exc:
        _say("error", exc.message(L))
        return
    _say("success", outcome_text(out, L))
    if out.undo:
        stack = st.session_state.setdefault("_draw_undo", [])
        stack.append(out.undo)
        del stack[:-UNDO_DEPTH]


def _undo(map_id: int) -> None:
    stack = st.session_state.get("_draw_undo") or []
    mine = [r for r in stack if r["map"] == map_id]
    if not mine:
        _say("error", t("kbd.say.nothing_to_undo", lang()))
        return
    record = mine[-1]
    L = lang()
    try:
        with get_store().uow(user=current_user()) as uow:
            out = undo(uow, record)
            uow.commit()
    except WeavingError as exc:
        _say("error", exc.message(L))
    else:
        _say("success", t(out.message, L))
    stack.remove(record)
    st.session_state["_draw_round"] = st.session_state.get("_draw_round", 0) + 1


def canvas_section(map_id: int, step: int) -> None:
    """The canvas. The result of the last edit is said inside it (its live line) and the
    undo button is on its toolbar, so nothing above it appears or moves: the page stays
    still while drawing and the canvas keeps the keyboard focus."""
    key = f"draw_canvas_{map_id}"
    kind, text = st.session_state.pop("_draw_msg", None) or ("", "")
    can_undo = any(r["map"] == map_id for r in st.session_state.get("_draw_undo") or [])
    with open_uow() as uow:
        editable = role_at_least(uow.role, "editor")
        data = canvas_data(uow, map_id, tr=tr, vocab=vocab, lang=lang(), default_status=STEP_STATUS[step],
                           editable=editable, version=0, notice=text, notice_kind=kind, can_undo=can_undo)
    if not editable:
        st.info(tr("draw.read_only"), icon=":material/visibility:")
    digest = hashlib.sha1(json.dumps([data["nodes"], data["edges"], data["others"], editable, step, lang(), can_undo,
                                      st.session_state.get("_draw_round", 0)], default=str).encode()).hexdigest()
    data["version"] = digest[:16]
    draw_canvas(data, key=key, on_action=lambda: _handle(key, map_id))
    st.caption(tr("draw.legend"))


def link_form(map_id: int, step: int) -> None:
    """The form flow: two actor pickers and how they work together (same save code as
    the canvas: ``ensure_actor`` / ``add_link``)."""
    status = STEP_STATUS[step]
    with open_uow() as uow:
        actors = workspace_actors(uow)
        weavers = {a.id for a in uow.actors.list() if a.is_weaver}
        themes, groups = known_tags(uow, "themes"), known_tags(uow, "target_groups")
    k = f"draw_{status}_{map_id}_{nonce(f'draw_{status}')}"
    c1, c2 = st.columns(2)
    with c1:
        a = actor_picker(tr("page.draw.from"), f"{k}_a", actors, map_id, themes=themes, groups=groups,
                         default=home_actor(actors, map_id, weavers))
    with c2:
        b = actor_picker(tr("page.draw.to"), f"{k}_b", actors, map_id, themes=themes, groups=groups)
    c3, c4 = st.columns(2)
    with c3:
        kind = kind_select(f"{k}_kind", "joint_activity" if status == "existing" else "dialogue")
    strength, carried, place = 1, "", ""
    if status == "existing":
        with c4:
            strength = strength_select(f"{k}_strength")
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
                bump(f"draw_{status}")
                st.rerun()
    if status == "existing" and b2.button(tr("page.draw.add_actor_only"), key=f"{k}_only"):
        if b.empty:
            st.warning(tr("page.draw.pick_to"), icon=":material/touch_app:")
        else:
            ok, _ = run_uow(lambda uow: ensure_actor(uow, map_id, b))
            if ok:
                flash(tr("page.draw.actor_added"))
                bump(f"draw_{status}")
                st.rerun()


def link_table(map_id: int, statuses: tuple[str, ...]) -> None:
    with open_uow() as uow:
        names = {a.id: a.name for a in uow.actors.list([map_id])}
        rows = [{tr("page.col.from"): names.get(l.source_id, "?"), tr("page.col.to"): names.get(l.target_id, "?"),
                 tr("page.col.kind"): vocab("kind", l.kind), tr("page.col.strength"): vocab("strength", l.strength),
                 tr("page.col.carried_by"): ", ".join(c.name for c in l.carried_by), tr("page.col.purpose"): l.purpose}
                for l in uow.links.list([map_id]) if l.status in statuses]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(tr("page.draw.no_links_yet"))


def challenges_section(map_id: int) -> None:
    """Question 3: challenges of the area, tied to themes and to actors on the map."""
    with open_uow() as uow:
        on_map = [(a.id, a.name) for a in uow.actors.list([map_id])]
        themes = known_tags(uow, "themes")
        challenges = [(c.id, c.text, c.solution, list(c.themes), [a.name for a in c.actors])
                      for c in uow.challenges.list([map_id])]
    names = dict(on_map)
    k = f"draw_ch_{map_id}_{nonce('draw_challenge')}"
    text = st.text_area(tr("page.field.challenge"), key=f"{k}_text", height=80,
                        placeholder=tr("page.draw.challenge_placeholder"))
    solution = st.text_area(tr("page.field.solution"), key=f"{k}_solution", height=80)
    c1, c2 = st.columns(2)
    ch_themes = c1.multiselect(tr("page.field.themes"), themes, key=f"{k}_themes", accept_new_options=True,
                               placeholder=tr("page.field.tags_placeholder"))
    ch_actors = c2.multiselect(tr("page.field.actors"), list(names), format_func=names.get,
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
