"""One translation catalogue for the whole app (Swedish and English).

The catalogue is split into domain files ``weaving/i18n/<domain>.json`` so that
modules own their texts, each of the form::

    {"key.name": {"sv": "Text med {param}", "en": "Text with {param}"}}

Every key must have both languages (``check_catalogue`` and a test enforce it) and
keys must be unique across files.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES: tuple[str, ...] = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
_DIR = Path(__file__).parent


class CatalogueError(ValueError):
    pass


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, texts in data.items():
            if key in merged:
                raise CatalogueError(f"duplicate catalogue key {key!r} in {path.name}")
            merged[key] = texts
    return merged


def check_catalogue() -> list[str]:
    """Return a list of problems (missing languages, empty texts, unequal params)."""
    import string

    problems = []
    for key, texts in catalogue().items():
        params = {}
        for lang in LANGUAGES:
            text = texts.get(lang)
            if not text:
                problems.append(f"{key}: missing {lang}")
                continue
            params[lang] = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        if len(params) == len(LANGUAGES) and len({frozenset(p) for p in params.values()}) > 1:
            problems.append(f"{key}: placeholders differ between languages {params}")
    return problems


def normalise_language(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    code = str(lang).strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else "en"


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """Translate ``key`` into ``lang`` and fill ``{params}``.

    A missing key raises KeyError: a page must never show a raw key.
    """
    texts = catalogue()[key]
    text = texts[normalise_language(lang)]
    return text.format(**params) if params else text


_MONTHS = {
    "sv": ("jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def fmt_number(value: float | int, lang: str | None = None, decimals: int = 0) -> str:
    """12345.6 -> "12 345,6" (sv, with no-break spaces) / "12,345.6" (en)."""
    text = f"{value:,.{decimals}f}"
    if normalise_language(lang) == "sv":
        text = text.replace(",", "\u00a0").replace(".", ",")
        if text.startswith("-"):
            text = "\u2212" + text[1:]
    return text


def fmt_percent(share: float, lang: str | None = None, decimals: int = 0) -> str:
    """0.256 -> "26 %" (sv) / "26%" (en)."""
    number = fmt_number(100 * share, lang, decimals)
    return f"{number}\u00a0%" if normalise_language(lang) == "sv" else f"{number}%"


def fmt_date(value, lang: str | None = None) -> str:
    """A date as people write it: "23 nov. 2026" (sv) / "23 Nov 2026" (en)."""
    import datetime as _dt

    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    if isinstance(value, _dt.datetime):
        value = value.date()
    months = _MONTHS[normalise_language(lang)]
    return f"{value.day} {months[value.month - 1]} {value.year}"
