"""The step-back plan: ordered introductions after which the map no longer rests
on any single weaver.

The goal "nobody depends only on the weaver and the map stays
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

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from weaving.analysis.candidates import CANDIDATE_CAP, CAP_MIN_ACTORS, iter_candidates
from weaving.analysis.centrality import betweenness
from weaving.analysis.features import attribute_matrix
from weaving.analysis.messages import Msg, jsonable, render_msgs
from weaving.analysis.prepared import Prepared, components, prepare
from weaving.analysis.stage import classify, measure
from weaving.analysis.structure import core_numbers
from weaving.analysis.suggest import _Context, _reasons, context

__all__ = ["PlanStep", "StepBackPlan", "plan_step_back"]

EXTRA_MAX = 5            # at most this many share-lowering steps after the pieces are joined
EXTRA_POOL = 20          # most probable introductions tried per extra step
EXTRA_MAX_ACTORS = 300   # exact what-if betweenness for extra steps only on maps up to this size


@dataclass(frozen=True)
class PlanStep:
    """One introduction of a ``StepBackPlan`` and the predicted map after it.

    Attributes
    ----------
    source, target : node id
        The two actors to introduce.
    score : float
        The pair's weaving utility (or TF-IDF similarity for a fallback).
    reason_msgs : tuple of Msg
        The evidence; ``reason(lang)`` renders it as one sentence.
    stage : str
        Predicted stage after this and all earlier steps ("what if").
    stage_exact : bool
        Whether betweenness was recomputed for this step (else reused).
    components_without_weaver : int
        Pieces left without the worst single weaver.
    dependent : int
        Actors still tied only to one weaver.
    """

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
    """Result of ``plan_step_back``.

    Attributes
    ----------
    weavers : tuple
        The weavers' node ids; ``weaver_source`` says how they were found
        ("given", "marked", "fallback" or "none").
    steps : tuple of PlanStep
        The introductions in order; ``length`` is their number.
    lower_bound : int
        max over weavers of (pieces without that weaver - 1); ``ratio`` =
        length / lower_bound.
    stage_before : str
        Stage now; ``stage_after`` is the predicted stage after the last step.
    goal_reached : bool
        The map stays in one piece without any single weaver.
    """

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


def _join_pieces(ctx: _Context, A_cur: sp.csr_matrix, w: int, cand, load: np.ndarray, T, deg_nw,
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


def _lower_share(ctx: _Context, A_cur: sp.csr_matrix, taken: set, load: np.ndarray, seed: int) -> list:
    """Greedy extra steps while the what-if stage is still b: among the
    ``EXTRA_POOL`` most probable introductions between non-weavers, add the one
    after which the central weaver's share of brokerage is lowest."""
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


def _bypass_candidates(ctx: _Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(u, v, utility) of the candidate pairs that join two pieces of the map minus some
    weaver. ``suggest_introductions`` leaves them on the shared context when it has
    scored them; otherwise one pass here. On big maps the 2-hop candidates are capped as
    in the suggestions, but the pairs that bypass a weaver are always kept -- exactly
    the pairs wanted here -- so the cap changes nothing but the time."""
    parts = getattr(ctx, "bypass", None)
    if parts is None:
        prep = ctx.prep
        cap = CANDIDATE_CAP if prep.n > CAP_MIN_ACTORS else None
        parts = []
        for us, vs, F in iter_candidates(prep, ctx.seed, cap=cap, always=ctx.separated if ctx.wi else None):
            _keys, _p, elig, util = ctx.score_chunk(us, vs, F, np.zeros(0, np.int64))
            sel = elig["bypass_weaver"]
            parts.append((us[sel], vs[sel], util["bypass_weaver"][sel]))
        ctx.bypass = parts
    return (np.concatenate([x[0] for x in parts]) if parts else np.zeros(0, np.int64),
            np.concatenate([x[1] for x in parts]) if parts else np.zeros(0, np.int64),
            np.concatenate([x[2] for x in parts]) if parts else np.zeros(0))


def plan_step_back(G, weaver=None, seed: int = 0) -> StepBackPlan:
    """Ordered introductions after which the map stays connected without any one
    weaver (with one weaver: the map minus the weaver is connected).

    Removing weaver w leaves k_w pieces, so at least

        lower_bound = max_w (k_w - 1)

    new links are needed.  Phase 1 joins, for each weaver (most pieces first),
    the pieces of the map minus that weaver Prim-style: the largest remaining
    piece is joined by its best candidate pair (the weaving utility of
    ``suggest_introductions``, load-penalised so partners vary) into what is
    already joined, or, without any candidate, by introducing its
    best-connected actor to the most similar actor already joined.  With one
    weaver the plan length equals the lower bound.  Phase 2 (maps up to 300
    actors): while the what-if map is still hub-and-spoke (stage b), up to 5
    more introductions, each the one among the 20 most probable that lowers
    the central weaver's share of brokerage most.  After each step the stage
    is recomputed.

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any graph in the weaving shape.
    weaver : node id or list of node ids, optional
        Default: the marked weavers, else the actor with the highest betweenness.
    seed : int, optional
        Seed of clusters, link model and sampled betweenness.

    Returns
    -------
    StepBackPlan

    Raises
    ------
    ValidationError
        ``"analysis.error.unknown_weaver"`` for a weaver id not on the map.

    See Also
    --------
    weaving_stage, suggest_introductions

    References
    ----------
    .. [1] V. Krebs and J. Holley, "Building Smart Communities through Network
       Weaving", 2002.
    .. [2] R. C. Prim, "Shortest connection networks and some generalizations",
       Bell System Technical Journal 36(6), 1389-1401, 1957.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis import plan_step_back
    >>> G = nx.Graph([("W", "a1"), ("W", "b1"), ("W", "c"), ("a1", "a2"), ("a2", "a3"),
    ...               ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3")])
    >>> plan = plan_step_back(G, weaver="W", seed=0)
    >>> plan.stage_before, plan.lower_bound, plan.length, plan.goal_reached
    ('b', 2, 2, True)
    >>> [(s.source, s.target, s.stage, s.components_without_weaver) for s in plan.steps]
    [('b1', 'a1', 'b', 2), ('c', 'b1', 'd', 1)]
    """
    prep = prepare(G)
    ctx = context(prep, weaver, seed)
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
    cand = _bypass_candidates(ctx)
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
