"""Read a graph file (GraphML, GEXF, node-link JSON) into NetworkX, with clear errors."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from weaving.core.errors import ValidationError
from weaving.interchange.xmlgraph import read_gexf, read_graphml


def read_graph_file(path: str | Path) -> nx.Graph:
    """Read a graph file from disk as NetworkX reads it (no cleaning, no validation).

    Parameters
    ----------
    path : str or Path
        A ``.graphml``/``.xml``, ``.gexf`` or node-link ``.json`` file (edges under
        ``links`` or ``edges``; a UTF-8 BOM is accepted).

    Returns
    -------
    nx.Graph
        The graph, of whatever class the file describes.

    Raises
    ------
    ValidationError
        ``error.file_not_found`` (no such file), ``error.unreadable_file`` (the
        parser failed; ``detail`` says why) or ``error.unknown_format`` (another
        suffix).
    """
    p = Path(path)
    if not p.is_file():
        raise ValidationError("error.file_not_found", path=str(p))
    suffix = p.suffix.lower()
    try:
        if suffix in {".graphml", ".xml"}:
            return read_graphml(p)
        if suffix == ".gexf":
            return read_gexf(p)
        if suffix == ".json":
            data = json.loads(p.read_text(encoding="utf-8-sig"))
            edges_key = "links" if "links" in data else "edges"
            return nx.node_link_graph(data, edges=edges_key)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is a user-facing error
        raise ValidationError("error.unreadable_file", detail=str(exc)[:300]) from exc
    raise ValidationError("error.unknown_format", name=p.name)
