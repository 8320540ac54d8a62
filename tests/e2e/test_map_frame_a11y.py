"""The map page's own document (a sandboxed srcdoc frame) for keyboard and screen-reader
users, in real Chromium, both languages (issue 18): axe-core run *inside* that frame
finds nothing critical or serious, landmarks included; the map is one tab stop that
moves and zooms by keyboard; "the map as text" opens by keyboard, lists every drawn
actor, and the frame grows to show it. Screenshots: tests/artifacts/mapframe_*.png."""
from __future__ import annotations

import pytest

from tests.e2e.axe_kbd import assert_no_serious, run_axe
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_draw_browser import settled
from tests.waits import WAIT_MS

pytestmark = pytest.mark.browser


def map_frame(page):
    page.wait_for_selector("iframe.wv-isolated", timeout=WAIT_MS)   # pierces the component's shadow root
    frame = next(f for f in page.frames if f.url.startswith("about:srcdoc"))
    frame.wait_for_function("window.weavingMapDrawn === true", timeout=WAIT_MS)
    return frame


@pytest.mark.parametrize("lang,locale,words", [("sv", "sv-SE", "Kartan som text"), ("en", "en-GB", "The map as text")])
def test_map_frame_is_accessible_and_readable_as_text(browser, app_url, lang, locale, words):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/map?map=Dalby")
        frame = map_frame(page)
        settled(page)
        assert frame.evaluate("document.documentElement.lang") == lang
        found = run_axe(frame)
        assert_no_serious(found, f"map frame ({lang})")
        assert not {v["id"] for v in found} & {"region", "landmark-one-main", "heading-order"}, found

        # one tab stop: vis-network's frame, named, moves the view with the arrows
        canvas = frame.locator(".vis-network")
        assert canvas.get_attribute("role") == "application"
        assert words in canvas.get_attribute("aria-label")
        canvas.focus()
        before = frame.evaluate("JSON.stringify(window.weavingMap.getViewPosition())")
        frame.locator(".vis-network").press("ArrowLeft")
        page.wait_for_timeout(400)
        frame.locator(".vis-network").press("ArrowLeft")
        frame.wait_for_function("b => JSON.stringify(window.weavingMap.getViewPosition()) !== b", arg=before,
                                timeout=WAIT_MS)

        # the text: Tab reaches its summary, Enter opens it, the frame grows (no scrolling inside it)
        element = frame.frame_element()
        closed = element.bounding_box()["height"]
        summary = frame.locator("#weaving-map-text summary")
        assert summary.inner_text().startswith(words)
        for _ in range(20):
            page.keyboard.press("Tab")
            if frame.evaluate("document.activeElement && document.activeElement.matches('#weaving-map-text summary')"):
                break
        assert frame.evaluate("document.activeElement.matches('#weaving-map-text summary')")
        page.keyboard.press("Enter")
        frame.wait_for_function("document.getElementById('weaving-map-text').open")
        page.wait_for_timeout(500)
        assert element.bounding_box()["height"] > closed + 500
        rows = frame.locator("#weaving-map-text tbody tr").count()
        assert rows == frame.evaluate("window.weavingMap.body.data.nodes.length") > 20   # every drawn actor
        names = frame.locator("#weaving-map-text tbody th").all_inner_texts()
        assert any("<img src=x onerror=alert(1)>" in n for n in names)                  # shown as text
        assert frame.evaluate("typeof window.pwned") == "undefined"
        assert_no_serious(run_axe(frame), f"map frame, text open ({lang})")
        summary.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"mapframe_text_{lang}.png"))
    finally:
        context.close()
