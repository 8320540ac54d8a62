"""Small helpers for the page AppTests."""
from __future__ import annotations

from weaving.store import Store

PAGES = ["app_pages/overview.py", "app_pages/draw.py", "app_pages/actors.py", "app_pages/map.py",
         "app_pages/analysis.py", "app_pages/introductions.py", "app_pages/export.py"]


def store_for(url: str) -> Store:
    return Store(url)


def with_uow(url: str, fn):
    store = Store(url)
    try:
        with store.uow() as uow:
            out = fn(uow)
            uow.commit()
            return out
    finally:
        store.dispose()


def by_key(elements, key: str):
    for e in elements:
        if e.key == key:
            return e
    raise AssertionError(f"no element with key {key!r}; keys: {[e.key for e in elements]}")


def texts(at) -> str:
    """All visible text of the page (markdown, captions, alerts, text) joined."""
    parts = []
    for group in (at.markdown, at.caption, at.info, at.success, at.warning, at.error, at.text, at.title,
                  at.subheader, at.header):
        parts.extend(str(e.value) for e in group)
    return "\n".join(parts)
