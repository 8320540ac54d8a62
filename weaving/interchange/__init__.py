"""File import/export for weaving maps (pure Python: no Streamlit, no database).

Export: ``export_graph(G, fmt)`` -> bytes for fmt in :data:`FORMATS`
("graphml", "gexf", "json", "csv", "kumu_xlsx", "kumu_json").

Import: ``import_file(data, filename)`` / ``import_files([(name, data), ...])`` ->
:class:`ImportResult` (graph + problems + stats).  Importers never raise on bad
content and never write anything: the store writes ``result.graph`` in one
transaction.  ``preview(result, lang)`` summarises an import for the UI.

See docs in each module and ``weaving/interchange/FORMATS.md``.
"""
from weaving.interchange.exporters import (
    ALL_FORMATS,
    FORMATS,
    PICTURE_FORMATS,
    MEDIA_TYPES,
    export_graph,
    prepare,
    to_csv_zip,
    to_gexf,
    to_graphml,
    to_json,
    to_kumu_json,
    to_kumu_xlsx,
)
from weaving.interchange.importers import decode_text, detect_format, import_file, import_files, sniff_delimiter
from weaving.interchange.model import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    ImportResult,
    ImportStats,
    Problem,
    preview,
)
from weaving.interchange.values import clean_text, neutralise, unneutralise

__all__ = [
    "ALL_FORMATS", "PICTURE_FORMATS", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_ROWS", "FORMATS", "MEDIA_TYPES", "ImportResult",
    "ImportStats", "Problem", "clean_text", "decode_text", "detect_format", "export_graph",
    "import_file", "import_files", "neutralise", "prepare", "preview", "sniff_delimiter",
    "to_csv_zip", "to_gexf", "to_graphml", "to_json", "to_kumu_json", "to_kumu_xlsx",
    "unneutralise",
]
