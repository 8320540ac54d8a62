"""The store: the only package that talks to the database (repository + unit of work)."""
from weaving.store.bridge import graph_from_maps, import_graph, node_id, actor_id
from weaving.store.engine import database_url, make_engine, migrate
from weaving.store.uow import Store, UnitOfWork

__all__ = [
    "Store", "UnitOfWork", "graph_from_maps", "import_graph", "node_id", "actor_id",
    "database_url", "make_engine", "migrate",
]
