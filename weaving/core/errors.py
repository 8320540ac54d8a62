"""Errors that reach users carry a catalogue key, so they can be shown translated."""
from __future__ import annotations

from typing import Any


# parameters that hold a vocabulary code: shown through the catalogue ("kind.joint_activity"
# -> "gemensam aktivitet"), never as the code itself; ``field`` names a field ("field.type")
VOCABULARY_PARAMS = {"kind": "kind", "type": "type", "sector": "sector", "status": "status",
                     "level": "level", "role": "role", "field": "field"}


def _shown(name: str, value: Any, lang: str | None) -> Any:
    from weaving.i18n import catalogue, t

    prefix = VOCABULARY_PARAMS.get(name)
    if prefix is None or not isinstance(value, (str, int)):
        return value
    key = f"{prefix}.{value}"
    return t(key, lang) if key in catalogue() else value


class WeavingError(Exception):
    """Base for every error shown to a user. ``key`` is an i18n catalogue key; a
    parameter that holds a vocabulary code (``kind``, ``type``, ``field`` ...) is shown
    in words through the catalogue."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        from weaving.i18n import t

        try:
            return t(self.key, lang, **{k: _shown(k, v, lang) for k, v in self.params.items()})
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
