"""A survey round in real Chromium: a weaver creates a round for the fictional map
"Sjöby", two actors open their personal links in separate browser contexts (one on a
phone-sized screen in Swedish, one in English), answer and save; the weaver reviews and
accepts, and the map page shows the new links, the tie both reported marked as confirmed
by both. A bad link shows a message and nothing of the map. Screenshots of each step:
tests/artifacts/survey_*.png."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import assert_local_only, assert_no_script_ran
from tests.e2e.test_draw_browser import settled
from tests.waits import WAIT_MS
from weaving.store import Store

pytestmark = pytest.mark.browser

LIB, IF, HALL = "Sjöby bibliotek", "Sjöby IF", "Föreningen Sjöbygården"
BAD = "<img src=x onerror=window.pwned=1> Sjöby"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"survey_{name}.png"), full_page=True)


def context(browser, *, phone: bool = False, locale: str = "sv-SE"):
    size = {"width": 390, "height": 844} if phone else {"width": 1400, "height": 1000}
    ctx = browser.new_context(viewport=size, locale=locale, is_mobile=phone, has_touch=phone)
    ctx.set_default_timeout(WAIT_MS)
    page = ctx.new_page()
    page.requests, page.dialogs = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return ctx, page


def seed(url: str) -> None:
    store = Store(url)
    try:
        with store.uow() as uow:
            m = uow.maps.create("Sjöby")
            ids = {n: uow.actors.add(m.id, name=n, type="association").id for n in (LIB, IF, HALL, BAD)}
            uow.links.add(ids[LIB], ids[HALL], kind="dialogue", strength=2)
            uow.commit()
    finally:
        store.dispose()


def pick(page, key: str, name: str, then: str) -> None:
    """Choose ``name`` in the multiselect with this widget key (typing it, as on a phone);
    ``then`` is the selector of what the choice makes appear."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.fill(name)
    page.locator("[role=option]", has_text=name).first.click()
    page.keyboard.press("Escape")
    page.locator(then).first.wait_for(timeout=WAIT_MS)
    settled(page)


def choose(page, key_part: str, option: str) -> None:
    """Choose ``option`` in the (first) selectbox whose widget key starts with ``key_part``."""
    box = page.locator(f"[class*='st-key-{key_part}'] input[role=combobox]").first
    box.click()
    page.locator("[role=option]", has_text=option).first.click()
    expect(box).to_have_value(re.compile("^" + re.escape(option)), timeout=WAIT_MS)
    settled(page)


def item_tag(url: str, link: str, key: str) -> str:
    """The widget-key suffix of one proposal on the review page (weaving.ui.survey_review)."""
    from tests.survey_setup import view

    store = Store(url)
    try:
        invite = view(store, parse_qs(urlparse(link).query)["t"][0]).invite_id
    finally:
        store.dispose()
    return f"{invite}_{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def answer_page(page, link: str) -> None:
    page.goto(link)
    page.wait_for_selector("h1", timeout=WAIT_MS)
    settled(page)


def test_survey_round_answered_reviewed_and_on_the_map(browser, app_url, e2e_db):
    seed(e2e_db)
    weaver, page = context(browser)
    try:
        # -- the weaver starts a round and gets the personal links
        page.goto(f"{app_url}/survey?map=Sjöby")
        page.wait_for_selector("h1:has-text('Enkät till aktörerna')", timeout=WAIT_MS)
        settled(page)
        page.fill(".st-key-survey_title_0 input", "Samverkan i Sjöby")
        page.get_by_role("button", name="Skapa länkar").click()
        page.wait_for_selector("text=Personliga länkar (4)", timeout=WAIT_MS)
        settled(page)
        expect(page.get_by_role("button", name="Ladda ner CSV för massutskick")).to_have_count(1, timeout=WAIT_MS)
        code = page.locator("[data-testid=stCode]").first.inner_text()
        links = dict(line.split("\t", 1) for line in code.strip().splitlines())
        assert set(links) == {LIB, IF, HALL, BAD}
        assert all(re.fullmatch(r"http://localhost:8501/answer\?t=[A-Za-z0-9_-]{43}", x) for x in links.values())
        page.get_by_text("0 av 4 har svarat").first.wait_for(timeout=WAIT_MS)
        shot(page, "01_round_created")
        assert_no_script_ran(page)
    finally:
        weaver.close()
    mine = {name: link.replace("http://localhost:8501", app_url) for name, link in links.items()}

    # -- the library answers on a phone, in Swedish
    phone, page = context(browser, phone=True)
    try:
        answer_page(page, mine[LIB])
        assert page.locator("[data-testid=stSidebar] a, [data-testid=stSidebarNav]").count() == 0   # no navigation
        expect(page.get_by_text("Ni svarar för Sjöby bibliotek på nätverkskartan Sjöby.")).to_have_count(1, timeout=WAIT_MS)
        own = page.locator("[class*='st-key-ans_own_'][class*='_dialogue']").first
        own.get_by_text("Ja, vi samverkar").click()
        page.locator("[class*='st-key-ans_own_s_']").first.wait_for(timeout=WAIT_MS)   # how much? appears
        settled(page)
        pick(page, "ans_today", IF, "[class*='st-key-ans_tk_']")
        choose(page, "ans_tk_", "Vi gör aktiviteter tillsammans")
        strength = page.locator("[class*='st-key-ans_ts_']")
        strength.get_by_text("Mycket", exact=True).click()
        expect(strength.get_by_role("radio", name="Mycket")).to_be_checked(timeout=WAIT_MS)
        settled(page)
        page.fill(".st-key-ans_ch_0 textarea", "Unga saknar en mötesplats på kvällarna")
        page.locator(".st-key-ans_ch_0 textarea").blur()
        settled(page)
        shot(page, "02_phone_answer")
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")  # fits the phone
        page.get_by_role("button", name="Spara svaren").click()
        page.wait_for_selector("text=Tack! Svaren är sparade.", timeout=WAIT_MS)
        shot(page, "03_phone_saved")
        assert_no_script_ran(page)
        assert_local_only(page)
    finally:
        phone.close()

    # -- the sports club answers in English, in its own browser
    other, page = context(browser, locale="en-GB")
    try:
        answer_page(page, mine[IF])
        page.locator(".st-key-ans_lang button", has_text="English").click()
        page.wait_for_selector("text=1. Who do you work with today?", timeout=WAIT_MS)
        settled(page)
        pick(page, "ans_today", LIB, "[class*='st-key-ans_tk_']")
        choose(page, "ans_tk_", "We run activities together")
        pick(page, "ans_wish", HALL, "[class*='st-key-ans_wn_']")
        page.get_by_role("button", name="Save the answers").click()
        page.wait_for_selector("text=Thank you! Your answers are saved.", timeout=WAIT_MS)
        assert page.get_by_text("Unga saknar").count() == 0      # nothing of the other answer
        shot(page, "04_english_saved")
        # a link that does not work says so and shows nothing of the map
        answer_page(page, f"{app_url}/answer?t=not-a-real-token")
        page.wait_for_selector("text=This link does not work.", timeout=WAIT_MS)
        body = page.inner_text("body")
        assert "Sjöby" not in body and LIB not in body
        assert_no_script_ran(page)
        assert_local_only(page)
    finally:
        other.close()

    # -- the weaver reviews: the tie both reported is confirmed by both; accept
    weaver, page = context(browser)
    try:
        page.goto(f"{app_url}/survey-review?map=Sjöby")
        page.wait_for_selector("h1:has-text('Granska enkätsvar')", timeout=WAIT_MS)
        settled(page)
        page.get_by_text("2 av 4 har svarat").first.wait_for(timeout=WAIT_MS)
        # respondents are listed by name; pick the library
        choose(page, "review_resp_", LIB)
        page.get_by_text("Ny länk: Sjöby bibliotek – Sjöby IF").wait_for(timeout=WAIT_MS)
        expect(page.get_by_text("Bekräftad av båda: Sjöby IF uppger också länken till Sjöby bibliotek")).to_have_count(
            1, timeout=WAIT_MS)
        page.get_by_text("Bara Sjöby bibliotek uppger detta").first.wait_for(timeout=WAIT_MS)   # the tie to the hall
        shot(page, "05_review")
        page.locator(f".st-key-rv_ok_{item_tag(e2e_db, mine[LIB], f'today:{IF.casefold()}:joint_activity')} button").click()
        page.wait_for_selector("text=Förslaget är godkänt och kartan uppdaterad.", timeout=WAIT_MS)
        settled(page)
        page.get_by_role("button", name=re.compile("Godkänn alla")).click()
        page.wait_for_selector("text=förslag från Sjöby bibliotek är godkända", timeout=WAIT_MS)
        settled(page)
        choose(page, "review_resp_", IF)
        page.get_by_role("button", name=re.compile("Godkänn alla")).click()
        page.wait_for_selector("text=förslag från Sjöby IF är godkända", timeout=WAIT_MS)
        settled(page)
        shot(page, "06_reviewed")

        # -- the map shows the new links, the tie confirmed by both sides
        page.goto(f"{app_url}/map?map=Sjöby")
        page.wait_for_selector("iframe", timeout=WAIT_MS)
        settled(page)
        caption = page.locator("[data-testid=stCaptionContainer]").filter(has_text=" aktörer · ").first.inner_text()
        assert caption.startswith("4 aktörer · 2 länkar (befintliga och introducerade) · 1 önskade"), caption
        summary = page.get_by_text(re.compile(r"Länkar från enkätsvar: 3 \(bekräftade av båda: 1\)"))
        summary.scroll_into_view_if_needed()   # below the map's frame, which lays out after the page
        settled(page)
        summary.click()
        settled(page)
        page.locator("[data-testid=stDataFrame]").last.wait_for(timeout=WAIT_MS)   # who reported each link
        shot(page, "07_map_confirmed")
        assert_no_script_ran(page)
        assert_local_only(page)
    finally:
        weaver.close()

    store = Store(e2e_db)
    try:
        with store.uow() as uow:
            m = uow.maps.require("Sjöby")
            a, b, c = (uow.actors.by_name(n).id for n in (LIB, IF, HALL))
            tie = uow.links.find(a, b, "joint_activity")
            assert tie is not None and tie.status == "existing" and tie.strength == 3
            assert uow.links.find(b, c, "dialogue").status == "desired"
            confirmed = uow.surveys.confirmations([m.id])
            assert confirmed[tie.id] == {a, b}                       # both sides
            assert confirmed[uow.links.find(a, c, "dialogue").id] == {a}
            assert [x.text for x in uow.challenges.list(m.id)] == ["Unga saknar en mötesplats på kvällarna"]
    finally:
        store.dispose()
