"""AppTest fixtures: a fresh database per test (a real SQLite file, and a real
PostgreSQL database), caches cleared between tests."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests import pgserver
from tests.conftest import _admin_url
from tests.waits import WAIT_S
from weaving.store import Store
from weaving.store.demo import load_demo

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def app_backend(request):
    if request.param == "postgresql" and _admin_url() is None:
        if os.environ.get("WEAVING_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required but not available")
        pytest.skip("PostgreSQL server not available")
    return request.param


def _clear_caches():
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="session")
def _sqlite_demo_template(tmp_path_factory):
    """Load the demo once, then copy the SQLite file for each test that needs it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = Store(f"sqlite:///{path}")
    load_demo(store)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_demo_template():
    """A PostgreSQL database with the demo loaded, used as CREATE DATABASE ... TEMPLATE."""
    admin = _admin_url()
    url, name = pgserver.create_database(admin)
    store = Store(url)
    load_demo(store)
    store.dispose()
    yield name
    pgserver.drop_database(admin, name)


def _database(request, backend: str, tmp_path: Path, demo: bool):
    if backend == "sqlite":
        path = tmp_path / "app.db"
        if demo:
            shutil.copy(request.getfixturevalue("_sqlite_demo_template"), path)
        return f"sqlite:///{path}", None
    admin = _admin_url()
    template = request.getfixturevalue("_pg_demo_template") if demo else None
    url, name = pgserver.create_database(admin, template=template)
    return url, name


def _use_database(request, backend, tmp_path, monkeypatch, *, demo: bool):
    url, pg_name = _database(request, backend, tmp_path, demo=demo)
    monkeypatch.setenv("WEAVING_DATABASE_URL", url)
    _clear_caches()
    yield url
    _clear_caches()
    if pg_name:
        pgserver.drop_database(_admin_url(), pg_name)


@pytest.fixture
def app_db(request, app_backend, tmp_path, monkeypatch):
    """An empty database for the app."""
    yield from _use_database(request, app_backend, tmp_path, monkeypatch, demo=False)


@pytest.fixture
def demo_db(request, app_backend, tmp_path, monkeypatch):
    """A database with the fictional demo maps."""
    yield from _use_database(request, app_backend, tmp_path, monkeypatch, demo=True)


def run_page(page: str | None = None, lang: str = "sv", timeout: float = WAIT_S, state: dict | None = None,
             params: dict | None = None) -> AppTest:
    """Run the app, then ``page``; ``params`` are the URL's query parameters (``?map=...``)."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at
