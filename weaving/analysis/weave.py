"""Weaving-aware introductions and the step-back plan.

Why not plain link prediction: Adamic-Adar / resource allocation rank highest
the pairs with many (low-degree) common contacts -- which for a hub-and-spoke map
means *the weaver and anyone two steps away*, and pairs inside one cluster.
Following them ties even more actors to the weaver.  So:

* the weaver(s) are never an endpoint of a suggestion;
* each candidate pair (from ``linkpred``; probability ``p`` from the map's own
  link model) is eligible for one or more *modes*:
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

Step-back plan: the goal "nobody depends only on the weaver and the map stays
connected without the weaver" is exactly "the map minus the weaver is
connected", which needs at least (components left when the weaver is removed) - 1
new links.  With several weavers the goal holds for each weaver on its own (the
network must not rest on any single weaver); the lower bound is then the largest
of these numbers.  Phase 1, for each weaver (most pieces first), is a Prim-style
spanning tree over the pieces of the current map minus that weaver: start from
the largest piece and repeatedly join the largest remaining piece by its best
candidate pair into what is already joined (load-penalised so partners vary);
when no candidate pair exists, the piece's best-connected actor is introduced to
the most similar (TF-IDF profile) actor already joined.  With one weaver the plan
length therefore equals the lower bound.  Phase 2: if the map would still be
hub-and-spoke (the weaver keeps >= 50 % of the brokerage or a star-like
centralisation), up to ``EXTRA_MAX`` more introductions are added greedily, each
the one among the ``EXTRA_POOL`` most probable pairs of non-weavers that lowers
the central weaver's share of brokerage most (exact what-if betweenness; maps up
to ``EXTRA_MAX_ACTORS`` actors), stopping as soon as the stage is no longer b.
After each step the predicted stage is recomputed ("what if"): component/
dependence metrics exactly at every step, betweenness at checkpoints (every step
for small maps, <= 12 spread checkpoints otherwise, reused in between;
``stage_exact`` tells which).  ``components_without_weaver`` of a step is the
worst single weaver's.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from weaving.analysis._core import Msg, Prepared, components, jsonable, prepare, render_msgs, resolve_weavers

MODES = ("close_triangles", "bridge_clusters", "bypass_weaver")
EXTRA_MAX = 5            # at most this many share-lowering steps after the pieces are joined
EXTRA_POOL = 20          # most probable introductions tried per extra step
EXTRA_MAX_ACTORS = 300   # exact what-if betweenness for extra steps only on maps up to this size
CAP_MIN_ACTORS = 2000    # above this many actors the 2-hop candidates are capped per actor ...
CANDIDATE_CAP = 50       # ... to each actor's this many best partners by resource allocation
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
        self.model = fit_model(prep, seed)
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
    from weaving.analysis.linkpred import pair_reason

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
                          seed: int = 0) -> list[Suggestion]:
    """Weaving-aware introductions (see module doc).  ``exclude``: pairs already
    declined or introduced, as node-id pairs."""
    from weaving.analysis.linkpred import iter_candidates, pair_keys
    from weaving.core.errors import ValidationError

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
    cap = CANDIDATE_CAP if prep.n > CAP_MIN_ACTORS else None
    for us, vs, F in iter_candidates(prep, seed, cap=cap, always=ctx.separated if ctx.wi else None):
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


def _join_pieces(ctx: "_Context", A_cur: sp.csr_matrix, w: int, cand, load: np.ndarray, T, deg_nw,
                 taken: set) -> list[tuple[int, int, float, str, int]]:
    """Prim-style joins of the pieces of (current map - weaver w): start from the
    largest piece, join the largest remaining piece by its best candidate pair into
    what is already joined (load-penalised), else by the fallback introduction."""
    n = ctx.prep.n
    mask = np.ones(n, bool)
    mask[w] = False
    k, lab = components(A_cur, mask)
    if k <= 1:
        return []
    cu, cv, cp = cand
    members_of = np.argsort(lab, kind="stable")
    bounds = np.searchsorted(lab[members_of], np.arange(-1, k + 1))
    sizes = np.diff(bounds)[1:]
    comp_order = sorted(range(k), key=lambda c: (-sizes[c], c))
    joined = np.zeros(k, bool)
    joined[comp_order[0]] = True
    sel = np.flatnonzero(lab[cu] != lab[cv])
    by_comp: dict = {}
    for idx in sel[np.lexsort((cv[sel], cu[sel], -cp[sel]))]:
        a, b = int(cu[idx]), int(cv[idx])
        if (min(a, b), max(a, b)) in taken:
            continue
        by_comp.setdefault(int(lab[a]), []).append((a, b, float(cp[idx])))
        by_comp.setdefault(int(lab[b]), []).append((b, a, float(cp[idx])))
    out = []
    for c in comp_order[1:]:
        best = None
        for a, b, p in by_comp.get(c, []):
            if joined[lab[b]]:
                u = p * 0.7 ** load[b]
                if best is None or u > best[2]:
                    best = (a, b, u, "candidate")
        if best is None:
            members = members_of[bounds[c + 1]:bounds[c + 2]]
            if (~ctx.wmask[members]).any():
                members = members[~ctx.wmask[members]]
            a = int(members[np.lexsort((members, -ctx.emerg[members], -deg_nw[members]))[0]])
            body = np.flatnonzero(joined[lab] & (lab >= 0))
            if (~ctx.wmask[body]).any():
                body = body[~ctx.wmask[body]]
            sim = np.asarray((T[body] @ T[a].T).todense()).ravel() if T.nnz else np.zeros(len(body))
            val = sim + 0.3 * ctx.emerg[body] - 0.2 * load[body] + 1e-6 * deg_nw[body]
            o = np.lexsort((body, -val))[0]
            best = (a, int(body[o]), float(max(0.0, sim[o])), "fallback")
        a, b, u, kind = best
        load[a] += 1
        load[b] += 1
        joined[c] = True
        taken.add((min(a, b), max(a, b)))
        out.append((a, b, u, kind, int(sizes[c])))
    return out


def _lower_share(ctx: "_Context", A_cur: sp.csr_matrix, taken: set, load: np.ndarray, seed: int) -> list:
    """Greedy extra steps while the what-if stage is still b: among the
    ``EXTRA_POOL`` most probable introductions between non-weavers, add the one
    after which the central weaver's share of brokerage is lowest."""
    from weaving.analysis.brokers import betweenness, core_numbers
    from weaving.analysis.linkpred import iter_candidates
    from weaving.analysis.stage import classify, measure

    prep, n, wi = ctx.prep, ctx.prep.n, ctx.wi
    core = core_numbers(prep)

    def what_if(A):
        p2 = Prepared(G=None, H=prep.H, nodes=prep.nodes, index=prep.index, A=A, W=A,
                      deg=np.diff(A.indptr).astype(float))
        bc = betweenness(p2, seed=seed)
        return measure(p2, wi, ctx.source, bc, core)

    x = what_if(A_cur)
    if classify(x) != "b":
        return []
    pool_k, pool_p = [], []
    for us, vs, F in iter_candidates(prep, ctx.seed):
        keys, p, elig, util = ctx.score_chunk(us, vs, F, np.zeros(0, np.int64))
        ok = ~(ctx.wmask[us] | ctx.wmask[vs])
        pool_k.append(keys[ok])
        pool_p.append(p[ok])
    if not pool_k:
        return []
    keys = np.concatenate(pool_k)
    p = np.concatenate(pool_p)
    out = []
    for _ in range(EXTRA_MAX):
        central = x["central"]
        share0 = x["wshare"]
        best = None
        tried = 0
        for o in np.lexsort((keys, -p)):
            a, b = divmod(int(keys[o]), n)
            if (a, b) in taken or A_cur[a, b]:
                continue
            A2 = (A_cur + sp.csr_matrix(([1.0, 1.0], ([a, b], [b, a])), shape=(n, n))).tocsr()
            x2 = what_if(A2)
            sh = float(x2["per"][[q["w"] for q in x2["per"]].index(central)]["share"])
            score = (share0 - sh) * (1.0 + float(p[o]))
            if best is None or score > best[0]:
                best = (score, a, b, A2, x2, sh, float(p[o]))
            tried += 1
            if tried >= EXTRA_POOL:
                break
        if best is None or best[0] <= 0:
            break
        _, a, b, A_cur, x, sh, pp = best
        taken.add((a, b))
        load[a] += 1
        load[b] += 1
        out.append((a, b, pp, "share", (central, int(round(100 * share0)), int(round(100 * sh)))))
        if classify(x) != "b":
            break
    return out


def plan_step_back(G, weaver=None, seed: int = 0) -> StepBackPlan:
    """Ordered introductions after which the map stays connected without any one
    weaver (with one weaver: the map minus the weaver is connected)."""
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
    per = {prep.index[p["id"]] if p["id"] in prep.index else None: p for p in ctx.stage.dependence.per_weaver}
    lower = max(0, max(int(p["pieces"]) for p in per.values()) - 1)
    # the most depended-on weaver first: most pieces, then largest share
    order = sorted(wi, key=lambda w: (-per[w]["pieces"], -per[w]["share"], wi.index(w)))
    # candidate pairs that join two pieces of the map minus some weaver
    cu, cv, cp = [], [], []
    for us, vs, F in iter_candidates(prep, seed):
        keys, p, elig, util = ctx.score_chunk(us, vs, F, np.zeros(0, np.int64))
        sel = elig["bypass_weaver"]
        if sel.any():
            cu.append(us[sel]); cv.append(vs[sel]); cp.append(util["bypass_weaver"][sel])
    cand = (np.concatenate(cu) if cu else np.zeros(0, np.int64),
            np.concatenate(cv) if cv else np.zeros(0, np.int64),
            np.concatenate(cp) if cp else np.zeros(0))
    load = np.zeros(n)
    T = attribute_matrix(prep)
    deg_nw = prep.deg - ctx.Aw.sum(axis=1)
    added: list[tuple[int, int, float, str, int]] = []
    taken: set = set()
    A_cur = prep.A
    for w in order:
        new = _join_pieces(ctx, A_cur, w, cand, load, T, deg_nw, taken)
        if new:
            added += new
            r = [a for a, b, *_ in new] + [b for a, b, *_ in new]
            c = [b for a, b, *_ in new] + [a for a, b, *_ in new]
            A_cur = (A_cur + sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, n))).tocsr()
            A_cur.data[:] = 1.0
    # phase 2: connected without the weaver, but still hub-and-spoke (the weaver keeps
    # most of the brokerage)?  Add the introductions that most lower the central
    # weaver's share, judged by exact what-if betweenness (small maps only).
    extra = _lower_share(ctx, A_cur, taken, load, seed) if n <= EXTRA_MAX_ACTORS else []
    added += extra
    # what-if: stage after each step
    checkpoints = set(range(len(added))) if (n <= 500 and len(added) <= 40) else \
        {int(x) for x in np.linspace(0, len(added) - 1, num=min(12, len(added)))}
    core = core_numbers(prep)
    steps = []
    bc_cur = ctx.bc
    rows, cols = [], []
    for s, (a, b, u, kind, piece) in enumerate(added):
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
            msgs.insert(0, Msg("analysis.reason.plan_fallback", {"piece": piece}))
        elif kind == "share":
            msgs = list(_reasons(ctx, a, b, "bridge_clusters" if ctx.labels[a] != ctx.labels[b] else "close_triangles"))
            msgs.append(Msg("analysis.reason.plan_share", {"weaver": prep.name(piece[0]), "before": piece[1],
                                                             "after": piece[2]}))
        steps.append(PlanStep(prep.nodes[a], prep.nodes[b], u, tuple(msgs), st, exact, x["kw"], len(x["dep"])))
    final_kw = steps[-1].components_without_weaver if steps else max(p["pieces"] for p in per.values())
    return StepBackPlan(tuple(prep.nodes[i] for i in wi), ctx.source, tuple(steps), lower, before,
                        final_kw <= 1)
