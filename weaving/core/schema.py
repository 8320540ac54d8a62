"""Shared vocabulary and graph-convention helpers (see docs/graph-schema.md).

Pure Python + NetworkX: no database, no Streamlit.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

ACTOR_TYPES: tuple[str, ...] = (
    "library", "youth_centre", "association", "study_association", "church",
    "sports_club", "business", "network", "municipal_unit", "agency",
    "informal_group", "person", "school", "other",
)
SECTORS: tuple[str, ...] = ("ideburen", "offentlig", "privat")
LINK_KINDS: tuple[str, ...] = (
    "awareness", "dialogue", "information", "joint_activity", "shared_premises",
    "shared_staff", "funding", "iop", "agreement", "membership",
    "volunteer_supply", "referral",
)
LINK_STATUSES: tuple[str, ...] = ("existing", "desired", "introduced", "ended")
ACTIVE_STATUSES: frozenset[str] = frozenset({"existing", "introduced"})
INTRO_LEVELS: tuple[str, ...] = ("suggest", "email", "in_person", "joint_activity")
INTRO_STATUSES: tuple[str, ...] = ("suggested", "made", "confirmed", "declined", "dismissed")
# why the weaver dismissed a suggestion (status "dismissed")
DISMISS_REASONS: tuple[str, ...] = ("not_relevant", "already_in_contact", "did_not_work")

LIST_ATTRS: tuple[str, ...] = ("themes", "target_groups", "resources", "contacts", "carried_by")

# Sizes of the database's columns (weaving/store/models.py), shared by the store (which
# refuses a longer name and cuts longer text) and the importers (which say so per row
# and column before anything is written).
MAX_NAME = 500           # an actor's name
MAX_PERSON_NAME = 300    # a contact person, a link's carrier
MAX_AREA = 200           # an actor's area
MAX_TAG = 200            # one theme, target group or resource
MAX_PLACE = 300          # a link's place
MAX_TEXT = 20_000        # a description, a link's purpose

_TRUE = {"true", "1", "yes", "ja", "y", "t", "sant"}


def as_list(value: Any) -> list[str]:
    """Return a multi-valued attribute as a list of clean, non-empty strings.

    Accepts None, a list/tuple/set, or a string separated by ``|`` (Kumu) or ``;``.
    """
    if value is None:
        return []
    if isinstance(value, str):
        sep = "|" if "|" in value else ";"
        items: Iterable[Any] = value.split(sep)
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    else:
        items = [value]
    out: list[str] = []
    for item in items:
        text = str(item).strip()
        if text and text not in out:
            out.append(text)
    return out


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, (int, float)):
        return value != 0
    return str(value).strip().lower() in _TRUE


def as_strength(value: Any, default: int = 1) -> int:
    try:
        s = int(float(value))
    except (TypeError, ValueError):
        return default
    return min(3, max(1, s))


def edge_status(data: dict) -> str:
    status = str(data.get("status") or "existing").strip().lower()
    return status if status in LINK_STATUSES else "existing"


def weavers_of(G: nx.Graph) -> list:
    """Nodes marked as weavers: node attr ``is_weaver`` or graph attr ``weavers``."""
    marked = [n for n, d in G.nodes(data=True) if as_bool(d.get("is_weaver"))]
    for n in as_list(G.graph.get("weavers")):
        if n in G and n not in marked:
            marked.append(n)
    return marked


def active_simple_graph(G: nx.Graph, statuses: Iterable[str] = ACTIVE_STATUSES) -> nx.Graph:
    """Collapse any (multi/di)graph into an undirected simple graph of links whose
    status is in ``statuses`` (default: existing + introduced).

    Edge attributes: ``weight`` = max strength, ``kinds`` = sorted kinds,
    ``statuses`` = sorted statuses. Node attributes and graph attributes are kept.
    Self-loops are dropped.
    """
    wanted = set(statuses)
    H = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    edges = G.edges(data=True)
    for u, v, d in edges:
        if u == v:
            continue
        st = edge_status(d)
        if st not in wanted:
            continue
        w = as_strength(d.get("strength", d.get("weight", 1)))
        kind = str(d.get("kind") or "")
        if H.has_edge(u, v):
            e = H[u][v]
            e["weight"] = max(e["weight"], w)
            if kind and kind not in e["kinds"]:
                e["kinds"] = sorted([*e["kinds"], kind])
            if st not in e["statuses"]:
                e["statuses"] = sorted([*e["statuses"], st])
        else:
            H.add_edge(u, v, weight=w, kinds=[kind] if kind else [], statuses=[st])
    return H


def desired_pairs(G: nx.Graph) -> set[frozenset]:
    """Unordered node pairs that staff recorded as desired links."""
    return {
        frozenset((u, v))
        for u, v, d in G.edges(data=True)
        if u != v and edge_status(d) == "desired"
    }


def intro_outcome(status: str, dismiss_reason: str = "") -> int | None:
    """The label an introduction's outcome gives the link model: 1 the pair
    belonged together (made, confirmed; dismissed as *already in contact*: the
    model was right, the map only lacked the link), 0 it did not (dismissed as not
    relevant or tried without result, declined), None no outcome yet (suggested).

    Examples
    --------
    >>> [intro_outcome(s) for s in ("suggested", "made", "confirmed", "declined")]
    [None, 1, 1, 0]
    >>> intro_outcome("dismissed", "not_relevant"), intro_outcome("dismissed", "already_in_contact")
    (0, 1)
    """
    if status in ("made", "confirmed"):
        return 1
    if status == "dismissed":
        return 1 if dismiss_reason == "already_in_contact" else 0
    if status == "declined":
        return 0
    return None
