"""Widgets of an introduction: dismissing it with a reason, and its draft message."""
from __future__ import annotations

import streamlit as st

from weaving.core.schema import DISMISS_REASONS
from weaving.ui.common import labels_for, tr


def dismiss_control(container, key: str) -> str | None:
    """A "Dismiss" popover with the reason; returns the reason when confirmed."""
    with container.popover(tr("page.intro.dismiss"), icon=":material/block:", help=tr("page.intro.dismiss_help"),
                           key=f"{key}_popover"):
        reason = st.selectbox(tr("page.intro.dismiss_reason"), DISMISS_REASONS, key=f"{key}_reason",
                              format_func=labels_for("dismiss", DISMISS_REASONS).get)
        if st.button(tr("page.intro.dismiss"), key=key, type="primary"):
            return reason
    return None


def show_draft(draft, key: str) -> None:
    """The draft as plain text (``st.text`` / ``st.code``: user text is never markdown
    or HTML), with a copy button and a ``mailto:`` link (every part percent-encoded)."""
    with st.expander(tr("page.intro.draft"), icon=":material/mail:"):
        st.caption(tr("page.intro.draft_help"))
        st.text(draft.subject)
        st.code(draft.body, language=None, wrap_lines=True)
        st.link_button(tr("page.intro.draft_open"), draft.mailto(), icon=":material/send:", key=f"{key}_mailto")
