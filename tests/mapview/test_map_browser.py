"""Real headless Chromium: the standalone map loads offline, draws, and is not XSS-able."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.waits import WAIT_MS
from weaving.mapview import render_map_html

from .test_mapview import hostile_graph

pytestmark = pytest.mark.browser

LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def _open(browser, html_path, screenshot=None, hover_node=None):
    requests, dialogs, errors = [], [], []
    if True:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_default_timeout(WAIT_MS)
        try:
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(html_path.as_uri())
            page.wait_for_function("window.weavingMapDrawn === true", timeout=WAIT_MS)
            state = page.evaluate("""() => ({
                pwned: typeof window.pwned,
                canvas: !!document.querySelector('#weaving-map canvas'),
                canvasW: (document.querySelector('#weaving-map canvas') || {}).width || 0,
                imgs: document.querySelectorAll('img').length,
                scripts: document.querySelectorAll('script').length,
                title: document.title,
            })""")
            tooltip = None
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
            if hover_node is not None:
                pos = page.evaluate(
                    """(id) => { const net = window.weavingMap;
                         const p = net.getPositions([id])[id];
                         const d = net.canvasToDOM(p);
                         const r = document.getElementById('weaving-map').getBoundingClientRect();
                         return {x: d.x + r.left, y: d.y + r.top}; }""", hover_node)
                page.mouse.move(pos["x"], pos["y"])
                page.wait_for_selector("div.vis-tooltip", state="visible", timeout=WAIT_MS)
                tooltip = page.evaluate("""() => { const t = document.querySelector('div.vis-tooltip');
                    return {text: t.innerText, tags: t.querySelectorAll('img,script,b').length}; }""")
                if screenshot is not None:
                    page.screenshot(path=str(screenshot).replace(".png", "_tooltip.png"))
        finally:
            page.close()
    return state, requests, dialogs, errors, tooltip


def _assert_local(requests):
    for url in requests:
        u = urlparse(url)
        assert u.scheme in ("file", "data", "about", "blob") or u.hostname in (
            "localhost", "127.0.0.1", "::1"), url


def test_demo_map_draws_offline(tmp_path, demo_graph, pw_browser, artifacts_dir):
    path = tmp_path / "map.html"
    path.write_text(render_map_html(demo_graph, lang="sv"), encoding="utf-8")
    state, requests, dialogs, errors, tooltip = _open(
        pw_browser, path, artifacts_dir / "map_demo_sv.png", hover_node=0)
    _assert_local(requests)
    assert state["canvas"] and state["canvasW"] > 100
    assert state["pwned"] == "undefined" and not dialogs
    assert not errors, errors
    assert "Dalby bibliotek" in tooltip["text"] and "Nätverksvävare" in tooltip["text"]


def test_hostile_map_is_inert(tmp_path, pw_browser, artifacts_dir):
    path = tmp_path / "hostile.html"
    path.write_text(render_map_html(hostile_graph(), lang="en", color_by="area"),
                    encoding="utf-8")
    # node 0 is "<img src=x onerror=alert(1)>": its tooltip must be text, not markup
    state, requests, dialogs, errors, tooltip = _open(
        pw_browser, path, artifacts_dir / "map_hostile_en.png", hover_node=0)
    _assert_local(requests)
    assert state["canvas"]
    assert state["pwned"] == "undefined" and not dialogs
    assert state["imgs"] == 0 and state["scripts"] == 3
    assert "window.pwned" in state["title"]  # shown as text
    assert "<img src=x onerror=alert(1)>" in tooltip["text"] and tooltip["tags"] == 0
    assert not errors, errors


def test_empty_map_page(tmp_path, pw_browser):
    import networkx as nx

    path = tmp_path / "empty.html"
    path.write_text(render_map_html(nx.Graph(), lang="en"), encoding="utf-8")
    state, requests, dialogs, errors, _ = _open(pw_browser, path)
    _assert_local(requests)
    assert not state["canvas"] and not errors and not dialogs
