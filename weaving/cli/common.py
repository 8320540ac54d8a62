"""What every command group shares: the language of messages, the store, a map's graph.

Kept light (standard library and weaving.i18n only at import time) so that
``weaving --help`` does not load SQLAlchemy, NetworkX or NumPy.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
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


class ProgressLine:
    """A progress line on stderr for anything that takes longer than ``delay`` seconds.

    ``stage(key)`` names what is happening (a catalogue key), ``update(done, total)``
    shows how far it is. Nothing is printed for quick commands; on a terminal the line
    is rewritten in place, otherwise a line is printed at most every few seconds.
    """

    def __init__(self, lang: str, *, delay: float = 1.0, stream=None) -> None:
        self.lang = lang
        self.delay = delay
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.text = ""
        self.last = 0.0
        self.shown = False

    def stage(self, key: str, **params) -> None:
        from weaving.i18n import t

        self.text = t(key, self.lang, **params)
        self._show(self.text, force=True)

    def update(self, done: int, total: int, key: str | None = None) -> None:
        if key is not None and key != getattr(self, "_key", None):
            from weaving.i18n import t

            self._key, self.text = key, t(key, self.lang)
        pct = 100 * done // max(total, 1)
        self._show(f"{self.text} {pct} %", force=done >= total)

    def _show(self, line: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if now - self.start < self.delay:
            return
        if not force and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        self.shown = True
        if self.tty:
            self.stream.write("\r" + line[:78].ljust(78))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()
