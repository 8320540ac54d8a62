"""Weaving-aware introductions.

Why not plain link prediction: Adamic-Adar / resource allocation rank highest
the pairs with many (low-degree) common contacts -- which for a hub-and-spoke map
means *the weaver and anyone two steps away*, and pairs inside one cluster.
Following them ties even more actors to the weaver.  So:

* the weaver(s) are never an endpoint of a suggestion;
* each candidate pair (from ``candidates``; probability ``p`` from the map's own
  link model, ``training.fit_model``) is eligible for one or more *modes*:
  - ``bypass_weaver``: the two actors are in different pieces of the map once
    some *single* weaver is removed (their only connection runs through that
    weaver; with several weavers each is removed on its own, as in
    ``stage``); weight doubled for each actor tied only to one weaver;
  - ``bridge_clusters``: the actors are in different clusters (structural hole);
  - ``close_triangles``: they share a contact *other than the weaver*;
* utility = p x (1 + dependency bonus) x (1 + 0.5 x emerging-weaver score), the
  emerging-weaver score being the betweenness percentile among non-weavers
  ("the weaver's first job is to create more weavers");
* big maps (more than ``CAP_MIN_ACTORS`` actors): a 2-hop pair is scored only
  if it is among the ``CANDIDATE_CAP`` (50) best partners of one of its actors by
  resource allocation (cheap sparse A @ D^-1 @ A product, ties at the cut kept)
  or bypasses a weaver; pairs sharing interests or marked desired are always
  scored.  Small maps score every candidate, so their results are exact;
* selection is greedy with a per-actor cap of ceil(top/4) (relaxed only if
  nothing else is left), so no single actor gets most introductions; without a
  ``mode`` the modes take turns in a stage-dependent rotation (b: mostly bypass;
  a/c: bridging first; d: closure first), balancing closure and bridging.

``_Context`` (everything these scores need, computed once per map) is shared
with the step-back plan (``stepback``).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from weaving.analysis.candidates import CANDIDATE_CAP, CAP_MIN_ACTORS, iter_candidates, pair_keys
from weaving.analysis.centrality import betweenness
from weaving.analysis.clusters import cluster_labels, find_clusters
from weaving.analysis.linkpred import adjust, pair_reason
from weaving.analysis.messages import Msg, jsonable, render_msgs
from weaving.analysis.prepared import Prepared, components, prepare
from weaving.analysis.stage import _build
from weaving.analysis.structure import core_numbers
from weaving.analysis.training import fit_model, judged_keys, outcome_key
from weaving.analysis.weavers import resolve_weavers
from weaving.core.errors import ValidationError

__all__ = ["MODES", "Suggestion", "suggest_introductions"]

MODES = ("close_triangles", "bridge_clusters", "bypass_weaver")
ROTATION = {
    "a": ("bridge_clusters", "bypass_weaver", "close_triangles"),
    "b": ("bypass_weaver", "bridge_clusters", "bypass_weaver", "close_triangles"),
    "c": ("bridge_clusters", "close_triangles", "bypass_weaver"),
    "d": ("close_triangles", "bridge_clusters", "bypass_weaver"),
}


@dataclass(frozen=True)
class Suggestion:
    """One introduction of ``suggest_introductions``.

    Attributes
    ----------
    source, target : node id
        The two actors to introduce (never a weaver).
    score : float
        Weaving utility (probability x dependency bonus x emerging-weaver bonus).
    mode : str
        The kind of introduction, one of ``MODES``.
    probability : float
        The link model's probability for the pair, in (0, 1).
    reason_msgs : tuple of Msg
        The evidence; ``reason(lang)`` renders it as one sentence.
    """

    source: object
    target: object
    score: float
    mode: str
    probability: float
    reason_msgs: tuple[Msg, ...]

    def reason(self, lang: str = "en") -> str:
        return render_msgs(self.reason_msgs, lang)

    def to_dict(self, lang: str = "en") -> dict:
        return {"source": jsonable(self.source), "target": jsonable(self.target),
                "score": round(float(self.score), 6), "mode": self.mode, "reason": self.reason(lang),
                "probability": round(float(self.probability), 6),
                "reason_msgs": [m.to_dict() for m in self.reason_msgs]}


class _Context:
    """Everything the weaving scores need, computed once per map."""

    def __init__(self, prep: Prepared, weaver, seed: int, outcomes=None, cache_key=None):
        self.prep = prep
        self.seed = seed
        self.outcomes = outcomes
        self.bc = betweenness(prep, seed=seed)
        self.wi, self.source = resolve_weavers(prep, weaver, self.bc.values)
        n = prep.n
        self.wmask = np.zeros(n, bool)
        self.wmask[self.wi] = True
        self.clusters = find_clusters(prep, seed=seed)
        self.labels = cluster_labels(prep, seed)
        A, deg = prep.A, prep.deg
        self.k0, self.lab0 = components(A) if n else (0, np.zeros(0, int))
        # per weaver: the pieces left when that weaver *alone* is removed; only
        # weavers that split their component matter (others separate nobody)
        self.splits: list[tuple[int, np.ndarray]] = []
        for w in self.wi:
            if deg[w] == 0:
                continue
            mask = np.ones(n, bool)
            mask[w] = False
            k, lab = components(A, mask)
            if k > self.k0:
                self.splits.append((w, lab))
        if self.wi:
            self.Aw = A[:, self.wi].toarray() > 0
        else:
            self.Aw = np.zeros((n, 0), bool)
        # actors tied only to one weaver: one link, and it goes to a weaver
        self.dep_on = np.full(n, -1, dtype=np.int64)
        single = np.flatnonzero(deg == 1)
        if len(single):
            nb = A.indices[A.indptr[single]]
            hit = self.wmask[nb] & ~self.wmask[single]
            self.dep_on[single[hit]] = nb[hit]
        self.dep = self.dep_on >= 0
        vals = self.bc.values
        others = ~self.wmask
        emerg = np.zeros(n)
        if others.sum() > 1:
            ranks = vals[others].argsort(kind="stable").argsort(kind="stable")
            emerg[others] = ranks / (others.sum() - 1)
        self.emerg = emerg
        self.model = fit_model(prep, seed, outcomes, cache_key)
        self.stage = _build(prep, self.wi, self.source, self.bc, core_numbers(prep))

    def separated(self, us, vs) -> np.ndarray:
        """Pairs whose only connection runs through one weaver (or who are not
        connected at all): in different pieces once some single weaver is removed."""
        out = self.lab0[us] != self.lab0[vs]
        for _w, lab in self.splits:
            out |= lab[us] != lab[vs]
        return out

    def separating(self, i: int, j: int) -> list[int]:
        return [w for w, lab in self.splits if lab[i] != lab[j]]

    def score_chunk(self, us, vs, F, excl):
        prep = self.prep
        keys = us * prep.n + vs
        p = adjust(prep, keys, self.model.predict(F), self.outcomes)
        ok = ~(self.wmask[us] | self.wmask[vs])
        if len(excl):
            ok &= ~np.isin(keys, excl)
        cn = np.rint(np.expm1(F[:, 0]))
        cnw = (self.Aw[us] & self.Aw[vs]).sum(axis=1) if self.Aw.shape[1] else np.zeros(len(us))
        spread = 1.0 + 0.5 * np.maximum(self.emerg[us], self.emerg[vs])
        depb = 1.0 + self.dep[us].astype(float) + self.dep[vs].astype(float)
        elig = {
            "bypass_weaver": ok & self.separated(us, vs) if self.wi else np.zeros(len(us), bool),
            "bridge_clusters": ok & (self.labels[us] != self.labels[vs]),
            "close_triangles": ok & (cn - cnw > 0),
        }
        util = {
            "bypass_weaver": p * depb * spread,
            "bridge_clusters": p * spread,
            "close_triangles": p * spread,
        }
        return keys, p, elig, util


def context(prep: Prepared, weaver, seed: int, outcomes=None, cache_key=None) -> _Context:
    """The map's ``_Context`` for this weaver and seed, built once and kept in
    ``prep.cache``: the introductions and the step-back plan share it (and, through
    ``prep``, the clusters, betweenness and link model of the analysis)."""
    wkey = tuple(weaver) if isinstance(weaver, (list, tuple, set, frozenset)) else weaver
    key = ("context", wkey, seed, outcome_key(outcomes))
    try:
        ctx = prep.cache.get(key)
    except TypeError:          # an unhashable weaver id: not kept
        return _Context(prep, weaver, seed, outcomes, cache_key)
    if ctx is None:
        ctx = prep.cache[key] = _Context(prep, weaver, seed, outcomes, cache_key)
    return ctx


def _top_merge(store, keys, p, util, mask, k):
    if not mask.any():
        return
    kk, pp, uu = keys[mask], p[mask], util[mask]
    if len(uu) > 2 * k:   # cheap preselection; ties at the cut are kept
        cut = np.partition(uu, len(uu) - k)[len(uu) - k]
        sel = uu >= cut
        kk, pp, uu = kk[sel], pp[sel], uu[sel]
    if store["k"] is not None:
        kk = np.concatenate([store["k"], kk])
        pp = np.concatenate([store["p"], pp])
        uu = np.concatenate([store["u"], uu])
    if len(uu) > k:
        sel = np.lexsort((kk, -uu))[:k]
        kk, pp, uu = kk[sel], pp[sel], uu[sel]
    store["k"], store["p"], store["u"] = kk, pp, uu


def _reasons(ctx: _Context, i: int, j: int, mode: str) -> tuple[Msg, ...]:
    prep = ctx.prep
    msgs = pair_reason(prep, i, j, weavers=ctx.wi)
    if mode == "bypass_weaver":
        d = [x for x in (i, j) if ctx.dep[x]]
        if d:
            msgs.append(Msg("analysis.reason.dependent", {"actor": prep.name(d[0]),
                                                          "weaver": [prep.name(int(ctx.dep_on[d[0]]))]}))
        else:
            sep = ctx.separating(i, j) or ctx.wi
            msgs.append(Msg("analysis.reason.bypass", {"weaver": [prep.name(w) for w in sep[:3]]}))
    elif mode == "bridge_clusters":
        cl = ctx.clusters.clusters
        msgs.append(Msg("analysis.reason.bridges_clusters",
                        {"a": cl[ctx.labels[i]].name, "b": cl[ctx.labels[j]].name}))
    if not msgs:
        msgs.append(Msg("analysis.reason.similar"))
    return tuple(msgs)


def suggest_introductions(G, top: int = 10, weaver=None, mode: str | None = None, exclude=None,
                          seed: int = 0, outcomes=None, cache_key=None) -> list[Suggestion]:
    """Weaving-aware introductions: who should meet whom so that the network
    depends less on the weaver (Krebs & Holley 2002).

    Candidate pairs are scored by the map's own link model (probability p, see
    ``missing_links``) and weighed by what they do for the network:

        utility = p x (1 + dependency bonus) x (1 + 0.5 x emerging-weaver score)

    (the dependency bonus only for ``bypass_weaver``: +1 per actor tied only to
    a weaver; the emerging-weaver score is the betweenness percentile among
    non-weavers).  Modes: ``bypass_weaver`` (only connected through a single
    weaver), ``bridge_clusters`` (different Louvain clusters: a structural
    hole, Burt 1992), ``close_triangles`` (a common contact other than the
    weaver).  The weavers are never an endpoint; no actor gets more than
    ceil(top / 4) introductions while others are left; without ``mode`` the
    modes take turns in an order that depends on the stage.

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any graph in the weaving shape.
    top : int, optional
        Number of introductions.
    weaver : node id, list of node ids or False, optional
        Default: the marked weavers, else the actor with the highest betweenness;
        ``False``: no weaver at all (then nobody is excluded as an endpoint and
        nothing is ``bypass_weaver``).
    mode : {None, "close_triangles", "bridge_clusters", "bypass_weaver"}, optional
        Only introductions of this kind (default: all kinds, taking turns).
    exclude : iterable of (id, id), optional
        Pairs already declined or introduced.
    seed : int, optional
        Seed of clusters, link model and sampled betweenness.
    outcomes : iterable of (id, id, label), optional
        Recorded outcomes of introductions (label 1: made / confirmed, 0:
        dismissed / declined): these pairs are not suggested again
        (``training`` says what the link model learns from them).
    cache_key : hashable, optional
        Identifies this version of the map (the app passes the map revision):
        the link model is then reused across calls.

    Returns
    -------
    list of Suggestion
        In the order chosen, at most ``top``.

    Raises
    ------
    ValidationError
        ``"analysis.error.unknown_mode"`` for an unknown mode,
        ``"analysis.error.unknown_weaver"`` for a weaver id not on the map.

    See Also
    --------
    missing_links : plain link prediction.
    plan_step_back : an ordered plan until the map survives without the weaver.

    References
    ----------
    .. [1] V. Krebs and J. Holley, "Building Smart Communities through Network
       Weaving", 2002.
    .. [2] R. S. Burt, *Structural Holes: The Social Structure of Competition*,
       Harvard University Press, 1992.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis import suggest_introductions
    >>> G = nx.Graph([("W", "a1"), ("W", "b1"), ("W", "c"), ("a1", "a2"), ("a2", "a3"),
    ...               ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3")])
    >>> G.nodes["W"]["is_weaver"] = True
    >>> for s in suggest_introductions(G, top=3, seed=0):
    ...     print(s.source, s.target, s.mode)
    b1 c bypass_weaver
    a1 c bypass_weaver
    a1 b1 bypass_weaver
    >>> print(suggest_introductions(G, top=3)[0].reason("en"))
    Today they are only connected through W; c is connected to the network only through W today.
    >>> s = suggest_introductions(G, top=1, mode="bridge_clusters")[0]
    >>> s.source, s.target, round(s.probability, 2)
    ('a1', 'b1', 0.57)
    >>> suggest_introductions(G, mode="close_triangles")   # no contact but W in common
    []
    """
    if mode is not None and mode not in MODES:
        raise ValidationError("analysis.error.unknown_mode", mode=str(mode), modes=", ".join(MODES))
    prep = prepare(G)
    top = max(0, int(top))
    if prep.n < 2 or top == 0:
        return []
    ctx = context(prep, weaver, seed, outcomes, cache_key)
    excl = np.union1d(pair_keys(prep, exclude), judged_keys(prep, outcomes))   # judged pairs: never again
    modes = (mode,) if mode else MODES
    K = max(60, 12 * top)
    store = {m: {"k": None, "p": None, "u": None} for m in modes}
    cap = CANDIDATE_CAP if prep.n > CAP_MIN_ACTORS else None
    bypass = [] if not len(excl) and "bypass_weaver" in modes else None   # kept for the step-back plan
    for us, vs, F in iter_candidates(prep, seed, cap=cap, always=ctx.separated if ctx.wi else None):
        keys, p, elig, util = ctx.score_chunk(us, vs, F, excl)
        for m in modes:
            _top_merge(store[m], keys, p, util[m], elig[m], K)
        if bypass is not None:
            sel = elig["bypass_weaver"]
            bypass.append((us[sel], vs[sel], util["bypass_weaver"][sel]))
    if bypass is not None:
        ctx.bypass = bypass
    ranked = {}
    for m in modes:
        s = store[m]
        if s["k"] is None:
            ranked[m] = []
            continue
        order = np.lexsort((s["k"], -s["u"]))
        ranked[m] = [(int(s["k"][o]), float(s["u"][o]), float(s["p"][o])) for o in order]
    rotation = (mode,) if mode else ROTATION[ctx.stage.stage]
    cap = max(1, math.ceil(top / 4))
    chosen: list[tuple[int, float, float, str]] = []
    seen: set[int] = set()
    load: Counter = Counter()
    pos = {m: 0 for m in modes}
    n = prep.n
    slot = 0
    while len(chosen) < top:
        progressed = False
        for attempt in range(len(rotation)):
            m = rotation[(slot + attempt) % len(rotation)]
            lst = ranked.get(m, [])
            i = pos[m]
            while i < len(lst):
                key, u, p = lst[i]
                a, b = divmod(key, n)
                if key not in seen and load[a] < cap and load[b] < cap:
                    break
                i += 1
            pos[m] = i
            if i < len(lst):
                key, u, p = lst[i]
                a, b = divmod(key, n)
                chosen.append((key, u, p, m))
                seen.add(key)
                load[a] += 1
                load[b] += 1
                pos[m] = i + 1
                progressed = True
                break
        slot += 1
        if not progressed:
            remaining = any(k not in seen for lst in ranked.values() for k, _, _ in lst)
            if not remaining:
                break
            cap += 1
            pos = {m: 0 for m in modes}
    out = []
    for key, u, p, m in chosen:
        a, b = divmod(key, n)
        out.append(Suggestion(prep.nodes[a], prep.nodes[b], u, m, p, _reasons(ctx, a, b, m)))
    return out
