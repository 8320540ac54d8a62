"""One repository module per aggregate (maps, actors, links, ...), used through
:class:`weaving.store.uow.UnitOfWork` (``uow.maps``, ``uow.actors``, ...).

Deliberately empty: importing a repository module must not pull in the others or the
unit of work (no import circles inside :mod:`weaving.store`).
"""
