"""Built-in accounts and their role in each workspace."""
from __future__ import annotations

from sqlalchemy import func, select

from weaving.core.access import MIN_PASSWORD, ROLES, hash_password, needs_rehash, verify_password
from weaving.core.errors import ConflictError, NotFoundError, ValidationError
import weaving.store.validate as V
from weaving.store.models import Membership, User, Workspace
from weaving.store.repos.base import MAX_MAP_NAME, _Repo


class UserRepo(_Repo):
    """Built-in accounts and workspace roles (``uow.users``). Changing them needs the admin role."""

    def get(self, username: str) -> User | None:
        """The account of this user name (case-insensitive).

        Parameters
        ----------
        username : str

        Returns
        -------
        User or None
        """
        return self.s.scalar(select(User).where(func.lower(User.username) == V.clean_text(username).lower()))

    def role_of(self, username: str) -> str | None:
        """The user's role in the unit of work's workspace.

        Parameters
        ----------
        username : str

        Returns
        -------
        str or None
            ``viewer``, ``editor`` or ``admin``; None without an account, a membership
            or the workspace.
        """
        ws = self.s.scalar(select(Workspace).where(Workspace.name == self.uow._workspace_name))
        user = self.get(username)
        if ws is None or user is None:
            return None
        m = self.s.get(Membership, (user.id, ws.id))
        return m.role if m else None

    def create(self, username: str, password: str | None, *, role: str = "viewer", display_name: str = "") -> User:
        """Create an account with a role in this workspace. Admins only.

        Parameters
        ----------
        username : str
            Unique (case-insensitive).
        password : str or None
            Stored as an Argon2id hash; empty or None: single sign-on only.
        role : str, optional
            ``viewer``, ``editor`` or ``admin``.
        display_name : str, optional
            Default: the user name.

        Returns
        -------
        User

        Raises
        ------
        PermissionDenied
            The user of the unit of work is not an admin.
        ValidationError
            The name is empty or too long, the password too short, or the role unknown.
        ConflictError
            The user name is taken.
        """
        self.uow.require("admin")
        username = V.name(username, MAX_MAP_NAME)
        if self.get(username) is not None:
            raise ConflictError("error.user_exists", name=username)
        if password and len(password) < MIN_PASSWORD:  # no password: single sign-on only
            raise ValidationError("error.password_short", min=MIN_PASSWORD)
        user = User(username=username, display_name=V.clean_text(display_name) or username,
                    password_hash=hash_password(password) if password else "")
        self.s.add(user)
        self.uow.flush()
        self.set_role(username, role)
        self.uow.record("create", "user", user.id, username=username)
        return user

    def set_role(self, username: str, role: str) -> None:
        """Give a user a role in this workspace. Admins only.

        Parameters
        ----------
        username : str
        role : str
            ``viewer``, ``editor`` or ``admin``.

        Raises
        ------
        PermissionDenied
            The user of the unit of work is not an admin.
        ValidationError
            The role is unknown.
        NotFoundError
            No such account.
        """
        self.uow.require("admin")
        if role not in ROLES:
            raise ValidationError("error.bad_value", field="role", value=V.clean_text(role)[:40])
        user = self.get(username)
        if user is None:
            raise NotFoundError("error.user_not_found", name=V.clean_text(username)[:200])
        m = self.s.get(Membership, (user.id, self.ws.id))
        if m is None:
            self.s.add(Membership(user_id=user.id, workspace_id=self.ws.id, role=role))
        else:
            m.role = role
        self.uow.flush()
        self.uow.record("role", "user", user.id, role=role)

    def authenticate(self, username: str, password: str) -> User | None:
        """Check a password (Argon2 verify; an outdated hash is renewed).

        Takes the same time whether or not the account exists. Not throttled: sign-in
        forms use ``uow.logins.sign_in`` (:mod:`weaving.store.repos.logins`), which
        calls this only when neither the account nor the client is throttled.

        Parameters
        ----------
        username, password : str

        Returns
        -------
        User or None
            The account if the password matches, else None.
        """
        user = self.get(username)
        if user is None or not user.password_hash:
            hash_password("timing-equaliser")  # same work whether or not the user exists
            return None
        if not verify_password(user.password_hash, password):
            return None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
            self.uow.flush()
        return user

    def list(self) -> list[tuple[User, str | None]]:
        """Every account with its role in this workspace.

        Returns
        -------
        list of (User, str or None)
            Ordered by user name.
        """
        users = list(self.s.scalars(select(User).order_by(User.username)))
        return [(u, self.role_of(u.username)) for u in users]
