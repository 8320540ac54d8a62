"""The drawing canvas's texts (weaving/ui/canvas/texts.py) exist in both languages, differ
between them, and keep only the holes the canvas script fills (issue 18: the canvas
follows the UI language; every announcement is translated)."""
from __future__ import annotations

import re

import pytest

from weaving.i18n import catalogue, t
from weaving.ui.canvas.texts import KEYS, SAY, canvas_texts

HOLES = {"{name}", "{type}", "{links}", "{pos}", "{total}", "{from}", "{a}", "{b}", "{kind}", "{status}",
         "{maps}", "{actors}", "{strength}", "{n}"}


def texts(lang):
    return canvas_texts(lambda key, **p: t(key, lang, **p), lambda prefix, v: t(f"{prefix}.{v}", lang),
                        ("existing", "introduced", "desired"))


def _flat(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _flat(v)
    elif isinstance(value, list):
        for v in value:
            yield from _flat(v)
    else:
        yield value


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_canvas_text_is_there_with_only_the_holes_the_script_fills(lang):
    got = texts(lang)
    assert len(got["keys"]) == len(KEYS) and all(f"say_{k}" in got for k in SAY)
    for text in _flat(got):
        assert text and set(re.findall(r"\{\w+\}", text)) <= HOLES, text
    assert "{name}" in got["say_selected"] and "{pos}" in got["say_actor"]
    assert got["count"]["actors_one"] == t("kbd.count.actors_one", lang, n="{n}")


def test_the_two_languages_differ():
    sv, en = texts("sv"), texts("en")
    assert sv["aria"] != en["aria"] and sv["keys"] != en["keys"] and sv["say_empty"] != en["say_empty"]
    assert "Ctrl+Z" in " ".join(sv["keys"]) and "Ctrl+Z" in " ".join(en["keys"])


def test_singular_and_plural_counts():
    assert t("kbd.count.actors_one", "sv", n=1) == "1 aktör"
    assert t("kbd.count.links_many", "sv", n=3) == "3 länkar"
    assert t("kbd.count.links_one", "en", n=1) == "1 link"
    assert all(k in catalogue() for k in ("kbd.removed.both", "kbd.removed.actors", "kbd.removed.links"))
