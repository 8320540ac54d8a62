"""Errors that reach users carry a catalogue key, so they can be shown translated."""
from __future__ import annotations

from typing import Any


class WeavingError(Exception):
    """Base for every error shown to a user. ``key`` is an i18n catalogue key."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        from weaving.i18n import t

        try:
            return t(self.key, lang, **self.params)
        except KeyError:  # pragma: no cover - a missing key is a bug caught by tests
            return f"{self.key} {self.params}"


class ValidationError(WeavingError):
    """Bad input: nothing was changed."""


class NotFoundError(WeavingError):
    pass


class ConflictError(WeavingError):
    """Someone else changed the row (optimistic lock) or a uniqueness rule was hit."""


class PermissionDenied(WeavingError):
    pass
