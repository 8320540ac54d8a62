"""A new user draws a map in real Chromium: create "Stenby" on the draw page, add six actors
and eight links by drawing on the canvas (two of them desired), add a challenge, reload,
open the map page by its URL. Everything is in Stenby, nothing landed in another map,
and every page counts Stenby the same. Screenshots of each step: tests/artifacts/draw_*.png."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import assert_local_only, assert_no_script_ran
from tests.waits import WAIT_MS
from weaving.store import Store

pytestmark = pytest.mark.browser

ACTORS = [  # name, type label shown in the Swedish popup
    ("Stenby bibliotek", "library"),
    ("Stenby fritidsgård", "youth_centre"),
    ("Stenby IF", "sports_club"),
    ("Föreningen Grannar i Stenby", "association"),
    ("Stenby församling", "church"),
    ("<b onmouseover=alert(2)>Fest</b> & Co", "informal_group"),
]
EXISTING = [(0, 1, "joint_activity"), (0, 2, "dialogue"), (1, 2, "shared_premises"), (1, 3, "information"),
            (0, 4, "dialogue"), (3, 4, "volunteer_supply")]
DESIRED = [(2, 5, "dialogue"), (4, 5, "joint_activity")]
COUNTS = re.compile(r"\d+ aktörer · \d+ länkar \(befintliga och introducerade\) · \d+ önskade · \d+ avslutade")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"draw_{name}.png"), full_page=True)


def settled(page) -> None:
    """The script run is over and no element is still loading."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stSkeleton"]')
                 && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')""", timeout=WAIT_MS)
    page.wait_for_timeout(300)


def canvas_ready(page) -> None:
    page.wait_for_selector(".wv-root[data-ready='1']", timeout=WAIT_MS)
    settled(page)


def version(page) -> str:
    return page.get_attribute(".wv-root", "data-version")


def wait_new_version(page, before: str) -> None:
    page.wait_for_function("v => document.querySelector('.wv-root') && "
                           "document.querySelector('.wv-root').dataset.version !== v", arg=before, timeout=WAIT_MS)
    settled(page)


def counts_on(page, url: str) -> str:
    page.goto(url)
    page.wait_for_selector("h1", timeout=WAIT_MS)
    settled(page)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stCaptionContainer]')]"
                           ".some(e => / aktörer · /.test(e.innerText))", timeout=WAIT_MS)
    text = page.locator("[data-testid=stCaptionContainer]").filter(has_text=" aktörer · ").first.inner_text()
    return COUNTS.search(text).group(0)


def add_actor(page, name: str, type_code: str, x: float, y: float) -> None:
    before = version(page)
    page.locator(".wv-canvas").scroll_into_view_if_needed()
    box = page.locator(".wv-canvas").bounding_box()
    page.mouse.dblclick(box["x"] + x, box["y"] + y)
    page.wait_for_selector(".wv-pop .wv-name", timeout=WAIT_MS)
    page.fill(".wv-pop .wv-name", name)
    page.select_option(".wv-pop .wv-type", type_code)
    page.click(".wv-pop .wv-ok")
    wait_new_version(page, before)


def draw_link(page, a: str, b: str, kind: str, expect_status: str) -> None:
    before = version(page)
    page.locator(".wv-canvas").scroll_into_view_if_needed()
    ids = page.evaluate("([a, b]) => { const r = document.querySelector('.wv-root'); return [r.wvFind(a), r.wvFind(b)]; }",
                        [a, b])
    assert None not in ids, (a, b)
    p, q = (page.evaluate("id => document.querySelector('.wv-root').wvScreen(id)", i) for i in ids)
    page.mouse.move(p["x"], p["y"])
    page.mouse.down()
    page.mouse.move(q["x"], q["y"], steps=15)
    page.mouse.up()
    page.wait_for_selector(".wv-pop .wv-kind", timeout=WAIT_MS)
    assert page.input_value(".wv-pop .wv-status") == expect_status     # the step chooses the default
    page.select_option(".wv-pop .wv-kind", kind)
    page.click(".wv-pop .wv-ok")
    wait_new_version(page, before)


def map_counts(url: str) -> dict[str, tuple]:
    store = Store(url)
    try:
        with store.uow() as uow:
            out = {}
            for m in uow.maps.list():
                c = uow.maps.link_counts([m.id])
                out[m.name] = (len(m.actors), c["existing"], c["desired"], len(uow.challenges.list([m.id])))
            return out
    finally:
        store.dispose()


def test_new_user_draws_stenby_on_the_canvas(browser, app_url, e2e_db):
    before = map_counts(e2e_db)
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="sv-SE")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.requests, page.dialogs = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(f"{app_url}/draw")
        canvas_ready(page)
        page.get_by_text("Ny karta", exact=True).click()
        page.fill(".st-key-new_map_name input", "Stenby")
        page.get_by_role("button", name="Skapa karta").click()
        page.wait_for_selector("h3:has-text('Karta: Stenby')", timeout=WAIT_MS)
        page.wait_for_url(re.compile(r"map=Stenby"), timeout=WAIT_MS)
        canvas_ready(page)
        shot(page, "01_new_map")

        spots = [(150, 120), (420, 110), (300, 300), (640, 260), (200, 460), (560, 450)]
        for (name, kind), (x, y) in zip(ACTORS, spots):
            add_actor(page, name, kind, x, y)
        assert page.evaluate("() => document.querySelector('.wv-root').__wv.data.nodes.length") == 6
        shot(page, "02_six_actors")

        for a, b, kind in EXISTING:
            draw_link(page, ACTORS[a][0], ACTORS[b][0], kind, "existing")
        shot(page, "03_existing_links")

        page.locator(".st-key-draw_step button", has_text="2. Borde samverka").click()
        page.wait_for_url(re.compile(r"step=2"), timeout=WAIT_MS)
        canvas_ready(page)
        for a, b, kind in DESIRED:
            draw_link(page, ACTORS[a][0], ACTORS[b][0], kind, "desired")
        assert page.evaluate("() => document.querySelector('.wv-root').__wv.data.edges.length") == 8
        assert "step=2" in page.url      # the step stayed after saving
        shot(page, "04_desired_links")

        page.locator(".st-key-draw_step button", has_text="3. Utmaningar").click()
        page.wait_for_url(re.compile(r"step=3"), timeout=WAIT_MS)
        settled(page)
        page.locator("[class*='st-key-draw_ch_'][class*='_text'] textarea").fill(
            "Unga i Stenby saknar en mötesplats på kvällarna")
        page.get_by_role("button", name="Lägg till utmaning").click()
        page.wait_for_selector("text=Unga i Stenby saknar en mötesplats på kvällarna", timeout=WAIT_MS)
        settled(page)
        shot(page, "05_challenge")

        page.reload()
        page.wait_for_selector("h3:has-text('Karta: Stenby')", timeout=WAIT_MS)
        assert "map=Stenby" in page.url and "step=3" in page.url
        page.wait_for_selector("text=Unga i Stenby saknar en mötesplats på kvällarna", timeout=WAIT_MS)
        canvas_ready(page)
        assert page.evaluate("() => document.querySelector('.wv-root').__wv.data.nodes.length") == 6
        shot(page, "06_after_reload")
        assert_no_script_ran(page)
        assert_local_only(page)
    finally:
        context.close()

    after = map_counts(e2e_db)
    assert after.pop("Stenby") == (6, 6, 2, 1)
    assert after == before        # nothing was added to any other map

    # a colleague opens the link: the map page shows Stenby, and every page counts it alike
    other = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    other.set_default_timeout(WAIT_MS)
    page = other.new_page()
    page.requests, page.dialogs = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    try:
        seen = {}
        for path in ("map", "draw", "actors", "analysis"):
            seen[path] = counts_on(page, f"{app_url}/{path}?map=Stenby")
            assert page.locator("h3:has-text('Stenby'), [data-testid=stCaptionContainer]").count()
        shot(page, "07_analysis_for_colleague")
        page.goto(f"{app_url}/map?map=Stenby")
        page.wait_for_selector("iframe", timeout=WAIT_MS)
        settled(page)
        shot(page, "08_map_page")
        assert len(set(seen.values())) == 1, seen
        assert seen["map"].startswith("6 aktörer · 6 länkar (befintliga och introducerade) · 2 önskade")
        page.goto(f"{app_url}/?map=Stenby")
        page.wait_for_selector("[data-testid=stDataFrame]", timeout=WAIT_MS)
        settled(page)
        assert_no_script_ran(page)
        assert_local_only(page)
    finally:
        other.close()


def test_deep_link_to_draw_opens_that_map_in_a_fresh_session(browser, app_url):
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="sv-SE")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/draw?map=Genarp")
        page.wait_for_selector("h3:has-text('Karta: Genarp')", timeout=WAIT_MS)
        canvas_ready(page)
        names = page.evaluate("() => document.querySelector('.wv-root').__wv.data.nodes.map(n => n[1])")
        assert any("Genarp" in n for n in names)
        # select an actor, press Delete: it leaves this map; Undo brings it back where it was
        count = len(names)
        victim = page.evaluate("() => document.querySelector('.wv-root').__wv.data.nodes[0]")
        page.locator(".wv-canvas").scroll_into_view_if_needed()
        at = page.evaluate("id => document.querySelector('.wv-root').wvScreen(id)", victim[0])
        before = version(page)
        page.mouse.click(at["x"], at["y"])
        page.keyboard.press("Delete")
        wait_new_version(page, before)
        left = page.evaluate("() => document.querySelector('.wv-root').__wv.data.nodes.map(n => n[0])")
        assert victim[0] not in left and len(left) == count - 1
        shot(page, "10_removed")
        before = version(page)
        page.get_by_role("button", name="Ångra borttagningen").click()
        wait_new_version(page, before)
        back = page.evaluate("id => document.querySelector('.wv-root').__wv.data.nodes.find(n => n[0] === id)",
                             victim[0])
        assert back is not None
        assert abs(back[3] - victim[3]) <= 1 and abs(back[4] - victim[4]) <= 1   # vis reports whole pixels
        # the navigation links carry the map: the next page shows Genarp too
        page.locator("[data-testid=stSidebar] a[href^='analysis']").click()
        page.wait_for_url(re.compile(r"/analysis\?map=Genarp"), timeout=WAIT_MS)
        settled(page)
        shot(page, "09_deep_link_genarp")
    finally:
        context.close()
