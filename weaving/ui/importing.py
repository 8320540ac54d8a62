"""Import page logic, kept free of Streamlit so it can be tested directly.

parse -> (column mapping) -> preview tables + problems -> plan (a dry run in a unit of
work that is never committed) -> commit (the same code in ``run_uow``: all or nothing).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import networkx as nx

from weaving.core.errors import ValidationError, WeavingError
from weaving.i18n import t
from weaving.interchange import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, ImportResult, detect_format, import_files
from weaving.interchange import values as IV
from weaving.core.schema import as_list
from weaving.store import import_graph
from weaving.store import validate as SV

MAX_MB = DEFAULT_MAX_BYTES // (1024 * 1024)
MAX_ROWS = DEFAULT_MAX_ROWS
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xls", "zip", "graphml", "gexf", "json", "xml"]
# column sizes the database enforces (weaving/store/models.py); checked here so a long
# value is a clear problem in the preview instead of a refusal at the end
MAX_MAP_NAME = 200
MAX_PERSON = 300
SAMPLE_ROWS = 10
# the dry run writes every row inside a transaction that is rolled back (bulk writes: about
# 0.05 ms a row); above this many actors + links the preview counts existing actors only
DRY_RUN_LIMIT = 20_000

AUTO, IGNORE = "auto", "ignore"
ACTOR_FIELDS = IV.ACTOR_FIELDS
LINK_FIELDS = IV.LINK_FIELDS


# ------------------------------------------------------------------ parsing
def digest(files: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in files:
        h.update(str(name).encode("utf-8", "replace") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def parse(files: list[tuple[str, bytes]], mapping: dict[str, str | None] | None = None) -> ImportResult:
    """The uploads read as one map (never raises, never writes)."""
    return import_files(files, mapping=mapping or None, max_bytes=DEFAULT_MAX_BYTES, max_rows=MAX_ROWS)


@dataclass
class TableInfo:
    name: str
    headers: list[str]
    auto: dict[str, str | None]  # header -> field recognised without help (None: not recognised)


def file_tables(files: list[tuple[str, bytes]]) -> list[TableInfo]:
    """Headers of the tables in CSV/XLSX/ZIP uploads (graph files have no column step).
    Read with the importer's own readers, so the headers are exactly what it sees."""
    from weaving.interchange import read_tables as I

    out: list[TableInfo] = []
    imp = I._Import(I.Options())
    for filename, data in files:
        name = PurePath(str(filename or "")).name or "-"
        if len(data) > DEFAULT_MAX_BYTES:
            continue
        try:
            fmt = detect_format(data, name)
            if fmt == "csv":
                tables = [t_ for t_ in [I._read_csv(imp, data, name)] if t_ is not None]
            elif fmt == "xlsx":
                tables = I._read_xlsx(imp, data, name)
            elif fmt == "zip":
                tables = I._read_zip(imp, data, name)
            else:
                tables = []
        except Exception:  # noqa: BLE001 - the importer reports unreadable files itself
            tables = []
        for table in tables:
            headers = [IV.clean_text(h) for h in table.headers]
            headers = [h for h in dict.fromkeys(headers) if h]
            auto = {}
            for h in headers:
                auto[h] = IV.actor_field(h) or IV.link_field(h)
            out.append(TableInfo(str(table.name), headers, auto))
    return out


def unrecognised(tables: list[TableInfo], mapping: dict[str, str | None]) -> list[str]:
    return [h for tbl in tables for h in tbl.headers if tbl.auto.get(h) is None and h not in mapping]


def needs_mapping(result: ImportResult, tables: list[TableInfo]) -> bool:
    """Open the column step when a needed column is missing or the result has no actors."""
    if not tables:
        return False
    missing = any(p.key == "io.missing_column" for p in result.problems)
    return missing or result.graph.number_of_nodes() == 0


def mapping_options() -> list[str]:
    return [AUTO, IGNORE, *ACTOR_FIELDS, *[f for f in LINK_FIELDS if f not in ACTOR_FIELDS]]


def option_labels(lang: str, auto_field: str | None) -> dict[str, str]:
    """{option: label} for one header's selectbox (computed now, see ui.common.labels_for)."""
    labels = {}
    for opt in mapping_options():
        if opt == AUTO:
            labels[opt] = (t("imp.map.auto_as", lang, field=_field(auto_field, lang)) if auto_field
                           else t("imp.map.auto_none", lang))
        elif opt == IGNORE:
            labels[opt] = t("imp.map.ignore", lang)
        elif opt in ACTOR_FIELDS:
            labels[opt] = t("imp.map.actor_field", lang, field=_field(opt, lang))
        else:
            labels[opt] = t("imp.map.link_field", lang, field=_field(opt, lang))
    return labels


def _field(name: str | None, lang: str) -> str:
    try:
        return t(f"io.field.{name}", lang)
    except KeyError:
        return str(name)


def mapping_from_choices(choices: dict[str, str]) -> dict[str, str | None]:
    """Selectbox values -> the importer's ``mapping=`` (auto = left out)."""
    return {h: (IGNORE if c == IGNORE else c) for h, c in choices.items() if c and c != AUTO}


# ------------------------------------------------------------------ preview
def _vocab(prefix: str, value: Any, lang: str) -> str:
    try:
        return t(f"{prefix}.{value}", lang)
    except KeyError:
        return str(value)


def sample_rows(G: nx.Graph, lang: str, n: int = SAMPLE_ROWS) -> tuple[list[dict], list[dict]]:
    """The first actors and links as they will be saved (translated column names/values)."""
    actors = []
    for _node, d in list(G.nodes(data=True))[:n]:
        actors.append({
            t("page.field.name", lang): str(d.get("label", "")),
            t("page.field.type", lang): _vocab("type", d.get("type") or "other", lang),
            t("page.field.sector", lang): _vocab("sector", d["sector"], lang) if d.get("sector") else "",
            t("page.field.area", lang): str(d.get("area", "")),
            t("page.field.themes", lang): ", ".join(as_list(d.get("themes"))),
            t("page.field.target_groups", lang): ", ".join(as_list(d.get("target_groups"))),
            t("imp.col.contacts", lang): len(as_list(d.get("contacts"))),
        })
    links = []
    label = {u: str(d.get("label", u)) for u, d in G.nodes(data=True)}
    for u, v, d in list(G.edges(data=True))[:n]:
        if d.get("directed") and str(d.get("source", u)) == str(v):
            u, v = v, u
        links.append({
            t("page.col.from", lang): label.get(u, str(u)),
            t("page.col.to", lang): label.get(v, str(v)),
            t("page.col.kind", lang): _vocab("kind", d.get("kind", ""), lang),
            t("page.col.strength", lang): _vocab("strength", d.get("strength", 1), lang),
            t("page.field.status", lang): _vocab("status", d.get("status", "existing"), lang),
            t("page.col.carried_by", lang): ", ".join(as_list(d.get("carried_by"))),
        })
    return actors, links


def problem_rows(result: ImportResult, lang: str) -> list[dict]:
    """Every problem, one row each (for a table: shown inert, never as markdown)."""
    sev = {"error": t("imp.sev.error", lang), "warning": t("imp.sev.warning", lang)}
    rows = []
    for p in sorted(result.problems, key=lambda p: (p.severity != "error", p.table, p.row or 0)):
        rows.append({
            t("imp.col.severity", lang): sev[p.severity],
            t("imp.col.table", lang): p.table,
            t("imp.col.row", lang): "" if p.row is None else str(p.row),
            t("imp.col.message", lang): p.message(lang),
        })
    return rows


def can_write(result: ImportResult) -> bool:
    """The button's rule: something to import and no error at all (skipped rows included)."""
    return result.can_import and not result.errors


# ------------------------------------------------------------ store checks
@dataclass
class StoreProblem:
    """Something the store would refuse, found before writing (``where`` = actor/link)."""

    where: str
    error: WeavingError

    def describe(self, lang: str) -> str:
        return f"{self.where}: {self.error.message(lang)}" if self.where else self.error.message(lang)


def _short(text: Any, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _person(value: Any) -> str:
    name = SV.name(value)
    if len(name) > MAX_PERSON:
        raise ValidationError("error.name_too_long", max=MAX_PERSON)
    return name


def store_problems(G: nx.Graph) -> list[StoreProblem]:
    """The store's own rules applied to the graph in memory (no database): names too
    long, dates in the wrong order, links between rows that the store merges by name."""
    out: list[StoreProblem] = []
    key_of: dict[Any, str] = {}
    label_of: dict[Any, str] = {}
    for n, d in G.nodes(data=True):
        raw = d.get("label") or d.get("name") or str(n)
        label_of[n] = _short(raw)
        try:
            key_of[n] = SV.name(raw).lower()
            for c in as_list(d.get("contacts")):
                _person(c)
        except WeavingError as exc:
            out.append(StoreProblem(label_of[n], exc))
    for u, v, d in G.edges(data=True):
        where = f"{label_of.get(u, u)} – {label_of.get(v, v)}"
        try:
            if u in key_of and key_of.get(u) == key_of.get(v):
                raise ValidationError("error.self_link")
            SV.link_kind(d.get("kind"))
            SV.strength(d.get("strength", 1))
            SV.link_status(d.get("status"))
            start, end = SV.date(d.get("start_date") or None), SV.date(d.get("end_date") or None)
            if start and end and end < start:
                raise ValidationError("error.dates_order")
            for c in as_list(d.get("carried_by")):
                if not str(c).startswith("contact:"):
                    _person(c)
        except WeavingError as exc:
            out.append(StoreProblem(where, exc))
    return out


def merged_names(G: nx.Graph) -> list[str]:
    """Names that occur on several rows of the file: the store keeps one actor per name
    (:func:`weaving.core.names.name_key`: look-alike spellings are the same name)."""
    keys = Counter(_key(d, n) for n, d in G.nodes(data=True))
    firsts: dict[str, str] = {}
    for n, d in G.nodes(data=True):
        firsts.setdefault(_key(d, n), _short(SV.normalise_name(d.get("label") or d.get("name") or n)))
    return [firsts[k] for k, c in keys.items() if c > 1]


def _key(d: dict, n: Any) -> str:
    """A node's name as the store compares it."""
    return SV.name_key(SV.clean_text(d.get("label") or d.get("name") or str(n)))


# ---------------------------------------------------------------- the write
@dataclass
class Target:
    """Where to import: an existing map (``map_id``) or a new one (``new_name``)."""

    map_id: int | None = None
    new_name: str = ""


def resolve_map(uow, target: Target):
    if target.map_id is not None:
        return uow.maps.get(target.map_id)
    name = SV.name(target.new_name)
    if len(name) > MAX_MAP_NAME:
        raise ValidationError("error.name_too_long", max=MAX_MAP_NAME)
    return uow.maps.by_name(name) or uow.maps.create(name)


def commit(uow, G: nx.Graph, target: Target, progress=None) -> dict[str, Any]:
    """Write the graph into the target map inside the caller's unit of work (``run_uow``
    commits). Refuses, before writing, anything the store would refuse.
    ``progress(fraction)`` is called while the rows are written."""
    problems = store_problems(G)
    if problems:
        raise problems[0].error
    with uow.refusals("imp.error.store_refused"):  # e.g. a value longer than its column on PostgreSQL
        m = resolve_map(uow, target)
        stats = import_graph(uow, m.id, G, progress=_fractions(progress) if progress else None)
        uow.record("import", "map", m.id, actors=stats.actors_created, reused=stats.actors_reused,
                   links=stats.links_created, skipped=stats.links_skipped)
        uow.flush()
    return {"map_id": m.id, "map_name": m.name, "actors_created": stats.actors_created,
            "actors_reused": stats.actors_reused, "links_created": stats.links_created,
            "links_skipped": stats.links_skipped}


def _fractions(report):
    """``import_graph``'s (rows written, rows) as a fraction, at most one call per percent."""
    last = [-1]

    def progress(done: int, total: int) -> None:
        pct = 100 * done // max(total, 1)
        if pct != last[0]:
            last[0] = pct
            report(pct / 100)
    return progress


@dataclass
class Plan:
    """What the write will do, found by a dry run (never committed)."""

    map_name: str = ""
    map_exists: bool = False
    new_actors: int = 0
    existing_elsewhere: list[str] = field(default_factory=list)  # will be added to this map
    already_on_map: list[str] = field(default_factory=list)
    new_links: int = 0
    existing_links: int = 0
    estimated: bool = False  # too large for a dry run: links counted as in the file
    merged: list[str] = field(default_factory=list)
    problems: list[StoreProblem] = field(default_factory=list)
    error: WeavingError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems


def plan(uow, G: nx.Graph, target: Target) -> Plan:
    """A dry run of :func:`commit` in ``uow``, which the caller must NOT commit (leave the
    ``with`` block: everything is rolled back)."""
    out = Plan(merged=merged_names(G), problems=store_problems(G))
    if out.problems:
        return out
    try:
        if target.map_id is not None:
            m = uow.maps.get(target.map_id)
        else:
            m = uow.maps.by_name(target.new_name) if SV.clean_text(target.new_name) else None
        out.map_name = m.name if m is not None else SV.clean_text(target.new_name)
        out.map_exists = m is not None
        map_id = m.id if m is not None else None
        # by key, as by_name finds them (a look-alike that migration 0007 left unmerged is not)
        known = {a.name.lower(): a for a in uow.actors.list() if a.name.lower() == SV.name_key(a.name)}
        seen: set[str] = set()
        for n, d in G.nodes(data=True):
            key = _key(d, n)
            actor = known.get(key)
            if key in seen or actor is None:
                continue
            seen.add(key)
            if map_id is not None and any(mp.id == map_id for mp in actor.maps):
                out.already_on_map.append(_short(actor.name))
            else:
                out.existing_elsewhere.append(_short(actor.name))
        if G.number_of_nodes() + G.number_of_edges() > DRY_RUN_LIMIT:
            uow.require("editor")
            if m is None:
                resolve_map(uow, target)  # checks the new name
            out.estimated = True
            out.new_actors = len(seen_all(G)) - len(out.already_on_map) - len(out.existing_elsewhere)
            out.new_links = G.number_of_edges()
        else:
            result = commit(uow, G, target)
            out.new_actors = result["actors_created"]
            out.new_links = result["links_created"]
            out.existing_links = result["links_skipped"]
    except WeavingError as exc:
        out.error = exc
    finally:
        uow.rollback()
    return out


def seen_all(G: nx.Graph) -> set[str]:
    """The distinct actor names of a graph, as the store compares them."""
    return {_key(d, n) for n, d in G.nodes(data=True)}


def default_map_name(files: list[tuple[str, bytes]], G: nx.Graph | None = None, fallback: str = "") -> str:
    """A suggestion for a new map's name: the graph's name, else the first file's name
    without words like "aktörer"/"links", else ``fallback``."""
    if G is not None and IV.clean_text(G.graph.get("name")) and len(files) == 1:
        name = IV.clean_text(G.graph.get("name"))
    else:
        stem = PurePath(str(files[0][0])).stem if files else ""
        name = re.sub(r"[_\-]+", " ", stem).strip()
        name = re.sub(r"\b(aktörer|aktorer|actors|länkar|lankar|links|connections|elements)\b", "", name,
                      flags=re.IGNORECASE)
        name = " ".join(name.split())
    return (name or fallback)[:MAX_MAP_NAME]
