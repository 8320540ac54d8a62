"""A sandboxed frame for a whole HTML document (the interactive map) in the app.

``st.iframe`` embeds HTML with ``allow-scripts allow-same-origin``: the document
runs in the app's own origin, so one escaping slip in it would run with the app's
rights. This ``st.components.v2`` component receives the document as *data* (a
string, never parsed by the app page) and puts it into an ``<iframe
sandbox="allow-scripts">`` through ``srcdoc``: without ``allow-same-origin`` the map
gets an opaque origin of its own: it cannot read the app's DOM, cookies or storage,
nor call the app's server as the user. The map itself needs nothing from the app.
The one thing it may send is its own height (a number, ``postMessage``), so the frame
grows when the map's text table is opened instead of scrolling inside itself.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
NAME = "weaving.isolated_frame"
SANDBOX = "allow-scripts"  # deliberately no allow-same-origin, allow-top-navigation, allow-popups


@lru_cache(maxsize=1)
def _component():
    js = (HERE / "frame.js").read_text(encoding="utf-8")
    return st.components.v2.component(NAME, js=js, isolate_styles=True)


def isolated_html(html: str, *, height: int, title: str, key: str) -> None:
    """Show a complete HTML document in a sandboxed frame of its own origin."""
    # the element follows the frame: the frame is ``height`` tall, and taller when the
    # document says it grew (the map's text table opened), so nothing is cut off
    _component()(key=key, data={"html": html, "height": int(height), "title": title,
                                "sandbox": SANDBOX}, height="content")
