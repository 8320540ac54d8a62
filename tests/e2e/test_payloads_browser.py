"""Issue 23 in real Chromium: a catalogue of hostile texts in every field a person can
fill (actor names, types of text on actors and links, contact persons, challenges,
introductions, and survey answers typed on the answer page by a respondent), then every
page visited as an editor and as a viewer, every tab clicked and every expander opened.

Nothing made from user text may appear: no link to the payload host or to javascript:, no
image, no icon, no bold/italic/heading/code/colour, no script run, no request to another
host; and the texts appear literally (what a reader sees, ignoring the invisible word
joiners and bidi isolates ``md_escape`` adds).
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import ARTIFACTS, _require_browser, serve_app
from tests.e2e.test_browser import assert_local_only, assert_no_script_ran
from tests.e2e.test_draw_browser import settled
from tests.waits import WAIT_MS
from weaving.core.errors import WeavingError
from weaving.store import Store

pytestmark = pytest.mark.browser

HOST = "evil.example"
PAYLOADS = {
    "script": "<script>window.pwned=1</script>",
    "img": "<img src=x onerror=window.pwned=2>",
    "js": "javascript:window.pwned=3",
    "link": f"[phish](http://{HOST}/ph)",
    "image": f"![logo](http://{HOST}/i.png)",
    "auto": f"http://{HOST}/auto www.{HOST} info@{HOST}",
    "bold": "**bold** _it_ `code` ~~del~~",
    "heading": "# heading",
    "icon": ":material/home:",
    "color": ":red[x] :smile:",
    "bidi": "\u202eevil\u202c after",
    "math": "$x^2$",
}
LONG = "Lång text " * 200  # 2,000 characters
MAP = "Payload"
PASSWORD = "correct horse battery staple"
PAGES = ["", "draw", "import", "actors", "map", "analysis", "introductions", "progress", "survey", "survey-review",
         "export"]


def _name(key: str) -> str:
    return f"Förening {key} {PAYLOADS[key]}"


def seed(url: str) -> dict[str, str]:
    """The hostile map; returns {respondent actor: token} for one survey round."""
    store = Store(url)
    try:
        with store.uow() as uow:
            uow.users.create("redaktor", PASSWORD, role="editor")
            uow.users.create("lasare", PASSWORD, role="viewer")
            m = uow.maps.create(MAP, description=PAYLOADS["link"])
            hub = uow.actors.add(m.id, name="Payload bibliotek", type="library", is_weaver=True)
            ids = []
            for i, key in enumerate(PAYLOADS):
                text = PAYLOADS[key]
                a = uow.actors.add(m.id, name=_name(key), type="association", description=text + " " + LONG,
                                   themes=[text[:200], "kultur"], target_groups=[text[:200]], resources=[text[:200]],
                                   area=text[:200], contacts=[{"name": "Person " + text[:200], "email": f"p{i}@{HOST}"}])
                ids.append(a.id)
                uow.links.add(hub.id, a.id, kind="dialogue", strength=2, purpose=text, place=text[:300])
            for a, b in zip(ids, ids[1:]):
                if a % 3:
                    uow.links.add(a, b, kind="joint_activity", purpose=PAYLOADS["link"])
            uow.links.add(ids[0], ids[-1], kind="information", status="desired", purpose=PAYLOADS["bold"])
            for key in ("heading", "icon", "color", "link"):
                uow.challenges.add(m.id, PAYLOADS[key] + " " + LONG[:200], actor_ids=ids[:3],
                                   solution=PAYLOADS["image"])
            uow.introductions.record(ids[1], ids[4], map_id=m.id, mode="bridge_clusters", reason=PAYLOADS["link"],
                                     note=PAYLOADS["icon"], on=dt.date(2026, 11, 1))
            uow.introductions.record(ids[2], ids[5], map_id=m.id, mode="close_triangles", reason=PAYLOADS["color"],
                                     status="declined", on=dt.date(2026, 11, 2))
            rnd, links = uow.surveys.create_round(m.id, until=dt.date(2099, 1, 31), actor_ids=[ids[0], ids[3]],
                                                  title=PAYLOADS["heading"])
            uow.commit()
        with store.uow() as uow:  # a name longer than its column is refused with a message, nothing saved
            with pytest.raises(WeavingError):
                uow.actors.add(uow.maps.require(MAP).id, name="N" * 2000)
        return {x.actor: x.token for x in links}
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    _require_browser()
    db = tmp_path_factory.mktemp("payloads") / "payloads.db"
    url = f"sqlite:///{db}"
    tokens = seed(url)
    with serve_app(url, tmp_path_factory.mktemp("payloads-log"), {"WEAVING_AUTH": "builtin"}) as base:
        yield base, url, tokens


def _context(browser, **kw):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE", **kw)
    ctx.set_default_timeout(WAIT_MS)
    page = ctx.new_page()
    page.requests, page.dialogs, page.errors = [], [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return ctx, page


SCAN = """(host) => {
  const bad = [];
  const md = [...document.querySelectorAll('[data-testid=stMarkdownContainer]')];
  for (const a of document.querySelectorAll('a[href]')) {
    // a link made from markdown, or one that leads to the payload host or runs script; the draft's
    // mailto: button (st.link_button, outside markdown) carries the draft's text on purpose
    const h = a.getAttribute('href') || '';
    const fromMarkdown = !!a.closest('[data-testid=stMarkdownContainer]');
    let toHost = false;
    try { toHost = /^https?:/i.test(h) && new URL(h, location.href).hostname.includes(host); } catch (e) {}
    if ((fromMarkdown && (h.includes(host) || !h.startsWith('#'))) || toHost || /^\\s*javascript:/i.test(h))
      bad.push('link ' + h.slice(0, 80));
  }
  for (const img of document.querySelectorAll('img')) {
    if ((img.getAttribute('src') || '').includes(host) || img.getAttribute('onerror')) bad.push('img');
  }
  for (const m of md) {
    for (const sel of ['strong', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'code', 'del', 'img', '.katex', 'script',
                       'blockquote', 'ol', 'ul'])
      for (const el of m.querySelectorAll(sel)) {
        // an element made from a payload holds the payload's inner words alone
        const text = (el.textContent || '').replace(/[\\u2060\\u2068\\u2069]/g, '').trim();
        if (/^(bold|it|heading|code|del|x|phish|logo)$/.test(text) || /x\\^?2/.test(text) && sel === '.katex'
            || sel === 'img' || sel === 'script')
          bad.push(sel + ' ' + text.slice(0, 40));
      }
    for (const icon of m.querySelectorAll('[data-testid=stIconMaterial], .material-symbols-rounded'))
      if ((icon.textContent || '').trim() === 'home') bad.push('icon home');
    for (const span of m.querySelectorAll('span[class]'))
      if ((span.textContent || '') === 'x' && getComputedStyle(span).color === 'rgb(255, 43, 43)') bad.push('red x');
  }
  const shown = document.body.innerText.replace(/[\\u2060\\u2068\\u2069]/g, '');
  return {bad, shown};
}"""


def _scan(page) -> str:
    got = page.evaluate(SCAN, HOST)
    assert not got["bad"], (page.url, got["bad"][:10])
    return got["shown"]


def _visit_everything(page) -> str:
    """Click every tab and open every expander of the page; scan after each; all text seen."""
    seen = [_scan(page)]
    for i in range(page.locator("[data-baseweb=tab]").count()):
        tab = page.locator("[data-baseweb=tab]").nth(i)
        if tab.is_visible():
            tab.click()
            settled(page)
            seen.append(_scan(page))
    summaries = page.locator("[data-testid=stExpander] summary")
    for i in range(summaries.count()):
        item = summaries.nth(i)
        if item.is_visible():
            item.click()
            page.wait_for_timeout(150)
    settled(page)
    seen.append(_scan(page))
    return "\n".join(seen)


def _sign_in(page, base: str, user: str) -> None:
    page.goto(f"{base}/?map={MAP}")
    page.locator(".st-key-login_username input").fill(user)
    page.locator(".st-key-login_password input").fill(PASSWORD)
    page.locator("[data-testid=stFormSubmitButton] button").click()
    page.wait_for_selector("[data-testid=stSidebar] a[href*='draw']", timeout=WAIT_MS)
    settled(page)


def _answer_as_respondent(browser, base: str, token: str) -> None:
    """A respondent types the payloads into the answer page and saves."""
    ctx, page = _context(browser)
    try:
        page.goto(f"{base}/answer?t={token}")
        page.wait_for_selector("h1", timeout=WAIT_MS)
        settled(page)
        _scan(page)
        box = page.locator(".st-key-ans_wish input")
        for key in ("link", "icon", "bold"):
            box.click()
            box.fill(PAYLOADS[key])
            page.keyboard.press("Enter")
            settled(page)
        page.keyboard.press("Escape")
        page.locator(".st-key-ans_ch_0 textarea").fill(" ".join(PAYLOADS.values()))
        page.locator(".st-key-ans_cname input").fill(PAYLOADS["color"])
        page.locator(".st-key-ans_cemail input").fill(f"svar@{HOST}")
        settled(page)
        page.locator(".st-key-ans_save button").click()
        page.wait_for_selector("[data-testid=stAlertContentSuccess]", timeout=WAIT_MS)
        settled(page)
        shown = _scan(page)
        assert PAYLOADS["link"] in shown and PAYLOADS["icon"] in shown   # the wishes, literally
        assert_no_script_ran(page)
        assert not page.errors, page.errors
        page.screenshot(path=str(ARTIFACTS / "payloads_answer.png"), full_page=True)
    finally:
        ctx.close()


@pytest.mark.parametrize("user", ["redaktor", "lasare"])
def test_every_page_shows_user_text_as_text(browser, hostile_app, user):
    base, url, tokens = hostile_app
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if user == "redaktor":  # answers typed by a respondent first, so the review page holds them
        for token in tokens.values():
            _answer_as_respondent(browser, base, token)
    ctx, page = _context(browser)
    try:
        _sign_in(page, base, user)
        seen = []
        for path in PAGES:  # through the app's own links: a reload would start a new, signed-out session
            page.locator(f"[data-testid=stSidebar] a[data-testid=stPageLink-NavLink][href^='{path}?']").first.click()
            page.wait_for_url(re.compile(rf"/{re.escape(path)}\?map={MAP}"), timeout=WAIT_MS)
            page.wait_for_selector("h1", timeout=WAIT_MS)
            settled(page)
            seen.append(_visit_everything(page))
            page.screenshot(path=str(ARTIFACTS / f"payloads_{user}_{path or 'overview'}.png"), full_page=True)
        everything = "\n".join(seen)
        (ARTIFACTS / f"payloads_{user}.txt").write_text(everything, encoding="utf-8")
        for key, text in PAYLOADS.items():  # each shown literally somewhere (names on several pages)
            assert _name(key).replace("\u202e", "").replace("\u202c", "") in everything \
                or text in everything, key
        if user == "redaktor":
            assert PAYLOADS["color"] in everything                     # the respondent's contact name, on review
        assert_no_script_ran(page)
        assert_local_only(page)
        assert not page.errors, page.errors
        assert not [u for u in page.requests if urlparse(u).hostname and HOST in urlparse(u).hostname]
    finally:
        ctx.close()

