"""User text on the map: cleaning, translated labels and tooltips.

Text is made safe as a Python string here (control characters and lone surrogates
removed, shortened); escaping for HTML/JSON happens in the renderer.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import networkx as nx

from weaving.core.schema import as_list
from weaving.i18n import t

LABEL_MAX = 40
TOOLTIP_NAME_MAX = 300
TOOLTIP_TEXT_MAX = 300

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def clean_text(value: Any, limit: int | None = None) -> str:
    """User text as a safe Python string: lone surrogates and control characters
    removed, optionally shortened with an ellipsis.  (Escaping for HTML/JSON happens
    in the renderer.)"""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (e.g. from a broken file)
        text = text.encode("utf-8", "replace").decode("utf-8")
    text = _CONTROL.sub(" ", text)
    text = text.strip()
    if limit is not None and len(text) > limit:
        text = text[: max(1, limit - 1)].rstrip() + "…"
    return text


def node_name(G: nx.Graph, node: Any) -> str:
    """The actor's name (``label``, else ``name``, else its id) as clean text."""
    cache = G.graph.get("_mapview_names")
    if cache is not None and node in cache:
        return cache[node]
    name = clean_text(G.nodes[node].get("label") or G.nodes[node].get("name"))
    return name or clean_text(node)


def _translated(prefix: str, value: str, lang: str) -> str:
    key = f"{prefix}.{value}"
    try:
        return t(key, lang)
    except KeyError:
        return clean_text(value)


def type_label(value: str, lang: str) -> str:
    return _translated("map.type", value, lang) if value else t("map.legend.unknown", lang)


def sector_label(value: str, lang: str) -> str:
    return _translated("map.sector", value, lang) if value else t("map.legend.unknown", lang)


def kind_label(value: str, lang: str) -> str:
    return _translated("map.kind", value, lang) if value else t("map.kind.unknown", lang)


def status_label(value: str, lang: str) -> str:
    return t(f"map.status.{value}", lang)


# ------------------------------------------------------------ actor attributes
def node_type(d: Mapping) -> str:
    return clean_text(d.get("type")).lower()


def node_sector(d: Mapping) -> str:
    return clean_text(d.get("sector")).lower()


def node_area(d: Mapping) -> str:
    return clean_text(d.get("area"))


# -------------------------------------------------------------------- tooltips
#: in a tooltip body, where the names of the edge's two ends go (control characters
#: never survive clean_text, so user text cannot contain them)
END_U, END_V = "\x01U", "\x01V"
HEADER_NAME_MAX = 60


def node_tooltip_parts(H, node, d, name, weaver, size_by, values, sizes, lang) -> tuple[str, str]:
    """The actor's tooltip as (first line: its name, the other lines).

    The name is unique to the actor; the other lines repeat across actors of the same
    type, sector, area, themes and number of contacts, so the map stores each once."""
    lines = []
    if weaver:
        lines.append(t("map.tooltip.weaver", lang))
    typ = node_type(d)
    if typ:
        lines.append(t("map.tooltip.type", lang, value=type_label(typ, lang)))
    sector = node_sector(d)
    if sector:
        lines.append(t("map.tooltip.sector", lang, value=sector_label(sector, lang)))
    area = node_area(d)
    if area:
        lines.append(t("map.tooltip.area", lang, value=clean_text(area, TOOLTIP_TEXT_MAX)))
    for attr in ("themes", "target_groups"):
        items = as_list(d.get(attr))
        if items:
            lines.append(t(f"map.tooltip.{attr}", lang,
                           value=clean_text(", ".join(items), TOOLTIP_TEXT_MAX)))
    lines.append(t("map.tooltip.degree", lang, n=H.degree(node)))
    if size_by == "betweenness":
        lines.append(t("map.tooltip.betweenness", lang, value=f"{values.get(node, 0.0):.3f}"))
    return clean_text(name, TOOLTIP_NAME_MAX), "\n".join(lines)


def node_tooltip(H, node, d, name, weaver, size_by, values, sizes, lang) -> str:
    first, rest = node_tooltip_parts(H, node, d, name, weaver, size_by, values, sizes, lang)
    return f"{first}\n{rest}" if rest else first


def header_name(H, node) -> str:
    """An end's name as the first line of a link's tooltip shows it."""
    return clean_text(node_name(H, node), HEADER_NAME_MAX)


def edge_tooltip_body(H, u, v, e, lang) -> str:
    """The lines of a link's tooltip after ``"u — v"``, with :data:`END_U` / :data:`END_V`
    where the ends' names go (so links of the same kinds share one body)."""
    lines = []
    for link in e["links"]:
        line = t("map.tooltip.link", lang, kind=kind_label(link["kind"], lang),
                 status=status_label(link["status"], lang).lower(),
                 strength=link["strength"])
        if link["directed"]:
            src, dst = (END_U, END_V) if link["source"] == u else (END_V, END_U)
            line += " (" + t("map.tooltip.direction", lang, source=src, target=dst) + ")"
        lines.append("• " + line)
        if link["purpose"]:
            lines.append("   " + t("map.tooltip.purpose", lang,
                                   value=clean_text(link["purpose"], TOOLTIP_TEXT_MAX)))
        if link["place"]:
            lines.append("   " + t("map.tooltip.place", lang,
                                   value=clean_text(link["place"], 120)))
        if link["person_bound"]:
            lines.append("   " + t("map.tooltip.person_bound", lang))
    return "\n".join(lines)


def fill_ends(body: str, name_u: str, name_v: str) -> str:
    """A tooltip body with the ends' names put in (the browser does the same)."""
    return re.sub("\x01([UV])", lambda m: name_u if m.group(1) == "U" else name_v, body)


def edge_tooltip(H, u, v, e, lang) -> str:
    nu, nv = header_name(H, u), header_name(H, v)
    return f"{nu} — {nv}\n" + fill_ends(edge_tooltip_body(H, u, v, e, lang), nu, nv)
