"""Who the weavers of a map are: the ``weaver`` argument rules shared by the
stage, the introductions and the step-back plan.

* given: a node id or a list of ids (ids may also be given as strings, e.g. from
  the command line); an id not on the map raises ``ValidationError``
  (``"analysis.error.unknown_weaver"``);
* marked: by default the actors marked as weavers (graph attribute ``weavers`` or
  node attribute ``is_weaver``, see ``weaving.core.schema.weavers_of``);
* fallback: nobody marked -> the actor with the highest betweenness (ties:
  higher degree, then the canonical order);
* none: ``weaver=False`` (no weaver at all), an empty map or a map without links.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from weaving.analysis.centrality import betweenness as _betweenness
from weaving.analysis.prepared import Prepared, node_index
from weaving.core.errors import ValidationError
from weaving.core.schema import weavers_of

__all__ = ["resolve_weavers"]


def resolve_weavers(prep: Prepared, weaver: Any, betweenness: np.ndarray | None = None) -> tuple[list[int], str]:
    """Return (weaver indices, source) where source is 'given', 'marked',
    'fallback' (highest betweenness, nobody marked) or 'none' (empty map).

    Examples
    --------
    >>> import networkx as nx
    >>> from weaving.analysis.prepared import prepare
    >>> prep = prepare(nx.star_graph(3))
    >>> resolve_weavers(prep, None), resolve_weavers(prep, [2, "3"])
    (([0], 'fallback'), ([2, 3], 'given'))
    >>> resolve_weavers(prep, False)
    ([], 'none')
    """
    if weaver is False:
        return [], "none"
    if weaver is not None and not (isinstance(weaver, (list, tuple, set, frozenset)) and len(weaver) == 0):
        ids = list(weaver) if isinstance(weaver, (list, tuple, set, frozenset)) else [weaver]
        out = []
        for w in ids:
            i = node_index(prep, w)
            if i is None:
                raise ValidationError("analysis.error.unknown_weaver", id=str(w))
            if i not in out:
                out.append(i)
        return out, "given"
    marked = sorted(prep.index[u] for u in weavers_of(prep.H) if u in prep.index)   # canonical order
    if marked:
        return marked, "marked"
    if prep.n == 0 or prep.m == 0:
        return [], "none"
    if betweenness is None:
        betweenness = _betweenness(prep).values
    score = betweenness + 1e-9 * prep.deg  # ties -> higher degree, then canonical order
    return [int(np.argmax(score))], "fallback"
