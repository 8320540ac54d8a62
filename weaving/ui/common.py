"""Shared page helpers: the store (one engine per process), language, map choice."""
from __future__ import annotations

from typing import Any

import streamlit as st

from weaving.errors import WeavingError
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
    st.error(exc.message(lang()), icon="⚠️")


def map_choices() -> list[tuple[int, str]]:
    with get_store().uow() as uow:
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
