"""Weaving stage (a-d) and weaver dependence, with the evidence behind it.

Several weavers are the goal, not a problem: "the weaver's first job is to create
more weavers" (Holley).  So dependence is measured *per weaver* -- the question is
whether the network rests on any single weaver -- never by removing all marked
weavers at once (a map whose five local weavers all vanish together falls apart,
but that is not what stepping back means).

Metrics (W = the weaver(s), see ``resolve_weavers``; per weaver w):
* components, largest component share (isolated actors count as components);
* Freeman betweenness centralisation sum(max - b_i) / (n - 1) on normalised
  betweenness (1 for a star, 0 for a ring or a complete graph);
* share of brokerage of w = betweenness of w / total betweenness; the *central
  weaver* is the weaver with the largest share (ties: larger cut-off, then input
  order) -- the one the network depends on most.  ``weaver_share`` is its share
  (= the largest single-weaver share); ``combined_share`` is all weavers together;
* pieces left when w *alone* is removed; ``cut_off`` of w = share of the other
  actors in w's component that are no longer in the largest remaining piece.
  ``components_without_weaver`` / ``cut_off`` report the worst single weaver;
  ``components_without_all`` removes every weaver at once (for information only);
* actors tied only to one weaver (their single contact is w; an actor tied to two
  weavers does not depend on either one);
* global efficiency (mean 1/d over all pairs: 0 for unreachable pairs, so it is
  robust to disconnected maps) and average path over connected pairs;
* core/periphery: k-core decomposition; "core hubs" are actors other than the
  central weaver in a k-core with k >= 2 that are hubs (degree >= 3 and >= 2x
  mean) or brokers (betweenness >= 3x mean) -- the "several weavers" of stage d;
  other marked weavers count when they are hubs, and the core hubs that are not
  marked are reported as ``emerging`` weavers.

Classification (thresholds are module constants, checked in this order):
* a  scattered: no links, or the largest component holds < 50 % of the actors;
* d  weaver steps back: largest component >= 80 %, density <= 50 %, no single
     weaver holds more than 25 % of the brokerage, no actor is tied only to one
     weaver, removing any one weaver cuts nobody off, and >= 2 core hubs besides
     the central weaver;
* b  hub-and-spoke: removing some single weaver cuts off > 10 % of its
     component, or a single weaver holds >= 50 % of all brokerage, or
     centralisation >= 0.5 with a weaver as the top broker;
* c  multi-hub: everything else.
With one weaver this is exactly the single-weaver model.  A complete (or near
complete, density > 0.5) map is never the goal: it has no hubs and fails the
density rule, so it cannot be d, and the evidence says so.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from weaving.analysis.centrality import betweenness
from weaving.analysis.messages import Msg, jsonable, name_list
from weaving.analysis.prepared import Prepared, components, prepare
from weaving.analysis.structure import articulation_points, core_numbers
from weaving.analysis.weavers import resolve_weavers

SCATTERED_LARGEST = 0.5
D_LARGEST = 0.8
D_WEAVER_SHARE = 0.25
D_CORE_HUBS = 2
B_CUT_OFF = 0.10
B_WEAVER_SHARE = 0.5
B_CENTRALISATION = 0.5
DENSE = 0.5
PER_WEAVER_AP_FILTER = 8    # above this many weavers only cut points are re-run (others cannot split)

STAGE_KEYS = {"a": "analysis.stage.a", "b": "analysis.stage.b", "c": "analysis.stage.c", "d": "analysis.stage.d"}


@dataclass(frozen=True)
class Dependence:
    """The weaver-dependence metrics behind a stage (see the module docstring)."""

    weavers: tuple
    weaver_source: str
    actors: int
    links: int
    density: float
    components: int
    largest_share: float
    centralisation: float
    weaver_share: float             # share of the central weaver (largest single-weaver share)
    components_without_weaver: int  # worst single weaver: pieces left when it alone is removed
    cut_off: float                  # worst single weaver
    dependent: tuple                # actors tied only to one weaver
    efficiency: float
    avg_path: float | None
    core_k: int
    core_size: int
    core_hubs: tuple                # hubs in the core besides the central weaver
    betweenness_exact: bool
    betweenness_error: float
    central_weaver: object = None   # the weaver the network depends on most
    combined_share: float = 0.0     # all weavers together
    components_without_all: int = 0  # pieces left when every weaver is removed at once
    emerging: tuple = ()            # core hubs not marked as weavers: candidate new weavers
    per_weaver: tuple = ()          # one dict per weaver: id, share, pieces, cut_off, dependent

    def to_dict(self) -> dict:
        return jsonable(self.__dict__)


@dataclass(frozen=True)
class Stage:
    """Result of ``weaving_stage``.

    Attributes
    ----------
    stage : {"a", "b", "c", "d"}
        Scattered, hub-and-spoke, multi-hub, weaver steps back.
    evidence : tuple of Msg
        First what the stage means, then the measurements behind it.
    dependence : Dependence
        The weaver-dependence metrics (``to_dict()`` is JSON-safe).

    ``label(lang)`` is the stage's name, e.g. "b: hub and spoke".
    """

    stage: str
    evidence: tuple[Msg, ...]
    dependence: Dependence

    def label(self, lang: str = "en") -> str:
        return Msg(STAGE_KEYS[self.stage]).render(lang)

    def to_dict(self, lang: str = "en") -> dict:
        return {"stage": self.stage, "label": self.label(lang),
                "evidence": [m.render(lang) for m in self.evidence],
                "evidence_msgs": [m.to_dict() for m in self.evidence],
                "dependence": self.dependence.to_dict()}


def per_weaver(prep: Prepared, wi: list[int], lab: np.ndarray, ncomp: int, wmask: np.ndarray,
               cut_points=None) -> list[dict]:
    """Pieces, cut-off and dependents when each weaver alone is removed."""
    A, deg = prep.A, prep.deg
    out = []
    for w in wi:
        nb = A.indices[A.indptr[w]:A.indptr[w + 1]]
        dep = np.sort(nb[(deg[nb] == 1) & ~wmask[nb]])
        if deg[w] == 0:
            out.append({"w": w, "pieces": max(0, ncomp - 1), "cut": 0.0, "dep": dep})
            continue
        if cut_points is not None and w not in cut_points:
            out.append({"w": w, "pieces": ncomp, "cut": 0.0, "dep": dep})
            continue
        mask = np.ones(prep.n, bool)
        mask[w] = False
        k, labw = components(A, mask)
        wc = (lab == lab[w]) & mask
        if wc.any():
            s = np.bincount(labw[wc])
            cut = 1.0 - s.max() / wc.sum()
        else:
            cut = 0.0
        out.append({"w": w, "pieces": int(k), "cut": float(cut), "dep": dep})
    return out


def measure(prep: Prepared, wi: list[int], source: str, bc, core: np.ndarray) -> dict:
    """All stage metrics as a plain dict (index-based; see module doc)."""
    n, m = prep.n, prep.m
    vals = bc.values
    ncomp, lab = components(prep.A) if n else (0, np.zeros(0, int))
    sizes = np.bincount(lab) if n else np.zeros(0)
    largest = sizes.max() / n if n else 0.0
    cent = float(np.sum(vals.max() - vals) / (n - 1)) if n > 2 else 0.0
    total = vals.sum()
    wmask = np.zeros(n, bool)
    wmask[wi] = True
    if wi and n > len(wi):
        cps = None
        if len(wi) > PER_WEAVER_AP_FILTER:
            cps = set(articulation_points(prep)) if prep.G is not None else None
        per = per_weaver(prep, wi, lab, int(ncomp), wmask, cps)
        if len(wi) == 1:
            kall = per[0]["pieces"]
        else:
            kall, _ = components(prep.A, ~wmask)
    else:
        per = [{"w": w, "pieces": max(0, int(ncomp) - 1), "cut": 0.0, "dep": np.zeros(0, int)} for w in wi]
        kall = max(0, ncomp - (1 if wi else 0))
    for x in per:
        x["share"] = float(vals[x["w"]] / total) if total > 0 else (1.0 if len(wi) == n else 0.0)
    central = max(per, key=lambda x: (x["share"], x["cut"], -wi.index(x["w"])))["w"] if per else None
    wshare = max((x["share"] for x in per), default=0.0)
    combined = float(vals[wi].sum() / total) if total > 0 and wi else (1.0 if wi and len(wi) == n else 0.0)
    dep = np.unique(np.concatenate([x["dep"] for x in per])) if per else np.zeros(0, int)
    kmax = int(core.max()) if n else 0
    linked = prep.deg > 0
    mean_deg = prep.deg[linked].mean() if linked.any() else 0.0
    hubs = ((prep.deg >= 3) & (prep.deg >= 2 * mean_deg)) | ((vals > 0) & (vals >= 3 * vals.mean() if n else False))
    not_central = np.ones(n, bool)
    if central is not None:
        not_central[central] = False
    hub_idx = np.flatnonzero(hubs & (core >= 2) & not_central) if n else np.zeros(0, int)
    hub_idx = hub_idx[np.lexsort((hub_idx, -vals[hub_idx]))] if len(hub_idx) else hub_idx
    return {
        "n": n, "m": m, "density": 2 * m / (n * (n - 1)) if n > 1 else 0.0,
        "components": int(ncomp), "largest": float(largest), "centralisation": cent,
        "wshare": wshare, "combined": combined, "central": central, "per": per,
        "kw": int(max((x["pieces"] for x in per), default=kall)), "kall": int(kall),
        "cut": float(max((x["cut"] for x in per), default=0.0)), "dep": dep,
        "efficiency": bc.efficiency, "avg_path": bc.avg_path, "kmax": kmax,
        "core_size": int((core == kmax).sum()) if n else 0, "core_hubs": hub_idx,
        "emerging": hub_idx[~wmask[hub_idx]] if len(hub_idx) else hub_idx,
        "top_is_weaver": bool(wi) and n > 0 and int(np.argmax(vals)) in wi,
    }


def classify(x: dict) -> str:
    if x["n"] == 0 or x["m"] == 0 or x["largest"] < SCATTERED_LARGEST:
        return "a"
    if (x["largest"] >= D_LARGEST and x["density"] <= DENSE and x["wshare"] <= D_WEAVER_SHARE
            and len(x["dep"]) == 0 and x["cut"] == 0 and len(x["core_hubs"]) >= D_CORE_HUBS):
        return "d"
    if (x["cut"] > B_CUT_OFF or x["wshare"] >= B_WEAVER_SHARE
            or (x["centralisation"] >= B_CENTRALISATION and x["top_is_weaver"])):
        return "b"
    return "c"


def evidence(prep: Prepared, x: dict, wi: list[int], source: str, bc) -> list[Msg]:
    pct = lambda v: int(round(100 * v))  # noqa: E731
    ev: list[Msg] = []
    names = [prep.name(i) for i in wi]
    several = len(wi) > 1
    if x["n"] == 0:
        return [Msg("analysis.evidence.empty")]
    if source == "fallback":
        ev.append(Msg("analysis.evidence.weaver_fallback", {"weaver": names}))
    elif several:
        ev.append(Msg("analysis.evidence.weavers", {"weavers": name_list(names, 8)}))
    elif names:
        ev.append(Msg("analysis.evidence.weaver", {"weaver": names}))
    if x["m"] == 0:
        ev.append(Msg("analysis.evidence.no_links", {"actors": x["n"]}))
        return ev
    if x["components"] == 1:
        ev.append(Msg("analysis.evidence.connected"))
    else:
        ev.append(Msg("analysis.evidence.components", {"count": x["components"], "largest_pct": pct(x["largest"])}))
    ev.append(Msg("analysis.evidence.centralisation", {"value": round(x["centralisation"], 2)}))
    if wi:
        per = sorted(x["per"], key=lambda p: (-p["share"], wi.index(p["w"])))
        central = prep.name(x["central"])
        if several:
            ev.append(Msg("analysis.evidence.central_weaver", {"weaver": central, "pct": pct(x["wshare"])}))
            ev.append(Msg("analysis.evidence.weaver_shares", {
                "shares": name_list([Msg("analysis.evidence.name_pct", {"name": prep.name(p["w"]), "pct": pct(p["share"])})
                                     for p in per], 8),
                "pct": pct(x["combined"])}))
        else:
            ev.append(Msg("analysis.evidence.weaver_share", {"weaver": names, "pct": pct(x["wshare"])}))
        splits = [p for p in sorted(per, key=lambda p: (-p["cut"], wi.index(p["w"]))) if p["cut"] > 0]
        for p in splits[:5]:
            ev.append(Msg("analysis.evidence.split_without", {"weaver": prep.name(p["w"]), "pieces": p["pieces"],
                                                                "cut_pct": pct(p["cut"])}))
        if not splits and x["components"] == 1:
            ev.append(Msg("analysis.evidence.survives_each") if several else
                      Msg("analysis.evidence.survives_without", {"weaver": names}))
        elif not splits:
            ev.append(Msg("analysis.evidence.no_cut_each") if several else
                      Msg("analysis.evidence.no_cut_without", {"weaver": names}))
        deps = [p for p in per if len(p["dep"])]
        for p in sorted(deps, key=lambda p: (-len(p["dep"]), wi.index(p["w"])))[:5]:
            ev.append(Msg("analysis.evidence.dependent_on", {"count": len(p["dep"]), "weaver": prep.name(p["w"]),
                                                               "names": name_list([prep.name(i) for i in p["dep"]], 3)}))
        if not deps:
            ev.append(Msg("analysis.evidence.none_dependent_each") if several else
                      Msg("analysis.evidence.none_dependent", {"weaver": names}))
    ev.append(Msg("analysis.evidence.efficiency", {"efficiency": round(x["efficiency"], 2),
                                                   "avg_path": round(x["avg_path"] or 0.0, 2)}))
    ev.append(Msg("analysis.evidence.core_size", {"k": x["kmax"], "size": x["core_size"]}))
    hub_names = name_list([prep.name(i) for i in x["core_hubs"]], 6)
    other = [central] if wi else []
    all_emerging = wi and len(x["core_hubs"]) and len(x["emerging"]) == len(x["core_hubs"])
    if not wi:
        ev.append(Msg("analysis.evidence.hubs", {"names": hub_names}) if len(x["core_hubs"])
                  else Msg("analysis.evidence.no_hubs"))
    elif all_emerging:   # every other hub is unmarked: name them as the weavers-to-be
        ev.append(Msg("analysis.evidence.hubs_emerging", {"weaver": other, "names": hub_names}))
    elif len(x["core_hubs"]):
        ev.append(Msg("analysis.evidence.hubs_besides", {"weaver": other, "names": hub_names}))
        if len(x["emerging"]):
            ev.append(Msg("analysis.evidence.emerging", {"names": name_list([prep.name(i) for i in x["emerging"]], 6)}))
    else:
        ev.append(Msg("analysis.evidence.no_hubs_besides", {"weaver": other}))
    if x["density"] > DENSE and x["n"] >= 6:
        ev.append(Msg("analysis.evidence.dense", {"pct": pct(x["density"])}))
    if not bc.exact:
        ev.append(Msg("analysis.evidence.sampled", {"pivots": bc.pivots, "bound": round(bc.error_bound, 3)}))
    return ev


def _build(prep: Prepared, wi, source, bc, core) -> Stage:
    x = measure(prep, wi, source, bc, core)
    st = classify(x)
    nodes = prep.nodes
    per = tuple({"id": nodes[p["w"]], "share": p["share"], "pieces": p["pieces"], "cut_off": p["cut"],
                 "dependent": [nodes[i] for i in p["dep"]]} for p in x["per"])
    dep = Dependence(
        tuple(nodes[i] for i in wi), source, x["n"], x["m"], x["density"], x["components"], x["largest"],
        x["centralisation"], x["wshare"], x["kw"], x["cut"], tuple(nodes[i] for i in x["dep"]),
        x["efficiency"], x["avg_path"], x["kmax"], x["core_size"], tuple(nodes[i] for i in x["core_hubs"]),
        bc.exact, bc.error_bound,
        nodes[x["central"]] if x["central"] is not None else None, x["combined"], x["kall"],
        tuple(nodes[i] for i in x["emerging"]), per)
    return Stage(st, tuple([Msg(STAGE_KEYS[st] + "_means")] + evidence(prep, x, wi, source, bc)), dep)


def weaving_stage(G, weaver=None, seed: int = 0) -> Stage:
    """Stage a-d of the map with the evidence and the weaver-dependence metrics.

    Krebs & Holley's four stages of network weaving: (a) scattered fragments,
    (b) a single hub-and-spoke network around the weaver, (c) a multi-hub
    network, (d) a core/periphery network in which the weaver has stepped back.
    The classification uses, per weaver w, the share of brokerage
    b(w) / sum_v b(v) (betweenness), the pieces and the share of actors cut off
    when w alone is removed and the actors tied only to w, plus Freeman's
    betweenness centralisation

        C_B = sum_v (max_u b(u) - b(v)) / (n - 1)

    on normalised betweenness (1 for a star, 0 for a ring), the largest
    component, density and the hubs of the k-core (rules and thresholds in the
    module docstring).

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any graph in the weaving shape; only active links count.
    weaver : node id or list of node ids, optional
        Default: the marked weavers, else the actor with the highest betweenness.
    seed : int, optional
        Seed for sampled betweenness on big maps.

    Returns
    -------
    Stage
        ``stage`` ("a"-"d"), ``evidence`` (messages) and ``dependence``.

    Raises
    ------
    ValidationError
        ``"analysis.error.unknown_weaver"`` for a weaver id not on the map.

    See Also
    --------
    plan_step_back : introductions that move a map from b towards d.
    betweenness, find_brokers

    References
    ----------
    .. [1] V. Krebs and J. Holley, "Building Smart Communities through Network
       Weaving", 2002.
    .. [2] L. C. Freeman, "Centrality in social networks: conceptual
       clarification", Social Networks 1(3), 215-239, 1979.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis import weaving_stage
    >>> G = nx.Graph([("W", "a1"), ("W", "b1"), ("W", "c"), ("a1", "a2"), ("a2", "a3"),
    ...               ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3")])
    >>> st = weaving_stage(G, weaver="W")
    >>> st.stage, st.label("en")
    ('b', 'b: hub and spoke')
    >>> d = st.dependence
    >>> round(d.weaver_share, 2), d.components_without_weaver, d.dependent
    (0.43, 3, ('c',))
    >>> st.evidence[5].render("en")
    'without W the network falls into 3 parts and 57 % of the actors are cut off'
    >>> weaving_stage(nx.Graph([("a", "b")]), weaver="zz")
    Traceback (most recent call last):
    ...
    weaving.core.errors.ValidationError: The weaver "zz" is not on the map.
    """
    prep = prepare(G)
    bc = betweenness(prep, seed=seed)
    wi, source = resolve_weavers(prep, weaver, bc.values)
    return _build(prep, wi, source, bc, core_numbers(prep))
