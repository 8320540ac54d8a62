"""Formula neutralisation of spreadsheet cells (CSV, XLSX, the survey's invite CSV):
a cell that Excel or LibreOffice could read as a formula gets a leading apostrophe, which
the importers remove again exactly (OWASP CSV injection)."""
from __future__ import annotations

# = + - @ TAB CR start a formula in Excel/LibreOffice (LF: XML turns CR into LF). Their
# full-width and small forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) are folded to ASCII by some spreadsheet
# imports and IMEs, so they are treated alike (defence in depth, OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20",
                    "\ufe66", "\ufe62", "\ufe63", "\ufe6b")


def neutralise(text: str) -> str:
    """Make a spreadsheet cell safe: text that Excel/LibreOffice could read as a
    formula (starts with = + - @ TAB CR or a full-width/small form of = + - @, possibly
    after apostrophes) gets a leading apostrophe.  ``unneutralise(neutralise(s)) == s`` for every string ``s``."""
    if text and text.lstrip("'")[:1] in FORMULA_TRIGGERS:
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Inverse of :func:`neutralise`: drop one leading apostrophe if what follows
    (after any further apostrophes) starts with a formula trigger."""
    if text.startswith("'") and text[1:].lstrip("'")[:1] in FORMULA_TRIGGERS:
        return text[1:]
    return text
