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
def node_tooltip(H, node, d, name, weaver, size_by, values, sizes, lang) -> str:
    lines = [clean_text(name, TOOLTIP_NAME_MAX)]
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
    return "\n".join(lines)


def edge_tooltip(H, u, v, e, lang) -> str:
    nu, nv = clean_text(node_name(H, u), 60), clean_text(node_name(H, v), 60)
    lines = [f"{nu} — {nv}"]
    for link in e["links"]:
        line = t("map.tooltip.link", lang, kind=kind_label(link["kind"], lang),
                 status=status_label(link["status"], lang).lower(),
                 strength=link["strength"])
        if link["directed"]:
            line += " (" + t("map.tooltip.direction", lang,
                             source=clean_text(node_name(H, link["source"]), 60),
                             target=clean_text(node_name(H, link["target"]), 60)) + ")"
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

