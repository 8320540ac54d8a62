"""One identity per name: the normal form of a name and the key names are compared by.

A name typed in a form, read from a file or written in a survey answer may carry
characters that look like nothing or like an ordinary space: a no-break space from a
word processor, a zero-width space from a web page, a right-to-left mark, an "ö"
written as "o" plus a combining diaeresis. Without care each spelling becomes its own
actor. Every layer therefore stores :func:`normalise_name` of a name (actor, map,
contact person, tag, theme, target group, resource, area) and compares
:func:`name_key` of two names.

The rules, in order:

1. Every character that is whitespace (tab, newline, U+2028/U+2029) or a Unicode space
   separator (category Zs: U+00A0 no-break space, U+2007 figure space, U+202F narrow
   no-break space, U+3000 ideographic space, ...) becomes a plain space.
2. Format characters (category Cf) are removed: zero-width space, non-joiner and joiner
   (U+200B, U+200C, U+200D), word joiner (U+2060), byte order mark (U+FEFF), soft hyphen
   (U+00AD), and the bidirectional controls (U+200E, U+200F, U+202A-U+202E,
   U+2066-U+2069, U+061C). So are the remaining control characters (category Cc).
3. Unicode NFC: a letter and its combining marks become the one precomposed letter
   where one exists ("o" + U+0308 -> "ö"). NFC, not NFKC: compatibility forms (the
   ligature "ﬁ", superscripts, full-width letters) are different text and stay.
4. Runs of spaces become one space; leading and trailing spaces go.

The key is the normal form in lower case (:meth:`str.lower`). It is ``lower`` and not
:meth:`str.casefold` on purpose: the database compares names with SQL ``lower()`` (on
SQLite a function that is Python's ``str.lower``, on PostgreSQL its own Unicode
``lower``), so the key computed here and the one the database computes are the same
(``casefold`` would also equate "ß" with "ss", which ``lower()`` in SQL does not).

Pure functions of the standard library: every layer may import this module.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

__all__ = ["normalise_name", "name_key", "same_name", "unique_names", "is_normal", "reveal"]

_SPACES = re.compile(r" {2,}")
_NOTHING_TO_DO = re.compile(r"[ -~]*")   # printable ASCII only (spaces collapsed separately)


def _char_map(ch: str) -> str:
    if ch.isspace():
        return " "
    cat = unicodedata.category(ch)
    if cat == "Zs":
        return " "
    if cat in ("Cf", "Cc"):
        return ""
    return ch


def normalise_name(value: Any) -> str:
    """The normal form of a name: what is stored (see the module doc for the rules).

    Parameters
    ----------
    value : any
        A name; None gives ``""``, anything else is turned into text with ``str``.

    Returns
    -------
    str
        NFC text with one plain space between words, no zero-width, bidirectional or
        other format or control characters, nothing around it. May be empty.

    Examples
    --------
    >>> normalise_name("Café\\u00a0Ö")                 # no-break space
    'Café Ö'
    >>> normalise_name("Cafe\\u0301 O\\u0308")         # decomposed é and Ö
    'Café Ö'
    >>> normalise_name("Café\\u200b Ö")                # zero-width space
    'Café Ö'
    >>> normalise_name("  Café \\t\\n  Ö \\u200f")      # tabs, newlines, a right-to-left mark
    'Café Ö'
    >>> normalise_name("\\u202bCafé\\u202c\\u3000Ö")     # bidi embedding, ideographic space
    'Café Ö'
    >>> normalise_name("ﬁka") == "ﬁka"                 # NFC, not NFKC: the ligature stays
    True
    >>> normalise_name(None)
    ''
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if _NOTHING_TO_DO.fullmatch(text) is None:
        text = "".join(_char_map(ch) for ch in text)
        text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip(" ")


def name_key(value: Any) -> str:
    """The key two names are compared by: the normal form in lower case.

    Two names are the same name (the same actor, map, contact person or tag) exactly
    when their keys are equal. Stored names are in normal form, so the database finds
    a name by ``lower(column) = name_key(typed)``.

    Parameters
    ----------
    value : any

    Returns
    -------
    str

    Examples
    --------
    >>> variants = ["Café Ö", "Café\\u00a0Ö", "Cafe\\u0301 O\\u0308", "Café \\u200bÖ", "café  ö", "\\u200eCAFÉ Ö"]
    >>> {name_key(v) for v in variants}
    {'café ö'}
    >>> name_key("Straße") == name_key("STRASSE")      # lower(), as the database compares
    False
    """
    return normalise_name(value).lower()


def same_name(a: Any, b: Any) -> bool:
    """True when two names are the same name (equal :func:`name_key`).

    Examples
    --------
    >>> same_name("Östra  skolan", "o\\u0308stra skolan")
    True
    >>> same_name("Östra skolan", "Västra skolan")
    False
    """
    return name_key(a) == name_key(b)


def unique_names(values: Iterable[Any]) -> list[str]:
    """The normal forms of some names, empty ones and repeats (by key) left out, in
    order; the first spelling of each name is kept.

    Examples
    --------
    >>> unique_names(["Unga", "unga\\u00a0", "", "Äldre", "A\\u0308ldre", "Unga vuxna"])
    ['Unga', 'Äldre', 'Unga vuxna']
    """
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        text = normalise_name(value)
        key = text.lower()
        if text and key not in seen:
            seen.add(key)
            out.append(text)
    return out


def reveal(value: Any) -> str:
    """A name with every character that makes it look like another spelt out as
    ``<U+XXXX>`` (spaces other than the plain one, invisible and control characters,
    combining marks), so two look-alikes can be told apart when they are listed.

    Examples
    --------
    >>> reveal("Café\\u00a0O\\u0308\\u200b")
    'Café<U+00A0>O<U+0308><U+200B>'
    >>> reveal("Café Ö")
    'Café Ö'
    """
    out = []
    for ch in "" if value is None else str(value):
        odd = ch != " " and (ch.isspace() or unicodedata.category(ch) in ("Zs", "Cf", "Cc")
                             or unicodedata.combining(ch))
        out.append(f"<U+{ord(ch):04X}>" if odd else ch)
    return "".join(out)


def is_normal(value: str) -> bool:
    """True when a name is already in normal form.

    Examples
    --------
    >>> is_normal("Café Ö"), is_normal("Café\\u00a0Ö")
    (True, False)
    """
    return normalise_name(value) == value
