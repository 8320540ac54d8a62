"""Shared pieces of the repositories: the base class, id and version helpers, column limits.

Imports only the models and the core errors, so every repository module can import it
without reaching back into :mod:`weaving.store.uow`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy.orm import Session

from weaving.core.errors import ConflictError
from weaving.core.schema import MAX_PERSON_NAME  # noqa: F401  (a column size, shared with the importers)
from weaving.store.models import Workspace

DEFAULT_WORKSPACE = "Standard"
MAX_MAP_NAME = 200  # column sizes (models.py): PostgreSQL refuses longer values


class UnitOfWorkLike(Protocol):
    """What a repository uses of its unit of work (:class:`weaving.store.uow.UnitOfWork`).

    A structural type, so the repositories need not import the unit of work.
    """

    session: Session
    user: str
    _workspace_name: str
    maps: Any
    actors: Any
    links: Any

    @property
    def workspace(self) -> Workspace: ...

    def require(self, wanted: str) -> None: ...

    def flush(self) -> None: ...

    def record(self, action: str, entity: str, entity_id: int | None, **detail: Any) -> None: ...


class _Repo:
    """Base of the repositories: one per aggregate, bound to one unit of work."""

    def __init__(self, uow: UnitOfWorkLike) -> None:
        self.uow = uow

    @property
    def s(self) -> Session:
        return self.uow.session

    @property
    def ws(self) -> Workspace:
        return self.uow.workspace


def _ids(map_ids: int | Sequence[int] | None) -> list[int]:
    if map_ids is None:
        return []
    if isinstance(map_ids, int):
        return [map_ids]
    return [int(i) for i in map_ids]


def _check_version(obj: Any, expected: int | None) -> None:
    if expected is not None and int(expected) != obj.version:
        raise ConflictError("error.conflict", name=getattr(obj, "name", None) or f"#{obj.id}")
