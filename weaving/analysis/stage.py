"""Weaving stage (a-d) and weaver dependence, with the evidence behind it.

Metrics (W = the weaver(s), see ``resolve_weavers``):
* components, largest component share (isolated actors count as components);
* Freeman betweenness centralisation sum(max - b_i) / (n - 1) on normalised
  betweenness (1 for a star, 0 for a ring or a complete graph);
* weaver share of brokerage = betweenness of W / total betweenness;
* components left when W is removed; ``cut_off`` = share of the other actors in
  W's component that are no longer in the largest remaining piece;
* actors tied only to the weaver (every contact is in W);
* global efficiency (mean 1/d over all pairs: 0 for unreachable pairs, so it is
  robust to disconnected maps) and average path over connected pairs;
* core/periphery: k-core decomposition; "core hubs" are actors other than W in a
  k-core with k >= 2 that are hubs (degree >= 3 and >= 2x mean) or brokers
  (betweenness >= 3x mean) -- the "several weavers" of stage d.

Classification (thresholds are module constants, checked in this order):
* a  scattered: no links, or the largest component holds < 50 % of the actors;
* d  weaver steps back: largest component >= 80 %, weaver share <= 25 %, nobody
     depends only on the weaver, removing the weaver cuts nobody off, and >= 2
     core hubs besides the weaver;
* b  hub-and-spoke: removing the weaver cuts off > 10 % of its component, or the
     weaver holds >= 50 % of all brokerage, or centralisation >= 0.5 with the
     weaver as the top broker;
* c  multi-hub: everything else.
A complete (or near complete, density > 0.5) map is never the goal: it has no
hubs, so it cannot be d, and the evidence says so.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from weaving.analysis._core import Msg, Prepared, components, jsonable, prepare, resolve_weavers

SCATTERED_LARGEST = 0.5
D_LARGEST = 0.8
D_WEAVER_SHARE = 0.25
D_CORE_HUBS = 2
B_CUT_OFF = 0.10
B_WEAVER_SHARE = 0.5
B_CENTRALISATION = 0.5
DENSE = 0.5

STAGE_KEYS = {"a": "analysis.stage.a", "b": "analysis.stage.b", "c": "analysis.stage.c", "d": "analysis.stage.d"}


@dataclass(frozen=True)
class Dependence:
    weavers: tuple
    weaver_source: str
    actors: int
    links: int
    density: float
    components: int
    largest_share: float
    centralisation: float
    weaver_share: float
    components_without_weaver: int
    cut_off: float
    dependent: tuple            # actors tied only to the weaver
    efficiency: float
    avg_path: float | None
    core_k: int
    core_size: int
    core_hubs: tuple
    betweenness_exact: bool
    betweenness_error: float

    def to_dict(self) -> dict:
        return jsonable(self.__dict__)


@dataclass(frozen=True)
class Stage:
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


def measure(prep: Prepared, wi: list[int], source: str, bc, core: np.ndarray) -> dict:
    """All stage metrics as a plain dict (index-based; see module doc)."""
    n, m = prep.n, prep.m
    vals = bc.values
    ncomp, lab = components(prep.A) if n else (0, np.zeros(0, int))
    sizes = np.bincount(lab) if n else np.zeros(0)
    largest = sizes.max() / n if n else 0.0
    cent = float(np.sum(vals.max() - vals) / (n - 1)) if n > 2 else 0.0
    total = vals.sum()
    wshare = float(vals[wi].sum() / total) if total > 0 and wi else (1.0 if wi and len(wi) == n else 0.0)
    wmask = np.zeros(n, bool)
    wmask[wi] = True
    if wi and n > len(wi):
        kw, labw = components(prep.A, ~wmask)
        wcomp = np.isin(lab, lab[wi]) & ~wmask      # other actors in W's component(s)
        if wcomp.any():
            s = np.bincount(labw[wcomp])
            cut = 1.0 - s.max() / wcomp.sum()
        else:
            cut = 0.0
        nbr_in_w = np.asarray(prep.A[:, wi].sum(axis=1)).ravel()
        dep = np.flatnonzero((~wmask) & (prep.deg > 0) & (nbr_in_w == prep.deg))
    else:
        kw, cut, dep = max(0, ncomp - (1 if wi else 0)), 0.0, np.zeros(0, int)
    kmax = int(core.max()) if n else 0
    linked = prep.deg > 0
    mean_deg = prep.deg[linked].mean() if linked.any() else 0.0
    hubs = ((prep.deg >= 3) & (prep.deg >= 2 * mean_deg)) | ((vals > 0) & (vals >= 3 * vals.mean() if n else False))
    core_hubs = np.flatnonzero(hubs & (core >= 2) & ~wmask) if n else np.zeros(0, int)
    return {
        "n": n, "m": m, "density": 2 * m / (n * (n - 1)) if n > 1 else 0.0,
        "components": int(ncomp), "largest": float(largest), "centralisation": cent,
        "wshare": wshare, "kw": int(kw), "cut": float(cut), "dep": dep,
        "efficiency": bc.efficiency, "avg_path": bc.avg_path, "kmax": kmax,
        "core_size": int((core == kmax).sum()) if n else 0, "core_hubs": core_hubs,
        "top_is_weaver": bool(wi) and n > 0 and int(np.argmax(vals)) in wi,
    }


def classify(x: dict) -> str:
    if x["n"] == 0 or x["m"] == 0 or x["largest"] < SCATTERED_LARGEST:
        return "a"
    if (x["largest"] >= D_LARGEST and x["wshare"] <= D_WEAVER_SHARE and len(x["dep"]) == 0
            and x["cut"] == 0 and len(x["core_hubs"]) >= D_CORE_HUBS):
        return "d"
    if (x["cut"] > B_CUT_OFF or x["wshare"] >= B_WEAVER_SHARE
            or (x["centralisation"] >= B_CENTRALISATION and x["top_is_weaver"])):
        return "b"
    return "c"


def evidence(prep: Prepared, x: dict, wi: list[int], source: str, bc) -> list[Msg]:
    pct = lambda v: int(round(100 * v))  # noqa: E731
    ev: list[Msg] = []
    names = [prep.label(i) for i in wi]
    if x["n"] == 0:
        return [Msg("analysis.evidence.empty")]
    if source == "fallback":
        ev.append(Msg("analysis.evidence.weaver_fallback", {"weaver": names}))
    elif names:
        ev.append(Msg("analysis.evidence.weaver", {"weaver": names}))
    if x["m"] == 0:
        ev.append(Msg("analysis.evidence.no_links", {"actors": x["n"]}))
        return ev
    ev.append(Msg("analysis.evidence.components", {"count": x["components"], "largest_pct": pct(x["largest"])}))
    ev.append(Msg("analysis.evidence.centralisation", {"value": round(x["centralisation"], 2)}))
    if wi:
        ev.append(Msg("analysis.evidence.weaver_share", {"weaver": names, "pct": pct(x["wshare"])}))
        if x["cut"] > 0:
            ev.append(Msg("analysis.evidence.split", {"pieces": x["kw"], "cut_pct": pct(x["cut"])}))
        else:
            ev.append(Msg("analysis.evidence.survives"))
        ev.append(Msg("analysis.evidence.dependent", {"count": len(x["dep"])}))
    ev.append(Msg("analysis.evidence.efficiency", {"efficiency": round(x["efficiency"], 2),
                                                   "avg_path": round(x["avg_path"] or 0.0, 2)}))
    ev.append(Msg("analysis.evidence.core", {"k": x["kmax"], "size": x["core_size"], "hubs": len(x["core_hubs"])}))
    if x["density"] > DENSE and x["n"] >= 6:
        ev.append(Msg("analysis.evidence.dense", {"pct": pct(x["density"])}))
    if not bc.exact:
        ev.append(Msg("analysis.evidence.sampled", {"pivots": bc.pivots, "bound": round(bc.error_bound, 3)}))
    return ev


def _build(prep: Prepared, wi, source, bc, core) -> Stage:
    x = measure(prep, wi, source, bc, core)
    st = classify(x)
    nodes = prep.nodes
    dep = Dependence(
        tuple(nodes[i] for i in wi), source, x["n"], x["m"], x["density"], x["components"], x["largest"],
        x["centralisation"], x["wshare"], x["kw"], x["cut"], tuple(nodes[i] for i in x["dep"]),
        x["efficiency"], x["avg_path"], x["kmax"], x["core_size"], tuple(nodes[i] for i in x["core_hubs"]),
        bc.exact, bc.error_bound)
    return Stage(st, tuple([Msg(STAGE_KEYS[st] + "_means")] + evidence(prep, x, wi, source, bc)), dep)


def weaving_stage(G, weaver=None, seed: int = 0) -> Stage:
    """Stage a-d of the map with the evidence and the weaver-dependence metrics."""
    from weaving.analysis.brokers import betweenness, core_numbers

    prep = prepare(G)
    bc = betweenness(prep, seed=seed)
    wi, source = resolve_weavers(prep, weaver, bc.values)
    return _build(prep, wi, source, bc, core_numbers(prep))
