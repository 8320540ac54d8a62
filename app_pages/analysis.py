"""Analys: where the network is on the way a-d, and why (thin page)."""
import pandas as pd
import streamlit as st

from weaving.core.errors import WeavingError
from weaving.i18n import t
from weaving.ui.charts import STAGES, brokers_figure, clusters_figure, roles_figure, stage_figure
from weaving.ui.common import counts_caption, lang, md_escape, page_start, sees_personal, show_error, tr, vocab
from weaving.ui.graphs import analysis_of, graph_or_stop, node_labels
from weaving.ui.mapchoice import maps_or_stop
from weaving.ui.weaver import choose_weaver

page_start("page.analysis.title", "page.analysis.intro")
chosen = maps_or_stop()
st.caption(counts_caption(chosen))

personal = sees_personal()   # who carries a link is personal data: editors and admins only
G = graph_or_stop(chosen, include_personal=personal)
labels = node_labels(G)
weaver = choose_weaver(G, key="analysis_weaver")
try:
    with st.spinner(tr("page.common.working")):
        A = analysis_of(G, weaver=weaver)
except WeavingError as exc:
    show_error(exc)
    st.stop()

L = lang()
stage, dep = A.stage, A.stage.dependence
stage_labels = {s: t(f"analysis.stage.{s}", L) for s in STAGES}

# -- stage a-d -------------------------------------------------------------------
st.subheader(tr("page.analysis.stage_heading"))
c1, c2 = st.columns([1, 2])
with c1:
    st.plotly_chart(stage_figure(stage.stage, stage_labels), width="stretch", config={"displayModeBar": False},
                    key="stage_chart")
with c2:
    st.markdown(f"### {md_escape(stage.label(L))}")
    means = t(f"analysis.stage.{stage.stage}_means", L)
    st.markdown(md_escape(means[:1].upper() + means[1:] + "."))
    st.caption(tr("page.analysis.evidence"))
    for line in stage.evidence[1:]:
        st.markdown("- " + md_escape(line.render(L)))

# -- weaver dependence -------------------------------------------------------------
st.subheader(tr("page.analysis.dependence_heading"))
weaver_names = ", ".join(labels.get(w, str(w)) for w in dep.weavers) or "–"
st.caption(tr("page.analysis.weaver_is", name=md_escape(weaver_names)))
m = st.columns(5)
m[0].metric(tr("page.analysis.m_weaver_share"), f"{dep.weaver_share:.0%}", help=tr("page.analysis.h_weaver_share"))
m[1].metric(tr("page.analysis.m_pieces"), dep.components_without_weaver, help=tr("page.analysis.h_pieces"))
m[2].metric(tr("page.analysis.m_dependent"), len(dep.dependent), help=tr("page.analysis.h_dependent"))
m[3].metric(tr("page.analysis.m_central"), f"{dep.centralisation:.2f}", help=tr("page.analysis.h_central"))
m[4].metric(tr("page.analysis.m_path"), f"{dep.avg_path:.1f}" if dep.avg_path else "–", help=tr("page.analysis.h_path"))
if dep.dependent:
    st.warning(tr("page.analysis.dependent_list", names=md_escape(", ".join(labels.get(n, str(n)) for n in dep.dependent))),
               icon=":material/warning:")

# -- brokers, roles, clusters -------------------------------------------------------
role_labels = {r: t(f"analysis.role.{r}", L) for r in ("isolated", "newcomer", "gatekeeper", "broker", "hub",
                                                         "peripheral", "member")}
c1, c2 = st.columns(2)
with c1:
    st.subheader(tr("page.analysis.brokers_heading"))
    st.caption(tr("page.analysis.brokers_help"))
    st.plotly_chart(brokers_figure(list(A.brokers.actors), role_labels), width="stretch",
                    config={"displayModeBar": False}, key="brokers_chart")
with c2:
    st.subheader(tr("page.analysis.roles_heading"))
    st.caption(tr("page.analysis.roles_help"))
    st.plotly_chart(roles_figure(list(A.brokers.actors), role_labels), width="stretch",
                    config={"displayModeBar": False}, key="roles_chart")

st.subheader(tr("page.analysis.clusters_heading", n=len(A.clusters.clusters)))
st.caption(tr("page.analysis.clusters_help"))
cl = [(c.name.render(L), c.size) for c in A.clusters.clusters]
if cl:
    st.plotly_chart(clusters_figure(cl), width="stretch", config={"displayModeBar": False}, key="clusters_chart")
with st.expander(tr("page.analysis.actor_table"), icon=":material/table_view:"):
    rows = [{tr("page.field.name"): a.label, tr("page.analysis.col_role"): role_labels.get(a.role, a.role),
             tr("page.analysis.col_links"): a.degree, tr("page.analysis.col_between"): round(float(a.betweenness), 3),
             tr("page.analysis.col_cluster"): cl[a.cluster][0] if 0 <= a.cluster < len(cl) else "–"}
            for a in sorted(A.brokers.actors, key=lambda a: -float(a.betweenness))]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

# -- person- and place-bound risks ---------------------------------------------------
st.subheader(tr("page.analysis.risks_heading"))
st.caption(tr("page.analysis.risks_help"))
risks = A.risks


def person(p) -> str:
    """A carrier's name, or "(hidden)" for a viewer (the graph has ``contact:<id>``)."""
    return (p if personal else tr("page.personal.hidden")) if p else ""


if not risks.links and not risks.actors:
    st.success(tr("page.analysis.no_risks"), icon=":material/check_circle:")
else:
    c1, c2 = st.columns(2)
    c1.metric(tr("page.analysis.m_bound_links"), len(risks.links))
    c2.metric(tr("page.analysis.m_bound_actors"), len(risks.actors))
    if risks.actors:
        st.dataframe(pd.DataFrame([{tr("page.field.name"): r.label, tr("page.analysis.col_person"): person(r.person),
                                    tr("page.field.place"): r.place or "", tr("page.analysis.col_links"): r.links}
                                   for r in risks.actors]), hide_index=True, width="stretch")
    with st.expander(tr("page.analysis.bound_links", n=len(risks.links)), icon=":material/link:"):
        st.dataframe(pd.DataFrame([{tr("page.col.from"): labels.get(r.source, str(r.source)),
                                    tr("page.col.to"): labels.get(r.target, str(r.target)),
                                    tr("page.col.kind"): vocab("kind", r.kind) if r.kind else "",
                                    tr("page.analysis.col_person"): person(r.person),
                                    tr("page.field.place"): r.place or ""} for r in risks.links]),
                     hide_index=True, width="stretch")
