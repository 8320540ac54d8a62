"""The drawing canvas without a mouse, in real Chromium (issue 18, point 4).

A keyboard user draws a map from nothing: Tab to the drawing area, add two actors,
link them, move one, delete it and undo, every step said in the live region in the
UI language, the focus staying on the drawing area after each save and the page not
scrolling; the database is checked after each step. Then: the canvas texts follow a
language switch, a double-click low on the canvas does not scroll the page, and axe
finds nothing critical or serious on the canvas. Screenshots: tests/artifacts/kbd_*.png.
"""
from __future__ import annotations

import pytest

from tests.e2e.axe_kbd import assert_no_serious, run_axe
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_draw_browser import canvas_ready, settled, version, wait_new_version
from tests.waits import WAIT_MS
from weaving.store import Store

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"kbd_{name}.png"), full_page=False)


def live(page) -> str:
    return page.inner_text(".wv-live").strip()


def focused_on_stage(page) -> bool:
    return page.evaluate("() => document.activeElement === document.querySelector('.wv-stage')")


def read_map(url: str, name: str) -> dict:
    store = Store(url)
    try:
        with store.uow() as uow:
            m = uow.maps.require(name)
            actors = {a.name: (a.id, a.type) for a in uow.actors.list([m.id])}
            links = sorted((uow.actors.get(l.source_id).name, uow.actors.get(l.target_id).name, l.kind, l.status)
                           for l in uow.links.list([m.id]))
            return {"actors": actors, "links": links, "pos": dict(uow.maps.positions(m.id))}
    finally:
        store.dispose()


def make_map(url: str, name: str) -> None:
    store = Store(url)
    try:
        with store.uow() as uow:
            uow.maps.create(name, area=name)
            uow.commit()
    finally:
        store.dispose()


def press_and_save(page, key: str) -> None:
    """Press a key that saves; wait until the canvas shows the stored map again."""
    before = version(page)
    y = page.evaluate("scrollY")
    page.keyboard.press(key)
    wait_new_version(page, before)
    assert focused_on_stage(page), "the focus must stay on the drawing area after a save"
    assert page.evaluate("scrollY") == y, "the page must not scroll while drawing"


def new_actor(page, name: str, type_label: str) -> None:
    page.keyboard.press("n")
    page.wait_for_selector(".wv-pop .wv-name", timeout=WAIT_MS)
    assert page.evaluate("() => document.activeElement.classList.contains('wv-name')")
    page.keyboard.type(name)
    page.keyboard.press("Tab")                     # to the type list
    page.keyboard.type(type_label)                 # a closed <select> picks by typing (ASCII: CDP puts
                                                   # other letters into the last text field)
    press_and_save(page, "Enter")


def test_a_whole_draw_flow_by_keyboard_alone(browser, app_url, e2e_db):
    make_map(e2e_db, "Tangentby")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{app_url}/draw?map=Tangentby")
        canvas_ready(page)
        for _ in range(80):                         # Tab from the top of the page to the drawing area
            page.keyboard.press("Tab")
            if focused_on_stage(page):
                break
        assert focused_on_stage(page), "the drawing area cannot be reached with Tab"
        assert "tom" in live(page)                  # "Kartan är tom. Tryck N ..."
        page.evaluate("() => document.querySelector('.wv-stage').scrollIntoView({block: 'center'})")

        new_actor(page, "Tangentby bibliotek", "Bibliotek")
        assert "”Tangentby bibliotek” är tillagd" in live(page)
        new_actor(page, "Tangentby IF", "Idrott")
        got = read_map(e2e_db, "Tangentby")
        assert {k: v[1] for k, v in got["actors"].items()} == {"Tangentby bibliotek": "library",
                                                               "Tangentby IF": "sports_club"}
        lib, club = got["actors"]["Tangentby bibliotek"][0], got["actors"]["Tangentby IF"][0]
        a, b = got["pos"][lib], got["pos"][club]
        assert abs(a[0] - b[0]) + abs(a[1] - b[1]) > 50     # the second did not land on the first
        shot(page, "01_two_actors")

        # go to the library (name order: Home), select it, L, the other actor, Enter, Enter
        page.keyboard.press("Home")
        assert live(page).startswith("Tangentby bibliotek, Bibliotek, 0 länkar. 1 av 2")
        page.keyboard.press("Enter")
        assert "är markerad" in live(page)
        page.keyboard.press("l")
        assert live(page).startswith("Länk från Tangentby bibliotek")
        page.keyboard.press("ArrowDown")
        assert "Tangentby IF" in live(page)
        page.keyboard.press("Enter")
        page.wait_for_selector(".wv-pop .wv-kind", timeout=WAIT_MS)
        assert page.evaluate("() => document.activeElement.classList.contains('wv-kind')")
        page.keyboard.type("Dialog")
        shot(page, "02_link_popup")
        press_and_save(page, "Enter")
        assert "Länken mellan ”Tangentby bibliotek” och ”Tangentby IF” är sparad" in live(page)
        assert read_map(e2e_db, "Tangentby")["links"] == [("Tangentby bibliotek", "Tangentby IF", "dialogue",
                                                           "existing")]

        # the cursor stayed on the IF: select it and move it three steps right, one down; Enter saves
        page.keyboard.press("End")
        assert live(page).startswith("Tangentby IF, Idrottsförening, 1 länk. 2 av 2")
        page.keyboard.press("Enter")
        for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowDown"):
            page.keyboard.press(key)
        assert "Flyttar Tangentby IF" in live(page)
        scale = page.evaluate("() => document.querySelector('.wv-root').__wv.network.getScale()")
        press_and_save(page, "Enter")
        assert "Platsen är sparad" in live(page)
        moved = read_map(e2e_db, "Tangentby")["pos"][club]
        step = 20 / max(0.2, scale)
        assert abs(moved[0] - (b[0] + 3 * step)) < 1.5 and abs(moved[1] - (b[1] + step)) < 1.5, (b, moved, scale)
        shot(page, "03_moved")

        # Delete takes the IF and its link off the map, in words that agree with the numbers
        press_and_save(page, "Delete")
        assert live(page) == "Borttaget från kartan: 1 aktör och 1 länk."
        got = read_map(e2e_db, "Tangentby")
        assert list(got["actors"]) == ["Tangentby bibliotek"] and got["links"] == []
        assert page.is_visible(".wv-undo")
        shot(page, "04_deleted")

        press_and_save(page, "Control+z")
        assert "Ångrat" in live(page)
        got = read_map(e2e_db, "Tangentby")
        assert sorted(got["actors"]) == ["Tangentby IF", "Tangentby bibliotek"]
        assert got["links"] == [("Tangentby bibliotek", "Tangentby IF", "dialogue", "existing")]
        assert got["pos"][club] == pytest.approx(moved, abs=0.2)
        # the text beside the canvas lists both actors and the link, from the same data
        text = page.text_content(".wv-text table")   # read as a screen reader reads it (closed or open)
        assert "Tangentby IF" in text and "Dialog, befintlig" in text
        page.keyboard.press("h")
        assert "Ctrl+Z" in live(page)
        shot(page, "05_undone")
        assert errors == []
    finally:
        context.close()


def test_canvas_texts_follow_the_language_and_axe_finds_nothing_serious(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/draw?map=Veberöd")
        canvas_ready(page)
        assert page.get_attribute(".wv-stage", "aria-label").startswith("Rityta för kartan")
        assert page.inner_text(".wv-fit") == "Visa hela kartan"
        assert_no_serious(run_axe(page, ".wv-root"), "canvas sv")
        before = version(page)
        page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.click()
        page.get_by_role("option", name="English").click()
        wait_new_version(page, before)
        assert page.get_attribute(".wv-stage", "aria-label").startswith("Drawing area of the map")
        assert page.inner_text(".wv-fit") == "Show the whole map"
        assert page.inner_text(".wv-add") == "New actor"
        assert page.inner_text(".wv-hint").startswith("Mouse:")
        assert page.inner_text(".wv-text summary").startswith("The map as text:")
        page.focus(".wv-stage")
        page.keyboard.press("ArrowDown")
        assert " of " in live(page)
        page.evaluate("() => document.querySelectorAll('.wv-keys, .wv-text').forEach(d => d.open = true)")
        assert_no_serious(run_axe(page, ".wv-root"), "canvas en")
        shot(page, "06_english")
    finally:
        context.close()


def test_double_click_low_on_the_canvas_keeps_the_page_still(browser, app_url, e2e_db):
    make_map(e2e_db, "Lågby")
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="sv-SE")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/draw?map=Lågby")
        canvas_ready(page)
        page.evaluate("() => document.querySelector('.wv-stage').scrollIntoView({block: 'end'})")
        settled(page)
        y = page.evaluate("scrollY")
        box = page.locator(".wv-canvas").bounding_box()
        page.mouse.dblclick(box["x"] + 200, box["y"] + box["height"] - 12)
        page.wait_for_selector(".wv-pop .wv-name", timeout=WAIT_MS)
        pop = page.locator(".wv-pop").bounding_box()
        assert pop["y"] + pop["height"] <= box["y"] + box["height"] + 1, "the popup must stay inside the canvas"
        assert page.evaluate("scrollY") == y
        page.keyboard.type("Lågby hembygdsförening")
        before = version(page)
        page.keyboard.press("Enter")
        wait_new_version(page, before)
        assert page.evaluate("scrollY") == y
        at = page.evaluate("() => { const r = document.querySelector('.wv-root');"
                           " return r.wvScreen(r.wvFind('Lågby hembygdsförening')); }")
        box = page.locator(".wv-canvas").bounding_box()
        assert box["y"] < at["y"] < box["y"] + box["height"] and 0 < at["y"] < 900, "the new actor is in view"
        shot(page, "07_low_double_click")
    finally:
        context.close()
