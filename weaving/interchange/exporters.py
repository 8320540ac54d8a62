"""Exporters: a graph in the weaving convention -> bytes, in one of :data:`ALL_FORMATS`.

Every exporter accepts ``nx.Graph``/``DiGraph``/``MultiGraph``/``MultiDiGraph`` and
never mutates its input.  :func:`export_graph` dispatches to the writers: graph
formats in :mod:`~weaving.interchange.write_graphs`, tables in
:mod:`~weaving.interchange.write_tables`, pictures in
:mod:`~weaving.interchange.write_pictures`; the privacy options are applied by
:func:`~weaving.interchange.write_common.prepare`.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import networkx as nx

from weaving.interchange.write_graphs import to_gexf, to_graphml, to_json
from weaving.interchange.write_pictures import to_html, to_png
from weaving.interchange.write_tables import to_csv_zip, to_kumu_json, to_kumu_xlsx

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


_EXPORTERS: dict[str, Callable[..., bytes]] = {
    "graphml": to_graphml, "gexf": to_gexf, "json": to_json, "csv": to_csv_zip,
    "kumu_xlsx": to_kumu_xlsx, "kumu_json": to_kumu_json, "html": to_html, "png": to_png,
}


def export_graph(G: nx.Graph, fmt: str, *, include_personal: bool = True,
                 anonymise: bool = False, **options: Any) -> bytes:
    """Export ``G`` as the bytes of one file in format ``fmt``.

    Parameters
    ----------
    G : nx.Graph
        Any NetworkX graph in the weaving convention (``docs/graph-schema.md``); it
        is not changed.
    fmt : str
        One of :data:`ALL_FORMATS`: the data formats :data:`FORMATS` (``graphml``,
        ``gexf``, ``json``, ``csv``, ``kumu_xlsx``, ``kumu_json``) or the pictures
        ``html`` and ``png``.  :data:`MEDIA_TYPES` gives the file suffix and MIME type.
    include_personal : bool
        False drops node ``contacts`` and edge ``carried_by``.
    anonymise : bool
        True replaces person names by "Person N" (see ``write_common``).
    **options
        Passed to the format's writer when it takes them (``delimiter``/``lang`` for
        ``csv``, map options such as ``lang``/``color_by`` for ``html``/``png``);
        options a format does not use (e.g. ``lang`` for GraphML) are ignored, so
        callers can pass the same options for every format.

    Returns
    -------
    bytes
        The file's content (``csv`` is a ZIP of ``actors.csv`` + ``links.csv``).

    Raises
    ------
    ValueError
        For an unknown ``fmt`` (or a CSV ``delimiter`` other than ``;``, ``,``, TAB).
    """
    try:
        fn = _EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; use one of {ALL_FORMATS}") from None
    accepted = inspect.signature(fn).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in accepted.values())
    used = options if takes_any else {k: v for k, v in options.items() if k in accepted}
    return fn(G, include_personal=include_personal, anonymise=anonymise, **used)
