"""The export page's work: a file of the chosen maps, contact persons only for those who
may see them, and every export with contact persons written to the audit log."""
from __future__ import annotations

from collections.abc import Sequence

from weaving.ui.common import open_uow
from weaving.ui.graphs import load_graph


def export_file(map_ids: Sequence[int], fmt: str, *, personal: bool, anonymise: bool, lang: str) -> bytes:
    """The bytes of the export.

    With ``personal`` the store checks the user's role twice (the graph and the audit
    event both refuse a viewer with ``PermissionDenied``) and the export is audited
    (who, which maps, format) before the file is handed out.

    Raises
    ------
    PermissionDenied
        ``personal`` for a user below editor.
    """
    from weaving.interchange import export_graph

    G = load_graph(map_ids, include_personal=personal)
    data = export_graph(G, fmt, include_personal=personal, anonymise=anonymise, lang=lang)
    if personal:
        with open_uow() as uow:
            uow.contacts.record_export(list(map_ids), fmt, anonymised=bool(anonymise), via="app")
            uow.commit()
    return data
