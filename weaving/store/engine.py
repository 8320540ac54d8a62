"""Engine creation and migrations. ``WEAVING_DATABASE_URL`` selects the database;
the default is an embedded SQLite file ``data/weaving.db`` in the project folder."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_DIR / "data" / "weaving.db"
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def database_url(url: str | None = None) -> str:
    if url:
        return url
    env = os.environ.get("WEAVING_DATABASE_URL", "").strip()
    if env:
        return env
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # SQLite's own lower() folds only ASCII; names like "ÖSTRA" vs "östra" must match
    # case-insensitively as they do on PostgreSQL
    dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # a Streamlit server runs each browser session's script in its own thread: size the
    # pool for ~30 simultaneous actions per process (PostgreSQL allows 100 by default)
    pool_size = int(os.environ.get("WEAVING_DB_POOL_SIZE", "10"))
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=2 * pool_size, pool_timeout=60)


def alembic_config(url: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", database_url(url).replace("%", "%%"))
    return cfg


_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]""", re.M)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(.+)$""", re.M)


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The id of the newest migration, read from the files in ``migrations/versions``
    without loading Alembic (``tests/test_startup.py`` checks it against Alembic's own
    answer). None when the files do not name exactly one head.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        parents.update(re.findall(r"""['"]([^'"]+)['"]""", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: Engine) -> bool:
    """True when the database's ``alembic_version`` is the newest migration (one query)."""
    head = head_revision()
    if head is None:
        return False
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn:
            found = list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except DBAPIError:   # no such table yet: a new database
        return False
    return found == [head]


def migrate(url: str | None = None, engine: Engine | None = None) -> None:
    """Bring the database schema to the newest migration (idempotent). A database that
    is already there is recognised with one query, without starting Alembic."""
    if engine is not None and at_head(engine):
        return
    from alembic import command

    cfg = alembic_config(url)
    if engine is not None:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    else:
        command.upgrade(cfg, "head")
