"""Aktörer och länkar: editable tables, saved as one change set (thin page)."""
import pandas as pd
import streamlit as st

from weaving.core.schema import ACTOR_TYPES, LINK_KINDS, LINK_STATUSES, SECTORS
from weaving.ui.common import (counts_caption, bump, flash, get_store, labels_for, lang, md_escape, nonce, open_uow,
                               page_start, run_uow, tr)
from weaving.ui.drawing import known_tags
from weaving.ui.mapchoice import maps_or_stop
from weaving.ui.tables import (
    ACTOR_EDIT_FIELDS,
    ERASED_MARKER,
    LINK_EDIT_FIELDS,
    actor_rows,
    apply_actor_changes,
    apply_link_changes,
    contact_rows,
    diff,
    link_rows,
    save_contacts,
)

page_start("page.actors.title")
chosen = maps_or_stop()
st.caption(counts_caption(chosen))

store = get_store()
with open_uow() as uow:
    scope_actors = uow.actors.list(chosen)
    actor_ids = [a.id for a in scope_actors]
    names = {a.id: a.name for a in uow.actors.list()}
    fresh_actor_rows = actor_rows(scope_actors)
    personal = uow.contacts.visible()   # contact persons and carriers: editors and admins only
    fresh_link_rows = link_rows(uow.links.list(chosen), names, personal=personal)
    themes, groups = known_tags(uow, "themes"), known_tags(uow, "target_groups")
    resources = known_tags(uow, "resources")
    map_names = {m.id: m.name for m in uow.maps.list()}

scope = tuple(sorted(chosen))


def baseline(table: str, fresh: list[dict]) -> list[dict]:
    """The rows the user started editing from (kept until saved or reloaded)."""
    key = f"_base_{table}"
    base = st.session_state.get(key)
    if base is None or base[0] != scope:
        st.session_state[key] = (scope, fresh)
        st.session_state.pop(f"{table}_editor", None)
        return fresh
    return base[1]


def reset(table: str) -> None:
    st.session_state.pop(f"_base_{table}", None)
    st.session_state.pop(f"{table}_editor", None)


def stale(base: list[dict], fresh: list[dict]) -> bool:
    return {r["id"]: r["version"] for r in base} != {r["id"]: r["version"] for r in fresh}


def save_bar(table: str, edited: pd.DataFrame, base: list[dict], fields, apply) -> None:
    rows = edited.to_dict("records")
    marked = int(edited["delete"].fillna(False).astype(bool).sum()) if len(edited) else 0
    confirmed = True
    if marked:
        confirmed = st.checkbox(tr("page.actors.confirm_marked", n=marked), key=f"{table}_confirm")
    c1, c2 = st.columns([1, 1])
    if c1.button(tr("page.actors.save"), type="primary", key=f"{table}_save", icon=":material/save:"):
        changes = diff(base, rows, fields)
        if changes.empty:
            st.info(tr("page.actors.nothing_changed"))
        elif changes.deletes and not confirmed:
            st.warning(tr("page.actors.confirm_first"), icon=":material/priority_high:")
        else:
            ok, n = run_uow(lambda uow: apply(uow, changes))
            if ok:
                reset(table)
                flash(tr("page.actors.saved", n=n))
                st.rerun()
    if c2.button(tr("page.actors.reload"), key=f"{table}_reload", icon=":material/refresh:", help=tr("page.actors.reload_help")):
        reset(table)
        st.rerun()


tab_a, tab_l, tab_c = st.tabs([tr("page.actors.tab_actors", n=len(fresh_actor_rows)),
                               tr("page.actors.tab_links", n=len(fresh_link_rows)),
                               tr("page.actors.tab_contacts")])

# -- actors --------------------------------------------------------------------
with tab_a:
    base = baseline("actors", fresh_actor_rows)
    if not base:
        st.info(tr("page.common.no_actors"), icon=":material/edit:")
    else:
        st.caption(tr("page.actors.edit_help"))
        if stale(base, fresh_actor_rows):
            st.info(tr("page.actors.stale"), icon=":material/refresh:")
        cfg = {
            "delete": st.column_config.CheckboxColumn(tr("page.col.delete"), width="small"),
            "name": st.column_config.TextColumn(tr("page.field.name"), required=True, max_chars=500),
            "type": st.column_config.SelectboxColumn(tr("page.field.type"), options=ACTOR_TYPES, required=True,
                                                     format_func=labels_for("type", ACTOR_TYPES).get),
            "sector": st.column_config.SelectboxColumn(tr("page.field.sector"), options=("", *SECTORS),
                                                       format_func=labels_for("sector", ("", *SECTORS)).get),
            "area": st.column_config.TextColumn(tr("page.field.area")),
            "themes": st.column_config.MultiselectColumn(tr("page.field.themes"), options=themes,
                                                         accept_new_options=True),
            "target_groups": st.column_config.MultiselectColumn(tr("page.field.target_groups"), options=groups,
                                                                accept_new_options=True),
            "resources": st.column_config.MultiselectColumn(tr("page.field.resources"), options=resources,
                                                            accept_new_options=True),
            "description": st.column_config.TextColumn(tr("page.field.description")),
            "is_weaver": st.column_config.CheckboxColumn(tr("page.field.weaver")),
            "maps": st.column_config.TextColumn(tr("page.field.maps"), disabled=True),
            "contacts": st.column_config.NumberColumn(tr("page.actors.col_contacts"), disabled=True, width="small"),
        }
        edited = st.data_editor(
            pd.DataFrame(base), key="actors_editor", hide_index=True, placeholder="–", width="stretch", num_rows="fixed",
            column_config=cfg, disabled=["id", "version", "maps", "contacts"],
            column_order=["delete", "name", "type", "sector", "area", "themes", "target_groups", "resources",
                          "description", "is_weaver", "maps", "contacts"],
        )
        save_bar("actors", edited, base, ACTOR_EDIT_FIELDS, apply_actor_changes)

    with st.expander(tr("page.actors.add_actor"), icon=":material/add:", expanded=not base):
        with st.form(f"add_actor_{nonce('add_actor')}", border=False):
            c1, c2, c3 = st.columns(3)
            name = c1.text_input(tr("page.field.name"))
            a_type = c2.selectbox(tr("page.field.type"), ACTOR_TYPES, index=ACTOR_TYPES.index("association"),
                                  format_func=labels_for("type", ACTOR_TYPES).get)
            sector = c3.selectbox(tr("page.field.sector"), ("", *SECTORS),
                                  format_func=labels_for("sector", ("", *SECTORS)).get)
            c4, c5, c6 = st.columns(3)
            a_themes = c4.multiselect(tr("page.field.themes"), themes, accept_new_options=True,
                                      placeholder=tr("page.field.tags_placeholder"))
            a_groups = c5.multiselect(tr("page.field.target_groups"), groups, accept_new_options=True,
                                      placeholder=tr("page.field.tags_placeholder"))
            a_maps = c6.multiselect(tr("page.field.maps"), list(map_names), default=chosen[:1],
                                    format_func=map_names.get)
            weaver = st.checkbox(tr("page.field.weaver"))
            if st.form_submit_button(tr("page.actors.add_actor_button"), type="primary"):
                ok, _ = run_uow(lambda uow: uow.actors.add(a_maps, name=name, type=a_type, sector=sector,
                                                           themes=a_themes, target_groups=a_groups,
                                                           is_weaver=weaver))
                if ok:
                    reset("actors")
                    bump("add_actor")
                    flash(tr("page.actors.actor_added", name=md_escape(name.strip())))
                    st.rerun()

# -- links ---------------------------------------------------------------------
with tab_l:
    base_l = baseline("links", fresh_link_rows)
    if not base_l:
        st.info(tr("page.actors.no_links"), icon=":material/link:")
    else:
        st.caption(tr("page.actors.links_help"))
        if stale(base_l, fresh_link_rows):
            st.info(tr("page.actors.stale"), icon=":material/refresh:")
        cfg = {
            "delete": st.column_config.CheckboxColumn(tr("page.col.delete"), width="small"),
            "source": st.column_config.TextColumn(tr("page.col.from"), disabled=True),
            "target": st.column_config.TextColumn(tr("page.col.to"), disabled=True),
            "kind": st.column_config.SelectboxColumn(tr("page.field.kind"), options=LINK_KINDS, required=True,
                                                     format_func=labels_for("kind", LINK_KINDS).get),
            "strength": st.column_config.SelectboxColumn(tr("page.field.strength"), options=(1, 2, 3),
                                                         required=True,
                                                         format_func=labels_for("strength", (1, 2, 3)).get),
            "status": st.column_config.SelectboxColumn(tr("page.field.status"), options=LINK_STATUSES,
                                                       required=True,
                                                       format_func=labels_for("status", LINK_STATUSES).get),
            "directed": st.column_config.CheckboxColumn(tr("page.field.directed"), width="small"),
            "start_date": st.column_config.DateColumn(tr("page.field.start_date"), format="YYYY-MM-DD"),
            "end_date": st.column_config.DateColumn(tr("page.field.end_date"), format="YYYY-MM-DD"),
            "purpose": st.column_config.TextColumn(tr("page.field.purpose")),
            "place": st.column_config.TextColumn(tr("page.field.place")),
            "carried_by": st.column_config.TextColumn(tr("page.field.carried_by"),
                                                      help=tr("page.field.carried_by_help")),
        }
        edited_l = st.data_editor(
            pd.DataFrame(base_l), key="links_editor", hide_index=True, placeholder="–", width="stretch", num_rows="fixed",
            column_config=cfg, disabled=["id", "version", "source", "target"],
            column_order=["delete", "source", "target", "kind", "strength", "status", "directed", "start_date",
                          "end_date", "purpose", "place", *(["carried_by"] if personal else [])],
        )
        save_bar("links", edited_l, base_l, LINK_EDIT_FIELDS, apply_link_changes)

    on_scope = actor_ids
    with st.expander(tr("page.actors.add_link"), icon=":material/add:", expanded=False):
        if len(on_scope) < 2:
            st.caption(tr("page.actors.need_two"))
        else:
            with st.form(f"add_link_{nonce('add_link')}", border=False):
                c1, c2 = st.columns(2)
                src = c1.selectbox(tr("page.col.from"), on_scope, format_func=names.get, index=None,
                                   placeholder=tr("page.draw.search_placeholder"))
                tgt = c2.selectbox(tr("page.col.to"), on_scope, format_func=names.get, index=None,
                                   placeholder=tr("page.draw.search_placeholder"))
                c3, c4, c5 = st.columns(3)
                kind = c3.selectbox(tr("page.field.kind"), LINK_KINDS, index=LINK_KINDS.index("dialogue"),
                                    format_func=labels_for("kind", LINK_KINDS).get)
                strength = c4.selectbox(tr("page.field.strength"), (1, 2, 3), index=1,
                                        format_func=labels_for("strength", (1, 2, 3)).get)
                status = c5.selectbox(tr("page.field.status"), LINK_STATUSES,
                                      format_func=labels_for("status", LINK_STATUSES).get)
                purpose = st.text_input(tr("page.field.purpose"))
                if st.form_submit_button(tr("page.draw.add_link"), type="primary"):
                    if src is None or tgt is None:
                        st.warning(tr("page.draw.pick_both"), icon=":material/touch_app:")
                    else:
                        ok, _ = run_uow(lambda uow: uow.links.add(src, tgt, kind=kind, strength=strength,
                                                                  status=status, purpose=purpose,
                                                                  directed=(kind == "funding")))
                        if ok:
                            reset("links")
                            bump("add_link")
                            flash(tr("page.draw.link_added"))
                            st.rerun()

# -- contact persons (personal data) ---------------------------------------------
with tab_c:
    st.caption(tr("page.actors.contacts_help"))
    if not personal:
        st.info(tr("page.personal.viewer_note"), icon=":material/lock:")
    elif not actor_ids:
        st.info(tr("page.common.no_actors"), icon=":material/edit:")
    else:
        who = st.selectbox(tr("page.actors.contacts_for"), actor_ids, format_func=names.get,
                           key="contacts_actor")
        with open_uow() as uow:
            c_rows = contact_rows(uow.contacts.of_actor(who))
        c_edit = st.data_editor(
            pd.DataFrame(c_rows, columns=["id", "name", "role", "email", "phone"]), key=f"contacts_editor_{who}",
            hide_index=True, width="stretch", num_rows="dynamic", disabled=["id"],
            column_order=["name", "role", "email", "phone"],
            column_config={"name": st.column_config.TextColumn(tr("page.field.name")),
                           "role": st.column_config.TextColumn(tr("page.field.role")),
                           "email": st.column_config.TextColumn(tr("page.field.email")),
                           "phone": st.column_config.TextColumn(tr("page.field.phone"))},
        )
        if st.button(tr("page.actors.save_contacts"), type="primary", key="contacts_save", icon=":material/save:"):
            rows = c_edit.to_dict("records")
            ok, n = run_uow(lambda uow: save_contacts(uow, who, rows))
            if ok:
                st.session_state.pop(f"contacts_editor_{who}", None)
                reset("links")
                flash(tr("page.actors.contacts_saved", n=n))
                st.rerun()

if personal:
    with tab_c:
        st.divider()
        st.markdown(f"##### {tr('page.actors.erase_heading')}")
        st.caption(tr("page.actors.erase_help"))
        n = nonce("erase")
        person = st.text_input(tr("page.actors.erase_name"), key=f"erase_name_{n}")
        free = st.checkbox(tr("page.actors.erase_free_text", marker=ERASED_MARKER), key=f"erase_free_{n}",
                           help=tr("page.actors.erase_free_text_help"))
        sure = st.checkbox(tr("page.actors.erase_confirm"), key=f"erase_ok_{n}")
        if st.button(tr("page.actors.erase_button"), key=f"erase_btn_{n}", disabled=not (sure and person.strip()),
                     icon=":material/person_remove:"):
            ok, report = run_uow(lambda uow: uow.contacts.erase(person, free_text=free))
            if ok:
                reset("links")
                reset("actors")
                bump("erase")
                flash("  \n".join(md_escape(line) for line in report.lines(lang(), hint="app")),
                      "success" if report.places else "info")
                st.rerun()
