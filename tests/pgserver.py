"""Start (if needed) the machine's real PostgreSQL server for tests.

As root: ``pg_ctlcluster <ver> main start`` (initdb refuses root, Debian's cluster
is already initialised by the package), then a login role ``weaving``. Each test gets
its own fresh database. If WEAVING_REQUIRE_POSTGRES=1 (CI), a missing server is a
failure, not a skip.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import uuid

ROLE = "weaving"
PASSWORD = "weaving-test"
HOST = "127.0.0.1"


def _psql(sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["su", "postgres", "-c", f"psql -v ON_ERROR_STOP=1 -qAt -c \"{sql}\""],
        capture_output=True, text=True, timeout=60,
    )


def ensure_server() -> str | None:
    """Return an admin URL for the server, or None when PostgreSQL is not installed.

    Several pytest-xdist workers call this at once: a file lock makes one of them start
    the cluster and create the role while the others wait, instead of racing."""
    if not shutil.which("pg_ctlcluster") or not glob.glob("/usr/lib/postgresql/*/bin/postgres"):
        return None
    import fcntl
    import tempfile

    with open(os.path.join(tempfile.gettempdir(), "weaving-pgserver.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _ensure_server_locked()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _ensure_server_locked() -> str | None:
    versions = sorted(os.path.basename(p) for p in glob.glob("/etc/postgresql/*"))
    if not versions:
        return None
    ver = versions[-1]
    status = subprocess.run(["pg_ctlcluster", ver, "main", "status"], capture_output=True, text=True)
    if status.returncode != 0:
        subprocess.run(["pg_ctlcluster", ver, "main", "start"], check=True, capture_output=True, timeout=120)
    exists = _psql(f"SELECT 1 FROM pg_roles WHERE rolname='{ROLE}'")
    if exists.stdout.strip() != "1":
        made = _psql(f"CREATE ROLE {ROLE} LOGIN SUPERUSER PASSWORD '{PASSWORD}'")
        if made.returncode != 0:
            raise RuntimeError(made.stderr)
    return f"postgresql+psycopg://{ROLE}:{PASSWORD}@{HOST}:5432/postgres"


def create_database(admin_url: str, template: str | None = None) -> tuple[str, str]:
    """Create a fresh database (optionally a copy of ``template``); return (url, name)."""
    import psycopg

    name = f"weaving_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_plain(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return admin_url.rsplit("/", 1)[0] + f"/{name}", name


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_plain(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")
