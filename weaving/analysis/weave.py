"""Weaving-aware introductions and the step-back plan.

Why not plain link prediction: Adamic-Adar / resource allocation rank highest
the pairs with many (low-degree) common contacts -- which for a hub-and-spoke map
means *the weaver and anyone two steps away*, and pairs inside one cluster.
Following them ties even more actors to the weaver.  So:

* the weaver(s) are never an endpoint of a suggestion;
* each candidate pair (from ``linkpred``; probability ``p`` from the map's own
  link model) is eligible for one or more *modes*:
  - ``bypass_weaver``: the two actors are in different pieces of the map once the
    weaver is removed (their only connection runs through the weaver); weight
    doubled for each actor that depends only on the weaver;
  - ``bridge_clusters``: the actors are in different clusters (structural hole);
  - ``close_triangles``: they share a contact *other than the weaver*;
* utility = p x (1 + dependency bonus) x (1 + 0.5 x emerging-weaver score), the
  emerging-weaver score being the betweenness percentile among non-weavers
  ("the weaver's first job is to create more weavers");
* selection is greedy with a per-actor cap of ceil(top/4) (relaxed only if
  nothing else is left), so no single actor gets most introductions; without a
  ``mode`` the modes take turns in a stage-dependent rotation (b: mostly bypass;
  a/c: bridging first; d: closure first), balancing closure and bridging.

Step-back plan: the goal "nobody depends only on the weaver and the map stays
connected without the weaver" is exactly "the map minus the weaver is
connected", which needs at least (components left when the weaver is removed) - 1
new links.  The plan is a Prim-style spanning tree over those components: start
from the largest piece and repeatedly join the largest remaining piece by its
best candidate pair into what is already joined (load-penalised so partners
vary); when no candidate pair exists, the piece's best-connected actor is
introduced to the most similar (TF-IDF profile) actor already joined.  Hence the
plan length always equals the lower bound.  After each step the predicted stage
is recomputed ("what if"): component/dependence metrics exactly at every step,
betweenness at checkpoints (every step for small maps, <= 12 spread checkpoints
otherwise, reused in between; ``stage_exact`` tells which).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from weaving.analysis._core import Msg, Prepared, components, jsonable, prepare, render_msgs, resolve_weavers

MODES = ("close_triangles", "bridge_clusters", "bypass_weaver")
ROTATION = {
    "a": ("bridge_clusters", "bypass_weaver", "close_triangles"),
    "b": ("bypass_weaver", "bridge_clusters", "bypass_weaver", "close_triangles"),
    "c": ("bridge_clusters", "close_triangles", "bypass_weaver"),
    "d": ("close_triangles", "bridge_clusters", "bypass_weaver"),
}


@dataclass(frozen=True)
class Suggestion:
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

    def __init__(self, prep: Prepared, weaver, seed: int):
        from weaving.analysis.brokers import betweenness, core_numbers
        from weaving.analysis.clusters import cluster_labels, find_clusters
        from weaving.analysis.linkpred import fit_model
        from weaving.analysis.stage import _build

        self.prep = prep
        self.seed = seed
        self.bc = betweenness(prep, seed=seed)
        self.wi, self.source = resolve_weavers(prep, weaver, self.bc.values)
        n = prep.n
        self.wmask = np.zeros(n, bool)
        self.wmask[self.wi] = True
        self.clusters = find_clusters(prep, seed=seed)
        self.labels = cluster_labels(prep, seed)
        if self.wi:
            self.kw, self.labw = components(prep.A, ~self.wmask)
            nbr_w = np.asarray(prep.A[:, self.wi].sum(axis=1)).ravel()
            self.Aw = prep.A[:, self.wi].toarray() > 0
        else:
            self.kw, self.labw = components(prep.A) if n else (0, np.zeros(0, int))
            nbr_w = np.zeros(n)
            self.Aw = np.zeros((n, 0), bool)
        self.dep = (~self.wmask) & (prep.deg > 0) & (nbr_w == prep.deg)
        vals = self.bc.values
        others = ~self.wmask
        emerg = np.zeros(n)
        if others.sum() > 1:
            ranks = vals[others].argsort(kind="stable").argsort(kind="stable")
            emerg[others] = ranks / (others.sum() - 1)
        self.emerg = emerg
        self.model = fit_model(prep, seed)
        self.stage = _build(prep, self.wi, self.source, self.bc, core_numbers(prep))

    def score_chunk(self, us, vs, F, excl):
        from weaving.analysis.linkpred import boost_desired

        prep = self.prep
        keys = us * prep.n + vs
        p = boost_desired(prep, keys, self.model.predict(F))
        ok = ~(self.wmask[us] | self.wmask[vs])
        if len(excl):
            ok &= ~np.isin(keys, excl)
        cn = np.rint(np.expm1(F[:, 0]))
        cnw = (self.Aw[us] & self.Aw[vs]).sum(axis=1) if self.Aw.shape[1] else np.zeros(len(us))
        spread = 1.0 + 0.5 * np.maximum(self.emerg[us], self.emerg[vs])
        depb = 1.0 + self.dep[us].astype(float) + self.dep[vs].astype(float)
        elig = {
            "bypass_weaver": ok & (self.labw[us] != self.labw[vs]) if self.wi else np.zeros(len(us), bool),
            "bridge_clusters": ok & (self.labels[us] != self.labels[vs]),
            "close_triangles": ok & (cn - cnw > 0),
        }
        util = {
            "bypass_weaver": p * depb * spread,
            "bridge_clusters": p * spread,
            "close_triangles": p * spread,
        }
        return keys, p, elig, util


def _top_merge(store, keys, p, util, mask, k):
    if not mask.any():
        return
    kk, pp, uu = keys[mask], p[mask], util[mask]
    if store["k"] is not None:
        kk = np.concatenate([store["k"], kk])
        pp = np.concatenate([store["p"], pp])
        uu = np.concatenate([store["u"], uu])
    if len(uu) > k:
        sel = np.lexsort((kk, -uu))[:k]
        kk, pp, uu = kk[sel], pp[sel], uu[sel]
    store["k"], store["p"], store["u"] = kk, pp, uu


def _reasons(ctx: _Context, i: int, j: int, mode: str) -> tuple[Msg, ...]:
    from weaving.analysis.linkpred import pair_reason

    prep = ctx.prep
    msgs = pair_reason(prep, i, j, weavers=ctx.wi)
    wname = [prep.label(w) for w in ctx.wi]
    if mode == "bypass_weaver":
        d = [x for x in (i, j) if ctx.dep[x]]
        if d:
            msgs.append(Msg("analysis.reason.dependent", {"actor": prep.label(d[0]), "weaver": wname}))
        else:
            msgs.append(Msg("analysis.reason.bypass", {"weaver": wname}))
    elif mode == "bridge_clusters":
        cl = ctx.clusters.clusters
        msgs.append(Msg("analysis.reason.bridges_clusters",
                        {"a": cl[ctx.labels[i]].name, "b": cl[ctx.labels[j]].name}))
    if not msgs:
        msgs.append(Msg("analysis.reason.similar"))
    return tuple(msgs)


def suggest_introductions(G, top: int = 10, weaver=None, mode: str | None = None, exclude=None,
                          seed: int = 0) -> list[Suggestion]:
    """Weaving-aware introductions (see module doc).  ``exclude``: pairs already
    declined or introduced, as node-id pairs."""
    from weaving.analysis.linkpred import iter_candidates, pair_keys
    from weaving.errors import ValidationError

    if mode is not None and mode not in MODES:
        raise ValidationError("analysis.error.unknown_mode", mode=str(mode), modes=", ".join(MODES))
    prep = prepare(G)
    top = max(0, int(top))
    if prep.n < 2 or top == 0:
        return []
    ctx = _Context(prep, weaver, seed)
    excl = pair_keys(prep, exclude)
    modes = (mode,) if mode else MODES
    K = max(60, 12 * top)
    store = {m: {"k": None, "p": None, "u": None} for m in modes}
    for us, vs, F in iter_candidates(prep, seed):
        keys, p, elig, util = ctx.score_chunk(us, vs, F, excl)
        for m in modes:
            _top_merge(store[m], keys, p, util[m], elig[m], K)
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


# ------------------------------------------------------------------ step-back plan
@dataclass(frozen=True)
class PlanStep:
    source: object
    target: object
    score: float
    reason_msgs: tuple[Msg, ...]
    stage: str
    stage_exact: bool
    components_without_weaver: int
    dependent: int

    def reason(self, lang: str = "en") -> str:
        return render_msgs(self.reason_msgs, lang)

    def to_dict(self, lang: str = "en") -> dict:
        return {"source": jsonable(self.source), "target": jsonable(self.target),
                "score": round(float(self.score), 6), "reason": self.reason(lang),
                "reason_msgs": [m.to_dict() for m in self.reason_msgs],
                "stage_after": self.stage, "stage_exact": self.stage_exact,
                "components_without_weaver": self.components_without_weaver,
                "dependent_after": self.dependent}


@dataclass(frozen=True)
class StepBackPlan:
    weavers: tuple
    weaver_source: str
    steps: tuple[PlanStep, ...]
    lower_bound: int
    stage_before: str
    goal_reached: bool

    @property
    def length(self) -> int:
        return len(self.steps)

    @property
    def ratio(self) -> float:
        return self.length / self.lower_bound if self.lower_bound else 1.0

    @property
    def stage_after(self) -> str:
        return self.steps[-1].stage if self.steps else self.stage_before

    def to_dict(self, lang: str = "en") -> dict:
        return {"weavers": jsonable(list(self.weavers)), "weaver_source": self.weaver_source,
                "length": self.length, "lower_bound": self.lower_bound, "ratio": round(self.ratio, 4),
                "stage_before": self.stage_before, "stage_after": self.stage_after,
                "goal_reached": self.goal_reached, "steps": [s.to_dict(lang) for s in self.steps]}


def plan_step_back(G, weaver=None, seed: int = 0) -> StepBackPlan:
    """Ordered introductions after which the map minus the weaver is connected."""
    from weaving.analysis.brokers import betweenness, core_numbers
    from weaving.analysis.linkpred import attribute_matrix, iter_candidates
    from weaving.analysis.stage import classify, measure

    prep = prepare(G)
    ctx = _Context(prep, weaver, seed)
    n = prep.n
    wi = ctx.wi
    before = ctx.stage.stage
    others = np.flatnonzero(~ctx.wmask)
    if not wi or len(others) <= 1:
        return StepBackPlan(tuple(prep.nodes[i] for i in wi), ctx.source, (), 0, before, bool(wi))
    labw = ctx.labw
    kw = ctx.kw
    lower = kw - 1
    # candidate pairs that join two pieces of the map-minus-weaver
    cu, cv, cp = [], [], []
    for us, vs, F in iter_candidates(prep, seed):
        keys, p, elig, util = ctx.score_chunk(us, vs, F, np.zeros(0, np.int64))
        sel = elig["bypass_weaver"]
        if sel.any():
            cu.append(us[sel]); cv.append(vs[sel]); cp.append(util["bypass_weaver"][sel])
    cu = np.concatenate(cu) if cu else np.zeros(0, np.int64)
    cv = np.concatenate(cv) if cv else np.zeros(0, np.int64)
    cp = np.concatenate(cp) if cp else np.zeros(0)
    sizes = np.bincount(labw[others], minlength=kw)
    comp_order = sorted(range(kw), key=lambda c: (-sizes[c], c))
    joined = np.zeros(kw, bool)
    joined[comp_order[0]] = True
    by_comp: dict = {}
    for idx in np.lexsort((cv, cu, -cp)):
        a, b = int(cu[idx]), int(cv[idx])
        by_comp.setdefault(int(labw[a]), []).append((a, b, float(cp[idx])))
        by_comp.setdefault(int(labw[b]), []).append((b, a, float(cp[idx])))
    load = np.zeros(n)
    T = attribute_matrix(prep)
    deg_nw = prep.deg - ctx.Aw.sum(axis=1)
    added: list[tuple[int, int, float, str]] = []
    for c in comp_order[1:]:
        best = None
        for a, b, p in by_comp.get(c, []):
            if joined[labw[b]]:
                u = p * 0.7 ** load[b]
                if best is None or u > best[2]:
                    best = (a, b, u, "candidate")
        if best is None:
            members = np.flatnonzero(labw == c)
            a = int(members[np.lexsort((members, -ctx.emerg[members], -deg_nw[members]))[0]])
            body = np.flatnonzero(joined[labw] & (labw >= 0))
            sim = np.asarray((T[body] @ T[a].T).todense()).ravel() if T.shape[1] > 1 or T.nnz else np.zeros(len(body))
            val = sim + 0.3 * ctx.emerg[body] - 0.2 * load[body] + 1e-6 * deg_nw[body]
            b = int(body[np.lexsort((body, -val))[0]])
            best = (a, b, float(max(0.0, sim[body == b][0])), "fallback")
        a, b, u, kind = best
        load[a] += 1
        load[b] += 1
        joined[c] = True
        added.append((a, b, u, kind))
    # what-if: stage after each step
    checkpoints = set(range(len(added))) if (n <= 500 and len(added) <= 40) else \
        {int(x) for x in np.linspace(0, len(added) - 1, num=min(12, len(added)))}
    core = core_numbers(prep)
    steps = []
    bc_cur = ctx.bc
    rows, cols = [], []
    for s, (a, b, u, kind) in enumerate(added):
        rows += [a, b]
        cols += [b, a]
        E = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        A2 = prep.A + E
        A2.data[:] = 1.0
        p2 = Prepared(G=None, H=prep.H, nodes=prep.nodes, index=prep.index, A=A2.tocsr(), W=A2.tocsr(),
                      deg=np.diff(A2.indptr).astype(float))
        exact = s in checkpoints
        if exact:
            bc_cur = betweenness(p2, seed=seed)
        x = measure(p2, wi, ctx.source, bc_cur, core)
        st = classify(x)
        msgs = list(_reasons(ctx, a, b, "bypass_weaver"))
        if kind == "fallback":
            msgs.insert(0, Msg("analysis.reason.plan_fallback", {"piece": int(sizes[labw[a]])}))
        steps.append(PlanStep(prep.nodes[a], prep.nodes[b], u, tuple(msgs), st, exact, x["kw"], len(x["dep"])))
    final_kw = steps[-1].components_without_weaver if steps else kw
    return StepBackPlan(tuple(prep.nodes[i] for i in wi), ctx.source, tuple(steps), lower, before,
                        final_kw <= 1)
