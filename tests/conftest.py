from __future__ import annotations

import os

import pytest

from tests import pgserver

_ADMIN: dict[str, str | None] = {}


def _admin_url() -> str | None:
    if "url" not in _ADMIN:
        try:
            _ADMIN["url"] = pgserver.ensure_server()
        except Exception as exc:  # noqa: BLE001
            if os.environ.get("WEAVING_REQUIRE_POSTGRES") == "1":
                raise
            _ADMIN["url"] = None
            _ADMIN["error"] = str(exc)
    return _ADMIN["url"]


def fresh_database(backend: str, tmp_path, name: str = "weaving"):
    """Yield the URL of a fresh, empty database: a SQLite file in ``tmp_path``, or a new
    PostgreSQL database that is dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.db'}"
        return
    admin = _admin_url()
    if admin is None:
        if os.environ.get("WEAVING_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (WEAVING_REQUIRE_POSTGRES=1) but not available")
        pytest.skip("PostgreSQL server not available")
    url, db = pgserver.create_database(admin)
    yield url
    pgserver.drop_database(admin, db)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A fresh, empty database: a real SQLite file, and a real PostgreSQL database."""
    yield from fresh_database(request.param, tmp_path)


@pytest.fixture
def store(db_url):
    from weaving.store import Store

    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'weaving.db'}"


CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def pw_browser():
    """ONE Playwright + Debian Chromium for the whole run (Playwright's sync API cannot
    be started twice in one thread while the first is alive). Skips when chromium is
    missing, unless WEAVING_REQUIRE_BROWSER=1 (CI)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("WEAVING_REQUIRE_BROWSER") == "1":
            pytest.fail("Debian chromium is required (WEAVING_REQUIRE_BROWSER=1) but missing")
        pytest.skip("Debian chromium not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        yield browser
        browser.close()
