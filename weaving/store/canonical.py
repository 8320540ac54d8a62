"""The canonical JSON of a backup, fast.

``json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False)`` is the backup
format (and what its checksum is computed over), but with ``indent`` the standard
library falls back to its pure-Python encoder, a generator per value: a backup of a
100,000-link map took 15 s just to encode. :func:`dumps` produces the *same text*
(``tests/test_backup.py`` compares both on real backups) with one recursive function
that appends to a list, and the C string encoder for every string.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring as _c_str  # the C implementation when available
from typing import Any

_float_repr = float.__repr__


def _scalar(value: Any) -> str | None:
    if isinstance(value, str):
        return _c_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None   # the standard library's spelling: let it do it
        return _float_repr(value)
    return None


def _encode(value: Any, level: int, out: list[str]) -> None:
    text = _scalar(value)
    if text is not None:
        out.append(text)
        return
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = "\n" + " " * (level + 1)
        out.append("{")
        first = True
        for key in sorted(value):
            if not isinstance(key, str):
                raise _Unsupported
            out.append(inner if first else "," + inner)
            first = False
            out.append(_c_str(key))
            out.append(": ")
            _encode(value[key], level + 1, out)
        out.append("\n" + " " * level + "}")
        return
    if isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = "\n" + " " * (level + 1)
        out.append("[")
        first = True
        for item in value:
            out.append(inner if first else "," + inner)
            first = False
            _encode(item, level + 1, out)
        out.append("\n" + " " * level + "]")
        return
    raise _Unsupported


class _Unsupported(Exception):
    pass


def dumps(doc: Any) -> str:
    """``json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False)``, faster.

    Parameters
    ----------
    doc : JSON-like value (dicts with str keys, lists, str, int, float, bool, None)

    Returns
    -------
    str
    """
    out: list[str] = []
    try:
        _encode(doc, 0, out)
    except _Unsupported:   # anything unusual: the standard library decides
        return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False)
    return "".join(out)
