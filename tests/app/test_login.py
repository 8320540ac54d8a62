"""Login with built-in accounts (WEAVING_AUTH=builtin); roles enforced by the store."""
import datetime as dt

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


# ----------------------------------------------------------------------- throttling (issue 15)
class _Throttle:
    """A fake clock for the store's throttle and the client address each session has."""

    def __init__(self, monkeypatch):
        self.now = dt.datetime(2026, 3, 2, 8, 0, 0)
        self.client = "unknown"
        monkeypatch.setattr("weaving.store.repos.logins.clock", lambda: self.now)
        monkeypatch.setattr("weaving.ui.auth.client_address", lambda: self.client)

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


def _errors(at):
    return [e.value for e in at.error]


def test_unknown_user_gets_the_same_message_as_a_wrong_password(accounts, monkeypatch):
    throttle = _Throttle(monkeypatch)
    for lang in ("en", "sv"):
        throttle.client = f"10.0.0.1-{lang}"
        wrong = _errors(_login(run_page(lang=lang), "vera", "wrong-password"))
        throttle.client = f"10.0.0.2-{lang}"
        unknown = _errors(_login(run_page(lang=lang), "nobody-at-all", "wrong-password"))
        assert wrong == unknown and len(wrong) == 1
        throttle.advance(minutes=1)
    assert wrong == ["Fel användarnamn eller lösenord."]


def test_two_sessions_share_the_lockout_of_an_account(accounts, monkeypatch):
    throttle = _Throttle(monkeypatch)
    sessions = {"10.0.0.1": run_page(lang="en"), "10.0.0.2": run_page(lang="en")}
    waits = [1, 2, 4, 8, 16, 32, 60, 60, 60]
    for n in range(10):           # the failures alternate between the two sessions
        throttle.client = ["10.0.0.1", "10.0.0.2"][n % 2]
        assert _errors(_login(sessions[throttle.client], "vera", "wrong-password")) == ["Wrong username or password."]
        if n == 0:                # the other session is slowed down at once
            throttle.client = "10.0.0.2"
            assert _errors(_login(sessions["10.0.0.2"], "vera", "viewer-password-1")) == [
                "Too many attempts; try again in one second."]
        if n < 9:
            throttle.advance(seconds=waits[n])
    for client, at in sessions.items():   # locked for both, the right password unchecked
        throttle.client = client
        assert _errors(_login(at, "vera", "viewer-password-1")) == ["Too many attempts; try again in 15 minutes."]
        assert not at.dataframe
    throttle.advance(minutes=10)
    assert _errors(_login(sessions["10.0.0.1"], "vera", "viewer-password-1")) == [
        "Too many attempts; try again in 5 minutes."]
    throttle.advance(minutes=5)
    throttle.client = "10.0.0.2"
    at = _login(sessions["10.0.0.2"], "vera", "viewer-password-1")
    assert not at.exception and not at.error
    assert at.dataframe[0].value.shape[0] == 4


def test_throttled_message_in_swedish(accounts, monkeypatch):
    throttle = _Throttle(monkeypatch)
    at = _login(run_page(lang="sv"), "vera", "wrong-password")
    assert _errors(_login(at, "vera", "wrong-password")) == ["För många försök; försök igen om en sekund."]
    throttle.advance(seconds=1)
    _login(at, "vera", "wrong-password")
    assert _errors(_login(at, "vera", "wrong-password")) == ["För många försök; försök igen om 2 sekunder."]
