"""Import results: problems (translated via the i18n catalogue), stats and preview."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from weaving.i18n import t

Severity = Literal["error", "warning"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000

# Params whose value is one of our field names are shown with the translated field name.
_FIELD_PARAMS = ("field", "column")


def _lang(lang: str | None) -> str:
    from weaving.i18n import normalise_language

    return normalise_language(lang)


@dataclass(frozen=True)
class Problem:
    """One thing the user should know about an import.

    ``severity``: ``"error"`` = something was NOT imported (a row was skipped, or the
    whole file/table could not be read when ``row`` is None); ``"warning"`` = it was
    imported, but a value was changed or assumed (e.g. unknown type -> "other").
    ``row`` is the spreadsheet row number (header = row 1) for CSV/XLSX, the 1-based
    position in the node/edge list for graph files, ``None`` for file-level problems.
    """

    row: int | None
    table: str
    field: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    severity: Severity = "error"

    def message(self, lang: str | None = None) -> str:
        from weaving.interchange.values import VOCABULARIES, value_label

        params = dict(self.params)
        vocab = params.get("field") if params.get("field") in VOCABULARIES else None
        if vocab and isinstance(params.get("default"), str):
            params["default"] = value_label(vocab, params["default"], _lang(lang))
        if isinstance(params.get("kind"), str):
            params["kind"] = value_label("kind", params["kind"], _lang(lang))
        for name in _FIELD_PARAMS:
            value = params.get(name)
            if isinstance(value, str):
                try:
                    params[name] = t(f"io.field.{value}", lang)
                except KeyError:
                    pass
        return t(self.key, lang, **params)

    def location(self, lang: str | None = None) -> str:
        if self.row is None:
            return t("io.where.table", lang, table=self.table) if self.table else ""
        return t("io.where.row", lang, table=self.table, row=self.row)

    def describe(self, lang: str | None = None) -> str:
        where = self.location(lang)
        return f"{where}: {self.message(lang)}" if where else self.message(lang)

    @property
    def fatal(self) -> bool:
        """A file/table-level error (nothing or not all tables could be read)."""
        return self.severity == "error" and self.row is None


@dataclass
class ImportStats:
    format: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    tables: list[str] = field(default_factory=list)
    actor_rows: int = 0
    link_rows: int = 0
    actors: int = 0
    links: int = 0
    skipped_actors: int = 0
    skipped_links: int = 0
    implicit_actors: int = 0


@dataclass
class ImportResult:
    """What an importer found. Importers never raise on bad content and never write:
    the store decides whether to write ``graph`` (in one transaction)."""

    graph: nx.MultiGraph
    problems: list[Problem] = field(default_factory=list)
    stats: ImportStats = field(default_factory=ImportStats)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def can_import(self) -> bool:
        """At least one actor, and no file/table-level error.  Row-level errors
        (skipped rows) do not block: the preview shows them."""
        return self.graph.number_of_nodes() > 0 and not any(p.fatal for p in self.problems)


def preview(result: ImportResult, lang: str | None = None, *, examples: int = 5) -> dict:
    """A summary the UI can show before the user confirms an import.

    Parameters
    ----------
    result : ImportResult
        What :func:`~weaving.interchange.importers.import_files` returned.
    lang : str, optional
        Language of the texts ("sv" or "en"; None: the default language).
    examples : int
        How many described problems to show per group.

    Returns
    -------
    dict
        ``{"format", "actors", "links", "skipped_actors", "skipped_links", "errors",
        "warnings", "can_import", "summary", "groups": [...]}`` where each group is
        ``{"key", "severity", "count", "title", "rows", "examples": [described
        problems]}`` (errors first, then warnings; largest groups first).
    """
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in result.problems:
        groups.setdefault((p.severity, p.key), []).append(p)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][0] != "error", -len(kv[1]), kv[0][1]))
    out_groups = []
    for (severity, key), items in ordered:
        try:
            title = t(f"{key}.title", lang)
        except KeyError:
            title = items[0].message(lang)
        out_groups.append({
            "key": key,
            "severity": severity,
            "count": len(items),
            "title": title,
            "rows": sorted({p.row for p in items if p.row is not None}),
            "examples": [p.describe(lang) for p in items[:examples]],
        })
    s = result.stats
    return {
        "format": s.format,
        "actors": result.graph.number_of_nodes(),
        "links": result.graph.number_of_edges(),
        "skipped_actors": s.skipped_actors,
        "skipped_links": s.skipped_links,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "can_import": result.can_import,
        "summary": t("io.preview.summary", lang, actors=result.graph.number_of_nodes(),
                     links=result.graph.number_of_edges(), errors=len(result.errors),
                     warnings=len(result.warnings)),
        "groups": out_groups,
    }
