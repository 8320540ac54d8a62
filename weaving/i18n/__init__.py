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



def fmt_number(value, lang: str | None = None, decimals: int = 0) -> str:
    """12345.6 -> "12 345,6" (sv, no-break spaces) / "12,345.6" (en); a real minus
    sign; "–" for a missing value."""
    import math

    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if normalise_language(lang) == "sv":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "\u2212")


def fmt_percent(share, lang: str | None = None, decimals: int = 0) -> str:
    """0.256 -> "26 %" (sv) / "26%" (en); "–" for a missing value."""
    if share is None:
        return "–"
    number = fmt_number(100 * float(share), lang, decimals)
    return f"{number}\u00a0%" if normalise_language(lang) == "sv" else f"{number}%"


def fmt_date(value, lang: str | None = None) -> str:
    """A date as people write it: "3 mars 2026" (sv) / "3 March 2026" (en); "–" if missing."""
    import datetime as _dt

    if value is None:
        return "–"
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    months = t("fmt.months", lang).split(",")
    return f"{value.day} {months[value.month - 1]} {value.year}"
