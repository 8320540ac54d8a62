"""The unit of work: the ONLY way the rest of weaving reads or writes the database.

Usage::

    store = Store()                      # WEAVING_DATABASE_URL or data/weaving.db
    with store.uow(user="anna") as uow:  # one transaction
        m = uow.maps.create("Dalby")
        a = uow.actors.add(m.id, name="Dalby bibliotek", type="library")
        uow.commit()                     # nothing is written without commit()

Leaving the block without ``commit()`` (or with an exception) rolls everything back,
so a failing import or a bad form changes nothing. The repositories (``uow.maps``,
``uow.actors``, ...) live in :mod:`weaving.store.repos`, one module per aggregate.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from weaving.core.access import auth_mode, role_at_least
from weaving.core.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from weaving.store.engine import database_url, make_engine, migrate
from weaving.store.models import AuditEvent, LoginFailure, Membership, User, Workspace
from weaving.store.repos.actors import ActorRepo
from weaving.store.repos.audit import AuditRepo
from weaving.store.repos.base import DEFAULT_WORKSPACE
from weaving.store.repos.challenges import ChallengeRepo
from weaving.store.repos.contacts import ContactRepo
from weaving.store.repos.introductions import IntroductionRepo
from weaving.store.repos.links import LinkRepo
from weaving.store.repos.logins import LoginRepo
from weaving.store.repos.maps import MapRepo
from weaving.store.repos.snapshots import SnapshotRepo
from weaving.store.repos.surveys import SurveyRepo
from weaving.store.repos.users import UserRepo
from weaving.store.revisions import Touched, bump, collect


class Store:
    """Owns the database engine and hands out units of work. Create one per process.

    Parameters
    ----------
    url : str or None, optional
        SQLAlchemy URL; default ``WEAVING_DATABASE_URL`` or the SQLite file
        ``data/weaving.db``.
    auto_migrate : bool, optional
        Bring the schema to the newest migration first (default True).
    engine : sqlalchemy.Engine or None, optional
        Use this engine instead of making one from ``url``.
    """

    def __init__(self, url: str | None = None, *, auto_migrate: bool = True, engine: Engine | None = None) -> None:
        self.url = database_url(url)
        self.engine = engine or make_engine(self.url)
        if auto_migrate:
            migrate(self.url, engine=self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)

    @property
    def backend(self) -> str:
        """The database dialect: ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def uow(self, user: str = "local", workspace: str | None = None, role: str | None = None) -> UnitOfWork:
        """A new unit of work (one transaction) for a user.

        Parameters
        ----------
        user : str, optional
            Who acts; recorded in the audit log.
        workspace : str or None, optional
            The workspace's name (default ``Standard``; created on first write).
        role : str or None, optional
            Overrides the stored role (system tasks). Without authentication
            (``WEAVING_AUTH`` unset) the user is an admin.

        Returns
        -------
        UnitOfWork
            Use it as a context manager.
        """
        return UnitOfWork(self._sessions(), user=user, workspace=workspace, role=role)

    def dispose(self) -> None:
        """Close the engine's connections."""
        self.engine.dispose()


class UnitOfWork:
    """One transaction in one workspace, with a repository per aggregate.

    Repositories: ``maps``, ``actors``, ``links``, ``challenges``, ``introductions``,
    ``snapshots``, ``contacts``, ``audit``, ``users``, ``surveys``, ``logins``.
    Nothing is written until :meth:`commit`; leaving the ``with`` block rolls back
    whatever was not committed. Every flush is checked: without the editor role no
    change (other than account management, which checks admin itself, and the sign-in
    throttle's bookkeeping) reaches the database.

    Parameters
    ----------
    session : sqlalchemy.orm.Session
        Usually made by :meth:`Store.uow`.
    user : str, optional
        Who acts; recorded in the audit log.
    workspace : str or None, optional
        The workspace's name (default ``Standard``).
    role : str or None, optional
        Overrides the stored role; without authentication the user is an admin.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = Store(f"sqlite:///{pathlib.Path(tmp.name) / 'weaving.db'}")
    >>> with store.uow(user="anna") as uow:
    ...     m = uow.maps.create("Dalby")
    ...     a = uow.actors.add(m.id, name="Dalby bibliotek", type="library")
    ...     uow.commit()
    >>> with store.uow() as uow:
    ...     _ = uow.maps.create("Never saved")  # no commit(): rolled back
    >>> with store.uow() as uow:
    ...     names = [(m.name, [a.name for a in m.actors]) for m in uow.maps.list()]
    >>> names
    [('Dalby', ['Dalby bibliotek'])]
    >>> store.dispose()
    >>> tmp.cleanup()
    """

    def __init__(self, session: Session, *, user: str = "local", workspace: str | None = None, role: str | None = None) -> None:
        self.session = session
        self.user = user
        self._workspace_name = workspace or DEFAULT_WORKSPACE
        self._workspace: Workspace | None = None
        self._role = role if role is not None else ("admin" if not auth_mode() else None)
        self._role_known = self._role is not None
        # the last line of defence: no write reaches the database without the editor role
        event.listen(session, "before_flush", self._guard_writes)
        # every write notes the maps it changes; commit() bumps their revision once
        self._touched = Touched()
        event.listen(session, "before_flush", self._note_touched)
        event.listen(session, "after_rollback", lambda _s: self._touched.clear())
        self.maps = MapRepo(self)
        self.actors = ActorRepo(self)
        self.links = LinkRepo(self)
        self.challenges = ChallengeRepo(self)
        self.introductions = IntroductionRepo(self)
        self.snapshots = SnapshotRepo(self)
        self.contacts = ContactRepo(self)
        self.audit = AuditRepo(self)
        self.users = UserRepo(self)
        self.surveys = SurveyRepo(self)
        self.logins = LoginRepo(self)

    # -- permissions --------------------------------------------------------
    @property
    def role(self) -> str | None:
        """The user's role here (looked up once): ``viewer``, ``editor``, ``admin`` or None."""
        if not self._role_known:
            self._role = self.users.role_of(self.user)
            self._role_known = True
        return self._role

    def require(self, wanted: str) -> None:
        """Check that the user has at least a role.

        Parameters
        ----------
        wanted : str
            ``viewer``, ``editor`` or ``admin``.

        Raises
        ------
        PermissionDenied
            The user's role is lower (or there is none).
        """
        if not role_at_least(self.role, wanted):
            raise PermissionDenied("error.permission", role=wanted)

    def _guard_writes(self, session: Session, _ctx, _instances) -> None:
        if not (session.new or session.dirty or session.deleted):
            return
        if all(_self_checked(o) for o in [*session.new, *session.dirty, *session.deleted]):
            return  # account management checks its own (admin) permission; sign-in needs none
        if not role_at_least(self.role, "editor"):
            raise PermissionDenied("error.permission", role="editor")

    def _note_touched(self, session: Session, _ctx, _instances) -> None:
        collect(session, self._touched)

    def touch(self, map_ids) -> None:
        """Note maps changed by a write that went around the ORM (SQLAlchemy Core), so
        that :meth:`commit` bumps their revision (see :mod:`weaving.store.revisions`).

        Parameters
        ----------
        map_ids : iterable of int
        """
        for i in map_ids:
            self._touched.add_map(int(i))

    # -- transaction ------------------------------------------------------
    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    @contextmanager
    def _user_errors(self):
        """Database refusals become translated errors; the transaction is rolled back."""
        try:
            yield
        except StaleDataError as exc:
            self.session.rollback()
            raise ConflictError("error.conflict_other") from exc
        except IntegrityError as exc:
            self.session.rollback()
            raise _integrity_to_error(exc) from exc

    @contextmanager
    def refusals(self, key: str = "error.refused"):
        """Run a block of store calls; any other database refusal in it (a value longer
        than its column on PostgreSQL, say) becomes ``ValidationError(key, detail=...)``
        after a rollback, so callers outside the store never handle SQLAlchemy errors.

        Examples
        --------
        >>> with uow.refusals("imp.error.store_refused"):  # doctest: +SKIP
        ...     import_graph(uow, map_id, G)
        """
        try:
            with self._user_errors():
                yield
        except SQLAlchemyError as exc:
            self.session.rollback()
            raise ValidationError(key, detail=type(exc).__name__) from exc

    def flush(self) -> None:
        """Send pending changes to the database (still uncommitted).

        Raises
        ------
        ConflictError
            Someone else changed or deleted a row meanwhile, or a unique rule is broken.
        ValidationError
            A database check refused a value.
        NotFoundError
            A referenced row is gone.
        PermissionDenied
            There are changes and the user is not an editor.
        """
        with self._user_errors():
            self.session.flush()

    def commit(self) -> None:
        """Write everything of this unit of work, all or nothing.

        Raises
        ------
        ConflictError
            Someone else changed or deleted a row meanwhile, or a unique rule is broken.
        ValidationError
            A database check refused a value.
        NotFoundError
            A referenced row is gone.
        PermissionDenied
            There are changes and the user is not an editor.
        """
        with self._user_errors():
            self.session.flush()
            bump(self.session, self._touched.ids())
            self.session.commit()
        self._touched.clear()

    def rollback(self) -> None:
        """Drop every uncommitted change."""
        self.session.rollback()

    # -- workspace ----------------------------------------------------------
    @property
    def workspace(self) -> Workspace:
        """The unit of work's workspace, created on first use.

        Raises
        ------
        PermissionDenied
            It does not exist yet and the user is not an editor.
        """
        if self._workspace is None:
            ws = self.session.scalar(select(Workspace).where(Workspace.name == self._workspace_name))
            if ws is None:
                self.require("editor")
                ws = Workspace(name=self._workspace_name)
                self.session.add(ws)
                self.session.flush()
            self._workspace = ws
        return self._workspace

    def record(self, action: str, entity: str, entity_id: int | None, **detail: Any) -> None:
        """Add an audit event (written with the transaction).

        Parameters
        ----------
        action : str
            E.g. ``create``, ``update``, ``delete``.
        entity : str
            E.g. ``map``, ``actor``, ``link``.
        entity_id : int or None
        **detail
            JSON-serialisable details.
        """
        self.session.add(
            AuditEvent(
                user=self.user,
                action=action,
                entity=entity,
                entity_id=entity_id,
                workspace_id=self.workspace.id,
                detail=detail,
            )
        )


def _self_checked(obj: object) -> bool:
    """Rows the editor guard lets through: accounts and roles (admin-checked by their
    repository) and the sign-in throttle's bookkeeping, written before anyone is signed in."""
    if isinstance(obj, (User, Membership, LoginFailure)):
        return True
    return isinstance(obj, AuditEvent) and obj.entity == "login"


def _integrity_to_error(exc: IntegrityError) -> Exception:
    text = str(exc.orig).lower()
    if "pair_kind" in text or ("links" in text and "unique" in text):
        return ConflictError("error.duplicate_link_other")
    if "no_self_link" in text or "distinct_actors" in text:
        return ValidationError("error.self_link")
    if "unique" in text or "duplicate key" in text:
        return ConflictError("error.conflict_other")
    if "foreign key" in text:
        return NotFoundError("error.gone")
    return ValidationError("error.refused")
