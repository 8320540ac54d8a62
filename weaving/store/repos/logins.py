"""Sign-in throttling (issue 15, after the OWASP Authentication Cheat Sheet).

Failed sign-ins are counted under two keys, the account (the lower-cased user name as
typed, whether or not such an account exists) and the client (its address), in the
table ``login_failures``: every process of a shared deployment sees the same counts.
For each key separately (:data:`RULE`):

* after ``n`` failures within the last 15 minutes the next attempt must wait
  ``min(2 ** (n - 1), 60)`` seconds from the latest failure (1, 2, 4, ... 60 s);
* 10 failures within 15 minutes lock the key for 15 minutes from the 10th;
* a refused attempt (waiting or locked) is answered without checking the password at
  all, is not a failure, and neither extends a lockout nor fills the audit log;
* a successful sign-in clears the account's failures but not the client's: otherwise
  one valid account would let an attacker reset the client counter between guesses at
  other accounts.

An attempt first *reserves* its failure rows and commits them, then judges only the
rows written before its own, and only then checks the password. Parallel attempts on
one key therefore see each other: of a burst of simultaneous guesses one is checked,
the others wait. Every failure and every lockout is in the audit log (the user name as
typed and the client; never the password). Rows older than the window plus the lockout
are purged.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

import weaving.store.validate as V
from weaving.store.models import AuditEvent, LoginFailure, User, utcnow
from weaving.store.repos.base import _Repo

ACCOUNT, CLIENT = "account", "client"
MAX_KEY = 200  # the column's size
UNKNOWN_CLIENT = "unknown"


@dataclass(frozen=True)
class Rule:
    """When failures under one key slow down or lock further attempts."""

    limit: int = 10                                   # failures within ``window`` that lock
    window: dt.timedelta = dt.timedelta(minutes=15)
    lockout: dt.timedelta = dt.timedelta(minutes=15)
    first_wait_s: float = 1.0                         # after the first failure; doubled by each further one
    max_wait_s: float = 60.0

    @property
    def horizon(self) -> dt.timedelta:
        """How far back a failure can still matter."""
        return self.window + self.lockout


RULE = Rule()


@dataclass(frozen=True)
class Verdict:
    """May a key try now? ``wait_s`` 0: yes; else the whole seconds to wait."""

    wait_s: int = 0
    locked: bool = False

    @property
    def allowed(self) -> bool:
        return self.wait_s <= 0


@dataclass(frozen=True)
class SignIn:
    """The outcome of :meth:`LoginRepo.sign_in`: the account, or None with the wait
    (``wait_s`` > 0: refused unchecked because of the throttle; 0: wrong name or password)."""

    user: User | None
    wait_s: int = 0
    locked: bool = False


def assess(times: list[dt.datetime], now: dt.datetime, rule: Rule = RULE) -> Verdict:
    """Judge one key from the times of its failures.

    Parameters
    ----------
    times : list of datetime
        The key's failures (any order).
    now : datetime
    rule : Rule, optional

    Returns
    -------
    Verdict

    Examples
    --------
    >>> t0 = dt.datetime(2026, 1, 1, 12, 0, 0)
    >>> assess([], t0)
    Verdict(wait_s=0, locked=False)
    >>> assess([t0], t0)                                       # 1 failure: wait 1 s
    Verdict(wait_s=1, locked=False)
    >>> assess([t0, t0], t0 + dt.timedelta(seconds=1))         # 2 failures: 2 s
    Verdict(wait_s=1, locked=False)
    >>> ten = [t0 + dt.timedelta(minutes=i) for i in range(10)]
    >>> assess(ten, ten[-1] + dt.timedelta(minutes=5))          # locked 15 min from the 10th
    Verdict(wait_s=600, locked=True)
    >>> assess(ten, ten[-1] + dt.timedelta(minutes=15)).allowed
    True
    """
    recent = sorted(t for t in times if t > now - rule.horizon)
    lock_until: dt.datetime | None = None
    for i, t in enumerate(recent):
        if sum(1 for u in recent[: i + 1] if u > t - rule.window) >= rule.limit:
            lock_until = t + rule.lockout
    if lock_until is not None and now < lock_until:
        return Verdict(_ceil_s(lock_until - now), locked=True)
    in_window = [t for t in recent if t > now - rule.window]
    if in_window:
        wait = min(rule.first_wait_s * 2 ** (len(in_window) - 1), rule.max_wait_s)
        until = in_window[-1] + dt.timedelta(seconds=wait)
        if now < until:
            return Verdict(_ceil_s(until - now))
    return Verdict()


def _ceil_s(delta: dt.timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def clock() -> dt.datetime:
    """The time the throttle goes by (naive UTC); tests replace it or pass ``now``."""
    return utcnow()


def account_key(username: str) -> str:
    """The account key of a typed user name: as the account lookup sees it, lower-cased."""
    return V.clean_text(username).lower()[:MAX_KEY]


def client_key(client: str | None) -> str:
    """The client key of an address (``unknown`` when there is none)."""
    return V.clean_text(client)[:MAX_KEY] or UNKNOWN_CLIENT


class LoginRepo(_Repo):
    """The sign-in throttle (``uow.logins``); see the module's text for the rule."""

    rule: Rule = RULE

    # -- the whole sign-in -------------------------------------------------------------
    def sign_in(self, username: str, password: str, client: str | None = None, *,
                now: dt.datetime | None = None) -> SignIn:
        """Check a sign-in under the throttle. Commits its own bookkeeping (a failure must
        be remembered although the sign-in fails), so call it in a unit of work of its own.

        Parameters
        ----------
        username, password : str
            As typed.
        client : str or None, optional
            The client's address; None: ``unknown``.
        now : datetime or None, optional
            Naive UTC; default :func:`clock`.

        Returns
        -------
        SignIn
            The account when the password matches and neither key is throttled. A
            throttled attempt is refused without checking the password; an unknown user
            name is treated exactly like a wrong password.
        """
        now = now or clock()
        keys = {ACCOUNT: account_key(username), CLIENT: client_key(client)}
        mine = self._reserve(keys, now)
        self.uow.commit()
        before = self._verdict(keys, now, below=mine)
        if not before.allowed:
            self._delete(mine.values())   # refused unchecked: not a failure
            self.uow.commit()
            return SignIn(None, before.wait_s, before.locked)
        user = self.uow.users.authenticate(username, password)
        if user is not None:
            self.clear(username, now=now)
            self._delete([mine[CLIENT]])  # this attempt was no failure; earlier ones stay
            self.uow.commit()
            return SignIn(user)
        self._failed(username, keys, now, mine)
        self.uow.commit()
        return SignIn(None)

    # -- the parts ---------------------------------------------------------------------
    def check(self, username: str, client: str | None = None, *, now: dt.datetime | None = None) -> Verdict:
        """May this user name be tried from this client now (the stricter of both keys)?"""
        return self._verdict({ACCOUNT: account_key(username), CLIENT: client_key(client)}, now or clock())

    def record_failure(self, username: str, client: str | None = None, *, now: dt.datetime | None = None) -> list[str]:
        """Note a failed sign-in under both keys, with its audit event (not committed).

        Returns
        -------
        list of str
            The keys (``account``, ``client``) this failure locked.
        """
        now = now or clock()
        keys = {ACCOUNT: account_key(username), CLIENT: client_key(client)}
        return self._failed(username, keys, now, self._reserve(keys, now))

    def clear(self, username: str, *, now: dt.datetime | None = None) -> int:
        """Forget the account's failures (after a successful sign-in). Not committed.

        Returns
        -------
        int
            Rows removed.
        """
        self._purge(now or clock())
        result = self.s.execute(delete(LoginFailure).where(
            LoginFailure.kind == ACCOUNT, LoginFailure.value == account_key(username)))
        return result.rowcount or 0

    def failures(self, kind: str, value: str) -> list[dt.datetime]:
        """The recorded failure times of one key (``value`` as :func:`account_key` or
        :func:`client_key` makes it), oldest first."""
        return list(self.s.scalars(select(LoginFailure.at).where(
            LoginFailure.kind == kind, LoginFailure.value == value).order_by(LoginFailure.at, LoginFailure.id)))

    # -- internals ---------------------------------------------------------------------
    def _times(self, kind: str, value: str, now: dt.datetime, below: int | None = None,
               upto: int | None = None) -> list[dt.datetime]:
        q = select(LoginFailure.at).where(LoginFailure.kind == kind, LoginFailure.value == value,
                                          LoginFailure.at > now - self.rule.horizon)
        if below is not None:
            q = q.where(LoginFailure.id < below)
        if upto is not None:
            q = q.where(LoginFailure.id <= upto)
        return list(self.s.scalars(q))

    def _verdict(self, keys: dict[str, str], now: dt.datetime, below: dict[str, int] | None = None) -> Verdict:
        verdicts = [assess(self._times(kind, value, now, below=(below or {}).get(kind)), now, self.rule)
                    for kind, value in keys.items()]
        return max(verdicts, key=lambda v: (v.wait_s, v.locked))

    def _reserve(self, keys: dict[str, str], now: dt.datetime) -> dict[str, int]:
        rows = {kind: LoginFailure(kind=kind, value=value, at=now) for kind, value in keys.items()}
        self.s.add_all(rows.values())
        self.uow.flush()
        return {kind: row.id for kind, row in rows.items()}

    def _delete(self, ids) -> None:
        self.s.execute(delete(LoginFailure).where(LoginFailure.id.in_(list(ids))))

    def _purge(self, now: dt.datetime) -> None:
        self.s.execute(delete(LoginFailure).where(LoginFailure.at <= now - self.rule.horizon))

    def _failed(self, username: str, keys: dict[str, str], now: dt.datetime, mine: dict[str, int]) -> list[str]:
        typed = V.clean_text(username)[:MAX_KEY]
        self._audit("login_failed", typed, now, client=keys[CLIENT])
        locked = []
        for kind, value in keys.items():
            was = assess(self._times(kind, value, now, below=mine[kind]), now, self.rule)
            after = assess(self._times(kind, value, now, upto=mine[kind]), now, self.rule)
            if after.locked and not was.locked:
                locked.append(kind)
                self._audit("login_locked", typed, now, client=keys[CLIENT], key=kind,
                            until=(now + dt.timedelta(seconds=after.wait_s)).isoformat(timespec="seconds"))
        self._purge(now)
        self.uow.flush()
        return locked

    def _audit(self, action: str, typed: str, now: dt.datetime, **detail: Any) -> None:
        # sign-in is global like the accounts: no workspace (the audit page lists these too)
        self.s.add(AuditEvent(at=now, user=typed, action=action, entity="login", entity_id=None,
                              workspace_id=None, detail=detail))
