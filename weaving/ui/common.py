"""Shared page helpers: the store (one engine per process), language, map choice."""
from __future__ import annotations

import re
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


def counts_caption(map_ids) -> str:
    """The one way every page counts a map: actors, and links by status (same numbers everywhere)."""
    with open_uow() as uow:
        c = uow.maps.link_counts(list(map_ids))
        actors = len(uow.actors.list(list(map_ids)))
    return tr("ui.counts.caption", actors=actors, active=c["existing"] + c["introduced"], desired=c["desired"],
              ended=c["ended"])


def open_uow():
    """A fresh unit of work for the signed-in user (the store enforces their role)."""
    return get_store().uow(user=current_user())


def sees_personal() -> bool:
    """Whether the signed-in user may see contact persons: the store's rule
    (``uow.contacts.visible``: editors and admins, never viewers)."""
    with open_uow() as uow:
        return uow.contacts.visible()


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


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~:$=&\"'/@%^")
_WJ = "\u2060"  # WORD JOINER: invisible, not a space; breaks a pattern without changing what is seen
# GitHub's autolink literals are found in the *parsed* text, after backslash escapes are gone:
# http(s):// and www. addresses and e-mail addresses become links whatever the escaping, so a
# word joiner is put inside each such pattern (before "://", after "www", before "@").
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=ftp)(?=:)|(?<=www)(?=\.)|(?=@)")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def md_escape(text: Any) -> str:
    """User text made inert wherever Streamlit renders markdown (st.markdown, captions,
    alerts, toasts, headers, and the labels of widgets, expanders and tabs).

    - every ASCII punctuation character that markdown or Streamlit gives a meaning is
      backslash-escaped (CommonMark), so no link, image, emphasis, heading, HTML, math,
      ``:red[...]`` directive or ``:material/...:`` icon can be formed (``/`` too:
      Streamlit rewrites ``:material/`` in the raw source before parsing);
    - autolink literals (``http://``, ``www.``, e-mail addresses) are broken with an
      invisible word joiner (U+2060), since escapes cannot stop them;
    - text with bidirectional controls is wrapped in an isolate (FSI ... PDI), so an
      override cannot turn the page's own words around it;
    - line breaks become spaces (one line, as every place that shows user text expects).

    What the reader sees is the text as typed. Never use it for plain-text elements
    (``st.text``, ``st.code``, tables, downloads, drafts): they show text as it is.
    """
    raw = str(text)
    broken = _AUTOLINK.sub(_WJ, raw.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    out = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in broken)
    if _BIDI.search(raw):
        out = "\u2068" + out + "\u2069"
    return out


def labels_for(prefix: str, values) -> dict:
    """{value: translated label} for a vocabulary, computed now (use ``.get`` as format_func:
    a format_func must not read the language later, outside the script run)."""
    return {v: vocab(prefix, v) for v in values}


def _css_string(text: str) -> str:
    """A catalogue text as a CSS string literal (quotes, backslashes and line ends escaped)."""
    out = ['"']
    for ch in text:
        out.append(f"\\{ord(ch):06x}" if ch in '"\\\n\r<>' else ch)
    out.append('"')
    return "".join(out)


def uploader_words() -> None:
    """Streamlit's file uploader says "Upload" and "200MB per file" in English whatever the
    language: those texts are hidden and ours shown (the limit is ``server.maxUploadSize``,
    the same 20 MB the importers check)."""
    from weaving.interchange.model import DEFAULT_MAX_BYTES

    button = _css_string(tr("draw.upload_button"))
    limit = _css_string(tr("draw.upload_limit", mb=DEFAULT_MAX_BYTES // (1024 * 1024)))
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p{font-size:0}'
        f'[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after{{content:{button};font-size:0.875rem}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span{font-size:0}'
        f'[data-testid="stFileUploaderDropzoneInstructions"] span::after{{content:{limit};font-size:0.85rem}}'
        "</style>"
    )


def page_start(title_key: str, intro_key: str | None = None) -> None:
    """The top of every page: title, one-line introduction, messages from the last action."""
    uploader_words()
    st.title(tr(title_key))
    if intro_key:
        st.caption(tr(intro_key))
    show_flash()
