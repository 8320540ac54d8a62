"""Input validation for the store: every check raises a translated ValidationError
before anything is written."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from weaving.core.errors import ValidationError
from weaving.core import schema
from weaving.core.names import name_key, normalise_name, unique_names  # noqa: F401  (V.name_key for the store)
from weaving.core.schema import (
    ACTOR_TYPES,
    INTRO_LEVELS,
    INTRO_STATUSES,
    LINK_KINDS,
    LINK_STATUSES,
    SECTORS,
    as_list,
)

# Unicode category Cc (C0 controls, DEL, C1 controls) except tab and newline
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_NAME = schema.MAX_NAME     # the column sizes, shared with the importers
MAX_TEXT = schema.MAX_TEXT


def clean_text(value: Any, *, max_len: int = MAX_TEXT) -> str:
    """Strip NUL and other C0 control characters (except tab/newline) and surrounding
    whitespace; keep all other Unicode (åäö, emoji, right-to-left text) exactly."""
    if value is None:
        return ""
    text = _CONTROL.sub("", str(value))   # category Cc is exactly these code points
    return text.strip()[:max_len]


def name(value: Any, max_len: int = MAX_NAME) -> str:
    """A one-line, non-empty name of at most ``max_len`` characters (the column's size),
    in normal form (:func:`weaving.core.names.normalise_name`: one identity per name)."""
    text = normalise_name(clean_text(value, max_len=10 * max_len + 10))
    if not text:
        raise ValidationError("error.name_empty")
    if len(text) > max_len:
        raise ValidationError("error.name_too_long", max=max_len)
    return text


def choice(value: Any, allowed: tuple[str, ...], field: str, default: str | None = None) -> str:
    text = clean_text(value).lower()
    if not text and default is not None:
        return default
    if text not in allowed:
        raise ValidationError("error.bad_value", field=field, value=clean_text(value)[:80])
    return text


def actor_type(value: Any) -> str:
    return choice(value, ACTOR_TYPES, "type", default="other")


def sector(value: Any) -> str:
    text = clean_text(value).lower()
    if not text:
        return ""
    return choice(text.replace("é", "e"), SECTORS, "sector")


def link_kind(value: Any) -> str:
    return choice(value, LINK_KINDS, "kind", default="dialogue")


def link_status(value: Any) -> str:
    return choice(value, LINK_STATUSES, "status", default="existing")


def intro_level(value: Any) -> str:
    return choice(value, INTRO_LEVELS, "level", default="suggest")


def intro_status(value: Any) -> str:
    return choice(value, INTRO_STATUSES, "status", default="suggested")


def strength(value: Any) -> int:
    if value is None or value == "":
        return 1
    try:
        f = float(value)
        s = int(f)
        if f != s:
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        raise ValidationError("error.bad_strength") from None
    if s not in (1, 2, 3):
        raise ValidationError("error.bad_strength")
    return s


def date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean_text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValidationError("error.bad_date", value=text[:40]) from None


def label(value: Any, max_len: int = 200) -> str:
    """A short value that may be empty (an area), in normal form like a name."""
    return normalise_name(clean_text(value, max_len=10 * max_len + 10))[:max_len].rstrip()


def tags(value: Any) -> list[str]:
    """Themes, target groups, resources: names in normal form, each once (by
    :func:`weaving.core.names.name_key`), at most 200 characters each."""
    return unique_names(normalise_name(clean_text(v))[:200].rstrip() for v in as_list(value))

