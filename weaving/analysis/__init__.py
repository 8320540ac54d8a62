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
    missing_links(G, top=20, seed=0, exclude=None, outcomes=None, cache_key=None) -> list[MissingLink]
    score_pairs(G, pairs, seed=0, outcomes=None, cache_key=None) -> numpy array
    weaving_stage(G, weaver=None, seed=0) -> Stage
    suggest_introductions(G, top=10, weaver=None, mode=None, exclude=None, seed=0,
                          outcomes=None, cache_key=None) -> list[Suggestion]
    draft_introduction(G, source, target, lang, contacts=None, challenges=None) -> Draft
    plan_step_back(G, weaver=None, seed=0) -> StepBackPlan
    bound_risks(G) -> Risks

Modules, each importing only the ones above it:

    messages    Msg, Name, render_msgs, jsonable (translatable texts)
    prepared    Prepared, prepare: active simple graph + CSR adjacency, components
    clusters    seeded Louvain, cluster names, modularity
    centrality  batched Brandes betweenness, efficiency, path length
    structure   Burt's constraint, effective size, bridges, cut points, k-cores
    brokers     per-actor roles (find_brokers)
    weavers     resolve_weavers: the weaver argument rules
    stage       weaving stage a-d and weaver dependence
    risks       person-/place-bound links and actors
    features    pair predictors: CN/RA/AA/Jaccard/PA, degrees, 3-step paths, distance,
                TF-IDF attribute cosine (scikit-learn), shared interests
    candidates  candidate pairs (2-hop, shared interests, desired)
    model       LinkModel: monotone gradient-boosted stack + calibrated RA (scikit-learn)
    training    the map's links (held out one by one), unlinked pairs, outcomes; fit_model
    linkpred    missing_links, score_pairs, pair reasons
    drafts      the draft message of an introduction
    suggest     weaving-aware introductions
    stepback    the step-back plan

Module docstrings give the reasoning behind each algorithm and threshold.
"""
from __future__ import annotations

from dataclasses import dataclass

from weaving.analysis.brokers import Brokers, find_brokers
from weaving.analysis.centrality import betweenness
from weaving.analysis.clusters import Clusters, find_clusters
from weaving.analysis.drafts import Draft, draft_introduction
from weaving.analysis.linkpred import MissingLink, missing_links, score_pairs
from weaving.analysis.messages import Msg, render_msgs
from weaving.analysis.prepared import prepare
from weaving.analysis.risks import Risks, bound_risks
from weaving.analysis.stage import Stage, weaving_stage
from weaving.analysis.stepback import PlanStep, StepBackPlan, plan_step_back
from weaving.analysis.suggest import MODES, Suggestion, suggest_introductions

__all__ = [
    "MODES",
    "Analysis",
    "Brokers",
    "Clusters",
    "Draft",
    "MissingLink",
    "Msg",
    "PlanStep",
    "Risks",
    "Stage",
    "StepBackPlan",
    "Suggestion",
    "analyse",
    "betweenness",
    "bound_risks",
    "draft_introduction",
    "find_brokers",
    "find_clusters",
    "missing_links",
    "plan_step_back",
    "render_msgs",
    "score_pairs",
    "suggest_introductions",
    "weaving_stage",
]


@dataclass(frozen=True)
class Analysis:
    """Result of ``analyse``.

    Attributes
    ----------
    clusters : Clusters
    brokers : Brokers
    stage : Stage
    risks : Risks
    seed : int
        The seed everything was computed with.

    ``to_dict(lang, members=True)`` is JSON-safe (``members=False`` leaves out
    the cluster member lists).
    """

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
    dependence, person-/place-bound risks.

    The graph is prepared once (active simple graph + sparse adjacency), so
    betweenness, clusters and cores are computed once and shared.

    Parameters
    ----------
    G : NetworkX graph
        Any of Graph, DiGraph, MultiGraph, MultiDiGraph in the weaving shape
        (``docs/graph-schema.md``); only active links count.
    weaver : node id or list of node ids, optional
        Default: the marked weavers, else the actor with the highest betweenness.
    seed : int, optional
        Seed of the clusters (and of sampled betweenness on big maps).

    Returns
    -------
    Analysis

    Raises
    ------
    ValidationError
        ``"analysis.error.unknown_weaver"`` for a weaver id not on the map
        (checked before anything else is computed).
    TypeError
        If ``G`` is not a NetworkX graph.

    See Also
    --------
    find_clusters, find_brokers, weaving_stage, bound_risks

    References
    ----------
    .. [1] V. Krebs and J. Holley, "Building Smart Communities through Network
       Weaving", 2002.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis import analyse
    >>> G = nx.Graph([("W", "a1"), ("W", "b1"), ("W", "c"), ("a1", "a2"), ("a2", "a3"),
    ...               ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3")])
    >>> G.nodes["W"]["is_weaver"] = True
    >>> a = analyse(G, seed=0)
    >>> a.stage.stage, len(a.clusters.clusters), a.brokers.with_role("gatekeeper")
    ('b', 3, ['a1', 'b1', 'W'])
    >>> sorted(a.to_dict("sv", members=False))
    ['brokers', 'clusters', 'risks', 'seed', 'stage']
    """
    prep = prepare(G)
    st = weaving_stage(prep, weaver=weaver, seed=seed)   # validates the weaver first
    cl = find_clusters(prep, seed=seed)
    br = find_brokers(prep, seed=seed)
    return Analysis(cl, br, st, bound_risks(prep), seed)
