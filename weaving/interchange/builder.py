"""Turn parsed rows (from any format) into a graph in the weaving convention,
validating every value and reporting problems by row.  Nothing is written.

Names (labels, contacts, carriers, themes, target groups, resources, areas) are put
in normal form (:func:`weaving.core.names.normalise_name`), as the store keeps them.
Two rows whose names have the same :func:`weaving.core.names.name_key` become one
actor in the store, and that is what the ``io.duplicate_label`` warning says."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from weaving.core.names import name_key, normalise_name, unique_names
from weaving.core.schema import MAX_AREA, MAX_NAME, MAX_PERSON_NAME, MAX_PLACE, MAX_TAG, MAX_TEXT
import weaving.interchange.values as V
from weaving.interchange.model import ImportStats, Problem

LIST_ACTOR_FIELDS = ("themes", "target_groups", "resources", "contacts")
TEXT_ACTOR_FIELDS = ("area", "description")
TEXT_LINK_FIELDS = ("purpose", "place")


@dataclass
class Row:
    """One actor or link as read from a file: ``values`` keyed by our field names
    (raw: any type), ``extras`` = other columns/attributes (kept on the graph)."""

    row: int | None
    table: str
    values: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)


def _extra_value(value: Any) -> Any:
    """Extra attributes are kept if scalar; text is cleaned; lists -> list[str]."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [V.clean_text(v) for v in value if V.clean_text(v)]
    if isinstance(value, dict):
        return None
    text = V.clean_text(value)
    return text or None


def _clean_extras(extras: dict[str, Any], reserved: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in extras.items():
        key = V.clean_text(name)
        if not key or key in reserved or key in out:
            continue
        v = _extra_value(value)
        if v is not None and v != []:
            out[key] = v
    return out


class GraphBuilder:
    def __init__(self, problems: list[Problem], stats: ImportStats) -> None:
        self.problems = problems
        self.stats = stats
        self.G = nx.MultiGraph()
        self._by_label: dict[str, list[str]] = {}
        self._by_fold: dict[str, list[str]] = {}     # loosely (V.norm_key): to resolve link ends
        self._by_key: dict[str, list[str]] = {}      # by name_key: the store's one actor per name
        self._row_of: dict[str, int | None] = {}
        self._implicit: list[str] = []
        self._vocab_seen: dict[tuple[str, str], str | None] = {}

    # ------------------------------------------------------------------ helpers
    def _problem(self, r: Row, key: str, severity: str = "error", fld: str | None = None,
                 **params: Any) -> None:
        self.problems.append(Problem(r.row, r.table, fld, key, params, severity))  # type: ignore[arg-type]

    def _vocab(self, r: Row, fld: str, raw: Any, default: str) -> str:
        text = V.clean_text(raw)
        if not text:
            return default
        key = self._vocab_seen.get((fld, text), "")   # the same few words on every row
        if key == "":
            key = self._vocab_seen[fld, text] = V.map_vocab(fld, text)
        if key is None:
            self._problem(r, "io.out_of_vocabulary", "warning", fld, field=fld,
                          value=_short(text), default=default or "-")
            return default
        return key

    def _too_long(self, r: Row, fld: str, name: str) -> bool:
        """A name longer than its column: an error naming the row and column (the store
        would refuse the whole import without saying where)."""
        if len(name) <= MAX_NAME:
            return False
        self._problem(r, "io.too_long", "error", fld, field=fld, length=len(name), max=MAX_NAME)
        return True

    def _sized(self, r: Row, fld: str, text: str, limit: int) -> str:
        """Text longer than its column is cut (as the store cuts it), with a warning."""
        if len(text) <= limit:
            return text
        self._problem(r, "io.shortened", "warning", fld, field=fld, length=len(text), max=limit)
        return text[:limit].rstrip()

    def _people(self, r: Row, fld: str, names: list[str]) -> list[str]:
        """Contact persons / carriers: one longer than its column is left out, with an error."""
        kept = []
        for name in names:
            if len(name) > MAX_PERSON_NAME:
                self._problem(r, "io.too_long_item", "error", fld, field=fld, value=_short(name, 40),
                              length=len(name), max=MAX_PERSON_NAME)
            else:
                kept.append(name)
        return kept

    # ------------------------------------------------------------------- actors
    def add_actor(self, r: Row, *, label_from_id: bool = False) -> str | None:
        self.stats.actor_rows += 1
        v = r.values
        written = V.clean_text(v.get("label"))
        node_id = V.clean_text(v.get("id"))
        if not written and label_from_id:
            written = node_id
        label = normalise_name(written)
        if not label:
            if any(V.clean_text(x) for x in v.values()) or r.extras:
                self._problem(r, "io.empty_name", "error", "label")
                self.stats.skipped_actors += 1
            else:
                self.stats.actor_rows -= 1  # an empty row: silently ignored
            return None
        if self._too_long(r, "label", label):
            self.stats.skipped_actors += 1
            return None
        if not node_id:   # the name as written: look-alike rows stay rows (and warn, below)
            node_id = written
        if node_id in self.G:
            self._problem(r, "io.duplicate_actor", "error", "label", name=_short(label),
                          other=self._row_of.get(node_id) or "-")
            self.stats.skipped_actors += 1
            return None
        folded, key = V.norm_key(label), name_key(label)
        if key in self._by_key:
            other = self._by_key[key][0]
            self._problem(r, "io.duplicate_label", "warning", "label", name=_short(label),
                          other=self._row_of.get(other) or "-")
        attrs: dict[str, Any] = {
            "label": label,
            "type": self._vocab(r, "type", v.get("type"), V.DEFAULT_TYPE),
            "sector": self._vocab(r, "sector", v.get("sector"), ""),
        }
        attrs["area"] = self._sized(r, "area", normalise_name(V.clean_text(v.get("area"))), MAX_AREA)
        attrs["description"] = self._sized(r, "description", V.clean_text(v.get("description")), MAX_TEXT)
        for fld in LIST_ACTOR_FIELDS:
            items = unique_names(V.clean_list(v.get(fld)))
            attrs[fld] = (self._people(r, fld, items) if fld == "contacts"
                          else unique_names(self._sized(r, fld, x, MAX_TAG) for x in items))
        weaver = V.parse_bool(v.get("is_weaver"))
        if weaver is None:
            self._problem(r, "io.bad_bool", "warning", "is_weaver", field="is_weaver",
                          value=_short(V.clean_text(v.get("is_weaver"))))
            weaver = False
        attrs["is_weaver"] = weaver
        extras = _clean_extras(r.extras, set(attrs) | {"id"})
        self.G.add_node(node_id, **extras, **attrs)
        self._row_of[node_id] = r.row
        self._by_label.setdefault(label, []).append(node_id)
        self._by_fold.setdefault(folded, []).append(node_id)
        self._by_key.setdefault(key, []).append(node_id)
        return node_id

    def mark_weavers(self, ids: list[str]) -> None:
        for n in ids:
            if n in self.G:
                self.G.nodes[n]["is_weaver"] = True

    # -------------------------------------------------------------------- links
    def _resolve(self, r: Row, id_value: Any, name_value: Any, side: str,
                 implicit: bool) -> str | None:
        node_id = V.clean_text(id_value)
        if node_id and node_id in self.G:
            return node_id
        written = V.clean_text(name_value) or node_id
        if written and written in self.G:
            return written
        name = normalise_name(written)
        if not name:
            self._problem(r, "io.link_missing_endpoint", "error", side, field=side)
            return None
        if name in self.G:
            return name
        for index, key in ((self._by_label, name), (self._by_fold, V.norm_key(name))):
            found = index.get(key, [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                self._problem(r, "io.ambiguous_actor", "error", side, name=_short(name))
                return None
        if implicit:
            if self._too_long(r, side, name):
                return None
            self.G.add_node(name, label=name, type=V.DEFAULT_TYPE, sector="", area="",
                            description="", is_weaver=False,
                            **{f: [] for f in LIST_ACTOR_FIELDS})
            self._row_of[name] = None
            self._by_label.setdefault(name, []).append(name)
            self._by_fold.setdefault(V.norm_key(name), []).append(name)
            self._by_key.setdefault(name_key(name), []).append(name)
            self._implicit.append(name)
            return name
        self._problem(r, "io.unknown_actor", "error", side, name=_short(name))
        return None

    def add_link(self, r: Row, *, implicit_actors: bool = False) -> bool:
        self.stats.link_rows += 1
        v = r.values
        if not any(V.clean_text(x) for x in v.values()) and not r.extras:
            self.stats.link_rows -= 1  # empty row
            return False
        u = self._resolve(r, v.get("from_id"), v.get("from"), "from", implicit_actors)
        w = self._resolve(r, v.get("to_id"), v.get("to"), "to", implicit_actors) if u else None
        if u is None or w is None:
            self.stats.skipped_links += 1
            return False
        if u == w or name_key(self.G.nodes[u]["label"]) == name_key(self.G.nodes[w]["label"]):
            # the same actor in the store (two rows of one name): a link to itself
            self._problem(r, "io.self_link", "error", None, name=_short(self.G.nodes[u]["label"]))
            self.stats.skipped_links += 1
            return False
        kind = self._vocab(r, "kind", v.get("kind"), V.DEFAULT_KIND)
        if self.G.has_edge(u, w, key=kind):
            self._problem(r, "io.duplicate_link", "error", "kind", kind=kind,
                          source=_short(self.G.nodes[u]["label"]),
                          target=_short(self.G.nodes[w]["label"]))
            self.stats.skipped_links += 1
            return False
        attrs: dict[str, Any] = {"kind": kind}
        raw_strength = v.get("strength")
        if V.clean_text(raw_strength) == "":
            strength = V.DEFAULT_STRENGTH
        else:
            strength = V.parse_strength(raw_strength)
            if strength is None:
                self._problem(r, "io.bad_strength", "warning", "strength",
                              value=_short(V.clean_text(raw_strength)),
                              default=V.DEFAULT_STRENGTH)
                strength = V.DEFAULT_STRENGTH
        attrs["strength"] = strength
        attrs["status"] = self._vocab(r, "status", v.get("status"), V.DEFAULT_STATUS)
        directed = V.parse_bool(v.get("directed"))
        if directed is None:
            self._problem(r, "io.bad_bool", "warning", "directed", field="directed",
                          value=_short(V.clean_text(v.get("directed"))))
            directed = False
        attrs["directed"] = directed
        for fld in ("start_date", "end_date"):
            raw = v.get(fld)
            iso = V.parse_date(raw)
            if iso is None:
                self._problem(r, "io.bad_date", "warning", fld, field=fld,
                              value=_short(V.clean_text(raw)))
                iso = ""
            attrs[fld] = iso
        if attrs["start_date"] and attrs["end_date"] and attrs["end_date"] < attrs["start_date"]:
            self._problem(r, "io.dates_order", "warning", "end_date",
                          start=attrs["start_date"], end=attrs["end_date"])
        for fld, limit in zip(TEXT_LINK_FIELDS, (MAX_TEXT, MAX_PLACE)):
            attrs[fld] = self._sized(r, fld, V.clean_text(v.get(fld)), limit)
        attrs["carried_by"] = self._people(r, "carried_by", unique_names(V.clean_list(v.get("carried_by"))))
        if directed:
            attrs["source"] = u
        extras = _clean_extras(r.extras, set(attrs) | {"source", "target", "key", "id"})
        self.G.add_edge(u, w, key=kind, **extras, **attrs)
        return True

    # ------------------------------------------------------------------- finish
    def finish(self, table: str, graph_attrs: dict[str, Any] | None = None) -> nx.MultiGraph:
        if self._implicit:
            self.problems.append(Problem(None, table, None, "io.implicit_actors",
                                         {"count": len(self._implicit),
                                          "names": _short(", ".join(self._implicit[:5]))},
                                         "warning"))
        for key, value in (graph_attrs or {}).items():
            if key == "name" and V.clean_text(value):
                self.G.graph["name"] = V.clean_text(value)
        self.G.graph["weavers"] = [n for n, d in self.G.nodes(data=True) if d.get("is_weaver")]
        self.stats.actors = self.G.number_of_nodes()
        self.stats.links = self.G.number_of_edges()
        self.stats.implicit_actors = len(self._implicit)
        return self.G


def _short(text: str, limit: int = 80) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
