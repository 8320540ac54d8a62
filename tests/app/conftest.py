"""AppTest fixtures: a fresh database file per test, caches cleared between tests."""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from weaving.demo import load_demo
from weaving.store import Store

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("WEAVING_DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    """Load the demo once, then copy the SQLite file for each test that needs it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = Store(f"sqlite:///{path}")
    load_demo(store)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return path


@pytest.fixture
def demo_db(app_db, _demo_template, tmp_path):
    import shutil

    shutil.copy(_demo_template, tmp_path / "app.db")
    return app_db


def run_page(page: str | None = None, lang: str = "sv", timeout: float = 30) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.session_state["lang"] = lang
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at
