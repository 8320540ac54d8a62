"""Every page, both languages, empty and demo database: no exception, no catalogue key
or unfilled placeholder shown, and the English page shows no Swedish-only UI text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app.conftest import run_page
from weaving.core.schema import ACTOR_TYPES, INTRO_LEVELS, INTRO_STATUSES, LINK_KINDS, LINK_STATUSES, SECTORS
from weaving.i18n import catalogue

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = re.findall(r'st\.Page\(\s*"([^"]+)"', APP.read_text(encoding="utf-8"))
KEY_LIKE = re.compile(r"\b(?:ui|page|map|analysis|io|imp|backup|prog|auth|error|cli|type|kind|status|level|intro|sector|strength)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _all_text(node, out: list[str]) -> None:
    proto = getattr(node, "proto", None)
    # a choice widget shows its options (formatted); its value is the code behind them
    choice = proto is not None and getattr(proto, "options", None) is not None and not isinstance(
        getattr(proto, "options", None), str)
    for attr in ("label", "body", "placeholder", "help", "caption") if choice else (
            "value", "label", "body", "placeholder", "help", "caption"):
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


def table_cells(at) -> list[str]:
    """Headers and text cells of the read-only tables (user data included)."""
    out: list[str] = []
    for frame in at.dataframe:
        if getattr(frame.proto, "editing_mode", 0):   # an editor shows its cells through format_func
            continue
        df = frame.value
        out.extend(str(c) for c in df.columns)
        for col in df.columns:
            out.extend(str(v) for v in df[col].tolist() if isinstance(v, str))
    return out


CODES = set(ACTOR_TYPES) | set(SECTORS) | set(LINK_KINDS) | set(LINK_STATUSES) | set(INTRO_LEVELS) | set(INTRO_STATUSES)
# codes that are also plain words of the page's language may appear as words
PLAIN_WORDS = {"sv": {"person", "information", "iop"},
               "en": {c for c in CODES if "_" not in c} - set(SECTORS)}
TOKEN = re.compile(r"(?<![\w-])[a-z][a-z_]*(?![\w-])")


def codes_shown(texts: list[str], lang: str) -> set[str]:
    """Vocabulary codes (joint_activity, ideburen, youth_centre ...) shown as they are."""
    wanted = CODES - PLAIN_WORDS[lang]
    return {tok for t in texts for tok in TOKEN.findall(t) if tok in wanted}


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
    assert codes_shown(texts + table_cells(at), lang) == set()
    if lang == "en":
        # UI texts that exist only in Swedish must not leak into the English page
        swedish_only = {v["sv"] for v in catalogue().values() if v["sv"] != v["en"] and len(v["sv"]) > 12}
        assert [t for t in texts if t in swedish_only] == []


@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_database(app_db, page):
    at = run_page(page, lang="sv")
    assert not at.exception, at.exception


def test_the_code_check_can_fail():
    assert codes_shown(["Typ: youth_centre", "Sektor ideburen"], "sv") == {"youth_centre", "ideburen"}
    assert codes_shown(["A dialogue about sports_club life", "Sector: offentlig"], "en") == {"sports_club", "offentlig"}
    assert codes_shown(["Dialog med föreningar, information", "Not-a-code: foo_bar"], "sv") == set()
