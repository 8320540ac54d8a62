"""Introduktioner: weaving-aware suggestions (with a draft message each; dismissing one
teaches the link model), the introductions under way, the step-back plan."""
import datetime as dt

import pandas as pd
import streamlit as st

from weaving.core.errors import WeavingError
from weaving.core.schema import INTRO_LEVELS
from weaving.i18n import t
from weaving.ui.charts import plan_figure
from weaving.ui.common import flash, labels_for, lang, md_escape, open_uow, page_start, run_uow, show_error, tr, vocab
from weaving.analysis.drafts import draft_introduction
from weaving.ui.graphs import analysis_of, graph_or_stop, link_model_of, plan_of, prepared_of, suggestions_of
from weaving.ui.intros import OPEN, accept, actor_id, dismiss, draft_inputs, exclude_pairs, outcomes, recorded
from weaving.ui.introduce import dismiss_control, show_draft
from weaving.ui.mapchoice import maps_or_stop
from weaving.ui.weaver import choose_weaver

page_start("page.intro.title", "page.intro.intro")
chosen = maps_or_stop()
G = graph_or_stop(chosen)

L = lang()
names = {actor_id(n): str(d.get("label")) for n, d in G.nodes(data=True)}
with open_uow() as uow:
    rows = recorded(uow, set(names))
    learned = outcomes(uow, set(names))
    contacts, challenges = draft_inputs(uow, chosen, set(names))
weaver = choose_weaver(G, key="intro_weaver")
record_map = chosen[0] if len(chosen) == 1 else None
MODES = ("close_triangles", "bridge_clusters", "bypass_weaver")
mode_labels = {m: t(f"analysis.mode.{m}", L) for m in MODES}
open_rows = [r for r in rows if r.status in OPEN]

tab_s, tab_r, tab_p = st.tabs([tr("page.intro.tab_suggest"), tr("page.intro.tab_recorded", n=len(open_rows)),
                               tr("page.intro.tab_plan")])


def pair_text(a: int, b: int) -> str:
    return f"**{md_escape(names.get(a, '?'))}** ↔ **{md_escape(names.get(b, '?'))}**"


# -- suggestions ----------------------------------------------------------------------
with tab_s:
    mode_options = ("all", *MODES)
    mode_shown = {"all": tr("page.intro.mode_all"), **{m: mode_labels[m].capitalize() for m in MODES}}
    mode = st.segmented_control(tr("page.intro.mode"), mode_options, default="all", format_func=mode_shown.get,
                                key="intro_mode", help=tr("page.intro.mode_help")) or "all"
    c2, c3, c4 = st.columns([1, 3, 2])
    top = c2.number_input(tr("page.intro.top"), min_value=1, max_value=30, value=8, key="intro_top")
    level = c3.selectbox(tr("page.intro.level"), INTRO_LEVELS, format_func=labels_for("level", INTRO_LEVELS).get,
                         key="intro_level", help=tr("page.intro.level_help"))
    day = c4.date_input(tr("page.intro.date"), value=dt.date.today(), key="intro_date", format="YYYY-MM-DD")
    try:
        with st.spinner(tr("page.common.working")):
            sugg = suggestions_of(G, top=int(top), weaver=weaver, mode=None if mode == "all" else mode,
                                  exclude=exclude_pairs(rows), outcomes=learned)
            model = link_model_of(G, outcomes=learned)
    except WeavingError as exc:
        show_error(exc)
        sugg, model = [], None
    n_learned = int(model.n_outcomes) if model is not None else 0
    st.caption(tr("page.intro.learned", n=n_learned) if n_learned else tr("page.intro.learned_none"))
    if not sugg:
        st.info(tr("page.intro.no_suggestions"), icon=":material/eco:")
    P = prepared_of(G) if sugg else None
    for i, s in enumerate(sugg or []):
        a, b = actor_id(s.source), actor_id(s.target)
        with st.container(border=True):
            left, right = st.columns([5, 1], vertical_alignment="center")
            left.markdown(f"{i + 1}. {pair_text(a, b)}  \n:small[{md_escape(mode_labels.get(s.mode, s.mode))}]")
            left.write(md_escape(s.reason(L)))
            if right.button(tr("page.intro.accept"), key=f"accept_{s.source}_{s.target}", type="primary",
                            icon=":material/handshake:", help=tr("page.intro.accept_help")):
                ok, _ = run_uow(lambda uow, s=s: accept(uow, s, map_id=record_map, level=level, on=day, lang=L))
                if ok:
                    flash(tr("page.intro.accepted", a=md_escape(names.get(a, "?")), b=md_escape(names.get(b, "?"))))
                    st.rerun()
            why = dismiss_control(right, f"dismiss_{s.source}_{s.target}")
            if why:
                ok, _ = run_uow(lambda uow, s=s, why=why: dismiss(uow, s, why, map_id=record_map, on=day, lang=L))
                if ok:
                    flash(tr("page.intro.dismissed"))
                    st.rerun()
            show_draft(draft_introduction(P, s.source, s.target, L, contacts=contacts, challenges=challenges,
                                          weavers=None if weaver is None else [weaver]), f"draft_{s.source}_{s.target}")

# -- introductions under way ---------------------------------------------------------
with tab_r:
    if not rows:
        st.info(tr("page.intro.none_recorded"), icon=":material/edit_note:")
    for r in open_rows:
        with st.container(border=True):
            left, right = st.columns([3, 2], vertical_alignment="center")
            left.markdown(pair_text(r.a, r.b))
            bits = [vocab("level", r.level), vocab("intro", r.status),
                    tr("page.intro.since", date=str(r.made_on or r.suggested_on))]
            left.caption(" · ".join(md_escape(x) for x in bits))
            if r.reason:
                left.caption(md_escape(r.reason))
            b1, b2, b3 = right.columns(3)
            targets = [(b1, "made")] if r.status == "suggested" else []
            targets += [(b2, "confirmed"), (b3, "declined")]
            for col, status in targets:
                if col.button(tr(f"page.intro.mark_{status}"), key=f"intro_{status}_{r.id}", help=tr(f"page.intro.help_{status}")):
                    ok, _ = run_uow(lambda uow, r=r, status=status: uow.introductions.set_status(
                        r.id, status, expected_version=r.version))
                    if ok:
                        flash(tr(f"page.intro.done_{status}"))
                        st.rerun()
            why = dismiss_control(right, f"intro_dismiss_{r.id}")
            if why:
                ok, _ = run_uow(lambda uow, r=r, why=why: uow.introductions.dismiss(
                    r.id, why, expected_version=r.version))
                if ok:
                    flash(tr("page.intro.dismissed"))
                    st.rerun()
    done = [r for r in rows if r.status not in OPEN]
    if done:
        st.markdown(f"##### {tr('page.intro.finished')}")
        st.dataframe(pd.DataFrame([{
            tr("page.col.from"): names.get(r.a, "?"), tr("page.col.to"): names.get(r.b, "?"),
            tr("page.field.status"): " · ".join([vocab("intro", r.status)] +
                                                ([vocab("dismiss", r.dismiss_reason)] if r.dismiss_reason else [])),
            tr("page.intro.level"): vocab("level", r.level),
            tr("page.intro.date"): str(r.confirmed_on or r.declined_on or r.dismissed_on or "")} for r in done]),
            hide_index=True, width="stretch")

# -- the weaver's step-back plan -------------------------------------------------------
with tab_p:
    st.caption(tr("page.intro.plan_help"))
    try:
        with st.spinner(tr("page.common.working")):
            plan = plan_of(G, weaver=weaver)
            A = analysis_of(G, weaver=weaver)
    except WeavingError as exc:
        show_error(exc)
        plan = None
    if plan is None or not plan.steps:
        st.info(tr("page.intro.plan_empty"), icon=":material/park:")
    else:
        before, after = t(f"analysis.stage.{plan.stage_before}", L), t(f"analysis.stage.{plan.stage_after}", L)
        c1, c2, c3 = st.columns(3)
        c1.metric(tr("page.intro.plan_steps"), plan.length)
        c2.metric(tr("page.intro.plan_stage_now"), before)
        c3.metric(tr("page.intro.plan_stage_after"), after)
        if plan.goal_reached:
            st.success(tr("page.intro.plan_goal", n=int(plan.length)), icon=":material/flag:")
        else:
            st.warning(tr("page.intro.plan_not_goal"), icon=":material/explore:")
        dep = A.stage.dependence
        points = [(0, dep.components_without_weaver, len(dep.dependent))]
        points += [(i + 1, s.components_without_weaver, s.dependent) for i, s in enumerate(plan.steps)]
        st.plotly_chart(plan_figure(points, tr("page.intro.plan_pieces"), tr("page.intro.plan_dependent"),
                                    tr("page.intro.plan_step")), width="stretch", config={"displayModeBar": False},
                        key="plan_chart")
        st.dataframe(pd.DataFrame([{
            tr("page.intro.plan_step"): i + 1,
            tr("page.col.from"): names.get(actor_id(s.source), str(s.source)),
            tr("page.col.to"): names.get(actor_id(s.target), str(s.target)),
            tr("page.intro.plan_what_if"): t(f"analysis.stage.{s.stage}", L),
            tr("page.intro.plan_pieces"): s.components_without_weaver,
            tr("page.intro.plan_dependent"): s.dependent,
            tr("page.intro.reason"): s.reason(L)} for i, s in enumerate(plan.steps)]),
            hide_index=True, width="stretch")
