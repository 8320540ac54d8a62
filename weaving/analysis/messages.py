"""Translatable messages: every text the analysis produces is a ``Msg``.

Reasons, roles, cluster names and stage evidence are catalogue keys plus
parameters (``weaving/i18n/analysis.json``), so the app can show them in Swedish
and the CLI in English, and snapshots can store them and render them later.
``render_msgs`` joins several fragments into one sentence; ``jsonable`` turns
numpy scalars, tuples, sets and messages into JSON-safe values.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["COUNT_PARAM", "Msg", "Name", "jsonable", "name_list", "render_msgs"]


# Messages whose text depends on a count: the catalogue holds ``key`` (plural) and
# ``key + "_one"`` (singular); ``Msg.render`` picks the variant from the named
# parameter, so stored messages (snapshots) keep their key and render correctly.
COUNT_PARAM = {
    "analysis.evidence.no_links": "actors",
    "analysis.evidence.components": "count",
    "analysis.evidence.dependent": "count",
    "analysis.evidence.dependent_on": "count",
    "analysis.evidence.core": "hubs",
    "analysis.risk.actor_person": "links",
    "analysis.risk.actor_place": "links",
    "analysis.reason.plan_fallback": "piece",
    "analysis.cli.plan": "length",
}


class Name(str):
    """An actor name inside a message: quoted when it would blur the sentence
    (a name with a comma, or a list item containing the list's "and")."""


def _quote(item: str, lang: str) -> str:
    return f"\u201d{item}\u201d" if lang == "sv" else f"\u201c{item}\u201d"


def _fmt(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, Name):
        return _quote(value, lang) if "," in value else str(value)
    if isinstance(value, (list, tuple)):
        word = " och " if lang == "sv" else " and "
        items = []
        for v in value:
            x = str(_fmt(v, lang))
            if isinstance(v, str) and len(value) > 1 and ("," in v or word in v) and not x.startswith(("\u201c", "\u201d")):
                x = _quote(x, lang)
            items.append(x)
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + word + items[-1]
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "sv" else text  # Swedish decimal comma
    return value


@dataclass(frozen=True)
class Msg:
    """A translatable message: catalogue key plus parameters (may nest ``Msg``).

    Parameters are formatted when rendered: lists become "a, b and c" ("a, b och
    c" in Swedish), floats get at most two decimals (a decimal comma in Swedish),
    nested messages are rendered in the same language.  For the keys in
    ``COUNT_PARAM`` a count of 1 picks the singular variant ``key + "_one"``.

    Parameters
    ----------
    key : str
        Catalogue key, e.g. ``"analysis.reason.same_area"``.
    params : dict, optional
        Values for the placeholders of the catalogue text.

    See Also
    --------
    render_msgs : join several messages into one sentence.

    Examples
    --------
    >>> from weaving.analysis import Msg
    >>> m = Msg("analysis.reason.both_work_with", {"items": ["unga", "kultur", "språk"]})
    >>> m.render("en")
    'both work with unga, kultur and språk'
    >>> m.render("sv")
    'båda arbetar med unga, kultur och språk'
    >>> Msg("analysis.evidence.dependent", {"count": 1}).render("en")
    '1 actor is tied only to the weaver'
    >>> Msg("analysis.reason.same_area", {"area": "Dalby"}).to_dict()
    {'key': 'analysis.reason.same_area', 'params': {'area': 'Dalby'}}
    """

    key: str
    params: dict = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        """The message as text in ``lang`` (``"en"`` or ``"sv"``)."""
        from weaving.i18n import catalogue, t

        key = self.key
        count = COUNT_PARAM.get(key)
        if count is not None and self.params.get(count) == 1 and key + "_one" in catalogue():
            key += "_one"
        return t(key, lang, **{k: _fmt(v, lang) for k, v in self.params.items()})

    def to_dict(self) -> dict:
        """JSON-safe form ``{"key": ..., "params": ...}`` (nested messages included)."""
        return {"key": self.key, "params": jsonable(self.params)}


def name_list(names: list, limit: int = 5) -> list:
    """Up to ``limit`` names, then "N more" (a Msg) so long lists stay readable."""
    names = list(names)
    if len(names) <= limit:
        return names
    return names[:limit] + [Msg("analysis.evidence.more", {"count": len(names) - limit})]


def render_msgs(msgs: Iterable[Msg], lang: str = "en") -> str:
    """Join message fragments into one sentence.

    The rendered fragments are joined with ``"; "``, the first letter is
    capitalised and a full stop is added; empty fragments are dropped.

    Parameters
    ----------
    msgs : iterable of Msg
        The fragments, e.g. the ``reason_msgs`` of a suggestion.
    lang : {"en", "sv"}, optional
        Language of the text (default English).

    Returns
    -------
    str
        One sentence, or ``""`` when there is nothing to say.

    See Also
    --------
    Msg

    Examples
    --------
    >>> from weaving.analysis import Msg, render_msgs
    >>> msgs = [Msg("analysis.reason.both_work_with", {"items": ["unga"]}),
    ...         Msg("analysis.reason.same_area", {"area": "Dalby"})]
    >>> render_msgs(msgs, "en")
    'Both work with unga; both are in Dalby.'
    >>> render_msgs(msgs, "sv")
    'Båda arbetar med unga; båda finns i Dalby.'
    >>> render_msgs([])
    ''
    """
    parts = [m.render(lang) for m in msgs]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    text = "; ".join(parts)
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def jsonable(value: Any) -> Any:
    """Convert numpy scalars, tuples, sets, Msg ... into JSON-safe values.

    Floats are rounded to 6 decimals; NaN and infinity become ``None``.

    Examples
    --------
    >>> import numpy as np
    >>> jsonable({"n": np.int64(3), "x": np.float64(1 / 3), "s": (1, 2), "bad": float("nan")})
    {'n': 3, 'x': 0.333333, 's': [1, 2], 'bad': None}
    """
    if isinstance(value, Msg):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if (math.isnan(f) or math.isinf(f)) else round(f, 6)
    if isinstance(value, np.bool_):
        return bool(value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)
