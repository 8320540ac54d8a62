"""Importers: bytes + file name in -> :class:`ImportResult`.  Never raise on bad content,
never write anything (the store writes ``result.graph`` in one transaction).

Formats are recognised from the content first (ZIP/XLSX magic, XML root, JSON), the
file name only breaks ties; CSV is the fallback for text.
"""
from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import PurePath

from weaving.interchange.builder import _short
from weaving.interchange.model import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, ImportResult, Problem
from weaving.interchange.read_graphs import import_graph_bytes
from weaving.interchange.read_tables import (
    Table,
    _read_csv,
    _read_xlsx,
    _read_zip,
    import_tables,
)
from weaving.interchange.run import Options, _Import, _mb

# ============================================================================ API


def import_file(data: bytes, filename: str = "", *,
                mapping: Mapping[str, str | None] | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES,
                max_rows: int = DEFAULT_MAX_ROWS) -> ImportResult:
    """Import one uploaded file as a map.

    Never raises on bad content: what could not be read is reported as problems
    (``result.can_import`` is False when the file as a whole could not be read).

    Parameters
    ----------
    data : bytes
        The file's content: CSV, ZIP of CSVs, XLSX (incl. Kumu), GraphML, GEXF,
        node-link JSON or Kumu JSON (recognised by :func:`detect_format`).
    filename : str
        The uploaded file's name; only breaks ties between formats and names tables.
    mapping : mapping of str to str or None, optional
        ``{file header: our field}`` for columns the synonyms do not recognise;
        ``None`` (or ``"-"``) ignores that column.
    max_bytes : int
        Largest accepted upload; ZIP/XLSX content may unpack to 5 x this.
    max_rows : int
        Most rows per table (nodes or edges per graph file); more is a file-level error.

    Returns
    -------
    ImportResult
        The graph (weaving convention, see ``docs/graph-schema.md``) with the row-level
        problems and stats.  Nothing is written anywhere.
    """
    return import_files([(filename, data)], mapping=mapping, max_bytes=max_bytes,
                        max_rows=max_rows)


def import_files(files: Sequence[tuple[str, bytes]], *,
                 mapping: Mapping[str, str | None] | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 max_rows: int = DEFAULT_MAX_ROWS) -> ImportResult:
    """Import one or more uploads as ONE map, e.g. ``actors.csv`` + ``links.csv``.

    Never raises: even an unexpected failure becomes an ``io.unreadable`` problem.

    Parameters
    ----------
    files : sequence of (str, bytes)
        ``[(file name, content), ...]``.  Tables from all files are combined; a graph
        file (GraphML/GEXF/JSON/Kumu JSON) must come alone.
    mapping, max_bytes, max_rows
        As for :func:`import_file`; ``max_bytes`` caps the total of all files.

    Returns
    -------
    ImportResult
        One graph with the problems of every file (``problem.table`` names the file or
        sheet) and the combined stats.
    """
    imp = _Import(Options(dict(mapping or {}), max_bytes, max_rows))
    try:
        return _require_rows(_import_files(imp, files), files)
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
            return import_graph_bytes(imp, data, name, fmt)
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
    return import_tables(imp, tables)



def _require_rows(result: ImportResult, files: Sequence[tuple[str, bytes]]) -> ImportResult:
    """A file with a header and no data rows (or a graph file without nodes) would
    make an empty map: that is a file-level error (``io.no_rows``), nothing is imported."""
    if result.graph.number_of_nodes() or result.errors:
        return result
    names = ", ".join(PurePath(str(f or "")).name or "-" for f, _ in files) or "-"
    result.problems.append(Problem(None, names, None, "io.no_rows", {"name": names}, "error"))
    return result


def detect_format(data: bytes, filename: str = "") -> str:
    """Guess the format from the content (file name only as a hint):
    ``xlsx``, ``zip``, ``xls``, ``graphml``, ``gexf``, ``json``, ``kumu_json``, ``csv``,
    or ``binary`` (not a table, e.g. an image)."""
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
