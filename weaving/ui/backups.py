"""The admin's whole-database backup and restore, shown under the import page."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from weaving.core.access import auth_mode
from weaving.core.errors import WeavingError
from weaving.store.backup import backup, check, is_empty, restore
from weaving.ui.common import bump, current_user, flash, lang, md_escape, nonce, open_uow, run_uow, show_error, tr


def backup_section() -> None:
    with open_uow() as uow:
        role = uow.role
        empty = is_empty(uow)
    if role != "admin":
        return
    st.divider()
    st.header(tr("backup.heading"))
    st.caption(tr("backup.intro"))
    c1, c2 = st.columns(2)
    with c1:
        st.subheader(tr("backup.make"))
        personal = st.checkbox(tr("backup.personal"), value=True, key="backup_personal", help=tr("backup.personal_help"))
        if personal:
            st.warning(tr("backup.personal_warning"), icon=":material/lock:")
        if st.button(tr("backup.prepare"), key="backup_prepare", icon=":material/save:"):
            try:
                with st.spinner(tr("backup.preparing")), open_uow() as uow:
                    data = backup(uow, include_personal=personal)
                    uow.commit()   # the audit event of a backup with personal data
                    st.session_state["_backup"] = (personal, data)
            except WeavingError as exc:
                show_error(exc)
        ready = st.session_state.get("_backup")
        if ready and ready[0] == personal:
            suffix = "" if personal else "-utan-personuppgifter" if lang() == "sv" else "-no-personal-data"
            st.download_button(tr("backup.download", size=f"{len(ready[1]) / 1024:.0f}"), ready[1],
                               file_name=f"weaving-backup-{dt.date.today().isoformat()}{suffix}.json",
                               mime="application/json", key="backup_download", icon=":material/download:")
    with c2:
        st.subheader(tr("backup.restore"))
        st.caption(tr("backup.restore_help"))
        if not empty:
            st.info(tr("backup.restore_not_empty"), icon=":material/info:")
            return
        up = st.file_uploader(tr("backup.file"), type=["json"], key=f"backup_file_{nonce('backup')}")
        if up is None:
            return
        data = up.getvalue()
        try:
            with open_uow() as uow:
                info = check(uow, data)
        except WeavingError as exc:
            show_error(exc)
            return
        counts = info["counts"]
        st.markdown(tr("backup.summary", **{k: md_escape(counts[k]) for k in ("maps", "actors", "links", "snapshots",
                                                                                "users")}))
        if info["maps"]:
            st.caption(md_escape(", ".join(info["maps"][:30])))
        if not info["personal"]:
            st.warning(tr("backup.no_personal_inside"), icon=":material/person_off:")
        locked_out = bool(auth_mode()) and current_user().lower() not in {a.lower() for a in info["admins"]}
        if locked_out:
            st.error(tr("backup.locks_out"), icon=":material/lock:")
        sure = st.checkbox(tr("backup.confirm"), key="backup_confirm")
        if st.button(tr("backup.restore_button"), type="primary", key="backup_restore",
                     disabled=not sure or locked_out, icon=":material/restore:"):
            ok, res = run_uow(lambda uow: restore(uow, data))
            if ok:
                flash(tr("backup.restored", maps=res["maps"], actors=res["actors"], links=res["links"],
                         users=res["users"]))
                st.session_state.pop("chosen_maps", None)
                st.query_params.pop("map", None)
                bump("backup")
                st.rerun()
