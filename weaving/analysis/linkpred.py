"""Missing links: which unlinked pairs of actors are most likely to belong together.

Plain link prediction (Liben-Nowell & Kleinberg 2007), without weaving
awareness (``suggest`` adds that).  The pieces, bottom up:

* ``features``: per pair, common neighbours, resource allocation, Adamic-Adar,
  Jaccard, preferential attachment and the cosine of the actors' TF-IDF
  attribute profiles;
* ``candidates``: 2-hop pairs, pairs sharing interests (blocking) and desired
  pairs -- never all n^2 pairs;
* ``model``: the monotone logistic regression and calibrated heuristics;
* ``training``: the map's own training data and the inner validation that
  picks the scorer (resource allocation unless another one is significantly
  better on the map's own held-out links);
* here: the public ``missing_links`` and ``score_pairs``, the desired-link boost
  and the plain-language reasons.

Every scorer carries vanishing tie-breakers (RA/AA, then shared interests; RA
itself: Jaccard, shared interests, AA below a 1e-10 rounding of RA, so its
ranking is exactly RA's with ties broken).  Output is a probability-like score
in (0, 1).  Desired links recorded by staff are strong evidence: they multiply
the odds by ``DESIRED_ODDS`` (= 20, i.e. a 50 % pair becomes 95 %).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from weaving.analysis.candidates import desired_keys, iter_candidates, pair_keys
from weaving.analysis.features import pair_features
from weaving.analysis.messages import Msg, jsonable, render_msgs
from weaving.analysis.prepared import Prepared, node_index, prepare
from weaving.analysis.training import fit_model

__all__ = ["DESIRED_ODDS", "MissingLink", "boost_desired", "missing_links", "pair_reason", "score_pairs"]

DESIRED_ODDS = 20.0


def score_pairs(G, pairs, seed: int = 0) -> np.ndarray:
    r"""Link-model score of given node-id pairs (desired pairs boosted).

    The map's own link model (``fit_model``: resource allocation

    .. math::

       RA(u, v) = \sum_{w \in N(u) \cap N(v)} \frac{1}{\deg(w)}

    calibrated to a probability, unless inner validation on the map's own
    links shows that another heuristic or the logistic model over all pair
    features is significantly better).  Pairs recorded as desired have their
    odds multiplied by ``DESIRED_ODDS``.  Linked pairs get a score too (as if
    the link were missing).

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any graph in the weaving shape.
    pairs : iterable of (id, id)
        Node-id pairs; ids may also be given as strings.
    seed : int, optional
        Seed of the model fit (inner validation splits, negative samples).

    Returns
    -------
    numpy.ndarray
        One score in (0, 1) per pair, in the order given.

    Raises
    ------
    TypeError
        If a node id is not on the map.

    See Also
    --------
    missing_links : the best-scoring unlinked pairs.

    References
    ----------
    .. [1] T. Zhou, L. Lü and Y.-C. Zhang, "Predicting missing links via local
       information", European Physical Journal B 71, 623-630, 2009.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis import score_pairs
    >>> score_pairs(nx.karate_club_graph(), [(0, 33), (24, 25), (0, 9)], seed=0).round(2).tolist()
    [0.93, 0.5, 0.44]
    """
    prep = prepare(G)
    idx = [(node_index(prep, a), node_index(prep, b)) for a, b in pairs]
    us = np.array([i for i, _ in idx], dtype=np.int64)
    vs = np.array([j for _, j in idx], dtype=np.int64)
    p = fit_model(prep, seed).predict(pair_features(prep, us, vs))
    return boost_desired(prep, np.minimum(us, vs) * prep.n + np.maximum(us, vs), p)


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
        The pair (``source`` comes first in the input order).
    score : float
        The link model's probability-like score, in (0, 1).
    reason_msgs : tuple of Msg
        The evidence; ``reason(lang)`` renders it as one sentence.
    """

    source: object
    target: object
    score: float
    reason_msgs: tuple[Msg, ...]

    def reason(self, lang: str = "en") -> str:
        return render_msgs(self.reason_msgs, lang)

    def to_dict(self, lang: str = "en") -> dict:
        return {"source": jsonable(self.source), "target": jsonable(self.target),
                "score": round(float(self.score), 6), "reason": self.reason(lang),
                "reason_msgs": [m.to_dict() for m in self.reason_msgs]}


def missing_links(G, top: int = 20, seed: int = 0, exclude=None) -> list[MissingLink]:
    """The ``top`` most probable missing links of the map (no weaving awareness).

    Candidate pairs (2-hop pairs, pairs sharing interests, desired pairs; never
    all n^2 pairs) are scored by the map's own link model, see ``score_pairs``:
    by default resource allocation RA(u, v) = sum_{w in N(u) ∩ N(v)} 1/deg(w)
    calibrated to a probability; a logistic regression over common neighbours,
    RA, Adamic-Adar, Jaccard, preferential attachment and the TF-IDF cosine of
    the actors' themes / target groups / area / type replaces it when the inner
    validation on the map's own held-out links shows a significant gain.
    Desired pairs are boosted (odds x ``DESIRED_ODDS``).  Ties are broken by
    input order.  Unlike ``suggest_introductions`` the weaver may be an
    endpoint.

    Parameters
    ----------
    G : NetworkX graph or Prepared
        Any graph in the weaving shape; active links are the evidence.
    top : int, optional
        Number of pairs to return.
    seed : int, optional
        Seed of the model fit and of the attribute blocking.
    exclude : iterable of (id, id), optional
        Pairs never to return (e.g. declined introductions).

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
    .. [2] T. Zhou, L. Lü and Y.-C. Zhang, "Predicting missing links via local
       information", European Physical Journal B 71, 623-630, 2009.
    .. [3] R. N. Lichtenwalter, J. T. Lussier and N. V. Chawla, "New
       perspectives and methods in link prediction", KDD 2010.

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis import missing_links
    >>> for m in missing_links(nx.karate_club_graph(), top=2, seed=0):
    ...     print(m.source, m.target, round(m.score, 2), m.reason("en"))
    2 33 0.99 Both already know 32 and 8 (and 4 more).
    0 33 0.93 Both already know 31 and 8 (and 2 more).

    A pair staff marked as desired comes first:

    >>> G = nx.MultiGraph([("W", "a1"), ("W", "b1"), ("W", "c"), ("a1", "a2"), ("a2", "a3"),
    ...                    ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3")])
    >>> _ = G.add_edge("a2", "b3", status="desired")
    >>> [(m.source, m.target, round(m.score, 2)) for m in missing_links(G, top=2)]
    [('a2', 'b3', 0.91), ('a1', 'c', 0.59)]
    >>> missing_links(G, top=1, exclude=[("a2", "b3")])[0].reason("sv")
    'Båda känner redan W.'
    """
    prep = prepare(G)
    model = fit_model(prep, seed)
    ex = pair_keys(prep, exclude)
    best_k = np.zeros(0, dtype=np.int64)
    best_p = np.zeros(0)
    for us, vs, F in iter_candidates(prep, seed):
        keys = us * prep.n + vs
        p = boost_desired(prep, keys, model.predict(F))
        if len(ex):
            p = np.where(np.isin(keys, ex), -1.0, p)
        best_k = np.concatenate([best_k, keys])
        best_p = np.concatenate([best_p, p])
        if len(best_p) > 4 * top:
            sel = np.lexsort((best_k, -best_p))[: 2 * top]
            best_k, best_p = best_k[sel], best_p[sel]
    order = np.lexsort((best_k, -best_p))
    out = []
    for o in order:
        if best_p[o] < 0 or len(out) >= top:
            break
        i, j = divmod(int(best_k[o]), prep.n)
        out.append(MissingLink(prep.nodes[i], prep.nodes[j], float(best_p[o]), tuple(pair_reason(prep, i, j))))
    return out
