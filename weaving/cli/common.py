"""What every command group shares: the language of messages, the store, a map's graph.

Kept light (standard library and weaving.i18n only at import time) so that
``weaving --help`` does not load SQLAlchemy, NetworkX or NumPy.
"""
from __future__ import annotations

import argparse
import os
from collections.abc import Sequence


def cli_lang(args: argparse.Namespace | None = None) -> str:
    """--lang, else WEAVING_LANG, else LANG, else Swedish."""
    from weaving.i18n import normalise_language

    chosen = getattr(args, "lang", None) if args is not None else None
    return normalise_language(chosen or os.environ.get("WEAVING_LANG") or os.environ.get("LANG", "sv"))


def open_store(args: argparse.Namespace):
    """The store for --database (or WEAVING_DATABASE_URL / data/weaving.db)."""
    from weaving.store import Store

    return Store(getattr(args, "database", None))


def load_graph(names: Sequence[str], url: str | None = None, *, include_personal: bool = False):
    """Graph of one or several maps by name (raises NotFoundError for an unknown map)."""
    from weaving.store import Store, graph_from_maps

    store = Store(url)
    try:
        with store.uow() as uow:
            ids = [uow.maps.require(n).id for n in names]
            return graph_from_maps(uow, ids, include_personal=include_personal)
    finally:
        store.dispose()
