"""Missing links: which unlinked pairs of actors are most likely to belong together.

Plain link prediction (Liben-Nowell & Kleinberg 2007), without weaving
awareness (``suggest`` adds that).  The pieces, bottom up:

* ``features``: per pair, the classic predictors (common neighbours, resource
  allocation, Adamic-Adar, Jaccard, preferential attachment), degrees, 3-step
  paths, distance, and attribute similarity (TF-IDF profiles, shared interests,
  similarity with the other's contacts, same type / sector);
* ``candidates``: 2-hop pairs, pairs sharing interests (blocking) and desired
  pairs -- never all n^2 pairs;
* ``model``: the stacked model (gradient-boosted trees with monotone
  constraints; a logistic regression on tiny maps);
* ``training``: its training data -- the map's own links held out one at a
  time, a weighted sample of its unlinked pairs, the weaver's outcomes;
* here: the public ``missing_links`` and ``score_pairs``, the desired-link and
  outcome adjustments and the plain-language reasons.

Desired links recorded by staff are strong evidence: they multiply the odds by
``DESIRED_ODDS`` (= 20, i.e. a 50 % pair becomes 95 %).  A pair with a recorded
outcome (made, confirmed, dismissed, declined) has been judged: ``missing_links``
never returns it again, and ``score_pairs`` divides a dismissed or declined
pair's odds by the same factor.  The model learns nothing more general from
outcomes (``training.LEARN_LABELS``: the feedback benchmark showed no gain).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from weaving.analysis.candidates import CANDIDATE_CAP, CAP_MIN_ACTORS, desired_keys, iter_candidates, pair_keys
from weaving.analysis.features import pair_features
from weaving.analysis.messages import Msg, jsonable, render_msgs
from weaving.analysis.prepared import Prepared, node_index, prepare
from weaving.analysis.training import _features_as_missing, fit_model, judged_keys, outcome_key

__all__ = ["DESIRED_ODDS", "MissingLink", "adjust", "boost_desired", "missing_links", "pair_reason", "score_pairs"]

DESIRED_ODDS = 20.0


def score_pairs(G, pairs, seed: int = 0, outcomes=None, cache_key=None) -> np.ndarray:
    r"""Link-model probability of given node-id pairs (desired pairs boosted).

    The map's own stacked link model (``training.fit_model``): gradient-boosted
    trees over the classic predictors -- e.g. resource allocation

    .. math::

       RA(u, v) = \sum_{w \in N(u) \cap N(v)} \frac{1}{\deg(w)}

    -- degrees, 3-step paths, distance and attribute similarity, monotone in
    every kind of shared evidence.  Pairs recorded as desired have their odds
    multiplied by ``DESIRED_ODDS``, dismissed ones divided by it.  Linked pairs
    are scored as if their link were missing.

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any graph in the weaving shape.
    pairs : iterable of (id, id)
        Node-id pairs; ids may also be given as strings.
    seed : int, optional
        Seed of the model fit.
    outcomes : iterable of (id, id, label), optional
        Recorded outcomes of introductions (label 1: belonged together, 0: not);
        see ``training.fit_model``.
    cache_key : hashable, optional
        Identifies this version of the map (the app passes the map revision).

    Returns
    -------
    numpy.ndarray
        One probability in (0, 1) per pair, in the order given.

    Raises
    ------
    TypeError
        If a node id is not on the map.

    See Also
    --------
    missing_links : the best-scoring unlinked pairs.

    References
    ----------
    .. [1] A. Ghasemian, H. Hosseinmardi, A. Galstyan, E. M. Airoldi and
       A. Clauset, "Stacking models for nearly optimal link prediction in
       complex networks", PNAS 117(38), 23393-23400, 2020.
    .. [2] T. Zhou, L. Lü and Y.-C. Zhang, "Predicting missing links via local
       information", European Physical Journal B 71, 623-630, 2009.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis import score_pairs
    >>> p = score_pairs(nx.karate_club_graph(), [(0, 33), (24, 25), (0, 9)], seed=0)
    >>> [round(float(x), 2) for x in p]
    [0.98, 0.52, 0.6]
    """
    prep = prepare(G)
    idx = [(node_index(prep, a), node_index(prep, b)) for a, b in pairs]
    if any(i is None or j is None for i, j in idx):
        raise TypeError("a node id of the pairs is not on the map")
    us = np.array([i for i, _ in idx], dtype=np.int64)
    vs = np.array([j for _, j in idx], dtype=np.int64)
    lo, hi = np.minimum(us, vs), np.maximum(us, vs)
    p = fit_model(prep, seed, outcomes, cache_key).predict(_features_as_missing(prep, lo, hi))
    return adjust(prep, lo * prep.n + hi, p, outcomes)


def adjust(prep: Prepared, keys: np.ndarray, p: np.ndarray, outcomes=None) -> np.ndarray:
    """Scores ``p`` of pair keys with desired pairs' odds x ``DESIRED_ODDS`` and
    dismissed/declined pairs' (outcome label 0) odds / ``DESIRED_ODDS``."""
    p = boost_desired(prep, keys, p)
    neg = [(a, b) for a, b, label in outcome_key(outcomes) if not label]
    nk = pair_keys(prep, neg)
    if len(nk) and len(p):
        hit = np.isin(keys, nk)
        if hit.any():
            odds = p[hit] / np.maximum(1e-12, 1 - p[hit]) / DESIRED_ODDS
            p = p.copy()
            p[hit] = odds / (1 + odds)
    return p


def boost_desired(prep: Prepared, keys: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Scores ``p`` of pair keys with the desired pairs' odds x ``DESIRED_ODDS``."""
    dk = desired_keys(prep)
    if len(dk) == 0 or len(p) == 0:
        return p
    hit = np.isin(keys, dk)
    if hit.any():
        odds = p[hit] / np.maximum(1e-12, 1 - p[hit]) * DESIRED_ODDS
        p = p.copy()
        p[hit] = odds / (1 + odds)
    return p


# ---------------------------------------------------------------- reasons
def pair_reason(prep: Prepared, i: int, j: int, weavers=(), max_names: int = 2) -> list[Msg]:
    """Plain-language evidence for a pair of actor indices: shared interests,
    shared area, common contacts (not counting ``weavers``), desired."""
    msgs: list[Msg] = []
    low = lambda xs: {x.lower(): x for x in xs}  # noqa: E731
    ti, tj = low(prep.attr_list(i, "themes")), low(prep.attr_list(j, "themes"))
    gi, gj = low(prep.attr_list(i, "target_groups")), low(prep.attr_list(j, "target_groups"))
    items = [gi[k] for k in sorted(set(gi) & set(gj))][:2] + [ti[k] for k in sorted(set(ti) & set(tj))][:2]
    ai, aj = prep.attr_str(i, "area"), prep.attr_str(j, "area")
    same_area = ai and ai.lower() == aj.lower()
    if items and same_area:
        msgs.append(Msg("analysis.reason.both_work_with_in_area", {"items": items, "area": ai}))
    elif items:
        msgs.append(Msg("analysis.reason.both_work_with", {"items": items}))
    elif same_area:
        msgs.append(Msg("analysis.reason.same_area", {"area": ai}))
    ni = set(prep.H[prep.nodes[i]])
    nj = set(prep.H[prep.nodes[j]])
    common = [prep.index[c] for c in ni & nj]
    wset = set(weavers)
    others = sorted((c for c in common if c not in wset), key=lambda c: (-prep.deg[c], c))
    if others:
        names = [prep.name(c) for c in others[:max_names]]
        if len(others) > max_names:
            msgs.append(Msg("analysis.reason.common_contacts_more", {"names": names, "more": len(others) - max_names}))
        else:
            msgs.append(Msg("analysis.reason.common_contacts", {"names": names}))
    via_w = [c for c in common if c in wset]
    if via_w and not others:
        msgs.append(Msg("analysis.reason.only_via_weaver", {"weaver": prep.name(via_w[0])}))
    key = frozenset((prep.nodes[i], prep.nodes[j]))
    if key in prep.desired():
        msgs.append(Msg("analysis.reason.desired", {}))
    return msgs


@dataclass(frozen=True)
class MissingLink:
    """One predicted missing link of ``missing_links``.

    Attributes
    ----------
    source, target : node id
        The pair (``source`` comes first in the canonical order, ``prepared.canonical_order``).
    score : float
        The ranking score in (0, 1): ``probability`` with the staff's evidence
        applied (desired pairs' odds x 20, dismissed pairs' odds / 20).
    reason_msgs : tuple of Msg
        The evidence; ``reason(lang)`` renders it as one sentence.
    probability : float
        The link model's own (class-balanced) probability for the pair.
    source_label, target_label : str
        The actors' names (user text: escape when shown).
    """

    source: object
    target: object
    score: float
    reason_msgs: tuple[Msg, ...]
    probability: float = 0.0
    source_label: str = ""
    target_label: str = ""

    def reason(self, lang: str = "en") -> str:
        return render_msgs(self.reason_msgs, lang)

    def to_dict(self, lang: str = "en") -> dict:
        return {"source": jsonable(self.source), "target": jsonable(self.target),
                "source_label": self.source_label, "target_label": self.target_label,
                "score": round(float(self.score), 6), "probability": round(float(self.probability), 6),
                "reason": self.reason(lang), "reason_msgs": [m.to_dict() for m in self.reason_msgs]}


def missing_links(G, top: int = 20, seed: int = 0, exclude=None, outcomes=None, cache_key=None) -> list[MissingLink]:
    """The ``top`` most probable missing links of the map (no weaving awareness).

    Candidate pairs (2-hop pairs, pairs sharing interests, desired pairs; never
    all n^2 pairs; above ``CAP_MIN_ACTORS`` actors a 2-hop pair only if it is among
    the ``CANDIDATE_CAP`` best partners of one of its actors by resource
    allocation, as in ``suggest_introductions``) are scored by the map's own
    stacked link model (see ``score_pairs``), fitted on the map's links.  Desired
    pairs are boosted (odds x ``DESIRED_ODDS``); pairs with a recorded outcome are
    never returned.  Ties are broken by the map's canonical order
    (``prepared.canonical_order``), so the answer does not depend on the order the
    nodes and links are listed in.  Unlike ``suggest_introductions`` the weaver
    may be an endpoint.

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any graph in the weaving shape; active links are the evidence.
    top : int, optional
        Number of pairs to return.
    seed : int, optional
        Seed of the model fit and of the attribute blocking.
    exclude : iterable of (id, id), optional
        Pairs never to return (e.g. introductions already under way).
    outcomes : iterable of (id, id, label), optional
        Recorded outcomes (label 1: belonged together, 0: dismissed/declined):
        these pairs are not returned (see ``training`` for what the model learns).
    cache_key : hashable, optional
        Identifies this version of the map (the app passes the map revision).

    Returns
    -------
    list of MissingLink
        Best first, at most ``top``.

    See Also
    --------
    score_pairs : the score of given pairs.
    suggest_introductions : weaving-aware introductions.

    References
    ----------
    .. [1] D. Liben-Nowell and J. Kleinberg, "The link-prediction problem for
       social networks", JASIST 58(7), 1019-1031, 2007.
    .. [2] R. N. Lichtenwalter, J. T. Lussier and N. V. Chawla, "New
       perspectives and methods in link prediction", KDD 2010.
    .. [3] A. Ghasemian et al., "Stacking models for nearly optimal link
       prediction in complex networks", PNAS 117(38), 2020.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis import missing_links
    >>> for m in missing_links(nx.karate_club_graph(), top=2, seed=0):
    ...     print(m.source, m.target, round(m.score, 2), m.reason("en"))
    2 33 1.0 Both already know 32 and 8 (and 4 more).
    0 33 0.98 Both already know 31 and 8 (and 2 more).

    A pair staff marked as desired comes first:

    >>> G = nx.MultiGraph([("W", "a1"), ("W", "b1"), ("W", "c"), ("a1", "a2"), ("a2", "a3"),
    ...                    ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3")])
    >>> _ = G.add_edge("a2", "b3", status="desired")
    >>> [(m.source, m.target, round(m.score, 2)) for m in missing_links(G, top=2)]
    [('a2', 'b3', 0.91), ('a1', 'b1', 0.59)]
    >>> missing_links(G, top=1, exclude=[("a2", "b3")])[0].reason("sv")
    'Båda känner redan W.'

    A judged pair (here dismissed: outcome label 0) is not suggested again; its
    score falls (odds / 20), the others' stay:

    >>> K = nx.karate_club_graph()
    >>> [round(float(p), 3) for p in score_pairs(K, [(2, 33), (0, 33)], seed=0)]
    [0.998, 0.976]
    >>> [round(float(p), 3) for p in score_pairs(K, [(2, 33), (0, 33)], seed=0, outcomes=[(2, 33, 0)])]
    [0.971, 0.976]
    >>> [(m.source, m.target) for m in missing_links(K, top=2, seed=0, outcomes=[(2, 33, 0)])]
    [(0, 33), (1, 33)]
    """
    prep = prepare(G)
    model = fit_model(prep, seed, outcomes, cache_key)
    ex = np.union1d(pair_keys(prep, exclude), judged_keys(prep, outcomes))
    best_k = np.zeros(0, dtype=np.int64)
    best_s = np.zeros(0)
    best_p = np.zeros(0)
    dk = desired_keys(prep)
    cap = CANDIDATE_CAP if prep.n > CAP_MIN_ACTORS else None
    always = (lambda a, b: np.isin(a * prep.n + b, dk)) if len(dk) else None  # noqa: E731
    for us, vs, F in iter_candidates(prep, seed, cap=cap, always=always):
        keys = us * prep.n + vs
        p = model.predict(F)
        sc = adjust(prep, keys, p, outcomes)
        if len(ex):
            sc = np.where(np.isin(keys, ex), -1.0, sc)
        best_k = np.concatenate([best_k, keys])
        best_s = np.concatenate([best_s, sc])
        best_p = np.concatenate([best_p, p])
        if len(best_s) > 4 * top:
            sel = np.lexsort((best_k, -best_s))[: 2 * top]
            best_k, best_s, best_p = best_k[sel], best_s[sel], best_p[sel]
    order = np.lexsort((best_k, -best_s))
    out = []
    for o in order:
        if best_s[o] < 0 or len(out) >= top:
            break
        i, j = divmod(int(best_k[o]), prep.n)
        out.append(MissingLink(prep.nodes[i], prep.nodes[j], float(best_s[o]), tuple(pair_reason(prep, i, j)),
                               float(best_p[o]), prep.label(i), prep.label(j)))
    return out
