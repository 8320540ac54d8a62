"""Shared page helpers: the store (one engine per process), language, map choice."""
from __future__ import annotations

from typing import Any

import streamlit as st

from weaving.core.errors import WeavingError
from weaving.i18n import LANGUAGES, normalise_language, t
from weaving.store import Store, database_url


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    return Store(url)


def get_store() -> Store:
    """The process-wide store (engine) for WEAVING_DATABASE_URL; sessions are per action."""
    return _store_for(database_url())


def lang() -> str:
    if "lang" not in st.session_state:
        locale = getattr(st.context, "locale", None)
        st.session_state["lang"] = normalise_language(locale) if locale else "sv"
    return st.session_state["lang"]


def tr(key: str, /, **params: Any) -> str:
    return t(key, lang(), **params)


def language_selector() -> None:
    current = lang()
    labels = {"sv": "Svenska", "en": "English"}
    choice = st.sidebar.selectbox(
        tr("ui.language"), LANGUAGES, index=LANGUAGES.index(current), format_func=labels.get, key="lang_select"
    )
    if choice != current:
        st.session_state["lang"] = choice
        st.rerun()


def show_error(exc: WeavingError) -> None:
    # the message may quote user text (a name): shown inert, never as markdown/HTML
    st.error(md_escape(exc.message(lang())), icon=":material/error:")


def map_choices() -> list[tuple[int, str]]:
    with open_uow() as uow:
        return [(m.id, m.name) for m in uow.maps.list()]


def choose_maps(*, multi: bool = True, key: str = "maps") -> list[int]:
    """Sidebar choice of one map or several combined; remembered across pages."""
    choices = map_choices()
    if not choices:
        return []
    names = dict(choices)
    ids = [i for i, _ in choices]
    remembered = [i for i in st.session_state.get("chosen_maps", []) if i in names] or ids[:1]
    if multi:
        chosen = st.sidebar.multiselect(tr("ui.maps"), ids, default=remembered, format_func=names.get, key=f"{key}_multi",
                                        help=tr("ui.maps_help"))
    else:
        chosen = [st.sidebar.selectbox(tr("ui.map"), ids, index=ids.index(remembered[0]), format_func=names.get, key=f"{key}_one")]
    st.session_state["chosen_maps"] = chosen
    return chosen


# ---------------------------------------------------------------------------
# Helpers shared by the pages (added with the editing pages).

def current_user() -> str:
    """The signed-in user: ``local`` without WEAVING_AUTH, else the built-in account
    or the OIDC e-mail; "" when nobody is signed in."""
    from weaving.core.access import auth_mode

    mode = auth_mode()
    if not mode:
        return "local"
    if mode == "oidc":
        user = getattr(st, "user", None)
        if user is not None and getattr(user, "is_logged_in", False):
            return str(user.get("email") or user.get("sub") or "")
        return ""
    return str(st.session_state.get("auth_user") or "")


def load_demo_maps() -> dict[str, int]:
    """Load the fictional demo maps (one transaction); returns what was created."""
    from weaving.store.demo import load_demo

    return load_demo(get_store())


def open_uow():
    """A fresh unit of work for the signed-in user (the store enforces their role)."""
    return get_store().uow(user=current_user())


def vocab(prefix: str, value: Any) -> str:
    """Translated vocabulary word (``type.library`` ...); unknown values shown as they are."""
    from weaving.i18n import catalogue

    key = f"{prefix}.{value}"
    return tr(key) if key in catalogue() else str(value)


def flash(message: str, kind: str = "success") -> None:
    """Remember a message to show after the next rerun (st.rerun drops the current output)."""
    st.session_state.setdefault("_flash", []).append((kind, message))


def show_flash() -> None:
    for kind, message in st.session_state.pop("_flash", []):
        {"success": st.success, "info": st.info, "warning": st.warning}.get(kind, st.info)(message)


def run_uow(action, *, spinner: bool = True):
    """Run ``action(uow)`` in one fresh unit of work and commit it: all or nothing.

    A WeavingError (validation, conflict, permission) is shown translated and
    nothing is saved; returns ``(True, result)`` or ``(False, None)``.
    """
    try:
        with st.spinner(tr("page.common.saving"), show_time=False) if spinner else _nullcontext():
            with get_store().uow(user=current_user()) as uow:
                result = action(uow)
                uow.commit()
        return True, result
    except WeavingError as exc:
        show_error(exc)
        return False, None


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def nonce(name: str) -> int:
    """A counter used in widget keys, bumped to reset a group of widgets after saving."""
    return int(st.session_state.get(f"_nonce_{name}", 0))


def bump(name: str) -> None:
    st.session_state[f"_nonce_{name}"] = nonce(name) + 1


def no_maps_stop(message_key: str = "page.common.no_maps") -> None:
    """Friendly empty state for pages that need a map."""
    st.info(tr(message_key), icon=":material/explore:")
    st.page_link("app_pages/draw.py", label=tr("page.nav.draw"), icon=":material/edit:")
    st.stop()


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~:$=&\"'")


def md_escape(text: Any) -> str:
    """User text made inert for st.markdown/caption/headers: every ASCII punctuation
    character is backslash-escaped (CommonMark), so no link, image, HTML or
    Streamlit directive (:red[...], :material/...:) can be formed."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text)).replace("\n", " ")


def labels_for(prefix: str, values) -> dict:
    """{value: translated label} for a vocabulary, computed now (use ``.get`` as format_func:
    a format_func must not read the language later, outside the script run)."""
    return {v: vocab(prefix, v) for v in values}


def page_start(title_key: str, intro_key: str | None = None) -> None:
    """The top of every page: title, one-line introduction, messages from the last action."""
    st.title(tr(title_key))
    if intro_key:
        st.caption(tr(intro_key))
    show_flash()


def maps_or_stop(*, multi: bool = True, key: str = "maps") -> list[int]:
    """The chosen map ids, or a friendly empty state (and stop) when there is nothing to show."""
    if not map_choices():
        no_maps_stop()
    chosen = choose_maps(multi=multi, key=key)
    if not chosen:
        st.info(tr("page.common.choose_map"), icon=":material/arrow_back:")
        st.stop()
    return chosen
