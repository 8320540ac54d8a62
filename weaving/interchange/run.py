"""The state of one import run: the options, the problems found so far and the stats.

Shared by the tabular readers (:mod:`weaving.interchange.read_tables`), the graph-file
readers (:mod:`weaving.interchange.read_graphs`) and the dispatch in
:mod:`weaving.interchange.importers`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from weaving.interchange.model import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    ImportResult,
    ImportStats,
    Problem,
)


@dataclass
class Options:
    """What the caller asked for: column ``mapping`` and the size limits."""

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


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".0", "")
