"""How backup values are written and read back: each column's value as JSON, and the
check-and-convert of a JSON value back to the column's Python type (anything
unexpected is a damaged file: ``backup.error.corrupt``)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Numeric, String, Text
from sqlalchemy import JSON as SA_JSON

from weaving.core.errors import ValidationError


def _encode(col, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(col.type, DateTime):
        return value.isoformat(timespec="microseconds")
    if isinstance(col.type, Date):
        return value.isoformat()
    if isinstance(col.type, Boolean):
        return bool(value)
    if isinstance(col.type, (Float, Numeric)):
        return float(value)
    return value


def _encoder(col):
    """:func:`_encode` for one column, decided once (None: values are written as they are)."""
    kind = col.type
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else v.isoformat(timespec="microseconds")
    if isinstance(kind, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else bool(v)
    if isinstance(kind, (Float, Numeric)):
        return lambda v: None if v is None else float(v)
    return None


def _decode(col, value: Any, where: str) -> Any:
    """A JSON value back to the column's Python type; anything unexpected is corruption."""
    return _decoder(col)(value, where)


def _decoder(col):
    """The check-and-convert function of one column (built once per table, not per cell)."""
    kind, nullable, name = col.type, col.nullable, col.name

    def bad(where: str) -> ValidationError:
        return ValidationError("backup.error.corrupt", detail=f"{where}.{name}")

    def checked(convert):
        def decode(value: Any, where: str) -> Any:
            if value is None:
                if not nullable:
                    raise bad(where)
                return None
            return convert(value, where)
        return decode

    if isinstance(kind, DateTime):
        def convert(value, where):
            if not isinstance(value, str):
                raise bad(where)
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError:
                raise bad(where) from None
    elif isinstance(kind, Date):
        def convert(value, where):
            if not isinstance(value, str):
                raise bad(where)
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise bad(where) from None
    elif isinstance(kind, Boolean):
        def convert(value, where):
            if not isinstance(value, bool):
                raise bad(where)
            return value
    elif isinstance(kind, Integer):
        def convert(value, where):
            if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**31:
                raise bad(where)
            return value
    elif isinstance(kind, (Float, Numeric)):
        def convert(value, where):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
                raise bad(where)
            return float(value)
    elif isinstance(kind, SA_JSON):
        def convert(value, where):
            if not isinstance(value, (dict, list)):
                raise bad(where)
            return value
    elif isinstance(kind, (String, Text)):
        length = getattr(kind, "length", None)

        def convert(value, where):
            if not isinstance(value, str) or "\x00" in value:
                raise bad(where)
            if length and len(value) > length:
                raise bad(where)
            return value
    else:  # pragma: no cover - a column type this module does not know
        def convert(value, where):
            raise bad(where)
    return checked(convert)
