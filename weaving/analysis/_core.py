"""Shared machinery for the analysis package.

* ``Msg``: a translatable message (catalogue key + params).  Every reason, role,
  cluster name and piece of stage evidence is a ``Msg`` so the app can show it in
  Swedish and the CLI in English; ``render_msgs`` joins several into one sentence.
* ``Prepared``: the active simple graph (``weaving.core.schema.active_simple_graph``)
  plus a CSR adjacency matrix over a fixed node order (the input order).  All
  heavy lifting is done with numpy/scipy on that matrix; node ids only appear at
  the edges of the API so ids come back exactly as in the input.
* ``resolve_weavers``: the weaver argument rules (id or list of ids, default =
  marked weavers, fallback = highest betweenness, invalid id -> ValidationError).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

import networkx as nx
import numpy as np
import scipy.sparse as sp

from weaving.core.errors import ValidationError
from weaving.core.schema import (ACTIVE_STATUSES, active_simple_graph, as_bool, as_list, as_strength,
                            desired_pairs, edge_status, weavers_of)

__all__ = ["Msg", "Name", "Prepared", "prepare", "render_msgs", "jsonable", "resolve_weavers"]


# Messages whose text depends on a count: the catalogue holds ``key`` (plural) and
# ``key + "_one"`` (singular); ``Msg.render`` picks the variant from the named
# parameter, so stored messages (snapshots) keep their key and render correctly.
COUNT_PARAM = {
    "analysis.evidence.no_links": "actors",
    "analysis.evidence.components": "count",
    "analysis.evidence.dependent": "count",
    "analysis.evidence.dependent_on": "count",
    "analysis.evidence.core": "hubs",
    "analysis.risk.actor_person": "links",
    "analysis.risk.actor_place": "links",
    "analysis.reason.plan_fallback": "piece",
    "analysis.cli.plan": "length",
}


class Name(str):
    """An actor name inside a message: quoted when it would blur the sentence
    (a name with a comma, or a list item containing the list's "and")."""


def _quote(item: str, lang: str) -> str:
    return f"\u201d{item}\u201d" if lang == "sv" else f"\u201c{item}\u201d"


def _fmt(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, Name):
        return _quote(value, lang) if "," in value else str(value)
    if isinstance(value, (list, tuple)):
        word = " och " if lang == "sv" else " and "
        items = []
        for v in value:
            x = str(_fmt(v, lang))
            if isinstance(v, str) and len(value) > 1 and ("," in v or word in v) and not x.startswith(("\u201c", "\u201d")):
                x = _quote(x, lang)
            items.append(x)
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + word + items[-1]
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "sv" else text  # Swedish decimal comma
    return value


@dataclass(frozen=True)
class Msg:
    """A translatable message: catalogue key plus parameters (may nest Msg)."""

    key: str
    params: dict = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        from weaving.i18n import catalogue, t

        key = self.key
        count = COUNT_PARAM.get(key)
        if count is not None and self.params.get(count) == 1 and key + "_one" in catalogue():
            key += "_one"
        return t(key, lang, **{k: _fmt(v, lang) for k, v in self.params.items()})

    def to_dict(self) -> dict:
        return {"key": self.key, "params": jsonable(self.params)}


def name_list(names: list, limit: int = 5) -> list:
    """Up to ``limit`` names, then "N more" (a Msg) so long lists stay readable."""
    names = list(names)
    if len(names) <= limit:
        return names
    return names[:limit] + [Msg("analysis.evidence.more", {"count": len(names) - limit})]


def render_msgs(msgs: Iterable[Msg], lang: str = "en") -> str:
    """Join message fragments into one sentence: 'Both ...; both ....'"""
    parts = [m.render(lang) for m in msgs]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    text = "; ".join(parts)
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def jsonable(value: Any) -> Any:
    """Convert numpy scalars, tuples, sets, Msg ... into JSON-safe values."""
    if isinstance(value, Msg):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if (math.isnan(f) or math.isinf(f)) else round(f, 6)
    if isinstance(value, np.bool_):
        return bool(value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


@dataclass
class Prepared:
    """Active simple graph + CSR adjacency over a fixed node order."""

    G: Any                      # the graph as given (multi/di allowed)
    H: nx.Graph                 # active simple undirected graph
    nodes: list
    index: dict
    A: sp.csr_matrix            # binary adjacency (float64), symmetric, zero diagonal
    W: sp.csr_matrix            # strength-weighted adjacency (1..3)
    deg: np.ndarray             # degrees (float64)
    cache: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return int(self.A.nnz // 2)

    def label(self, i: int) -> str:
        d = self.H.nodes[self.nodes[i]]
        lab = d.get("label")
        return str(lab) if lab not in (None, "") else str(self.nodes[i])

    def name(self, i: int) -> Name:
        """The label as a ``Name`` for use inside messages."""
        return Name(self.label(i))

    def attr_list(self, i: int, key: str) -> list[str]:
        return as_list(self.H.nodes[self.nodes[i]].get(key))

    def attr_str(self, i: int, key: str) -> str:
        v = self.H.nodes[self.nodes[i]].get(key)
        return "" if v is None else str(v).strip()

    def desired(self) -> set[frozenset]:
        if "desired" not in self.cache:
            self.cache["desired"] = desired_pairs(self.G)
        return self.cache["desired"]


def prepare(G: Any) -> Prepared:
    """Build (or pass through) the prepared form of any NetworkX graph."""
    if isinstance(G, Prepared):
        return G
    if not isinstance(G, nx.Graph):
        raise TypeError("expected a NetworkX graph")
    H = _simple_view(G)
    if H is None:
        H = active_simple_graph(G)
    nodes = list(H.nodes())
    index = {u: i for i, u in enumerate(nodes)}
    n = len(nodes)
    m = H.number_of_edges()
    rows = np.empty(m, dtype=np.int64)
    cols = np.empty(m, dtype=np.int64)
    wts = np.empty(m, dtype=np.float64)
    if H is G:   # weights from 'strength' (or 'weight'), as active_simple_graph does
        for e, (u, v, d) in enumerate(H.edges(data=True)):
            rows[e] = index[u]
            cols[e] = index[v]
            wts[e] = as_strength(d.get("strength", d.get("weight", 1))) if d else 1.0
    else:
        for e, (u, v, w) in enumerate(H.edges(data="weight", default=1)):
            rows[e] = index[u]
            cols[e] = index[v]
            wts[e] = w
    r = np.concatenate([rows, cols])
    c = np.concatenate([cols, rows])
    W = sp.csr_matrix((np.concatenate([wts, wts]), (r, c)), shape=(n, n))
    W.sum_duplicates()
    W.sort_indices()
    A = W.copy()
    A.data[:] = 1.0
    deg = np.diff(A.indptr).astype(np.float64)
    prep = Prepared(G=G, H=H, nodes=nodes, index=index, A=A, W=W, deg=deg)
    if H is G:   # _simple_view checked every link: none is desired
        prep.cache["desired"] = set()
    return prep


def _simple_view(G):
    """Return G itself when it already is what active_simple_graph would build
    (undirected simple graph, no self-loops, every link active): copying a 100k-link
    graph costs more than the whole analysis.  Consumers never mutate H."""
    if type(G) is not nx.Graph or nx.number_of_selfloops(G):
        return None
    for _u, _v, d in G.edges(data=True):
        st = d.get("status") if d else None
        if st is not None and edge_status(d) not in ACTIVE_STATUSES:
            return None
    return G


def edge_statuses(d: dict) -> list:
    """Statuses of a link of H (works for active_simple_graph output and raw Graphs)."""
    st = d.get("statuses")
    return list(st) if st is not None else [edge_status(d)]


def node_index(prep: Prepared, node_id: Any) -> int | None:
    if node_id in prep.index:
        return prep.index[node_id]
    s = str(node_id)
    by_str = prep.cache.get("by_str")
    if by_str is None:
        by_str = {}
        for i, u in enumerate(prep.nodes):
            by_str.setdefault(str(u), i)
        prep.cache["by_str"] = by_str
    return by_str.get(s)


def resolve_weavers(prep: Prepared, weaver: Any, betweenness: np.ndarray | None = None) -> tuple[list[int], str]:
    """Return (weaver indices, source) where source is 'given', 'marked',
    'fallback' (highest betweenness, nobody marked) or 'none' (empty map)."""
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
    marked = [prep.index[u] for u in weavers_of(prep.H) if u in prep.index]
    if marked:
        return marked, "marked"
    if prep.n == 0 or prep.m == 0:
        return [], "none"
    if betweenness is None:
        from weaving.analysis.brokers import betweenness as _bc

        betweenness = _bc(prep).values
    score = betweenness + 1e-9 * prep.deg  # ties -> higher degree, then input order
    return [int(np.argmax(score))], "fallback"


def components(A: sp.csr_matrix, mask: np.ndarray | None = None) -> tuple[int, np.ndarray]:
    """Connected components; nodes with mask False get label -1 (removed)."""
    from scipy.sparse.csgraph import connected_components

    if mask is None:
        return connected_components(A, directed=False)
    keep = np.flatnonzero(mask)
    sub = A[keep][:, keep]
    k, lab = connected_components(sub, directed=False)
    labels = np.full(A.shape[0], -1, dtype=np.int64)
    labels[keep] = lab
    return k, labels


def is_marked_weaver(d: dict) -> bool:
    return as_bool(d.get("is_weaver"))
