"""The chosen map(s) live in the URL: ``?map=Dalby``, several as ``?map=Dalby&map=Veberöd``.

One source of truth: the query parameters. A page reads them; the sidebar selector
shows them and, when changed, writes them (its widget state is set from the URL before
it is drawn, so the two can never disagree). Streamlit drops query parameters when a
user follows a navigation link, so the app's own navigation links carry them
(:func:`nav_params`), and the session remembers the last choice (``chosen_maps``, ids)
only to fill an empty URL, which is then written back at once.
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from weaving.core.names import name_key
from weaving.ui.common import map_choices, md_escape, no_maps_stop, tr

PARAM = "map"
MEMORY = "chosen_maps"  # ids of the last choice, used only when the URL names no map


def _fold(name: str) -> str:
    return name_key(name)


def url_names() -> list[str]:
    """The map names in the URL, as given."""
    return [n for n in st.query_params.get_all(PARAM) if n.strip()]


def set_maps(names: Sequence[str], ids: Sequence[int] | None = None) -> None:
    """Make ``names`` the current maps on every page (URL and the session's memory)."""
    st.query_params[PARAM] = list(names)
    if ids is not None:
        st.session_state[MEMORY] = list(ids)


def nav_params() -> dict[str, list[str]] | None:
    """Query parameters for the app's navigation links: the maps of the current view."""
    names = url_names()
    if not names:
        remembered = st.session_state.get(MEMORY) or []
        if remembered:
            known = dict(map_choices())
            names = [known[i] for i in remembered if i in known]
    return {PARAM: names} if names else None


def current_maps(choices: list[tuple[int, str]]) -> tuple[list[int], list[str]]:
    """(ids of the maps named in the URL, names in the URL that match no map)."""
    by_name = {_fold(name): mid for mid, name in choices}
    ids: list[int] = []
    unknown: list[str] = []
    for name in url_names():
        mid = by_name.get(_fold(name))
        if mid is None:
            unknown.append(name)
        elif mid not in ids:
            ids.append(mid)
    return ids, unknown


def choose_maps(*, multi: bool = True, key: str = "maps") -> list[int]:
    """The chosen map ids (from the URL), with the sidebar selector that changes them.

    An unknown name in the URL gets a translated message; with no map in the URL the
    session's last choice, else the first map, is used and written to the URL.
    """
    choices = map_choices()
    if not choices:
        return []
    names = dict(choices)
    ids, unknown = current_maps(choices)
    for name in unknown:
        st.warning(tr("ui.map_unknown", name=md_escape(name[:200])), icon=":material/travel_explore:")
    if not ids and not unknown:
        ids = [i for i in st.session_state.get(MEMORY, []) if i in names] or [choices[0][0]]
        set_maps([names[i] for i in ids])
    if not multi:
        ids = ids[:1]
    st.session_state[MEMORY] = ids or st.session_state.get(MEMORY, [])

    widget = f"{key}_{'multi' if multi else 'one'}"
    options = [i for i, _ in choices]

    def changed() -> None:
        value = st.session_state.get(widget)
        picked = ([value] if value is not None else []) if not multi else list(value or [])
        set_maps([names[i] for i in picked if i in names], picked)

    if multi:
        st.session_state[widget] = ids
        st.sidebar.multiselect(tr("ui.maps"), options, format_func=names.get, key=widget,
                               on_change=changed, help=tr("ui.maps_help"))
    else:
        st.session_state[widget] = ids[0] if ids else None
        st.sidebar.selectbox(tr("ui.map"), options, format_func=names.get, key=widget, on_change=changed)
    return ids


def maps_or_stop(*, multi: bool = True, key: str = "maps") -> list[int]:
    """The chosen map ids, or a friendly empty state (and stop) when there is nothing to show."""
    if not map_choices():
        no_maps_stop()
    chosen = choose_maps(multi=multi, key=key)
    if not chosen:
        st.info(tr("page.common.choose_map"), icon=":material/arrow_back:")
        st.stop()
    return chosen
