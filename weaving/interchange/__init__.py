"""File import/export for weaving maps (pure Python: no Streamlit, no database).

Export: ``export_graph(G, fmt)`` -> bytes for fmt in :data:`ALL_FORMATS`: the data
formats :data:`FORMATS` ("graphml", "gexf", "json", "csv", "kumu_xlsx", "kumu_json")
and the pictures ("html", "png").

Import: ``import_file(data, filename)`` / ``import_files([(name, data), ...])`` ->
:class:`ImportResult` (graph + problems + stats).  Importers never raise on bad
content and never write anything: the store writes ``result.graph`` in one
transaction.  ``preview(result, lang)`` summarises an import for the UI.

See docs in each module and ``weaving/interchange/FORMATS.md``.  Modules, in import order
(each imports only modules above it, never this package)::

    values          text cleaning, formula neutralising, header/vocabulary synonyms
    model           Problem, ImportStats, ImportResult, preview
    builder         parsed rows -> validated graph (GraphBuilder)
    run             one import run: options, problems, stats
    xml_common      what the incremental XML readers share (the graph NetworkX would build)
    xml_graphml     GraphML with expat callbacks, as nx.read_graphml reads it
    xml_gexf        GEXF with iterparse, as nx.read_gexf reads it
    xmlgraph        read_graphml, read_gexf (big files in little memory)
    read_tables     CSV / ZIP / XLSX (incl. Kumu) -> tables -> graph
    read_graphs     GraphML / GEXF / node-link JSON / Kumu JSON -> graph (via xmlgraph)
    importers       detect_format, import_file, import_files
    write_common    privacy options (prepare), edge iteration, JSON-safe values
    write_graphs    GraphML, GEXF, node-link JSON
    write_tables    CSV ZIP, Kumu XLSX, Kumu JSON
    write_pictures  offline HTML map, PNG (via weaving.mapview)
    exporters       FORMATS, MEDIA_TYPES, export_graph
    graphfile       read_graph_file (a graph file on disk, for the CLI)
"""
from weaving.interchange.exporters import (
    ALL_FORMATS,
    FORMATS,
    MEDIA_TYPES,
    PICTURE_FORMATS,
    export_graph,
)
from weaving.interchange.importers import detect_format, import_file, import_files
from weaving.interchange.model import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    ImportResult,
    ImportStats,
    Problem,
    preview,
)
from weaving.interchange.read_tables import decode_text, sniff_delimiter
from weaving.interchange.formulas import neutralise, unneutralise
from weaving.interchange.values import clean_text
from weaving.interchange.write_common import prepare
from weaving.interchange.write_graphs import to_gexf, to_graphml, to_json
from weaving.interchange.write_tables import to_csv_zip, to_kumu_json, to_kumu_xlsx

__all__ = [
    "ALL_FORMATS", "PICTURE_FORMATS", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_ROWS", "FORMATS", "MEDIA_TYPES", "ImportResult",
    "ImportStats", "Problem", "clean_text", "decode_text", "detect_format", "export_graph",
    "import_file", "import_files", "neutralise", "prepare", "preview", "sniff_delimiter",
    "to_csv_zip", "to_gexf", "to_graphml", "to_json", "to_kumu_json", "to_kumu_xlsx",
    "unneutralise",
]
