"""Password hashing (Argon2id via argon2-cffi, a maintained library) and auth settings.

``WEAVING_AUTH`` unset: local single-user mode, no login, the user is an admin.
``WEAVING_AUTH=builtin``: built-in accounts (username + password) with workspace roles.
``WEAVING_AUTH=oidc``: Streamlit's ``st.login`` (OIDC, e.g. municipal single sign-on,
configured in .streamlit/secrets.toml); the e-mail the provider returns is the username
whose workspace roles apply.
"""
from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
_RANK = {r: i for i, r in enumerate(ROLES)}
_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters

MIN_PASSWORD = 10


def auth_mode() -> str:
    """'' (off), 'builtin' or 'oidc'."""
    value = os.environ.get("WEAVING_AUTH", "").strip().lower()
    if value in ("", "0", "false", "off", "no"):
        return ""
    return "oidc" if value == "oidc" else "builtin"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def role_at_least(role: str | None, wanted: str) -> bool:
    return role is not None and _RANK.get(role, -1) >= _RANK[wanted]


# Contact persons are personal data: who may see them, export them and have them in a
# graph. Viewers, survey respondents (role ``respondent``, no rank) and users without a
# role may not; the store enforces it (``uow.contacts.require_visible``).
PERSONAL_DATA_ROLE = "editor"


def may_see_personal(role: str | None) -> bool:
    """True when a role may see contact persons (editors and admins)."""
    return role_at_least(role, PERSONAL_DATA_ROLE)
