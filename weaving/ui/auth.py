"""Login gate for shared deployments.

WEAVING_AUTH unset: single-user local mode, no login (the user is ``local``, an admin).
WEAVING_AUTH=builtin: username + password form checked against Argon2id hashes in the store.
WEAVING_AUTH=oidc: Streamlit's ``st.login()`` (configure [auth] in .streamlit/secrets.toml
for the municipality's identity provider); the provider's e-mail is the username.
Roles are enforced by the store for every unit of work opened with ``current_user()``.
"""
from __future__ import annotations

import time

import streamlit as st

from weaving.core.access import auth_mode
from weaving.ui.common import current_user, get_store, tr

_FAILED_DELAY = 1.0


def login_gate() -> bool:
    """Show the login form when needed; True when the page may render."""
    mode = auth_mode()
    if not mode or current_user():
        return True
    st.title(tr("auth.title"))
    if mode == "oidc":
        st.write(tr("auth.oidc_intro"))
        if st.button(tr("auth.oidc_button"), type="primary"):
            st.login()
        return False
    with st.form("login"):
        username = st.text_input(tr("auth.username"), key="login_username")
        password = st.text_input(tr("auth.password"), type="password", key="login_password")
        submitted = st.form_submit_button(tr("auth.submit"), type="primary")
    if submitted:
        with get_store().uow(user=username) as uow:
            user = uow.users.authenticate(username, password)
            if user is not None:
                uow.commit()  # a rehash on login is saved
        if user is None:
            time.sleep(_FAILED_DELAY)  # slows password guessing
            st.error(tr("error.login_failed"))
        else:
            st.session_state["auth_user"] = user.username
            st.rerun()
    return False


def logout_button() -> None:
    mode = auth_mode()
    if not mode or not current_user():
        return
    st.sidebar.caption(tr("auth.signed_in_as", name=current_user()))
    if st.sidebar.button(tr("auth.logout"), key="logout"):
        if mode == "oidc":
            st.logout()
        st.session_state.pop("auth_user", None)
        st.rerun()
