"""Helpers of the review page: each respondent's proposals against the current map, with
accept / edit / reject per proposal and "accept all from this respondent". Every
decision is one unit of work (the store audits who accepted what); names and answers
are user text and shown escaped."""
from __future__ import annotations

import hashlib

import streamlit as st

from weaving.core.errors import WeavingError
from weaving.core.schema import ACTOR_TYPES
from weaving.i18n import fmt_date
from weaving.ui.common import flash, labels_for, lang, md_escape, open_uow, run_uow, show_error, tr, vocab
from weaving.ui.survey import rate_text, round_title
from weaving.ui.survey_answer import KINDS

EDITABLE = ("new_actor", "new_link", "confirm", "desired", "challenge")


def _b(text: str) -> str:
    return "**" + md_escape(text) + "**"


def choose_round(map_id: int) -> int:
    """The round to review (newest first), or a friendly stop when the map has none."""
    L = lang()
    with open_uow() as uow:
        rounds = [(r.id, f"{round_title(r, L)} · {rate_text(uow.surveys.status(r.id))}") for r in uow.surveys.rounds(map_id)]
    if not rounds:
        st.info(tr("survey.review.no_rounds"), icon=":material/forum:")
        st.page_link("app_pages/survey.py", label=tr("survey.nav"), icon=":material/forum:")
        st.stop()
    shown = dict(rounds)
    return st.selectbox(tr("survey.review.round"), list(shown), format_func=shown.get, key=f"review_round_{map_id}")


def describe(item, me: str) -> tuple[str, list[str]]:
    """(the proposal in one markdown line, context lines) for an item of respondent ``me``."""
    kind = vocab("kind", item.kind) if item.kind else ""
    strength = vocab("strength", item.strength) if item.strength else ""
    a, b = _b(me), _b(item.other)
    ctx: list[str] = []
    if item.type == "new_actor":
        line = tr("survey.item.new_actor_elsewhere" if item.elsewhere else "survey.item.new_actor", name=b)
    elif item.type == "new_link":
        line = tr("survey.item.new_link", a=a, b=b, kind=md_escape(kind), strength=md_escape(strength))
    elif item.type == "confirm":
        line = tr("survey.item.confirm", a=a, b=b, kind=md_escape(kind))
        if item.map_strength and item.strength and item.map_strength != item.strength:
            ctx.append(tr("survey.ctx.strength", map=vocab("strength", item.map_strength), reported=strength))
    elif item.type == "ended":
        line = tr("survey.item.ended", a=a, b=b, kind=md_escape(kind))
    elif item.type == "desired":
        line = tr("survey.item.desired", a=a, b=b)
        if item.text:
            ctx.append(tr("survey.ctx.note", text=md_escape(item.text)))
    elif item.type == "challenge":
        line = tr("survey.item.challenge", text=md_escape(item.text))
        if item.partners:
            ctx.append(tr("survey.ctx.with", names=md_escape(", ".join(item.partners))))
        if item.new_partners:
            ctx.append(tr("survey.ctx.with_new", names=md_escape(", ".join(item.new_partners))))
    else:
        line = tr("survey.item.contact", name=b)
        details = ", ".join(x for x in (item.contact.get("email", ""), item.contact.get("phone", "")) if x)
        if details:
            ctx.append(md_escape(details))
    if item.type in ("new_link", "confirm", "desired"):
        if item.needs and item.other_id is None:
            ctx.append(tr("survey.ctx.needs_actor", name=b))
        elif item.type != "confirm":
            ctx.append(tr("survey.ctx.on_map", kinds=md_escape(", ".join(vocab("kind", k) for k in item.map_kinds)))
                       if item.map_kinds else tr("survey.ctx.not_linked"))
        if item.sides == "both":
            key = "survey.ctx.wish_both" if item.type == "desired" else "survey.ctx.both"
            kinds = ", ".join(vocab("kind", k) for k in item.other_kinds) or "–"
            ctx.append(tr(key, me=a, name=b, kinds=md_escape(kinds)))
        elif item.sides == "one":
            ctx.append(tr(f"survey.ctx.one_{item.why_one}", me=a, name=b))
    return line, ctx


def _edits(item, tag: str) -> dict:
    """The edit fields of a proposal (inside its popover); what the weaver changed."""
    out: dict = {}
    if item.type == "new_actor":
        out["name"] = st.text_input(tr("survey.review.edit_name"), value=item.other, max_chars=500, key=f"rv_en_{tag}")
        types = labels_for("type", ACTOR_TYPES)
        out["type"] = st.selectbox(tr("survey.review.edit_type"), ACTOR_TYPES, index=ACTOR_TYPES.index("other"),
                                   format_func=types.get, key=f"rv_et_{tag}")
    elif item.type in ("new_link", "confirm", "desired"):
        if item.type != "confirm":
            kinds = labels_for("kind", KINDS)
            out["kind"] = st.selectbox(tr("survey.review.edit_kind"), KINDS, index=KINDS.index(item.kind)
                                       if item.kind in KINDS else 0, format_func=kinds.get, key=f"rv_ek_{tag}")
        if item.type != "desired":
            strengths = labels_for("strength", (1, 2, 3))
            out["strength"] = st.radio(tr("survey.review.edit_strength"), (1, 2, 3), index=(item.strength or 1) - 1,
                                       format_func=strengths.get, horizontal=True, key=f"rv_es_{tag}")
    elif item.type == "challenge":
        out["text"] = st.text_area(tr("survey.review.edit_text"), value=item.text, max_chars=20_000, key=f"rv_ex_{tag}")
    return out


def _decide(round_id: int, invite_id: int, key: str, decision: str, edits: dict | None = None) -> None:
    ok, _ = run_uow(lambda uow: uow.surveys.decide(round_id, invite_id, key, decision, edits or {}))
    if ok:
        flash(tr("survey.review.done_accepted" if decision == "accepted" else "survey.review.done_rejected"),
              "success" if decision == "accepted" else "info")
        st.rerun()


def _item(round_id: int, resp, item) -> None:
    tag = f"{resp.invite_id}_{hashlib.sha1(item.key.encode('utf-8')).hexdigest()[:12]}"
    line, ctx = describe(item, resp.actor)
    with st.container(border=True):
        c1, c2 = st.columns([5, 2], vertical_alignment="center")
        c1.markdown(line)
        for text in ctx:
            c1.caption(text)
        if item.state == "accepted":
            c2.caption(":material/check_circle: " + md_escape(tr("survey.review.accepted_by", user=item.decided_by)))
            return
        if item.state == "on_map":
            c2.caption(":material/done_all: " + md_escape(tr("survey.review.on_map")))
            return
        if item.state == "rejected":
            c2.caption(":material/block: " + md_escape(tr("survey.review.rejected_by", user=item.decided_by)))
        if c2.button(tr("survey.review.accept"), key=f"rv_ok_{tag}", icon=":material/check:", type="primary",
                     width="stretch"):
            _decide(round_id, resp.invite_id, item.key, "accepted")
        if item.type in EDITABLE:
            with c2.popover(tr("survey.review.edit"), icon=":material/edit:", width="stretch"):
                edits = _edits(item, tag)
                if st.button(tr("survey.review.accept_edited"), key=f"rv_oke_{tag}", type="primary"):
                    _decide(round_id, resp.invite_id, item.key, "accepted", edits)
        if item.state != "rejected" and c2.button(tr("survey.review.reject"), key=f"rv_no_{tag}", icon=":material/close:",
                                                  width="stretch"):
            _decide(round_id, resp.invite_id, item.key, "rejected")


def review(round_id: int) -> None:
    """Every respondent of the round with their proposals."""
    L = lang()
    try:
        with open_uow() as uow:
            status = uow.surveys.status(round_id)
            respondents = uow.surveys.proposals(round_id)
    except WeavingError as exc:
        show_error(exc)
        st.stop()
    st.caption(rate_text(status))
    if not respondents:
        st.info(tr("survey.review.no_answers"), icon=":material/hourglass_empty:")
        return
    import pandas as pd

    st.dataframe(pd.DataFrame([{
        tr("survey.col.actor"): r.actor, tr("survey.col.saved"): fmt_date(r.updated_at, L),
        tr("survey.col.pending"): len(r.pending),
        tr("survey.col.accepted"): sum(1 for x in r.items if x.state == "accepted")} for r in respondents]),
        hide_index=True, width="stretch")
    by_id = {r.invite_id: r for r in respondents}
    labels = {r.invite_id: f"{r.actor} · {tr('survey.review.pending', n=len(r.pending))}" for r in respondents}
    first = next((i for i, r in enumerate(respondents) if r.pending), 0)
    picked = st.selectbox(tr("survey.review.respondent"), list(by_id), index=first, format_func=labels.get,
                          key=f"review_resp_{round_id}")
    resp = by_id[picked]
    st.markdown("#### " + md_escape(resp.actor))
    st.caption(tr("survey.review.answered", date=fmt_date(resp.updated_at, L)))
    pending = len(resp.pending)
    if pending and st.button(tr("survey.review.accept_all", n=pending), key=f"rv_all_{resp.invite_id}",
                             icon=":material/done_all:", type="primary"):
        ok, n = run_uow(lambda uow: uow.surveys.accept_all(round_id, resp.invite_id))
        if ok:
            flash(tr("survey.review.done_all", n=n, name=md_escape(resp.actor)))
            st.rerun()
    if not resp.items:
        st.caption(tr("survey.review.nothing"))
    for item in resp.items:
        _item(round_id, resp, item)
