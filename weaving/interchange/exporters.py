"""Exporters: a graph in the weaving convention -> bytes.

Every exporter accepts ``nx.Graph``/``DiGraph``/``MultiGraph``/``MultiDiGraph`` and
never mutates its input.  Privacy options (all formats):

* ``include_personal=False`` drops node ``contacts`` and edge ``carried_by``;
* ``anonymise=True`` replaces person names (labels of ``type == "person"`` actors,
  ``contacts``, ``carried_by``) by stable placeholders "Person 1", "Person 2", ...
  (numbered in graph order; the same name gets the same placeholder everywhere).
  Person actors' node ids are replaced too (ids read from files are often the name).
  Free text (description, purpose) is NOT scanned for names.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import networkx as nx

from weaving.interchange import values as V
from weaving.core.schema import LIST_ATTRS

# data formats: everything they export re-imports into weaving
FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "csv", "kumu_xlsx", "kumu_json")
# pictures of the map: for people, not for re-import
PICTURE_FORMATS: tuple[str, ...] = ("html", "png")
ALL_FORMATS: tuple[str, ...] = FORMATS + PICTURE_FORMATS
MEDIA_TYPES: dict[str, tuple[str, str]] = {  # fmt -> (file suffix, MIME type)
    "graphml": (".graphml", "application/graphml+xml"),
    "gexf": (".gexf", "application/gexf+xml"),
    "json": (".json", "application/json"),
    "csv": (".zip", "application/zip"),
    "kumu_xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "kumu_json": (".json", "application/json"),
    "html": (".html", "text/html"),
    "png": (".png", "image/png"),
}

ACTOR_ORDER = V.ACTOR_FIELDS
LINK_ORDER = ("kind", "strength", "status", "directed", "start_date", "end_date", "purpose",
              "carried_by", "place")
XLSX_CELL_MAX = 32767  # Excel's limit on characters in one cell


# ============================================================================ helpers


def prepare(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> nx.Graph:
    """A copy of ``G`` with the privacy options applied (same graph class)."""
    H = G.copy()
    H.graph = dict(G.graph)
    if not include_personal:
        for _n, d in H.nodes(data=True):
            d.pop("contacts", None)
        for *_e, d in _edges(H):
            d.pop("carried_by", None)
    if anonymise:
        H = _anonymise(H)
    return H


def _edges(G: nx.Graph):
    if G.is_multigraph():
        return G.edges(keys=True, data=True)
    return G.edges(data=True)


def _anonymise(G: nx.Graph) -> nx.Graph:
    names: dict[str, str] = {}

    def placeholder(name: Any) -> str:
        key = V.norm_key(name)
        if key not in names:
            names[key] = f"Person {len(names) + 1}"
        return names[key]

    persons = [n for n, d in G.nodes(data=True) if V.map_vocab("type", d.get("type") or "") == "person"]
    for n in persons:
        d = G.nodes[n]
        d["label"] = placeholder(d.get("label") or n)
    for _n, d in G.nodes(data=True):
        if "contacts" in d:
            d["contacts"] = [placeholder(x) for x in V.clean_list(d["contacts"])]
    for *_e, d in _edges(G):
        if "carried_by" in d:
            d["carried_by"] = [placeholder(x) for x in V.clean_list(d["carried_by"])]
    known = set(names)
    relabel: dict[Any, str] = {}
    taken = {str(n) for n in G}
    for n in G:
        if n in persons or V.norm_key(n) in known:
            base = names.get(V.norm_key(G.nodes[n].get("label", "")), "Person") if n in persons \
                else placeholder(n)
            new, i = base, 1
            while new in taken:
                i += 1
                new = f"{base} ({i})"
            taken.add(new)
            relabel[n] = new
    if relabel:
        G = nx.relabel_nodes(G, relabel, copy=True)
        for *_e, d in _edges(G):
            if d.get("source") in relabel:
                d["source"] = relabel[d["source"]]
        if "weavers" in G.graph:
            G.graph["weavers"] = [relabel.get(w, w) for w in V.clean_list(G.graph["weavers"])]
    return G


def _oriented_edges(G: nx.Graph):
    """(u, v, key, data) with u = the edge's ``source`` attribute when it is one of
    the endpoints (so directed links are written giver -> receiver)."""
    for e in _edges(G):
        if G.is_multigraph():
            u, v, k, d = e
        else:
            (u, v, d), k = e, None
        src = d.get("source")
        if src is not None and src == v and src != u:
            u, v = v, u
        yield u, v, k, d


def _scalar_for_xml(value: Any) -> Any:
    """GraphML/GEXF can hold str/int/float/bool only: lists -> "a|b", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -(2 ** 63) <= value < 2 ** 63 else str(value)
    if isinstance(value, float):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return V.strip_control("|".join(str(x) for x in items))
    if isinstance(value, dict):
        return V.strip_control(json.dumps(value, ensure_ascii=False, default=str))
    return V.strip_control(str(value))


def _xml_ready(G: nx.Graph, *, reserved_node: tuple[str, ...] = (),
               reserved_edge: tuple[str, ...] = ()) -> nx.Graph:
    """Copy of G whose attribute values are XML-safe scalars and whose attribute
    keys hold a single type each (mixed types -> text)."""
    H = G.__class__()
    H.graph.update({str(k): _scalar_for_xml(v) for k, v in G.graph.items()
                    if k not in ("node_default", "edge_default")})
    for n, d in G.nodes(data=True):
        H.add_node(V.strip_control(str(n)), **{_key(k, reserved_node): _scalar_for_xml(v) for k, v in d.items()})
    for u, v, k, d in _oriented_edges(G):
        attrs = {_key(a, reserved_edge): _scalar_for_xml(x) for a, x in d.items()}
        if "source" in attrs:
            attrs["source"] = V.strip_control(str(attrs["source"]))
        su, sv = V.strip_control(str(u)), V.strip_control(str(v))
        if H.is_multigraph():
            H.add_edge(su, sv, key=V.strip_control(str(k)) if k is not None else None, **attrs)
        else:
            H.add_edge(su, sv, **attrs)
    _unify_types(H.nodes(data=True))
    _unify_types(_edges(H))
    return H


def _key(k: Any, reserved: tuple[str, ...]) -> str:
    k = V.strip_control(str(k))
    return f"{k}_" if k in reserved else k


def _unify_types(items) -> None:
    items = list(items)
    types: dict[str, set[type]] = {}
    for *_x, d in items:
        for k, v in d.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, ts in types.items() if len(ts) > 1}
    if not mixed:
        return
    for *_x, d in items:
        for k in mixed & set(d):
            v = d[k]
            d[k] = ("true" if v else "false") if isinstance(v, bool) else str(v)


# ======================================================================= formats


def to_graphml(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> bytes:
    """GraphML for Gephi/yEd/Cytoscape: lists as ``a|b``, None as "", bools as bool;
    multigraph edge keys (= link kind) kept as edge ids."""
    H = _xml_ready(prepare(G, include_personal=include_personal, anonymise=anonymise))
    buf = io.BytesIO()
    nx.write_graphml(H, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


_GEXF_NODE_RESERVED = ("id", "pid", "start", "end", "viz", "parents", "slices", "spells",
                       "networkx_key")
_GEXF_EDGE_RESERVED = ("id", "label", "weight", "type", "start", "end", "slices", "spells",
                       "key", "networkx_key")


def to_gexf(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> bytes:
    """GEXF 1.2 for Gephi.  Attribute names GEXF reserves (``id``, ``label`` on edges,
    ``weight``, ``type``, ``start``/``end`` ...) get a ``_`` suffix; the edge ``weight``
    is set to the link strength so Gephi draws strong links thicker."""
    P = prepare(G, include_personal=include_personal, anonymise=anonymise)
    H = _xml_ready(P, reserved_node=_GEXF_NODE_RESERVED, reserved_edge=_GEXF_EDGE_RESERVED)
    for *_e, d in _edges(H):
        s = V.parse_strength(d.get("strength"))
        if s is not None:
            d["weight"] = float(s)
    for n, d in H.nodes(data=True):
        if not isinstance(d.get("label"), str) or not d.get("label"):
            d["label"] = str(n)
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def _json_value(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted((_json_value(v) for v in value), key=str)
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    return str(value)


def to_json(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> bytes:
    """Node-link JSON (NetworkX/D3 style, edges under ``links``), lists kept as lists,
    UTF-8 without escaping.  Text is written exactly (JSON can carry any character)."""
    P = prepare(G, include_personal=include_personal, anonymise=anonymise)
    nodes = [{**{str(k): _json_value(v) for k, v in d.items() if k != "id"}, "id": _json_value(n)}
             for n, d in P.nodes(data=True)]
    links = []
    for u, v, k, d in _oriented_edges(P):
        item = {str(a): _json_value(x) for a, x in d.items() if a not in ("source", "target", "key")}
        item.update(source=_json_value(u), target=_json_value(v))
        if k is not None:
            item["key"] = _json_value(k)
        links.append(item)
    doc = {"directed": P.is_directed(), "multigraph": P.is_multigraph(),
           "graph": {str(k): _json_value(v) for k, v in P.graph.items()},
           "nodes": nodes, "links": links}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# ------------------------------------------------------------------ tabular rows


def _cell_text(value: Any, field: str, lang: str | None, *, bool_words: tuple[str, str]) -> Any:
    if value is None:
        return ""
    if field in LIST_ATTRS or isinstance(value, (list, tuple, set, frozenset)):
        return "|".join(V.clean_list(value))
    if isinstance(value, bool):
        return bool_words[0] if value else bool_words[1]
    if field in ("type", "sector", "kind", "status") and isinstance(value, str):
        return V.value_label(field, value, lang)
    return value


def _tables(G: nx.Graph, headers: str, lang: str | None, bool_words: tuple[str, str],
            *, kumu: bool = False) -> tuple[list[list[Any]], list[list[Any]]]:
    """Header row + rows for actors and links."""
    a_out = V.ACTOR_HEADERS_OUT[headers]
    l_out = V.LINK_HEADERS_OUT[headers]
    a_fields = list(ACTOR_ORDER)
    if kumu:  # Kumu: ID first, then Label, Type, Description, Tags
        a_fields = ["id", "label", "type", "description", "themes"] + [
            f for f in ACTOR_ORDER if f not in ("id", "label", "type", "description", "themes")]
    extra_nodes: list[str] = []
    for _n, d in G.nodes(data=True):
        for k in d:
            k = str(k)
            if k not in ACTOR_ORDER and k not in extra_nodes:
                extra_nodes.append(k)
    actor_rows = [[a_out[f] for f in a_fields] + extra_nodes]
    for n, d in G.nodes(data=True):
        row = []
        for f in a_fields:
            value = n if f == "id" else d.get(f)
            if f == "label" and not V.clean_text(value):
                value = n
            row.append(_cell_text(value, f, lang, bool_words=bool_words))
        row += [_cell_text(d.get(k), k, None, bool_words=("true", "false")) for k in extra_nodes]
        actor_rows.append(row)

    extra_edges: list[str] = []
    for *_e, d in _edges(G):
        for k in d:
            k = str(k)
            if k not in LINK_ORDER and k not in ("source", "target") and k not in extra_edges:
                extra_edges.append(k)
    end_fields = ["from", "to"] if kumu else ["from", "to", "from_id", "to_id"]
    l_fields = list(LINK_ORDER)
    if kumu:  # Kumu: From, To, Type, Direction first
        l_fields.remove("directed")
        l_fields.insert(1, "directed")
    link_rows = [[l_out[f] for f in end_fields] + [l_out[f] for f in l_fields] + extra_edges]
    for u, v, _k, d in _oriented_edges(G):
        if kumu:  # Kumu: with an ID column, From/To refer to IDs
            ends = [u, v]
        else:  # readable names; ids in from_id/to_id for exact re-import
            ends = [G.nodes[u].get("label") or u, G.nodes[v].get("label") or v, u, v]
        row = [_cell_text(x, "", None, bool_words=bool_words) for x in ends]
        for f in l_fields:
            value = d.get(f)
            if f == "directed" and kumu:
                value = "directed" if V.parse_bool(value) else "undirected"
            row.append(_cell_text(value, f, lang, bool_words=bool_words))
        row += [_cell_text(d.get(k), k, None, bool_words=("true", "false")) for k in extra_edges]
        link_rows.append(row)
    return actor_rows, link_rows


def _csv_bytes(rows: list[list[Any]], delimiter: str) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([V.neutralise(V.strip_control(_plain(c))) for c in row])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv_zip(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False,
               delimiter: str = ";", lang: str = "sv") -> bytes:
    """ZIP with ``actors.csv`` and ``links.csv`` for Excel: UTF-8 with BOM, ``;``
    (Swedish Excel) or ``,``, CRLF.  ``lang="sv"``: Swedish headers and values
    (befintlig, fritidsgård, ...); ``"en"``: English headers and schema keys.
    Multi-values ``|``-separated; formula-like cells prefixed with ``'``."""
    if delimiter not in (";", ",", "\t"):
        raise ValueError("delimiter must be ';', ',' or TAB")
    P = prepare(G, include_personal=include_personal, anonymise=anonymise)
    words = ("ja", "nej") if lang == "sv" else ("true", "false")
    actors, links = _tables(P, "sv" if lang == "sv" else "en", lang, words)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("actors.csv", _csv_bytes(actors, delimiter))
        zf.writestr("links.csv", _csv_bytes(links, delimiter))
    return buf.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return value
    text = V.neutralise(V.strip_control(_plain(value)))
    return text[:XLSX_CELL_MAX]


def to_kumu_xlsx(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> bytes:
    """Kumu-style workbook: sheet "Elements" (ID, Label, Type, Description, Tags, then
    our other fields and any extra attributes) and sheet "Connections" (From, To =
    element IDs as Kumu expects when an ID column exists, Type, Direction, ...).
    Multi-values ``|``-separated, text cells neutralised against formulas, control
    characters removed, cells cut at Excel's 32,767 characters."""
    from openpyxl import Workbook

    P = prepare(G, include_personal=include_personal, anonymise=anonymise)
    actors, links = _tables(P, "kumu", None, (True, False), kumu=True)  # type: ignore[arg-type]
    wb = Workbook()
    ws = wb.active
    ws.title = "Elements"
    for row in actors:
        ws.append([_xlsx_value(c) for c in row])
    ws2 = wb.create_sheet("Connections")
    for row in links:
        ws2.append([_xlsx_value(c) for c in row])
    for sheet in (ws, ws2):
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_kumu_json(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False) -> bytes:
    """Kumu JSON blueprint style: ``{"elements": [{"_id", "label", "attributes":
    {"label", "element type", "description", "tags", ...}}], "connections": [{"_id",
    "from", "to", "direction", "attributes": {"connection type", ...}}]}``;
    from/to are element ``_id``s.  Lists stay lists."""
    P = prepare(G, include_personal=include_personal, anonymise=anonymise)
    rename_a = {"type": "element type", "themes": "tags", "target_groups": "target groups",
                "is_weaver": "weaver"}
    rename_l = {"kind": "connection type", "start_date": "start date", "end_date": "end date",
                "carried_by": "carried by"}
    elements = []
    for n, d in P.nodes(data=True):
        attrs = {rename_a.get(str(k), str(k)): _json_value(v) for k, v in d.items() if k != "id"}
        label = _json_value(d.get("label")) or _json_value(n)
        attrs["label"] = label
        elements.append({"_id": _json_value(n), "label": label, "attributes": attrs})
    connections = []
    for i, (u, v, _k, d) in enumerate(_oriented_edges(P), start=1):
        attrs = {rename_l.get(str(k), str(k)): _json_value(x) for k, x in d.items()
                 if k not in ("source", "directed")}
        connections.append({"_id": f"c{i}", "from": _json_value(u), "to": _json_value(v),
                            "direction": "directed" if V.parse_bool(d.get("directed")) else "undirected",
                            "attributes": attrs})
    doc = {"elements": elements, "connections": connections}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_html(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False,
            lang: str = "sv", **map_options: Any) -> bytes:
    """A standalone, offline HTML map (see weaving.mapview): no CDN, everything escaped."""
    from weaving.mapview import render_map_html

    H = prepare(G, include_personal=include_personal, anonymise=anonymise)
    return render_map_html(H, lang=lang, **map_options).encode("utf-8")


def to_png(G: nx.Graph, *, include_personal: bool = True, anonymise: bool = False,
           lang: str = "sv", **map_options: Any) -> bytes:
    """A PNG picture of the map with the same layout and colours as the HTML map."""
    import io

    from weaving.mapview import render_map_png

    H = prepare(G, include_personal=include_personal, anonymise=anonymise)
    buf = io.BytesIO()
    render_map_png(H, buf, lang=lang, **map_options)
    return buf.getvalue()


_EXPORTERS: dict[str, Callable[..., bytes]] = {
    "graphml": to_graphml, "gexf": to_gexf, "json": to_json, "csv": to_csv_zip,
    "kumu_xlsx": to_kumu_xlsx, "kumu_json": to_kumu_json, "html": to_html, "png": to_png,
}


def export_graph(G: nx.Graph, fmt: str, *, include_personal: bool = True,
                 anonymise: bool = False, **options: Any) -> bytes:
    """Export ``G`` as ``fmt`` (one of :data:`ALL_FORMATS`).  ``options`` go to the format
    function when it takes them (``delimiter``/``lang`` for "csv"); options a format
    does not use (e.g. ``lang`` for GraphML) are ignored, so callers can pass the same
    options for every format."""
    import inspect

    try:
        fn = _EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; use one of {ALL_FORMATS}") from None
    accepted = inspect.signature(fn).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in accepted.values())
    used = options if takes_any else {k: v for k, v in options.items() if k in accepted}
    return fn(G, include_personal=include_personal, anonymise=anonymise, **used)
