"""Table writers: a ZIP of CSVs for Excel (Swedish by default), Kumu XLSX and Kumu JSON.

Every text cell of the CSV and XLSX files goes through ``values.neutralise`` (no
formula injection) after control characters are removed; multi-values are
``|``-separated.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import networkx as nx

import weaving.interchange.values as V
from weaving.interchange.formulas import neutralise
from weaving.core.schema import LIST_ATTRS
from weaving.interchange.write_common import (
    iter_edges,
    json_value,
    oriented_edges,
    prepare,
)

ACTOR_ORDER = V.ACTOR_FIELDS
LINK_ORDER = ("kind", "strength", "status", "directed", "start_date", "end_date", "purpose",
              "carried_by", "place")
XLSX_CELL_MAX = 32767  # Excel's limit on characters in one cell


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
    for *_e, d in iter_edges(G):
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
    for u, v, _k, d in oriented_edges(G):
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
        writer.writerow([neutralise(V.strip_control(_plain(c))) for c in row])
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
    text = neutralise(V.strip_control(_plain(value)))
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
        attrs = {rename_a.get(str(k), str(k)): json_value(v) for k, v in d.items() if k != "id"}
        label = json_value(d.get("label")) or json_value(n)
        attrs["label"] = label
        elements.append({"_id": json_value(n), "label": label, "attributes": attrs})
    connections = []
    for i, (u, v, _k, d) in enumerate(oriented_edges(P), start=1):
        attrs = {rename_l.get(str(k), str(k)): json_value(x) for k, x in d.items()
                 if k not in ("source", "directed")}
        connections.append({"_id": f"c{i}", "from": json_value(u), "to": json_value(v),
                            "direction": "directed" if V.parse_bool(d.get("directed")) else "undirected",
                            "attributes": attrs})
    doc = {"elements": elements, "connections": connections}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
