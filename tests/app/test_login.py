"""Login with built-in accounts (WEAVING_AUTH=builtin); roles enforced by the store."""
import pytest

from tests.app.conftest import run_page
from weaving.store import Store


@pytest.fixture
def accounts(demo_db, monkeypatch):
    monkeypatch.setenv("WEAVING_AUTH", "builtin")
    store = Store(demo_db)
    with store.uow(user="setup", role="admin") as uow:
        uow.users.create("vera", "viewer-password-1", role="viewer")
        uow.users.create("erik", "editor-password-1", role="editor")
        uow.commit()
    store.dispose()
    monkeypatch.setattr("weaving.ui.auth._FAILED_DELAY", 0)
    return demo_db


def _login(at, user, password):
    at.text_input(key="login_username").input(user)
    at.text_input(key="login_password").input(password)
    at.button[0].click().run()
    return at


def test_login_required_and_wrong_password_refused(accounts):
    at = run_page(lang="en")
    assert not at.exception
    assert at.title[0].value == "Sign in"
    assert not at.dataframe  # no data before sign-in
    _login(at, "vera", "wrong-password")
    assert any("Wrong username or password" in e.value for e in at.error)
    assert not at.dataframe


def test_viewer_signs_in_and_sees_maps_but_cannot_write(accounts):
    at = _login(run_page(lang="en"), "vera", "viewer-password-1")
    assert not at.exception
    assert at.dataframe[0].value.shape[0] == 4
    assert any("vera" in c.value for c in at.sidebar.caption)
    # the store refuses a viewer's write whatever the page does
    from weaving.core.errors import PermissionDenied

    store = Store(accounts)
    with store.uow(user="vera") as uow:
        with pytest.raises(PermissionDenied):
            uow.maps.create("Ny karta")
    store.dispose()


def test_no_login_without_auth(demo_db, monkeypatch):
    monkeypatch.delenv("WEAVING_AUTH", raising=False)
    at = run_page(lang="en")
    assert at.title[0].value == "Network weaving"
