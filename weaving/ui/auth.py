"""Login gate for shared deployments.

WEAVING_AUTH unset: single-user local mode, no login (the user is ``local``, an admin).
WEAVING_AUTH=builtin: username + password form checked against Argon2id hashes in the store.
WEAVING_AUTH=oidc: Streamlit's ``st.login()`` (configure [auth] in .streamlit/secrets.toml
for the municipality's identity provider); the provider's e-mail is the username.
Roles are enforced by the store for every unit of work opened with ``current_user()``.

Built-in sign-in goes through the store's throttle (``uow.logins.sign_in``,
:mod:`weaving.store.repos.logins`): failures are counted per account and per client in
the database, so every process and every browser session sees them. There is no
per-session sleep: it slowed only the one session and nobody who opened several.
"""
from __future__ import annotations

import math

import streamlit as st

from weaving.core.access import auth_mode
from weaving.ui.common import current_user, get_store, md_escape, tr


def client_address() -> str:
    """The client's address for the throttle: the first hop of ``X-Forwarded-For`` (the
    reverse proxy of docs/deployment.md sets it to the address it sees), else the
    connection's address, else ``unknown`` (local use, tests)."""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For") or ""
        peer = st.context.ip_address
    except Exception:  # noqa: BLE001 - no Streamlit runtime (AppTest, bare mode)
        forwarded, peer = "", None
    return forwarded.split(",")[0].strip() or peer or "unknown"


def throttled_message(wait_s: int) -> str:
    """"Too many attempts; try again in N seconds/minutes" (the same for every user name)."""
    if wait_s <= 90:
        n = max(1, int(wait_s))
        return tr("auth.throttled_seconds_one") if n == 1 else tr("auth.throttled_seconds", n=n)
    n = math.ceil(wait_s / 60)
    return tr("auth.throttled_minutes", n=n)


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
            result = uow.logins.sign_in(username, password, client_address())  # commits itself
        if result.user is not None:
            st.session_state["auth_user"] = result.user.username
            st.rerun()
        elif result.wait_s:
            st.error(throttled_message(result.wait_s))
        else:  # the same words for an unknown user name and a wrong password
            st.error(tr("error.login_failed"))
    return False


def logout_button() -> None:
    mode = auth_mode()
    if not mode or not current_user():
        return
    st.sidebar.caption(tr("auth.signed_in_as", name=md_escape(current_user())))
    if st.sidebar.button(tr("auth.logout"), key="logout"):
        if mode == "oidc":
            st.logout()
        st.session_state.pop("auth_user", None)
        st.rerun()
