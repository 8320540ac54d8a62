"""Every page, both languages, empty and demo database: no exception, no catalogue key
or unfilled placeholder shown, and the English page shows no Swedish-only UI text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app.conftest import run_page
from weaving.i18n import catalogue

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = re.findall(r'st\.Page\(\s*"([^"]+)"', APP.read_text(encoding="utf-8"))
KEY_LIKE = re.compile(r"\b(?:ui|page|map|analysis|io|imp|backup|prog|auth|error|cli|type|kind|status|level|intro|sector|strength)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _all_text(node, out: list[str]) -> None:
    proto = getattr(node, "proto", None)
    for attr in ("value", "label", "body", "placeholder", "help", "caption"):
        try:
            v = getattr(node, attr, None)
        except Exception:  # noqa: BLE001 - some element types raise for attributes they lack
            v = None
        if isinstance(v, str):
            out.append(v)
    if proto is not None:
        for attr in ("label", "body", "help", "placeholder"):
            v = getattr(proto, attr, None)
            if isinstance(v, str) and v:
                out.append(v)
        options = getattr(proto, "options", None)
        if options is not None:
            try:
                out.extend(str(o) for o in options)
            except TypeError:
                pass
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            _all_text(child, out)


def page_texts(at) -> list[str]:
    out: list[str] = []
    _all_text(at._tree, out)
    return out


def test_pages_found():
    assert len(PAGES) >= 7


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_shows_no_keys_in_either_language(demo_db, page, lang):
    at = run_page(page, lang=lang)
    assert not at.exception, at.exception
    texts = page_texts(at)
    assert texts, "the page shows nothing"
    keys = set(catalogue())
    shown_keys = {m for t in texts for m in KEY_LIKE.findall(t) if m in keys}
    assert shown_keys == set()
    assert [t for t in texts if PLACEHOLDER.search(t)] == []
    if lang == "en":
        # UI texts that exist only in Swedish must not leak into the English page
        swedish_only = {v["sv"] for v in catalogue().values() if v["sv"] != v["en"] and len(v["sv"]) > 12}
        assert [t for t in texts if t in swedish_only] == []


@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_database(app_db, page):
    at = run_page(page, lang="sv")
    assert not at.exception, at.exception
