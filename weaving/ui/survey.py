"""Helpers of the survey page (rounds, personal links, response rate), and the survey
figures the progress and map pages show. The respondent's form is in
:mod:`weaving.ui.survey_answer`, the review in :mod:`weaving.ui.survey_review`.

Personal links exist only when they are made (the database keeps their hash): the page
keeps the last ones made in this browser session, to copy or download as CSV, until the
weaver hides them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from weaving.core.errors import NotFoundError
from weaving.i18n import fmt_date
from weaving.ui.common import bump, flash, lang, md_escape, nonce, open_uow, run_uow, tr, vocab

ISSUED = "survey_issued"     # session key: the links made last (only in this session's memory)
STATES = ("answered", "waiting", "expired", "revoked")


@dataclass(frozen=True)
class Issued:
    """A link made in this session (what the CSV needs)."""

    actor: str
    contact: str
    email: str
    link: str
    expires_on: dt.date


def rate_text(st_) -> str:
    """'23 of 31 answered' for a RoundStatus."""
    return tr("survey.rate", answered=st_.answered, invited=st_.invited)


def round_title(rnd, L: str) -> str:
    return rnd.title or tr("survey.round_untitled", date=fmt_date(rnd.created_at, L))


@dataclass(frozen=True)
class RoundInfo:
    id: int
    title: str
    created_at: dt.datetime
    closes_on: dt.date


def _plain(rnd) -> RoundInfo:
    return RoundInfo(rnd.id, rnd.title, rnd.created_at, rnd.closes_on)


def _remember(links, round_id: int) -> None:
    st.session_state[ISSUED] = {"round": round_id, "links": [
        {"actor": x.actor, "contact": x.contact, "email": x.email, "link": x.link, "expires_on": x.expires_on}
        for x in links]}


def new_round_form(map_id: int) -> None:
    """Start a round: title, last day, the actors to ask (default all)."""
    with open_uow() as uow:
        actors = [(a.id, a.name) for a in uow.actors.list([map_id])]
    names = dict(actors)
    n = nonce("survey_new")
    with st.form(f"survey_new_{n}", border=True):
        st.markdown("**" + md_escape(tr("survey.page.new_heading")) + "**")
        c1, c2 = st.columns([3, 2])
        title = c1.text_input(tr("survey.page.round_title"), max_chars=300, key=f"survey_title_{n}",
                              placeholder=tr("survey.page.round_title_placeholder"))
        until = c2.date_input(tr("survey.page.until"), value=dt.date.today() + dt.timedelta(days=30),
                              min_value=dt.date.today(), format="YYYY-MM-DD", key=f"survey_until_{n}")
        chosen = st.multiselect(tr("survey.page.actors"), list(names), default=list(names), format_func=names.get,
                                key=f"survey_actors_{n}", help=tr("survey.page.actors_help"))
        go = st.form_submit_button(tr("survey.page.create"), type="primary", icon=":material/send:")
    if go:
        def create(uow):
            rnd, links = uow.surveys.create_round(map_id, until=until, actor_ids=chosen, title=title)
            return rnd.id, links

        ok, made = run_uow(create)
        if ok:
            round_id, links = made
            _remember(links, round_id)
            flash(tr("survey.page.created", n=len(links)))
            bump("survey_new")
            st.rerun()


def issued_links() -> None:
    """The links made last in this session: a list to copy, a table, and the CSV."""
    issued = st.session_state.get(ISSUED)
    if not issued:
        return
    from weaving.interchange.invites import invites_csv

    L = lang()
    rows = [Issued(**x) for x in issued["links"]]
    with st.container(border=True):
        st.markdown("**" + md_escape(tr("survey.page.links_heading", n=len(rows))) + "**")
        st.caption(tr("survey.page.links_help"))
        st.code("\n".join(f"{r.actor}\t{r.link}" for r in rows), language=None, wrap_lines=True)
        c1, c2 = st.columns(2)
        c1.download_button(tr("survey.page.csv"), invites_csv(rows, L), file_name=f"enkat-{issued['round']}.csv",
                           mime="text/csv", icon=":material/download:", on_click="ignore", key="survey_csv")
        if c2.button(tr("survey.page.hide_links"), key="survey_hide", icon=":material/visibility_off:"):
            st.session_state.pop(ISSUED, None)
            st.rerun()


def rounds_section(map_id: int) -> None:
    """Every round of the map: response rate, who has not answered, each link's state,
    and withdrawing or re-issuing links."""
    L = lang()
    with open_uow() as uow:   # plain values only: ORM objects expire when the unit of work closes
        data = [(_plain(r), uow.surveys.status(r.id), uow.surveys.invites(r.id)) for r in uow.surveys.rounds(map_id)]
        members = {a.id: a.name for a in uow.actors.list([map_id])}
    if not data:
        st.info(tr("survey.page.no_rounds"), icon=":material/forum:")
        return
    st.subheader(tr("survey.page.rounds_heading"))
    for i, (rnd, status, rows) in enumerate(data):
        label = f"{md_escape(round_title(rnd, L))} · {md_escape(rate_text(status))}"   # labels are markdown
        with st.expander(label, expanded=i == 0, icon=":material/forum:"):
            state = tr("survey.page.open_until" if status.is_open else "survey.page.closed_on",
                       date=fmt_date(rnd.closes_on, L))
            st.caption(state)
            c1, c2 = st.columns([1, 3])
            c1.metric(tr("survey.page.rate_label"), rate_text(status))
            if status.not_answered:
                c2.markdown("**" + md_escape(tr("survey.page.not_answered", n=len(status.not_answered))) + "**  \n"
                            + md_escape(", ".join(status.not_answered)))
            else:
                c2.success(tr("survey.page.all_answered"), icon=":material/check_circle:")
            states = {s: tr(f"survey.state.{s}") for s in STATES}
            st.dataframe(pd.DataFrame([{
                tr("survey.col.actor"): r.actor, tr("survey.col.state"): states[r.state],
                tr("survey.col.until"): fmt_date(r.expires_on, L),
                tr("survey.col.saved"): fmt_date(r.updated_at, L) if r.updated_at else "–"} for r in rows]),
                hide_index=True, width="stretch")
            _link_actions(rnd, rows, members)


def _link_actions(rnd, rows, members: dict[int, str]) -> None:
    asked = {r.actor_id: r.actor for r in rows}
    options = {**asked, **{i: n for i, n in members.items() if i not in asked}}
    n = nonce(f"survey_act_{rnd.id}")
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    picked = c1.multiselect(tr("survey.page.pick_actors"), list(options), format_func=options.get,
                            key=f"survey_pick_{rnd.id}_{n}", placeholder=tr("survey.page.pick_placeholder"),
                            help=tr("survey.page.pick_help"))
    until = c2.date_input(tr("survey.page.until"), value=max(rnd.closes_on, dt.date.today()), min_value=dt.date.today(),
                          format="YYYY-MM-DD", key=f"survey_reuntil_{rnd.id}_{n}")
    b1, b2 = st.columns(2)
    if b1.button(tr("survey.page.reissue"), key=f"survey_reissue_{rnd.id}", icon=":material/autorenew:",
                 disabled=not picked, width="stretch"):
        ok, links = run_uow(lambda uow: uow.surveys.reissue(rnd.id, picked, until=until))
        if ok:
            _remember(links, rnd.id)
            flash(tr("survey.page.reissued", n=len(links)))
            bump(f"survey_act_{rnd.id}")
            st.rerun()
    revocable = [i for i in picked if i in asked]
    if b2.button(tr("survey.page.revoke"), key=f"survey_revoke_{rnd.id}", icon=":material/link_off:",
                 disabled=not revocable, width="stretch"):
        ok, count = run_uow(lambda uow: uow.surveys.revoke(rnd.id, revocable))
        if ok:
            flash(tr("survey.page.revoked", n=count), "info")
            bump(f"survey_act_{rnd.id}")
            st.rerun()


# -- the survey on other pages -------------------------------------------------------------
def survey_progress(map_id: int) -> None:
    """The progress page: each round's response rate and who has not answered."""
    L = lang()
    with open_uow() as uow:
        data = [(_plain(r), uow.surveys.status(r.id)) for r in uow.surveys.rounds(map_id)]
    if not data:
        return
    with st.container(border=True):
        st.markdown("**" + md_escape(tr("survey.progress.heading")) + "**")
        for rnd, status in data[:3]:
            c1, c2 = st.columns([2, 3])
            c1.metric(md_escape(round_title(rnd, L)), rate_text(status))
            if status.not_answered:
                with c2.expander(tr("survey.page.not_answered", n=len(status.not_answered)), icon=":material/schedule:"):
                    st.text("\n".join(status.not_answered))
            else:
                c2.caption(tr("survey.page.all_answered"))


def survey_confirmations(map_ids) -> None:
    """The map page: links accepted from survey answers, and whether both sides reported them."""
    with open_uow() as uow:
        found = uow.surveys.confirmations(list(map_ids))
        if not found:
            return
        rows = []
        for link_id, reporters in sorted(found.items()):
            try:
                link = uow.links.get(link_id)
            except NotFoundError:   # deleted meanwhile
                continue
            both = {link.source_id, link.target_id} <= reporters
            who = tr("survey.confirm.both") if both else tr(
                "survey.confirm.one", name=(link.source if link.source_id in reporters else link.target).name)
            rows.append({tr("survey.col.from"): link.source.name, tr("survey.col.to"): link.target.name,
                         tr("survey.col.kind"): vocab("kind", link.kind), tr("survey.col.status"): vocab("status", link.status),
                         tr("survey.col.confirmed"): who})
    both_n = sum(1 for r in rows if r[tr("survey.col.confirmed")] == tr("survey.confirm.both"))
    with st.expander(tr("survey.confirm.heading", n=len(rows), both=both_n), icon=":material/verified:"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
