"""The one-page progress report in a real headless Chromium: it renders, fits one A4 page
as PDF, loads nothing from any other host, runs no injected script, and a screenshot of
each language is saved to tests/artifacts/ for a human to look at."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import ARTIFACTS, HOSTILE, ROOT, _require_browser
from tests.waits import WAIT_MS, WAIT_S

pytestmark = pytest.mark.browser
LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _seed(url: str):
    """The fictional demo; Veberöd photographed on 1 Sept 2025, then woven (introductions
    confirmed, a new actor with a hostile name, one open introduction)."""
    from weaving.progress.metrics import snapshot_metrics
    from weaving.store import Store, graph_from_maps
    from weaving.store.demo import load_demo

    store = Store(url)
    load_demo(store)
    with store.uow() as uow:
        m = uow.maps.require("Veberöd")
        uow.snapshots.take(m.id, "Start " + HOSTILE[0], metrics=snapshot_metrics(graph_from_maps(uow, [m.id])),
                           at=dt.datetime(2025, 9, 1, 9))
        desired = [link for link in uow.links.list([m.id]) if link.status == "desired"]
        for link in desired[:3]:
            i = uow.introductions.record(link.source_id, link.target_id, map_id=m.id, on=dt.date(2025, 9, 20))
            uow.introductions.set_status(i.id, "confirmed", on=dt.date(2025, 10, 15))
        for link in desired[3:5]:
            uow.introductions.record(link.source_id, link.target_id, map_id=m.id, level="email", status="made",
                                     on=dt.date(2026, 1, 12))
        actors = uow.actors.list([m.id])
        bad = [uow.actors.add(m.id, name=n, type="association", sector="ideburen") for n in HOSTILE]
        for a in bad:
            uow.links.add(a.id, actors[2].id, kind="joint_activity")
        uow.commit()
        map_id = m.id
    return store, map_id


@pytest.fixture(scope="module")
def woven(tmp_path_factory):
    _require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'r.db'}"
    store, map_id = _seed(url)
    yield url, store, map_id
    store.dispose()


def _report(store, map_id, lang):
    from weaving.progress.report import collect_report, render_report_html

    with store.uow() as uow:
        data = collect_report(uow, map_id, lang=lang, today=dt.date(2026, 3, 3))
    return data, render_report_html(data, lang)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_report_in_chromium(woven, browser, tmp_path, lang):
    # the shared session browser (one sync Playwright per process; see tests/e2e/conftest.py)
    from weaving.i18n import t
    from weaving.progress.printing import render_report_file

    _, store, map_id = woven
    data, html = _report(store, map_id, lang)
    path = tmp_path / f"report_{lang}.html"
    path.write_text(html, encoding="utf-8")

    # opened as a file in an ordinary browser tab, JavaScript ON: nothing injected may run
    ctx = browser.new_context(viewport={"width": 1000, "height": 1300}, locale="sv-SE")
    ctx.set_default_timeout(WAIT_MS)
    page = ctx.new_page()
    requests, dialogs = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    assert dialogs == []
    assert page.locator("script").count() == 0
    bad = [u for u in requests if urlparse(u).scheme not in ("file", "data")
           and not (urlparse(u).scheme in ("http", "https") and urlparse(u).hostname in LOCAL)]
    assert bad == [], bad
    # what a reader sees
    body = page.inner_text("body")
    assert data.map_name in body
    assert t(f"analysis.stage.{data.now.metrics['stage']}", lang) in body
    assert HOSTILE[1] in body                                 # the hostile name shown as text
    assert t("prog.r.found_heading", lang).upper() in body.upper()
    img = page.locator("figure img")
    assert img.count() == 1 and page.evaluate("() => document.querySelector('figure img').naturalWidth") > 500
    ctx.close()

    # the production path: PNG and one A4 page of PDF printed by Chromium
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png = render_report_file(html, ARTIFACTS / f"report_{lang}.png")
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert 1.3 < h / w < 1.6, (w, h)                          # about A4 proportions (1.414)
    pdf = render_report_file(html, tmp_path / f"report_{lang}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


def test_cli_report_pdf_and_png(woven, tmp_path):
    url, _, _ = woven
    env = {**os.environ, "WEAVING_DATABASE_URL": url}
    for suffix in ("pdf", "png"):
        out = tmp_path / f"veberod.{suffix}"
        r = subprocess.run([sys.executable, "-m", "weaving", "--lang", "en", "report", "--map", "Veberöd",
                            "--out", str(out)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=3 * WAIT_S)
        assert r.returncode == 0, r.stderr
        assert out.stat().st_size > 20_000
        assert out.read_bytes()[:4] == (b"%PDF" if suffix == "pdf" else b"\x89PNG")


def test_progress_page_in_the_running_app(page, app_url):
    """The page in the real app: take a snapshot (hostile label), the comparison and the
    download buttons show, nothing injected runs, nothing leaves the machine."""
    from tests.e2e.test_browser import (
        assert_local_only,
        assert_no_script_ran,
        open_page,
    )

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 2200})
    open_page(page, app_url, "progress")
    assert not page.locator("[data-testid='stException']").count()
    page.get_by_label("Namn på ögonblicksbilden").fill(HOSTILE[1])
    page.get_by_role("button", name="Ta ögonblicksbild").click()
    page.get_by_text("är sparad", exact=False).first.wait_for(timeout=WAIT_MS)
    page.get_by_text("Vad har hänt mellan", exact=False).first.wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(800)
    assert not page.locator("[data-testid='stException']").count()
    page.screenshot(path=str(ARTIFACTS / "page-progress.png"), full_page=True)
    page.get_by_role("tab", name="Utveckling över tid").click()
    page.wait_for_selector(".js-plotly-plot", timeout=WAIT_MS, state="attached")
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "page-progress-trend.png"), full_page=True)
    page.get_by_role("tab", name="Rapport").click()
    page.get_by_role("button", name="Ladda ner HTML").wait_for(timeout=WAIT_MS)
    assert page.get_by_role("button", name="Ladda ner PDF").count() == 1
    with page.expect_download(timeout=2 * WAIT_MS) as dl:
        page.get_by_role("button", name="Ladda ner PDF").click()
    path = dl.value.path()
    with open(path, "rb") as fh:
        assert fh.read(4) == b"%PDF"
    assert_no_script_ran(page)
    assert_local_only(page)
