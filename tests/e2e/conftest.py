"""A real app server (streamlit run) on a free loopback port, with the fictional demo
plus two hostile actor names, and a headless Debian chromium driven by Playwright."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.waits import WAIT_MS, WAIT_S

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = ("<img src=x onerror=alert(1)>", "</script><script>window.pwned=1</script>")
CHROME_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


def _require_browser() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("WEAVING_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required (WEAVING_REQUIRE_BROWSER=1) but missing")
        pytest.skip(f"{CHROMIUM} not installed")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("WEAVING_REQUIRE_BROWSER") == "1":
            raise
        pytest.skip("playwright not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(url: str) -> None:
    from weaving.store.demo import load_demo
    from weaving.store import Store

    store = Store(url)
    load_demo(store)
    with store.uow() as uow:
        dalby = uow.maps.require("Dalby")
        hub = uow.actors.by_name("Dalby bibliotek") or uow.actors.list([dalby.id])[0]
        bad = [uow.actors.add(dalby.id, name=n, type="association") for n in HOSTILE]
        for a in bad:
            uow.links.add(hub.id, a.id, kind="dialogue", purpose=HOSTILE[1], place=HOSTILE[0])
        uow.challenges.add(dalby.id, HOSTILE[0] + " " + HOSTILE[1], actor_ids=[a.id for a in bad])
        uow.commit()
    store.dispose()


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory):
    """The database the e2e app server uses (the demo plus hostile names)."""
    _require_browser()
    db = tmp_path_factory.mktemp("e2e") / "e2e.db"
    url = f"sqlite:///{db}"
    _seed(url)
    return url


@contextlib.contextmanager
def serve_app(db_url: str, log_dir: Path, env: dict | None = None):
    """A real ``streamlit run app.py`` on a free loopback port for ``db_url``; yields its
    base URL and stops the server's process group afterwards."""
    port = _free_port()
    full = {**os.environ, "WEAVING_DATABASE_URL": db_url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            **(env or {})}
    log = open(log_dir / "server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--global.developmentMode", "false"],
        cwd=ROOT, env=full, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early ({proc.returncode}); see {log.name}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start within {WAIT_S:.0f} s")
            time.sleep(0.3)
        yield base
    finally:
        # the server runs in its own session: stop that process group only
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()


@pytest.fixture(scope="session")
def app_url(e2e_db, tmp_path_factory):
    with serve_app(e2e_db, tmp_path_factory.mktemp("e2e-log")) as base:
        yield base


@pytest.fixture(scope="session")
def browser(app_url, pw_browser):
    return pw_browser


@pytest.fixture
def page(browser):
    """A fresh page that records every request and dialog."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    context.set_default_timeout(WAIT_MS)
    pg = context.new_page()
    pg.requests, pg.dialogs = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()
