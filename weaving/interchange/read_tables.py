"""Tabular import: CSV (as Swedish Excel, LibreOffice and Google Sheets write it), ZIP
of CSVs and XLSX workbooks (incl. Kumu exports) -> :class:`Table`s -> one graph.

Reading: text decoding, delimiter sniffing, formula un-neutralising, row limits.
Interpreting: header -> field mapping (Swedish/English synonyms or the user's
``mapping``), actor/link table classification, rows -> :class:`GraphBuilder`.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import weaving.interchange.values as V
from weaving.interchange.formulas import unneutralise
from weaving.interchange.builder import GraphBuilder, Row, _short
from weaving.interchange.model import ImportResult, Problem
from weaving.interchange.run import Options, _Import, _mb  # noqa: F401 - Options: used by weaving.ui.importing

ACTOR_TABLE_NAMES = {"actors", "aktörer", "aktorer", "elements", "element", "nodes", "noder",
                     "noden", "nod", "aktör", "aktor", "organisationer"}
LINK_TABLE_NAMES = {"links", "länkar", "lankar", "connections", "edges", "kanter", "relationer",
                    "samverkan", "länk", "lank", "kopplingar"}

IGNORE = {"", "-", "ignore", "ignorera", None}


@dataclass
class Table:
    """One sheet or CSV file: header cells and the data rows with their row numbers."""

    name: str
    headers: list[Any]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)
    hint: str | None = None  # "actors" / "links" from the file or sheet name



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
            cells = [unneutralise(c) for c in cells]
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
        return unneutralise(value)
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


def import_tables(imp: _Import, tables: list[Table]) -> ImportResult:
    """Classify the tables (actors/links), map their columns and build ONE graph:
    actors first, then links (implicit actors only when no actor table was given)."""
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
