"""Network analysis for weaving: pure functions, graph in -> frozen dataclass out.

No Streamlit or database imports.  Every function accepts any NetworkX graph
(Graph, DiGraph, Multi*) and analyses its *active* links (existing + introduced,
via ``weaving.core.schema.active_simple_graph``); desired links are evidence for
suggestions.  Results are seedable and deterministic, node ids come back exactly
as in the input, and every ``to_dict(lang)`` is JSON-safe.  Texts are catalogue
messages (``weaving/i18n/analysis.json``) rendered in Swedish or English.

    analyse(G, weaver=None, seed=0) -> Analysis
    find_clusters(G, seed=0) -> Clusters
    find_brokers(G, seed=0) -> Brokers
    missing_links(G, top=20, seed=0, exclude=None) -> list[MissingLink]
    weaving_stage(G, weaver=None, seed=0) -> Stage
    suggest_introductions(G, top=10, weaver=None, mode=None, exclude=None, seed=0) -> list[Suggestion]
    plan_step_back(G, weaver=None, seed=0) -> StepBackPlan
    bound_risks(G) -> Risks

Module docstrings give the reasoning behind each algorithm and threshold.
"""
from __future__ import annotations

from dataclasses import dataclass

from weaving.analysis._core import Msg, prepare, render_msgs
from weaving.analysis.brokers import Brokers, betweenness, find_brokers
from weaving.analysis.clusters import Clusters, find_clusters
from weaving.analysis.linkpred import MissingLink, missing_links, score_pairs
from weaving.analysis.risks import Risks, bound_risks
from weaving.analysis.stage import Stage, weaving_stage
from weaving.analysis.weave import MODES, PlanStep, StepBackPlan, Suggestion, plan_step_back, suggest_introductions

__all__ = [
    "Analysis", "analyse", "find_clusters", "find_brokers", "missing_links", "score_pairs",
    "weaving_stage", "suggest_introductions", "plan_step_back", "bound_risks", "betweenness",
    "Clusters", "Brokers", "MissingLink", "Stage", "Suggestion", "StepBackPlan", "PlanStep",
    "Risks", "Msg", "MODES", "render_msgs",
]


@dataclass(frozen=True)
class Analysis:
    clusters: Clusters
    brokers: Brokers
    stage: Stage
    risks: Risks
    seed: int

    def to_dict(self, lang: str = "en", members: bool = True) -> dict:
        return {
            "seed": self.seed,
            "stage": self.stage.to_dict(lang),
            "clusters": self.clusters.to_dict(lang, members=members),
            "brokers": self.brokers.to_dict(lang),
            "risks": self.risks.to_dict(lang),
        }


def analyse(G, weaver=None, seed: int = 0) -> Analysis:
    """Everything the map page needs: clusters, brokers/roles, stage and weaver
    dependence, person-/place-bound risks.  Raises ValidationError
    ("analysis.error.unknown_weaver") for a weaver id not on the map."""
    prep = prepare(G)
    st = weaving_stage(prep, weaver=weaver, seed=seed)   # validates the weaver first
    cl = find_clusters(prep, seed=seed)
    br = find_brokers(prep, seed=seed)
    return Analysis(cl, br, st, bound_risks(prep), seed)
