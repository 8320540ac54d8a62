"""Importers: bytes + file name in -> :class:`ImportResult`.  Never raise on bad content,
never write anything (the store writes ``result.graph`` in one transaction).

Formats are recognised from the content first (ZIP/XLSX magic, XML root, JSON), the
file name only breaks ties; CSV is the fallback for text.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import networkx as nx

from weaving.interchange import values as V
from weaving.interchange.builder import GraphBuilder, Row, _short
from weaving.interchange.model import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    ImportResult,
    ImportStats,
    Problem,
)

ACTOR_TABLE_NAMES = {"actors", "aktörer", "aktorer", "elements", "element", "nodes", "noder",
                     "noden", "nod", "aktör", "aktor", "organisationer"}
LINK_TABLE_NAMES = {"links", "länkar", "lankar", "connections", "edges", "kanter", "relationer",
                    "samverkan", "länk", "lank", "kopplingar"}

IGNORE = {"", "-", "ignore", "ignorera", None}


@dataclass
class Options:
    mapping: dict[str, str | None] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    max_rows: int = DEFAULT_MAX_ROWS

    @property
    def max_uncompressed(self) -> int:
        return 5 * self.max_bytes


@dataclass
class Table:
    name: str
    headers: list[Any]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)
    hint: str | None = None  # "actors" / "links" from the file or sheet name


class _Import:
    """State for one import run."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.problems: list[Problem] = []
        self.stats = ImportStats()

    def fatal(self, table: str, key: str, **params: Any) -> None:
        self.problems.append(Problem(None, table, None, key, params, "error"))

    def warn(self, table: str, key: str, row: int | None = None, **params: Any) -> None:
        self.problems.append(Problem(row, table, None, key, params, "warning"))

    def result(self, graph: nx.MultiGraph | None = None) -> ImportResult:
        G = graph if graph is not None else nx.MultiGraph()
        self.stats.actors = G.number_of_nodes()
        self.stats.links = G.number_of_edges()
        return ImportResult(G, self.problems, self.stats)


# ============================================================================ API


def import_file(data: bytes, filename: str = "", *,
                mapping: Mapping[str, str | None] | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES,
                max_rows: int = DEFAULT_MAX_ROWS) -> ImportResult:
    """Import one uploaded file (CSV, ZIP of CSVs, XLSX incl. Kumu, GraphML, GEXF,
    node-link JSON, Kumu JSON).  ``mapping`` = {file header: our field or None}."""
    return import_files([(filename, data)], mapping=mapping, max_bytes=max_bytes,
                        max_rows=max_rows)


def import_files(files: Sequence[tuple[str, bytes]], *,
                 mapping: Mapping[str, str | None] | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 max_rows: int = DEFAULT_MAX_ROWS) -> ImportResult:
    """Import one or more uploads as ONE map, e.g. ``actors.csv`` + ``links.csv``.
    ``files`` = [(file name, bytes)].  A graph file (GraphML/GEXF/JSON) must come alone."""
    imp = _Import(Options(dict(mapping or {}), max_bytes, max_rows))
    try:
        return _import_files(imp, files)
    except Exception as exc:  # noqa: BLE001 - last resort: importers never raise
        imp.fatal("", "io.unreadable", detail=_short(f"{type(exc).__name__}: {exc}", 200))
        return imp.result()


def _import_files(imp: _Import, files: Sequence[tuple[str, bytes]]) -> ImportResult:
    tables: list[Table] = []
    formats: list[str] = []
    if not files:
        imp.fatal("", "io.empty_file", name="-")
        return imp.result()
    total = 0
    for filename, data in files:
        name = PurePath(str(filename or "")).name or "-"
        if not isinstance(data, (bytes, bytearray, memoryview)):
            imp.fatal(name, "io.unreadable", detail=type(data).__name__)
            continue
        data = bytes(data)
        total += len(data)
        if len(data) > imp.options.max_bytes or total > imp.options.max_bytes:
            imp.fatal(name, "io.file_too_large", size_mb=_mb(len(data)),
                      max_mb=_mb(imp.options.max_bytes))
            continue
        if not data.strip():
            imp.fatal(name, "io.empty_file", name=name)
            continue
        fmt = detect_format(data, name)
        formats.append(fmt)
        if fmt in ("graphml", "gexf", "json", "kumu_json"):
            if len(files) > 1:
                imp.fatal(name, "io.graph_file_alone", name=name)
                continue
            imp.stats.format = fmt
            return _import_graph_file(imp, data, name, fmt)
        if fmt == "xls":
            imp.fatal(name, "io.xls_not_supported", name=name)
        elif fmt == "xlsx":
            tables.extend(_read_xlsx(imp, data, name))
        elif fmt == "zip":
            tables.extend(_read_zip(imp, data, name))
        elif fmt == "csv":
            table = _read_csv(imp, data, name)
            if table is not None:
                tables.append(table)
        else:
            imp.fatal(name, "io.unknown_format", name=name)
    imp.stats.format = "+".join(dict.fromkeys(formats))
    if not tables:
        if not any(p.fatal for p in imp.problems):
            imp.fatal(files[0][0] or "-", "io.no_tables")
        return imp.result()
    return _import_tables(imp, tables)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".0", "")


def detect_format(data: bytes, filename: str = "") -> str:
    """Guess the format from the content (file name only as a hint):
    ``xlsx``, ``zip``, ``xls``, ``graphml``, ``gexf``, ``json``, ``kumu_json``, ``csv``."""
    suffix = PurePath(filename).suffix.lower()
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except Exception:  # noqa: BLE001
            return "xlsx" if suffix in (".xlsx", ".xlsm") else "zip"
        if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
            return "xlsx"
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    low = head[:4096].lower()
    if low.startswith(b"<"):
        if b"<graphml" in low:
            return "graphml"
        if b"<gexf" in low:
            return "gexf"
        if suffix in (".gexf",):
            return "gexf"
        return "graphml"
    if head[:1] in (b"{", b"["):
        try:
            doc = json.loads(data.decode("utf-8-sig"))
        except Exception:  # noqa: BLE001
            doc = None
        if isinstance(doc, dict) and ("elements" in doc or "connections" in doc):
            return "kumu_json"
        if isinstance(doc, dict) or suffix == ".json":
            return "json"
    if suffix == ".json":
        return "json"
    if data[:4096].count(b"\x00") > max(2, len(data[:4096]) // 100) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"  # e.g. an image or a PDF: not a table
    return "csv"


# ===================================================================== text / CSV


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text as Swedish Excel/LibreOffice/Google Sheets write it:
    BOM (UTF-8/UTF-16) -> strict UTF-8 -> Windows-1252 -> Latin-1 (never fails)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


class _Dialect(csv.excel):
    delimiter = ";"


def sniff_delimiter(text: str) -> str:
    """The delimiter (``;``, ``,`` or TAB): csv.Sniffer on a sample, checked against
    the header line; falls back to the most common candidate in the header line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    candidates = ";,\t"
    sample = text[:32768]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=candidates).delimiter
    except Exception:  # noqa: BLE001 - csv.Error when it cannot decide
        sniffed = None
    counts = {d: first.count(d) for d in candidates}
    if sniffed and counts.get(sniffed, 0) > 0:
        return sniffed
    best = max(candidates, key=lambda d: counts[d])
    return best if counts[best] > 0 else ";"


def _read_csv(imp: _Import, data: bytes, name: str) -> Table | None:
    text, encoding = decode_text(data)
    if encoding == "latin-1":
        imp.warn(name, "io.encoding_guess", encoding="Latin-1")
    imp.stats.encoding = encoding
    lines_skipped = 0
    first_line, _, rest = text.partition("\n")
    delimiter = None
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        delimiter = first_line.strip()[4]
        text = rest
        lines_skipped = 1
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    imp.stats.delimiter = delimiter
    dialect = _Dialect()
    dialect.delimiter = delimiter
    rows: list[tuple[int, list[Any]]] = []
    headers: list[Any] | None = None
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for cells in reader:
            line = reader.line_num + lines_skipped
            if not any(c.strip() for c in cells):
                continue
            cells = [V.unneutralise(c) for c in cells]
            if headers is None:
                headers = cells
                continue
            if len(rows) >= imp.options.max_rows:
                imp.fatal(name, "io.too_many_rows", max=imp.options.max_rows)
                break
            rows.append((line, cells))
    except csv.Error as exc:
        imp.problems.append(Problem(reader.line_num + lines_skipped, name, None, "io.csv_error",
                                    {"detail": _short(str(exc), 200)}, "error"))
    if headers is None:
        imp.fatal(name, "io.empty_file", name=name)
        return None
    return Table(name, headers, rows, _hint_from_name(name))


def _hint_from_name(name: str) -> str | None:
    stem = V.norm_key(PurePath(name).stem)
    for word in stem.replace(" ", "_").split("_") + [stem]:
        if word in ACTOR_TABLE_NAMES:
            return "actors"
        if word in LINK_TABLE_NAMES:
            return "links"
    return None


def _read_zip(imp: _Import, data: bytes, name: str) -> list[Table]:
    tables: list[Table] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()
                     and not i.filename.startswith("__MACOSX")
                     and not PurePath(i.filename).name.startswith(".")]
            total = 0
            for info in infos:
                inner = PurePath(info.filename).name
                suffix = PurePath(inner).suffix.lower()
                if suffix not in (".csv", ".txt", ".tsv", ".xlsx"):
                    imp.warn(name, "io.table_ignored", table=inner)
                    continue
                total += info.file_size
                if total > imp.options.max_uncompressed:
                    imp.fatal(name, "io.file_too_large", size_mb=_mb(total),
                              max_mb=_mb(imp.options.max_uncompressed))
                    break
                with zf.open(info) as fh:
                    content = fh.read(imp.options.max_uncompressed + 1)
                if len(content) > imp.options.max_uncompressed:
                    imp.fatal(name, "io.file_too_large", size_mb=_mb(len(content)),
                              max_mb=_mb(imp.options.max_uncompressed))
                    break
                if suffix == ".xlsx":
                    tables.extend(_read_xlsx(imp, content, inner))
                else:
                    table = _read_csv(imp, content, inner)
                    if table is not None:
                        tables.append(table)
    except Exception as exc:  # noqa: BLE001 - bad/encrypted zip etc.
        imp.fatal(name, "io.unreadable", detail=_short(str(exc), 200))
    if not tables and not any(p.fatal for p in imp.problems):
        imp.fatal(name, "io.no_tables")
    return tables


# ========================================================================== XLSX


def _read_xlsx(imp: _Import, data: bytes, name: str) -> list[Table]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            size = sum(i.file_size for i in zf.infolist())
        if size > imp.options.max_uncompressed:
            imp.fatal(name, "io.file_too_large", size_mb=_mb(size),
                      max_mb=_mb(imp.options.max_uncompressed))
            return []
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        imp.fatal(name, "io.unreadable", detail=_short(f"{type(exc).__name__}: {exc}", 200))
        return []
    tables: list[Table] = []
    try:
        for ws in wb.worksheets:
            headers: list[Any] | None = None
            rows: list[tuple[int, list[Any]]] = []
            for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
                values = [_xlsx_cell(c) for c in cells]
                if not any(V.clean_text(c) for c in values):
                    continue
                if headers is None:
                    headers = values
                    continue
                if len(rows) >= imp.options.max_rows:
                    imp.fatal(ws.title, "io.too_many_rows", max=imp.options.max_rows)
                    break
                rows.append((number, values))
            if headers is None:
                continue
            hint = _hint_from_name(ws.title)
            tables.append(Table(str(ws.title), headers, rows, hint))
    except Exception as exc:  # noqa: BLE001
        imp.fatal(name, "io.unreadable", detail=_short(f"{type(exc).__name__}: {exc}", 200))
    finally:
        wb.close()
    if not tables and not any(p.fatal for p in imp.problems):
        imp.fatal(name, "io.no_tables")
    return tables


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        return V.unneutralise(value)
    return value


# ==================================================================== tabular -> graph


def _map_headers(imp: _Import, table: Table, kind: str) -> dict[int, str]:
    """Column index -> our field name for a table of ``kind`` ("actors"/"links")."""
    lookup = V.actor_field if kind == "actors" else V.link_field
    valid = V.ACTOR_FIELDS if kind == "actors" else V.LINK_FIELDS
    explicit = {V.norm_key(k): v for k, v in imp.options.mapping.items()}
    out: dict[int, str] = {}
    for i, header in enumerate(table.headers):
        text = V.clean_text(header)
        if not text:
            continue
        target: str | None
        if text in imp.options.mapping or V.norm_key(text) in explicit:
            target = imp.options.mapping.get(text, explicit.get(V.norm_key(text)))
            if target in IGNORE:
                out[i] = ""
                continue
            if target not in valid:
                # a field of the other table (e.g. mapping shared by both files)
                other = V.LINK_FIELDS if kind == "actors" else V.ACTOR_FIELDS
                if target in other:
                    target = lookup(text)
                else:
                    out[i] = f"extra:{target}"
                    continue
        else:
            target = lookup(text)
        if target is None:
            continue
        if target in out.values():
            imp.warn(table.name, "io.duplicate_column", column=_short(text))
            out[i] = ""
            continue
        out[i] = target
    return out


def _classify(imp: _Import, table: Table) -> tuple[str | None, dict[int, str]]:
    links = _map_headers(_Quiet(imp), table, "links")
    actors = _map_headers(_Quiet(imp), table, "actors")
    has_link = {"from", "to"} <= set(links.values()) or {"from_id", "to_id"} <= set(links.values())
    has_actor = "label" in actors.values() or "id" in actors.values()
    if table.hint == "links" or (has_link and table.hint != "actors"):
        return "links", _map_headers(imp, table, "links")
    if table.hint == "actors" or has_actor:
        return "actors", _map_headers(imp, table, "actors")
    return None, {}


class _Quiet(_Import):
    """A view of an import run that swallows problems (used while classifying)."""

    def __init__(self, imp: _Import) -> None:  # noqa: D401
        self.options = imp.options
        self.problems = []
        self.stats = imp.stats


def _rows_of(table: Table, columns: dict[int, str]) -> Iterable[Row]:
    for number, cells in table.rows:
        r = Row(number, table.name)
        for i, cell in enumerate(cells):
            if i >= len(table.headers):
                if V.clean_text(cell):
                    r.extras.setdefault(f"column {i + 1}", cell)
                continue
            target = columns.get(i)
            if target == "":
                continue
            if target is None:
                header = V.clean_text(table.headers[i])
                if header and cell is not None and V.clean_text(cell) != "":
                    r.extras.setdefault(header, cell)
            elif target.startswith("extra:"):
                if cell is not None and V.clean_text(cell) != "":
                    r.extras.setdefault(target[6:], cell)
            else:
                r.values[target] = cell
        yield r


def _import_tables(imp: _Import, tables: list[Table]) -> ImportResult:
    actor_tables: list[tuple[Table, dict[int, str]]] = []
    link_tables: list[tuple[Table, dict[int, str]]] = []
    for table in tables:
        kind, columns = _classify(imp, table)
        imp.stats.tables.append(table.name)
        if kind == "actors":
            if "label" not in columns.values():
                imp.fatal(table.name, "io.missing_column", column="label")
                continue
            actor_tables.append((table, columns))
        elif kind == "links":
            values = set(columns.values())
            for side in ("from", "to"):
                if side not in values and f"{side}_id" not in values:
                    imp.fatal(table.name, "io.missing_column", column=side)
            if {"from", "from_id"} & values and {"to", "to_id"} & values:
                link_tables.append((table, columns))
        else:
            if len(tables) == 1:
                imp.fatal(table.name, "io.missing_column", column="label")
            else:
                imp.warn(table.name, "io.table_ignored", table=table.name)
    builder = GraphBuilder(imp.problems, imp.stats)
    for table, columns in actor_tables:
        for r in _rows_of(table, columns):
            builder.add_actor(r)
    implicit = not actor_tables
    for table, columns in link_tables:
        for r in _rows_of(table, columns):
            builder.add_link(r, implicit_actors=implicit)
    G = builder.finish(link_tables[0][0].name if link_tables else "")
    return imp.result(G)


# ================================================================== graph formats


def _import_graph_file(imp: _Import, data: bytes, name: str, fmt: str) -> ImportResult:
    try:
        if fmt == "graphml":
            G = nx.read_graphml(io.BytesIO(data))
        elif fmt == "gexf":
            G = nx.read_gexf(io.BytesIO(data))
        else:
            doc = json.loads(data.decode("utf-8-sig"))
            if fmt == "kumu_json":
                return _import_kumu_json(imp, doc, name)
            return _import_node_link(imp, doc, name)
    except Exception as exc:  # noqa: BLE001 - every parser failure is a user-facing problem
        imp.fatal(name, "io.unreadable", detail=_short(f"{type(exc).__name__}: {exc}", 200))
        return imp.result()
    nodes = [(n, dict(d)) for n, d in G.nodes(data=True)]
    if G.is_multigraph():
        edges = [(u, v, dict(d)) for u, v, _k, d in G.edges(keys=True, data=True)]
    else:
        edges = [(u, v, dict(d)) for u, v, d in G.edges(data=True)]
    if fmt == "gexf":
        for _u, _v, d in edges:
            d.pop("id", None)  # GEXF edge ids are added by the reader
            if "kind" in d:
                d.pop("label", None)
            if "strength" in d:
                d.pop("weight", None)  # we write weight = strength for Gephi
        for _n, d in nodes:
            d.pop("viz", None)
    return _import_graph_items(imp, nodes, edges, dict(G.graph), name)


def _node_row(i: int, table: str, node: Any, data: dict[str, Any]) -> Row:
    r = Row(i, table)
    r.values["id"] = node
    for key, value in data.items():
        fld = V.actor_field(key)
        if fld and fld != "id" and fld not in r.values:
            r.values[fld] = value
        elif fld != "id":
            r.extras.setdefault(str(key), value)
    return r


def _edge_row(i: int, table: str, u: Any, v: Any, data: dict[str, Any]) -> Row:
    r = Row(i, table)
    src = data.pop("source", None)
    data.pop("target", None)
    if src is not None and str(src) == str(v) and str(u) != str(v):
        u, v = v, u
    r.values["from_id"], r.values["to_id"] = u, v
    if "kind" in data:
        data.pop("label", None)
    if "strength" in data:
        data.pop("weight", None)
    for key, value in data.items():
        fld = V.link_field(key)
        if fld in ("from", "to", "from_id", "to_id"):
            continue
        if fld and fld not in r.values:
            r.values[fld] = value
        elif key == "label" and "kind" not in r.values:
            r.values["kind"] = value
        else:
            r.extras.setdefault(str(key), value)
    return r


def _import_graph_items(imp: _Import, nodes: list[tuple[Any, dict]], edges: list[tuple[Any, Any, dict]],
                        graph_attrs: dict[str, Any], name: str) -> ImportResult:
    if len(nodes) > imp.options.max_rows or len(edges) > imp.options.max_rows:
        imp.fatal(name, "io.too_many_rows", max=imp.options.max_rows)
        return imp.result()
    builder = GraphBuilder(imp.problems, imp.stats)
    for i, (node, data) in enumerate(nodes, start=1):
        builder.add_actor(_node_row(i, name, V.clean_text(node), data), label_from_id=True)
    builder.mark_weavers([V.clean_text(n) for n in V.clean_list(graph_attrs.get("weavers"))])
    for i, (u, v, data) in enumerate(edges, start=1):
        builder.add_link(_edge_row(i, name, V.clean_text(u), V.clean_text(v), data))
    imp.stats.tables.append(name)
    return imp.result(builder.finish(name, graph_attrs))


def _import_node_link(imp: _Import, doc: Any, name: str) -> ImportResult:
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        imp.fatal(name, "io.missing_column", column="nodes")
        return imp.result()
    nodes: list[tuple[Any, dict]] = []
    for i, item in enumerate(doc["nodes"], start=1):
        if not isinstance(item, dict) or item.get("id") is None or isinstance(item.get("id"), (dict, list)):
            imp.problems.append(Problem(i, name, "id", "io.bad_item", {}, "error"))
            continue
        data = {k: v for k, v in item.items() if k != "id"}
        nodes.append((item["id"], data))
    raw_edges = doc.get("links", doc.get("edges", []))
    edges: list[tuple[Any, Any, dict]] = []
    for i, item in enumerate(raw_edges if isinstance(raw_edges, list) else [], start=1):
        if not isinstance(item, dict) or any(
                item.get(k) is None or isinstance(item.get(k), (dict, list))
                for k in ("source", "target")):
            imp.problems.append(Problem(i, name, None, "io.bad_item", {}, "error"))
            continue
        data = {k: v for k, v in item.items() if k not in ("source", "target", "key")}
        if item.get("directed") is True or V.parse_bool(item.get("directed")):
            data["source"] = item["source"]
        edges.append((item["source"], item["target"], data))
    graph = doc.get("graph") if isinstance(doc.get("graph"), dict) else {}
    return _import_graph_items(imp, nodes, edges, graph, name)


def _import_kumu_json(imp: _Import, doc: Any, name: str) -> ImportResult:
    if not isinstance(doc, dict):
        imp.fatal(name, "io.missing_column", column="elements")
        return imp.result()
    elements = doc.get("elements") if isinstance(doc.get("elements"), list) else []
    connections = doc.get("connections") if isinstance(doc.get("connections"), list) else []
    builder = GraphBuilder(imp.problems, imp.stats)
    if len(elements) > imp.options.max_rows or len(connections) > imp.options.max_rows:
        imp.fatal(name, "io.too_many_rows", max=imp.options.max_rows)
        return imp.result()
    for i, el in enumerate(elements, start=1):
        if not isinstance(el, dict):
            imp.problems.append(Problem(i, "elements", None, "io.bad_item", {}, "error"))
            continue
        attrs = el.get("attributes") if isinstance(el.get("attributes"), dict) else {}
        r = Row(i, "elements")
        merged = {**attrs, **{k: v for k, v in el.items() if k not in ("attributes",)}}
        for key, value in merged.items():
            fld = V.actor_field(key)
            if fld and fld not in r.values:
                r.values[fld] = value
            elif not fld and not isinstance(value, dict):
                r.extras.setdefault(str(key), value)
        builder.add_actor(r)
    for i, con in enumerate(connections, start=1):
        if not isinstance(con, dict):
            imp.problems.append(Problem(i, "connections", None, "io.bad_item", {}, "error"))
            continue
        attrs = con.get("attributes") if isinstance(con.get("attributes"), dict) else {}
        r = Row(i, "connections")
        merged = {**attrs, **{k: v for k, v in con.items() if k not in ("attributes", "_id")}}
        for key, value in merged.items():
            if isinstance(value, dict):
                continue
            fld = V.link_field(key)
            if fld == "from":
                fld = "from_id"
            elif fld == "to":
                fld = "to_id"
            if fld and fld not in r.values:
                r.values[fld] = value
            elif not fld:
                r.extras.setdefault(str(key), value)
        r.values.setdefault("from", r.values.get("from_id"))
        r.values.setdefault("to", r.values.get("to_id"))
        builder.add_link(r)
    imp.stats.tables.extend(["elements", "connections"])
    return imp.result(builder.finish("connections"))
