"""The map as text: every drawn actor (also those without links) with its links.

Built from the :class:`~weaving.mapview.model.MapModel` the picture is drawn from, so
the list shows exactly what the map shows, filtered the same way (area, type, theme,
link status, focus). The offline HTML puts it under the map as a table a screen reader
reads row by row (``text_html``); the rows are plain data for other uses (``text_rows``).
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from weaving.i18n import fmt_number, t

from .text import clean_text, kind_label, node_area, node_name, status_label, type_label

#: above this many actors the table is left out (the page would weigh megabytes and no
#: one reads 10,000 rows): the page says so and asks for a filter instead
TEXT_MAX_ACTORS = 2000
NAME_MAX = 120


@dataclass(frozen=True)
class LinkLine:
    other: str       # the actor at the other end
    text: str        # "Dialog: befintlig, styrka 2 (från A till B)"


@dataclass(frozen=True)
class ActorRow:
    name: str
    type: str
    area: str
    weaver: bool
    links: tuple[LinkLine, ...]


def text_rows(model) -> list[ActorRow]:
    """One row per drawn actor, by name; each with its drawn links, by the other end's name."""
    H, lang = model.graph, model.lang
    names = {v: clean_text(node_name(H, v), NAME_MAX) for v in H}
    rows = []
    for v, d in H.nodes(data=True):
        lines = []
        for w in H.neighbors(v):
            for link in H[v][w]["links"]:
                text = t("map.tooltip.link", lang, kind=kind_label(link["kind"], lang),
                         status=status_label(link["status"], lang).lower(), strength=link["strength"])
                if link["directed"]:
                    text += " (" + t("map.tooltip.direction", lang, source=names[link["source"]],
                                     target=names[link["target"]]) + ")"
                lines.append(LinkLine(names[w], text))
        lines.sort(key=lambda x: (x.other.casefold(), x.text))
        typ = clean_text(d.get("type")).lower()
        rows.append(ActorRow(names[v], type_label(typ, lang), node_area(d) or "",
                             bool(d.get("is_weaver")), tuple(lines)))
    rows.sort(key=lambda r: (r.name.casefold(), r.name))
    return rows


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def text_html(model) -> str:
    """The map as an HTML table inside a ``<details>`` (closed), every text escaped."""
    lang = model.lang
    n = len(model.graph)
    links = sum(len(e["links"]) for _, _, e in model.graph.edges(data=True))
    summary = t("kbd.map.text_summary", lang, actors=t_count("actors", n, lang), links=t_count("links", links, lang))
    parts = ['<details class="wm-text" id="weaving-map-text"><summary>', _e(summary), "</summary>"]
    if n > TEXT_MAX_ACTORS:
        parts += ['<p class="wm-note">', _e(t("kbd.map.text_too_many", lang, max=TEXT_MAX_ACTORS)), "</p></details>"]
        return "".join(parts)
    parts += ["<table><caption>", _e(t("kbd.map.text_caption", lang)), "</caption><thead><tr>"]
    for key in ("kbd.col.actor", "kbd.col.type", "kbd.col.area", "kbd.col.links"):
        parts += ['<th scope="col">', _e(t(key, lang)), "</th>"]
    parts.append("</tr></thead><tbody>")
    for row in text_rows(model):
        weaver = f' <span class="wm-weaver">({_e(t("kbd.weaver", lang))})</span>' if row.weaver else ""
        parts += ['<tr><th scope="row">', _e(row.name), weaver, "</th><td>", _e(row.type), "</td><td>",
                  _e(row.area or "–"), "</td><td>"]
        if row.links:
            parts.append("<ul>")
            for line in row.links:
                parts += ["<li><span>", _e(line.other), "</span>: ", _e(line.text), "</li>"]
            parts.append("</ul>")
        else:
            parts.append(_e(t("kbd.no_links", lang)))
        parts.append("</td></tr>")
    parts.append("</tbody></table></details>")
    return "".join(parts)


def t_count(what: str, n: int, lang: str) -> str:
    """"1 aktör" / "3 aktörer" (catalogue keys ``kbd.count.<what>_one`` / ``_many``)."""
    return t(f"kbd.count.{what}_one" if n == 1 else f"kbd.count.{what}_many", lang, n=fmt_number(n, lang))
