"""The survey's answer form (``app_pages/answer.py``), opened with a personal link.

``app.py`` shows this page alone, without login and without navigation, whenever the
URL carries a ``t`` parameter or is the answer page (:func:`answer_mode`). Everything is
read and written through the token: ``uow.surveys.respondent_view`` and
``uow.surveys.save_answer``, in units of work opened with the respondent role (never
``current_user()``, so an editor signed in in the same browser lends no rights here).
Phone-friendly: one column, full-width controls, no tables. Texts are in the language
the respondent picks at the top; names the page shows are escaped.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlparse

import streamlit as st

from weaving.core.errors import WeavingError
from weaving.core.schema import LINK_KINDS
from weaving.i18n import fmt_date
from weaving.store.repos.surveys import RESPONDENT_ROLE, respondent_user
from weaving.store.survey_form import ANSWER_PATH, MAX_CHALLENGE, MAX_CHALLENGES, MAX_EMAIL, MAX_NAME, MAX_NOTE, \
    MAX_PHONE, MAX_TODAY, MAX_WISH, MAX_WITH, fold
from weaving.ui.common import get_store, lang, md_escape, tr

ANSWER_PAGE = "app_pages/answer.py"
# the order a respondent sees the kinds in: the everyday ones first
_EVERYDAY = ("dialogue", "joint_activity", "information", "awareness", "referral", "shared_premises", "volunteer_supply")
KINDS = tuple(k for k in _EVERYDAY if k in LINK_KINDS) + tuple(k for k in LINK_KINDS if k not in _EVERYDAY)
STILL = ("still", "ended", "skip")
NARROW = "<style>.block-container{max-width:46rem;padding-top:2rem}</style>"


def answer_mode() -> bool:
    """True when this run is for the answer page: a ``t`` parameter, or the /answer path."""
    if "t" in st.query_params:
        return True
    url = getattr(st.context, "url", None) or ""
    return urlparse(url).path.rstrip("/").endswith("/" + ANSWER_PATH)


def _h(name: str) -> str:
    return hashlib.sha1(fold(name).encode("utf-8")).hexdigest()[:10]


def _language_choice() -> None:
    labels = {"sv": "Svenska", "en": "English"}
    current = lang()
    st.session_state.setdefault("ans_lang", current)
    choice = st.segmented_control(tr("survey.answer.language"), list(labels), format_func=labels.get, key="ans_lang",
                                  label_visibility="collapsed")
    if choice and choice != current:
        st.session_state["lang"] = choice
        st.rerun()


def _prefill(view) -> None:
    """Put the saved answer (or the map's current state) into the widgets, once per link."""
    if st.session_state.get("_ans_loaded") == view.invite_id:
        return
    ss = st.session_state
    saved = view.answer or {}
    today = saved.get("today", [])
    own = {(x.actor_id, x.kind) for x in view.links}
    for link in view.links:
        ss[f"ans_own_{link.actor_id}_{link.kind}"] = "skip"
        ss[f"ans_own_s_{link.actor_id}_{link.kind}"] = link.strength
    picked = []
    for e in today:
        if (e.get("actor_id"), e.get("kind")) in own:
            ss[f"ans_own_{e['actor_id']}_{e['kind']}"] = "ended" if e.get("ended") else "still"
            ss[f"ans_own_s_{e['actor_id']}_{e['kind']}"] = e.get("strength", 1)
        elif not e.get("ended") and e.get("name") not in picked:
            picked.append(e["name"])
            ss[f"ans_tk_{_h(e['name'])}"] = e.get("kind", "dialogue")
            ss[f"ans_ts_{_h(e['name'])}"] = e.get("strength", 1)
    ss["ans_today"] = picked
    ss["ans_wish"] = [e["name"] for e in saved.get("wish", [])]
    for e in saved.get("wish", []):
        ss[f"ans_wn_{_h(e['name'])}"] = e.get("note", "")
    challenges = saved.get("challenges", [])
    ss["ans_nch"] = max(1, len(challenges))
    for i, c in enumerate(challenges):
        ss[f"ans_ch_{i}"] = c.get("text", "")
        ss[f"ans_chw_{i}"] = [w["name"] for w in c.get("with", [])]
    person = saved.get("contact") or {}
    ss["ans_cname"], ss["ans_cemail"], ss["ans_cphone"] = (person.get("name", ""), person.get("email", ""),
                                                           person.get("phone", ""))
    ss["_ans_loaded"] = view.invite_id


def _strength(label_key: str, key: str, default: int = 2) -> None:
    st.session_state.setdefault(key, default)
    st.radio(tr(label_key), (1, 2, 3), format_func={s: tr(f"survey.strength.{s}") for s in (1, 2, 3)}.get,
             horizontal=True, key=key)


def _kind(key: str) -> None:
    st.session_state.setdefault(key, "dialogue")
    st.selectbox(tr("survey.answer.kind"), KINDS, format_func={k: tr(f"survey.kind.{k}") for k in KINDS}.get, key=key)


def _names(view) -> list[str]:
    return [n for _i, n in view.actors]


def _today(view) -> None:
    st.subheader(tr("survey.q.today"))
    st.caption(tr("survey.q.today_help"))
    still = {s: tr(f"survey.answer.still.{s}") for s in STILL}
    if view.links:
        st.markdown("**" + md_escape(tr("survey.answer.on_map_now", n=len(view.links))) + "**")
    for link in view.links:
        k = f"ans_own_{link.actor_id}_{link.kind}"
        with st.container(border=True):
            st.markdown("**" + md_escape(link.name) + "** · " + md_escape(tr(f"survey.kind.{link.kind}")))
            st.session_state.setdefault(k, "skip")
            st.radio(tr("survey.answer.still_label"), STILL, format_func=still.get, key=k, label_visibility="collapsed")
            if st.session_state.get(k) == "still":
                _strength("survey.answer.strength", f"ans_own_s_{link.actor_id}_{link.kind}", link.strength)
    st.session_state.setdefault("ans_today", [])
    st.multiselect(tr("survey.answer.more_today"), _names(view), key="ans_today", accept_new_options=True,
                   max_selections=MAX_TODAY, placeholder=tr("survey.answer.pick_or_write"),
                   help=tr("survey.answer.pick_help"))
    for name in st.session_state.get("ans_today", []):
        with st.container(border=True):
            st.markdown("**" + md_escape(name) + "**")
            _kind(f"ans_tk_{_h(name)}")
            _strength("survey.answer.strength", f"ans_ts_{_h(name)}")


def _wish(view) -> None:
    st.subheader(tr("survey.q.wish"))
    st.caption(tr("survey.q.wish_help"))
    st.session_state.setdefault("ans_wish", [])
    st.multiselect(tr("survey.answer.wish_pick"), _names(view), key="ans_wish", accept_new_options=True,
                   max_selections=MAX_WISH, placeholder=tr("survey.answer.pick_or_write"))
    for name in st.session_state.get("ans_wish", []):
        k = f"ans_wn_{_h(name)}"
        st.session_state.setdefault(k, "")
        st.text_input(tr("survey.answer.wish_note", name=md_escape(name)), key=k, max_chars=MAX_NOTE,
                      placeholder=tr("survey.answer.wish_note_placeholder"))


def _challenges(view) -> None:
    st.subheader(tr("survey.q.challenges"))
    st.caption(tr("survey.q.challenges_help"))
    st.session_state.setdefault("ans_nch", 1)
    for i in range(int(st.session_state["ans_nch"])):
        with st.container(border=True):
            st.session_state.setdefault(f"ans_ch_{i}", "")
            st.text_area(tr("survey.answer.challenge", n=i + 1), key=f"ans_ch_{i}", max_chars=MAX_CHALLENGE, height=90)
            st.session_state.setdefault(f"ans_chw_{i}", [])
            st.multiselect(tr("survey.answer.challenge_with"), _names(view), key=f"ans_chw_{i}", accept_new_options=True,
                           max_selections=MAX_WITH, placeholder=tr("survey.answer.pick_or_write"))
    if st.session_state["ans_nch"] < MAX_CHALLENGES and st.button(tr("survey.answer.add_challenge"), key="ans_more_ch",
                                                                   icon=":material/add:"):
        st.session_state["ans_nch"] += 1
        st.rerun()


def _contact() -> None:
    st.subheader(tr("survey.answer.contact_heading"))
    st.info(tr("survey.answer.privacy"), icon=":material/lock:")
    for key, label, limit in (("ans_cname", "survey.answer.contact_name", MAX_NAME),
                              ("ans_cemail", "survey.answer.contact_email", MAX_EMAIL),
                              ("ans_cphone", "survey.answer.contact_phone", MAX_PHONE)):
        st.session_state.setdefault(key, "")
        st.text_input(tr(label), key=key, max_chars=limit)


def collect(view) -> dict:
    """The answer as the store takes it, from the widgets."""
    ss = st.session_state
    today = []
    for link in view.links:
        choice = ss.get(f"ans_own_{link.actor_id}_{link.kind}", "skip")
        if choice in ("still", "ended"):
            today.append({"actor_id": link.actor_id, "kind": link.kind, "ended": choice == "ended",
                          "strength": ss.get(f"ans_own_s_{link.actor_id}_{link.kind}", link.strength)
                          if choice == "still" else link.strength})
    for name in ss.get("ans_today", []):
        today.append({"name": name, "kind": ss.get(f"ans_tk_{_h(name)}", "dialogue"),
                      "strength": ss.get(f"ans_ts_{_h(name)}", 2)})
    wish = [{"name": n, "note": ss.get(f"ans_wn_{_h(n)}", "")} for n in ss.get("ans_wish", [])]
    challenges = [{"text": ss.get(f"ans_ch_{i}", ""), "with": list(ss.get(f"ans_chw_{i}", []))}
                  for i in range(int(ss.get("ans_nch", 1)))]
    contact = {"name": ss.get("ans_cname", ""), "email": ss.get("ans_cemail", ""), "phone": ss.get("ans_cphone", "")}
    return {"today": today, "wish": wish, "challenges": challenges, "contact": contact}


def _save(token: str, view) -> None:
    L = lang()
    try:
        with st.spinner(tr("survey.answer.saving"), show_time=False):
            with get_store().uow(user=respondent_user(view.invite_id), role=RESPONDENT_ROLE) as uow:
                uow.surveys.save_answer(token, collect(view), lang=L)
                uow.commit()
    except WeavingError as exc:
        st.error(md_escape(exc.message(L)), icon=":material/error:")
        return
    st.session_state["_ans_saved"] = True
    st.success(tr("survey.answer.saved", date=fmt_date(view.open_until, L)), icon=":material/check_circle:")


def answer_page() -> None:
    """The whole answer page: a message for a link that does not work, else the form."""
    st.html(NARROW)
    _language_choice()
    token = st.query_params.get("t", "")
    try:
        with get_store().uow(user="survey", role=RESPONDENT_ROLE) as uow:
            view = uow.surveys.respondent_view(token)
    except WeavingError as exc:
        st.title(tr("survey.answer.title_plain"))
        st.error(md_escape(exc.message(lang())), icon=":material/link_off:")
        st.caption(tr("survey.answer.bad_link_help"))
        return
    _prefill(view)
    L = lang()
    st.title(md_escape(view.round_title) if view.round_title else tr("survey.answer.title_plain"))
    st.markdown(tr("survey.answer.for_whom", actor="**" + md_escape(view.actor_name) + "**",
                   map="**" + md_escape(view.map_name) + "**"))
    st.caption(tr("survey.answer.intro", date=fmt_date(view.open_until, L)))
    if view.saved_at is not None:
        st.caption(tr("survey.answer.saved_before", date=fmt_date(view.saved_at, L)))
    _today(view)
    _wish(view)
    _challenges(view)
    _contact()
    st.divider()
    if st.button(tr("survey.answer.save"), type="primary", icon=":material/send:", width="stretch", key="ans_save"):
        _save(token, view)
