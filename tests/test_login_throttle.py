"""Sign-in throttling (issue 15): per account and per client, exponential back-off and a
15-minute lockout after 10 failures in 15 minutes, kept in the database so that every
session and process sees it. The clock is injected: nothing here sleeps."""
from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from sqlalchemy import func, select

from weaving.store import Store
from weaving.store.models import AuditEvent, LoginFailure
from weaving.store.repos.logins import ACCOUNT, CLIENT, RULE

T0 = dt.datetime(2026, 3, 2, 8, 0, 0)
RIGHT = "viewer-password-1"
WRONG = "not-the-password"
WAITS = [1, 2, 4, 8, 16, 32, 60, 60, 60]   # required after failures 1..9


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def advance(self, seconds: float = 0, minutes: float = 0) -> None:
        self.now += dt.timedelta(seconds=seconds, minutes=minutes)


@pytest.fixture
def accounts(db_url, monkeypatch):
    monkeypatch.setenv("WEAVING_AUTH", "builtin")   # sign-in happens before anyone has a role
    s = Store(db_url)
    with s.uow(user="setup", role="admin") as uow:
        uow.users.create("vera", RIGHT, role="viewer")
        uow.users.create("erik", "editor-password-1", role="editor")
        uow.commit()
    yield s
    s.dispose()


def attempt(store, clock, user, password, client):
    with store.uow(user=user) as uow:
        return uow.logins.sign_in(user, password, client, now=clock.now)


def fail(store, clock, user, client, times=1):
    """``times`` checked failures, each after waiting as long as the throttle asks."""
    for _ in range(times):
        result = attempt(store, clock, user, WRONG, client)
        if result.wait_s:
            assert not result.locked
            clock.advance(result.wait_s)
            result = attempt(store, clock, user, WRONG, client)
        assert result.user is None and result.wait_s == 0


def failures(store, kind, value):
    with store.uow() as uow:
        return len(uow.logins.failures(kind, value))


def audit(store):
    with store.engine.connect() as conn:
        return [(e.action, e.user, e.entity, e.workspace_id, e.detail)
                for e in conn.execute(select(AuditEvent).where(AuditEvent.entity == "login").order_by(AuditEvent.id))]


# ------------------------------------------------------------------------ back-off and lockout
def test_each_failure_doubles_the_wait_then_ten_lock_for_fifteen_minutes(accounts):
    clock = Clock()
    seen = []
    for n in range(1, 10):
        fail(accounts, clock, "vera", "10.0.0.1")
        refused = attempt(accounts, clock, "vera", RIGHT, "10.0.0.1")   # even the right password
        assert refused.user is None and not refused.locked
        seen.append(refused.wait_s)
        clock.advance(refused.wait_s - 1)
        assert attempt(accounts, clock, "vera", RIGHT, "10.0.0.1").wait_s == 1   # a second short
        clock.advance(1)
        if n == 9:
            break
    assert seen == WAITS
    fail(accounts, clock, "vera", "10.0.0.1")                              # the 10th
    locked = attempt(accounts, clock, "vera", RIGHT, "10.0.0.1")
    assert locked.user is None and locked.locked and locked.wait_s == 15 * 60
    clock.advance(minutes=14, seconds=59)
    assert attempt(accounts, clock, "vera", RIGHT, "10.0.0.1").locked
    clock.advance(seconds=1)
    assert attempt(accounts, clock, "vera", RIGHT, "10.0.0.1").user.username == "vera"


def test_ten_failures_from_one_client_lock_the_account_for_every_client(accounts):
    clock = Clock()
    fail(accounts, clock, "vera", "10.0.0.1", times=10)
    # another session, another client, the right password: still locked, password unchecked
    other = attempt(accounts, clock, "vera", RIGHT, "10.0.0.2")
    assert other.user is None and other.locked and other.wait_s == 900
    clock.advance(minutes=10)
    other = attempt(accounts, clock, "VERA", RIGHT, "10.0.0.2")           # the name in any case
    assert other.locked and other.wait_s == 300
    # other accounts are not locked from the other client
    assert attempt(accounts, clock, "erik", "editor-password-1", "10.0.0.2").user.username == "erik"
    clock.advance(minutes=5)
    assert attempt(accounts, clock, "vera", RIGHT, "10.0.0.2").user.username == "vera"
    assert attempt(accounts, clock, "erik", "editor-password-1", "10.0.0.1").user is not None  # client freed too


def test_a_refused_attempt_never_checks_the_password_and_is_not_a_failure(accounts, monkeypatch):
    clock = Clock()
    fail(accounts, clock, "vera", "10.0.0.1", times=10)
    before = failures(accounts, ACCOUNT, "vera")

    def boom(*_a, **_k):
        raise AssertionError("the password was checked")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("weaving.store.repos.users.verify_password", boom)
        mp.setattr("weaving.store.repos.users.hash_password", boom)
        for _ in range(20):
            clock.advance(seconds=10)
            assert attempt(accounts, clock, "vera", RIGHT, "10.0.0.3").locked
            assert attempt(accounts, clock, "nobody", WRONG, "10.0.0.1").locked   # the locked client
    assert failures(accounts, ACCOUNT, "vera") == before       # the lockout is not extended
    clock.advance(minutes=15, seconds=-200)
    assert attempt(accounts, clock, "vera", RIGHT, "10.0.0.3").user is not None


def test_one_client_is_locked_across_user_names(accounts):
    clock = Clock()
    for i in range(10):
        fail(accounts, clock, f"guess{i}", "10.9.9.9")          # one failure per name
    assert failures(accounts, CLIENT, "10.9.9.9") == 10
    assert failures(accounts, ACCOUNT, "guess0") == 1
    mine = attempt(accounts, clock, "vera", RIGHT, "10.9.9.9")   # a real account, right password
    assert mine.user is None and mine.locked and mine.wait_s == 900
    assert attempt(accounts, clock, "vera", RIGHT, "10.0.0.1").user is not None   # another client
    clock.advance(minutes=15)
    assert attempt(accounts, clock, "vera", RIGHT, "10.9.9.9").user is not None


def test_unknown_user_names_are_throttled_exactly_like_known_ones(accounts):
    def run(name, client):
        clock, out, failed = Clock(), [], 0
        while failed < 10:          # retry at once, then after the wait the throttle names
            r = attempt(accounts, clock, name, WRONG, client)
            out.append((r.user, r.wait_s, r.locked))
            failed += not r.wait_s
            clock.advance(r.wait_s or 0.5)
        r = attempt(accounts, clock, name, RIGHT, client)
        return [*out, (r.user, r.wait_s, r.locked)]

    known, unknown = run("vera", "10.0.0.1"), run("nobody-here", "10.0.0.2")
    assert known == unknown
    assert known[-1][0] is None and known[-1][2] and len(known) == 20
    rows = audit(accounts)
    shape = {name: [(a, e, w, sorted(d)) for a, u, e, w, d in rows if u == name] for name in ("vera", "nobody-here")}
    assert shape["vera"] == shape["nobody-here"]


def test_success_clears_the_account_but_keeps_the_client_failures(accounts):
    clock = Clock()
    fail(accounts, clock, "vera", "10.0.0.1", times=5)
    clock.advance(seconds=16)
    assert attempt(accounts, clock, "vera", RIGHT, "10.0.0.1").user is not None
    assert failures(accounts, ACCOUNT, "vera") == 0
    assert failures(accounts, CLIENT, "10.0.0.1") == 5       # a valid account resets nothing for the client
    fail(accounts, clock, "vera", "10.0.0.2")                   # the account starts again at 1 s
    assert attempt(accounts, clock, "vera", RIGHT, "10.0.0.2").wait_s == 1
    fail(accounts, clock, "erik", "10.0.0.1")                   # the client's 6th failure: 32 s
    assert attempt(accounts, clock, "erik", "editor-password-1", "10.0.0.1").wait_s == 32


def test_failures_and_lockouts_are_in_the_audit_log_without_the_password(accounts):
    clock = Clock()
    fail(accounts, clock, "Vera ", "192.0.2.7", times=10)
    rows = audit(accounts)
    failed = [r for r in rows if r[0] == "login_failed"]
    assert len(failed) == 10
    assert all(r[1] == "Vera" and r[2] == "login" and r[3] is None and r[4] == {"client": "192.0.2.7"} for r in failed)
    locks = [r for r in rows if r[0] == "login_locked"]
    assert sorted(r[4]["key"] for r in locks) == [ACCOUNT, CLIENT]
    assert all(r[4]["client"] == "192.0.2.7" and r[4]["until"].startswith("2026-03-02T") for r in locks)
    for _ in range(5):                              # refused attempts add nothing
        attempt(accounts, clock, "Vera", RIGHT, "192.0.2.7")
    assert audit(accounts) == rows
    assert WRONG not in json.dumps(rows) and RIGHT not in json.dumps(rows)
    with accounts.uow(user="erik") as uow:          # the audit list shows them (no workspace)
        assert {"login_failed", "login_locked"} <= {e.action for e in uow.audit.list()}


def test_old_failures_are_purged(accounts):
    clock = Clock()
    fail(accounts, clock, "vera", "10.0.0.1", times=3)
    clock.advance(minutes=31)
    fail(accounts, clock, "erik", "10.0.0.5")
    with accounts.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(LoginFailure)).scalar() == 2   # erik's two keys


def test_a_burst_of_parallel_guesses_is_not_all_checked(accounts):
    """Each attempt reserves its row before judging: simultaneous guesses see each other."""
    clock, n = Clock(), 8
    barrier, results = threading.Barrier(n), []

    def guess(i):
        barrier.wait()
        results.append(attempt(accounts, clock, "vera", f"guess-{i}", f"10.1.0.{i}"))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    checked = [r for r in results if not r.wait_s]
    assert len(results) == n and 1 <= len(checked) <= n // 2
    assert failures(accounts, ACCOUNT, "vera") == len(checked)   # refused ones left no row


def test_the_rule(accounts):
    assert (RULE.limit, RULE.window, RULE.lockout, RULE.first_wait_s, RULE.max_wait_s) == (
        10, dt.timedelta(minutes=15), dt.timedelta(minutes=15), 1.0, 60.0)


def test_backups_leave_the_throttle_out_and_a_no_personal_one_drops_the_client(accounts):
    from weaving.store.backup import TABLES, backup

    clock = Clock()
    fail(accounts, clock, "vera", "192.0.2.7", times=2)
    assert "login_failures" not in TABLES
    with accounts.uow(user="setup", role="admin") as uow:
        full = json.loads(backup(uow))
        anonymous = json.loads(backup(uow, include_personal=False))
    logins = [e for e in full["tables"]["audit_events"] if e["entity"] == "login"]
    assert [e["detail"] for e in logins] == [{"client": "192.0.2.7"}] * 2
    stripped = [e for e in anonymous["tables"]["audit_events"] if e["entity"] == "login"]
    assert len(stripped) == 2 and all(e["user"].startswith("user:") and e["detail"] == {} for e in stripped)
    assert "192.0.2.7" not in json.dumps(anonymous)
