"""Every text the drawing canvas shows or announces, in the UI language of this run.

They travel with the canvas's data on every run, so a language switch changes the
hint, the buttons, the aria-label, the key list and the announcements at once.
Templates keep ``{name}``-style holes that the script fills (with text only).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

KEYS = ("arrows", "enter", "move", "link", "links", "new", "delete", "undo", "fit", "help", "escape")
SAY = ("actor", "selected", "selected_readonly", "unselected", "unselected_all", "moving", "move_cancelled",
       "link_start", "link_target", "link_pick", "link_cancelled", "link_need_one", "link", "no_links", "empty",
       "fit", "nothing_to_undo")


def canvas_texts(tr: Callable[..., str], vocab: Callable[[str, Any], str], statuses: tuple[str, ...]) -> dict[str, Any]:
    texts: dict[str, Any] = {
        "aria": tr("draw.canvas.aria"),
        "hint": tr("draw.canvas.hint"),
        "hint_keys": tr("kbd.canvas.hint_keys"),
        "add_button": tr("kbd.canvas.add_button"),
        "delete_selected": tr("draw.canvas.delete_selected"),
        "undo": tr("draw.undo"),
        "fit": tr("draw.canvas.fit"),
        "new_actor": tr("draw.canvas.new_actor"),
        "new_link": tr("draw.canvas.new_link"),
        "name": tr("page.field.name"),
        "type": tr("page.field.type"),
        "kind": tr("page.field.kind"),
        "strength": tr("page.field.strength"),
        "status": tr("draw.canvas.status"),
        "add": tr("draw.canvas.add"),
        "cancel": tr("draw.canvas.cancel"),
        "already_here": tr("draw.canvas.already_here"),
        "exists_on": tr("draw.canvas.exists_on", maps="{maps}"),
        "exists_nowhere": tr("draw.canvas.exists_nowhere"),
        "name_needed": tr("error.name_empty"),
        "saving": tr("page.common.saving"),
        "nothing_selected": tr("draw.canvas.nothing_selected"),
        "status_names": {s: vocab("status", s) for s in statuses},
        "strength_names": {str(s): vocab("strength", s) for s in (1, 2, 3)},
        "keys_title": tr("kbd.canvas.keys_title"),
        "keys": [tr(f"kbd.key.{k}") for k in KEYS],
        "text_summary": tr("kbd.text.summary", actors="{actors}", links="{links}"),
        "text_link": tr("kbd.text.link", kind="{kind}", status="{status}", strength="{strength}"),
        "text_pick": tr("kbd.text.pick"),
        "col_actor": tr("kbd.col.actor"),
        "col_type": tr("kbd.col.type"),
        "col_links": tr("kbd.col.links"),
        "no_links": tr("kbd.no_links"),
        "weaver": tr("kbd.weaver"),
        "count": {f"{w}_{n}": tr(f"kbd.count.{w}_{n}", n="{n}") for w in ("actors", "links") for n in ("one", "many")},
    }
    # the script fills the holes: each text gets them back as "{name}" (unused ones are ignored)
    holes = {h: "{" + h + "}" for h in ("name", "type", "links", "pos", "total", "from", "a", "b", "kind", "status")}
    for k in SAY:
        texts[f"say_{k}"] = tr(f"kbd.say.{k}", **holes)
    return texts
