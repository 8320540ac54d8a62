"""Survey links as a CSV for a mail merge: one row per actor with its contact and link.

UTF-8 with BOM and ``;`` between cells (what Excel opens in Sweden); every text cell goes
through :func:`weaving.interchange.values.neutralise`, so a name such as ``=HYPERLINK(...)``
stays text in a spreadsheet.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from weaving.i18n import t
from weaving.interchange.formulas import neutralise
from weaving.interchange.values import strip_control

COLUMNS = ("actor", "contact", "email", "link", "until")


def invites_csv(links: Iterable[Any], lang: str = "sv", *, delimiter: str = ";") -> bytes:
    """The CSV of issued links.

    Parameters
    ----------
    links : iterable
        Objects with ``actor``, ``contact``, ``email``, ``link`` and ``expires_on``
        (:class:`weaving.store.repos.surveys.IssuedLink`).
    lang : str, optional
        Language of the header row.
    delimiter : str, optional

    Returns
    -------
    bytes
    """
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([t(f"survey.csv.{c}", lang) for c in COLUMNS])
    for x in links:
        writer.writerow([neutralise(strip_control(str(v or ""))) for v in (x.actor, x.contact, x.email, x.link)]
                        + [x.expires_on.isoformat()])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
