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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A fresh, empty database: a real SQLite file, and a real PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'weaving.db'}"
        return
    admin = _admin_url()
    if admin is None:
        if os.environ.get("WEAVING_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (WEAVING_REQUIRE_POSTGRES=1) but not available")
        pytest.skip("PostgreSQL server not available")
    url, name = pgserver.create_database(admin)
    yield url
    pgserver.drop_database(admin, name)


@pytest.fixture
def store(db_url):
    from weaving.store import Store

    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'weaving.db'}"
